"""Internal links and images in the Markdown sources, found and checked without building.

MkDocs reports broken links only while it builds (and then one language at a
time); ``ketenwijzer check`` lists them all, each as ``path:line``, so a project
that passes ``check`` does not fail ``make site`` on a link. This module finds the
links and checks that their pages and files exist and that they are relative;
whether an anchor (``#...``) exists depends on how the target page is rendered,
which :mod:`ketenwijzer.site.checks` does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ketenwijzer.domain.problems import Problem
from ketenwijzer.domain.project import Project, Source

# [text](target "title") and ![alt](target); not inside `code`
_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^(```|~~~)")
_CODE = re.compile(r"`[^`]*`")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass(frozen=True)
class Link:
    """One link or image in a source, as written and as resolved against the source's folder."""

    line: int
    image: bool
    target: str  # as written: 'h1.md#een-kop'
    path: str  # the part before '#' and '?': 'h1.md' ('' for a link to an anchor on the same page)
    fragment: str  # the part after '#': 'een-kop'
    resolved: str  # the src_uri the path names: 'handreiking/h1.md' ('' for the same page)

    @property
    def absolute(self) -> bool:
        return self.path.startswith("/")


def links(source: Source) -> Iterator[Link]:
    """Every internal link and image of ``source``, outside code; addresses elsewhere (``https:``...) are left out."""
    if source.doc is None:
        return
    here = posixpath.dirname(source.site_src_uri)
    fenced = False
    for offset, line in enumerate(source.doc.body.splitlines()):
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if fenced:
            continue
        for image, target in _LINK.findall(_CODE.sub("", line)):
            before, _, fragment = target.partition("#")
            path = before.split("?", 1)[0]
            if _SCHEME.match(path):
                continue
            resolved = posixpath.normpath(posixpath.join(here, path)) if path and not path.startswith("/") else ""
            yield Link(source.doc.body_line + offset, bool(image), target, path, fragment, resolved)


def _targets(sources: Iterable[Source], generated: set[str], assets: set[str]) -> set[str]:
    """Every src_uri a link may name: pages (with and without language suffix), generated pages, files."""
    known = set(generated) | set(assets)
    for source in sources:
        known.add(source.site_src_uri)
        known.add(f"{source.slug}.md")
    return known


def page_of(link: Link, known: set[str]) -> str | None:
    """The src_uri the link leads to among ``known`` (a folder link ending in '/' leads to its index), or None."""
    if link.resolved in known:
        return link.resolved
    if link.path.endswith("/") and f"{link.resolved}/index.md" in known:
        return f"{link.resolved}/index.md"
    return None


def link_problems(project: Project, generated: set[str], root: Path, *, skip_under: str | None = None) -> list[Problem]:
    """Links to pages or files that do not exist, and absolute links, in every source of ``project``.

    ``skip_under`` (a src_uri folder, e.g. 'wie-doet-wat/') leaves out links into a
    part of the site that cannot be known now (the registry's pages, while it has problems).
    """
    docs = root / "docs"
    assets = (
        {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix not in (".md", ".yml", ".yaml")}
        if docs.is_dir()
        else set()
    )
    known = _targets(project.sources, generated, assets)
    problems = []
    for source in project.sources:
        for link in links(source):
            what = "image" if link.image else "link"
            if link.absolute:
                problems.append(
                    Problem(
                        project.display(source.path),
                        link.line,
                        f"{what} to '{link.target}' is absolute: MkDocs leaves it as is and the strict build "
                        f"fails on it; write it relative to this file (e.g. '../index.md' for the home page)",
                    )
                )
                continue
            if not link.path or page_of(link, known) or (skip_under and link.resolved.startswith(skip_under)):
                continue
            hint = "correct the path or add the file" if link.image else "correct the path (relative to this file, ending in .md)"
            problems.append(
                Problem(
                    project.display(source.path),
                    link.line,
                    f"{what} to '{link.target}' leads nowhere ({link.resolved} does not exist); {hint}",
                )
            )
    return problems
