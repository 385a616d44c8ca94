"""The bilingual build: languages, switcher, hreflang, notices, per-language search."""

from __future__ import annotations

import json
import re

import pytest

import pagefind_files
from ketenwijzer.domain import project as project_mod, translations


def _mark_all_current(proj):
    loaded = project_mod.load(proj.root)
    for status in translations.statuses(loaded):
        if status.translation is not None:
            translations.mark_current(loaded, str(status.translation.path))


def test_both_languages_build_with_html_lang_and_switcher(project):
    project.page("handreiking/samenwerking.nl.md", "Samenwerking", "# Samenwerking\n\nVWN en COA werken samen.")
    project.page("handreiking/samenwerking.en.md", "Cooperation", "# Cooperation\n\nVWN and COA work together.")
    _mark_all_current(project)
    site = project.build()
    nl = project.read("handreiking/samenwerking/index.html")
    en = project.read("en/handreiking/samenwerking/index.html")
    assert '<html lang="nl"' in nl and '<html lang="en"' in en
    assert "VWN en COA werken samen." in nl and "VWN and COA work together." in en
    # hreflang alternates in the head point at the same page in each language, absolutely (tests/test_deploy_config.py)
    assert '<link rel="alternate" href="http://127.0.0.1:8000/handreiking/samenwerking/" hreflang="nl">' in nl
    assert '<link rel="alternate" href="http://127.0.0.1:8000/en/handreiking/samenwerking/" hreflang="en">' in nl
    assert '<link rel="alternate" href="http://127.0.0.1:8000/handreiking/samenwerking/" hreflang="nl">' in en
    # the sitemap lists both with absolute alternates
    sitemap = (site / "sitemap.xml").read_text()
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/handreiking/samenwerking/"' in sitemap
    assert "Not yet available" not in en


def test_stories_live_outside_docs_and_land_under_verhalen(project):
    project.page("stories/de-locatiemanager.nl.md", "De locatiemanager", "# De locatiemanager\n\nEen dag op het azc.")
    site = project.build()
    assert "Een dag op het azc." in project.read("verhalen/de-locatiemanager/index.html")
    assert (site / "en/verhalen/de-locatiemanager/index.html").exists()


def test_untranslated_page_shows_notice_and_is_marked_dutch(project):
    project.page("handreiking/alleen-nl.nl.md", "Alleen Nederlands", "# Alleen Nederlands\n\nDit is alleen Nederlands.")
    project.build()
    en = project.read("en/handreiking/alleen-nl/index.html")
    assert "not yet available in English; you are reading the Dutch original" in en
    match = re.search(r'<div lang="nl">(.*?)</div>', en, re.S)
    assert match and "Dit is alleen Nederlands." in match.group(1)
    assert '<html lang="en"' in en
    assert "not yet available" not in project.read("handreiking/alleen-nl/index.html")


def test_stale_translation_shows_notice_until_marked_current(project):
    project.page("docs/over.nl.md", "Over", "# Over\n\nOorspronkelijke tekst.")
    en_path = project.page("docs/over.en.md", "About", "# About\n\nOriginal text.")
    _mark_all_current(project)
    project.page("docs/over.nl.md", "Over", "# Over\n\nGewijzigde tekst.")
    loaded = project_mod.load(project.root)
    assert translations.state_of(loaded, "over", "en") == translations.STALE
    project.build()
    assert "The Dutch original has changed since this translation was made" in project.read("en/over/index.html")
    translations.mark_current(loaded, str(en_path))
    assert translations.state_of(project_mod.load(project.root), "over", "en") == translations.TRANSLATED
    project.build()
    assert "The Dutch original has changed" not in project.read("en/over/index.html")


def test_one_search_index_per_language(project):
    project.page("docs/opvang.nl.md", "Opvang", "# Opvang\n\nAsielzoekers wonen in een azc.")
    project.page("docs/opvang.en.md", "Reception", "# Reception\n\nAsylum seekers live in a reception centre.")
    site = project.build()
    # Pagefind splits the index by each page's <html lang>: one per language, each with its own stemmer
    languages = pagefind_files.entry(site)["languages"]
    assert set(languages) == {"nl", "en"} and languages["nl"]["page_count"] == languages["en"]["page_count"] == 2
    nl, en = pagefind_files.by_url(site, "nl"), pagefind_files.by_url(site, "en")
    assert set(nl) == {"/", "/opvang/"} and set(en) == {"/en/", "/en/opvang/"}
    assert "azc" in nl["/opvang/"]["content"] and "reception centre" not in json.dumps(nl, ensure_ascii=False)
    assert "reception centre" in en["/en/opvang/"]["content"] and "azc" not in json.dumps(en, ensure_ascii=False)
    assert nl["/opvang/"]["meta"]["title"] == "Opvang" and en["/en/opvang/"]["meta"]["title"] == "Reception"
    # the 404 pages are no search results
    assert not any("404" in url for url in [*nl, *en])


def test_no_external_requests(project):
    site = project.build()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 4, pages  # both home pages and both 404 pages, at least
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            assert src.startswith("http://127.0.0.1:8000/"), (page, src)


def test_pages_lose_template_indentation_but_code_keeps_its_own(project):
    project.page("docs/code.nl.md", "Code", "# Code\n\n```\nregel een\n    ingesprongen regel\n```\n\n- punt\n")
    project.page("docs/code.en.md", "Code", "# Code\n\n```\nline one\n    indented line\n```\n")
    site = project.build()
    html = project.read("code/index.html")
    assert "\n    ingesprongen regel" in html  # inside <pre>: untouched
    body = html.split("<pre", 1)[0]
    assert "\n  <" not in body and "\n\n" not in body
    assert "<li>punt</li>" in html
    assert (site / "en" / "code" / "index.html").read_text(encoding="utf-8").count("\n    indented line") == 1


def test_a_page_naming_a_missing_template_is_reported_with_file_and_line(project, caplog):
    from mkdocs.exceptions import Abort

    project.page("docs/index.nl.md", "Start", "# Start")
    project.page("docs/over.nl.md", "Over", "# Over\n\nTekst.", template="ontbreekt.html")
    project.page("docs/ander.nl.md", "Ander", "# Ander\n\nTekst.", template="main.html")  # overrides/main.html exists
    with pytest.raises(Abort):
        project.build()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(
        re.search(r"docs/over\.nl\.md:\d+: template 'ontbreekt\.html' is not in overrides/ or the theme", e) for e in errors
    ), errors
    assert not any("ander.nl.md" in e for e in errors)
    project.page("docs/over.nl.md", "Over", "# Over\n\nTekst.")
    assert "Ander" in (project.build() / "ander" / "index.html").read_text(encoding="utf-8")
