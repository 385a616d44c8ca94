"""The site-wide sitemap, joined from the language builds, and the sitemaps of its parts.

When the languages build in separate processes, each renders the sitemap
entries of its own pages; ``join_languages`` puts them together as one
build would have.

The parts:

Material for MkDocs fetches ``sitemap.xml`` next to every ``<link rel="alternate">``
of a page (to map the page to its other languages), so the English pages ask
for ``/en/sitemap.xml`` and the feed links for ``/vreemdelingenvisie/sitemap.xml``.
A sitemap may list only URLs below its own folder (sitemaps.org protocol), so
each of these holds just that part of the site-wide one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ketenwijzer.domain.registry import AnyRecord, Registry

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def subtree(sitemap_xml: bytes, base_url: str) -> bytes:
    """The entries of ``sitemap_xml`` whose <loc> lies below ``base_url`` (which ends in '/')."""
    ET.register_namespace("", NS)
    ET.register_namespace("xhtml", XHTML)
    root = ET.fromstring(sitemap_xml)
    for url in list(root.findall(f"{{{NS}}}url")):
        loc = url.findtext(f"{{{NS}}}loc") or ""
        if not loc.startswith(base_url):
            root.remove(url)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


CLOSE = "\n</urlset>"


def join_languages(first: str, *others: str) -> str:
    """One sitemap from the sitemaps that separate language builds rendered.

    Each holds the same head and tail around its own <url> entries; the result
    is what one build of all languages renders: the entries one after another.
    """

    def entries(sitemap: str) -> str:
        start = sitemap.index(">", sitemap.index("<urlset")) + 1
        return sitemap[start : sitemap.rindex(CLOSE)]

    end = first.rindex(CLOSE)
    return first[:end] + "".join(entries(other) for other in others) + first[end:]


def write_gzip(path: Path, data: bytes) -> None:
    """Rewrite ``path`` (a .gz MkDocs wrote) with ``data``, keeping its recorded name and time."""
    mtime = int.from_bytes(path.read_bytes()[4:8], "little") if path.exists() else None
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(path), mode="wb", mtime=mtime) as gz:
        gz.write(data)


# -- the site-wide sitemap and the language links of each page ----------------

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Entry:
    """One page in the sitemap: its address, its content's date and its languages (hreflang -> URL)."""

    loc: str
    lastmod: dt.date | None
    alternates: dict[str, str]


def absolute_alternates(urls: dict[str, str], site_url: str, default_lang: str, order: tuple[str, ...]) -> dict[str, str]:
    """Absolute hreflang URLs in language order, and x-default: the default language, or the only one."""
    base = site_url.rstrip("/") + "/"
    out = {lang: base if urls[lang] in ("", "./") else base + urls[lang].lstrip("/") for lang in order if lang in urls}
    if out:
        out[X_DEFAULT] = out.get(default_lang) or next(iter(out.values()))
    return out


def canonical(alternates: dict[str, str], own_lang: str) -> str | None:
    """A page's canonical URL: its own language's, or (an untranslated copy) the original's."""
    return alternates.get(own_lang) or alternates.get(X_DEFAULT)


_HREFLANG_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')
_CANONICAL_LINK = re.compile(r'<link rel="canonical" href="[^"]*">')
_QUOTE = {'"': "&quot;"}


def mend_head(html: str, canonical_url: str | None, alternates: dict[str, str]) -> str:
    """Put the absolute canonical URL and hreflang links in place of the theme's relative ones."""
    links = "".join(
        f'<link rel="alternate" href="{escape(url, _QUOTE)}" hreflang="{lang}">\n' for lang, url in alternates.items()
    )
    first = _HREFLANG_LINK.search(html)
    if first is None:
        return html
    html = html[: first.start()] + links + _HREFLANG_LINK.sub("", html[first.start() :])
    if canonical_url:
        html = _CANONICAL_LINK.sub(lambda _m: f'<link rel="canonical" href="{escape(canonical_url, _QUOTE)}">', html, count=1)
    return html


def render(entries: list[Entry]) -> str:
    """The sitemap of ``entries``, laid out as ``join_languages`` expects."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}" xmlns:xhtml="{XHTML}">']
    for entry in entries:
        out.append("    <url>")
        out.append(f"        <loc>{escape(entry.loc)}</loc>")
        if entry.lastmod is not None:
            out.append(f"        <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for lang, url in entry.alternates.items():
            out.append(f'        <xhtml:link rel="alternate" hreflang="{lang}" href="{escape(url)}"/>')
        out.append("    </url>")
    return "\n".join(out) + CLOSE + "\n"


# front matter dates, and the edition an article belongs to: the newest is the content's date
DATE_KEYS = ("updated", "reviewed", "date")


def content_date(meta: dict, *also: dt.date | None) -> dt.date | None:
    """The newest of the page's own dates (front matter ``updated``, ``reviewed``, ``date``, and ``also``)."""
    dates = [
        value
        for value in (*(meta.get(key) for key in DATE_KEYS), *also)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ]
    return max(dates) if dates else None


def git_dates(root: Path) -> dict[Path, dt.date]:
    """The date of the last commit of every file git knows in ``root`` ({} outside a git work tree)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "HEAD"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0 or top.returncode != 0:
        return {}
    base = Path(top.stdout.strip())
    dates: dict[Path, dt.date] = {}
    for block in result.stdout.split("\0")[1:]:
        day, _, names = block.partition("\n")
        when = dt.date.fromisoformat(day.strip())
        for name in names.split("\n"):
            if name.strip():
                dates.setdefault((base / name.strip()).resolve(), when)  # newest first: keep the first
    return dates


def registry_dates(registry: Registry) -> dict[str, dt.date]:
    """{src_uri: date} of the generated registry pages: the newest ``reviewed`` of what each shows."""
    from ketenwijzer.generators import registry_pages as rp

    def newest(*entries: AnyRecord) -> dt.date | None:
        dates = [entry.reviewed for entry in entries]
        return max(dates) if dates else None

    refs = registry.referrals
    found = {}
    for oid, org in registry.organisations.items():
        shown: list[AnyRecord] = [registry.roles[r] for r in registry.roles_by_org.get(oid, [])]
        shown += [refs[r] for r in (*registry.referrals_to_org.get(oid, []), *registry.referrals_from_org.get(oid, []))]
        found[rp.org_uri(oid)] = newest(org, *shown)
    for rid, role in registry.roles.items():
        found[rp.role_uri(rid)] = newest(role, *(refs[r] for r in registry.referrals_from_role.get(rid, [])))
    for tid, topic in registry.topics.items():
        found[rp.topic_uri(tid)] = newest(topic, *(refs[r] for r in registry.referrals_by_topic.get(tid, [])))
    everything: list[AnyRecord] = [
        *registry.phases.values(),
        *registry.organisations.values(),
        *registry.roles.values(),
        *registry.topics.values(),
        *refs.values(),
    ]
    found[rp.OVERVIEW] = found[rp.FINDER] = newest(*everything)
    return {uri: day for uri, day in found.items() if day is not None}
