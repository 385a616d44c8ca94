"""`make serve` for real: mkdocs serve with the Makefile's flags, on loopback, edited while it runs."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import pagefind_files
from newsletter_fixture import edition
from registry_fixture import write_registry

REPO = Path(__file__).resolve().parents[1]


def _serve_flags() -> list[str]:
    """The flags `make serve` passes to mkdocs serve, read from the Makefile so they cannot drift."""
    line = next(line for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines() if "mkdocs serve" in line)
    return [flag for flag in line.split("mkdocs serve", 1)[1].split() if flag.startswith("--") and flag != "--dev-addr"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, process, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve stopped"
        body = _fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {text!r} within {timeout} s")


def _served_site(project) -> Path:
    """The folder mkdocs serve builds into (it names it in its log)."""
    log = (project.root / "serve.log").read_text(encoding="utf-8")
    return Path(re.search(r"documentation to directory: (\S+)", log).group(1))


def _wait_for_search(project, lang: str, text: str, process, timeout: float = 30) -> dict[str, dict]:
    """Wait until the served site's search index of ``lang`` holds ``text``; its records by url."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve stopped"
        try:
            records = pagefind_files.by_url(_served_site(project), lang)
        except (OSError, ValueError, AttributeError):  # not written yet, or being replaced
            records = {}
        if any(text in record["content"] for record in records.values()):
            return records
        time.sleep(0.2)
    raise AssertionError(f"the {lang} search index did not hold {text!r} within {timeout} s")


def _unserved(page: str) -> str:
    """The page as built: without the reload call the server adds, which names the site's current version."""
    return re.sub(r"reload\(\d+, \d+\)", "reload()", page)


@pytest.fixture
def served(project):
    write_registry(project)
    project.page("handreiking/index.nl.md", "Handreiking", "# Handreiking\n\nOver de handreiking.")
    project.page("handreiking/index.en.md", "Handbook", "# Handbook\n\nAbout the handbook.")
    project.page("handreiking/01-doel.nl.md", "Het doel", "# Het doel\n\nEerste versie.", order=1)
    project.page("docs/over.nl.md", "Over", "# Over\n\nOver deze site.")
    project.page("docs/over.en.md", "About", "# About\n\nAbout this site.")
    edition(project, 1, "2015-10-15", "published", [("conferentie", "De conferentie")])
    edition(project, 2, "2020-01-01", "draft", [("concept", "Een concept")])
    with serving(project) as (base, process):
        yield project, base, process


@contextlib.contextmanager
def serving(project):
    """`mkdocs serve` of the project on a free loopback port, its output in serve.log; the base address and process."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with (project.root / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *_serve_flags()],
            cwd=project.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}/", process
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_make_serve_shows_drafts_and_live_reloads_edits_outside_docs(served):
    project, base, process = served
    assert "--dirty" in _serve_flags()
    chapter = _wait_for(base + "handreiking/01-doel/", "Eerste versie.", process)
    assert "livereload" in chapter  # the page asks the server to reload it
    # drafts are shown while editing, with a banner; the published site leaves them out
    draft = _wait_for(base + "vreemdelingenvisie/02/", "Concept", process)
    assert "Een concept" in draft
    # handreiking/ lives outside docs/ and is watched too
    source = project.root / "handreiking" / "01-doel.nl.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Eerste versie.", "Tweede versie."), encoding="utf-8")
    _wait_for(base + "handreiking/01-doel/", "Tweede versie.", process, timeout=30)
    # untranslated, so the English site shows the Dutch text: it follows too
    _wait_for(base + "en/handreiking/01-doel/", "Tweede versie.", process, timeout=30)
    # the search index follows the edit within seconds, and still holds every page once
    saved = time.monotonic()
    records = _wait_for_search(project, "nl", "Tweede versie.", process, timeout=30)
    assert time.monotonic() - saved < 15
    assert "Tweede versie." in records["/handreiking/01-doel/"]["content"] and "/vreemdelingenvisie/01/conferentie/" in records
    assert "/en/handreiking/01-doel/" in _wait_for_search(project, "en", "Tweede versie.", process)


def test_saving_a_translated_original_rebuilds_only_its_language(served):
    project, base, process = served
    _wait_for(base + "over/", "Over deze site.", process)
    source = project.root / "docs" / "over.nl.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Over deze site.", "Over deze website."), encoding="utf-8")
    _wait_for(base + "over/", "Over deze website.", process, timeout=30)
    log = (project.root / "serve.log").read_text(encoding="utf-8")
    assert "only Dutch originals changed" in log
    # the English site is still whole: its page, and its search index
    assert "About this site." in _fetch(base + "en/over/")
    assert "Over deze website." in _wait_for_search(project, "nl", "Over deze website.", process)["/over/"]["content"]
    assert "About this site." in pagefind_files.by_url(_served_site(project), "en")["/en/over/"]["content"]


def test_saving_a_translation_leaves_the_dutch_pages_alone(served):
    project, base, process = served
    _wait_for(base + "en/over/", "About this site.", process)
    dutch_page = _unserved(_fetch(base + "over/"))
    not_found, sitemap = _unserved(_fetch(base + "404.html")), _fetch(base + "sitemap.xml")
    site = _served_site(project)
    organisation = site / "en" / "wie-doet-wat" / "organisaties" / "coa" / "index.html"
    rendered = organisation.stat().st_mtime_ns
    source = project.root / "docs" / "over.en.md"
    source.write_text(source.read_text(encoding="utf-8").replace("About this site.", "About this website."), encoding="utf-8")
    _wait_for(base + "en/over/", "About this website.", process, timeout=30)
    assert "only translations changed" in (project.root / "serve.log").read_text(encoding="utf-8")
    assert organisation.stat().st_mtime_ns == rendered  # an English registry page whose Markdown did not change
    # the Dutch site is whole and as it was: its page, its 404 page with navigation, the sitemap, its search index
    assert _unserved(_fetch(base + "over/")) == dutch_page
    assert _unserved(_fetch(base + "404.html")) == not_found and 'lang="nl"' in not_found and "md-nav__link" in not_found
    assert _fetch(base + "sitemap.xml") == sitemap and "/en/over/" in sitemap
    english = _wait_for_search(project, "en", "About this website.", process)
    dutch = pagefind_files.by_url(site, "nl")
    assert "Over deze site." in dutch["/over/"]["content"] and "/handreiking/" in dutch
    assert "/en/handreiking/" in english


def _fail_a_rebuild_then_mend(project, break_page, reported: str, registry_text: tuple[str, str]) -> None:
    """Save a registry edit together with a broken page, wait until the failed rebuild is reported, mend the page."""
    page = project.root / "docs" / "over.nl.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(break_page(good), encoding="utf-8")
    organisations = project.root / "docs" / "wie-doet-wat" / "organisaties.yml"
    organisations.write_text(organisations.read_text(encoding="utf-8").replace(*registry_text), encoding="utf-8")
    log_file = project.root / "serve.log"
    deadline = time.monotonic() + 30
    while reported not in log_file.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"the failed rebuild was not reported ({reported!r})"
        time.sleep(0.2)
    page.write_text(good, encoding="utf-8")


def test_a_failed_rebuild_does_not_hide_its_changes_from_the_next(served):
    project, base, process = served
    _wait_for(base + "en/wie-doet-wat/organisaties/coa/", "Does not decide on asylum", process)
    # broken front matter: the rebuild fails before it builds anything
    _fail_a_rebuild_then_mend(
        project,
        lambda good: good.replace("title:", "title: [niet gesloten\ntitel:", 1),
        "over.nl.md",
        ("Does not decide on asylum", "Never decides on asylum"),
    )
    # the mended page is a translated original: the English pages the registry edit changed must still follow
    _wait_for(base + "en/wie-doet-wat/organisaties/coa/", "Never decides on asylum", process, timeout=30)


def test_generated_pages_of_a_failed_rebuild_are_rendered_by_the_next(served):
    project, base, process = served
    _wait_for(base + "wie-doet-wat/organisaties/coa/", "Beslist niet over asiel", process)
    # a template that breaks: the rebuild fails while rendering pages, after the registry
    # pages' Markdown was generated and before it was written
    (project.root / "overrides" / "kapot.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ niet_bestaand() }}{% endblock %}', encoding="utf-8"
    )
    _fail_a_rebuild_then_mend(
        project,
        lambda good: good.replace("title:", "template: kapot.html\ntitle:", 1),
        "niet_bestaand",
        ("Beslist niet over asiel", "Beslist nooit over asiel"),
    )
    _wait_for(base + "wie-doet-wat/organisaties/coa/", "Beslist nooit over asiel", process, timeout=30)


def test_unaffected_languages_decides_which_languages_a_rebuild_may_leave_alone():
    from ketenwijzer.site.sitemodel import unaffected_languages

    base = (("d", "a.en.md", 1, 10), ("d", "a.nl.md", 1, 10), ("d", "b.nl.md", 1, 10), ("w", "orgs.yml", 1, 10))

    def change(*names, mtime=2):
        return tuple((d, n, mtime if n in names else m, s) for d, n, m, s in base)

    langs = ("nl", "en")
    assert unaffected_languages(base, change("a.nl.md"), "nl", langs) == {"en"}  # a translated original
    assert unaffected_languages(base, change("b.nl.md"), "nl", langs) == set()  # untranslated: English shows it
    assert unaffected_languages(base, change("a.en.md"), "nl", langs) == {"nl"}  # a translation
    assert unaffected_languages(base, change("a.en.md", "a.nl.md"), "nl", langs) == set()
    assert unaffected_languages(base, change("orgs.yml"), "nl", langs) == set()  # the registry: both languages
    assert unaffected_languages(base, base, "nl", langs) == set()  # nothing changed (a template, say)
    assert unaffected_languages(base, base + (("d", "c.nl.md", 1, 1),), "nl", langs) == set()  # a new page
    assert unaffected_languages((), base, "nl", langs) == set()  # no earlier build
