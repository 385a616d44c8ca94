"""The notify command: exactly once per subscriber, through SMTP failures, drafts, dry runs and the outbox."""

from __future__ import annotations

from collections import Counter
from email import policy
from email.parser import BytesParser

from ketenwijzer.subscriptions.notify import run_lock
from subscriptions_fixtures import (  # noqa: F401
    confirmed,
    database,
    edition,
    live,
    postgres,
    smtp,
    text_part,
    unused_port,
)


def test_connection_dropped_after_the_handover_is_uncertain_and_resent_only_on_request(live):
    addresses = [f"reader{n}@example.org" for n in range(6)]
    for number, address in enumerate(addresses):
        confirmed(live, address, "en" if number % 2 else "nl")
    live.mailbox.drop_after = 2  # the server takes the whole message, then breaks off before "250"
    first = live.notify({3: edition(3)}, "3")
    assert first.exit_code == 0, first.output
    assert (
        "sent 2, skipped 0 (already sent), failed 0, uncertain 4 (the connection broke after handing the "
        "message over: maybe delivered, not resent)" in first.output
    )
    assert "lost after the message was handed over" in first.output and "--resend-uncertain" in first.output
    assert live.mailbox.dropped == 4
    assert Counter(live.store.ledger(3).values()) == {"sent": 2, "uncertain": 4}

    live.mailbox.drop_after = None
    second = live.notify({3: edition(3)}, "3")
    assert second.exit_code == 0, second.output
    assert (
        "sent 0, skipped 2 (already sent), failed 0, 4 uncertain from an earlier run (not resent; "
        "--resend-uncertain sends them again)" in second.output
    )
    assert len(live.mailbox.received) == 2
    third = live.notify({3: edition(3)}, "3", "--resend-uncertain")
    assert third.exit_code == 0 and "sent 4, skipped 2 (already sent), failed 0" in third.output
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {address: 1 for address in addresses}
    ids = {r.message["Message-ID"] for r in live.mailbox.received}
    assert len(ids) == 6  # the same Message-ID as the lost copy would have had: one per subscriber
    assert set(live.store.ledger(3).values()) == {"sent"}


def test_connection_dropped_before_the_handover_is_retried_by_the_rerun(live):
    for n in range(3):
        confirmed(live, f"reader{n}@example.org")
    live.mailbox.faults["reader1@example.org"] = "drop-rcpt"
    first = live.notify({3: edition(3)}, "3")
    assert first.exit_code == 1
    assert "sent 2, skipped 0 (already sent), failed 1 (temporary: the next run tries again)" in first.output
    assert live.mailbox.dropped == 2  # dropped, tried once more on a new connection, dropped again
    del live.mailbox.faults["reader1@example.org"]
    second = live.notify({3: edition(3)}, "3")
    assert second.exit_code == 0 and "sent 1, skipped 2 (already sent), failed 0" in second.output
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {f"reader{n}@example.org": 1 for n in range(3)}


def test_row_left_sending_by_a_crash_is_uncertain_and_not_resent_without_the_flag(live):
    crashed = confirmed(live, "crashed@example.org")
    done = confirmed(live, "done@example.org")
    live.store.claim(4, crashed, "<edition-4.x@ketenwijzer.invalid>")  # claimed, then the process died
    live.store.claim(4, done, "<edition-4.y@ketenwijzer.invalid>")
    live.store.mark(4, done, "sent", now=live.clock())
    result = live.notify({4: edition(4)}, "4")
    assert result.exit_code == 0, result.output
    assert "sent 0, skipped 1 (already sent), failed 0, 1 uncertain from an earlier run" in result.output
    assert live.store.ledger(4) == {crashed: "uncertain", done: "sent"}
    assert live.mailbox.received == []
    dry = live.notify({4: edition(4)}, "4", "--dry-run")
    assert "would go to 0 subscriber(s); 1 already sent; 1 uncertain (not resent without --resend-uncertain)" in dry.output
    again = live.notify({4: edition(4)}, "4", "--resend-uncertain")
    assert again.exit_code == 0 and "sent 1, skipped 1 (already sent), failed 0" in again.output
    assert [r.rcpt_tos for r in live.mailbox.received] == [["crashed@example.org"]]


def test_smtp_server_down_stops_after_five_failures_in_a_row(live):
    for n in range(8):
        confirmed(live, f"reader{n}@example.org")
    result = live.notify({5: edition(5)}, "5", KETENWIJZER_SMTP_URL=f"smtp://127.0.0.1:{unused_port()}")
    assert result.exit_code == 1
    assert "sent 0, skipped 0 (already sent), failed 5 (temporary: the next run tries again), not attempted 3" in result.output
    assert "cannot connect" in result.output and "stopped after 5 server failures in a row" in result.output
    assert live.store.ledger(5) == {n: "failed" for n in range(1, 6)}
    rerun = live.notify({5: edition(5)}, "5", "--limit", "3")
    assert rerun.exit_code == 0 and "sent 3, skipped 0 (already sent), failed 0" in rerun.output
    # never-attempted subscribers go before the earlier failures are retried
    assert [r.rcpt_tos[0] for r in live.mailbox.received] == [f"reader{n}@example.org" for n in (5, 6, 7)]
    last = live.notify({5: edition(5)}, "5")
    assert last.exit_code == 0 and "sent 5, skipped 3 (already sent), failed 0" in last.output
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {f"reader{n}@example.org": 1 for n in range(8)}


def test_drafts_and_unknown_editions_are_refused(live):
    confirmed(live, "lezer@example.org")
    draft = live.notify({9: edition(9, status="draft")}, "9")
    assert draft.exit_code == 1 and "edition 9 is a draft" in draft.output
    unknown = live.notify({9: edition(9)}, "10")
    assert unknown.exit_code == 1 and "unknown edition 10: no edition 10" in unknown.output
    assert live.store.ledger(9) == {} and live.mailbox.received == []


def test_dry_run_lists_recipients_writes_previews_and_sends_nothing(live):
    confirmed(live, "anna@example.org", "nl")
    confirmed(live, "ben@example.org", "en")
    confirmed(live, "cas@example.org", "nl")
    result = live.notify({6: edition(6)}, "6", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would go to 3 subscriber(s)" in result.output
    assert "nl: 2\n  anna@example.org\n  cas@example.org\nen: 1\n  ben@example.org\n" in result.output
    assert "nothing was sent" in result.output
    previews = sorted(live.settings.outbox.glob("*.eml"))
    assert [p.name for p in previews] == ["edition-6-en-preview.eml", "edition-6-nl-preview.eml"]
    nl = BytesParser(policy=policy.default).parsebytes(previews[1].read_bytes())
    assert "Één jaar spreidingswet" in nl["Subject"] and "Gemeenten over de spreidingswet" in text_part(nl)
    assert nl["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert live.mailbox.received == [] and live.store.ledger(6) == {}


def test_subscriber_language_missing_from_the_edition_gets_dutch(live):
    confirmed(live, "ben@example.org", "en")
    dry = live.notify({2: edition(2, langs=("nl",))}, "2", "--dry-run")
    assert "en: 1 (no en text: they get the nl text)" in dry.output
    assert live.notify({2: edition(2, langs=("nl",))}, "2").exit_code == 0
    message = live.mailbox.wait_for(1)[0].message
    assert "Één jaar" in message["Subject"] and "lang=nl" in message["List-Unsubscribe"]


def test_without_smtp_url_mails_go_to_the_outbox(live):
    confirmed(live, "anna@example.org")
    confirmed(live, "ben@example.org", "en")
    result = live.notify({7: edition(7)}, "7", KETENWIJZER_SMTP_URL=None)
    assert result.exit_code == 0 and "via outbox" in result.output and "sent 2" in result.output
    files = sorted(live.settings.outbox.glob("*.eml"))
    assert len(files) == 2 and live.mailbox.received == []
    recipients = {BytesParser(policy=policy.default).parsebytes(f.read_bytes())["To"] for f in files}
    assert recipients == {"anna@example.org", "ben@example.org"}
    assert live.notify({7: edition(7)}, "7", KETENWIJZER_SMTP_URL=None).output.count("sent 0, skipped 2") == 1


def test_notify_refuses_without_secret(live):
    confirmed(live, "anna@example.org")
    result = live.notify({7: edition(7)}, "7", KETENWIJZER_SECRET=None)
    assert result.exit_code == 1 and "KETENWIJZER_SECRET is not set" in result.output
    assert live.mailbox.received == []


def test_a_sent_row_is_never_claimed_again(live):
    subscriber = confirmed(live, "lezer@example.org")
    assert live.store.claim(1, subscriber, "<a@x>") == "claimed"
    assert live.store.claim(1, subscriber, "<a@x>") == "claimed"  # 'sending' again
    live.store.mark(1, subscriber, "failed", now=live.clock())
    assert live.store.claim(1, subscriber, "<a@x>") == "claimed"
    live.store.mark(1, subscriber, "sent", now=live.clock())
    assert live.store.claim(1, subscriber, "<a@x>") == "done"
    assert live.store.ledger(1) == {subscriber: "sent"}
    live.store.unsubscribe(subscriber, now=live.clock())
    assert live.store.claim(2, subscriber, "<b@x>") == "gone"  # no FOREIGN KEY error
    assert live.store.ledger(2) == {}


def test_only_one_notify_run_at_a_time(live):
    confirmed(live, "lezer@example.org")
    with run_lock(live.store):
        busy = live.notify({1: edition(1)}, "1")
    assert busy.exit_code == 1 and "another notify run is busy" in busy.output
    assert live.mailbox.received == []
    assert live.notify({1: edition(1)}, "1").exit_code == 0
