"""The ``ketenwijzer`` command line: checks and editors' tools."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.domain import editions, project as project_mod, translations
from ketenwijzer.cli.settings import build_settings
from ketenwijzer.site import checks, publication, sitemodel
from ketenwijzer.domain.problems import ContentError, display_path


def _load(root: str) -> project_mod.Project:
    return project_mod.load(Path(root))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ketenwijzer")
def main() -> None:
    """Ketenwijzer: build and maintain the migration chain knowledge site.

    \b
    Example:
      ketenwijzer check
      ketenwijzer translations --strict
    """


def _today() -> dt.date:
    try:
        return editions.today()
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@main.command()
@root_option
@click.option(
    "--edition",
    "number",
    type=int,
    default=None,
    metavar="N",
    help="Also check edition N as 'edition publish N' would: its problems are errors, "
    "and so are placeholders and missing English translations.",
)
@click.option("--allow-untranslated", is_flag=True, help="With --edition: accept pages without a current English translation.")
def check(root: str, number: int | None, allow_untranslated: bool) -> None:
    """Validate all content without building the site.

    Lists every problem as path:line: message and exits non-zero if there is
    any. Problems of drafts and future editions are listed as warnings: they
    are not on the site yet. With --edition N they are errors, as in
    `ketenwijzer edition publish N`. (`make check` also runs
    `ketenwijzer translations --strict`.)

    \b
    Example:
      ketenwijzer check
      ketenwijzer check --edition 3
    """
    model = sitemodel.load(Path(root))
    project = model.project
    today = _today()
    found = checks.problems(model, build_settings(Path(root)), today)
    problems, drafts = editions.split_problems(found, project, today)
    readers: list[str] = []
    if number is not None:
        if number not in model.newsletter.editions:
            known = ", ".join(str(n) for n in sorted(model.newsletter.editions)) or "none"
            click.echo(f"there is no edition {number} (editions: {known})", err=True)
            sys.exit(1)
        ready = publication.readiness(model, number, today, allow_untranslated=allow_untranslated, problems=found)
        problems = sorted(set(problems) | set(ready.problems))
        readers = ready.readers
        drafts.pop(model.newsletter.editions[number].folder, None)
    for _folder, found in sorted(drafts.items()):
        for problem in sorted(found):
            click.echo(f"warning (draft, not public): {problem}", err=True)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(
            f"check failed: {_plural(len(problems), 'problem', 'problems')} in {len({p.path for p in problems})} file(s)",
            err=True,
        )
        sys.exit(1)
    _, counts = translations.report(project, today)
    reg = model.registry
    warned = sum(len(found) for found in drafts.values())
    click.echo(
        f"check passed: {len(project.sources)} sources; registry: {len(reg.organisations)} organisations, "
        f"{len(reg.roles)} roles, {len(reg.topics)} topics, {len(reg.referrals)} referrals; translations: "
        f"{counts['translated']} translated, {counts['missing']} missing, {counts['stale']} stale"
        + (f"; {_plural(warned, 'warning', 'warnings')} in drafts" if warned else "")
    )
    if number is not None:
        for line in readers:
            click.echo(f"note: {line}")
        click.echo(f"edition {number} is ready to publish: ketenwijzer edition publish {number}")


@main.command("translations")
@root_option
@click.option("--strict", is_flag=True, help="Exit non-zero when any public page's translation is missing or stale.")
@click.option(
    "--mark-current",
    "mark",
    metavar="PAGE",
    multiple=True,
    help="Record that the translation of PAGE (a file path or slug) is up to date with its Dutch original.",
)
@click.option(
    "--minor",
    "minor",
    metavar="PAGE",
    multiple=True,
    help="Record that the Dutch original of PAGE changed only in a minor way (a typo): "
    "its translation is not flagged stale, and is listed as 'minor' until it is marked current.",
)
@click.option("--only-problems", is_flag=True, help="List only missing and stale pages (and minor edits).")
def translations_cmd(root: str, strict: bool, mark: tuple[str, ...], minor: tuple[str, ...], only_problems: bool) -> None:
    """Report every page as translated, minor (edits), missing or stale.

    A translation is stale when its Dutch original changed after the
    translation was made. Once a translator has caught up, mark it current;
    after a typo fix in the Dutch text, record it as minor instead. Pages of
    drafts and future editions are listed, but --strict does not count them.

    \b
    Example:
      ketenwijzer translations --strict
      ketenwijzer translations --mark-current handreiking/01-gedeeld-doel.en.md
      ketenwijzer translations --minor handreiking/01-gedeeld-doel.nl.md
    """
    project = _load(root)
    public, _ = editions.split_problems(project.problems, project, _today())
    if public:
        for problem in public:
            click.echo(str(problem), err=True)
        click.echo("fix the problems above first (see: ketenwijzer check)", err=True)
        sys.exit(1)
    for pages, action, done in (
        (mark, translations.mark_current, "marked current"),
        (minor, translations.mark_minor, "recorded a minor edit of the Dutch text for"),
    ):
        for page in pages:
            try:
                source = action(project, page)
            except LookupError as exc:
                click.echo(str(exc), err=True)
                sys.exit(2)
            click.echo(f"{done}: {project.display(source.path)}")
        if pages:
            project = _load(root)
    lines, counts = translations.report(project, _today())
    for line in lines:
        if not only_problems or not line.startswith("translated"):
            click.echo(line)
    click.echo(
        f"translations: {counts['translated']} translated ({counts['minor']} with minor edits), "
        f"{counts['missing']} missing, {counts['stale']} stale"
        + (f"; {counts['draft']} in drafts, not counted" if counts["draft"] else "")
    )
    if strict and (counts["missing"] or counts["stale"]):
        sys.exit(1)


today_option = click.option(
    "--today",
    "today_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Run as if it were this day (default: KETENWIJZER_TODAY, else today's date).",
)


def _set_today(today_text: str | None) -> dt.date:
    """--today wins over KETENWIJZER_TODAY; the build and the announcement read the same clock."""
    if today_text is not None:
        os.environ[editions.TODAY_VARIABLE] = today_text
    return _today()


@main.command("publish-due")
@root_option
@click.option(
    "--site-dir",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the published site is built (relative to --root).",
)
@click.option("--dry-run", is_flag=True, help="Only list the editions that become public; build nothing.")
@today_option
def publish_due(root: str, site_dir: str, dry_run: bool, today_text: str | None) -> None:
    """Rebuild the published site so that every edition whose date has come is on it.

    An edition published with a date in the future (`edition publish N --date
    ...`) stays off the site until that day. Run this every day (the systemd
    timer in deploy/, or cron), then `ketenwijzer notify --due`.

    \b
    Example:
      ketenwijzer publish-due
      ketenwijzer publish-due --today 2026-12-15 --dry-run
    """
    from mkdocs.exceptions import MkDocsException

    from ketenwijzer.mkdocs_adapter import build

    today = _set_today(today_text)
    base = Path(root).resolve()
    site = base / site_dir
    model = sitemodel.load(base)
    due = publication.newly_public(model, today, site)
    for edition in due:
        click.echo(f"new on the site: edition {edition.number} (dated {edition.date.isoformat()})")
    if dry_run:
        click.echo(f"dry run: {_plural(len(due), 'edition becomes', 'editions become')} public; nothing was built")
        return
    try:
        build.build_site(base, site)
    except (MkDocsException, ContentError) as exc:
        click.echo(f"publish-due: the build failed, the site was not updated: {exc}", err=True)
        sys.exit(1)
    missing = [e for e in due if not (site / e.folder / "index.html").is_file()]
    if missing:
        click.echo(f"publish-due: edition {missing[0].number} is not in the built site; see the build output", err=True)
        sys.exit(1)
    click.echo(
        f"built {display_path(site, base)} for {today.isoformat()}: {_plural(len(due), 'edition', 'editions')} new on the site"
        + ("; next: ketenwijzer notify --due" if due else "")
    )


@main.command("schema")
@click.option("--json", "as_json", is_flag=True, help="Print every schema as JSON Schema (one object, by file name).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Write one JSON Schema file per schema into DIR instead (as .vscode/schemas/ holds them).",
)
def schema_cmd(as_json: bool, out: Path | None) -> None:
    """The front matter and registry schemas as JSON Schema, for editors that validate as you type.

    .vscode/settings.json maps the files in .vscode/schemas/ (written with
    --out .vscode/schemas) onto the registry files for VS Code's YAML extension.

    \b
    Example:
      ketenwijzer schema --json
      ketenwijzer schema --json --out .vscode/schemas
    """
    from ketenwijzer.domain import schema as schema_mod

    found = schema_mod.json_schemas()
    if not as_json:
        for name in found:
            click.echo(name)
        click.echo("(ketenwijzer schema --json prints them; add --out DIR to write them as files)")
        return
    if out is None:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, value in found.items():
        (out / name).write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"wrote {(out / name).as_posix()}")


from ketenwijzer.site.announcements import load_announcement  # noqa: E402
from ketenwijzer.cli.editions import article_group, edition_group  # noqa: E402
from ketenwijzer.cli.importer import import_cmd  # noqa: E402
from ketenwijzer.cli.registry import registry_group  # noqa: E402
from ketenwijzer.cli.render import render_cmd  # noqa: E402
from ketenwijzer.subscriptions.cli import make_notify_command, subscriptions  # noqa: E402
from ketenwijzer.subscriptions.settings import Settings, SettingsError  # noqa: E402
from ketenwijzer.subscriptions.store import Store, StoreError  # noqa: E402


def _notify_command() -> click.Command:
    """The subscriptions package's notify command, with --due (and --today) added around it.

    Without --due it is that command unchanged. With --due it picks the editions
    (see publication.due_announcements) and runs it for each.
    """
    command = make_notify_command(load_announcement)
    send_one = command.callback
    for param in command.params:
        if param.name == "edition":
            param.required = False
    command.params += [
        click.Option(
            ["--due"],
            is_flag=True,
            help="Announce every public edition dated in the last --within days that was not announced yet "
            "(run it daily, after publish-due).",
        ),
        click.Option(
            ["--within"],
            type=click.IntRange(min=0),
            default=7,
            show_default=True,
            metavar="DAYS",
            help="With --due: how far back an edition's date may lie.",
        ),
    ]
    today_option(command)
    command.help = (command.help or "") + "\n\n\b\nEvery day, after publish-due:\n  ketenwijzer notify --due"

    @click.pass_context
    def notify(ctx, edition, due, within, today_text, **options):
        today = _set_today(today_text)
        if due == (edition is not None):
            click.echo("give an EDITION number or --due (not both)", err=True)
            sys.exit(2)
        if not due:
            return ctx.invoke(send_one, edition=edition, **options)
        try:
            settings = Settings.from_env(root=Path(options["root"]))
        except SettingsError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        if settings.db_path is not None and not settings.db_path.is_file():
            click.echo(
                f"no subscriber database at {settings.db_path} (set KETENWIJZER_DB, or run from the project folder)", err=True
            )
            sys.exit(1)
        model = sitemodel.load(Path(options["root"]))
        try:
            store = Store(settings.db, suppression_key=settings.suppression_key)
        except StoreError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        try:
            due_editions, skipped = publication.due_announcements(store, model.newsletter.newest_first(today), today, within)
        finally:
            store.close()
        for line in skipped:
            click.echo(f"notify --due: {line}")
        if not due_editions:
            click.echo(f"notify --due: nothing to announce on {today.isoformat()}")
            return
        for found in due_editions:
            click.echo(f"notify --due: announcing edition {found.number} (dated {found.date.isoformat()})")
            ctx.invoke(send_one, edition=found.number, **options)

    command.callback = notify
    return command


main.add_command(edition_group)
main.add_command(article_group)
main.add_command(import_cmd)
main.add_command(registry_group)
main.add_command(render_cmd)
main.add_command(subscriptions)
main.add_command(_notify_command())

if __name__ == "__main__":  # pragma: no cover
    main()
