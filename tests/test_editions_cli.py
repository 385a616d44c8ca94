"""The editors' commands, run with click's runner on a project in tmp_path."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from ketenwijzer.domain import frontmatter, frontmatter_edit, project as project_mod, translations
from ketenwijzer.cli.main import main
from newsletter_fixture import edition
from registry_fixture import write_registry


@pytest.fixture
def run(project):
    write_registry(project)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*args, "--root", str(project.root)], catch_exceptions=False)

    return invoke


def _meta(path):
    doc, problems = frontmatter.parse(path.read_text(encoding="utf-8"), str(path))
    assert not problems
    return doc.meta


def test_edition_new_scaffolds_the_next_number_as_draft(project, run):
    edition(project, 1, "2015-10-15", "published", [("a", "A")])
    result = run("edition", "new", "--title", "Terugkeer", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    folder = project.root / "docs/vreemdelingenvisie/02"
    meta = _meta(folder / "index.nl.md")
    assert meta == {
        "title": "VreemdelingenVisie 02: Terugkeer",
        "description": meta["description"],
        "edition": 2,
        "date": dt.date(2026, 12, 1),
        "status": "draft",
        "articles": [],
    }
    assert _meta(folder / "index.en.md")["title"] == "VreemdelingenVisie 02: Terugkeer"
    again = run("edition", "new")
    assert again.exit_code == 0  # the next one: 03
    assert (project.root / "docs/vreemdelingenvisie/03/index.nl.md").exists()
    bad = run("edition", "new", "--date", "1 december")
    assert bad.exit_code == 2 and "--date '1 december' is not a date; write it as YYYY-MM-DD" in bad.output


def test_article_new_writes_both_languages_and_lists_it(project, run):
    edition(project, 1, "2015-10-15", "draft", [("a", "A")])
    result = run("article", "new", "1", "Hostmanship in Nigeria & Tanzania")
    assert result.exit_code == 0, result.output
    folder = project.root / "docs/vreemdelingenvisie/01"
    nl = _meta(folder / "hostmanship-in-nigeria-en-tanzania.nl.md")
    assert nl["title"] == "Hostmanship in Nigeria & Tanzania" and nl["uid"].startswith("vv-")
    assert (folder / "hostmanship-in-nigeria-en-tanzania.en.md").exists()
    assert _meta(folder / "index.nl.md")["articles"] == ["a", "hostmanship-in-nigeria-en-tanzania"]
    # same title again: refused, never a quiet second file or an overwrite
    second = run("article", "new", "1", "Hostmanship in Nigeria & Tanzania")
    assert second.exit_code == 1 and not (folder / "hostmanship-in-nigeria-en-tanzania-2.nl.md").exists()
    assert (
        "docs/vreemdelingenvisie/01/hostmanship-in-nigeria-en-tanzania.nl.md already exists; not overwriting it. "
        "Edit that article, pick another title or --slug"
    ) in second.output
    assert _meta(folder / "index.nl.md")["articles"] == ["a", "hostmanship-in-nigeria-en-tanzania"]
    taken = run("article", "new", "1", "Iets", "--slug", "a")
    assert taken.exit_code == 1 and "docs/vreemdelingenvisie/01/a.nl.md already exists; not overwriting it." in taken.output
    missing = run("article", "new", "9", "X")
    assert missing.exit_code == 1 and "edition 9 does not exist; create it with: ketenwijzer edition new" in missing.output


def test_publish_refuses_until_checks_pass_then_publishes_once(project, run, monkeypatch):
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-11-20")  # a fixed clock: the date below is in the future
    edition(project, 1, "2015-10-15", "draft", [])
    empty = run("edition", "publish", "1")
    assert empty.exit_code == 1 and "edition 1 has no articles" in empty.output
    run("article", "new", "1", "Nieuw artikel")
    refused = run("edition", "publish", "1", "--date", "2026-11-30")
    assert refused.exit_code == 1
    assert "nieuw-artikel.nl.md:3: 'description' must be a non-empty text" in refused.output
    assert "not published: fix the" in refused.output
    assert _meta(project.root / "docs/vreemdelingenvisie/01/index.nl.md")["status"] == "draft"

    # the scaffold's placeholders, in both languages, are refused with their lines
    for where in (
        "nieuw-artikel.nl.md:13: still has the placeholder 'Schrijf hier het artikel.'",
        "nieuw-artikel.en.md:9: still has the placeholder 'Write the English translation here.'",
    ):
        assert where in refused.output

    path = project.root / "docs/vreemdelingenvisie/01/nieuw-artikel.nl.md"
    frontmatter_edit.set_keys(path, {"description": "Over iets.", "lead": "Kort.", "author": "Redactie"})
    path.write_text(
        path.read_text(encoding="utf-8").replace("## Tussenkop\n\nSchrijf hier het artikel.", "## Begin\n\nDe echte tekst."),
        encoding="utf-8",
    )
    translations.mark_current(project_mod.load(project.root), "vreemdelingenvisie/01/index")
    untranslated = run("edition", "publish", "1", "--date", "2026-11-30")
    assert untranslated.exit_code == 1
    assert "nieuw-artikel.en.md:9: still has the placeholder 'Write the English translation here.'" in untranslated.output
    # without the English placeholder file, English readers get the Dutch text: only with --allow-untranslated
    path.with_name("nieuw-artikel.en.md").unlink()
    missing = run("edition", "publish", "1", "--date", "2026-11-30")
    assert missing.exit_code == 1 and "nieuw-artikel.nl.md:1: no current en translation (missing)" in missing.output
    assert "or publish with --allow-untranslated" in missing.output
    done = run("edition", "publish", "1", "--date", "2026-11-30", "--allow-untranslated")
    assert done.exit_code == 0, done.output
    assert (
        "note: en: vreemdelingenvisie/01/nieuw-artikel: readers of /en/ see the Dutch original with the notice "
        "that it is not yet translated"
    ) in done.output
    assert "placeholder" not in done.output
    meta = _meta(project.root / "docs/vreemdelingenvisie/01/index.nl.md")
    assert meta["status"] == "published" and meta["date"] == dt.date(2026, 11, 30)
    assert "it is not on the site before 2026-11-30" in done.output and "ketenwijzer notify --due" in done.output
    again = run("edition", "publish", "1")
    assert again.exit_code == 0 and "edition 1 is already published (date 2026-11-30); nothing changed" in again.output
    unknown = run("edition", "publish", "7")
    assert unknown.exit_code == 1 and "there is no edition 7 (editions: 1)" in unknown.output


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for args in (["edition", "new"], ["edition", "publish"], ["article", "new"], ["check"], ["translations"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, args
