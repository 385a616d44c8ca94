"""``ketenwijzer render DIR``: the site as plain Markdown trees, one per language."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.generators import markdown_tree as render


@click.command("render")
@click.argument("directory", type=click.Path(file_okay=False))
@root_option
def render_cmd(directory: str, root: str) -> None:
    """Write each language's complete Markdown tree into DIRECTORY.

    Every page as the plugin feeds it to MkDocs (registry pages, archive, decorated
    editions and articles, notices included), the files beside the pages, and a
    single-language mkdocs.yml: `mkdocs build -f DIRECTORY/nl/mkdocs.yml` builds it
    with MkDocs and Material alone, without this plugin and without static-i18n.

    \b
    Example:
      ketenwijzer render plain/
      mkdocs build -f plain/en/mkdocs.yml -d plain-site/en
    """
    try:
        configs = render.render(Path(root), Path(directory))
    except RuntimeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for lang, path in configs.items():
        pages = sum(1 for _ in (path.parent / "docs").rglob("*.md"))
        click.echo(f"{lang}: {pages} pages in {path.parent / 'docs'}; build with: mkdocs build -f {path}")
