"""The ``ketenwijzer`` command line: checks and editors' tools."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import project as project_mod, sitemodel, translations


def _load(root: str) -> project_mod.Project:
    return project_mod.load(Path(root))


root_option = click.option(
    "--root", default=".", show_default=True, type=click.Path(file_okay=False, exists=True),
    help="The project folder (the one holding mkdocs.yml).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ketenwijzer")
def main() -> None:
    """Ketenwijzer: build and maintain the migration chain knowledge site.

    \b
    Example:
      ketenwijzer check
      ketenwijzer translations --strict
    """


@main.command()
@root_option
def check(root: str) -> None:
    """Validate all content without building the site.

    Lists every problem as path:line: message and exits non-zero if there is any.

    \b
    Example:
      ketenwijzer check
    """
    model = sitemodel.load(Path(root))
    project = model.project
    problems = list(model.problems)
    _, counts = translations.report(project)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"check failed: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {len({p.path for p in problems})} file(s)", err=True)
        sys.exit(1)
    reg = model.registry
    click.echo(f"check passed: {len(project.sources)} sources; registry: {len(reg.organisations)} organisations, "
               f"{len(reg.roles)} roles, {len(reg.topics)} topics, {len(reg.referrals)} referrals; translations: "
               f"{counts['translated']} translated, {counts['missing']} missing, {counts['stale']} stale")


@main.command("translations")
@root_option
@click.option("--strict", is_flag=True, help="Exit non-zero when any translation is missing or stale.")
@click.option("--mark-current", "mark", metavar="PAGE", multiple=True,
              help="Record that the translation of PAGE (a file path or slug) is up to date with its Dutch original.")
@click.option("--only-problems", is_flag=True, help="List only missing and stale pages.")
def translations_cmd(root: str, strict: bool, mark: tuple[str, ...], only_problems: bool) -> None:
    """Report every page as translated, missing or stale.

    A translation is stale when its Dutch original changed after the
    translation was made. Once a translator has caught up, mark it current.

    \b
    Example:
      ketenwijzer translations --strict
      ketenwijzer translations --mark-current handreiking/01-gedeeld-doel.en.md
    """
    project = _load(root)
    if project.problems:
        for problem in project.problems:
            click.echo(str(problem), err=True)
        click.echo("fix the problems above first (see: ketenwijzer check)", err=True)
        sys.exit(1)
    if mark:
        for page in mark:
            try:
                source = translations.mark_current(project, page)
            except LookupError as exc:
                click.echo(str(exc), err=True)
                sys.exit(2)
            click.echo(f"marked current: {project.display(source.path)}")
        project = _load(root)
    lines, counts = translations.report(project)
    for line in lines:
        if not only_problems or not line.startswith("translated"):
            click.echo(line)
    click.echo(f"translations: {counts['translated']} translated, {counts['missing']} missing, {counts['stale']} stale")
    if strict and (counts["missing"] or counts["stale"]):
        sys.exit(1)


from .announcements import load_announcement  # noqa: E402
from .editions_cli import article_group, edition_group  # noqa: E402
from .importer_cli import import_cmd  # noqa: E402
from .registry_cli import registry_group  # noqa: E402
from .render_cli import render_cmd  # noqa: E402
from .subscriptions.cli import make_notify_command, subscriptions  # noqa: E402

main.add_command(edition_group)
main.add_command(article_group)
main.add_command(import_cmd)
main.add_command(registry_group)
main.add_command(render_cmd)
main.add_command(subscriptions)
main.add_command(make_notify_command(load_announcement))

if __name__ == "__main__":  # pragma: no cover
    main()
