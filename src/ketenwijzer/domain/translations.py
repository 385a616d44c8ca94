"""Translation status: is every Dutch page translated, and is the translation current?

A translation records the fingerprint of the Dutch text it was made from in its
front matter (``translation_of: <fingerprint>``). When the Dutch original
changes, the fingerprints differ and the translation is *stale* until a
translator catches up and runs ``ketenwijzer translations --mark-current``.
A typo fix in the original need not wait for the translator:
``ketenwijzer translations --minor`` records it as a minor edit (the translation
stays current, and is listed apart until someone reviews it and marks it current).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ketenwijzer.domain import editions, frontmatter_edit
from ketenwijzer.domain.frontmatter import Document
from ketenwijzer.domain.project import DEFAULT_LANGUAGE, LANGUAGES, Project, Source, translation_path

TRANSLATED, MISSING, STALE = "translated", "missing", "stale"
MINOR, DRAFT = "minor", "draft"  # counted apart in report()
FINGERPRINT_KEY = "translation_of"
MINOR_KEY = "minor_edit_of"


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
    # translated, but from an earlier Dutch text: the changes since were recorded as minor (--minor)
    minor: bool = False


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
            minor = False
            if translation is None:
                state = MISSING
            elif translation.doc is not None and translation.doc.meta.get(FINGERPRINT_KEY) == expected:
                state = TRANSLATED
                minor = bool(translation.doc.meta.get(MINOR_KEY))
            else:
                state = STALE
            result.append(Status(slug, lang, state, original, translation, minor))
    return result


def state_of(project: Project, slug: str, lang: str) -> str | None:
    for status in statuses(project):
        if status.slug == slug and status.lang == lang:
            return status.state
    return None


def report(project: Project, on: dt.date | None = None) -> tuple[list[str], dict[str, int]]:
    """One line per translation, and counts; with ``on``, pages of drafts and future editions count apart.

    Counts: translated (minor edits included), minor, missing, stale, and
    draft (missing or stale, but not public on ``on``: not for --strict).
    """
    hidden = set(editions.non_public_folders(project, on)) if on is not None else set()
    lines = []
    counts = {TRANSLATED: 0, MINOR: 0, MISSING: 0, STALE: 0, DRAFT: 0}
    for status in statuses(project):
        draft = status.state != TRANSLATED and status.slug.rsplit("/", 1)[0] in hidden
        counts[DRAFT if draft else status.state] += 1
        note = "  (draft, not public yet)" if draft else ""
        translation = status.translation  # None exactly when the state is MISSING
        if translation is None:
            where = translation_path(project.display(status.original.path), status.lang)
            lines.append(f"missing     {status.lang}  {status.slug}  (create {where}){note}")
        elif status.state == STALE:
            where = project.display(translation.path)
            lines.append(
                f"stale       {status.lang}  {status.slug}  (update {where}, then run: ketenwijzer translations "
                f"--mark-current {where}; only a typo fixed in Dutch: --minor "
                f"{project.display(status.original.path)}){note}"
            )
        elif status.minor:
            counts[MINOR] += 1
            where = project.display(translation.path)
            lines.append(
                f"minor       {status.lang}  {status.slug}  (current; the Dutch text had minor edits since "
                f"the translation: review them, then --mark-current {where})"
            )
        else:
            lines.append(f"translated  {status.lang}  {status.slug}")
    return lines, counts


def write_fingerprint(path: Path, value: str, *, minor_of: str | None = None, shown: str | None = None) -> None:
    """Set ``translation_of`` (and, for a minor edit, ``minor_edit_of``) with the one front matter editor.

    Every byte outside those keys stays as it was (a byte order mark and CRLF
    line ends included) and the file is replaced atomically. A translation
    marked current loses its record of minor edits.
    """
    if minor_of is not None:
        frontmatter_edit.set_keys(path, {FINGERPRINT_KEY: value, MINOR_KEY: minor_of}, shown=shown)
        return
    frontmatter_edit.set_keys(path, {FINGERPRINT_KEY: value}, shown=shown)
    frontmatter_edit.remove_keys(path, [MINOR_KEY], shown=shown)


def find_translation(project: Project, page: str) -> Source:
    """Resolve PAGE (a path of either language, from here or from the project folder, or a slug) to its translation."""
    wanted = {p.resolve() for p in (Path(page), project.root / page) if p.exists()}
    for source in project.sources:
        if source.lang == DEFAULT_LANGUAGE:
            continue
        original = source.path.with_name(translation_path(source.path.name, DEFAULT_LANGUAGE))
        if source.slug == page.strip("/") or source.path in wanted or original in wanted:
            return source
    raise LookupError(
        f"{page}: no translation found; give the path of a .en.md file or a page slug such as 'handreiking/samenwerking'"
    )


def _original_text(project: Project, translation: Source) -> Document:
    """The Dutch original of ``translation``, as read (every translation has one: the project reports it otherwise)."""
    original = project.pages()[translation.slug].get(DEFAULT_LANGUAGE)
    if original is None or original.doc is None:
        raise LookupError(
            f"{project.display(translation.path)}: there is no Dutch original to compare it with; run ketenwijzer check"
        )
    return original.doc


def mark_current(project: Project, page: str) -> Source:
    translation = find_translation(project, page)
    write_fingerprint(
        translation.path, fingerprint(_original_text(project, translation)), shown=project.display(translation.path)
    )
    return translation


def mark_minor(project: Project, page: str) -> Source:
    """Record that the Dutch original of PAGE changed only in minor ways since its translation was current.

    The translation keeps the fingerprint it was made from in ``minor_edit_of``
    (the first one, over several minor edits) and counts as current.
    """
    translation = find_translation(project, page)
    meta = translation.doc.meta if translation.doc is not None else {}
    shown = project.display(translation.path)
    made_from = meta.get(FINGERPRINT_KEY)
    current = fingerprint(_original_text(project, translation))
    if made_from == current:
        raise LookupError(f"{shown}: the translation is current; there is no change of the Dutch text to record")
    if not made_from:
        raise LookupError(
            f"{shown}: the translation was never marked current, so no earlier Dutch text is known; "
            f"check the translation, then run: ketenwijzer translations --mark-current {shown}"
        )
    write_fingerprint(translation.path, current, minor_of=str(meta.get(MINOR_KEY) or made_from), shown=shown)
    return translation
