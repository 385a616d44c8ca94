"""Options every command that reads the project shares."""

from __future__ import annotations

import click

root_option = click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, exists=True),
    help="The project folder (the one holding mkdocs.yml).",
)
