"""VERP return paths and the bounce reader, with mails through a real SMTP server and DSNs in a Maildir."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pytest

from ketenwijzer.subscriptions.bounces import return_path, subscriber_of
from subscriptions_fixtures import SECRET, confirmed, database, edition, live, postgres, smtp  # noqa: F401

BOUNCES = "bounces@ketenwijzer.invalid"


def dsn(delivered_to: str, recipient: str, status: str, action: str = "failed") -> bytes:
    """A delivery status notification as a receiving server writes it (RFC 3464)."""
    return (
        f"Delivered-To: {delivered_to}\r\n"
        "From: MAILER-DAEMON@mx.example.org\r\n"
        f"To: {delivered_to}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <dsn-{recipient}-{status}@mx.example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n'
        "\r\n--b1\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "This is the mail system at host mx.example.org. Your message could not be delivered.\r\n"
        "\r\n--b1\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
        "\r\n--b1--\r\n"
    ).encode("ascii")


@pytest.mark.parametrize("live", [{"bounce_address": BOUNCES, "hard_bounce_limit": 1}], indirect=True)
def test_verp_return_paths_and_hard_bounces_from_a_mailbox_suppress_the_address(live, tmp_path):
    dead = confirmed(live, "dead@example.org")
    slow = confirmed(live, "slow@example.org")
    fine = confirmed(live, "fine@example.org")
    assert live.notify({1: edition(1)}, "1").exit_code == 0
    received = {r.rcpt_tos[0]: r for r in live.mailbox.wait_for(3)}
    for address, subscriber in (("dead@example.org", dead), ("slow@example.org", slow), ("fine@example.org", fine)):
        assert received[address].mail_from == return_path(BOUNCES, SECRET, subscriber)
        assert received[address].mail_from.startswith(f"bounces+s{subscriber}-")
        assert "Return-Path" not in received[address].message  # the receiving server writes it
    assert subscriber_of(received["dead@example.org"].mail_from, [SECRET]) == dead
    assert subscriber_of(received["dead@example.org"].mail_from, ["another-secret-0123456789"]) is None

    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(dsn(return_path(BOUNCES, SECRET, dead), "dead@example.org", "5.1.1"))
    box.add(dsn(return_path(BOUNCES, SECRET, slow), "slow@example.org", "4.4.7", action="delayed"))
    forged = return_path(BOUNCES, SECRET, fine).replace(f"+s{fine}-", f"+s{fine}-0")[:-1]  # a broken signature
    box.add(dsn(forged, "nobody@example.org", "5.1.1"))
    plain = EmailMessage()
    plain["From"], plain["To"], plain["Subject"] = "lezer@example.org", BOUNCES, "Vraag"
    plain.set_content("Geen bounce.")
    box.add(plain)
    leave = EmailMessage()  # what a mail program sends for the mailto: of List-Unsubscribe
    leave["From"], leave["To"], leave["Subject"] = "Fine <FINE@example.org>", "unsubscribe@ketenwijzer.invalid", "unsubscribe"
    leave.set_content("")
    box.add(leave)
    stranger = EmailMessage()
    stranger["From"], stranger["To"], stranger["Subject"] = "x@example.org", "unsubscribe@ketenwijzer.invalid", "x"
    stranger.set_content("")
    box.add(stranger)
    box.close()

    result = live.cli("bounces", str(tmp_path / "Maildir"))
    assert result.exit_code == 0, result.output
    assert (
        "read 6 message(s): 2 hard bounce(s), 1 address(es) suppressed, 1 soft bounce(s) left alone, "
        "2 naming nobody known, 1 unsubscribed by mail, 1 not a delivery report, 0 read before"
    ) in result.output
    assert live.store.find("dead@example.org") is None and live.store.is_suppressed("dead@example.org")
    assert live.store.find("slow@example.org").hard_bounces == 0
    assert live.store.find("fine@example.org") is None and live.store.is_suppressed("fine@example.org")
    again = live.cli("bounces", str(tmp_path / "Maildir"))
    assert "0 hard bounce(s)" in again.output and "3 read before" in again.output
    assert live.notify({2: edition(2)}, "2").exit_code == 0
    assert [r.rcpt_tos[0] for r in live.mailbox.wait_for(4)[3:]] == ["slow@example.org"]


def test_without_verp_a_bounce_counts_for_the_reported_address_in_an_mbox(live, tmp_path):
    subscriber = confirmed(live, "gone@example.org")
    box = mailbox.mbox(tmp_path / "bounces.mbox", create=True)
    box.add(dsn("redactie@ketenwijzer.invalid", "gone@example.org", "5.1.1"))
    box.close()
    result = live.cli("bounces", str(tmp_path / "bounces.mbox"))
    assert result.exit_code == 0 and "1 hard bounce(s), 0 address(es) suppressed" in result.output
    assert live.store.get(subscriber).hard_bounces == 1  # the default limit is 2
    missing = live.cli("bounces", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "does not exist" in missing.output
