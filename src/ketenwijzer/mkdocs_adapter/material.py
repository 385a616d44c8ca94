"""The one module that touches Material for MkDocs' internals (seams ``material.*`` in seams.py).

Material renders the page shell; the adapter patches three things into the HTML it writes (the
content area Pagefind indexes, the search dialog in the header bar) and reaches its navigation
partial and one icon by path. Each patch checks that it applied.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ketenwijzer.mkdocs_adapter.seams import Checker

CONTENT_AREA = '<article class="md-content__inner md-typeset">'
CONTENT_AREA_MARKED = '<article class="md-content__inner md-typeset" data-pagefind-body>'
HEADER_START = '<header class="md-header'
HEADER_END = "</nav>"  # the first </nav> after the header's opening tag closes Material's header bar
NAV_PARTIAL = "partials/nav.html"
ICON = (".icons", "material", "magnify.svg")


def templates_folder() -> Path:
    return Path(str(files("material") / "templates"))


def mark_content_area(output: str, checker: Checker, page: str) -> str:
    """Mark the page's content area as the part Pagefind indexes."""
    if output.count(CONTENT_AREA) != 1:
        checker.broken("material.content_area", f"{page} has {output.count(CONTENT_AREA)} times {CONTENT_AREA}, not once")
        return output
    return output.replace(CONTENT_AREA, CONTENT_AREA_MARKED, 1)


def add_to_header(output: str, html: str, checker: Checker, page: str) -> str:
    """Put ``html`` at the end of Material's header bar."""
    start = output.find(HEADER_START)
    end = output.find(HEADER_END, start) if start >= 0 else -1
    if end < 0:
        checker.broken("material.header", f"{page} has no {HEADER_START}…{HEADER_END} to put the search button in")
        return output
    return output[:end] + html + output[end:]


def search_icon(checker: Checker) -> str:
    path = templates_folder().joinpath(*ICON)
    if not checker.require("material.icon", path.is_file(), f"{path} is missing"):
        return ""
    return path.read_text(encoding="utf-8")


def nav_partial_folder(checker: Checker) -> Path:
    """Material's templates folder, which overrides/partials/nav.html reaches as material-original/."""
    folder = templates_folder()
    checker.require("material.nav_partial", (folder / NAV_PARTIAL).is_file(), f"{folder / NAV_PARTIAL} is missing")
    return folder
