"""Drafts are the editor's business: a new edition with a new, empty article never breaks the published build.

A copy of the repository's real content in tmp_path, the editors' commands as an editor runs them, and
real strict MkDocs builds: the published one (as `make site`) and the preview one (drafts shown, as `make serve`).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import SiteProject
from ketenwijzer.cli.main import main
from real_site import copy_content


@pytest.fixture
def editor(tmp_path, monkeypatch):
    copy_content(tmp_path)
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-04")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, [*args, "--root", str(tmp_path)], catch_exceptions=False)

    return SiteProject(tmp_path), run


def test_a_new_edition_with_an_empty_article_builds_strictly_and_shows_its_problems_in_the_preview(editor, monkeypatch):
    project, run = editor
    assert run("edition", "new", "--title", "Proef").exit_code == 0
    assert run("article", "new", "3", "Proefartikel").exit_code == 0

    # ketenwijzer check and translations --strict (make check) pass, listing the draft's problems as warnings
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert (
        "warning (draft, not public): docs/vreemdelingenvisie/03/proefartikel.nl.md:3: 'description' must be a non-empty text"
    ) in checked.output
    assert "5 warnings in drafts" in checked.output
    strict = run("translations", "--strict", "--only-problems")
    assert strict.exit_code == 0, strict.output
    assert "2 in drafts, not counted" in strict.output
    # ... and check --edition 3 (what edition publish 3 runs) fails on them
    edition_check = run("check", "--edition", "3")
    assert edition_check.exit_code == 1
    assert "docs/vreemdelingenvisie/03/proefartikel.nl.md:5: 'author' must be a non-empty text" in edition_check.output
    assert "proefartikel.nl.md:13: still has the placeholder 'Schrijf hier het artikel.'" in edition_check.output

    # the published build, strict, succeeds without the draft (its problems are info lines, not warnings)
    site = project.build()
    assert not (site / "vreemdelingenvisie/03").exists() and not (site / "en/vreemdelingenvisie/03").exists()
    assert (site / "vreemdelingenvisie/02/index.html").exists()
    assert "Proef" not in project.read("vreemdelingenvisie/index.html")

    # the preview (drafts shown, as in make serve) builds too, and the draft page lists its own problems
    monkeypatch.setenv("KETENWIJZER_DRAFTS", "show")
    site = project.build()
    page = project.read("vreemdelingenvisie/03/proefartikel/index.html")
    assert "Nog te doen in dit concept" in page
    assert "<code>docs/vreemdelingenvisie/03/proefartikel.nl.md:5</code>: 'author' must be a non-empty text" in page
    english = project.read("en/vreemdelingenvisie/03/proefartikel/index.html")
    assert "Still to do in this draft" in english
    assert "<code>docs/vreemdelingenvisie/03/proefartikel.en.md:3</code>: 'description' must be a non-empty text" in english
    assert "Nog te doen" not in project.read("vreemdelingenvisie/02/index.html")


def test_a_problem_in_public_content_still_fails_the_build_and_check(editor):
    project, run = editor
    path = project.root / "docs/vreemdelingenvisie/02/lvv-pilot.nl.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\nauthor:", "\nauthr:", 1), encoding="utf-8")
    checked = run("check")
    assert checked.exit_code == 1
    assert "docs/vreemdelingenvisie/02/lvv-pilot.nl.md" in checked.output and "did you mean 'author'?" in checked.output
    assert "warning (draft" not in checked.output


def test_a_future_edition_is_not_public_until_its_day(editor, monkeypatch):
    project, run = editor
    run("edition", "new", "--title", "Later", "--date", "2026-12-24")
    run("article", "new", "3", "Leeg")
    index = project.root / "docs/vreemdelingenvisie/03/index.nl.md"
    index.write_text(index.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    # published by hand, but dated in the future: its empty article is only a warning ...
    checked = run("check")
    assert checked.exit_code == 0 and "warning (draft, not public): docs/vreemdelingenvisie/03/leeg.nl.md" in checked.output
    project.build()
    assert not (project.site / "vreemdelingenvisie/03").exists()
    # ... until its day, when it is public content like any other
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-24")
    on_the_day = run("check")
    assert on_the_day.exit_code == 1 and "docs/vreemdelingenvisie/03/leeg.nl.md:5: 'author'" in on_the_day.output
    assert "warning (draft" not in on_the_day.output
