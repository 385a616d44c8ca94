"""Atom (RFC 4287) and RSS 2.0 feeds of the newsletter, per language.

Entries carry ids that do not depend on titles or slugs: articles use their
``uid`` front matter key, editions their number; the feed's author is the editors, in its language.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import format_datetime
from urllib.parse import quote

from ketenwijzer.domain.messages import t

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "Ketenwijzer"


@dataclass
class Entry:
    id: str
    title: str
    url: str
    published: dt.date
    updated: dt.date
    summary: str
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


@dataclass
class Feed:
    id: str
    title: str
    subtitle: str
    lang: str
    site_url: str  # the page the feed belongs to
    self_url: str  # where the feed itself lives
    entries: list[Entry]  # newest first

    @property
    def updated(self) -> dt.date:
        return max((e.updated for e in self.entries), default=dt.date(2000, 1, 1))


def article_id(uid: str, lang: str) -> str:
    return f"urn:ketenwijzer:vreemdelingenvisie:article:{quote(uid, safe='')}:{lang}"


def edition_id(number: int, lang: str) -> str:
    return f"urn:ketenwijzer:vreemdelingenvisie:edition:{number}:{lang}"


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def atom(feed: Feed) -> bytes:
    ET.register_namespace("", ATOM_NS)

    def a(tag: str) -> str:
        return f"{{{ATOM_NS}}}{tag}"

    root = ET.Element(a("feed"), {XML_LANG: feed.lang})
    _text(root, a("id"), feed.id)
    _text(root, a("title"), feed.title)
    _text(root, a("subtitle"), feed.subtitle)
    _text(root, a("updated"), _stamp(feed.updated).isoformat())
    ET.SubElement(root, a("link"), {"rel": "self", "type": "application/atom+xml", "href": feed.self_url})
    ET.SubElement(root, a("link"), {"rel": "alternate", "type": "text/html", "href": feed.site_url, "hreflang": feed.lang})
    author = ET.SubElement(root, a("author"))
    _text(author, a("name"), t("vv.feed.author", feed.lang))
    _text(root, a("generator"), GENERATOR)
    for entry in feed.entries:
        item = ET.SubElement(root, a("entry"))
        _text(item, a("id"), entry.id)
        _text(item, a("title"), entry.title)
        ET.SubElement(item, a("link"), {"rel": "alternate", "type": "text/html", "href": entry.url})
        _text(item, a("published"), _stamp(entry.published).isoformat())
        _text(item, a("updated"), _stamp(entry.updated).isoformat())
        for name in entry.authors:
            person = ET.SubElement(item, a("author"))
            _text(person, a("name"), name)
        for term in entry.categories:
            ET.SubElement(item, a("category"), {"term": term})
        _text(item, a("summary"), entry.summary, type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rss(feed: Feed) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.site_url)
    _text(channel, "description", feed.subtitle)
    _text(channel, "language", {"nl": "nl-NL", "en": "en"}.get(feed.lang, feed.lang))
    _text(channel, "lastBuildDate", format_datetime(_stamp(feed.updated)))
    _text(channel, "generator", GENERATOR)
    ET.SubElement(channel, "atom:link", {"href": feed.self_url, "rel": "self", "type": "application/rss+xml"})
    for entry in feed.entries:
        item = ET.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.url)
        _text(item, "guid", entry.id, isPermaLink="false")
        _text(item, "pubDate", format_datetime(_stamp(entry.published)))
        _text(item, "description", entry.summary)
        for term in entry.categories:
            _text(item, "category", term)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
