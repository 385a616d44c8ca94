"""Everything the site is built from, loaded and cross-checked in one place.

Used alike by ``ketenwijzer check``, the MkDocs plugin and the benchmarks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ketenwijzer.domain import (
    content_links,
    editions as editions_mod,
    project as project_mod,
    referral_answers,
    registry as registry_mod,
    schema,
    translations,
)
from ketenwijzer.generators import registry_pages
from ketenwijzer.domain.problems import Problem
from ketenwijzer.generators.registry_pages import Backlink

REGISTRY_DIR = "docs/wie-doet-wat"
REGISTRY_URI = REGISTRY_DIR.removeprefix("docs/") + "/"  # where its pages land among the src_uris
TAG_KEYS = {"organisations": "organisations", "topics": "topics"}


@dataclass
class SiteModel:
    root: Path
    project: project_mod.Project
    registry: registry_mod.Registry
    newsletter: editions_mod.Newsletter = field(default_factory=editions_mod.Newsletter)
    problems: list[Problem] = field(default_factory=list)
    hidden_slugs: set[str] = field(default_factory=set)  # e.g. drafts, left out of this build
    registry_problems: list[Problem] = field(default_factory=list)

    def original(self, slug: str) -> project_mod.Source | None:
        return self.project.pages().get(slug, {}).get(project_mod.DEFAULT_LANGUAGE)

    def meta(self, slug: str, lang: str) -> dict:
        """Front matter of ``slug`` in ``lang``; structure keys and fallbacks from the Dutch original."""
        by_lang = self.project.pages().get(slug, {})
        original = by_lang.get(project_mod.DEFAULT_LANGUAGE)
        base = dict(original.doc.meta) if original and original.doc else {}
        local = by_lang.get(lang)
        if local is not None and local is not original and local.doc is not None:
            base.update(local.doc.meta)
        return base

    def title(self, slug: str, lang: str) -> str:
        by_lang = self.project.pages().get(slug, {})
        source = by_lang.get(lang) or by_lang.get(project_mod.DEFAULT_LANGUAGE)
        return source.title if source else slug

    def translation_states(self) -> dict[tuple[str, str], str]:
        """{(slug, lang): state} of every translation (computed once per model)."""
        states = self.__dict__.get("_states")
        if states is None:
            states = self.__dict__["_states"] = {(s.slug, s.lang): s.state for s in translations.statuses(self.project)}
        return states

    def registry_pages(self, lang: str) -> dict[str, str]:
        """Every registry page in ``lang`` ({src_uri: markdown}).

        Kept while the registry and the pages tagged with it stay the same, so a
        save in `make serve` that changes an article's text does not regenerate them.
        """
        backlinks = self.backlinks(lang)
        hit = _REGISTRY_PAGES.get(lang)
        if hit is not None and hit[0] is self.registry and hit[1] == backlinks:
            return hit[2]
        pages = registry_pages.all_pages(self.registry, lang, backlinks)
        _REGISTRY_PAGES[lang] = (self.registry, backlinks, pages)
        return pages

    def backlinks(self, lang: str) -> dict[tuple[str, str], list[Backlink]]:
        """Tag -> pages tagged with it (Dutch originals' tags, titles in ``lang``)."""
        result: dict[tuple[str, str], list[Backlink]] = {}
        for slug, by_lang in sorted(self.project.pages().items()):
            original = by_lang.get(project_mod.DEFAULT_LANGUAGE)
            if original is None or original.doc is None or slug in self.hidden_slugs:
                continue
            section = _section_of(slug)
            if section is None:
                continue
            link = Backlink(section, self.title(slug, lang), f"{slug}.md")
            for key in TAG_KEYS:
                for tag in original.doc.meta.get(key, []) or []:
                    result.setdefault((key, tag), []).append(link)
        return result


def _section_of(slug: str) -> str | None:
    head = slug.split("/", 1)[0]
    if head in ("handreiking", "verhalen"):
        return head
    if head == project_mod.NEWSLETTER_DIR and slug.count("/") == 2 and not slug.endswith("/index"):
        return head
    return None


def tag_problems(project: project_mod.Project, registry: registry_mod.Registry) -> list[Problem]:
    """Front matter references (``organisations``, ``topics``) to no registry entry, as the registry reports its own."""
    problems = []
    for source in project.sources:
        doc = source.doc
        if doc is None:
            continue
        problems += registry_mod.unresolved(
            schema.SCHEMAS[source.kind], doc.meta, doc.line_at, project.display(source.path), registry.collection, registry.files
        )
    return problems


def coverage_problems(registry: registry_mod.Registry) -> list[Problem]:
    """A situation for which some choice in the referral finder has no answer at all."""
    problems = []
    missing: dict[str, list[str]] = {}
    for who, tid in referral_answers.coverage(registry).unanswered():
        missing.setdefault(tid, []).append(who)
    for tid, whos in missing.items():
        topic = registry.topics[tid]
        problems.append(
            Problem(
                topic.file,
                topic.line,
                f"topic '{tid}': the referral finder has no answer for {len(whos)} choice(s) "
                f"(e.g. '{whos[0]}'); give the topic a 'lead' organisation or add referrals",
            )
        )
    return problems


def template_problems(project: project_mod.Project, exists) -> list[Problem]:
    """Pages whose ``template`` names a file that ``exists(name)`` cannot find in the theme."""
    problems = []
    for source in project.sources:
        name = source.doc.meta.get("template") if source.doc is not None else None
        if source.doc is not None and isinstance(name, str) and name and not exists(name):
            problems.append(
                Problem(
                    project.display(source.path),
                    source.doc.line_of("template"),
                    f"template '{name}' is not in overrides/ or the theme; correct the name or remove the key",
                )
            )
    return problems


def load(root: Path, registry: tuple[registry_mod.Registry, list[Problem]] | None = None) -> SiteModel:
    """The model of the project at ``root``; ``registry`` is a loaded registry and its problems, to reuse."""
    root = Path(root).resolve()
    project = project_mod.load(root)
    reg, registry_problems = registry or registry_mod.load(root / REGISTRY_DIR, root)
    all_problems = list(project.problems) + registry_problems
    if not registry_problems:
        all_problems += tag_problems(project, reg)
        all_problems += coverage_problems(reg)
    # while the registry has problems its pages are not known: links into it wait, the others are checked
    generated = registry_pages.page_uris(reg) if reg.organisations and not registry_problems else set()
    all_problems += content_links.link_problems(
        project, generated | {f"{editions_mod.DIR}/index.md"}, root, skip_under=None if not registry_problems else REGISTRY_URI
    )
    newsletter, problems = editions_mod.load(project)
    all_problems += problems
    return SiteModel(root, project, reg, newsletter, all_problems, registry_problems=list(registry_problems))


_LAST: tuple[Path, tuple, SiteModel] | None = None
_REGISTRY_PAGES: dict[str, tuple[registry_mod.Registry, dict, dict[str, str]]] = {}


def signature(root: Path) -> tuple:
    """Name, mtime and size of every content file: equal signatures mean equal models."""
    entries = []
    for section in project_mod.SECTIONS:
        base = root / section.directory
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".md", ".yml", ".yaml")):
                    stat = os.stat(os.path.join(dirpath, name))
                    entries.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def load_cached(root: Path, sig: tuple | None = None) -> SiteModel:
    """Like load(), but reuse the last model while no content file changed.

    mkdocs-static-i18n runs the whole build once per language in one process,
    and `mkdocs serve` rebuilds after every save: the second language (and a
    rebuild after a change to a theme file) need not read the content again.
    ``sig`` is ``signature(root)`` when the caller has it already.
    """
    global _LAST
    root = Path(root).resolve()
    if sig is None:
        sig = signature(root)
    registry = None
    if _LAST is not None and _LAST[0] == root:
        if _LAST[1] == sig:
            return _LAST[2]
        folder = str(root / REGISTRY_DIR)
        if _registry_files(_LAST[1], folder) == _registry_files(sig, folder):
            registry = (_LAST[2].registry, _LAST[2].registry_problems)  # only pages changed
    model = load(root, registry)
    _LAST = (root, sig, model)
    return model


def _registry_files(sig: tuple, folder: str) -> list[tuple]:
    return [entry for entry in sig if entry[0] == folder or entry[0].startswith(folder + os.sep)]


def unaffected_languages(before: tuple, after: tuple, default: str, languages: tuple[str, ...]) -> set[str]:
    """The languages whose pages cannot have changed between two signatures.

    A language's pages are built from its own files and, where a translation is
    missing, from the Dutch original. So when only existing pages were saved:
    a saved translation (``*.en.md``) leaves every other language as it was, and
    a saved original leaves the other languages as they were when each has its
    translation. Added or removed files, registry files, or no change at all
    (a template, say) affect every language: the result is empty.
    """
    if not before or len(before) != len(after):
        return set()
    if any((old[0], old[1]) != (new[0], new[1]) for old, new in zip(before, after)):
        return set()
    changed = [new for old, new in zip(before, after) if old != new]
    if not changed:
        return set()
    names = {(entry[0], entry[1]) for entry in after}
    unaffected = set(languages)
    for dirpath, name, _mtime, _size in changed:
        stem, dot, lang = name[: -len(".md")].rpartition(".") if name.endswith(".md") else ("", "", "")
        if not dot or lang not in languages:
            return set()
        unaffected.discard(lang)
        if lang == default:
            unaffected -= {other for other in languages if (dirpath, f"{stem}.{other}.md") not in names}
    return unaffected
