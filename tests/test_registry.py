"""Wie doet wat: registry pages, cross-links, backlinks and bad input."""

from __future__ import annotations

import logging
import re
import time

import pytest
from mkdocs.exceptions import Abort

from ketenwijzer.site import sitemodel
import pagefind_files
from registry_fixture import SMALL_REGISTRY, write_registry


@pytest.fixture
def reg_project(project):
    write_registry(project)
    return project


def test_pages_for_every_organisation_role_and_topic_in_both_languages(reg_project):
    reg_project.page(
        "handreiking/verwijzen.nl.md",
        "Verwijzen",
        "# Verwijzen\n\nOver het azc.",
        organisations="[coa, dtv]",
        topics="[terugkeer-en-vertrek]",
    )
    site = reg_project.build()
    for prefix in ("", "en/"):
        for path in (
            "wie-doet-wat/",
            "wie-doet-wat/verwijzen/",
            "wie-doet-wat/organisaties/coa/",
            "wie-doet-wat/rollen/dtv-regievoerder/",
            "wie-doet-wat/onderwerpen/opvang/",
        ):
            assert (site / prefix / path / "index.html").exists(), prefix + path
    coa = reg_project.read("wie-doet-wat/organisaties/coa/index.html")
    assert "Doet niet" in coa and "Beslist niet over asiel" in coa
    assert 'href="../../rollen/coa-woonbegeleider/"' in coa
    # referral to COA, from the IND
    assert "Via de planning" in coa
    # backlink to the tagged handbook chapter
    assert 'href="../../../handreiking/verwijzen/"' in coa
    coa_en = reg_project.read("en/wie-doet-wat/organisaties/coa/index.html")
    assert '<html lang="en"' in coa_en and "Does not" in coa_en and "Does not decide on asylum" in coa_en
    assert "Meer over" not in coa_en
    # the language switcher and hreflang reach the same page in the other language
    assert 'href="../../../en/wie-doet-wat/organisaties/coa/" hreflang="en"' in coa
    assert 'href="../../../../wie-doet-wat/organisaties/coa/" hreflang="nl"' in coa_en
    sitemap = (site / "sitemap.xml").read_text()
    assert "http://127.0.0.1:8000/en/wie-doet-wat/organisaties/coa/" in sitemap


def test_tags_render_as_links_and_abbreviations_get_titles(reg_project):
    reg_project.page(
        "handreiking/h1.nl.md", "H1", "# H1\n\nHet COA en DT&V werken samen in het azc.", organisations="[coa]", topics="[opvang]"
    )
    reg_project.build()
    html = reg_project.read("handreiking/h1/index.html")
    assert re.search(r'<nav (?=[^>]*class="kw-tags")(?=[^>]*aria-label="Hoort bij")[^>]*>', html)
    assert 'href="../../wie-doet-wat/organisaties/coa/"' in html
    assert 'href="../../wie-doet-wat/onderwerpen/opvang/"' in html
    assert '<abbr tabindex="0" title="Centraal Orgaan opvang asielzoekers">COA</abbr>' in html
    assert '<abbr tabindex="0" title="asielzoekerscentrum">azc</abbr>' in html
    assert 'title="Dienst Terugkeer en Vertrek">DT&amp;V</abbr>' in html


def test_names_and_aliases_are_indexed_as_best_bets(reg_project):
    site = reg_project.build()
    nl = pagefind_files.by_url(site, "nl")
    dtv = nl["/wie-doet-wat/organisaties/dtv/"]
    # the name as written, its aliases and the ways people type it are in the page's index record
    for spelling in ("DT&V", "DTenV", "DT en V", "DTV"):
        assert spelling in dtv["content"], spelling
    role = nl["/wie-doet-wat/rollen/dtv-regievoerder/"]
    assert "DT&V" in role["content"]
    # the section filter, and the title without the heading's permalink sign
    assert dtv["filters"] == {"section": ["Wie doet wat"]} and dtv["meta"]["title"] == "Dienst Terugkeer en Vertrek (DT&V)"
    html = (site / "wie-doet-wat/organisaties/dtv/index.html").read_text(encoding="utf-8")
    # hidden from view: the reader sees the page as before
    assert re.search(r'<div class="kw-search-terms" hidden aria-hidden="true" data-pagefind-weight="10">DT&amp;V ¦ ', html)


def test_finder_has_plain_tables_and_data_for_filtering(reg_project):
    reg_project.build()
    html = reg_project.read("wie-doet-wat/verwijzen/index.html")
    row = re.search(
        r'<tr data-from="coa-woonbegeleider" data-from-org="coa" data-topic="terugkeer-en-vertrek" id="ref-vertrek-woonbegeleider-dtv">(.*?)</tr>',
        html,
        re.S,
    )
    assert row, html[:2000]
    assert 'href="../rollen/dtv-regievoerder/"' in row.group(1)
    assert "Via het vertrekoverleg" in row.group(1)
    assert '<option value="coa-woonbegeleider">' in html


def _problems(project):
    return [str(p) for p in sitemodel.load(project.root).problems]


def test_bad_registry_input_is_listed_with_file_and_line(project):
    write_registry(
        project,
        **{
            "rollen.yml": SMALL_REGISTRY["rollen.yml"]
            + """
- id: coa-woonbegeleider
  organisation: coa
  title: {nl: Dubbel, en: Double}
  handles: {nl: x, en: y}
  reviewed: 2026-12-03
- id: coa-x
  organisation: coaa
  title: {nl: Alleen Nederlands}
  handles: {nl: x, en: y}
  reviewed: 2026-13-45
""",
            "verwijzingen.yml": SMALL_REGISTRY["verwijzingen.yml"]
            + """
- id: verkeerde-rol
  topic: opvang
  from: ind
  to: coa
  to_role: dtv-regievoerder
  channel: {nl: a, en: b}
  reason: {nl: a, en: b}
  reviewed: 2026-12-03
""",
            "organisaties.yml": SMALL_REGISTRY["organisaties.yml"]
            + """
- id: rode-kruis
  name: {nl: Rode Kruis, en: Red Cross}
  kind: ngo
  mission: {nl: Helpt., en: Helps.}
  does: {nl: [Helpt], en: [Helps]}
  does_not: {nl: [Beslist niet], en: [Does not decide]}
""",
        },
    )
    problems = _problems(project)
    assert (
        "docs/wie-doet-wat/organisaties.yml:34: organisation 'rode-kruis': missing required key 'source'; add 'source: ...'"
        in problems
    )
    assert (
        "docs/wie-doet-wat/organisaties.yml:34: organisation 'rode-kruis': missing required key 'reviewed'; add 'reviewed: ...'"
        in problems
    )
    assert (
        "docs/wie-doet-wat/rollen.yml:27: role 'coa-x': 'reviewed' must be a date written as YYYY-MM-DD, e.g. 2026-12-03, got '2026-13-45', which is not a real date"
        in problems
    ), problems
    assert (
        "docs/wie-doet-wat/rollen.yml:18: duplicate role id 'coa-woonbegeleider' (first defined at docs/wie-doet-wat/rollen.yml:1); ids must be unique"
        in problems
    )
    assert "docs/wie-doet-wat/rollen.yml:25: role 'coa-x': 'title' has no English ('en') text; add 'en: ...'" in problems
    assert (
        "docs/wie-doet-wat/rollen.yml:24: role 'coa-x': 'organisation' names unknown organisation 'coaa'; did you mean 'coa'?"
        in problems
    )
    assert any(
        p.startswith(
            "docs/wie-doet-wat/verwijzingen.yml:21: referral 'verkeerde-rol': to_role 'dtv-regievoerder' is a role of 'dtv', not of 'coa'"
        )
        for p in problems
    )


def test_yaml_syntax_error_and_unknown_tag(project, caplog):
    write_registry(project, **{"onderwerpen.yml": "- id: opvang\n  name: {nl: Opvang, en: Reception\n"})
    problems = _problems(project)
    assert any(p.startswith("docs/wie-doet-wat/onderwerpen.yml:3: not valid YAML") for p in problems), problems
    write_registry(project)
    project.page("stories/s.nl.md", "S", "Tekst.", organisations="[coa, politie]")
    assert _problems(project) == [
        "stories/s.nl.md:4: 'organisations' names unknown organisation 'politie'; add it to docs/wie-doet-wat/organisaties.yml"
    ]
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        project.build()
    assert "stories/s.nl.md:4: 'organisations' names unknown organisation 'politie'" in caplog.text


def test_dirty_rebuild_renders_only_what_changed(reg_project, monkeypatch):
    """`make serve` uses --dirty: a saved page is rebuilt, unchanged generated pages are not."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr("sys.argv", ["mkdocs", "serve", "--dirty"])  # static-i18n reads the flag from argv

    def dirty_build():
        config = load_config(str(reg_project.root / "mkdocs.yml"), site_dir=str(reg_project.site), strict=False)
        build(config, dirty=True)

    dirty_build()
    urls = sorted(pagefind_files.by_url(reg_project.site, "nl"))
    org_page = reg_project.site / "wie-doet-wat" / "organisaties" / "coa" / "index.html"
    home = reg_project.site / "index.html"
    before = org_page.stat().st_mtime_ns
    time.sleep(0.05)
    source = reg_project.root / "docs" / "index.nl.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    dirty_build()
    assert "Een nieuwe zin." in home.read_text(encoding="utf-8")
    assert org_page.stat().st_mtime_ns == before  # its Markdown did not change: not rendered again
    # the search index still holds every page exactly once, with the new text
    records = pagefind_files.fragments(reg_project.site, "nl")
    assert sorted(r["url"] for r in records) == urls
    assert any("Een nieuwe zin." in r["content"] for r in records)
    registry_file = reg_project.root / "docs" / "wie-doet-wat" / "organisaties.yml"
    registry_file.write_text(
        registry_file.read_text(encoding="utf-8").replace("Biedt opvang]", "Biedt opvang en begeleiding]"), encoding="utf-8"
    )
    dirty_build()
    assert "Biedt opvang en begeleiding" in org_page.read_text(encoding="utf-8")


def test_model_reloads_keep_the_registry_until_a_registry_file_changes(reg_project):
    chapter = reg_project.page("handreiking/h1.nl.md", "H1", "# H1\n\nEerste versie.", organisations="[coa]")
    root = reg_project.root
    first = sitemodel.load_cached(root)
    pages = first.registry_pages("nl")
    assert "[H1](../../handreiking/h1.md)" in pages["wie-doet-wat/organisaties/coa.md"]
    time.sleep(0.01)
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Eerste", "Tweede"), encoding="utf-8")
    second = sitemodel.load_cached(root)
    assert second is not first and second.original("handreiking/h1").doc.body.strip().endswith("Tweede versie.")
    # only a page's text changed: the same registry, and the same generated pages
    assert second.registry is first.registry and second.registry_pages("nl") is pages
    # a changed title reaches the organisation page that links to it
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: H1", "title: Hoofdstuk een"), encoding="utf-8")
    third = sitemodel.load_cached(root)
    assert "[Hoofdstuk een](../../handreiking/h1.md)" in third.registry_pages("nl")["wie-doet-wat/organisaties/coa.md"]
    # a registry file changed: loaded again, problems included
    organisations = root / "docs" / "wie-doet-wat" / "organisaties.yml"
    organisations.write_text(
        organisations.read_text(encoding="utf-8").replace("Beslist niet over asiel", "Beslist nooit over asiel"), encoding="utf-8"
    )
    fourth = sitemodel.load_cached(root)
    assert fourth.registry is not third.registry
    assert "Beslist nooit over asiel" in fourth.registry_pages("nl")["wie-doet-wat/organisaties/coa.md"]
    organisations.write_text(organisations.read_text(encoding="utf-8") + "- naam: zonder id\n", encoding="utf-8")
    assert any("organisaties.yml" in str(p) for p in sitemodel.load_cached(root).problems)
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNog een regel.\n", encoding="utf-8")
    assert any("organisaties.yml" in str(p) for p in sitemodel.load_cached(root).problems)  # kept with the registry
