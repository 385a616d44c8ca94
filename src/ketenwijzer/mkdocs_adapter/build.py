"""Build the project's site with MkDocs from Python (``ketenwijzer publish-due``)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(root: Path, site_dir: Path) -> None:
    """The strict build `make site` runs, in this process (the caller has set the clock)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
