"""The whole built site, both languages: links, anchors, images, titles, descriptions."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, lxml_html.fromstring(path.read_bytes())


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, parts.fragment
    base = posixpath.dirname(page.relative_to(site).as_posix())
    if parts.path.startswith("/"):  # root-relative, as in 404.html: the site is served at the root
        base, path = "", parts.path.lstrip("/")
    else:
        path = parts.path
    rel = posixpath.normpath(posixpath.join(base, unquote(path))) if path else "."
    target = site / rel
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def test_no_broken_links_or_anchors_and_every_page_is_described(real_site):
    site = real_site
    ids: dict[Path, set[str]] = {}
    trees = dict(_pages(site))
    for path, tree in trees.items():
        ids[path] = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    broken, missing_alt = [], []
    titles: dict[str, list[str]] = defaultdict(list)
    undescribed = []
    for path, tree in trees.items():
        rel = path.relative_to(site).as_posix()
        for element, attribute, url, _ in tree.iterlinks():
            if attribute not in ("href", "src") or element.tag in ("form",):
                continue
            if url.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = _target(site, path, url)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{rel}: {url}")
            elif fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
                broken.append(f"{rel}: {url} (no anchor '{fragment}')")
        for img in tree.iter("img"):
            if img.get("alt") is None or (not img.get("alt").strip() and img.get("role") != "presentation"):
                missing_alt.append(f"{rel}: {img.get('src')}")
        if path.name == "404.html":
            continue
        lang = "en" if rel.startswith("en/") else "nl"
        title = tree.findtext(".//title")
        titles[f"{lang}:{title}"].append(rel)
        description = tree.xpath("string(//meta[@name='description']/@content)")
        if not description.strip():
            undescribed.append(rel)
    assert not broken, "\n".join(broken[:50])
    assert not missing_alt, missing_alt
    duplicates = {t: p for t, p in titles.items() if len(p) > 1}
    assert not duplicates, duplicates
    assert not undescribed, undescribed
    assert len(trees) > 150  # the whole site, both languages, was checked
