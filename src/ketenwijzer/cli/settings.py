"""What the build renders with, read from ``mkdocs.yml`` for the commands that check content as the build does."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ketenwijzer.site import checks


def build_settings(root: Path) -> checks.BuildSettings:
    """The theme's folders and the Markdown extensions the build uses, read from mkdocs.yml by MkDocs' own
    options (as `mkdocs build` reads them, without loading the plugins: that keeps the check fast)."""
    from mkdocs.config.base import Config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import yaml_load

    class BuildPart(Config):
        theme = MkDocsConfig.theme
        markdown_extensions = MkDocsConfig.markdown_extensions
        mdx_configs = MkDocsConfig.mdx_configs

    path = Path(root).resolve() / "mkdocs.yml"
    try:
        with open(path, encoding="utf-8") as handle:
            raw = yaml_load(handle) or {}
    except OSError as exc:
        click.echo(f"cannot read {path}: {exc.strerror or exc}; run the command in the project folder or pass --root", err=True)
        sys.exit(2)
    except Exception as exc:  # the YAML, or an !ENV or !relative tag, that MkDocs' loader refuses
        click.echo(f"mkdocs.yml cannot be read: {exc}", err=True)
        sys.exit(1)
    config = BuildPart(config_file_path=str(path))
    config.load_dict({key: raw[key] for key in ("theme", "markdown_extensions") if key in raw})
    errors, _warnings = config.validate()
    if errors:
        for key, error in errors:
            click.echo(f"mkdocs.yml: '{key}': {error}", err=True)
        sys.exit(1)
    return checks.BuildSettings(tuple(config.theme.dirs), tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
