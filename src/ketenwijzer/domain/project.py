"""Where the sources live and how they map onto the site.

A project has sections: ``docs/`` (pages at the site root), ``handreiking/``
(handbook chapters, built at ``/handreiking/``) and ``stories/`` (the story
collection, built at ``/verhalen/``). Every Markdown source carries its
language as a suffix: ``page.nl.md`` (Dutch original) and ``page.en.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ketenwijzer.domain import frontmatter, schema
from ketenwijzer.domain.problems import ContentError, Problem, display_path

from ketenwijzer.domain.languages import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401 (the names callers use)


@dataclass(frozen=True)
class Section:
    directory: str  # relative to the project root
    url_prefix: str  # where its pages land in the site ('' for the root)
    kind: str  # schema kind of its Markdown sources


SECTIONS = (
    Section("docs", "", "page"),
    Section("handreiking", "handreiking", "chapter"),
    Section("stories", "verhalen", "story"),
)


@dataclass
class Source:
    path: Path
    section: Section
    site_src_uri: str  # the src_uri MkDocs sees, e.g. 'verhalen/intro.nl.md'
    slug: str  # language-independent page id, e.g. 'verhalen/intro'
    lang: str
    doc: frontmatter.Document | None = None

    @property
    def kind(self) -> str:
        return kind_for(self.section, self.slug[len(self.section.url_prefix) + 1 :] if self.section.url_prefix else self.slug)

    @property
    def title(self) -> str:
        return str(self.doc.meta.get("title", "")) if self.doc else ""


@dataclass
class Project:
    root: Path
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def pages(self) -> dict[str, dict[str, Source]]:
        """Sources grouped by slug, then language (computed once per set of sources)."""
        cached = self.__dict__.get("_pages")
        if cached is not None and cached[0] == len(self.sources):
            return cached[1]
        grouped: dict[str, dict[str, Source]] = {}
        for source in self.sources:
            grouped.setdefault(source.slug, {})[source.lang] = source
        self.__dict__["_pages"] = (len(self.sources), grouped)
        return grouped

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def raise_for_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


NEWSLETTER_DIR = "vreemdelingenvisie"


def kind_for(section: Section, rel_stem: str) -> str:
    """The schema kind of a source: newsletter editions and articles live in docs/."""
    parts = rel_stem.split("/")
    if section.directory == "docs" and len(parts) == 3 and parts[0] == NEWSLETTER_DIR:
        return "edition" if parts[2] == "index" else "article"
    return section.kind


def file_name(stem: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """('intro', 'en') -> 'intro.en.md': the file of a page in a language (split_language undoes it)."""
    return f"{stem}.{lang}.md"


def translation_path(path: str, lang: str) -> str:
    """'handreiking/01.nl.md' -> 'handreiking/01.en.md': where the ``lang`` file of a Dutch original lives."""
    folder, _, name = path.rpartition("/")
    stem, _ = split_language(name)
    return f"{folder}/{file_name(stem, lang)}" if folder else file_name(stem, lang)


def split_language(name: str) -> tuple[str, str | None]:
    """'intro.nl.md' -> ('intro', 'nl'); 'intro.md' -> ('intro', None)."""
    stem = name[: -len(".md")]
    base, dot, suffix = stem.rpartition(".")
    if dot and suffix in LANGUAGES:
        return base, suffix
    return stem, None


_CACHE: dict[tuple[str, int, int], tuple[frontmatter.Document, list[Problem]]] = {}


def _parse_cached(path: Path, shown: str) -> tuple[frontmatter.Document, list[Problem]]:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    hit = _CACHE.get(key)
    if hit is None or hit[0].path != shown:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            doc = frontmatter.Document(path=shown, meta={}, body="")
            hit = (doc, [Problem(shown, 1, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")])
        else:
            hit = frontmatter.parse(text, shown)
        _CACHE[key] = hit
    return hit


def iter_markdown(directory: Path):
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.endswith(".md") and not name.startswith("."):
                yield Path(dirpath) / name


def load(root: Path, sections: tuple[Section, ...] = SECTIONS) -> Project:
    """Discover, parse and validate every Markdown source of the project."""
    root = Path(root).resolve()
    project = Project(root=root)
    seen_uris: dict[str, Path] = {}
    for section in sections:
        base = root / section.directory
        if not base.is_dir():
            continue
        for path in iter_markdown(base):
            rel = path.relative_to(base).as_posix()
            shown = f"{section.directory}/{rel}"  # what project.display(path) says, without resolving each file
            stem, lang = split_language(rel)
            if lang is None:
                project.problems.append(
                    Problem(
                        shown,
                        1,
                        f"no language suffix; rename it to {Path(rel).stem}.nl.md (Dutch) or {Path(rel).stem}.en.md (English)",
                    )
                )
                continue
            prefix = f"{section.url_prefix}/" if section.url_prefix else ""
            site_src_uri = f"{prefix}{rel}"
            slug = f"{prefix}{stem}"
            if site_src_uri in seen_uris:
                project.problems.append(
                    Problem(shown, 1, f"lands on the same page as {project.display(seen_uris[site_src_uri])}; rename one of them")
                )
                continue
            seen_uris[site_src_uri] = path
            doc, problems = _parse_cached(path, shown)
            project.problems.extend(problems)
            if not problems:
                project.problems.extend(schema.validate(doc, kind_for(section, stem), is_translation=lang != DEFAULT_LANGUAGE))
            project.sources.append(Source(path, section, site_src_uri, slug, lang, doc))
    for by_lang in project.pages().values():
        if DEFAULT_LANGUAGE not in by_lang:
            for source in by_lang.values():
                project.problems.append(
                    Problem(
                        project.display(source.path),
                        1,
                        f"translation without a Dutch original; add {source.path.name.replace('.' + source.lang + '.md', '.nl.md')} or remove this file",
                    )
                )
    return project
