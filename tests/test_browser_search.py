"""Search as a reader uses it: the header's dialog over Pagefind's index, in headless Chromium on the real site.

The queries are a representative part of benchmarks/search_quality.py (which runs all of them).
"""

from __future__ import annotations

import pytest

import pagefind_files
from search_driver import open_dialog, page_languages, search
from test_browser_site import _violations

# (language, what a reader types, the page expected among the first three results)
SEARCHES = [
    ("nl", "DT&V", "/wie-doet-wat/organisaties/dtv/"),  # a name with an ampersand
    ("nl", "DT en V", "/wie-doet-wat/organisaties/dtv/"),
    ("nl", "DTenV", "/wie-doet-wat/organisaties/dtv/"),
    ("nl", "dtv", "/wie-doet-wat/organisaties/dtv/"),
    ("nl", "J&V", "/wie-doet-wat/organisaties/jenv/"),
    ("nl", "asielzoekerscentrum", "/wie-doet-wat/organisaties/coa/"),  # "azc" spelt out (afkortingen.yml: see: coa)
    ("nl", "azc", "/wie-doet-wat/organisaties/coa/"),  # its long page above the articles that use the word often
    ("nl", "ingeburgerd", "/wie-doet-wat/onderwerpen/inburgering/"),  # synoniemen.yml
    ("nl", "statushouders", "/wie-doet-wat/onderwerpen/huisvesting/"),  # ~ vergunninghouders
    ("nl", "verwijzingen", "/handreiking/03-verwijzen/"),  # Dutch stemming
    ("nl", "Tanzania", "/vreemdelingenvisie/02/cbr-hostmanship/"),  # an article by a name only its text holds
    ("en", "DT&V", "/en/wie-doet-wat/organisaties/dtv/"),
    ("en", "DT and V", "/en/wie-doet-wat/organisaties/dtv/"),
    ("en", "unaccompanied minor", "/en/wie-doet-wat/onderwerpen/minderjarigen/"),
    # the topic a synonym group points at, above the role whose title holds the words
    ("en", "permit holders", "/en/wie-doet-wat/onderwerpen/huisvesting/"),
    ("en", "referred", "/en/handreiking/03-verwijzen/"),  # English stemming: referred ~ referring
]


FIRST, NEXT = 5, 10  # results the dialog shows at first, and adds per "more" (kw-search.js)


def _home(page, site_server, lang: str) -> None:
    page.goto(site_server + ("" if lang == "nl" else "en/"))


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_typed_query_finds_the_page_in_the_top_three_in_its_own_language(site_server, page, lang, query, expected):
    _home(page, site_server, lang)
    open_dialog(page)
    results = search(page, query)
    paths = [r.path for r in results]
    assert expected in paths[:3], paths[:5]
    # every result is a page of the reader's language: by its address and by its <html lang>
    assert all(p.startswith("/en/") == (lang == "en") for p in paths), paths
    assert set(page_languages(page, paths).values()) == {lang}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dialog_opens_by_keyboard_moves_by_arrows_and_is_accessible(site_server, page, lang):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    _home(page, site_server, lang)
    page.wait_for_load_state("networkidle")
    # a first visit loads no search index at all
    assert not any("/pagefind/" in url for url in requested), requested
    for key in ("/", "s"):
        open_dialog(page, key)
        assert page.evaluate("document.activeElement.id") == "kw-search-input"
        page.keyboard.press("Escape")
        page.locator(".kw-search__dialog[open]").wait_for(state="detached")
    open_dialog(page)
    query = {"nl": "terugkeer", "en": "return"}[lang]
    results = search(page, query)
    assert len(results) >= 3
    status = page.locator(".kw-search__status").inner_text()
    assert query in status and (status.startswith(f"{len(results)} ") or len(results) == FIRST), status
    assert _violations(page) == []
    # down from the field to the first result, on to the second, and back up to the field
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and first.endswith(results[0].path)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith(results[1].path)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "kw-search-input"
    # Enter on a result opens it
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + results[0].path)
    assert page.locator("html").get_attribute("lang") == lang
    # only the chunks a query needs were loaded, all from this site
    chunks = [url for url in requested if url.endswith(".pf_index")]
    assert chunks and all(f"/{lang}_" in url for url in chunks)


def test_filters_by_section_and_edition(site_server, page):
    _home(page, site_server, "nl")
    open_dialog(page)
    everything = search(page, "opvang")
    assert any(r.path.startswith("/wie-doet-wat/") for r in everything)
    # a query loads no filter values; turning to a filter does
    assert not page.evaluate("performance.getEntriesByType('resource').some(e => e.name.endsWith('.pf_filter'))")
    page.focus("[data-filter='section']")
    page.select_option("[data-filter='section']", "VreemdelingenVisie")
    page.wait_for_function("document.querySelector('[data-kw-search]').getAttribute('data-state') === 'done'")
    articles = search(page, "opvang")
    assert articles and all(r.path.startswith("/vreemdelingenvisie/") for r in articles), articles
    page.focus("[data-filter='edition']")
    page.select_option("[data-filter='edition']", "VreemdelingenVisie 02")
    in_02 = search(page, "opvang")
    assert in_02 and all(r.path.startswith("/vreemdelingenvisie/02/") for r in in_02), in_02
    assert _violations(page) == []


@pytest.mark.parametrize(("lang", "query"), [("nl", "opvang"), ("en", "reception")])
def test_only_the_shown_results_load_their_page_records_and_more_come_on_demand(site_server, page, lang, query):
    # Pagefind fetches the page records in its worker: the context sees those requests, the page's own log does not
    records: list[str] = []
    page.context.on("requestfinished", lambda r: records.append(r.url) if r.url.endswith(".pf_fragment") else None)
    _home(page, site_server, lang)
    open_dialog(page)
    shown = search(page, query)
    found = int(page.get_attribute("[data-kw-search]", "data-count"))
    assert found > FIRST + NEXT, found  # enough results for a first page and a "more"
    assert len(shown) == FIRST
    page.wait_for_timeout(300)  # any record still on its way would arrive now
    assert len(records) == FIRST
    status = page.locator(".kw-search__status").inner_text()
    assert status.startswith(f"{found} ") and str(FIRST) in status, status
    # "more" by the keyboard: down the results to the button, Enter
    page.keyboard.press("ArrowDown")
    for _ in range(FIRST):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.kw-search__more') !== null")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.kw-search__link').length === n", arg=FIRST + NEXT)
    assert len(records) == FIRST + NEXT
    links = page.locator(".kw-search__link")
    # the keyboard goes on at the first result added; a new search starts again at the first page
    assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(FIRST).get_attribute("href")
    assert [r.path for r in search(page, query)][:FIRST] == [r.path for r in shown]
    everything = search(page, query, every=True)
    assert len(everything) == found and len(set(r.path for r in everything)) == found
    assert page.locator(".kw-search__more").count() == 0


def test_result_excerpt_shows_the_text_not_markup(site_server, page):
    _home(page, site_server, "nl")
    open_dialog(page)
    search(page, "DT&V")
    excerpts = page.locator(".kw-search__result-excerpt").all_inner_texts()
    assert all("&amp;" not in text and "¦" not in text for text in excerpts), excerpts
    # the organisation's own hit is in its hidden names: its description is shown instead
    assert excerpts[0].startswith("Dienst Terugkeer en Vertrek (DT&V): wat wel en niet tot de taken hoort"), excerpts
    assert "DT&V" in page.locator(".kw-search__result-excerpt mark").first.inner_text()


def _holds(record: dict, word: str) -> bool:
    return word in record["content"].lower()


@pytest.mark.parametrize(("lang", "words"), [("nl", ("opvang", "gemeente")), ("en", ("return", "municipal"))])
def test_several_words_find_the_pages_holding_all_of_them(real_site, site_server, page, lang, words):
    """Pagefind answers several words with the pages that hold every one (by stem or as a prefix)."""
    records = pagefind_files.by_url(real_site, lang)
    _home(page, site_server, lang)
    open_dialog(page)
    singles = [search(page, word, every=True) for word in words]
    results = search(page, " ".join(words), every=True)
    assert results and len(results) < min(len(found) for found in singles)
    assert all(all(_holds(records[r.path], w) for w in words) for r in results), results
    # results are among the pages whose indexed text holds every word
    holding = {path for path, record in records.items() if all(_holds(record, w) for w in words)}
    assert {r.path for r in results} <= holding


def test_a_quoted_phrase_matches_the_phrase(real_site, site_server, page):
    records = pagefind_files.by_url(real_site, "nl")
    _home(page, site_server, "nl")
    open_dialog(page)
    loose = search(page, "een uit duizenden", every=True)
    phrase = search(page, '"een uit duizenden"', every=True)
    assert phrase and len(phrase) < len(loose)
    assert all("een uit duizenden" in records[r.path]["content"].lower() for r in phrase)
    # ranked as the words are (title first), whatever was searched before: the article of that title leads
    # the pages that merely mention it
    article = "/vreemdelingenvisie/01/een-uit-duizenden/"
    for before in ("azc", "terugkeer"):
        search(page, before)
        assert article in [r.path for r in search(page, '"een uit duizenden"')][:2]


def test_page_chrome_is_not_searched(real_site, site_server, page):
    """Only the two pages about Sneek, not the articles whose previous/next links name them."""
    _home(page, site_server, "nl")
    open_dialog(page)
    assert {r.path for r in search(page, "Sneek", every=True)} == {
        "/handreiking/09-pilots/",
        "/vreemdelingenvisie/02/handreiking-vwn-coa/",
    }
    # "Ter Apel" is one place, not every word starting with "ter": exactly the pages that name it
    naming = {url for url, record in pagefind_files.by_url(real_site, "nl").items() if "ter apel" in record["content"].lower()}
    assert naming and {r.path for r in search(page, "Ter Apel", every=True)} == naming
