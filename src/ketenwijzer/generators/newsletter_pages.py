"""Markdown for the newsletter: edition and article decorations, the archive.

Pure functions over :mod:`editions` data; the MkDocs plugin only calls them.
Links are relative Markdown links between source files, so MkDocs checks them.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Callable

from ketenwijzer.domain.editions import DIR, Edition, Newsletter, hidden_reason
from ketenwijzer.domain import messages
from ketenwijzer.domain.project import LANGUAGES
from ketenwijzer.domain.messages import long_date, t
from ketenwijzer.generators.registry_pages import _esc, _front, rel

ARCHIVE = f"{DIR}/index.md"
SUBSCRIBE = "aanmelden.md"


@dataclass(frozen=True)
class Texts:
    """What the pages need to know of each source, in the page's language."""

    meta: Callable[[str], dict]  # slug -> front matter in this language (falls back to Dutch)
    original: Callable[[str], dict]  # slug -> Dutch front matter (structure keys)


def _src(slug: str) -> str:
    return f"{slug}.md"


def draft_banner(edition: Edition, lang: str, today: dt.date) -> str:
    reason = hidden_reason(edition.status, edition.date, today)
    if reason is None:
        return ""
    key = {"draft": "vv.draft", "future": "vv.future"}[reason]
    return f'!!! warning "{t("vv.draft.title", lang)}"\n    {t(key, lang).format(date=long_date(edition.date, lang))}\n\n'


def edition_page(edition: Edition, body: str, texts: Texts, lang: str, today: dt.date) -> str:
    """The edition page: cover, date, introduction, table of contents."""
    here = _src(edition.slug)
    meta = texts.meta(edition.slug)
    out = [draft_banner(edition, lang, today)]
    out.append(
        f'<p class="kw-dateline">{edition.label} · <time datetime="{edition.date.isoformat()}">{long_date(edition.date, lang)}</time></p>\n'
    )
    if edition.cover:
        alt = _esc(str(meta.get("cover_alt") or texts.original(edition.slug).get("cover_alt") or ""))
        out.append(f"![{alt}]({edition.cover}){{ .kw-cover width=1200 height=630 }}\n")
    out.append(body.strip() + "\n")
    out.append(f"## {t('vv.contents', lang)}\n")
    if not edition.articles:
        out.append(t("vv.no_articles", lang) + "\n")
    for slug in edition.articles:
        art = texts.meta(slug)
        line = f"- [**{_esc(str(art.get('title', slug)))}**]({rel(here, _src(slug))})"
        lead = art.get("lead") or art.get("description")
        if lead:
            line += f"  \n  {_esc(str(lead))}"
        out.append(line)
    out.append("")
    out.append(_subscribe_call(here, lang))
    return "\n".join(out)


def article_header(slug: str, edition: Edition, texts: Texts, lang: str, today: dt.date) -> str:
    meta = texts.meta(slug)
    out = [draft_banner(edition, lang, today)]
    if meta.get("lead"):
        out.append(f"{_esc(str(meta['lead']))}\n{{ .kw-lead }}\n")
    credits = []
    if meta.get("author"):
        credits.append(f"{t('vv.author', lang)}: {_esc(str(meta['author']))}")
    if meta.get("photographer"):
        credits.append(f"{t('vv.photographer', lang)}: {_esc(str(meta['photographer']))}")
    dateline = f'<time datetime="{edition.date.isoformat()}">{long_date(edition.date, lang)}</time>'
    out.append(f'<p class="kw-credits">{" · ".join(credits + [dateline])}</p>\n')
    summary = meta.get("summary")
    if summary:
        items = "\n".join(f"    - {_esc(str(item))}" for item in summary)
        out.append(f'!!! abstract "{t("vv.summary", lang)}"\n\n{items}\n')
    return "\n".join(out) + "\n"


def article_footer(slug: str, newsletter: Newsletter, texts: Texts, lang: str) -> str:
    edition = newsletter.edition_for(slug)
    if edition is None:
        raise ValueError(f"'{slug}' is in no edition: only an edition's articles get its footer")
    here = _src(slug)
    # a blank line first: the article may end without a newline, and a paragraph
    # straight above "---" would become a heading
    out = ["", "", "---", ""]
    # page chrome (with the previous/next links and the subscribe call): search leaves it out
    out.append(f"{t('vv.belongs_to', lang)}: [{edition.label}]({rel(here, _src(edition.slug))})\n{{: .kw-chrome }}\n")
    previous, following = newsletter.neighbours(slug)
    links = []
    if previous:
        links.append(
            f"[← {t('vv.previous', lang)}: {_esc(str(texts.meta(previous).get('title', previous)))}]({rel(here, _src(previous))})"
        )
    if following:
        links.append(
            f"[{t('vv.next', lang)}: {_esc(str(texts.meta(following).get('title', following)))} →]({rel(here, _src(following))})"
        )
    if links:
        out.append(
            f'<nav class="kw-prevnext" aria-label="{t("vv.prevnext", lang)}" markdown>\n\n' + "\n\n".join(links) + "\n\n</nav>\n"
        )
    out.append(_subscribe_call(here, lang))
    return "\n".join(out)


def _subscribe_call(here: str, lang: str) -> str:
    return f'!!! tip kw-chrome "{t("vv.subscribe.title", lang)}"\n    {t("vv.subscribe.body", lang)} [{t("vv.subscribe.link", lang)}]({rel(here, SUBSCRIBE)})\n'


def archive_page(newsletter: Newsletter, texts: Texts, lang: str, today: dt.date, include_hidden: bool) -> str:
    """All editions, newest first, grouped by year."""
    out = [_front(t("vv.archive.title", lang), t("vv.archive.description", lang))]
    out.append(f"# {t('vv.archive.title', lang)}\n")
    out.append(t("vv.archive.intro", lang) + "\n")
    out.append(
        f"[{t('vv.subscribe.link', lang)}]({rel(ARCHIVE, SUBSCRIBE)}) · "
        + t("vv.feeds.line", lang).format(
            atom='<a href="feed.atom.xml" type="application/atom+xml">Atom</a>',
            rss='<a href="feed.rss.xml" type="application/rss+xml">RSS</a>',
        )
        + "\n"
    )
    editions = newsletter.newest_first(None if include_hidden else today)
    if not editions:
        out.append(t("vv.archive.empty", lang) + "\n")
    year = None
    for edition in editions:
        if edition.date.year != year:
            year = edition.date.year
            out.append(f"## {year}\n")
        meta = texts.meta(edition.slug)
        draft = "" if edition.visible(today) else f" ({t('vv.draft.title', lang)})"
        count = messages.count("vv.count", len(edition.articles), lang)
        out.append(
            f"- [**{_esc(str(meta.get('title', edition.label)))}**]({rel(ARCHIVE, _src(edition.slug))}){draft}  \n"
            f"  {long_date(edition.date, lang)} · {count}"
        )
    out.append("")
    return "\n".join(out)


def latest_block(newsletter: Newsletter, texts: Texts, lang: str, today: dt.date, here: str) -> str:
    """The home page's 'latest edition' block."""
    edition = newsletter.latest(today)
    if edition is None:
        return t("vv.archive.empty", lang)
    meta = texts.meta(edition.slug)
    out = [
        f"### [{_esc(str(meta.get('title', edition.label)))}]({rel(here, _src(edition.slug))})",
        "",
        f"{long_date(edition.date, lang)}",
        "",
    ]
    if meta.get("description"):
        out += [_esc(str(meta["description"])), ""]
    for slug in edition.articles:
        out.append(f"- [{_esc(str(texts.meta(slug).get('title', slug)))}]({rel(here, _src(slug))})")
    out += ["", f"[{t('vv.archive.all', lang)}]({rel(here, ARCHIVE)})", ""]
    return "\n".join(out)


def subscribe_form(endpoint: str, lang: str) -> str:
    """A plain HTML form posting to the subscription service; works without JavaScript."""
    # the page's own language first, checked
    choices = "\n".join(
        f'<label><input type="radio" name="lang" value="{choice}"{" checked" if choice == lang else ""}> '
        f"{t('sub.lang.' + choice, lang)}</label>"
        for choice in sorted(LANGUAGES, key=lambda choice: choice != lang)
    )
    return f"""<form class="kw-subscribe" method="post" action="{html.escape(endpoint)}/subscribe">
<p><label for="kw-email">{t("sub.email", lang)}</label><br>
<input id="kw-email" name="email" type="email" autocomplete="email" required maxlength="254" inputmode="email"></p>
<fieldset><legend>{t("sub.lang", lang)}</legend>
{choices}
</fieldset>
<div class="kw-hp" aria-hidden="true"><label for="kw-website">{t("sub.honeypot", lang)}</label>
<input id="kw-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit" class="md-button md-button--primary">{t("sub.submit", lang)}</button></p>
<p class="kw-small">{t("sub.privacy", lang)}</p>
</form>
"""
