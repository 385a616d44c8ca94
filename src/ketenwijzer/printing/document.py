"""One print document from the site's built pages: pure functions on HTML text.

The PDF holds what the site shows: each chapter is the ``<article>`` of its
built page, taken out of Material's frame and made fit for paper. Links to
other chapters become links inside the document (with their page number),
links to the rest of the site point at the live site, and every abbreviation
is spelt out where the document first uses it.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass, field

from ketenwijzer.domain.messages import long_date, t
from ketenwijzer.domain.problems import Problem


class PrintError(ValueError):
    """A built page that cannot be printed as it is; the message names the file."""


@dataclass
class Chapter:
    number: int | None  # None for the introduction (the section's index page)
    title: str
    url: str  # the page's path in the site, e.g. 'en/handreiking/03-verwijzen/'
    html: str  # the built page (the whole file)
    source: str  # the built file, for error messages
    lang: str  # the language the page is written in (a fallback page is Dutch in the English book)
    markdown: tuple[str, str] = ("", "")  # the page's Markdown source (name to show, path), for error messages

    @property
    def anchor(self) -> str:
        return "intro" if self.number is None else f"ch-{self.number}"

    @property
    def heading(self) -> str:
        return self.title if self.number is None else f"{self.number} {self.title}"


@dataclass
class Book:
    title: str
    description: str
    lang: str
    date: dt.date  # of the content
    address: str  # the book's index page on the live site
    site_name: str
    site_url: str  # the live site's root, ending in '/'
    chapters: list[Chapter] = field(default_factory=list)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.S)


def article(page_html: str, source: str) -> str:
    """The content of a built page, or a ContentError-style problem naming the file."""
    match = _ARTICLE.search(page_html)
    if match is None:
        raise PrintError(
            str(
                Problem(
                    source,
                    1,
                    'has no <article class="md-content__inner md-typeset">; is it a page built by Material (theme: material)?',
                )
            )
        )
    return match.group(1)


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_DOWNLOAD = re.compile(r'<p class="kw-pdf">.*?</p>\n?', re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)("[^>]*>)(.*?)(</a>)', re.S)
_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
_ALT = re.compile(r'\balt="[^"]*[^"\s][^"]*"')
_TABINDEX = re.compile(r' tabindex="0"')
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")
_TAGS = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def text_of(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def site_path(base_url: str, href: str) -> tuple[str, str]:
    """The site path and fragment a relative link on the page at ``base_url`` points to.

    ``site_path('handreiking/03-verwijzen/', '../08-werkafspraken/#x')`` is ``('handreiking/08-werkafspraken/', 'x')``.
    """
    target, _, fragment = href.partition("#")
    if not target:
        return base_url, fragment
    joined = posixpath.normpath(posixpath.join(base_url, target))
    joined = "" if joined == "." else joined
    if joined.endswith("/index.html"):
        joined = joined[: -len("index.html")]
    elif joined == "index.html":
        joined = ""
    elif joined and not posixpath.splitext(joined)[1]:
        joined += "/"
    return joined, fragment


def check_images(chapter: Chapter, body: str) -> None:
    """A tagged PDF gives every image its text alternative: stop at an image without one, naming its source and line."""
    for m in _SRC.finditer(body):
        tag = body[m.start() : body.find(">", m.end()) + 1]
        if _ALT.search(tag):
            continue
        name, path = chapter.markdown
        src = html.unescape(m.group(2))
        file_name = src.rsplit("/", 1)[-1]
        try:
            with open(path, encoding="utf-8") as handle:
                line = next((n for n, row in enumerate(handle, start=1) if file_name in row), 1)
        except (OSError, UnicodeDecodeError):
            line = 1
        raise PrintError(
            str(
                Problem(
                    name or chapter.source,
                    line,
                    f"the image {src} has no text alternative, which the "
                    "printed PDF needs; write one: ![what the image shows](file)",
                )
            )
        )


def remove_download_link(page_html: str) -> str:
    return _DOWNLOAD.sub("", page_html)


def chapter_body(chapter: Chapter, anchors: dict[str, str], site_url: str) -> str:
    """The chapter's article, fit for the print document.

    ``anchors`` maps the site path of every page in the book to its anchor;
    images keep a path in the site (the renderer resolves it against the built site folder).
    """
    body = article(chapter.html, chapter.source)
    check_images(chapter, body)
    body = _SCRIPT.sub("", remove_download_link(_HEADERLINK.sub("", body)))
    body = _TABINDEX.sub("", _DETAILS.sub("<details open", body))
    prefix = chapter.anchor
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    heading = (
        f'<h1 id="{prefix}" class="kw-chapter-title">'
        + (f'<span class="kw-number">{chapter.number}</span> ' if chapter.number is not None else "")
        + f"{html.escape(chapter.title)}</h1>"
    )
    body, found = _H1.subn(heading, body, count=1)
    if not found:
        body = heading + body

    def link(m: re.Match) -> str:
        opening, href, rest, text, closing = m.groups()
        href = html.unescape(href)
        classes = []
        if href.startswith("#"):
            new = f"#{prefix}-{href[1:]}" if href[1:] else f"#{prefix}"
            classes.append("kw-ref")
        elif _EXTERNAL.match(href):
            new = href
            classes.append("kw-bare" if text_of(text) in (href, href.removeprefix("mailto:")) else "kw-url")
        else:
            path, fragment = site_path(chapter.url, href)
            target = anchors.get(path)
            if target is not None:
                new = f"#{target}-{fragment}" if fragment else f"#{target}"
                classes.append("kw-ref")
            else:
                new = site_url + path + (f"#{fragment}" if fragment else "")
                classes.append("kw-url")
        rest = rest[:-1] + f' data-kw="{" ".join(classes)}">'  # rest ends with the tag's '>'
        return f"{opening}{html.escape(new, quote=True)}{rest}{text}{closing}"

    body = _HREF.sub(link, body)

    def image(m: re.Match) -> str:
        src = html.unescape(m.group(2))
        if not _EXTERNAL.match(src):
            path, _ = site_path(chapter.url, src)
            src = path.rstrip("/")
        return f"{m.group(1)}{html.escape(src, quote=True)}{m.group(3)}"

    body = _SRC.sub(image, body)
    lang = f' lang="{chapter.lang}"'
    return f'<section class="kw-chapter" id="{prefix}-section"{lang}>\n{body}\n</section>'


_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)


def spell_out_abbreviations(body: str) -> str:
    """Write every abbreviation out in full after its first use in the document.

    ``<abbr title="Centraal Orgaan opvang asielzoekers">COA</abbr>`` becomes
    ``... COA</abbr><span class="kw-abbr"> (Centraal Orgaan opvang asielzoekers)</span>``
    the first time (the site marks an abbreviation once per page, so a later
    chapter may mark it again). A text that has just written it out itself
    ("VluchtelingenWerk Nederland (VWN)") counts as its first use.
    """
    seen: set[str] = set()

    def first(m: re.Match) -> str:
        short = text_of(m.group(2))
        if short in seen:
            return m.group(0)
        seen.add(short)
        if html.unescape(m.group(1)) in text_of(body[max(0, m.start() - 300) : m.start()]):
            return m.group(0)
        return f'{m.group(0)}<span class="kw-abbr"> ({m.group(1)})</span>'

    return _ABBR.sub(first, body)


def page_css(book: Book) -> str:
    """The language's words in the running footer and the page references."""

    def css_string(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    before, _, after = t("print.page_of", book.lang).partition("{page}")
    middle, _, end = after.partition("{pages}")
    ref_before, _, ref_after = t("print.page_ref", book.lang).partition("{page}")
    return (
        f"@page {{ @bottom-right {{ content: {css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(end)}; }} }}\n"
        f'a[data-kw~="kw-ref"]::after {{ content: " (" {css_string(ref_before)} target-counter(attr(href), page) {css_string(ref_after)} ")"; }}\n'
        f".kw-cover {{ string-set: kw-book {css_string(book.title)}; }}\n"
    )


def assemble(book: Book, stylesheet: str) -> str:
    """The whole print document: cover, table of contents, then the chapters in navigation order."""
    lang = book.lang
    anchors = {chapter.url: chapter.anchor for chapter in book.chapters}
    toc = "\n".join(f'<li><a href="#{c.anchor}">{html.escape(c.heading)}</a></li>' for c in book.chapters)
    chapters = "\n".join(chapter_body(c, anchors, book.site_url) for c in book.chapters)
    esc = html.escape
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{esc(book.title)}</title>
<meta name="author" content="{esc(book.site_name)}">
<meta name="description" content="{esc(book.description)}">
<meta name="dcterms.modified" content="{book.date.isoformat()}">
<style>
{stylesheet}
{page_css(book)}
</style>
</head>
<body>
<section class="kw-cover" aria-label="{esc(book.title)}">
<p class="kw-site-name">{esc(book.site_name)}</p>
<h1 class="kw-book-title">{esc(book.title)}</h1>
<p class="kw-subtitle">{esc(book.description)}</p>
<dl class="kw-facts">
<dt>{t("print.language", lang)}</dt><dd>{t("print.language.name", lang)}</dd>
<dt>{t("print.date", lang)}</dt><dd>{long_date(book.date, lang)}</dd>
<dt>{t("print.online", lang)}</dt><dd><a href="{esc(book.address)}" data-kw="kw-bare">{esc(book.address)}</a></dd>
</dl>
</section>
<nav class="kw-toc" aria-labelledby="kw-toc-title">
<h2 id="kw-toc-title">{t("print.contents", lang)}</h2>
<ol>
{toc}
</ol>
</nav>
{spell_out_abbreviations(chapters)}
</body>
</html>
"""
