"""Sitemaps for parts of the site, cut from the site-wide sitemap.

Material for MkDocs fetches ``sitemap.xml`` next to every ``<link rel="alternate">``
of a page (to map the page to its other languages), so the English pages ask
for ``/en/sitemap.xml`` and the feed links for ``/vreemdelingenvisie/sitemap.xml``.
A sitemap may list only URLs below its own folder (sitemaps.org protocol), so
each of these holds just that part of the site-wide one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
