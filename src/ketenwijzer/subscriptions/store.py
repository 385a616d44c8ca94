"""The subscriber database (SQLite), created and migrated by this module.

The schema version is kept in ``PRAGMA user_version``; every entry of MIGRATIONS
brings the database one version further, inside one transaction. Times are
stored as ISO 8601 UTC text. Every method opens its own short connection, so one
Store can be shared between the web server's threads and the command line.

Personal data kept: the address, chosen language and the dates of a subscription;
per edition a ledger row (sent or not). After unsubscribing only a suppression
record is left: the SHA-256 of the normalised address. Rate-limit records hold
keyed hashes of client addresses and e-mail addresses and are dropped after an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .validation import email_hash

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE subscribers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old links can not reach a new subscriber
        email TEXT NOT NULL UNIQUE,
        lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        created TEXT NOT NULL,
        confirmed_at TEXT,
        last_confirmation_sent TEXT
    );
    CREATE TABLE suppressions (
        email_hash TEXT PRIMARY KEY,
        created TEXT NOT NULL
    );
    CREATE TABLE send_ledger (
        edition INTEGER NOT NULL,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        sent_at TEXT,
        message_id TEXT NOT NULL,
        UNIQUE (edition, subscriber_id)
    );
    CREATE TABLE rate_events (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX rate_events_lookup ON rate_events (bucket, key, at);
    """,
]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")


def timestamp(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    lang: str
    status: str
    created: str
    confirmed_at: str | None
    last_confirmation_sent: str | None


@dataclass(frozen=True)
class SignUp:
    """What a sign-up did. ``send_confirmation`` says whether to mail a confirmation link now."""

    subscriber: Subscriber
    outcome: str  # "new", "resend", "recently-sent", "confirmed"

    @property
    def send_confirmation(self) -> bool:
        return self.outcome in ("new", "resend")


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode = WAL")
            self._migrate(db)

    # -- plumbing -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so checks and writes can not interleave."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            yield db
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise RuntimeError(f"{self.path} has schema version {version}, newer than this program "
                                   f"knows ({len(MIGRATIONS)}); update ketenwijzer")
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        with self._read() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    def ping(self) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1").fetchone()[0] == 1

    @staticmethod
    def _subscriber(row: sqlite3.Row | None) -> Subscriber | None:
        return None if row is None else Subscriber(**{key: row[key] for key in row.keys()})

    # -- subscribing ----------------------------------------------------------

    def sign_up(self, email: str, lang: str, *, now: float, resend_interval: float) -> SignUp:
        """Record a sign-up of a normalised address. Confirmed subscribers are left exactly as they are."""
        with self._transaction() as db:
            row = self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone())
            if row is None:
                cursor = db.execute(
                    "INSERT INTO subscribers (email, lang, status, created, last_confirmation_sent) "
                    "VALUES (?, ?, 'pending', ?, ?)", (email, lang, iso(now), iso(now)))
                outcome = "new"
                subscriber_id = cursor.lastrowid
            elif row.status == "confirmed":
                return SignUp(row, "confirmed")
            else:
                subscriber_id = row.id
                last = row.last_confirmation_sent
                if last is not None and now - timestamp(last) < resend_interval:
                    outcome = "recently-sent"
                    db.execute("UPDATE subscribers SET lang = ? WHERE id = ?", (lang, row.id))
                else:
                    outcome = "resend"
                    db.execute("UPDATE subscribers SET lang = ?, last_confirmation_sent = ? WHERE id = ?",
                               (lang, iso(now), row.id))
            fresh = self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())
            return SignUp(fresh, outcome)

    def confirmation_failed(self, subscriber_id: int) -> None:
        """The confirmation mail could not be sent: allow the next sign-up to try again at once."""
        with self._transaction() as db:
            db.execute("UPDATE subscribers SET last_confirmation_sent = NULL WHERE id = ? AND status = 'pending'",
                       (subscriber_id,))

    def get(self, subscriber_id: int) -> Subscriber | None:
        with self._read() as db:
            return self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())

    def find(self, email: str) -> Subscriber | None:
        with self._read() as db:
            return self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone())

    def confirm(self, subscriber_id: int, *, now: float) -> Subscriber | None:
        """Confirm a subscription (again is harmless) and lift any earlier suppression of the address."""
        with self._transaction() as db:
            row = self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())
            if row is None:
                return None
            if row.status != "confirmed":
                db.execute("UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?",
                           (iso(now), subscriber_id))
            db.execute("DELETE FROM suppressions WHERE email_hash = ?", (email_hash(row.email),))
            return self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())

    def unsubscribe(self, subscriber_id: int, *, now: float) -> Subscriber | None:
        """Delete the subscriber (and its ledger rows); keep only the hash of the address as suppression."""
        with self._transaction() as db:
            row = self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())
            if row is None:
                return None
            db.execute("INSERT OR IGNORE INTO suppressions (email_hash, created) VALUES (?, ?)",
                       (email_hash(row.email), iso(now)))
            db.execute("DELETE FROM subscribers WHERE id = ?", (subscriber_id,))
            return row

    def is_suppressed(self, email: str) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1 FROM suppressions WHERE email_hash = ?", (email_hash(email),)).fetchone() is not None

    def prune(self, *, now: float, pending_ttl: float, rate_window: float) -> None:
        """Forget sign-ups never confirmed within ``pending_ttl`` and rate records older than the window."""
        with self._transaction() as db:
            db.execute("DELETE FROM subscribers WHERE status = 'pending' AND created < ?", (iso(now - pending_ttl),))
            db.execute("DELETE FROM rate_events WHERE at < ?", (now - rate_window,))

    # -- rate limits ----------------------------------------------------------

    @staticmethod
    def rate_key(secret: str, value: str) -> str:
        return hmac.new(secret.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def allow(self, bucket: str, key: str, *, limit: int, window: float, now: float) -> bool:
        """Count an attempt for (bucket, key) unless ``limit`` attempts fell within the last ``window`` seconds."""
        with self._transaction() as db:
            count = db.execute("SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND key = ? AND at > ?",
                               (bucket, key, now - window)).fetchone()[0]
            if count >= limit:
                return False
            db.execute("INSERT INTO rate_events (bucket, key, at) VALUES (?, ?, ?)", (bucket, key, now))
            return True

    # -- the send ledger ------------------------------------------------------

    def recipients(self) -> list[Subscriber]:
        """Confirmed subscribers whose address is not suppressed, in sign-up order."""
        with self._read() as db:
            rows = db.execute("SELECT * FROM subscribers WHERE status = 'confirmed' ORDER BY id").fetchall()
            suppressed = {r[0] for r in db.execute("SELECT email_hash FROM suppressions")}
        return [s for s in map(self._subscriber, rows) if email_hash(s.email) not in suppressed]

    def ledger(self, edition: int) -> dict[int, str]:
        """subscriber id → status for one edition."""
        with self._read() as db:
            return {r[0]: r[1] for r in db.execute(
                "SELECT subscriber_id, status FROM send_ledger WHERE edition = ?", (edition,))}

    def claim(self, edition: int, subscriber_id: int, message_id: str) -> bool:
        """Mark (edition, subscriber) 'sending' before the SMTP transaction; False when it is already 'sent'."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO send_ledger (edition, subscriber_id, status, message_id) VALUES (?, ?, 'sending', ?) "
                "ON CONFLICT (edition, subscriber_id) DO UPDATE SET status = 'sending' WHERE status != 'sent'",
                (edition, subscriber_id, message_id))
            return cursor.rowcount == 1

    def message_id(self, edition: int, subscriber_id: int) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT message_id FROM send_ledger WHERE edition = ? AND subscriber_id = ?",
                             (edition, subscriber_id)).fetchone()
            return row[0] if row else None

    def mark(self, edition: int, subscriber_id: int, status: str, *, now: float) -> None:
        with self._transaction() as db:
            db.execute("UPDATE send_ledger SET status = ?, sent_at = ? WHERE edition = ? AND subscriber_id = ?",
                       (status, iso(now) if status == "sent" else None, edition, subscriber_id))

    # -- the reader's rights (AVG/GDPR) ---------------------------------------

    def export(self, email: str) -> dict | None:
        """Everything stored about a normalised address, or None when nothing is."""
        with self._read() as db:
            subscriber = self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone())
            suppression = db.execute("SELECT created FROM suppressions WHERE email_hash = ?",
                                     (email_hash(email),)).fetchone()
            sends = [] if subscriber is None else [dict(r) for r in db.execute(
                "SELECT edition, status, sent_at, message_id FROM send_ledger WHERE subscriber_id = ? "
                "ORDER BY edition", (subscriber.id,))]
        if subscriber is None and suppression is None:
            return None
        return {
            "email": email,
            "subscriber": None if subscriber is None else {
                key: getattr(subscriber, key)
                for key in ("id", "lang", "status", "created", "confirmed_at", "last_confirmation_sent")},
            "editions": sends,
            "suppression": None if suppression is None else {
                "email_sha256": email_hash(email), "created": suppression[0],
                "note": "kept after unsubscribing so the address is never mailed without a new sign-up"},
        }

    def delete(self, email: str) -> bool:
        """Erase a normalised address: subscriber, ledger rows and suppression record."""
        with self._transaction() as db:
            gone = db.execute("DELETE FROM subscribers WHERE email = ?", (email,)).rowcount
            gone += db.execute("DELETE FROM suppressions WHERE email_hash = ?", (email_hash(email),)).rowcount
            return gone > 0

    def forget_rate_records(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM rate_events WHERE key = ?", (key,))
