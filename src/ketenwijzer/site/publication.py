"""Is an edition ready for readers? What do readers of each language see?

Used by ``ketenwijzer edition publish N`` and ``ketenwijzer check --edition N``
(which refuse on any problem found here) and by ``publish-due``. Plain Python:
the site model and the translation states, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ketenwijzer.domain import editions, project as project_mod, scaffolds, translations
from ketenwijzer.site import sitemodel
from ketenwijzer.domain.problems import Problem


@dataclass
class Readiness:
    number: int
    problems: list[Problem] = field(default_factory=list)
    # what readers of each other language see, one line per page that is not a current translation
    readers: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


def readiness(
    model: sitemodel.SiteModel,
    number: int,
    on: dt.date,
    *,
    allow_untranslated: bool = False,
    problems: list[Problem] | None = None,
) -> Readiness:
    """Everything that stops edition ``number`` from going out, as errors.

    The problems of public content and of this edition's own files (which are
    only warnings while it is a draft), scaffold placeholders in any language,
    and pages without a current English translation unless ``allow_untranslated``.
    ``problems`` are all the content's problems (default: the model's; ``checks.problems``
    adds those the build finds, such as anchors).
    """
    result = Readiness(number)
    edition = model.newsletter.editions[number]
    public, drafts = editions.split_problems(model.problems if problems is None else problems, model.project, on)
    result.problems += public + drafts.get(edition.folder, [])
    if not edition.articles:
        result.problems.append(
            Problem(
                scaffolds.edition_index(number),
                1,
                f'edition {number} has no articles; add one with: ketenwijzer article new {number} "Title"',
            )
        )
    pages = model.project.pages()
    slugs = [edition.slug, *edition.articles]
    for slug in slugs:
        for source in pages.get(slug, {}).values():
            result.problems += placeholder_problems(model.project, source)
    states = model.translation_states()
    for slug in slugs:
        for lang in project_mod.LANGUAGES:
            if lang == project_mod.DEFAULT_LANGUAGE:
                continue
            state = states.get((slug, lang))
            if state == translations.TRANSLATED:
                continue
            original = model.project.display(pages[slug][project_mod.DEFAULT_LANGUAGE].path)
            target = project_mod.translation_path(original, lang)
            if state == translations.MISSING:
                seen = "the Dutch original with the notice that it is not yet translated"
                fix = f"translate it into {target}"
            else:
                seen = "the older English text under a notice that the translation is out of date"
                fix = f"bring it up to date and run: ketenwijzer translations --mark-current {target}; or delete it"
            line = f"{lang}: {slug}: readers of /{lang}/ see {seen}"
            result.readers.append(line)
            if not allow_untranslated:
                result.problems.append(
                    Problem(
                        target if state != translations.MISSING else original,
                        1,
                        f"no current {lang} translation ({state}): readers of /{lang}/ would see "
                        f"{seen}; {fix}; or publish with --allow-untranslated",
                    )
                )
    result.problems.sort()
    return result


def placeholder_problems(project: project_mod.Project, source: project_mod.Source) -> list[Problem]:
    """A problem for every scaffold text left in a source: its title, its body lines."""
    if source.doc is None:
        return []
    shown = project.display(source.path)
    found = []
    if scaffolds.placeholder_lines(str(source.doc.meta.get("title", ""))):
        found.append((source.doc.line_of("title"), str(source.doc.meta["title"])))
    found += scaffolds.placeholder_lines(source.doc.body, source.doc.body_line)
    return [
        Problem(
            shown,
            line,
            f"still has the placeholder '{text}' that ketenwijzer wrote when it made the file; "
            "replace it with the real text (or delete the line)",
        )
        for line, text in found
    ]


def newly_public(model: sitemodel.SiteModel, on: dt.date, site_dir: Path) -> list[editions.Edition]:
    """Editions public on ``on`` whose page the built site in ``site_dir`` does not have yet (oldest first)."""
    visible = reversed(model.newsletter.newest_first(on))
    return [edition for edition in visible if not (site_dir / edition.folder / "index.html").is_file()]


def due_announcements(
    store, visible: list[editions.Edition], on: dt.date, window: int
) -> tuple[list[editions.Edition], list[str]]:
    """Which public editions ``notify --due`` sends, and why each other recent one is left alone.

    An edition is due when it is dated in the last ``window`` days (older ones,
    such as editions added to the archive afterwards, are never mailed by the
    schedule) and its ledger has no 'sent' row yet, or a run that stopped
    halfway (rows still 'sending' or 'failed'). The ledger then sends each
    subscriber the edition once.
    """
    due, skipped = [], []
    for edition in sorted(visible, key=lambda e: (e.date, e.number)):
        if edition.date < on - dt.timedelta(days=window):
            continue
        states = set(store.ledger(edition.number).values())
        if "sent" in states and not states & {"sending", "failed"}:
            skipped.append(f"edition {edition.number} (dated {edition.date.isoformat()}) was announced already")
        else:
            due.append(edition)
    return due, skipped
