"""Wie doet wat on the real site, in headless Chromium, as a new colleague uses it.

The finder answers realistic questions in both languages; its script gives the same
answer as referral_answers for every choice; the chain is visible at desktop and
phone width; referral tables become cards on a phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenwijzer.domain import referral_answers
from ketenwijzer.site import sitemodel
from real_site import REPO
from test_browser_site import _violations

# (who I am, the client's situation, an organisation or role the answer must name), as new staff ask them
QUESTIONS = [
    ("coa-woonbegeleider", "huisvesting", "coa-medewerker-huisvesting"),  # who links the permit holder to a municipality
    ("coa-woonbegeleider", "terugkeer-en-vertrek", "dtv"),
    ("coa-woonbegeleider", "gezondheid", "ggd"),
    ("coa-woonbegeleider", "juridische-begeleiding", "vwn"),
    ("coa-mentor-amv", "minderjarigen", "nidos"),
    ("coa-trajectbegeleider", "inburgering", "gemeenten"),
    ("coa-trajectbegeleider", "werk", "vwn"),
    ("coa-medewerker-huisvesting", "huisvesting", "gemeenten"),
    ("dtv-regievoerder", "terugkeer-en-vertrek", "iom"),
    ("vwn-vrijwilliger", "huisvesting", "coa"),
    ("vwn-vrijwilliger", "terugkeer-en-vertrek", "iom"),
    ("vwn-juridisch-medewerker", "asielprocedure", "ind"),
    ("vwn-maatschappelijk-begeleider", "inburgering", "gemeenten"),
    ("gemeenten-klantmanager-inburgering", "inburgering", "duo"),
    ("gemeenten-lvv-coordinator", "terugkeer-en-vertrek", "dtv"),
    ("politie-avim-medewerker", "minderjarigen", "nidos"),
    ("nidos-voogd", "asielprocedure", "ind"),
    ("ggd-jgz-verpleegkundige", "huisvesting", "gemeenten"),
    ("kmar-grensbewaker", "asielprocedure", "ind"),
    ("rvr-advocaat", "opvang", "coa"),
    ("ind-beslismedewerker", "terugkeer-en-vertrek", "dtv"),
    ("coa", "huisvesting", "gemeenten"),
    ("ind", "opvang", "coa"),
]


def _prefix(lang: str) -> str:
    return "" if lang == "nl" else "en/"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_finder_answers_what_new_staff_ask(site_server, page, lang):
    page.goto(site_server + _prefix(lang) + "wie-doet-wat/verwijzen/")
    wrong = []
    for who, situation, expected in QUESTIONS:
        page.select_option("#kw-van", who)
        page.select_option("#kw-situatie", situation)
        answer = page.locator(f'section.kw-referrals[data-topic="{situation}"]')
        hrefs = answer.locator("tr:visible a, .kw-leadorg:visible a").evaluate_all("els => els.map(e => e.href)")
        if not any(f"/organisaties/{expected}/" in h or f"/rollen/{expected}/" in h for h in hrefs):
            wrong.append(f"{who} × {situation}: expected {expected}, got {hrefs}")
        if not page.locator(".kw-finder__status").inner_text().strip():
            wrong.append(f"{who} × {situation}: no status text")
    assert wrong == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_script_answers_every_choice_as_the_python_rule(site_server, page, lang):
    model = sitemodel.load(Path(REPO))
    answers = referral_answers.Answers(model.registry)
    page.goto(site_server + _prefix(lang) + "wie-doet-wat/verwijzen/")
    choices = answers.choosers()
    topics = sorted(model.registry.topics)
    got = page.evaluate("([whos, topics]) => whos.map(w => topics.map(t => window.kwFinderAnswer(w, t)))", [choices, topics])
    # an answer for every choice (zip below would stop at the shorter list without a word)
    assert len(got) == len(choices) and all(len(row) == len(topics) for row in got)
    differ = []
    for who, row in zip(choices, got):
        for tid, js in zip(topics, row):
            py = answers.answer(who, tid)
            if js["tier"] != py.tier or tuple(js["referrals"]) != py.referrals:
                differ.append(f"{who} × {tid}: script {js}, Python {py.tier} {py.referrals}")
    assert len(choices) * len(topics) > 500
    assert differ == []
    assert not any(js["tier"] == "none" for row in got for js in row)


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_chain_is_visible_with_readable_labels(site_server, browser, width, lang):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(site_server + _prefix(lang) + "wie-doet-wat/")
        chain = tab.locator("ol.kw-chain")
        box = chain.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        names = tab.locator(".kw-chain__name")
        assert names.count() == 5
        for i in range(names.count()):
            name = names.nth(i)
            assert name.is_visible() and name.inner_text().strip()
            label_box = name.bounding_box()
            assert label_box["width"] > 20 and label_box["height"] > 10
            assert label_box["x"] >= 0 and label_box["x"] + label_box["width"] <= width
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
        if width == 320:  # the steps stack: each starts below the one before
            steps = tab.locator("li.kw-chain__step")
            tops = [steps.nth(i).bounding_box()["y"] for i in range(steps.count())]
            assert tops == sorted(tops) and len(set(tops)) == len(tops)
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "wie-doet-wat/organisaties/coa/",
        "wie-doet-wat/rollen/coa-woonbegeleider/",
        "wie-doet-wat/onderwerpen/huisvesting/",
        "wie-doet-wat/stap-voor-stap/",
        "wie-doet-wat/afkortingen/",
    ],
)
def test_registry_pages_read_as_cards_on_a_phone(site_server, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site_server + path)
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
        cells = tab.locator("table.kw-referral-table td")
        # organisation, role and topic pages list referrals; the steps and the glossary have none
        assert (cells.count() > 0) == any(kind in path for kind in ("/organisaties/", "/rollen/", "/onderwerpen/")), path
        if cells.count():  # each value carries its column name above it
            assert (
                tab.evaluate("""() => getComputedStyle(document.querySelector('table.kw-referral-table td'), '::before')
                                   .content.replace(/"/g, '')""")
                != "none"
            )
            assert tab.locator("table.kw-referral-table thead").first.bounding_box()["height"] <= 1
        assert _violations(tab) == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_step_by_step_and_glossary_are_accessible(site_server, page, lang):
    page.goto(site_server + _prefix(lang) + "wie-doet-wat/stap-voor-stap/")
    assert page.locator("li.kw-step").count() == 4
    assert page.locator("#fase-vergunning").is_visible() and page.locator("#fase-vertrek").is_visible()
    assert _violations(page) == []
    page.goto(site_server + _prefix(lang) + "wie-doet-wat/afkortingen/")
    assert page.locator("table.kw-glossary tbody tr").count() >= 20
    assert _violations(page) == []
