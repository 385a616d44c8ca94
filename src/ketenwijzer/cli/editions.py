"""Editors' commands: ``edition new``, ``edition publish``, ``article new``.

Thin click wrappers over :mod:`editions`, :mod:`frontmatter_edit` and the
site model; every refusal says why and what to do, and exits non-zero.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.domain import editions, frontmatter_edit, scaffolds, slugs
from ketenwijzer.cli.settings import build_settings
from ketenwijzer.site import checks, publication, sitemodel


def _fail(message: str, code: int = 1):
    click.echo(message, err=True)
    sys.exit(code)


def _write_new(path: Path, text: str, force: bool, root: Path) -> None:
    shown = path.relative_to(root).as_posix()
    if path.exists() and not force:
        _fail(f"{shown} already exists; not overwriting it (use --force to replace it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {shown}")


def _today() -> dt.date:
    try:
        return editions.today()
    except ValueError as exc:
        _fail(str(exc), 2)


def _date(value: str | None) -> dt.date:
    if value is None:
        return _today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--date '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01", 2)


def _model(root: Path) -> sitemodel.SiteModel:
    return sitemodel.load(root)


@click.group("edition")
def edition_group() -> None:
    """Create and publish VreemdelingenVisie editions.

    \b
    Example:
      ketenwijzer edition new --title "Samen werken aan terugkeer"
      ketenwijzer edition publish 3 --date 2026-12-01
    """


@edition_group.command("new")
@root_option
@click.option("--title", default=None, help="Theme of the edition, e.g. 'Samen werken aan terugkeer'.")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD", help="Planned publication date (default: today).")
@click.option("--force", is_flag=True, help="Replace the edition's files if they exist.")
def edition_new(root: str, title: str | None, date_text: str | None, force: bool) -> None:
    """Scaffold the next edition as a draft, in Dutch and English.

    \b
    Example:
      ketenwijzer edition new --title "Samen werken aan terugkeer"
    """
    base = Path(root).resolve()
    model = _model(base)
    number = model.newsletter.next_number()
    for path, text in scaffolds.edition(number, title, _date(date_text)).items():
        _write_new(base / path, text, force, base)
    click.echo(
        f'edition {number} is a draft. Next: ketenwijzer article new {number} "Title"; '
        f"add a cover (cover: and cover_alt:) if you like; then ketenwijzer edition publish {number}"
    )


@edition_group.command("publish")
@click.argument("number", type=int)
@root_option
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD", help="Publication date (default: today).")
@click.option(
    "--allow-untranslated",
    is_flag=True,
    help="Publish even when a page has no current English translation (English readers get the Dutch text "
    "with a notice, or the older translation with a notice).",
)
def edition_publish(number: int, root: str, date_text: str | None, allow_untranslated: bool) -> None:
    """Publish edition NUMBER: set its status and date once every check passes.

    Refuses while `ketenwijzer check --edition NUMBER` finds problems: the
    edition's own problems (only warnings while it is a draft), placeholder
    texts of the scaffold in any language, no articles, or a page without a
    current English translation (unless --allow-untranslated). A date in the
    future makes it appear on that day (see `ketenwijzer publish-due`).

    \b
    Example:
      ketenwijzer edition publish 3 --date 2026-12-01
    """
    base = Path(root).resolve()
    day = _date(date_text)
    today = _today()
    model = _model(base)
    edition = model.newsletter.editions.get(number)
    if edition is None:
        known = ", ".join(str(n) for n in sorted(model.newsletter.editions)) or "none"
        _fail(f"there is no edition {number} (editions: {known}); create one with: ketenwijzer edition new")
    if edition.status == "published":
        click.echo(f"edition {number} is already published (date {edition.date.isoformat()}); nothing changed")
        return
    on = max(day, today)
    ready = publication.readiness(
        model, number, on, allow_untranslated=allow_untranslated, problems=checks.problems(model, build_settings(base), on)
    )
    if not ready.ready:
        for problem in ready.problems:
            click.echo(str(problem), err=True)
        _fail(
            f"not published: fix the {len(ready.problems)} problem(s) above first "
            f"(ketenwijzer check --edition {number} lists them)"
        )
    frontmatter_edit.set_keys(base / scaffolds.edition_index(number), {"status": "published", "date": day})
    click.echo(f"published edition {number} dated {day.isoformat()}")
    for line in ready.readers:
        click.echo(f"note: {line}")
    if day > today:
        click.echo(
            f"it is not on the site before {day.isoformat()}: the daily run of 'ketenwijzer publish-due' "
            f"builds it and 'ketenwijzer notify --due' mails it on that day"
        )
    else:
        click.echo(f"next: rebuild the site (make site), then send it: ketenwijzer notify {number}")


@click.group("article")
def article_group() -> None:
    """Create newsletter articles.

    \b
    Example:
      ketenwijzer article new 3 "Hostmanship in Nigeria"
    """


@article_group.command("new")
@click.argument("edition_number", metavar="EDITION", type=int)
@click.argument("title")
@root_option
@click.option("--slug", default=None, help="The file name (default: made from the title).")
@click.option("--force", is_flag=True, help="Replace the article's files if they exist.")
@click.option("--into-published", is_flag=True, help="Add the article to an edition that is already public.")
def article_new(edition_number: int, title: str, root: str, slug: str | None, force: bool, into_published: bool) -> None:
    """Scaffold an article in edition EDITION, in Dutch and English, and list it in the edition.

    \b
    Example:
      ketenwijzer article new 3 "Hostmanship in Nigeria"
    """
    base = Path(root).resolve()
    model = _model(base)
    edition = model.newsletter.editions.get(edition_number)
    if edition is None:
        _fail(f"edition {edition_number} does not exist; create it with: ketenwijzer edition new")
    if not title.strip():
        _fail('the title is empty; give the article a title, e.g. "Hostmanship in Nigeria"', 2)
    name = slug or slugs.slugify(title)
    if not name or name != slugs.slugify(name):
        _fail(f"cannot make a file name from '{slug or title}'; pass --slug with lowercase letters, digits and dashes", 2)
    if edition.visible(_today()) and not into_published:
        _fail(
            f"edition {edition_number} is published: a new article would be online, unfinished, with the next build; "
            f"write it in a draft edition, or pass --into-published if you really mean to add it now"
        )
    original = scaffolds.article_file(edition_number, name)
    if not force and (base / original).exists():
        _fail(
            f"{original} already exists; not overwriting it. Edit that article, "
            f"pick another title or --slug, or pass --force to replace it"
        )
    for path, text in scaffolds.article(edition_number, name, title).items():
        _write_new(base / path, text, force, base)
    frontmatter_edit.append_to_list(base / scaffolds.edition_index(edition_number), "articles", name)
    click.echo(
        f"listed '{name}' in {scaffolds.edition_index(edition_number)}. Fill in description, lead and author, "
        f"write the text, then check: ketenwijzer check --edition {edition_number}"
    )
