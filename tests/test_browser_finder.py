"""The referral finder in headless Chromium on a small project: always an answer, shared by URL."""

from __future__ import annotations

from registry_fixture import write_registry
from site_server import serve


def _answer_text(page) -> str:
    return " ".join(page.locator("section.kw-referrals:visible").all_inner_texts())


def test_finder_answers_directly_then_from_the_lead_organisation(project, page):
    write_registry(project)
    site = project.build()
    with serve(site) as base:
        page.goto(base + "wie-doet-wat/verwijzen/")
        assert page.locator("#kw-finder").is_visible()
        assert page.locator("tr[data-topic]").count() == 2
        page.select_option("#kw-van", "coa-woonbegeleider")
        page.select_option("#kw-situatie", "terugkeer-en-vertrek")
        visible = page.locator("tr[data-topic]:visible")
        assert visible.count() == 1
        assert "Via het vertrekoverleg" in visible.inner_text()
        assert page.locator(".kw-finder__status").inner_text() == "1 verwijzing gevonden."
        assert page.locator("section.kw-referrals:visible .kw-leadorg:visible").count() == 0
        assert "van=coa-woonbegeleider" in page.url and "situatie=terugkeer-en-vertrek" in page.url
        # nobody at COA refers on 'opvang' (the IND does): the answer is the lead organisation, labelled
        page.select_option("#kw-situatie", "opvang")
        assert page.locator("tr[data-topic]:visible").count() == 0
        lead = page.locator("section.kw-referrals:visible .kw-leadorg")
        assert lead.is_visible()
        assert lead.get_attribute("data-org") == "coa"
        assert "Leidende organisatie" in lead.inner_text()
        tier = page.locator("section.kw-referrals:visible .kw-tier")
        assert tier.is_visible() and "leidende organisatie" in tier.inner_text()
        assert "leidende organisatie" in page.locator(".kw-finder__status").inner_text()

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


def test_every_situation_answers_even_without_any_referral(project, page):
    write_registry(project)
    site = project.build()
    with serve(site) as base:
        page.goto(base + "en/wie-doet-wat/verwijzen/?van=dtv")
        sections = page.locator("section.kw-referrals")
        assert sections.count() == page.locator("#kw-situatie option").count() - 1  # every topic, '(all)' aside
        for i in range(sections.count()):
            section = sections.nth(i)
            shown = section.locator("tr[data-topic]:visible").count() + section.locator(".kw-leadorg:visible").count()
            assert shown > 0, section.get_attribute("data-topic")
        assert page.locator(".kw-finder__status").inner_text().startswith(f"{sections.count()} situations:")


def test_the_choice_goes_along_with_the_language_switch(project, page):
    write_registry(project)
    site = project.build()
    with serve(site) as base:
        page.goto(base + "wie-doet-wat/verwijzen/?van=coa-woonbegeleider&situatie=opvang")
        switch = page.locator('a[hreflang="en"]').first
        assert switch.get_attribute("href").endswith("?van=coa-woonbegeleider&situatie=opvang")
        page.select_option("#kw-situatie", "terugkeer-en-vertrek")
        assert switch.get_attribute("href").endswith("?van=coa-woonbegeleider&situatie=terugkeer-en-vertrek")
        page.goto(base + "en/wie-doet-wat/verwijzen/?van=coa-woonbegeleider&situatie=terugkeer-en-vertrek")
        assert page.locator("#kw-van").input_value() == "coa-woonbegeleider"
        assert page.locator("#kw-situatie").input_value() == "terugkeer-en-vertrek"
        assert "Through the departure meeting" in _answer_text(page)
        assert page.locator(".kw-finder__status").inner_text() == "1 referral found."


def test_finder_without_javascript_shows_every_referral_and_lead(project, browser):
    write_registry(project)
    site = project.build()
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        with serve(site) as base:
            tab.goto(base + "wie-doet-wat/verwijzen/")
            assert not tab.locator("#kw-finder").is_visible()
            assert tab.locator("tr[data-topic]:visible").count() == 2
            assert tab.locator(".kw-leadorg:visible").count() == tab.locator("section.kw-referrals").count()
    finally:
        context.close()
