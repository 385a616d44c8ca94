"""Subscriptions end to end: the service under uvicorn, a real SMTP server, the notify command."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from subscriptions_fixtures import (  # noqa: F401  (smtp and live are fixtures)
    SITE,
    Mailbox,
    confirm_link,
    confirmed,
    database,
    edition,
    html_part,
    live,
    postgres,
    sign_up,
    smtp,
    smtp_server,
    text_part,
    unused_port,
    wait_until,
)

LIST_UNSUBSCRIBE = re.compile(
    r"\A<(http://127\.0\.0\.1:\d+/unsubscribe\?token=[\w.-]+&lang=(nl|en))>, "
    r"<mailto:unsubscribe@ketenwijzer\.invalid\?subject=unsubscribe>\Z"
)


def test_full_flow_sign_up_confirm_notify_unsubscribe(live):
    assert sign_up(live, "Anna@Example.org", "nl").status_code == 200
    assert sign_up(live, "ben@example.org", "en").status_code == 200
    assert sign_up(live, "carol@example.org", "nl").status_code == 200  # never confirms
    mails = live.mailbox.wait_for(3)
    by_address = {m.rcpt_tos[0]: m.message for m in mails}
    assert set(by_address) == {"anna@example.org", "ben@example.org", "carol@example.org"}
    anna_mail, ben_mail = by_address["anna@example.org"], by_address["ben@example.org"]
    assert anna_mail["Subject"] == "Bevestig uw aanmelding voor VreemdelingenVisie"
    assert ben_mail["Subject"] == "Confirm your subscription to VreemdelingenVisie"
    assert anna_mail.get_content_type() == "multipart/alternative"
    assert 'lang="nl"' in html_part(anna_mail) and 'lang="en"' in html_part(ben_mail)

    for mail, welcome in ((anna_mail, "U bent aangemeld"), (ben_mail, "You are subscribed")):
        link = confirm_link(mail)
        assert link.startswith(live.url + "/confirm?token=")
        page = httpx.get(link)  # what a mail scanner does
        assert page.status_code == 200 and '<form method="post" action="confirm">' in page.text
        assert live.store.find(mail["To"].addresses[0].addr_spec).status == "pending"  # GET never confirms
        token = parse_qs(urlsplit(link).query)["token"][0]
        done = live.client.post("/confirm", data={"token": token})
        assert done.status_code == 200 and welcome in done.text, done.text  # in the reader's language
    assert live.store.find("anna@example.org").status == "confirmed"
    assert live.store.find("ben@example.org").status == "confirmed"
    assert live.store.find("carol@example.org").status == "pending"

    result = live.notify({7: edition(7)}, "7")
    assert result.exit_code == 0, result.output
    assert "sent 2, skipped 0 (already sent), failed 0" in result.output
    news = live.mailbox.wait_for(5)[3:]
    assert sorted(m.rcpt_tos[0] for m in news) == ["anna@example.org", "ben@example.org"]
    nl = next(m for m in news if m.rcpt_tos == ["anna@example.org"])
    en = next(m for m in news if m.rcpt_tos == ["ben@example.org"])
    # (strip: a legally folded "Subject:CRLF SP text" keeps its space in Python's parser)
    assert nl.message["Subject"].strip() == "VreemdelingenVisie nr. 7: Één jaar spreidingswet: wat is er veranderd?"
    assert en.message["Subject"].strip() == "VreemdelingenVisie no. 7: One year of the dispersal act: what changed?"
    for received, lang in ((nl, "nl"), (en, "en")):
        raw, message = received.raw, received.message
        assert all(byte < 128 for byte in raw), "7-bit clean: diacritics encoded"
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert (b"=?utf-8?" in head) == (lang == "nl")  # RFC 2047 for the diacritics in the subject only
        assert re.search(
            rb"\r\nList-Unsubscribe: <http://127\.0\.0\.1:\d+/unsubscribe\?token=[\w.-]+&lang=\w\w>,"
            rb"\r\n <mailto:unsubscribe@ketenwijzer\.invalid\?subject=unsubscribe>\r\n",
            head,
        )
        assert message["From"] == "VreemdelingenVisie <redactie@ketenwijzer.invalid>"
        assert message["Date"] and re.fullmatch(r"<edition-7\.[0-9a-f]{20}@ketenwijzer\.invalid>", message["Message-ID"])
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        match = LIST_UNSUBSCRIBE.match(message["List-Unsubscribe"])
        assert match and match[2] == lang, message["List-Unsubscribe"]
        text, html = text_part(message), html_part(message)
        assert match[1] in text and match[1].replace("&", "&amp;") in html
        assert f"{SITE}{'' if lang == 'nl' else 'en/'}vreemdelingenvisie/7/spreiding/" in text
    assert "Café-gesprek met een coördinator" in text_part(nl.message)
    assert "https://elders.example/interview" in html_part(nl.message)
    assert "In dit nummer" in text_part(nl.message) and "In this edition" in text_part(en.message)
    assert "<p>En een gesprek met een coördinator.</p>" in html_part(nl.message)

    again = live.notify({7: edition(7)}, "7")
    assert again.exit_code == 0 and "sent 0, skipped 2 (already sent), failed 0" in again.output
    assert len(live.mailbox.received) == 5

    # RFC 8058 one-click, as a mail provider does it
    one_click = LIST_UNSUBSCRIBE.match(nl.message["List-Unsubscribe"])[1]
    response = httpx.post(
        one_click, content=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200 and "U bent afgemeld" in response.text
    assert live.store.find("anna@example.org") is None
    assert live.store.is_suppressed("anna@example.org")

    result = live.notify({8: edition(8)}, "8")
    assert result.exit_code == 0 and "sent 1, skipped 0 (already sent), failed 0" in result.output
    assert [m.rcpt_tos for m in live.mailbox.wait_for(6)[5:]] == [["ben@example.org"]]


def test_same_answer_for_new_pending_and_confirmed_addresses(live):
    confirmed(live, "known@example.org")
    first = sign_up(live, "pending@example.org")
    pending = sign_up(live, "pending@example.org")
    known = sign_up(live, "known@example.org")
    new = sign_up(live, "new@example.org")
    assert first.status_code == pending.status_code == known.status_code == new.status_code == 200
    assert first.text == pending.text == known.text == new.text
    assert '<html lang="nl"' in new.text and "Kijk in uw mailbox" in new.text and f'href="{SITE}"' in new.text
    live.mailbox.wait_for(2)
    assert sorted(m.rcpt_tos[0] for m in live.mailbox.received) == ["new@example.org", "pending@example.org"]
    assert live.store.find("known@example.org").status == "confirmed"
    english = sign_up(live, "other@example.org", "en")
    assert '<html lang="en"' in english.text and "Check your inbox" in english.text and f'href="{SITE}en/"' in english.text


def test_pending_address_gets_a_new_confirmation_at_most_once_an_hour(live):
    sign_up(live, "once@example.org")
    live.mailbox.wait_for(1)
    sent_at = live.store.find("once@example.org").last_confirmation_sent
    live.clock.advance(59 * 60)
    assert sign_up(live, "once@example.org").status_code == 200
    assert live.store.find("once@example.org").last_confirmation_sent == sent_at
    sign_up(live, "marker@example.org")  # its mail comes after any mail the sign-up above might have sent
    live.mailbox.wait_for(2)
    assert len(live.mailbox.to("once@example.org")) == 1
    live.clock.advance(61)
    assert sign_up(live, "once@example.org", "en").status_code == 200
    live.mailbox.wait_for(3)
    assert len(live.mailbox.to("once@example.org")) == 2
    assert live.mailbox.to("once@example.org")[1].message["Subject"].startswith("Confirm")


def test_honeypot_answers_as_usual_and_does_nothing(live):
    robot = sign_up(live, "robot@example.org", website="https://spam.example")
    human = sign_up(live, "human@example.org")
    assert robot.status_code == 200 and robot.text == human.text
    live.mailbox.wait_for(1)
    assert live.store.find("robot@example.org") is None
    assert [m.rcpt_tos for m in live.mailbox.received] == [["human@example.org"]]


def test_suppressed_address_may_sign_up_again_and_confirming_lifts_the_suppression(live):
    subscriber = confirmed(live, "back@example.org")
    live.store.unsubscribe(subscriber, now=live.clock())
    assert live.store.is_suppressed("back@example.org")
    sign_up(live, "back@example.org")
    link = confirm_link(live.mailbox.wait_for(1)[0].message)
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert live.client.post("/confirm", data={"token": token}).status_code == 200
    assert not live.store.is_suppressed("back@example.org")
    assert live.store.find("back@example.org").status == "confirmed"
    assert live.store.export("back@example.org")["suppression"] is None


SMTP_DOWN_PORT = unused_port()


@pytest.mark.parametrize("live", [{"smtp_url": f"smtp://127.0.0.1:{SMTP_DOWN_PORT}"}], indirect=True)
def test_smtp_down_during_sign_up_gives_the_same_answer_and_the_mail_goes_when_smtp_is_back(live):
    normal = sign_up(live, "first@example.org")
    assert normal.status_code == 200 and "Kijk in uw mailbox" in normal.text
    wait_until(lambda: live.store.outbox() and live.store.outbox()[0]["last_error"], what="a failed attempt")
    [queued] = live.store.outbox()
    assert queued["attempts"] == 1 and "cannot connect" in queued["last_error"]
    assert live.store.find("first@example.org").status == "pending"
    mailbox = Mailbox()
    with smtp_server(mailbox, SMTP_DOWN_PORT):
        live.clock.advance(59)
        time.sleep(0.3)  # several polls of the worker: the retry is not due yet
        assert mailbox.received == [] and live.store.outbox()[0]["attempts"] == 1
        live.clock.advance(2)
        [mail] = mailbox.wait_for(1)
        assert mail.rcpt_tos == ["first@example.org"] and "/confirm?token=" in text_part(mail.message)
        wait_until(lambda: live.store.outbox() == [], what="the outbox to empty")


@pytest.mark.parametrize("live", [{"smtp_url": f"smtp://127.0.0.1:{SMTP_DOWN_PORT}", "mail_attempts": 2}], indirect=True)
def test_a_mail_that_never_goes_is_dropped_and_the_next_sign_up_may_try_at_once(live):
    assert sign_up(live, "first@example.org").status_code == 200
    wait_until(lambda: live.store.outbox() and live.store.outbox()[0]["last_error"], what="attempt 1 failed")
    live.clock.advance(61)
    wait_until(lambda: live.store.outbox() == [], what="giving up after 2 attempts")
    assert live.store.find("first@example.org").last_confirmation_sent is None
    assert sign_up(live, "first@example.org").status_code == 200
    wait_until(lambda: live.store.outbox() != [], what="a new mail queued at once")


def test_form_page_and_health(live):
    page = live.client.get("/subscribe?lang=en")
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert '<label for="email">' in page.text and '<input type="email" id="email" name="email"' in page.text
    assert 'name="website" tabindex="-1"' in page.text and '<option value="en" selected>' in page.text
    assert live.client.get("/").text == live.client.get("/subscribe").text
    health = live.client.get("/healthz")
    assert health.status_code == 200 and health.text == "ok"


def test_the_link_in_every_mail_also_changes_the_language_of_the_mails(live):
    subscriber = confirmed(live, "lezer@example.org", "nl")
    assert live.notify({7: edition(7)}, "7").exit_code == 0
    nl_mail = live.mailbox.wait_for(1)[0].message
    link = re.search(r"<(http://[^>]+/unsubscribe\?token=[^>]+)>", nl_mail["List-Unsubscribe"])[1]
    page = httpx.get(link)
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    assert '<form method="post" action="manage">' in page.text and "Liever in een andere taal?" in page.text
    assert '<option value="nl" selected>' in page.text
    token = parse_qs(urlsplit(link).query)["token"][0]
    refused = live.client.post("/manage", data={"token": token, "mail_lang": "de"})
    assert refused.status_code == 400 and "Kies Nederlands of Engels" in refused.text
    forged = live.client.post("/manage", data={"token": token[:-2] + "xx", "mail_lang": "en"})
    assert forged.status_code == 400 and live.store.get(subscriber).lang == "nl"
    changed = live.client.post("/manage", data={"token": token, "mail_lang": "en"})
    assert changed.status_code == 200 and '<html lang="en">' in changed.text
    assert "in English" in changed.text and live.store.get(subscriber).lang == "en"
    assert live.store.get(subscriber).status == "confirmed"  # still subscribed
    assert live.notify({8: edition(8)}, "8").exit_code == 0
    en_mail = live.mailbox.wait_for(2)[1].message
    assert en_mail["Content-Language"] == "en" and "One year of the dispersal act" in en_mail["Subject"]
    assert '<option value="en" selected>' in httpx.get(link).text
    live.store.unsubscribe(subscriber, now=live.clock())
    gone = live.client.post("/manage", data={"token": token, "mail_lang": "nl"})
    assert gone.status_code == 400 and "bestaat niet meer" in gone.text
