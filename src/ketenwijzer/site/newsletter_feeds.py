"""The newsletter's four feeds per language (articles and editions, Atom and RSS), from the site model."""

from __future__ import annotations

import datetime as dt

from ketenwijzer.domain import editions, messages
from ketenwijzer.generators import feeds as feeds_mod, registry_pages
from ketenwijzer.site import sitemodel

FEED_FILES = (
    ("feed.atom.xml", "application/atom+xml", "vv.feed.articles", " (Atom)"),
    ("feed.rss.xml", "application/rss+xml", "vv.feed.articles", " (RSS)"),
    ("edities.atom.xml", "application/atom+xml", "vv.feed.editions", " (Atom)"),
    ("edities.rss.xml", "application/rss+xml", "vv.feed.editions", " (RSS)"),
)


def newsletter_feeds(model: sitemodel.SiteModel, lang: str, base: str, today: dt.date, show_drafts: bool) -> dict[str, bytes]:
    """The four feed files of one language, by file name."""
    newsletter = model.newsletter
    shown = newsletter.newest_first(None if show_drafts else today)
    folder_url = f"{base}{editions.DIR}/"

    def url(slug: str) -> str:
        return base + registry_pages.page_url(f"{slug}.md")

    articles, issues = [], []
    for edition in shown:
        meta = model.meta(edition.slug, lang)
        issues.append(
            feeds_mod.Entry(
                feeds_mod.edition_id(edition.number, lang),
                str(meta.get("title", edition.label)),
                url(edition.slug),
                edition.date,
                edition.date,
                str(meta.get("description", "")),
            )
        )
        for slug in edition.articles:
            art = model.meta(slug, lang)
            updated = max(edition.date, art.get("updated") or edition.date)
            articles.append(
                feeds_mod.Entry(
                    feeds_mod.article_id(str(art.get("uid") or slug), lang),
                    str(art.get("title", slug)),
                    url(slug),
                    edition.date,
                    updated,
                    str(art.get("lead") or art.get("description", "")),
                    [str(art["author"])] if art.get("author") else [],
                    [edition.label],
                )
            )
    articles.sort(key=lambda e: (e.published, e.updated), reverse=True)
    subtitle = messages.t("vv.feed.subtitle", lang)
    out = {}
    for name, kind, title, _label in FEED_FILES:
        entries = articles if name.startswith("feed") else issues
        feed = feeds_mod.Feed(
            id=f"urn:ketenwijzer:vreemdelingenvisie:{'articles' if name.startswith('feed') else 'editions'}:{lang}",
            title=messages.t(title, lang),
            subtitle=subtitle,
            lang=lang,
            site_url=folder_url,
            self_url=folder_url + name,
            entries=entries,
        )
        out[name] = feeds_mod.atom(feed) if kind == "application/atom+xml" else feeds_mod.rss(feed)
    return out
