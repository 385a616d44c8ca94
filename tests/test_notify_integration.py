"""``ketenwijzer notify`` on a real little project: the announcement comes from the site's own content.

A project with a published edition (2 articles, Dutch and English), a Dutch-only edition,
a draft and a future-dated edition; mails go through a real SMTP server (aiosmtpd).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ketenwijzer.site.announcements import load_announcement, markdown_to_text
from ketenwijzer.cli.main import main
from ketenwijzer.subscriptions.announcement import AnnouncementError
from newsletter_fixture import edition
from registry_fixture import write_registry
from subscriptions_fixtures import confirmed, database, html_part, live, postgres, smtp, text_part  # noqa: F401

SITE_URL = "https://ketenwijzer.example/kennisbank/"
NL = SITE_URL + "vreemdelingenvisie/01/"
EN = SITE_URL + "en/vreemdelingenvisie/01/"
FUTURE = "2999-01-01"

INTRODUCTION = """\
Welkom bij *deze* editie, met een [terugblik](../index.md) op
de **conferentie**.

Tweede alinea: veel leesplezier.

<!-- een opmerking voor de redactie -->
"""


def set_site_url(project, url: str = SITE_URL) -> None:
    """Point the project's mkdocs.yml (a copy of the repository's) at ``url``."""
    config = project.root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {url}", config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml has no site_url line"
    config.write_text(text, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def vv(project):
    write_registry(project)
    set_site_url(project)
    project.page("docs/aanmelden.nl.md", "Aanmelden", "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->")
    project.page("docs/aanmelden.en.md", "Subscribe", "# Subscribe\n\n<!-- ketenwijzer:subscribe-form -->")
    edition(
        project,
        1,
        "2019-06-27",
        "published",
        [("lvv-pilot", "De LVV-pilot"), ("hostmanship", "Hostmanship")],
        title='"VreemdelingenVisie 01: Samen flexibel"',
    )
    replace_in(project.root / "docs/vreemdelingenvisie/01/index.nl.md", "Inleiding van editie 1.", INTRODUCTION)
    edition(project, 2, "2020-01-01", "draft", [("concept", "Een concept")])
    edition(project, 3, FUTURE, "published", [("toekomst", "Toekomstig artikel")])
    edition(project, 4, "2021-03-01", "published", [("alleen-nl", "Alleen in het Nederlands")], english=False)
    return project


def no_site_env(monkeypatch) -> None:
    monkeypatch.delenv("KETENWIJZER_SITE_URL", raising=False)


# -- the loader ------------------------------------------------------------------------------


def test_published_edition_in_both_languages(vv, monkeypatch):
    no_site_env(monkeypatch)
    announcement = load_announcement(vv.root, 1)
    assert announcement.number == 1 and announcement.status == "published" and announcement.published
    assert announcement.reason is None
    assert sorted(announcement.languages) == ["en", "nl"]
    nl, en = announcement.languages["nl"], announcement.languages["en"]
    assert nl.title == "Samen flexibel"  # "VreemdelingenVisie 01:" is in the mail already
    assert en.title == "Edition 1"
    assert nl.url == NL and en.url == EN
    assert nl.articles == [("De LVV-pilot", NL + "lvv-pilot/"), ("Hostmanship", NL + "hostmanship/")]
    assert en.articles == [("De LVV-pilot (EN)", EN + "lvv-pilot/"), ("Hostmanship (EN)", EN + "hostmanship/")]
    assert nl.introduction == ("Welkom bij deze editie, met een terugblik op de conferentie.\n\nTweede alinea: veel leesplezier.")
    assert en.introduction == "Introduction to edition 1."


def test_edition_without_english_page_has_no_english_text(vv, monkeypatch):
    no_site_env(monkeypatch)
    announcement = load_announcement(vv.root, 4)
    assert announcement.published and list(announcement.languages) == ["nl"]
    assert announcement.languages["nl"].articles == [("Alleen in het Nederlands", SITE_URL + "vreemdelingenvisie/04/alleen-nl/")]
    assert announcement.for_lang("en")[0] == "nl"


def test_draft_and_future_editions_are_not_published(vv, monkeypatch):
    no_site_env(monkeypatch)
    draft = load_announcement(vv.root, 2)
    assert draft.status == "draft" and not draft.published
    assert "is a draft" in draft.reason and "ketenwijzer edition publish 2" in draft.reason
    assert draft.languages["nl"].title == "Editie 2"  # the text is there, for when it is published

    future = load_announcement(vv.root, 3)
    assert future.status == "draft" and not future.published
    assert future.reason.startswith(f"is dated {FUTURE}, in the future")
    # on its date it is published
    assert load_announcement(vv.root, 3, today=dt.date(2999, 1, 1)).published


def test_unknown_edition_is_a_lookup_error(vv):
    with pytest.raises(LookupError) as caught:
        load_announcement(vv.root, 9)
    assert str(caught.value) == "there is no docs/vreemdelingenvisie/09/index.nl.md (editions: 1, 2, 3, 4)"


def test_content_problems_are_listed(vv):
    vv.page("docs/vreemdelingenvisie/01/los.nl.md", "Los artikel", "Tekst.", uid="vv-los")  # not in 'articles'
    with pytest.raises(AnnouncementError) as caught:
        load_announcement(vv.root, 1)
    message = str(caught.value)
    assert "docs/vreemdelingenvisie/01/los.nl.md:1: article 'los' is not listed in 'articles'" in message
    assert "ketenwijzer check" in message


def test_site_url_from_the_environment_wins_as_everywhere_in_the_service(vv):
    env = {"KETENWIJZER_SITE_URL": "https://elders.example"}
    assert load_announcement(vv.root, 1, env=env).languages["en"].url == "https://elders.example/en/vreemdelingenvisie/01/"


def test_without_a_usable_site_url_nothing_is_announced(vv):
    config = vv.root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(AnnouncementError, match="mkdocs.yml has no site_url"):
        load_announcement(vv.root, 1, env={})
    with pytest.raises(AnnouncementError, match="must be an http"):
        load_announcement(vv.root, 1, env={"KETENWIJZER_SITE_URL": "ketenwijzer.example"})
    with pytest.raises(AnnouncementError, match="no mkdocs.yml"):
        load_announcement(vv.root / "docs", 1, env={})


def test_links_are_the_pages_of_the_built_site(vv, monkeypatch):
    """Every URL of every published edition is a page of the built site (and drafts are not)."""
    no_site_env(monkeypatch)
    site = vv.build()
    # the languages each edition has a page in (edition 4 is Dutch only): every one is checked
    languages = {number: load_announcement(vv.root, number).languages for number in (1, 2, 3, 4)}
    assert {number: sorted(found) for number, found in languages.items()} == {
        1: ["en", "nl"],
        2: ["en", "nl"],
        3: ["en", "nl"],
        4: ["nl"],
    }
    for number in (1, 4):
        for local in languages[number].values():
            for url in [local.url, *(url for _, url in local.articles)]:
                assert url.startswith(SITE_URL)
                page = site / url[len(SITE_URL) :] / "index.html"
                assert page.is_file(), url
                assert 'lang="{}"'.format("en" if "/en/" in url else "nl") in page.read_text(encoding="utf-8")[:200]
    for number in (2, 3):
        for local in languages[number].values():
            for url in [local.url, *(url for _, url in local.articles)]:
                assert not (site / url[len(SITE_URL) :]).exists(), url


def test_markdown_becomes_plain_paragraphs():
    text = markdown_to_text("# Titel\n\nEen *twee* [drie](x.md) &amp; vier.\n\n- een\n- twee\n\n*[DT&V]: Dienst")
    assert text == "Een twee drie & vier.\n\n- een\n\n- twee"


# -- the command -------------------------------------------------------------------------------


def notify(live, *args: str):
    return live.runner.invoke(main, ["notify", *args, "--root", str(live.root)], env=live.env(KETENWIJZER_SITE_URL=None))


def test_notify_sends_each_subscriber_the_edition_once_in_their_language(vv, live):
    assert vv.root == live.root
    confirmed(live, "anna@example.org", "nl")
    confirmed(live, "ben@example.org", "en")
    confirmed(live, "cas@example.org", "nl")

    result = notify(live, "1")
    assert result.exit_code == 0, result.output
    assert "sent 3, skipped 0 (already sent), failed 0" in result.output
    received = live.mailbox.wait_for(3)
    assert sorted(r.rcpt_tos[0] for r in received) == ["anna@example.org", "ben@example.org", "cas@example.org"]
    by_address = {r.rcpt_tos[0]: r.message for r in received}
    for address, lang in (("anna@example.org", "nl"), ("ben@example.org", "en"), ("cas@example.org", "nl")):
        message = by_address[address]
        assert message["Content-Language"] == lang
        text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
        base = NL if lang == "nl" else EN
        if lang == "nl":
            assert message["Subject"].strip() == "VreemdelingenVisie nr. 1: Samen flexibel"
            assert "Welkom bij deze editie" in text and "<p>Tweede alinea: veel leesplezier.</p>" in html
            titles = ["De LVV-pilot", "Hostmanship"]
        else:
            assert message["Subject"].strip() == "VreemdelingenVisie no. 1: Edition 1"
            assert "Introduction to edition 1." in text and "Inleiding" not in text
            titles = ["De LVV-pilot (EN)", "Hostmanship (EN)"]
        # the articles, in the edition's order, linking to the real pages
        assert text.index(f"- {titles[0]}\n  {base}lvv-pilot/") < text.index(f"- {titles[1]}\n  {base}hostmanship/")
        assert f'<a href="{base}lvv-pilot/" style="color:#3f51b5;">{titles[0]}</a>' in html
        assert f'<a href="{base}hostmanship/" style="color:#3f51b5;">{titles[1]}</a>' in html
        assert f'href="{base}"' in html and f"{base}\n" in text
        other = EN if lang == "nl" else NL
        assert other not in text and other not in html
        links = {urlsplit(u).netloc for u in re.findall(r"https?://[^\s\"<>]+", text)}
        assert links == {"ketenwijzer.example", urlsplit(live.url).netloc}

    rerun = notify(live, "1")
    assert rerun.exit_code == 0, rerun.output
    assert "sent 0, skipped 3 (already sent), failed 0" in rerun.output
    assert len(live.mailbox.received) == 3


def test_edition_without_english_goes_to_english_readers_in_dutch(vv, live):
    confirmed(live, "ben@example.org", "en")
    dry = notify(live, "4", "--dry-run")
    assert dry.exit_code == 0 and "en: 1 (no en text: they get the nl text)" in dry.output
    result = notify(live, "4")
    assert result.exit_code == 0, result.output
    message = live.mailbox.wait_for(1)[0].message
    assert message["Content-Language"] == "nl"
    assert SITE_URL + "vreemdelingenvisie/04/alleen-nl/" in text_part(message)


def test_draft_future_and_unknown_editions_are_refused(vv, live):
    confirmed(live, "anna@example.org", "nl")
    draft = notify(live, "2")
    assert draft.exit_code == 1
    assert "not sent: edition 2 is a draft (status: draft in docs/vreemdelingenvisie/02/index.nl.md)" in draft.output
    future = notify(live, "3")
    assert future.exit_code == 1
    assert f"not sent: edition 3 is dated {FUTURE}, in the future: the site does not show it before that day" in future.output
    assert notify(live, "3", "--dry-run").exit_code == 1
    unknown = notify(live, "9")
    assert unknown.exit_code == 1
    assert "unknown edition 9: there is no docs/vreemdelingenvisie/09/index.nl.md (editions: 1, 2, 3, 4)" in unknown.output
    assert live.mailbox.received == []
    assert live.store.ledger(2) == live.store.ledger(3) == {}
    assert list(live.settings.outbox.glob("*.eml")) == []


def test_content_problems_stop_the_command_with_the_problems_listed(vv, live):
    confirmed(live, "anna@example.org", "nl")
    replace_in(vv.root / "docs/vreemdelingenvisie/01/lvv-pilot.nl.md", "author: Anna de Vries", "author: [Anna]")
    result = notify(live, "1")
    assert result.exit_code == 1
    assert re.search(
        r"not sent: 1 problem in the content:\n"
        r"docs/vreemdelingenvisie/01/lvv-pilot\.nl\.md:\d+: 'author' must be a non-empty text",
        result.output,
    )
    assert live.mailbox.received == [] and live.store.ledger(1) == {}


def test_subscriptions_group_is_registered(vv, live):
    confirmed(live, "anna@example.org", "nl")
    result = live.runner.invoke(main, ["subscriptions", "export", "anna@example.org", "--root", str(live.root)], env=live.env())
    assert result.exit_code == 0, result.output
    assert '"email": "anna@example.org"' in result.output
