"""The new pages ketenwijzer writes: ``edition new``, ``article new`` and ``import`` all make their files here.

Each function returns the files of the new page, ``{path relative to the project
root: text}``, one per language the page starts with; the commands write them.
A new page holds placeholder texts (:data:`PLACEHOLDERS`) until someone writes it,
and ``edition publish`` refuses a page that still has one (:func:`placeholder_lines`).
Plain Python: no click, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from ketenwijzer.domain import frontmatter_edit
from ketenwijzer.domain.editions import DIR, NAME, folder_name
from ketenwijzer.domain.project import DEFAULT_LANGUAGE, LANGUAGES, file_name

# the texts a new page holds, which `edition publish` refuses to put online (one entry per language)
PLACEHOLDERS = {
    "nl": {
        "edition": "Schrijf hier de inleiding van deze editie.",
        "article": "Schrijf hier het artikel.",
        "title": "Titel nog invullen",
    },
    "en": {
        "edition": "Write the English introduction to this edition here.",
        "article": "Write the English translation here.",
        "title": "Title to be written",
    },
}
# the new article's example intertitle (a real article may have a heading of that name: not refused)
HEADINGS = {"nl": "## Tussenkop", "en": "## Intertitle"}
# the description a new edition starts with
EDITION_DESCRIPTIONS = {
    "nl": "Editie {number} van {name}, de nieuwsbrief van de vreemdelingenketen.",
    "en": "Edition {number} of {name}, the newsletter of the Dutch migration chain.",
}


def placeholder_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line number, text) of every placeholder line in ``text`` (a body or a title), in any language."""
    known = {value for texts in PLACEHOLDERS.values() for value in texts.values()}
    return [(first_line + i, line.strip()) for i, line in enumerate(text.splitlines()) if line.strip() in known]


def new_uid() -> str:
    """The stable id of a new article ('vv-' and 12 hex digits): its feed entry keeps it for good."""
    return f"vv-{uuid.uuid4().hex[:12]}"


def page(meta: Mapping[str, Any], body: str = "") -> str:
    """A source page: its front matter (keys whose value is None left out), a blank line, the body."""
    text = frontmatter_edit.render_front_matter(meta)
    return text + "\n" + body if body else text


def edition_folder(number: int) -> str:
    """'docs/vreemdelingenvisie/03': where edition ``number`` and its articles live."""
    return f"docs/{DIR}/{folder_name(number)}"


def edition_index(number: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'docs/vreemdelingenvisie/03/index.nl.md': the edition's own page in ``lang``."""
    return f"{edition_folder(number)}/{file_name('index', lang)}"


def article_file(number: int, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'docs/vreemdelingenvisie/03/hostmanship.nl.md': article ``name`` of edition ``number`` in ``lang``."""
    return f"{edition_folder(number)}/{file_name(name, lang)}"


def edition(number: int, title: str | None, day: dt.date) -> dict[str, str]:
    """A new draft edition: its index page in every language, no articles yet."""
    label = f"{NAME} {folder_name(number)}"
    full_title = f"{label}: {title}" if title else label
    files = {}
    for lang in LANGUAGES:
        meta: dict[str, Any] = {"title": full_title, "description": EDITION_DESCRIPTIONS[lang].format(number=number, name=NAME)}
        if lang == DEFAULT_LANGUAGE:  # the structure lives in the original; translations take it from there
            meta.update({"edition": number, "date": day, "status": "draft", "articles": []})
        files[edition_index(number, lang)] = page(meta, f"{PLACEHOLDERS[lang]['edition']}\n")
    return files


def article(number: int, name: str, title: str, uid: str | None = None) -> dict[str, str]:
    """A new article ``name`` in edition ``number``, in every language, with the fields an editor fills in."""
    files = {}
    for lang in LANGUAGES:
        meta: dict[str, Any] = {"title": title, "description": "", "lead": ""}
        if lang == DEFAULT_LANGUAGE:
            meta.update({"author": "", "uid": uid or new_uid(), "organisations": [], "topics": []})
        files[article_file(number, name, lang)] = page(meta, f"{HEADINGS[lang]}\n\n{PLACEHOLDERS[lang]['article']}\n")
    return files


def imported_article(number: int, name: str, meta: Mapping[str, Any], body: str) -> dict[str, str]:
    """An article made from an export (``ketenwijzer import``): the Dutch original only, its translation still to write."""
    return {article_file(number, name): page(meta, body)}
