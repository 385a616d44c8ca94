"""Broken internal links and missing images in the Markdown sources, found without building.

MkDocs reports these only while it builds (and then one language at a time);
``ketenwijzer check`` lists them all, each as ``path:line``, so a project that
passes ``check`` does not fail ``make site`` on a link. Anchors (``#...``) are
left to the build: they depend on how headings are rendered.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ketenwijzer.domain.problems import Problem

# [text](target "title") and ![alt](target); not inside `code`
_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^(```|~~~)")
_CODE = re.compile(r"`[^`]*`")


def _targets(sources, generated: set[str], assets: set[str]) -> set[str]:
    """Every src_uri a link may name: pages (with and without language suffix), generated pages, files."""
    known = set(generated) | set(assets)
    for source in sources:
        known.add(source.site_src_uri)
        known.add(f"{source.slug}.md")
    return known


def link_problems(project, generated: set[str], root: Path) -> list[Problem]:
    """Links to pages or files that do not exist, in every source of ``project``."""
    docs = root / "docs"
    assets = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix not in (".md", ".yml", ".yaml")} \
        if docs.is_dir() else set()
    known = _targets(project.sources, generated, assets)
    problems = []
    for source in project.sources:
        if source.doc is None:
            continue
        here = posixpath.dirname(source.site_src_uri)
        fenced = False
        for offset, line in enumerate(source.doc.body.splitlines()):
            if _FENCE.match(line.lstrip()):
                fenced = not fenced
                continue
            if fenced:
                continue
            for image, target in _LINK.findall(_CODE.sub("", line)):
                path = target.split("#", 1)[0].split("?", 1)[0]
                if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith("/"):
                    continue  # an anchor on this page, an address elsewhere, or left to MkDocs' absolute-link check
                resolved = posixpath.normpath(posixpath.join(here, path))
                if resolved in known or (path.endswith("/") and f"{resolved}/index.md" in known):
                    continue
                what = "image" if image else "link"
                hint = "correct the path or add the file" if image else "correct the path (relative to this file, ending in .md)"
                problems.append(Problem(project.display(source.path), source.doc.body_line + offset,
                                        f"{what} to '{target}' leads nowhere ({resolved} does not exist); {hint}"))
    return problems
