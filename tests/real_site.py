"""The real site as tests and benchmarks see it: what it is made of, one page of every type,
and the Chromium that drives it. Shared by tests/conftest.py, the browser tests and
benchmarks/page_weight.py."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# everything a build of the site reads
CONTENT = ("docs", "handreiking", "stories", "overrides", "mkdocs.yml")

# one page of every type, by path in the Dutch site; the English one is under en/
PAGE_TYPES = {
    "home": "",
    "chapter": "handreiking/03-verwijzen/",
    "story": "verhalen/regievoerder-dtv/",
    "edition": "vreemdelingenvisie/02/",
    "article": "vreemdelingenvisie/02/cbr-hostmanship/",
    "archive": "vreemdelingenvisie/",
    "organisation": "wie-doet-wat/organisaties/dtv/",
    "role": "wie-doet-wat/rollen/coa-woonbegeleider/",
    "topic": "wie-doet-wat/onderwerpen/opvang/",
    "finder": "wie-doet-wat/verwijzen/",
    "overview": "wie-doet-wat/",
    "subscribe": "aanmelden/",
    "privacy": "privacy/",  # the trust pages: a table, admonitions, long text
    "accessibility": "toegankelijkheid/",
    "contact": "contact/",
}

# Debian's chromium (browser downloads are impossible here), headless and quiet
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def copy_content(root: Path) -> None:
    """Copy the repository's site sources into ``root`` (which may exist)."""
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, root / name)
