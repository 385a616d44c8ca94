"""Print: the print document assembled from built pages (pure functions), and every site page on paper."""

from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest
from pypdf import PdfReader

from ketenwijzer.domain.messages import long_date
from ketenwijzer.printing import books, document

SITE = "https://ketenwijzer.example/"


def _page(body: str) -> str:
    return (
        f'<html><body><div class="md-content"><article class="md-content__inner md-typeset">{body}</article></div></body></html>'
    )


def _chapter(number, title, url, body, lang="nl") -> document.Chapter:
    return document.Chapter(number, title, url, _page(body), f"site/{url}index.html", lang)


def _book(*chapters) -> document.Book:
    return document.Book(
        "Het boek", "Over het boek.", "nl", dt.date(2026, 3, 9), SITE + "handreiking/", "Ketenwijzer", SITE, list(chapters)
    )


@pytest.mark.parametrize(
    "base,href,expected",
    [
        ("handreiking/03-verwijzen/", "../08-werkafspraken/", ("handreiking/08-werkafspraken/", "")),
        ("handreiking/03-verwijzen/", "../08-werkafspraken/#afspraken", ("handreiking/08-werkafspraken/", "afspraken")),
        ("handreiking/", "01-gedeeld-doel/", ("handreiking/01-gedeeld-doel/", "")),
        ("en/handreiking/03-verwijzen/", "../../wie-doet-wat/organisaties/ind/", ("en/wie-doet-wat/organisaties/ind/", "")),
        ("handreiking/03-verwijzen/", "../../", ("", "")),
        ("handreiking/03-verwijzen/", "#checklist", ("handreiking/03-verwijzen/", "checklist")),
        ("handreiking/", "../index.html", ("", "")),
        ("verhalen/", "beeld/foto.jpg", ("verhalen/beeld/foto.jpg", "")),
    ],
)
def test_site_path_resolves_a_relative_link_in_the_site(base, href, expected):
    assert document.site_path(base, href) == expected


def test_links_become_page_references_inside_the_book_and_live_addresses_outside_it():
    intro = _chapter(None, "Inleiding", "handreiking/", '<h1 id="t">Boek</h1><p><a href="08-werkafspraken/">hoofdstuk 8</a></p>')
    eight = _chapter(
        8,
        "Werkafspraken",
        "handreiking/08-werkafspraken/",
        (
            '<h1 id="werkafspraken">Werkafspraken<a class="headerlink" href="#werkafspraken">&para;</a></h1>'
            '<p class="kw-pdf"><a href="../werkafspraken.pdf">Download als PDF (9 pagina\'s, 12 kB)</a></p>'
            '<h2 id="overleg">Overleg</h2>'
            '<p>Zie <a href="#overleg">hierboven</a>, <a href="../">de inleiding</a>, '
            '<a href="../../wie-doet-wat/organisaties/ind/">de IND</a>, <a href="https://www.ind.nl/">de site</a>, '
            '<a href="https://www.coa.nl/">https://www.coa.nl/</a>.</p>'
            '<img src="../beeld/schema.png" alt="Het schema van het overleg"><script>alert(1)</script>'
        ),
    )
    text = document.assemble(_book(intro, eight), "/* css */")
    assert '<a href="#ch-8" data-kw="kw-ref">hoofdstuk 8</a>' in text
    assert '<a href="#ch-8-overleg" data-kw="kw-ref">hierboven</a>' in text
    assert '<a href="#intro" data-kw="kw-ref">de inleiding</a>' in text
    assert f'<a href="{SITE}wie-doet-wat/organisaties/ind/" data-kw="kw-url">de IND</a>' in text
    assert '<a href="https://www.ind.nl/" data-kw="kw-url">de site</a>' in text
    assert '<a href="https://www.coa.nl/" data-kw="kw-bare">' in text  # its text is its address already
    assert 'id="ch-8-overleg"' in text and 'id="overleg"' not in text
    assert '<h1 id="ch-8" class="kw-chapter-title"><span class="kw-number">8</span> Werkafspraken</h1>' in text
    assert '<img src="handreiking/beeld/schema.png" alt="Het schema van het overleg">' in text
    assert "headerlink" not in text and "Download als PDF" not in text and "<script>alert" not in text
    # the cover and the table of contents
    assert '<html lang="nl">' in text and "<title>Het boek</title>" in text
    assert "<dd>9 maart 2026</dd>" in text and f'<dd><a href="{SITE}handreiking/"' in text
    assert '<li><a href="#intro">Inleiding</a></li>\n<li><a href="#ch-8">8 Werkafspraken</a></li>' in text


def test_a_page_in_another_language_than_the_book_says_so():
    fallback = _chapter(2, "Nog niet vertaald", "en/handreiking/02/", "<h1>Niet vertaald</h1><p>Tekst.</p>", lang="nl")
    text = document.assemble(document.Book("Book", "", "en", dt.date(2026, 3, 9), SITE, "K", SITE, [fallback]), "")
    assert '<section class="kw-chapter" id="ch-2-section" lang="nl">' in text
    assert "<dd>9 March 2026</dd>" in text and '<html lang="en">' in text


def test_a_page_without_an_article_is_named_in_the_error():
    chapter = document.Chapter(
        1, "Kapot", "handreiking/01/", "<html><body>niets</body></html>", "site/handreiking/01/index.html", "nl"
    )
    with pytest.raises(document.PrintError, match=r"site/handreiking/01/index.html:1: has no <article"):
        document.assemble(_book(chapter), "")


def test_abbreviations_are_spelt_out_at_their_first_use_in_the_document():
    coa = '<abbr title="Centraal Orgaan opvang asielzoekers">COA</abbr>'
    vwn = '<abbr title="VluchtelingenWerk Nederland">VWN</abbr>'
    body = f"<h2>Het {coa}</h2><p>Het {coa} en {vwn}.</p><p>VluchtelingenWerk Nederland (VWN)... </p><p>Weer het {coa}.</p>"
    out = document.spell_out_abbreviations(body)
    assert out.count("(Centraal Orgaan opvang asielzoekers)") == 1
    assert f'<h2>Het {coa}<span class="kw-abbr"> (Centraal Orgaan opvang asielzoekers)</span></h2>' in out
    assert f'<p>Het {coa} en {vwn}<span class="kw-abbr"> (VluchtelingenWerk Nederland)</span>.</p>' in out
    # a text that wrote the abbreviation out just before counts as its first use
    written = document.spell_out_abbreviations(f"<p>VluchtelingenWerk Nederland ({vwn}) werkt.</p><p>{vwn}</p>")
    assert "kw-abbr" not in written


def test_the_footer_and_page_references_speak_the_book_language():
    css_nl = document.page_css(_book())
    assert 'content: "pagina " counter(page) " van " counter(pages) "";' in css_nl
    assert '" (" "zie pagina " target-counter(attr(href), page) "" ")"' in css_nl
    english = document.Book('A "quoted" book', "", "en", dt.date(2026, 1, 1), SITE, "K", SITE, [])
    css_en = document.page_css(english)
    assert '"page " counter(page) " of " counter(pages)' in css_en and r'string-set: kw-book "A \"quoted\" book";' in css_en


@pytest.mark.parametrize(
    "lang,pages,size,expected",
    [
        ("nl", 33, 209_840, "Download als PDF (33 pagina's, 210 kB)"),
        ("en", 33, 1_209_840, "Download as PDF (33 pages, 1,210 kB)"),
        ("nl", 12, 1_500_000, "Download als PDF (12 pagina's, 1.500 kB)"),
        ("en", 1, 300, "Download as PDF (1 page, 1 kB)"),
    ],
)
def test_download_label(lang, pages, size, expected):
    assert books.download_label(lang, pages, size) == expected


def test_download_link_sits_under_the_title_once_however_often_a_build_adds_it():
    page = _page('<h1 id="x">Titel</h1>\n<p>Tekst.</p>')
    once = books.add_download_link(page, "../handreiking.pdf", "Download als PDF (3 pagina's, 9 kB)", "nl")
    twice = books.add_download_link(once, "../handreiking.pdf", "Download als PDF (4 pagina's, 9 kB)", "nl")
    assert twice.count('class="kw-pdf"') == 1 and "(4 pagina&#x27;s, 9 kB)" in twice
    assert re.search(r'</h1>\n<p class="kw-pdf"><a href="../handreiking.pdf" type="application/pdf" hreflang="nl">', twice)


def test_pdf_paths_per_language():
    assert books.pdf_path("handreiking", "nl") == "handreiking/handreiking.pdf"
    assert books.pdf_path("handreiking", "en") == "en/handreiking/handbook.pdf"
    assert books.pdf_path("verhalen", "nl") == "verhalen/een-uit-duizenden.pdf"


# -- every page of the site on paper: real Chromium, real print --------------------


@pytest.mark.parametrize("path,lang", [("handreiking/03-verwijzen/", "nl"), ("en/wie-doet-wat/organisaties/dtv/", "en")])
def test_a_printed_page_has_no_navigation_and_names_site_address_and_date(site_server, page, path, lang):
    page.goto(site_server + path)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    meta = page.locator(".kw-print-meta")
    assert meta.is_visible()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(path)
    today = dt.date.today()
    text = meta.inner_text()
    assert text == f"Ketenwijzer · {canonical} · {long_date(today, lang)}"

    # a link inside the site shows its full address; the first abbreviation, its meaning
    first_link = page.locator(".md-content__inner a[data-kw-href]").first
    full = first_link.get_attribute("data-kw-href")
    assert full.startswith(canonical.split(path)[0])
    after = first_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert full in after
    abbrs = page.locator(".md-content__inner p abbr[title], .md-content__inner li abbr[title]")
    short = abbrs.first.inner_text()
    marked = page.locator(".md-content__inner abbr[data-kw-first]")
    assert marked.count() == len({a.strip() for a in page.locator(".md-content__inner abbr[data-kw-first]").all_inner_texts()})
    title = page.locator(f'.md-content__inner abbr[data-kw-first]:text-is("{short}")').first
    assert title.get_attribute("title") in title.evaluate("a => getComputedStyle(a, '::after').content")

    # and on paper (Chromium's own print to PDF): the title, site, address and date, no search box
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    printed = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    heading = page.locator(".md-content__inner h1").first.inner_text()
    assert heading.replace("¶", "").strip() in printed
    assert canonical in printed.replace(" ", "")  # the PDF text may break the address with spaces
    assert {"nl": "Zoeken", "en": "Search"}[lang] not in printed.split(heading)[0]


def test_publishing_links_a_page_without_changing_its_time(tmp_path):
    """`mkdocs serve --dirty` renders a page again only if its source is newer than the page:
    the download link added afterwards must not make a page look newer than a save."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    page = site / "handreiking" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(_page('<h1 id="t">Titel</h1>\n<p>Tekst.</p>'), encoding="utf-8")
    built = 1_700_000_000_000_000_000
    os.utime(page, ns=(built, built))
    job = books.Job(_book(_chapter(None, "Inleiding", "handreiking/", "")), "handreiking", "key", cache)
    cache.mkdir()
    job.cached_pdf.write_bytes(b"%PDF-1.7 not a real one" * 100)
    job.meta_file.write_text('{"key": "key", "pages": 7}', encoding="utf-8")
    result = books.publish(job, site, rendered=False, seconds=0.0)
    assert result.pages == 7 and (site / "handreiking" / "handreiking.pdf").read_bytes() == job.cached_pdf.read_bytes()
    assert "Download als PDF (7 pagina&#x27;s, 2 kB)" in page.read_text(encoding="utf-8")
    assert page.stat().st_mtime_ns == built
