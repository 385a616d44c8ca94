"""How Wie doet wat answers: the finder's rule, its coverage, the chain's steps and the pages around them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from ketenwijzer.domain import chain_steps, referral_answers as ra, registry as registry_mod
from ketenwijzer.generators import page_extras
from ketenwijzer.site import sitemodel
from ketenwijzer.cli.main import main
from registry_fixture import SMALL_REGISTRY, write_registry

EXTRA_ROLE = """
- id: coa-locatiemanager
  reviewed: 2026-12-03
  organisation: coa
  title: {nl: Locatiemanager, en: Location manager}
  handles: {nl: Leidt de locatie., en: Runs the location.}
"""


def _registry(project, **overrides):
    write_registry(project, **overrides)
    reg, problems = registry_mod.load(project.root / "docs/wie-doet-wat", project.root)
    assert problems == []
    return reg


def test_each_tier_in_its_order(project):
    reg = _registry(project, **{"rollen.yml": SMALL_REGISTRY["rollen.yml"] + EXTRA_ROLE})
    answers = ra.Answers(reg)
    # the role's own referral
    assert answers.answer("coa-woonbegeleider", "terugkeer-en-vertrek") == ra.Answer(ra.DIRECT, ("vertrek-woonbegeleider-dtv",))
    # a colleague at COA refers on this situation: the location manager gets that, labelled as such
    assert answers.answer("coa-locatiemanager", "terugkeer-en-vertrek") == ra.Answer(
        ra.SAME_ORGANISATION, ("vertrek-woonbegeleider-dtv",)
    )
    # the IND as a whole refers on 'opvang': that counts for each of its roles
    assert answers.answer("ind-beslismedewerker", "opvang").tier == ra.DIRECT
    assert answers.answer("ind", "opvang") == ra.Answer(ra.DIRECT, ("opvang-ind-coa",))
    # nobody at the IND refers on departure: DT&V leads, and its case manager receives such referrals
    lead = answers.answer("ind-beslismedewerker", "terugkeer-en-vertrek")
    assert lead == ra.Answer(ra.LEAD_ORGANISATION, lead=ra.Lead("dtv", ("dtv-regievoerder",)))
    # COA leads on 'opvang' but no COA role is named for it: its general contact route
    assert answers.answer("dtv-regievoerder", "opvang") == ra.Answer(ra.CONTACT, lead=ra.Lead("coa", ()))
    with pytest.raises(KeyError):
        answers.answer("bestaat-niet", "opvang")


def test_coverage_counts_every_choice(project):
    reg = _registry(project)
    cov = ra.coverage(reg)
    assert list(cov.table) == ["coa", "coa-woonbegeleider", "dtv", "dtv-regievoerder", "ind", "ind-beslismedewerker"]
    expected = {ra.DIRECT: 2, ra.SAME_ORGANISATION: 0, ra.LEAD_ORGANISATION: 2, ra.CONTACT: 2, ra.NONE: 0}
    assert cov.totals("role", reg) == expected and cov.totals("organisation", reg) == expected
    assert cov.table["dtv-regievoerder"] == {"opvang": ra.CONTACT, "terugkeer-en-vertrek": ra.LEAD_ORGANISATION}
    assert cov.unanswered() == []


def test_a_choice_without_any_answer_is_a_problem_naming_the_topic(project):
    reg = _registry(project)
    del reg.organisations["dtv"]  # as if the lead organisation had gone from the registry unnoticed
    problems = [str(p) for p in sitemodel.coverage_problems(reg)]
    assert len(problems) == 1
    assert problems[0].startswith(
        "docs/wie-doet-wat/onderwerpen.yml:8: topic 'terugkeer-en-vertrek': the referral finder has no answer"
    )


def test_coverage_command_prints_per_role_per_situation_and_totals(project):
    write_registry(project)
    result = CliRunner().invoke(main, ["registry", "coverage", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("role coa-woonbegeleider") and line.split()[2:] == ["1", "0", "0", "1", "0"] for line in lines)
    assert any(line.startswith("terugkeer-en-vertrek (Terugkeer en vertrek)") for line in lines)
    assert (
        "role × situation: 6 choices: direct 2 (33 %), same-org 0 (0 %), lead 2 (33 %), contact 2 (33 %), NONE 0 (0 %)" in lines
    )
    assert lines[-1] == "coverage: 12 of 12 choices answered"
    assert (
        "registry: 2 referrals; roles with at least 2 referrals of their own: 0 of 3; "
        "situations with at least 5 referrals from at least 3 organisations: 0 of 2"
    ) in lines


def test_steps_follow_the_phases_and_put_branches_side_by_side(project):
    phases = (
        SMALL_REGISTRY["fasen.yml"].replace("  responsible: [coa]\n", "  responsible: [coa]\n  next: [blijven, vertrek]\n")
        + """
- id: vertrek
  reviewed: 2026-12-03
  order: 4
  name: {nl: Vertrek, en: Departure}
  summary: {nl: Weg., en: Away.}
  responsible: [dtv]
- id: blijven
  reviewed: 2026-12-03
  order: 3
  name: {nl: Blijven, en: Staying}
  summary: {nl: Een woning., en: A home.}
  responsible: [coa]
- id: los
  reviewed: 2026-12-03
  order: 9
  name: {nl: Los, en: Apart}
  summary: {nl: Op zichzelf., en: On its own.}
  responsible: [ind]
  next: [los]
"""
    )
    reg = _registry(project, **{"fasen.yml": phases})
    assert chain_steps.steps(reg) == [
        chain_steps.Step(1, ("aankomst",)),
        chain_steps.Step(2, ("opvang",)),
        chain_steps.Step(3, ("blijven", "vertrek")),
        chain_steps.Step(4, ("los",)),
    ]
    assert chain_steps.step_of(reg)["vertrek"] == 3


def test_abbreviations_are_explained_at_their_first_use_only():
    html = (
        '<h1><abbr title="Centraal Orgaan opvang asielzoekers">COA</abbr></h1><p>Het '
        '<abbr title="Centraal Orgaan opvang asielzoekers">COA</abbr> en de <abbr title="Immigratie- en Naturalisatiedienst">IND</abbr>.</p>'
    )
    assert page_extras.focusable_abbreviations(html) == (
        '<h1><abbr tabindex="0" title="Centraal Orgaan opvang asielzoekers">COA</abbr></h1><p>Het COA en de '
        '<abbr tabindex="0" title="Immigratie- en Naturalisatiedienst">IND</abbr>.</p>'
    )


def test_pages_speak_as_a_person_and_show_their_place_and_review_date(project):
    write_registry(project)
    project.page("handreiking/verwijzen.nl.md", "Verwijzen", "# Verwijzen\n\nOver opvang.", topics="[opvang]")
    site = project.build()
    role = project.read("wie-doet-wat/rollen/coa-woonbegeleider/index.html")
    assert "Naar wie verwijst de woonbegeleider?" in role
    assert "Laatst gecontroleerd: 3 december 2026" in role
    role_en = project.read("en/wie-doet-wat/rollen/coa-woonbegeleider/index.html")
    assert "Whom does the resident counsellor refer to?" in role_en and "Last reviewed: 3 December 2026" in role_en
    assert 'href="../../verwijzen/?van=coa-woonbegeleider"' in role
    coa = project.read("wie-doet-wat/organisaties/coa/index.html")
    assert "Naar wie verwijzen medewerkers van COA?" in coa and "Wie verwijst naar COA?" in coa
    assert 'Bron: <a href="https://example.org/coa/">' in coa
    assert re.search(r'Plaats in de keten:</strong> <a href="../../stap-voor-stap/#fase-opvang">Stap 2: Opvang</a>', coa)
    # referral tables carry their column name in every cell, for the cards on a phone
    assert '<td data-label="Wie verwijst"><a href="../ind/">IND</a></td>' in coa
    steps = project.read("wie-doet-wat/stap-voor-stap/index.html")
    assert 'id="fase-opvang"' in steps and 'href="../../handreiking/verwijzen/"' in steps
    assert 'href="../verwijzen/?situatie=opvang"' in steps
    for prefix in ("", "en/"):
        glossary = (site / prefix / "wie-doet-wat/afkortingen/index.html").read_text()
        assert '<th scope="row">azc</th>' in glossary
        assert '<th scope="row">DT&amp;V</th>' in glossary and 'href="../organisaties/dtv/"' in glossary
    assert "Repatriation and Departure Service" in (site / "en/wie-doet-wat/afkortingen/index.html").read_text()
    overview = project.read("wie-doet-wat/index.html")
    assert re.search(r'<ol (?=[^>]*aria-label="De stappen van de vreemdelingenketen")(?=[^>]*class="kw-chain")', overview)
    assert 'class="kw-diagram"' not in overview
