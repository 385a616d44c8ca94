"""Translation status: is every Dutch page translated, and is the translation current?

A translation records the fingerprint of the Dutch text it was made from in its
front matter (``translation_of: <fingerprint>``). When the Dutch original
changes, the fingerprints differ and the translation is *stale* until a
translator catches up and runs ``ketenwijzer translations --mark-current``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import Document
from .project import DEFAULT_LANGUAGE, LANGUAGES, Project, Source

TRANSLATED, MISSING, STALE = "translated", "missing", "stale"
FINGERPRINT_KEY = "translation_of"


def fingerprint(doc: Document) -> str:
    """A short hash of the translatable text of a Dutch source."""
    parts = [str(doc.meta.get("title", "")), str(doc.meta.get("description", ""))]
    body = "\n".join(line.rstrip() for line in doc.body.strip().splitlines())
    digest = hashlib.sha256("\n".join([*parts, body]).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Status:
    slug: str
    lang: str
    state: str
    original: Source
    translation: Source | None


def statuses(project: Project) -> list[Status]:
    result = []
    for slug, by_lang in sorted(project.pages().items()):
        original = by_lang.get(DEFAULT_LANGUAGE)
        if original is None or original.doc is None:
            continue
        expected = fingerprint(original.doc)
        for lang in LANGUAGES:
            if lang == DEFAULT_LANGUAGE:
                continue
            translation = by_lang.get(lang)
            if translation is None:
                state = MISSING
            elif translation.doc is not None and translation.doc.meta.get(FINGERPRINT_KEY) == expected:
                state = TRANSLATED
            else:
                state = STALE
            result.append(Status(slug, lang, state, original, translation))
    return result


def state_of(project: Project, slug: str, lang: str) -> str | None:
    for status in statuses(project):
        if status.slug == slug and status.lang == lang:
            return status.state
    return None


def report(project: Project) -> tuple[list[str], dict[str, int]]:
    lines = []
    counts = {TRANSLATED: 0, MISSING: 0, STALE: 0}
    for status in statuses(project):
        counts[status.state] += 1
        if status.state == MISSING:
            where = project.display(status.original.path).replace(".nl.md", f".{status.lang}.md")
            lines.append(f"missing     {status.lang}  {status.slug}  (create {where})")
        elif status.state == STALE:
            where = project.display(status.translation.path)
            lines.append(f"stale       {status.lang}  {status.slug}  (update {where}, then run: ketenwijzer translations --mark-current {where})")
        else:
            lines.append(f"translated  {status.lang}  {status.slug}")
    return lines, counts


_FENCE = re.compile(r"^---\s*$")


def write_fingerprint(path: Path, value: str) -> None:
    """Set ``translation_of`` in a file's front matter, leaving the rest as it is."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    new_line = f"{FINGERPRINT_KEY}: {value}\n"
    if not lines or not _FENCE.match(lines[0]):
        path.write_text(f"---\n{new_line}---\n{text}", encoding="utf-8")
        return
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            close = index
            break
        if lines[index].startswith(f"{FINGERPRINT_KEY}:"):
            lines[index] = new_line
            path.write_text("".join(lines), encoding="utf-8")
            return
    else:
        raise ValueError(f"{path}: front matter has no closing '---' line")
    lines.insert(close, new_line)
    path.write_text("".join(lines), encoding="utf-8")


def find_translation(project: Project, page: str) -> Source:
    """Resolve PAGE (a path of either language, or a slug) to its translation source."""
    wanted = Path(page)
    for source in project.sources:
        if source.lang == DEFAULT_LANGUAGE:
            continue
        if source.slug == page.strip("/") or (wanted.exists() and source.path == wanted.resolve()):
            return source
        original = source.path.with_name(source.path.name.replace(f".{source.lang}.md", f".{DEFAULT_LANGUAGE}.md"))
        if wanted.exists() and original == wanted.resolve():
            return source
    raise LookupError(f"{page}: no translation found; give the path of a .en.md file or a page slug such as 'handreiking/samenwerking'")


def mark_current(project: Project, page: str) -> Source:
    translation = find_translation(project, page)
    original = project.pages()[translation.slug][DEFAULT_LANGUAGE]
    write_fingerprint(translation.path, fingerprint(original.doc))
    return translation
