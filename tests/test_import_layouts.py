"""The layouts old exports really have, each imported with `ketenwijzer import` into a project in tmp_path.

Every test reads the page the command wrote and asserts its title, credits, intertitles, captions and body.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from ketenwijzer.domain import frontmatter
from ketenwijzer.cli.main import main
from newsletter_fixture import edition, subscribe_pages
from registry_fixture import write_registry

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def imported(project, monkeypatch):
    """Import fixture NAME (with the given options); return (command output, page meta, page body)."""
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-04")
    write_registry(project)
    subscribe_pages(project)
    edition(project, 3, "2026-12-01", "draft", [])
    runner = CliRunner()

    def run(name: str, *options: str):
        source = project.root / "export" / name
        source.parent.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / name, source)
        result = runner.invoke(main, ["import", str(source), *options, "--root", str(project.root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        written = re.search(r"^wrote (\S+) from", result.output, re.M)
        doc, problems = frontmatter.parse((project.root / written[1]).read_text(encoding="utf-8"), written[1])
        assert not problems
        return result.output, doc.meta, doc.body

    run.project, run.monkeypatch = project, monkeypatch
    return run


def parts(body: str) -> tuple[list[str], list[str], list[str]]:
    """(intertitles, captions, paragraphs) of an imported body, in order."""
    blocks = [b.strip() for b in body.strip().split("\n\n")]
    intertitles = [b[3:] for b in blocks if b.startswith("## ")]
    captions = [b[1:-1] for b in blocks if b.startswith("*") and b.endswith("*") and not b.startswith("\\*")]
    paragraphs = [b for b in blocks if not b.startswith("## ") and b[1:-1] not in captions]
    return intertitles, captions, paragraphs


def credits(meta: dict) -> tuple:
    return meta["title"], meta.get("author"), meta.get("photographer")


def test_a_photo_caption_on_the_first_line_then_the_title(imported):
    output, meta, body = imported("foto-eerst.txt", "--edition", "3")
    assert credits(meta) == ("Eten met de buren in Assen", "Lotte Brouwer", "Jesse Mulder")
    assert meta["lead"] == (
        "Elke tweede woensdag schuiven buurtbewoners aan bij het azc in Assen. Bewoners koken, de buurt neemt het toetje mee."
    )
    assert parts(body) == (
        ["De eerste avond"],
        ["Bewoners en buren aan de lange tafel in de recreatiezaal (links Sanne Verbeek)"],
        ["Er kwamen twaalf buren op af, en er was eten voor veertig. Niemand ging met lege handen naar huis."],
    )
    assert body.lstrip().startswith("*Bewoners en buren")  # the photo opens the article
    assert "note:" not in output


def test_no_title_line_gets_a_placeholder_a_note_and_publish_refuses_it(imported):
    output, meta, body = imported("zonder-titel.txt", "--edition", "3")
    assert credits(meta) == ("Titel nog invullen", None, None)
    assert meta["lead"].startswith("Toen de gemeente in het voorjaar een leegstaand kantoorpand aanbood")
    assert len(meta["lead"]) > 290  # the opening paragraph, not the title
    assert parts(body) == (
        ["Ruimte voor een eigen plek"],
        [],
        ["Bewoners richtten zelf een stille kamer in. Daar kun je bellen met familie zonder dat de hele gang meeluistert."],
    )
    assert "note: no title line: the text starts on line 1 with a paragraph of 326 characters, which is not a title" in output
    assert "note: wrote the placeholder title 'Titel nog invullen'" in output
    slug = re.search(r"vreemdelingenvisie/03/(\S+)\.nl\.md", output)[1]
    assert slug == "toen-de-gemeente-in-het-voorjaar"
    check = CliRunner().invoke(main, ["check", "--edition", "3", "--root", str(imported.project.root)])
    assert check.exit_code == 1
    assert f"docs/vreemdelingenvisie/03/{slug}.nl.md:2: still has the placeholder 'Titel nog invullen'" in check.output


def test_credits_after_the_opening_caption(imported):
    output, meta, body = imported("credits-na-foto.txt", "--edition", "3")
    assert credits(meta) == ("Een taalmaatje voor iedereen", "Mirjam van Leeuwen", "Bas Hendriks")
    assert meta["lead"].startswith("In de bibliotheek van Zwolle oefenen statushouders")
    assert parts(body) == (
        ["Meer dan taal"],
        ["V.l.n.r. Fenna de Groot, Samir Haddad en Joris Kok op de bank in de bibliotheek"],
        ["Veel koppels blijven elkaar zien, ook als de lessen voorbij zijn."],
    )
    assert "Tekst" not in body and "note:" not in output


def test_short_captions_between_paragraphs_are_not_intertitles(imported):
    output, meta, body = imported("korte-bijschriften.txt", "--edition", "3")
    assert credits(meta) == ("Een atelier vol stof", "Iris Smit", "Koen de Wit")
    intertitles, captions, paragraphs = parts(body)
    assert intertitles == ["Van hobby naar vak"]  # two short lines in a row: one caption, then the intertitle
    assert captions == ["Meryem Aydin aan de naaimachine", "Het atelier aan de Stationsweg", "De stoffen komen uit de kringloop"]
    assert paragraphs == [
        "Zes vrouwen volgen nu een cursus van het ROC. Ze leren patronen tekenen en een machine onderhouden.",
        "Twee deelnemers hebben inmiddels een stageplek bij een meubelmaker in de buurt. "
        "Hun werk hangt in de wachtkamer van het gemeentehuis.",
    ]
    assert (
        "note: line 12: 'Het atelier aan de Stationsweg' is followed by another short line (line 14), not by text: "
        "read as a photo caption"
    ) in output
    assert "note: line 18: 'De stoffen komen uit de kringloop' is followed by nothing (it ends the article)" in output


def test_a_repeated_paragraph_is_kept_twice_and_noted_with_both_lines(imported):
    output, meta, body = imported("dubbele-alinea.txt", "--edition", "3")
    assert credits(meta) == ("Samen naar de huisarts", "Nora Bakker", "Tim Vos")
    repeated = (
        "Nieuwe bewoners weten vaak niet waar ze met een zere keel terechtkunnen. "
        "Een vaste vrijwilliger gaat de eerste keer mee naar de praktijk."
    )
    assert meta["lead"] == repeated
    assert parts(body) == (
        ["Zo werkt het", "Ervaringen"],
        [],
        [
            "Wie zich meldt bij de balie krijgt een afspraak en een maatje. Het maatje vertaalt niet, maar helpt de weg te vinden.",
            repeated,
            "De praktijk ziet minder gemiste afspraken sinds het begin van het project.",
        ],
    )
    assert "note: line 14 repeats the paragraph of line 6 word for word; both are kept" in output


def test_dit_artikel_hoort_bij_files_it_under_that_edition_made_as_a_draft(imported):
    output, meta, body = imported("hoort-bij.txt")  # no --edition
    assert output.startswith("created edition 7 as a draft (docs/vreemdelingenvisie/07/)")
    assert "wrote docs/vreemdelingenvisie/07/werk-vinden-met-een-buddy.nl.md" in output
    assert credits(meta) == ("Werk vinden met een buddy", "Eva Jansen", "Mark Peters")
    assert parts(body) == (["Het eerste gesprek"], [], ["De buddy oefent het sollicitatiegesprek, tot de zenuwen minder worden."])
    index, _ = frontmatter.parse(
        (imported.project.root / "docs/vreemdelingenvisie/07/index.nl.md").read_text(encoding="utf-8"), "index"
    )
    assert index.meta["status"] == "draft" and index.meta["articles"] == ["werk-vinden-met-een-buddy"]
    # the second import of another article of edition 7 finds it; with --edition 3 the line disagrees, and it says so
    output, _, _ = imported("hoort-bij.txt", "--edition", "3")
    assert ("note: the export says it belongs to 'VreemdelingenVisie 07', but edition 3 is 'Editie 3'; check --edition") in output


def test_addresses_become_links_without_abbreviations_inside(imported):
    output, meta, body = imported("links.txt", "--edition", "3")
    assert credits(meta) == ("Vragen over de procedure?", "Sara Meijer", "Lars Visser")
    assert "lead" not in meta and "note: line 6: the first paragraph has an e-mail or web address" in output
    intertitles, captions, paragraphs = parts(body)
    assert intertitles == ["Meer weten"] and captions == []
    assert paragraphs[0] == (
        "Het juridisch spreekuur is er elke dinsdag. Wie niet kan komen, mailt naar <loket.COA@voorbeeld.example> "
        "of kijkt op <https://www.voorbeeld.example/IND/spreekuur>."
    )
    assert paragraphs[1] == (
        "Het COA en de IND zetten alle vragen en antwoorden op <https://voorbeeld.example/vragen_en_antwoorden>. Bellen kan ook."
    )
    assert meta["description"] == "Het juridisch spreekuur is er elke dinsdag."
    # built (drafts shown), the page has the links, abbreviations in the text, and none inside an address
    imported.monkeypatch.setenv("KETENWIJZER_DRAFTS", "show")
    imported.project.build()
    page = lxml.html.fromstring(imported.project.read("vreemdelingenvisie/03/vragen-over-de-procedure/index.html"))
    article = page.xpath("//article")[0]
    links = {a.get("href"): a.text_content() for a in article.iter("a") if "voorbeeld" in (a.get("href") or "")}
    assert links == {
        "mailto:loket.COA@voorbeeld.example": "loket.COA@voorbeeld.example",
        "https://www.voorbeeld.example/IND/spreekuur": "https://www.voorbeeld.example/IND/spreekuur",
        "https://voorbeeld.example/vragen_en_antwoorden": "https://voorbeeld.example/vragen_en_antwoorden",
    }
    assert all(not a.findall(".//abbr") for a in article.iter("a"))
    assert {abbr.text for abbr in article.iter("abbr")} >= {"COA", "IND"}  # in the text they are marked
