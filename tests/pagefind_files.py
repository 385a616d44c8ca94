"""Read what Pagefind wrote into a built site: its languages and the page records (fragments) of each.

A fragment is a gzip file holding b"pagefind_dcd" and then the JSON of one page:
its url, its indexed text (content), its meta (title) and its filters.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def entry(site: Path) -> dict:
    return json.loads((Path(site) / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def fragments(site: Path, lang: str) -> list[dict]:
    out = []
    for path in sorted((Path(site) / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        out.append(json.loads(data[len(SIGNATURE) :]))
    return out


def by_url(site: Path, lang: str) -> dict[str, dict]:
    return {record["url"]: record for record in fragments(site, lang)}
