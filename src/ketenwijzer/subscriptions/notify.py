"""Send one edition to every confirmed subscriber, exactly once.

The send ledger has one row per (edition, subscriber). For each subscriber:

1. claim: write the row as 'sending' (committed) — skipped if it is 'sent' or
   'refused' already, or when the subscriber left meanwhile (counted as "left");
2. hand the mail to the SMTP server;
3. mark the row:
   * 'sent' when the server took it;
   * 'refused' when the server refused the address or message with a 5xx code: permanent,
     reported and never retried; after ``hard_bounce_limit`` such refusals the address
     is suppressed like an unsubscribe;
   * 'failed' for a temporary refusal (4xx, e.g. greylisting) or when the server could
     not be reached or the connection broke before the message was handed over: nothing
     arrived, so the next run sends it;
   * 'uncertain' when the connection broke (or timed out) after the whole message was
     transmitted but before the server answered: it may have arrived. It is not resent
     automatically, only with ``resend_uncertain`` (``notify --resend-uncertain``).

A run that stopped (crash, ``kill -9``, Ctrl-C) leaves at most the row it was busy with
'sending'; the next run, holding the lock, turns such rows into 'uncertain' too. So a
rerun sends to everyone never attempted first, then retries the temporary failures,
and nobody is sent the edition twice except, on request, the uncertain ones; a duplicate
then carries the same Message-ID (from edition and subscriber), so receiving sides that
de-duplicate on it can drop it.

The run stops after ``MAX_FAILURES_IN_A_ROW`` failures of the server itself (not
reachable, connection lost) in a row; refusals of single addresses never stop it.
Only one notify run per database at a time: a database lock (store.notify_lock).
"""

from __future__ import annotations

import secrets as random_secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ketenwijzer.subscriptions import tokens
from ketenwijzer.subscriptions.announcement import Announcement
from ketenwijzer.subscriptions.bounces import return_path
from ketenwijzer.subscriptions.mailer import DeliveryError, Mailer, OutboxTransport, SmtpTransport, open_transport
from ketenwijzer.subscriptions.settings import Settings
from ketenwijzer.subscriptions.store import NotifyBusy, Store, Subscriber

MAX_FAILURES_IN_A_ROW = 5


class NotifyError(Exception):
    """The edition can not be sent (draft, another run busy, ...); the message says why."""


@dataclass
class Plan:
    edition: int
    todo: list[Subscriber]  # never attempted first, then temporary failures (then uncertain ones, on request)
    skipped: list[Subscriber]  # already sent
    refused: list[Subscriber] = field(default_factory=list)  # refused permanently earlier: not retried
    uncertain: list[Subscriber] = field(default_factory=list)  # maybe delivered earlier: not resent


@dataclass
class Summary:
    sent: int = 0
    skipped: int = 0
    failed: int = 0  # temporary: the next run tries again
    refused: int = 0  # permanent (5xx): never retried
    uncertain: int = 0  # maybe delivered: not resent without --resend-uncertain
    left: int = 0  # unsubscribed or deleted during the run
    suppressed: int = 0  # addresses suppressed after too many hard bounces
    not_attempted: int = 0
    earlier_refused: int = 0  # from the plan: refused in an earlier run
    earlier_uncertain: int = 0  # from the plan: uncertain from an earlier run, not resent now
    failures: list[tuple[str, str]] = field(default_factory=list)  # (address, reason): failed and refused
    uncertain_addresses: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    def line(self) -> str:
        text = f"sent {self.sent}, skipped {self.skipped} (already sent), failed {self.failed}"
        if self.failed:
            text += " (temporary: the next run tries again)"
        extras = [
            (self.refused, f"refused {self.refused} (permanently: not retried)"),
            (self.suppressed, f"suppressed {self.suppressed} (too many hard bounces)"),
            (
                self.uncertain,
                f"uncertain {self.uncertain} (the connection broke after handing the message over: maybe delivered, not resent)",
            ),
            (self.left, f"left {self.left} (unsubscribed during the run)"),
            (self.not_attempted, f"not attempted {self.not_attempted}"),
            (self.earlier_refused, f"{self.earlier_refused} refused in an earlier run (not retried)"),
            (
                self.earlier_uncertain,
                f"{self.earlier_uncertain} uncertain from an earlier run (not resent; --resend-uncertain sends them again)",
            ),
        ]
        return ", ".join([text, *(words for count, words in extras if count)])

    @property
    def ok(self) -> bool:
        return not (self.failed or self.not_attempted or self.interrupted)

    def advice(self) -> str:
        """What the operator should know after a run that left work."""
        parts = []
        if self.failed or self.not_attempted or self.interrupted:
            parts.append(
                "run the same command again to send the rest: everyone marked sent, refused or uncertain "
                "is left out, so nobody gets the edition twice"
            )
        if self.uncertain or self.earlier_uncertain:
            parts.append(
                "subscribers marked uncertain may have received it already; --resend-uncertain sends "
                "them the edition again (with the same Message-ID)"
            )
        return "; ".join(parts)


def check_sendable(announcement: Announcement) -> None:
    if not announcement.published:
        if announcement.reason:
            raise NotifyError(f"edition {announcement.number} {announcement.reason}")
        raise NotifyError(
            f"edition {announcement.number} is a draft ({announcement.status}): publish it before sending the announcement"
        )
    if not announcement.languages:
        raise NotifyError(f"edition {announcement.number} has no text in any language")


def plan(store: Store, edition: int, *, limit: int | None = None, resend_uncertain: bool = False) -> Plan:
    """Who gets the edition in this run, in order (a run calls store.abandon_sending first, holding the lock)."""
    ledger = store.ledger(edition)
    by_status: dict[str | None, list[Subscriber]] = {}
    for subscriber in store.recipients():
        by_status.setdefault(ledger.get(subscriber.id), []).append(subscriber)
    uncertain = by_status.get("uncertain", [])
    todo = by_status.get(None, []) + by_status.get("failed", []) + (uncertain if resend_uncertain else [])
    if limit is not None:
        todo = todo[:limit]
    return Plan(edition, todo, by_status.get("sent", []), by_status.get("refused", []), [] if resend_uncertain else uncertain)


@contextmanager
def run_lock(store: Store) -> Iterator[None]:
    """Refuse a second notify run on the same database while one is busy (released even on a crash)."""
    try:
        with store.notify_lock():
            yield
    except NotifyBusy as exc:
        raise NotifyError(str(exc)) from None


class Sender:
    """Builds and sends the announcement mails of one edition."""

    def __init__(self, settings: Settings, announcement: Announcement, *, secret: str | None = None):
        self.secret = secret or settings.require_secret()
        self.settings = settings if settings.secret == self.secret else replace(settings, secret=self.secret)
        self.announcement = announcement
        self.mailer = Mailer(self.settings)

    def message(self, subscriber_id: int, to: str, lang: str, now: float):
        text_lang, local = self.announcement.for_lang(lang)
        token = tokens.make(self.secret, "unsubscribe", subscriber_id, now=now, ttl=self.settings.unsubscribe_ttl)
        unsubscribe_url = self.settings.service_url(f"/unsubscribe?token={token}&lang={text_lang}")
        message = self.mailer.announcement(
            to=to,
            lang=text_lang,
            number=self.announcement.number,
            local=local,
            unsubscribe_url=unsubscribe_url,
            message_id=self.mailer.announcement_message_id(self.announcement.number, subscriber_id),
            now=now,
        )
        if self.settings.bounce_address:  # VERP: the bounce names the subscriber (see bounces.py)
            message["Return-Path"] = f"<{return_path(self.settings.bounce_address, self.secret, subscriber_id)}>"
        return message


def send(
    settings: Settings,
    store: Store,
    announcement: Announcement,
    subscribers: Iterable[Subscriber],
    *,
    rate: float | None = None,
    transport: SmtpTransport | OutboxTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Summary:
    """Send to ``subscribers`` (usually ``plan(...).todo``, maybe wrapped in a progress bar)."""
    check_sendable(announcement)
    sender = Sender(settings, announcement)
    edition = announcement.number
    rate = settings.rate if rate is None else rate
    interval = 1.0 / rate if rate and rate > 0 else 0.0
    summary = Summary()
    own_transport = transport is None
    transport = open_transport(settings) if transport is None else transport
    failures_in_a_row = 0
    last_send: float | None = None
    items = iter(subscribers)
    try:
        for subscriber in items:
            now = settings.clock()
            message = sender.message(subscriber.id, subscriber.email, subscriber.lang, now)
            claimed = store.claim(edition, subscriber.id, str(message["Message-ID"]))
            if claimed == "gone":
                summary.left += 1
                continue
            if claimed == "done":
                summary.skipped += 1  # sent (or refused) meanwhile
                continue
            if interval and last_send is not None:
                wait = last_send + interval - time.monotonic()
                if wait > 0:
                    sleep(wait)
            last_send = time.monotonic()
            try:
                transport.send(message)
            except DeliveryError as exc:
                _record_failure(settings, store, edition, subscriber, exc, summary)
                failures_in_a_row = failures_in_a_row + 1 if exc.connection else 0
                if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                    summary.not_attempted = sum(1 for _ in items)
                    break
                continue
            store.mark(edition, subscriber.id, "sent", now=settings.clock())
            summary.sent += 1
            failures_in_a_row = 0
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if own_transport:
            transport.close()
    return summary


def _record_failure(
    settings: Settings, store: Store, edition: int, subscriber: Subscriber, exc: DeliveryError, summary: Summary
) -> None:
    now = settings.clock()
    if exc.maybe_delivered:
        store.mark(edition, subscriber.id, "uncertain", now=now, reason=str(exc))
        summary.uncertain += 1
        summary.uncertain_addresses.append((subscriber.email, str(exc)))
    elif exc.permanent:
        store.mark(edition, subscriber.id, "refused", now=now, reason=str(exc))
        summary.refused += 1
        summary.failures.append((subscriber.email, str(exc)))
        if store.hard_bounce(subscriber.id, limit=settings.hard_bounce_limit, now=now):
            summary.suppressed += 1
    else:
        store.mark(edition, subscriber.id, "failed", now=now, reason=str(exc))
        summary.failed += 1
        summary.failures.append((subscriber.email, str(exc)))


def write_previews(settings: Settings, announcement: Announcement) -> list[Path]:
    """One preview .eml per language of the edition in the outbox; the links in it are not valid."""
    sender = Sender(settings, announcement, secret=settings.secret or random_secrets.token_hex(32))
    outbox = OutboxTransport(settings.outbox)
    paths = []
    for lang in sorted(announcement.languages, key=lambda lang: (lang != "nl", lang)):
        message = sender.message(0, f"preview@{settings.sender_domain}", lang, settings.clock())
        paths.append(outbox.send(message, name=f"edition-{announcement.number}-{lang}-preview.eml"))
    return paths
