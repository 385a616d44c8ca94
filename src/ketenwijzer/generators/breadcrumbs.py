"""Breadcrumbs, and the section of the pages the navigation does not list.

Articles and registry pages are not in the navigation (it would grow with the
archive), so MkDocs gives them no place in it: no tab would be marked and the side
navigation would stay empty. :func:`attach` makes each such page a child of the
top-level section its folder belongs to (``vreemdelingenvisie/02/x/`` → VreemdelingenVisie),
so the theme marks that tab and shows that section beside the page.

:func:`trail` follows the page's folders up to the home page, so an article reads
Start › VreemdelingenVisie › VreemdelingenVisie 02 even though only the first two
are in the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # site-relative, e.g. 'en/handreiking/'


def _folder(url: str, prefix: str) -> str:
    """The first folder of a page's URL below the language prefix: 'en/handreiking/x/' -> 'handreiking'."""
    rest = url[len(prefix) :] if prefix and url.startswith(prefix) else url
    return rest.split("/", 1)[0] if "/" in rest else ""


def _pages_below(item):
    for child in getattr(item, "children", None) or []:
        if getattr(child, "is_page", False):
            yield child
        yield from _pages_below(child)


def sections_by_folder(nav, prefix: str) -> dict[str, object]:
    """{first folder: top-level section} for the sections of the navigation."""
    found: dict[str, object] = {}
    for item in nav.items:
        if getattr(item, "is_section", False):
            for page in _pages_below(item):
                folder = _folder(page.url, prefix)
                if folder:
                    found.setdefault(folder, item)
    return found


def attach(nav, pages, prefix: str) -> None:
    """Give every page outside the navigation the top-level section of its folder as parent."""
    listed = {id(page) for page in nav.pages}
    sections = sections_by_folder(nav, prefix)
    for page in pages:
        if id(page) in listed or page.parent is not None:
            continue
        section = sections.get(_folder(page.url, prefix))
        if section is not None:
            page.parent = section


def section_titles(nav) -> dict[str, str]:
    """{URL of a top-level section's first page: the section's title}, e.g. 'handreiking/' -> 'Handreiking'."""
    titles: dict[str, str] = {}
    for item in nav.items:
        if getattr(item, "is_section", False):
            first = next(_pages_below(item), None)
            if first is not None:
                titles.setdefault(first.url, item.title)
    return titles


def trail(url: str, prefix: str, home_title: str, titles: dict[str, str]) -> list[Crumb]:
    """The pages above ``url``, from the home page down (the page itself not included).

    ``titles`` maps the site-relative URL of every page of this language to the title a
    breadcrumb shows; a folder without a page of its own is left out.
    """
    home = prefix
    if url in (home, "", "./"):
        return []
    crumbs = [Crumb(home_title, home)]
    parts = url[len(prefix) :].strip("/").split("/")
    for depth in range(1, len(parts)):
        above = prefix + "/".join(parts[:depth]) + "/"
        if above in titles:
            crumbs.append(Crumb(titles[above], above))
    return crumbs
