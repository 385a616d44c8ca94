"""Addresses for search engines: each page's hreflang alternates and canonical, and the sitemap."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ketenwijzer.domain import project as project_mod
from ketenwijzer.generators import newsletter_pages, sitemaps
from ketenwijzer.mkdocs_adapter.static_i18n import StaticI18n, file_language, versions
from ketenwijzer.site import sitemodel


def alternates(file, lang: str, site_url: str) -> dict[str, str]:
    """Absolute hreflang URLs of the page's versions that are really in their language, and x-default."""
    return sitemaps.absolute_alternates(versions(file, lang), site_url, project_mod.DEFAULT_LANGUAGE, project_mod.LANGUAGES)


def mend_head(output: str, file, lang: str, site_url: str) -> str:
    found = alternates(file, lang, site_url)
    return sitemaps.mend_head(output, sitemaps.canonical(found, file_language(file, lang)), found)


@dataclass
class ContentDates:
    """When a page's content last changed: front matter, else the registry's reviewed, else git (read once)."""

    model: sitemodel.SiteModel
    today: dt.date
    show_drafts: bool
    found: dict | None = None

    def of(self, file) -> dt.date | None:
        if file.src_uri == newsletter_pages.ARCHIVE:  # as new as its newest edition
            shown = self.model.newsletter.newest_first(None if self.show_drafts else self.today)
            return shown[0].date if shown else None
        slug, _ = project_mod.split_language(file.src_uri)
        edition = self.model.newsletter.edition_for(slug)
        date = sitemaps.content_date(file.page.meta or {}, edition.date if edition is not None else None)
        if date is not None:
            return date
        if self.found is None:
            self.found = {**sitemaps.git_dates(self.model.root), **sitemaps.registry_dates(self.model.registry)}
        date = self.found.get(file.src_uri)
        if date is None and file.abs_src_path:
            date = self.found.get(Path(file.abs_src_path).resolve())
        return date


def sitemap(i18n: StaticI18n, lang: str, site_url: str, dates: ContentDates) -> str:
    """This build's sitemap: every page in its own language, dated by its content, with its languages."""
    per_language = i18n.files_per_language or {lang: []}
    entries = []
    for file_lang, files in per_language.items():
        for file in files:
            page = getattr(file, "page", None)
            if page is None or page.is_link or file_language(file, file_lang) != file_lang:
                continue  # an untranslated page's copy is not a page in this language
            found = alternates(file, file_lang, site_url)
            entries.append(sitemaps.Entry(found[file_lang], dates.of(file), found))
    return sitemaps.render(entries)
