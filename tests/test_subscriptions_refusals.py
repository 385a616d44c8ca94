"""Every refusal of the subscription service is a clear HTML page in the reader's language, never a 500."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ketenwijzer.subscriptions import tokens
from subscriptions_fixtures import SECRET, confirm_link, confirmed, database, live, postgres, sign_up, smtp  # noqa: F401


def _refusal(response, status: int, lang: str, text: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text
    assert "<title>" in response.text and "<h1>" in response.text
    assert text in response.text, response.text


@pytest.mark.parametrize(
    "address, message",
    [
        ("a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example.org", "te lang"),
        ("lezer@example.org\r\nBcc: victim@example.org", "geen geldig e-mailadres"),
        ("lezer@example.org\nBcc: victim@example.org", "geen geldig e-mailadres"),
        ("lezer@example.org\x00", "geen geldig e-mailadres"),
        ("Lezer <lezer@example.org>", "geen geldig e-mailadres"),
        ("lezer@example.org, victim@example.org", "geen geldig e-mailadres"),
        ("no-at-sign.example.org", "geen geldig e-mailadres"),
        ("lezer@localhost", "geen geldig e-mailadres"),
        ("", "Vul uw e-mailadres in"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_is_stored_or_sent(live, address, message):
    _refusal(sign_up(live, address), 400, "nl", message)
    assert live.store.recipients() == [] and live.store.export("lezer@example.org") is None
    sign_up(live, "marker@example.org")
    assert [m.rcpt_tos for m in live.mailbox.wait_for(1)] == [["marker@example.org"]]


def test_refusals_speak_the_readers_language(live):
    _refusal(sign_up(live, "not an address", "en"), 400, "en", "not a valid e-mail address")
    _refusal(
        live.client.post("/subscribe?lang=en", data={"email": "x@example.org", "lang": "de"}),
        400,
        "en",
        "Please choose Dutch or English",
    )
    _refusal(live.client.get("/nowhere?lang=en"), 404, "en", "This page does not exist")
    _refusal(live.client.put("/subscribe"), 405, "nl", "Deze pagina werkt zo niet")


def test_body_too_large(live):
    big = {"email": "lezer@example.org", "lang": "en", "website": "x" * 5000}
    _refusal(live.client.post("/subscribe?lang=en", data=big), 413, "en", "too much data")

    def chunks():  # no Content-Length: the limit holds while reading
        for _ in range(10):
            yield b"website=" + b"x" * 1000

    _refusal(
        live.client.post("/subscribe", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}),
        413,
        "nl",
        "te veel gegevens",
    )
    assert live.store.find("lezer@example.org") is None
    assert live.client.get("/healthz").text == "ok"


@pytest.mark.parametrize("live", [{"signups_per_ip": 3}], indirect=True)
def test_sign_ups_per_client_are_limited(live):
    for number in range(3):
        assert sign_up(live, f"reader{number}@example.org").status_code == 200
    _refusal(sign_up(live, "reader3@example.org", "en"), 429, "en", "Too many sign-ups")
    assert live.store.find("reader3@example.org") is None
    live.clock.advance(3601)
    assert sign_up(live, "reader3@example.org").status_code == 200


@pytest.mark.parametrize("live", [{"signups_per_address": 2}], indirect=True)
def test_sign_ups_per_address_are_limited(live):
    assert sign_up(live, "target@example.org").status_code == 200
    assert sign_up(live, "TARGET@example.org").status_code == 200
    _refusal(sign_up(live, "target@example.org"), 429, "nl", "Te veel aanmeldingen")
    assert sign_up(live, "other@example.org").status_code == 200  # another address from the same client is fine
    live.clock.advance(3601)
    assert sign_up(live, "target@example.org").status_code == 200


def test_bad_tokens(live):
    subscriber = confirmed(live, "lezer@example.org")
    now = live.clock()
    good_unsubscribe = tokens.make(SECRET, "unsubscribe", subscriber, now=now, ttl=3600)
    forged = tokens.make("another-secret-0123456789", "confirm", subscriber, now=now, ttl=3600)
    tampered = good_unsubscribe.replace(f"{subscriber}.", f"{subscriber + 1}.", 1)
    for token, text in [
        ("", "niet compleet"),
        ("garbage", "ongeldig"),
        (forged, "ongeldig"),
        (good_unsubscribe, "ongeldig"),
    ]:  # an unsubscribe token does not confirm
        _refusal(live.client.get("/confirm", params={"token": token}), 400, "nl", text)
        _refusal(live.client.post("/confirm", data={"token": token}), 400, "nl", text)
    _refusal(
        live.client.post("/unsubscribe", params={"token": tampered, "lang": "en"}), 400, "en", "unsubscribe link is not valid"
    )
    _refusal(live.client.get("/unsubscribe", params={"token": "x" * 5000}), 400, "nl", "ongeldig")
    assert live.store.find("lezer@example.org").status == "confirmed"
    # a valid token for somebody who is gone
    gone = tokens.make(SECRET, "confirm", subscriber + 100, now=now, ttl=3600)
    _refusal(live.client.post("/confirm", data={"token": gone}), 400, "nl", "bestaat niet meer")


def test_expired_confirmation_link(live):
    sign_up(live, "slow@example.org", "en")
    link = confirm_link(live.mailbox.wait_for(1)[0].message)
    token = parse_qs(urlsplit(link).query)["token"][0]
    live.clock.advance(3 * 24 * 3600 + 1)
    _refusal(live.client.get(link), 400, "en", "This link has expired")
    _refusal(live.client.post("/confirm", data={"token": token, "lang": "en"}), 400, "en", "expired")
    assert live.store.find("slow@example.org").status == "pending"


def test_unsubscribe_page_has_a_button_and_get_changes_nothing(live):
    subscriber = confirmed(live, "lezer@example.org", "en")
    token = tokens.make(SECRET, "unsubscribe", subscriber, now=live.clock(), ttl=3600)
    page = live.client.get("/unsubscribe", params={"token": token})
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert '<form method="post" action="unsubscribe">' in page.text and f'value="{token}"' in page.text
    assert live.store.find("lezer@example.org") is not None
    assert (
        page.headers["referrer-policy"] == "no-referrer" and "frame-ancestors 'none'" in page.headers["content-security-policy"]
    )
    done = live.client.post("/unsubscribe", data={"token": token})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert live.store.find("lezer@example.org") is None and live.store.is_suppressed("lezer@example.org")
    again = live.client.post("/unsubscribe", data={"token": token, "lang": "en"})  # twice is harmless
    assert again.status_code == 200 and "You are unsubscribed" in again.text
