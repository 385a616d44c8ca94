"""A full build renders the English site in a forked process, beside the Dutch one.

Each build here runs `mkdocs build` as a child process of the tests: forking is only
done in a process with one thread, and this test process may have others.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pagefind_files
from real_site import copy_content

FORKED = "in a forked process"
LINUX_2_CORES = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2, reason="forks on Linux with 2+ cores"
)


def _build(root: Path, site: Path, parallel: bool, *flags: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "KETENWIJZER_PARALLEL": "auto" if parallel else "0",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), *flags],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _files(site: Path) -> dict[str, bytes]:
    """Every file but the search index, whose file names and order Pagefind does not keep from one run to the next."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def _search_records(site: Path) -> dict[str, list]:
    """What the search index holds: each language's page records, in url order."""
    return {lang: sorted(pagefind_files.fragments(site, lang), key=lambda r: r["url"]) for lang in ("nl", "en")}


@LINUX_2_CORES
def test_forked_build_writes_exactly_what_one_process_writes(tmp_path):
    copy_content(tmp_path)
    forked = _build(tmp_path, tmp_path / "forked", True, "--strict")
    single = _build(tmp_path, tmp_path / "single", False, "--strict")
    assert forked.returncode == 0 and single.returncode == 0, forked.stderr + single.stderr
    assert FORKED in forked.stderr and FORKED not in single.stderr
    a, b = _files(tmp_path / "forked"), _files(tmp_path / "single")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert _search_records(tmp_path / "forked") == _search_records(tmp_path / "single")
    # the joined sitemap lists both languages, and its .gz says the same
    sitemap = a["sitemap.xml"].decode()
    # (a Dutch page's address: "/handreiking/" alone is in the English one too)
    assert re.search(r"<loc>https?://[^/<]+/en/wie-doet-wat/</loc>", sitemap)
    assert re.search(r"<loc>https?://[^/<]+/handreiking/</loc>", sitemap) and sitemap.count("<urlset") == 1
    assert gzip.decompress(a["sitemap.xml.gz"]) == a["sitemap.xml"]
    # each 404 page switches language to the other language's home (not to the last page built)
    for name in ("404.html", "en/404.html"):
        assert 'href="/en/" hreflang="en"' in a[name].decode() and 'href="/" hreflang="nl"' in a[name].decode()


@LINUX_2_CORES
def test_a_warning_in_the_forked_english_build_reaches_the_strict_parent(project):
    # a warning only MkDocs gives, and only in the English build: `ketenwijzer check` (and so the parent, before it
    # forks) accepts a link to a folder with an index page, MkDocs warns of it when told to
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  links:\n    not_found: warn\n" in text
    config.write_text(
        text.replace("  links:\n    not_found: warn\n", "  links:\n    not_found: warn\n    unrecognized_links: warn\n"),
        encoding="utf-8",
    )
    project.page("docs/deel/index.nl.md", "Deel", "# Deel\n\nTekst.")
    project.page("docs/deel/index.en.md", "Part", "# Part\n\nText.")
    project.page("docs/over.nl.md", "Over", "# Over\n\nTekst.")
    project.page("docs/over.en.md", "About", "# About\n\nSee [the part](deel/).")
    warning = "contains an unrecognized relative link 'deel/'"
    result = _build(project.root, project.root / "site", True, "--strict")
    assert FORKED in result.stderr, result.stderr
    assert result.returncode != 0
    assert result.stderr.count(warning) == 1, result.stderr  # reported once, by the parent
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    relaxed = _build(project.root, project.root / "relaxed", True, "--no-strict")
    assert relaxed.returncode == 0 and relaxed.stderr.count(warning) == 1, relaxed.stderr
    assert ">the part</a>" in (project.root / "relaxed" / "en" / "over" / "index.html").read_text(encoding="utf-8")


@LINUX_2_CORES
def test_an_error_in_the_forked_english_build_fails_the_build(project):
    (project.root / "overrides" / "kapot.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ niet_bestaand() }}{% endblock %}', encoding="utf-8"
    )
    project.page("docs/over.nl.md", "Over", "# Over\n\nTekst.")
    project.page("docs/over.en.md", "About", "# About\n\nText.", template="kapot.html")
    result = _build(project.root, project.root / "site", True)
    assert FORKED in result.stderr
    assert result.returncode != 0
    assert "the 'en' build failed" in result.stderr and "niet_bestaand" in result.stderr, result.stderr
    assert "over.en.md" in result.stderr  # MkDocs names the page it was building
