"""What ``ketenwijzer notify`` announces: one VreemdelingenVisie edition, from the project's own content.

:func:`load_announcement` reads the same site model as the build and ``ketenwijzer
check``, so the mail names the titles and links to the pages the published site has:

* Dutch: ``<site_url>vreemdelingenvisie/NN/`` and ``<site_url>vreemdelingenvisie/NN/<slug>/``;
* English: the same under ``<site_url>en/``, only when the edition has an English page
  (otherwise there is no English text and English readers get the Dutch one).

``site_url`` is KETENWIJZER_SITE_URL when set (as for every other link the subscription
service writes), else ``site_url`` from mkdocs.yml. An edition that is a draft, or dated
in the future, is not on the published site: it comes back as a draft, which notify
refuses with the reason.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown

from ketenwijzer.domain import editions, project as project_mod, site_config
from ketenwijzer.site import sitemodel
from ketenwijzer.domain.problems import ContentError
from ketenwijzer.generators.registry_pages import page_url
from ketenwijzer.subscriptions.announcement import Announcement, AnnouncementError, LocalAnnouncement

SITE_URL_VARIABLE = "KETENWIJZER_SITE_URL"


def load_announcement(
    root: Path, number: int, *, today: dt.date | None = None, env: Mapping[str, str] | None = None
) -> Announcement:
    """Edition ``number`` of the project in ``root``, per language, with absolute URLs.

    Raises LookupError when there is no such edition and AnnouncementError when the
    content has problems or the site's address is unknown.
    """
    root = Path(root).resolve()
    env = os.environ if env is None else env
    config = _mkdocs_config(root, env)
    try:
        base = _site_url(config, env)
        directory_urls = config.use_directory_urls
    except site_config.SiteConfigError as exc:
        raise AnnouncementError(str(exc)) from exc
    model = sitemodel.load(root)
    today = editions.today() if today is None else today
    # drafts' problems are not this announcement's business (see editions.split_problems)
    problems, _ = editions.split_problems(model.problems, model.project, today)
    if problems:
        raise AnnouncementError(f"{ContentError(problems).report()}\nfix the problems above first (see: ketenwijzer check)")
    newsletter = model.newsletter
    edition = newsletter.editions.get(number)
    if edition is None:
        known = ", ".join(str(n) for n in sorted(newsletter.editions)) or "none yet"
        raise LookupError(f"there is no docs/{editions.DIR}/{editions.folder_name(number)}/index.nl.md (editions: {known})")

    status, reason = "published", None
    hidden = editions.hidden_reason(edition.status, edition.date, today)
    if hidden == "draft":
        status = "draft"
        reason = (
            f"is a draft (status: {edition.status} in docs/{edition.slug}.nl.md): publish it "
            f"(ketenwijzer edition publish {number}) and put the site online before sending the announcement"
        )
    elif hidden == "future":
        status = "draft"
        reason = (
            f"is dated {edition.date.isoformat()}, in the future: the site does not show it before that day; "
            f"send the announcement on or after {edition.date.isoformat()}"
        )

    pages = model.project.pages()
    languages: dict[str, LocalAnnouncement] = {}
    for lang in project_mod.LANGUAGES:
        source = pages.get(edition.slug, {}).get(lang)
        if source is None or source.doc is None:
            continue  # no page in this language: its readers get the Dutch text
        prefix = base if lang == project_mod.DEFAULT_LANGUAGE else f"{base}{lang}/"

        def url(slug: str, prefix: str = prefix) -> str:
            return prefix + _page_path(slug, directory_urls)

        meta = model.meta(edition.slug, lang)
        languages[lang] = LocalAnnouncement(
            title=_edition_title(str(meta.get("title") or edition.label), number),
            introduction=markdown_to_text(source.doc.body),
            url=url(edition.slug),
            articles=[(str(model.meta(slug, lang).get("title") or slug), url(slug)) for slug in edition.articles],
        )
    return Announcement(number=number, status=status, languages=languages, reason=reason)


def _mkdocs_config(root: Path, env: Mapping[str, str]) -> site_config.SiteConfig:
    path = root / site_config.FILE_NAME
    if not path.is_file():
        raise AnnouncementError(f"no mkdocs.yml in {root}: run the command in the project folder or pass --root")
    try:
        return site_config.load(path, env)  # as MkDocs reads it: !ENV, INHERIT and Python tags work
    except site_config.SiteConfigError as exc:
        raise AnnouncementError(str(exc)) from exc


def _site_url(config: site_config.SiteConfig, env: Mapping[str, str]) -> str:
    from_env = (env.get(SITE_URL_VARIABLE) or "").strip()
    value = from_env or (config.site_url or "").strip()
    where = SITE_URL_VARIABLE if from_env else "site_url in mkdocs.yml"
    if not value:
        raise AnnouncementError(
            "mkdocs.yml has no site_url: set it to the address of the published site "
            "(or set KETENWIJZER_SITE_URL), so the mail can link to the edition"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AnnouncementError(f"{where} must be an http(s) address like https://example.org/, not {value!r}")
    return value if value.endswith("/") else value + "/"


def _page_path(slug: str, directory_urls: bool) -> str:
    if directory_urls:
        return page_url(f"{slug}.md")
    return f"{slug}.html"


def _edition_title(title: str, number: int) -> str:
    """'VreemdelingenVisie 02: Samen flexibel' -> 'Samen flexibel': the mail names the edition already."""
    match = re.match(rf"{re.escape(editions.NAME)}\s+0*{number}\s*[:–—-]\s*(\S.*)\Z", title, re.I | re.S)
    return match[1] if match else title


# -- Markdown to plain text -------------------------------------------------------------------

_BLOCKS = {
    "p",
    "div",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "details",
    "summary",
    "figure",
    "figcaption",
    "hr",
    "br",
}
_SKIP = {"script", "style", "h1"}  # h1: the title, which the mail shows already


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _break(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._break()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def markdown_to_text(source: str) -> str:
    """The body of a page as plain paragraphs separated by blank lines (links keep their text)."""
    html = markdown.markdown(source, extensions=["attr_list", "md_in_html", "abbr", "def_list", "tables", "admonition"])
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._break()
    return "\n\n".join(block for block in parser.blocks if block != "-")
