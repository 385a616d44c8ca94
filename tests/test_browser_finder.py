"""The referral finder in headless Chromium: filter, share the choice by URL."""

from __future__ import annotations

from registry_fixture import write_registry
from site_server import serve


def test_finder_filters_and_restores_the_choice_from_the_url(project, page):
    write_registry(project)
    site = project.build()
    with serve(site) as base:
        page.goto(base + "wie-doet-wat/verwijzen/")
        form = page.locator("#kw-finder")
        assert form.is_visible()
        rows = page.locator("tr[data-topic]")
        assert rows.count() == 2
        page.select_option("#kw-van", "coa-woonbegeleider")
        page.select_option("#kw-situatie", "terugkeer-en-vertrek")
        visible = page.locator("tr[data-topic]:visible")
        assert visible.count() == 1
        assert "Via het vertrekoverleg" in visible.inner_text()
        assert page.locator(".kw-finder__status").inner_text() == "1 verwijzing gevonden"
        assert "van=coa-woonbegeleider" in page.url and "situatie=terugkeer-en-vertrek" in page.url
        # the opvang referral comes from the IND, not from this role
        page.select_option("#kw-situatie", "opvang")
        assert page.locator("tr[data-topic]:visible").count() == 0
        assert page.locator(".kw-finder__empty").is_visible()

        shared = base + "wie-doet-wat/verwijzen/?van=ind&situatie=opvang"
        page.goto(shared)
        assert page.locator("#kw-van").input_value() == "ind"
        assert page.locator("#kw-situatie").input_value() == "opvang"
        visible = page.locator("tr[data-topic]:visible")
        assert visible.count() == 1 and "Via de planning" in visible.inner_text()
        # an unknown value in a shared link is ignored, not an error
        page.goto(base + "en/wie-doet-wat/verwijzen/?van=bestaat-niet")
        assert page.locator("#kw-van").input_value() == ""
        assert page.locator("tr[data-topic]:visible").count() == 2
        page.select_option("#kw-situatie", "opvang")
        assert page.locator(".kw-finder__status").inner_text() == "1 referral found"
        page.select_option("#kw-situatie", "")
        assert page.locator(".kw-finder__status").inner_text() == "2 referrals found"


def test_finder_without_javascript_is_a_plain_table(project, browser):
    write_registry(project)
    site = project.build()
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        with serve(site) as base:
            tab.goto(base + "wie-doet-wat/verwijzen/")
            assert not tab.locator("#kw-finder").is_visible()
            assert tab.locator("tr[data-topic]:visible").count() == 2
    finally:
        context.close()
