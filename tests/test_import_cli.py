"""``ketenwijzer import`` on a small project in tmp_path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketenwijzer.domain import frontmatter, project as project_mod, schema
from ketenwijzer.cli.importer import import_cmd

FIXTURES = Path(__file__).parent / "fixtures" / "import"

EDITION_INDEX = """\
---
title: VreemdelingenVisie 3
description: Het derde nummer.
edition: 3
date: 2020-01-01
status: draft
# de artikelen, in leesvolgorde
articles: []
---

Welkom bij nummer 3.
"""

KOKEN = """\
---
title: Koken voor de buren
description: Op het azc in Veendam koken bewoners één keer per week voor de buurt.
lead: Op het azc in Veendam koken bewoners één keer per week voor de buurt. ‘Zo leer je elkaar écht kennen,’ zegt locatiemanager Kees Bosman.
author: Marloes Hoekstra
photographer: Ruud van Dalen
summary:
  - Bewoners van het azc koken elke vrijdag voor buurtbewoners.
  - De gemeente en het COA betalen samen de boodschappen.
  - Er komen nu wekelijks zo’n veertig mensen.
uid: UID
---

*Yasmina el Idrissi (links) en Tewodros Haile snijden groenten in de keuken*

## Een voorzichtig begin

De eerste keer kwamen er vijf buren. ‘We hadden voor dertig mensen gekookt,’ vertelt Tewodros Haile. ‘Iedereen nam een bakje mee naar huis.’

Inmiddels is de maaltijd een begrip in de wijk — ook de wijkagent schuift regelmatig aan. Het COA ziet dat de ontmoetingen helpen: “Wie elkaar kent, spreekt elkaar aan.”

*Van links naar rechts: Sanne Verbeek, Daan Kuipers en Nadia Rahimi*

## Naïef of niet

Niet iedereen was meteen enthousiast. Buurtbewoonster Lieke Brouwer geeft toe dat ze ‘best wat vooroordelen’ had. Nu helpt ze zelf in de keuken.

*De keuken van het azc op vrijdagmiddag*

*Bewoners en buren aan de lange tafel*

*Het toetje: rijstpudding met kardemom*
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    edition = tmp_path / "docs" / "vreemdelingenvisie" / "03"
    edition.mkdir(parents=True)
    (edition / "index.nl.md").write_text(EDITION_INDEX, encoding="utf-8")
    exports = tmp_path / "export"
    exports.mkdir()
    for path in FIXTURES.glob("*.txt"):
        shutil.copy(path, exports / path.name)
    return tmp_path


def run(root: Path, *args: str):
    return CliRunner().invoke(import_cmd, ["--root", str(root), *args], catch_exceptions=False)


def export(root: Path, name: str) -> str:
    return str(root / "export" / name)


def folder(root: Path) -> Path:
    return root / "docs" / "vreemdelingenvisie" / "03"


def articles(root: Path) -> list[str]:
    doc, problems = frontmatter.parse((folder(root) / "index.nl.md").read_text(encoding="utf-8"), "index")
    assert problems == []
    return doc.meta["articles"]


def page(root: Path, slug: str) -> str:
    return (folder(root) / f"{slug}.nl.md").read_bytes().decode("utf-8")


def uid_of(text: str) -> str:
    match = re.search(r"^uid: (vv-[0-9a-f]{12})$", text, re.M)
    assert match, text
    return match.group(1)


def test_import_writes_the_article_and_lists_it_in_the_edition(root):
    result = run(root, "--edition", "3", export(root, "volledig.txt"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote docs/vreemdelingenvisie/03/koken-voor-de-buren.nl.md from {export(root, 'volledig.txt')}\n"
        "  added 'koken-voor-de-buren' to the articles of edition 3 (docs/vreemdelingenvisie/03/index.nl.md)\n"
        "imported 1 of 1 file\n"
    )
    text = page(root, "koken-voor-de-buren")
    assert text == KOKEN.replace("UID", uid_of(text))
    # the edition page changed on the articles line only
    index = (folder(root) / "index.nl.md").read_text(encoding="utf-8")
    assert index == EDITION_INDEX.replace("articles: []", "articles: [koken-voor-de-buren]")
    # the written page is a valid article, and the whole project loads without problems
    doc, problems = frontmatter.parse(text, "koken-voor-de-buren.nl.md")
    assert problems == [] and schema.validate(doc, "article", is_translation=False) == []
    assert project_mod.load(root).problems == []


def test_crlf_bom_export_is_written_as_plain_utf8_with_its_characters(root):
    result = run(root, "--edition", "3", export(root, "crlf-bom.txt"))
    assert result.exit_code == 0, result.output
    raw = (folder(root) / "wij-zijn-er-gewoon-voor-iedereen.nl.md").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    text = raw.decode("utf-8")
    assert "title: ‘Wij zijn er gewoon voor iedereen’\n" in text
    assert "author: Sanne Verbeek\nphotographer: Sanne Verbeek\n" in text
    assert "Ze is \u0133verig, geduldig en – zegt ze zelf – een beetje eigenwijs." in text
    assert "„de rots in de branding”" in text
    assert articles(root) == ["wij-zijn-er-gewoon-voor-iedereen"]


def test_notes_are_printed_per_file(root):
    result = run(root, "--edition", "3", export(root, "twijfel.txt"))
    assert result.exit_code == 0
    assert "  note: line 7: 'Kees Bosman' read as a photo caption (a name alone" in result.stdout
    assert "  note: no 'Foto ...' line next to the title (line 3)" in result.stdout
    assert "photographer" not in page(root, "spreekuur-op-het-azc")


def test_refuses_to_overwrite_without_force_and_overwrites_with_force_keeping_the_uid(root):
    assert run(root, "--edition", "3", export(root, "volledig.txt")).exit_code == 0
    path = folder(root) / "koken-voor-de-buren.nl.md"
    first = path.read_text(encoding="utf-8")
    path.write_text(first + "\nRedactie: met de hand aangevuld.\n", encoding="utf-8")
    edited = path.read_text(encoding="utf-8")

    result = run(root, "--edition", "3", export(root, "volledig.txt"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"failed: {export(root, 'volledig.txt')}: docs/vreemdelingenvisie/03/koken-voor-de-buren.nl.md already "
        "exists (an earlier import of this article?); pass --force to overwrite it\n"
        "imported 0 of 1 file; 1 failed\n"
    )
    assert path.read_text(encoding="utf-8") == edited

    result = run(root, "--edition", "3", "--force", export(root, "volledig.txt"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("overwrote docs/vreemdelingenvisie/03/koken-voor-de-buren.nl.md")
    assert "  'koken-voor-de-buren' was already in the articles of edition 3\n" in result.stdout
    assert path.read_text(encoding="utf-8") == first  # same uid: the feed entry stays the same
    assert articles(root) == ["koken-voor-de-buren"]


def test_same_title_twice_or_another_page_on_the_slug_gives_a_unique_slug(root):
    shutil.copy(root / "export" / "volledig.txt", root / "export" / "kopie.txt")
    (folder(root) / "een-nieuw-thuis-in-zwolle.nl.md").write_text(
        "---\ntitle: Een nieuw thuis in Zwolle?\ndescription: Iets anders.\nuid: vv-1\n---\n", encoding="utf-8"
    )
    (folder(root) / "index.nl.md").write_text(
        EDITION_INDEX.replace("articles: []", "articles:\n  - een-nieuw-thuis-in-zwolle"), encoding="utf-8"
    )
    result = run(
        root, "--edition", "3", export(root, "volledig.txt"), export(root, "kopie.txt"), export(root, "credits-na-titel.txt")
    )
    assert result.exit_code == 0, result.output
    assert articles(root) == [
        "een-nieuw-thuis-in-zwolle",
        "koken-voor-de-buren",
        "koken-voor-de-buren-2",
        "een-nieuw-thuis-in-zwolle-2",
    ]
    assert uid_of(page(root, "koken-voor-de-buren")) != uid_of(page(root, "koken-voor-de-buren-2"))
    # the edition page keeps its block list style
    assert "articles:\n  - een-nieuw-thuis-in-zwolle\n  - koken-voor-de-buren\n" in (folder(root) / "index.nl.md").read_text(
        encoding="utf-8"
    )
    assert project_mod.load(root).problems == []


def test_unknown_edition_is_a_clear_error(root):
    result = run(root, "--edition", "4", export(root, "volledig.txt"))
    assert result.exit_code == 2
    assert result.stderr == (
        "edition 4 does not exist; create it with: ketenwijzer edition new (looked for docs/vreemdelingenvisie/04/index.nl.md)\n"
    )
    assert not (root / "docs" / "vreemdelingenvisie" / "04").exists()


def test_a_failing_file_does_not_stop_the_others_and_exits_1(root):
    result = run(
        root,
        "--edition",
        "3",
        export(root, "leeg.txt"),
        export(root, "geen-titel.txt"),
        export(root, "bestaat-niet.txt"),
        export(root, "volledig.txt"),
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"failed: {export(root, 'leeg.txt')}:1: the file is empty; export the article as plain text: "
        "the title on the first line, then paragraphs separated by blank lines\n"
        f"failed: {export(root, 'bestaat-niet.txt')}: cannot read it (No such file or directory)\n"
        "imported 2 of 4 files; 2 failed\n"
    )
    # an export without a title line gets the placeholder title (see test_import_layouts.py)
    assert articles(root) == ["het-aantal-gehoren-met-een-tolk", "koken-voor-de-buren"]


def test_dry_run_writes_nothing(root):
    result = run(root, "--edition", "3", "--dry-run", export(root, "lange-eerste-alinea.txt"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("would write docs/vreemdelingenvisie/03/werken-tijdens-de-procedure.nl.md from ")
    assert "  would add 'werken-tijdens-de-procedure' to the articles of edition 3" in result.stdout
    assert "  note: line 5: the first paragraph has 473 characters" in result.stdout
    assert result.stdout.endswith("checked 1 of 1 file (dry run: nothing written)\n")
    assert sorted(p.name for p in folder(root).iterdir()) == ["index.nl.md"]
    assert (folder(root) / "index.nl.md").read_text(encoding="utf-8") == EDITION_INDEX


def test_export_naming_another_edition_gets_a_note(root):
    five = root / "docs" / "vreemdelingenvisie" / "05"
    five.mkdir()
    (five / "index.nl.md").write_text(EDITION_INDEX.replace("3", "5"), encoding="utf-8")
    result = run(root, "--edition", "5", export(root, "volledig.txt"))
    assert result.exit_code == 0
    assert (
        "  note: the export says it belongs to 'VreemdelingenVisie nummer 3', but edition 5 is "
        "'VreemdelingenVisie 5'; check --edition\n"
    ) in result.stdout
    assert "check --edition" not in run(root, "--edition", "3", export(root, "volledig.txt")).stdout


def test_edition_page_without_a_list_of_articles_stops_before_writing(root):
    (folder(root) / "index.nl.md").write_text(EDITION_INDEX.replace("articles: []", "articles: geen"), encoding="utf-8")
    result = run(root, "--edition", "3", export(root, "volledig.txt"))
    assert result.exit_code == 2
    assert "docs/vreemdelingenvisie/03/index.nl.md:8: 'articles' must be a list of article slugs" in result.stderr
    assert not (folder(root) / "koken-voor-de-buren.nl.md").exists()


def test_outside_a_project_is_an_error(root, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elders")
    result = run(elsewhere, "--edition", "3", export(root, "volledig.txt"))
    assert result.exit_code == 2
    assert "no mkdocs.yml in" in result.stderr


def test_usage_errors_and_help_with_an_example(root):
    unfiled = run(root, export(root, "twijfel.txt"))  # no --edition, and no 'Dit artikel hoort bij' line
    assert unfiled.exit_code == 1 and "no --edition given, and the export has no 'Dit artikel hoort bij" in unfiled.stderr
    assert run(root, "--edition", "3").exit_code == 2  # at least one FILE
    result = CliRunner().invoke(import_cmd, ["--help"])
    assert result.exit_code == 0
    assert "Example:\n    ketenwijzer import --edition 3 export/samen-aan-tafel.txt" in result.output
    assert "--dry-run" in result.output and "--force" in result.output


def test_import_is_a_subcommand_of_ketenwijzer():
    from ketenwijzer.cli.main import main

    result = CliRunner().invoke(main, ["import", "--help"])
    assert result.exit_code == 0, result.output
    assert "--edition" in result.output
