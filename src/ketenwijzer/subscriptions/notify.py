"""Send one edition to every confirmed subscriber, exactly once.

The send ledger has one row per (edition, subscriber). For each subscriber:

1. claim: write the row as 'sending' (committed) — skipped if it is already 'sent';
2. hand the mail to the SMTP server;
3. mark the row 'sent' (committed) — or 'failed' when the server refused or the
   connection broke.

A rerun sends to everyone whose row is missing, 'sending' or 'failed', so a run that
stopped halfway (SMTP trouble, crash, Ctrl-C) is completed by simply running again,
and nobody gets the edition twice — with one unavoidable exception, the tiny window:
the server has taken the complete message but the process dies, or the connection
breaks, before 'sent' is committed (between the server's final "250 OK" and our
commit, or between transmitting the message and reading that "250"). Then the row
stays 'sending'/'failed' and a rerun sends it again. Such a duplicate carries the
same Message-ID (derived from edition and subscriber), so mail programs and
providers that de-duplicate on Message-ID can drop it. Errors before the message
itself is transmitted (connecting, MAIL FROM, RCPT TO) are retried at once on a new
connection: nothing was handed over yet.

Only one notify run at a time: a lock file next to the database.
"""

from __future__ import annotations

import fcntl
import secrets as random_secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import tokens
from .announcement import Announcement
from .mailer import DeliveryError, Mailer, OutboxTransport, SmtpTransport, open_transport
from .settings import Settings
from .store import Store, Subscriber

MAX_FAILURES_IN_A_ROW = 5


class NotifyError(Exception):
    """The edition can not be sent (draft, another run busy, ...); the message says why."""


@dataclass
class Plan:
    edition: int
    todo: list[Subscriber]
    skipped: list[Subscriber]  # already sent


@dataclass
class Summary:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    not_attempted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    interrupted: bool = False

    def line(self) -> str:
        text = f"sent {self.sent}, skipped {self.skipped} (already sent), failed {self.failed}"
        if self.not_attempted:
            text += f", not attempted {self.not_attempted}"
        return text

    @property
    def ok(self) -> bool:
        return not (self.failed or self.not_attempted or self.interrupted)


def check_sendable(announcement: Announcement) -> None:
    if not announcement.published:
        if announcement.reason:
            raise NotifyError(f"edition {announcement.number} {announcement.reason}")
        raise NotifyError(f"edition {announcement.number} is a draft ({announcement.status}): "
                          "publish it before sending the announcement")
    if not announcement.languages:
        raise NotifyError(f"edition {announcement.number} has no text in any language")


def plan(store: Store, edition: int, *, limit: int | None = None) -> Plan:
    ledger = store.ledger(edition)
    recipients = store.recipients()
    skipped = [s for s in recipients if ledger.get(s.id) == "sent"]
    todo = [s for s in recipients if ledger.get(s.id) != "sent"]
    if limit is not None:
        todo = todo[:limit]
    return Plan(edition, todo, skipped)


@contextmanager
def run_lock(db_path: Path) -> Iterator[None]:
    """Refuse a second notify run on the same database while one is busy (released even on a crash)."""
    lock_path = db_path.with_name(db_path.name + ".notify.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NotifyError("another notify run is busy with this database; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
        return self.mailer.announcement(
            to=to, lang=text_lang, number=self.announcement.number, local=local, unsubscribe_url=unsubscribe_url,
            message_id=self.mailer.announcement_message_id(self.announcement.number, subscriber_id), now=now)


def send(settings: Settings, store: Store, announcement: Announcement, subscribers: Iterable[Subscriber], *,
         rate: float | None = None, transport: SmtpTransport | OutboxTransport | None = None,
         sleep: Callable[[float], None] = time.sleep) -> Summary:
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
            if not store.claim(edition, subscriber.id, str(message["Message-ID"])):
                summary.skipped += 1  # sent meanwhile
                continue
            if interval and last_send is not None:
                wait = last_send + interval - time.monotonic()
                if wait > 0:
                    sleep(wait)
            last_send = time.monotonic()
            try:
                transport.send(message)
            except DeliveryError as exc:
                store.mark(edition, subscriber.id, "failed", now=settings.clock())
                summary.failed += 1
                summary.failures.append((subscriber.email, str(exc)))
                failures_in_a_row += 1
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


def write_previews(settings: Settings, announcement: Announcement) -> list[Path]:
    """One preview .eml per language of the edition in the outbox; the links in it are not valid."""
    sender = Sender(settings, announcement, secret=settings.secret or random_secrets.token_hex(32))
    outbox = OutboxTransport(settings.outbox)
    paths = []
    for lang in sorted(announcement.languages, key=lambda lang: (lang != "nl", lang)):
        message = sender.message(0, f"preview@{settings.sender_domain}", lang, settings.clock())
        paths.append(outbox.send(message, name=f"edition-{announcement.number}-{lang}-preview.eml"))
    return paths
