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

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

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
        return sitemap[start:sitemap.rindex(CLOSE)]

    end = first.rindex(CLOSE)
    return first[:end] + "".join(entries(other) for other in others) + first[end:]


def write_gzip(path: Path, data: bytes) -> None:
    """Rewrite ``path`` (a .gz MkDocs wrote) with ``data``, keeping its recorded name and time."""
    mtime = int.from_bytes(path.read_bytes()[4:8], "little") if path.exists() else None
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(path), mode="wb", mtime=mtime) as gz:
        gz.write(data)
