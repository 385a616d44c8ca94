"""What each page gives Pagefind: spellings of names, abbreviations both ways, synonyms, filters,
and the synonym list's checks (src/ketenwijzer/pagefind_step.py, docs/wie-doet-wat/synoniemen.yml)."""

from __future__ import annotations

from pathlib import Path

import pagefind_files
from ketenwijzer.search import pagefind as pagefind_step
from ketenwijzer.domain import registry as registry_mod
from ketenwijzer.site import sitemodel
from registry_fixture import write_registry

REPO = Path(__file__).resolve().parents[1]

SYNONYMS = """
- nl: [statushouder, vergunninghouder]
  en: [status holder, permit holder]
  reviewed: 2026-12-04
  see: opvang
"""


def test_spellings_of_names_with_an_ampersand():
    assert pagefind_step.spellings("DT&V", "nl") == ["DT&V", "DT en V", "DTenV", "DTV"]
    assert pagefind_step.spellings("J&V", "en") == ["J&V", "J and V", "JandV", "J en V", "JenV", "JV"]
    # a name in words keeps its words: no "TerugkeerenVertrek"
    assert pagefind_step.spellings("Dienst Terugkeer & Vertrek", "nl") == [
        "Dienst Terugkeer & Vertrek",
        "Dienst Terugkeer en Vertrek",
    ]
    assert pagefind_step.spellings("COA", "nl") == ["COA"]


def test_expander_adds_the_other_side_of_abbreviations_and_synonym_groups():
    expander = pagefind_step.Expander([["azc", "asielzoekerscentrum"], ["statushouder", "vergunninghouder"]])
    # whole words only, any case, plural endings count
    assert expander.expansions("Wonen in een AZC.") == ["asielzoekerscentrum"]
    assert expander.expansions("Twee asielzoekerscentrums en vergunninghouders.") == ["azc", "statushouder"]
    assert expander.expansions("azcx en een huisstatushouder") == []
    # a word the page has already is not added again
    assert expander.expansions("azc en asielzoekerscentrum") == []


def test_best_bets_of_organisations_roles_and_topics_from_the_real_registry():
    registry, problems = registry_mod.load(REPO / "docs" / "wie-doet-wat", REPO)
    assert problems == []
    dtv = pagefind_step.best_bets(registry, "wie-doet-wat/organisaties/dtv", "nl")
    assert {"DT&V", "DT en V", "DTenV", "DTV", "Dienst Terugkeer en Vertrek"} <= set(dtv)
    assert "Repatriation and Departure Service" in pagefind_step.best_bets(registry, "wie-doet-wat/organisaties/dtv", "en")
    assert pagefind_step.best_bets(registry, "wie-doet-wat/rollen/dtv-regievoerder", "nl") == ["Regievoerder"]
    # an abbreviation or a synonym group that names its page (see:) makes its words that page's best bets
    assert {"azc", "asielzoekerscentrum"} <= set(pagefind_step.best_bets(registry, "wie-doet-wat/organisaties/coa", "nl"))
    assert "vergunninghouder" in pagefind_step.best_bets(registry, "wie-doet-wat/onderwerpen/huisvesting", "nl")
    assert pagefind_step.best_bets(registry, "handreiking/03-verwijzen", "nl") == []
    assert pagefind_step.best_bet_weight("wie-doet-wat/rollen/x") < pagefind_step.best_bet_weight("wie-doet-wat/organisaties/x")


def test_section_and_edition_filters():
    assert pagefind_step.section_filters("handreiking/03-verwijzen", "en", None) == {"section": "Handbook"}
    assert pagefind_step.section_filters("vreemdelingenvisie/02/cbr", "nl", "VreemdelingenVisie 02") == {
        "section": "VreemdelingenVisie",
        "edition": "VreemdelingenVisie 02",
    }
    assert pagefind_step.section_filters("over", "nl", None) == {}
    html = pagefind_step.filters_html({"section": "Wie doet wat", "edition": 'A "quoted" one'})
    assert html == (
        '<span data-pagefind-filter="section:Wie doet wat"></span>'
        '<span data-pagefind-filter="edition:A &quot;quoted&quot; one"></span>'
    )


def test_synonyms_reach_the_index_of_their_language(project):
    write_registry(project, **{"synoniemen.yml": SYNONYMS})
    project.page("docs/wonen.nl.md", "Wonen", "# Wonen\n\nDe gemeente huisvest vergunninghouders.")
    project.page("docs/wonen.en.md", "Housing", "# Housing\n\nThe municipality houses status holders.")
    project.page("docs/azc.nl.md", "Azc", "# Azc\n\nWonen in een azc.")
    site = project.build()
    nl, en = pagefind_files.by_url(site, "nl"), pagefind_files.by_url(site, "en")
    assert "statushouder" in nl["/wonen/"]["content"] and "permit holder" in en["/en/wonen/"]["content"]
    assert "permit holder" not in nl["/wonen/"]["content"]
    # the topic the group names carries its words as best bets; "azc" in a page brings its expansion
    assert "vergunninghouder" in nl["/wie-doet-wat/onderwerpen/opvang/"]["content"]
    assert "asielzoekerscentrum" in nl["/azc/"]["content"]
    # ... and as its metadata field of names, which the dialog's ranking weighs; other pages have none
    assert "vergunninghouder" in nl["/wie-doet-wat/onderwerpen/opvang/"]["meta"][pagefind_step.NAMES_FIELD]
    assert pagefind_step.NAMES_FIELD not in nl["/wonen/"]["meta"]
    # the reader sees none of it
    assert "statushouder" not in project.read("wonen/index.html").split('<div class="kw-search-terms"')[0]


def test_bad_synonym_groups_are_reported_with_file_and_line(project):
    write_registry(
        project,
        **{
            "synoniemen.yml": """
- nl: [statushouder]
  reviewed: 2026-12-04
- nl: [azc, asielzoekerscentrum]
  reviewed: 2026-12-04
  see: nergens
- nl: azc
  en: [a, b]
  reviewed: 2026-12-04
"""
        },
    )
    problems = [str(p) for p in sitemodel.load(project.root).problems]
    assert any(
        p.startswith("docs/wie-doet-wat/synoniemen.yml:1: synonym group 'statushouder': give at least two words")
        for p in problems
    ), problems
    assert any(
        p.startswith("docs/wie-doet-wat/synoniemen.yml:5:") and "'see' names unknown organisation or topic 'nergens'" in p
        for p in problems
    ), problems
    assert any(p.startswith("docs/wie-doet-wat/synoniemen.yml:6:") and "'nl'" in p for p in problems), problems


def test_an_index_left_unfinished_is_told_apart_from_a_whole_one(project, tmp_path):
    """Pagefind's service may end with its last files cut short; index_site checks the bundle (and indexes again)."""
    import shutil

    project.page("docs/wonen.nl.md", "Wonen", "# Wonen\n\nDe gemeente huisvest vergunninghouders.")
    bundle = shutil.copytree(project.build() / pagefind_step.BUNDLE, tmp_path / "bundle")
    assert pagefind_step.bundle_problems(bundle) == []
    fragment = sorted((bundle / "fragment").glob("nl_*.pf_fragment"))[0]
    fragment.write_bytes(fragment.read_bytes()[: len(fragment.read_bytes()) // 2])
    worker = bundle / "pagefind-worker.js"
    worker.write_bytes(worker.read_bytes()[: 32768 // 4])
    problems = pagefind_step.bundle_problems(bundle)
    assert any(p.startswith(str(fragment)) for p in problems) and any(p.startswith(str(worker)) for p in problems), problems
    (bundle / "pagefind-entry.json").write_text("", encoding="utf-8")
    assert pagefind_step.bundle_problems(bundle)[0].startswith(str(bundle / "pagefind-entry.json"))


def test_the_index_is_the_sites_own_whatever_pagefind_settings_surround_the_build(project, monkeypatch):
    """A Pagefind configuration file where the build runs, or a PAGEFIND_ variable, does not change the index."""
    project.page("docs/wonen.nl.md", "Wonen", "# Wonen\n\nDe gemeente huisvest vergunninghouders.")
    project.page("docs/wonen.en.md", "Housing", "# Housing\n\nThe municipality houses permit holders.")
    (project.root / "pagefind.yml").write_text("force_language: en\nroot_selector: footer\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "en")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", '["main"]')
    site = project.build()
    assert "De gemeente huisvest vergunninghouders." in pagefind_files.by_url(site, "nl")["/wonen/"]["content"]
    assert "The municipality houses permit holders." in pagefind_files.by_url(site, "en")["/en/wonen/"]["content"]


def test_a_folder_pagefind_cannot_index_is_named_in_the_error(tmp_path):
    (tmp_path / "notes.txt").write_text("no pages here", encoding="utf-8")
    try:
        pagefind_step.index_site(tmp_path)
    except RuntimeError as exc:
        assert str(tmp_path) in str(exc) and "did not contain any html files" in str(exc), exc
    else:
        raise AssertionError("indexing a folder without pages did not fail")
    assert not (tmp_path / pagefind_step.BUNDLE).exists()
