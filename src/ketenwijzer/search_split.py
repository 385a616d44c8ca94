"""One search index per language.

Material's search plugin collects the entries of the pages each build renders,
and mkdocs-static-i18n would stack every language's entries into one mixed
index. Each language needs its own, with only its own pages and its own
stemmer, served from ``/<lang>/search/search_index.json`` (the default
language at the root). The plugin takes every language build's entries from
Material (``language_index``); in a dirty rebuild only the rebuilt pages'
entries are replaced (``merge_rebuilt``).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

# what Material writes into an index's "config"
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def language_index(entries: Iterable[dict[str, Any]], search_config: Mapping[str, Any], lang: str,
                   default: str) -> dict[str, Any]:
    """The index of one language; locations are made relative to the language's root."""
    config = {key: search_config[key] for key in CONFIG_KEYS}
    config["lang"] = [lang]
    prefix = "" if lang == default else f"{lang}/"
    docs = []
    for entry in entries:
        location = entry.get("location", "")
        if prefix and location.startswith(prefix):
            entry = {**entry, "location": location[len(prefix):]}
        docs.append(entry)
    return {"config": config, "docs": docs}


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def merge_rebuilt(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """The index after a dirty rebuild: ``previous`` with the rebuilt pages' entries replaced.

    A dirty build (`mkdocs serve --dirty`) indexes only the pages it rebuilt.
    Each location is kept once, the newest entry winning.
    """
    newest: dict[str, dict[str, Any]] = {}
    for doc in fresh.get("docs", []):
        newest[doc.get("location", "")] = doc
    rebuilt = {_page(location) for location in newest}
    kept = [doc for doc in previous.get("docs", []) if _page(doc.get("location", "")) not in rebuilt]
    return {"config": fresh.get("config", previous.get("config", {})), "docs": kept + list(newest.values())}
