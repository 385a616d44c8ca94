"""The files written once every language is built: feeds, part sitemaps, robots.txt, PDFs, search index.

Each function writes into the site folder from what the site model says; the plugin's
``on_post_build`` calls them in the outer build only.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from ketenwijzer import printing
from ketenwijzer.domain import deployment, editions, project as project_mod
from ketenwijzer.generators import sitemaps
from ketenwijzer.search import pagefind
from ketenwijzer.site import newsletter_feeds, sitemodel

log = logging.getLogger("mkdocs.plugins.ketenwijzer")

# `make serve` indexes the site for search beside the server (see index_search)
INDEXER = pagefind.BackgroundIndexer()


def language_base(site_url: str | None, lang: str, default: str = project_mod.DEFAULT_LANGUAGE) -> str:
    """The absolute address of a language's home (the site's for the default language)."""
    base = (site_url or "/").rstrip("/") + "/"
    return base if lang == default else f"{base}{lang}/"


def has_newsletter(model: sitemodel.SiteModel, docs_dir: str) -> bool:
    return bool(model.newsletter.editions) or (Path(docs_dir) / editions.DIR).is_dir()


def feeds_written(site_dir: str) -> bool:
    return (Path(site_dir) / editions.DIR / newsletter_feeds.FEED_FILES[0][0]).exists()


def write_feeds(model: sitemodel.SiteModel, site_dir: str, site_url: str | None, today: dt.date, show_drafts: bool) -> None:
    for lang in project_mod.LANGUAGES:
        built = newsletter_feeds.newsletter_feeds(model, lang, language_base(site_url, lang), today, show_drafts)
        folder = Path(site_dir) / (lang if lang != project_mod.DEFAULT_LANGUAGE else "") / editions.DIR
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in built.items():
            (folder / name).write_bytes(data)


def write_part_sitemaps(site_dir: str, site_url: str | None) -> None:
    """A sitemap for each language folder and for each language's newsletter, cut from the whole one."""
    site = Path(site_dir)
    full = site / "sitemap.xml"
    if not full.exists() or not site_url:
        return
    data = full.read_bytes()
    parts = [f"{lang}/" for lang in project_mod.LANGUAGES if lang != project_mod.DEFAULT_LANGUAGE]
    parts += [f"{prefix}{editions.DIR}/" for prefix in ["", *parts]]
    for part in parts:
        if (site / part).is_dir():
            (site / part / "sitemap.xml").write_bytes(
                sitemaps.subtree(data, language_base(site_url, project_mod.DEFAULT_LANGUAGE) + part)
            )


def write_robots(site_dir: str, site_url: str | None) -> None:
    if site_url:
        text = deployment.robots_txt(language_base(site_url, project_mod.DEFAULT_LANGUAGE) + "sitemap.xml")
        (Path(site_dir) / "robots.txt").write_text(text, encoding="utf-8")


def write_print_books(model: sitemodel.SiteModel, site_dir: str, site_url: str | None, site_name: str, serving: bool) -> None:
    """The handbook and the story collection as PDFs, once every language is built (see printing/)."""
    try:
        results = printing.build_books(
            model, Path(site_dir), site_url or "", site_name, project_mod.LANGUAGES, background=serving
        )
    except (printing.RendererMissing, printing.PrintError) as exc:
        raise PluginError(str(exc)) from None
    for r in results:
        how = (
            f"rendered in {r.seconds:.1f} s"
            if r.rendered
            else "being rendered again in the background"
            if r.pending
            else "unchanged (from the cache)"
        )
        log.info(f"ketenwijzer: {r.path}: {r.pages} pages, {round(r.size / 1000)} kB, {how}")


def index_search(site_dir: str, serving: bool) -> None:
    """Index the whole site, once per build; in `make serve` beside the server, so a save is not held up."""
    if serving:
        INDEXER.request(Path(site_dir))
    else:
        pages = pagefind.index_site(Path(site_dir))
        log.info(f"ketenwijzer: search index of {pages} pages written to {pagefind.BUNDLE}/")
