"""The real site in headless Chromium: accessibility, language switch, screenshots (search: test_browser_search.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from real_site import PAGE_TYPES

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "screenshots"

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
AXE = Axe()


def _violations(page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_has_no_accessibility_violations(site_server, page, kind, lang):
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    prefix = "" if lang == "nl" else "en/"
    response = page.goto(site_server + prefix + PAGE_TYPES[kind])
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert _violations(page) == []
    page.wait_for_load_state("networkidle")
    # every request the page makes succeeds: scripts, styles, Material's sitemap lookups
    assert failed == []


@pytest.mark.parametrize("kind", ["finder", "organisation", "article"])
def test_phone_layout_is_accessible_and_does_not_scroll_sideways(site_server, browser, kind):
    context = browser.new_context(viewport={"width": 320, "height": 640})  # WCAG 1.4.10 reflow width
    try:
        tab = context.new_page()
        tab.goto(site_server + PAGE_TYPES[kind])
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert _violations(tab) == []
        if kind == "finder":  # filtering still hides the cards that do not apply
            tab.select_option("#kw-van", index=1)
            visible = tab.locator("table.kw-referral-table tr[data-topic]:visible").count()
            assert 0 < visible < tab.locator("table.kw-referral-table tr[data-topic]").count()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_not_found_page_is_accessible(site_server, page, lang):
    prefix = "" if lang == "nl" else "en/"
    response = page.goto(site_server + prefix + "bestaat-niet/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    heading = {"nl": "Pagina niet gevonden", "en": "Page not found"}[lang]
    assert page.locator("h1").inner_text() == heading
    page.locator(".md-content a").first.click()  # back to this language's home page
    page.wait_for_load_state()
    assert page.url == site_server + prefix
    page.goto(site_server + prefix + "bestaat-niet/")
    assert _violations(page) == []


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_language_switch_lands_on_the_same_page(site_server, page, kind):
    path = PAGE_TYPES[kind]
    page.goto(site_server + path)
    switch = page.locator(".md-header__option .md-select")
    switch.hover()
    page.locator(".md-select__link[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.url == site_server + "en/" + path
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang='nl']").click()
    page.wait_for_load_state()
    assert page.url == site_server + path


def test_keyboard_reaches_controls_with_visible_focus(site_server, page):
    page.goto(site_server + "wie-doet-wat/verwijzen/")
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow};
        }""")
        seen.add(info["id"] or info["tag"])
        if info["tag"] in ("A", "SELECT", "BUTTON", "INPUT"):
            assert info["outline"] != "none" or info["shadow"] != "none", info
    assert {"kw-van", "kw-situatie"} <= seen


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", {"kw-search__open", "md-select__link", "md-nav__link"}),  # search, language, navigation
        ("aanmelden/", {"kw-email", "radio", "md-button--primary"}),  # the subscribe form: address, language, submit
    ],
)
def test_every_control_is_reachable_by_keyboard_with_visible_focus(site_server, page, path, expected):
    page.goto(site_server + path)
    seen: set[str] = set()
    for _ in range(150):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, type: el.type || "", cls: el.className && el.className.baseVal === undefined ? el.className : "",
                    visible: style.outlineStyle !== "none" || style.boxShadow !== "none"};
        }""")
        if info["tag"] == "BODY":
            break
        seen.update(info["cls"].split())
        seen.update((info["id"], info["type"]))
        if info["tag"] in ("A", "SELECT", "BUTTON", "INPUT", "TEXTAREA", "LABEL"):
            assert info["visible"], info
    assert expected <= seen, sorted(seen)


@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots_of_the_main_page_types(site_server, browser, width, height, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        for kind in ("home", "chapter", "article", "organisation", "finder", "subscribe"):
            tab.goto(site_server + PAGE_TYPES[kind])
            target = SCREENSHOTS / f"{kind}-{name}.png"
            tab.screenshot(path=str(target), full_page=False)
            assert target.stat().st_size > 5000
    finally:
        context.close()


# -- the public-sector layout: tabs, side navigation, breadcrumbs, footer, at desktop and phone width --------

WIDTHS = [(1280, 900), (390, 844)]


@pytest.fixture(params=WIDTHS, ids=["1280px", "390px"])
def sized(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    yield tab, width
    context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_has_no_accessibility_violations_on_a_phone(site_server, browser, kind, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        prefix = "" if lang == "nl" else "en/"
        assert tab.goto(site_server + prefix + PAGE_TYPES[kind]).status == 200
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert _violations(tab) == []
    finally:
        context.close()


def _visible_texts(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(f"{selector}:visible").all_inner_texts()]


def test_sections_are_tabs_and_the_side_navigation_shows_the_current_one(site_server, page):
    page.goto(site_server + PAGE_TYPES["article"])  # an article is not in the navigation itself
    tabs = _visible_texts(page, ".md-tabs__link")
    assert tabs == ["Start", "Wie doet wat", "Handreiking", "Verhalen", "VreemdelingenVisie", "Over deze site"]
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "VreemdelingenVisie"
    side = _visible_texts(page, ".md-sidebar--primary .md-nav__link")
    assert any(text.startswith("VreemdelingenVisie 02") for text in side), side
    assert not any("Verwijzen naar elkaar" in text for text in side), side  # a handbook chapter: another tab
    # no unexplained icon beside the editions
    assert page.locator(".md-sidebar--primary .md-status:visible").count() == 0
    page.locator(".md-tabs__link", has_text="Handreiking").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/handreiking/"
    side = _visible_texts(page, ".md-sidebar--primary .md-nav__link")
    assert "Verwijzen naar elkaar" in side and not any(text.startswith("VreemdelingenVisie 02") for text in side)


def test_on_a_phone_the_menu_holds_the_sections(site_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(site_server + PAGE_TYPES["chapter"])
        assert tab.locator(".md-tabs__link:visible").count() == 0  # no room for tabs: the menu has them
        tab.locator('label.md-header__button[for="__drawer"]').click()
        drawer = tab.locator(".md-sidebar--primary")
        chapter = drawer.locator("a.md-nav__link", has_text="Het gedeelde doel")
        chapter.wait_for(state="visible")  # the menu opens at the current section
        assert _violations(tab) == []
        chapter.click()
        tab.wait_for_load_state()
        assert urlsplit(tab.url).path == "/handreiking/01-gedeeld-doel/"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("lang", "kind", "trail"),
    [
        ("nl", "article", ["Start", "VreemdelingenVisie", "VreemdelingenVisie 02: Samen flexibel in de keten"]),
        ("nl", "chapter", ["Start", "Handreiking"]),
        ("en", "organisation", ["Home", "Who does what"]),
    ],
)
def test_breadcrumbs_lead_up_through_the_section(site_server, sized, lang, kind, trail):
    tab, _width = sized
    prefix = "" if lang == "nl" else "en/"
    tab.goto(site_server + prefix + PAGE_TYPES[kind])
    crumbs = tab.locator("nav.kw-breadcrumbs")
    assert crumbs.is_visible()
    assert crumbs.get_attribute("aria-label") == {"nl": "Kruimelpad", "en": "Breadcrumbs"}[lang]
    assert [text.strip() for text in crumbs.locator("a").all_inner_texts()] == trail
    crumbs.locator("a").nth(1).click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path.startswith("/" + prefix) and tab.locator("nav.kw-breadcrumbs a").count() == 1
    tab.locator("nav.kw-breadcrumbs a").first.click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == "/" + prefix


def test_the_home_page_has_no_breadcrumbs(site_server, page):
    page.goto(site_server)
    assert page.locator("nav.kw-breadcrumbs").count() == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_footer_names_the_owner_and_leads_to_the_colophon(site_server, sized, lang):
    tab, width = sized
    prefix = "" if lang == "nl" else "en/"
    tab.goto(site_server + prefix + PAGE_TYPES["finder"])
    footer = tab.locator("footer.kw-footer")
    footer.scroll_into_view_if_needed()
    owner = {
        "nl": "Eigenaar van deze website: de redactie van Ketenwijzer",
        "en": "Owner of this website: the Ketenwijzer editorial team",
    }[lang]
    assert footer.locator(".kw-footer__owner").inner_text().strip() == owner
    assert "Material for MkDocs" not in footer.inner_text()
    box = footer.bounding_box()
    assert box["width"] <= width
    colophon = footer.locator("a", has_text={"nl": "Colofon", "en": "Colophon"}[lang])
    colophon.click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == f"/{prefix}colofon/"
    assert tab.locator("html").get_attribute("lang") == lang
