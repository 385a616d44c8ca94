"""The site navigation, per language: sections in a fixed order, never every article.

Returns MkDocs' ``nav`` configuration format (a list of titles and paths), so
it stays independent of MkDocs' classes. Newsletter articles are reached from
their edition and the archive: listing them all would make every page of a
large archive heavier (each page renders the whole navigation).
"""

from __future__ import annotations

import datetime as dt

from ketenwijzer.domain import editions, project as project_mod
from ketenwijzer.generators import registry_pages
from ketenwijzer.domain.messages import t

LATEST_EDITIONS = 5
# docs/ pages of the last section, about the site itself, in this order (the trust pages once they exist);
# the sections are the site's tabs, so no page stands alone at the top level beside the home page
ABOUT_PAGES = ("over", "privacy", "toegankelijkheid", "contact", "colofon")  # the editors' guide: footer and colophon only
SUBSCRIBE_PAGE = "aanmelden"  # closes the VreemdelingenVisie section


def build(model, lang: str, files, today: dt.date, show_drafts: bool) -> list:
    present = {f.src_uri for f in files}

    def path(slug: str) -> str | None:
        for candidate in (f"{slug}.md", project_mod.file_name(slug, lang), project_mod.file_name(slug)):
            if candidate in present:
                return candidate
        return None

    def ordered(prefix: str) -> list[str]:
        return [p for slug in section_slugs(model, prefix) if (p := path(slug))]

    nav: list = []
    home = path("index")
    if home:
        nav.append({t("nav.home", lang): home})
    if registry_pages.OVERVIEW in present:
        nav.append(
            {t("section", lang): [registry_pages.OVERVIEW, registry_pages.FINDER, registry_pages.STEPS, registry_pages.GLOSSARY]}
        )
    for prefix in ("handreiking", "verhalen"):
        items = [p for p in [path(f"{prefix}/index")] if p] + ordered(prefix)
        if items:
            nav.append({t(f"section.{prefix}", lang): items})
    archive = f"{editions.DIR}/index.md"
    if archive in present:
        items = [archive]
        for edition in model.newsletter.newest_first(None if show_drafts else today)[:LATEST_EDITIONS]:
            if p := path(edition.slug):
                items.append(p)
        if p := path(SUBSCRIBE_PAGE):
            items.append(p)
        nav.append({t("section.vreemdelingenvisie", lang): items})
    about = [p for name in ABOUT_PAGES if (p := path(name))]
    if archive not in present and (p := path(SUBSCRIBE_PAGE)):
        about.insert(1, p)
    if about:
        nav.append({t("section.about", lang): about})
    return nav


def section_slugs(model, prefix: str) -> list[str]:
    """The pages of a section folder (handreiking, verhalen) in navigation order, without its index.

    The order is the Dutch original's ``order:`` (the printed handbook numbers its chapters by it too).
    """
    found = []
    for slug, by_lang in model.project.pages().items():
        if slug.startswith(prefix + "/") and slug != f"{prefix}/index" and slug.count("/") == 1:
            original = by_lang.get(project_mod.DEFAULT_LANGUAGE)
            order = original.doc.meta.get("order", 999) if original and original.doc else 999
            found.append((order if isinstance(order, int) else 999, slug))
    return [slug for _, slug in sorted(found)]
