"""Split a combined Material search index into one index per language.

mkdocs-static-i18n stacks every language's entries into one index. Each
language needs its own, with only its own pages and its own stemmer, served
from ``/<lang>/search/search_index.json`` (the default language at the root).
"""

from __future__ import annotations

from typing import Any


def language_of(location: str, languages: list[str], default: str) -> str:
    head = location.split("/", 1)[0].split("#", 1)[0]
    return head if head in languages and head != default else default


def split_index(index: dict[str, Any], languages: list[str], default: str) -> dict[str, dict[str, Any]]:
    """Return {lang: index}; locations are made relative to the language's root."""
    result: dict[str, dict[str, Any]] = {}
    for lang in languages:
        config = dict(index.get("config", {}))
        config["lang"] = [lang]
        result[lang] = {"config": config, "docs": []}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        lang = language_of(location, languages, default)
        if lang != default:
            doc = dict(doc)
            doc["location"] = location[len(lang) + 1 :]
        result[lang]["docs"].append(doc)
    return result


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def merge_rebuilt(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """The index after a dirty rebuild: ``previous`` with the rebuilt pages' entries replaced.

    A dirty build (`mkdocs serve --dirty`) indexes only the pages it rebuilt, and
    Material's and static-i18n's bookkeeping may list them more than once.
    Each location is kept once, the newest entry winning.
    """
    newest: dict[str, dict[str, Any]] = {}
    for doc in fresh.get("docs", []):
        newest[doc.get("location", "")] = doc
    rebuilt = {_page(location) for location in newest}
    kept = [doc for doc in previous.get("docs", []) if _page(doc.get("location", "")) not in rebuilt]
    return {"config": fresh.get("config", previous.get("config", {})), "docs": kept + list(newest.values())}
