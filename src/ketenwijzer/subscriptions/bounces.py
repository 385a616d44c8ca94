"""Bounces: a VERP return path per mail, and reading the delivery status notifications that come back.

With ``KETENWIJZER_BOUNCE_ADDRESS=bounces@example.org`` every announcement goes out
with the envelope sender (Return-Path) ``bounces+s<id>-<signature>@example.org``: the
subscriber id, signed with the token secret so that nobody can make us count bounces
for someone else. The mail server delivers the bounces to the mailbox of
``bounces@example.org`` (plus-addressing), and ``ketenwijzer subscriptions bounces
MAILBOX`` reads that mailbox (Maildir folder or mbox file): every DSN (RFC 3464,
``multipart/report; report-type=delivery-status``) whose recipient failed with a 5.x.x
status counts as a hard bounce of that subscriber; at KETENWIJZER_HARD_BOUNCES the
address is suppressed. Soft bounces (4.x.x, delayed) are left alone. A report is
counted once, even when the mailbox is read again.

The same command reads what comes in for the ``mailto:unsubscribe@<domain>`` address of
the List-Unsubscribe header (point that address at the same mailbox): a message to it
unsubscribes the subscriber whose address is in its From header, like the link does.
"""

from __future__ import annotations

import hashlib
import hmac
import mailbox
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import collapse_rfc2231_value, parseaddr
from pathlib import Path
from typing import Iterable, Sequence

from ketenwijzer.subscriptions.store import Store

_VERP = re.compile(r"\+s(\d{1,18})-([0-9a-f]{16})@", re.I)


def _signature(secret: str, subscriber_id: int) -> str:
    return hmac.new(secret.encode("utf-8"), f"ketenwijzer/bounce/{subscriber_id}".encode("ascii"), hashlib.sha256).hexdigest()[
        :16
    ]


def return_path(bounce_address: str, secret: str, subscriber_id: int) -> str:
    """The VERP envelope sender for one subscriber: local+s<id>-<signature>@domain."""
    local, _, domain = bounce_address.rpartition("@")
    return f"{local}+s{subscriber_id}-{_signature(secret, subscriber_id)}@{domain}"


def subscriber_of(address: str, secrets: Sequence[str]) -> int | None:
    """The subscriber id in a VERP address signed with one of ``secrets``, else None."""
    match = _VERP.search(address or "")
    if not match:
        return None
    subscriber_id, signature = int(match[1]), match[2].lower()
    if any(hmac.compare_digest(signature, _signature(secret, subscriber_id)) for secret in secrets):
        return subscriber_id
    return None


@dataclass
class Report:
    """One delivery status notification: the recipients it reports as failed for good / for now."""

    hard: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)


def read_dsn(message: Message) -> Report | None:
    """The failed recipients of a DSN, or None when the message is not one."""
    report_type = message.get_param("report-type")  # a tuple when written in RFC 2231 form
    if message.get_content_type() != "multipart/report" or collapse_rfc2231_value(report_type or "").lower() != "delivery-status":
        return None
    report = Report()
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_groups(part):
            action = fields.get("action", "").lower()
            status = fields.get("status", "")
            recipient = fields.get("final-recipient") or fields.get("original-recipient") or ""
            recipient = recipient.split(";", 1)[-1].strip()
            if action in ("delivered", "relayed", "expanded") or not recipient:
                continue
            hard = action == "failed" and status.startswith("5")
            (report.hard if hard else report.soft).append(recipient.lower())
    return report


def _status_groups(part: Message) -> list[dict[str, str]]:
    """The per-recipient field groups of a message/delivery-status part (the first group is per message)."""
    payload = part.get_payload()
    if isinstance(payload, list):  # parsed as a list of header blocks
        blocks = [{k.lower(): str(v) for k, v in block.items()} for block in payload if isinstance(block, Message)]
    else:
        text = payload if isinstance(payload, str) else ""
        blocks = []
        for chunk in re.split(r"\r?\n\s*\r?\n", text.strip()):
            fields = {}
            for line in chunk.splitlines():
                name, colon, value = line.partition(":")
                if colon:
                    fields[name.strip().lower()] = value.strip()
            blocks.append(fields)
    return blocks[1:] if len(blocks) > 1 else blocks


@dataclass
class BounceSummary:
    messages: int = 0
    not_reports: int = 0
    already_read: int = 0
    hard: int = 0
    soft: int = 0
    unknown: int = 0  # hard bounces that name nobody we know
    suppressed: int = 0
    unsubscribed: int = 0  # by a mail to the List-Unsubscribe mailto: address

    def line(self) -> str:
        return (
            f"read {self.messages} message(s): {self.hard} hard bounce(s), {self.suppressed} address(es) "
            f"suppressed, {self.soft} soft bounce(s) left alone, {self.unknown} naming nobody known, "
            f"{self.unsubscribed} unsubscribed by mail, {self.not_reports} not a delivery report, "
            f"{self.already_read} read before"
        )


def _messages(path: Path) -> Iterable[EmailMessage]:
    box = mailbox.Maildir(path, factory=None, create=False) if path.is_dir() else mailbox.mbox(path, create=False)
    try:
        for key in box.keys():
            yield BytesParser(policy=policy.default).parsebytes(box.get_bytes(key))
    finally:
        box.close()


def _recipients_of_bounce(message: Message) -> list[str]:
    """Where the bounce was delivered: the VERP address, as the receiving server wrote it down."""
    found = []
    for name in ("Delivered-To", "X-Original-To", "Envelope-To", "To"):
        for value in message.get_all(name, []):
            found.append(parseaddr(str(value))[1])
    return found


def _unsubscribe_request(message: Message, unsubscribe_address: str | None) -> str | None:
    """The sender's address when the message went to the List-Unsubscribe mailto: address."""
    recipients = [address.lower() for address in _recipients_of_bounce(message)]
    if not unsubscribe_address or unsubscribe_address.lower() not in recipients:
        return None
    if message.get("Auto-Submitted", "no").strip().lower() != "no":  # auto-replies and bounces do not unsubscribe
        return None
    return parseaddr(str(message.get("From", "")))[1].lower() or None


def process(
    path: Path,
    store: Store,
    *,
    secrets: Sequence[str],
    hard_bounce_limit: int,
    now: float,
    unsubscribe_address: str | None = None,
) -> BounceSummary:
    summary = BounceSummary()
    for message in _messages(path):
        summary.messages += 1
        report = read_dsn(message)
        if report is None:
            sender = _unsubscribe_request(message, unsubscribe_address)
            if sender is None:
                summary.not_reports += 1
                continue
            subscriber = store.find(sender)
            if subscriber is not None and store.unsubscribe(subscriber.id, now=now) is not None:
                summary.unsubscribed += 1
            else:
                summary.unknown += 1
            continue
        key = hashlib.sha256(str(message.get("Message-ID") or message.as_bytes()).encode()).hexdigest()
        if not store.first_time_report(key, now=now):
            summary.already_read += 1
            continue
        summary.soft += len(report.soft)
        if not report.hard:
            continue
        summary.hard += 1
        subscriber_id = next(
            (sid for address in _recipients_of_bounce(message) if (sid := subscriber_of(address, secrets)) is not None), None
        )
        if subscriber_id is None:  # no (valid) VERP: go by the reported address, if it is a subscriber's
            known = next((s for address in report.hard if (s := store.find(address)) is not None), None)
            subscriber_id = known.id if known else None
        if subscriber_id is None or store.get(subscriber_id) is None:
            summary.unknown += 1
            continue
        if store.hard_bounce(subscriber_id, limit=hard_bounce_limit, now=now):
            summary.suppressed += 1
    return summary
