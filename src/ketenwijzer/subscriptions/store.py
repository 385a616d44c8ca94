"""The subscriber database, SQLite or PostgreSQL, created and migrated by this module. All SQL lives here.

``KETENWIJZER_DB`` is a URL: ``sqlite:///var/subscribers.sqlite3`` (the default; a
plain path means the same) for a single machine, or ``postgresql://user@host/db`` for
a deployment with several service processes or machines (psycopg 3 with its
connection pool).

The schema version is kept in ``PRAGMA user_version`` (SQLite) or the table
``schema_version`` (PostgreSQL); every migration brings the database one version
further inside one transaction, and only one process migrates at a time.

Every write is one short transaction. On SQLite writes begin with ``BEGIN IMMEDIATE``
and wait up to ``BUSY_TIMEOUT_MS`` for each other, so checks and writes never
interleave; on PostgreSQL the rate-limit counters of one client and one address are
serialised with transaction-scoped advisory locks. A sign-up (prune, both rate
checks, the subscriber and its confirmation mail in the outbox) is one transaction.

Personal data kept: the address, chosen language and the dates of a subscription;
per edition a ledger row; a mail waiting in the outbox. After unsubscribing only a
suppression record is left: an HMAC of the normalised address under the
suppression key (kept apart from the token secret, see ``SuppressionKeys``).
Rate-limit records hold keyed hashes and are dropped after an hour. On SQLite
``secure_delete`` is on, so deleted rows are overwritten in the file.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import secrets
import sqlite3
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence
from urllib.parse import urlsplit

from ketenwijzer.subscriptions.validation import email_sha256

BUSY_TIMEOUT_MS = 15000
LEDGER_STATUSES = ("sending", "sent", "failed", "refused", "uncertain")

_LEDGER = """
    CREATE TABLE send_ledger (
        edition INTEGER NOT NULL,
        subscriber_id {id_ref} NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'refused', 'uncertain')),
        sent_at TEXT,
        message_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        UNIQUE (edition, subscriber_id)
    )"""

_OUTBOX = """
    CREATE TABLE mail_outbox (
        id {serial},
        kind TEXT NOT NULL CHECK (kind IN ('confirm')),
        subscriber_id {id_ref} NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt {real} NOT NULL,
        lease_until {real},
        last_error TEXT,
        UNIQUE (kind, subscriber_id)
    );
    CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt);
    CREATE INDEX subscribers_pending ON subscribers (status, created);
    CREATE TABLE meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE bounce_reports (
        report_hash TEXT PRIMARY KEY,  -- a hash of the report's Message-ID: each is counted once
        read_at TEXT NOT NULL
    )"""

SQLITE_MIGRATIONS: list[str] = [
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
    # 2: outbox, permanent refusals and 'uncertain' in the ledger, hard bounces, keyed suppression hashes
    "ALTER TABLE send_ledger RENAME TO send_ledger_1;"
    + _LEDGER.format(id_ref="INTEGER")
    + ";"
    + "INSERT INTO send_ledger (edition, subscriber_id, status, sent_at, message_id) "
    "SELECT edition, subscriber_id, status, sent_at, message_id FROM send_ledger_1;"
    + "DROP TABLE send_ledger_1;"
    + "ALTER TABLE subscribers ADD COLUMN hard_bounces INTEGER NOT NULL DEFAULT 0;"
    + "ALTER TABLE suppressions ADD COLUMN reason TEXT NOT NULL DEFAULT 'unsubscribed';"
    + _OUTBOX.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT", id_ref="INTEGER", real="REAL"),
]

POSTGRES_MIGRATIONS: list[str] = [
    # 1: the whole schema of SQLite version 2
    """
    CREATE TABLE subscribers (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused
        email TEXT NOT NULL UNIQUE,
        lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        created TEXT NOT NULL,
        confirmed_at TEXT,
        last_confirmation_sent TEXT,
        hard_bounces INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE suppressions (
        email_hash TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT 'unsubscribed'
    );
    CREATE TABLE rate_events (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX rate_events_lookup ON rate_events (bucket, key, at);
    """
    + _LEDGER.format(id_ref="BIGINT")
    + ";"
    + _OUTBOX.format(serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", id_ref="BIGINT", real="DOUBLE PRECISION"),
]

# the two advisory-lock classes on PostgreSQL (pg_advisory_xact_lock(class, hashtext(key)))
_LOCK_RATE_CLIENT, _LOCK_RATE_ADDRESS, _LOCK_MIGRATE, _LOCK_NOTIFY = 1, 2, 3, 4
_SUPPRESSION_KEY_NAME = "suppression_key"


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")


def timestamp(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


class StoreError(RuntimeError):
    """The database can not be used as configured; the message says what to do."""


class NotifyBusy(StoreError):
    """Another notify run holds the lock of this database."""


def database_url(target: str | os.PathLike) -> str:
    """``sqlite:///relative/path``, ``sqlite:////absolute/path`` or ``postgresql://...``; a plain path is SQLite."""
    text = os.fspath(target)
    scheme = text.partition("://")[0].lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres", "sqlite"):
        return text
    if scheme:
        raise StoreError(
            f"KETENWIJZER_DB: unknown kind of database {scheme!r} in {text!r}; use "
            "sqlite:///path/to/file.sqlite3 or postgresql://user@host/database"
        )
    return "sqlite:///" + text


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL, None for another database."""
    if not url.startswith("sqlite://"):
        return None
    rest = url[len("sqlite://") :]
    if not rest.startswith("/") or len(rest) < 2:
        raise StoreError(
            f"KETENWIJZER_DB: {url!r} names no file; use sqlite:///var/subscribers.sqlite3 "
            "(relative) or sqlite:////srv/ketenwijzer/subscribers.sqlite3 (absolute)"
        )
    return Path(rest[1:])


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    lang: str
    status: str
    created: str
    confirmed_at: str | None
    last_confirmation_sent: str | None
    hard_bounces: int = 0


@dataclass(frozen=True)
class SignUpRequest:
    """One posted sign-up. ``email`` is None when nothing is to be stored (honeypot, invalid address)."""

    email: str | None
    lang: str
    now: float
    client_key: str | None = None  # keyed hash of the client address, for the per-client limit
    address_key: str | None = None  # keyed hash of the address, for the per-address limit
    send_mail: bool = True  # queue the confirmation mail


@dataclass(frozen=True)
class SignUpPolicy:
    per_client: int | None = None
    per_address: int | None = None
    window: float = 3600.0
    resend_interval: float = 3600.0
    pending_ttl: float | None = None


@dataclass(frozen=True)
class SignUp:
    """What a sign-up did. Outcomes: 'limited' (refused, too many), 'ignored' (nothing stored),
    'new', 'resend' (both queue a confirmation mail), 'recently-sent', 'confirmed'."""

    subscriber: Subscriber | None
    outcome: str

    @property
    def send_confirmation(self) -> bool:
        return self.outcome in ("new", "resend")


@dataclass(frozen=True)
class QueuedMail:
    id: int
    kind: str
    attempts: int  # including the one now being made
    subscriber: Subscriber | None  # None: the subscriber is gone


@dataclass(frozen=True)
class SuppressionKeys:
    """Keys for the suppression hash. New records use ``current``; lookups also try the older ones.

    ``current`` comes from KETENWIJZER_SUPPRESSION_KEY; without it a random key made
    once and kept in the database is used. Either way it is not the token secret, so
    rotating that secret never forgets a suppression. Records from before keyed hashes
    (plain SHA-256) are still recognised.
    """

    current: str
    older: tuple[str, ...] = ()

    def hash(self, email: str) -> str:
        return suppression_hash(self.current, email)

    def candidates(self, email: str) -> list[str]:
        return [self.hash(email), *(suppression_hash(key, email) for key in self.older), email_sha256(email)]


def suppression_hash(key: str, email: str) -> str:
    return "hmac:" + hmac.new(key.encode("utf-8"), email.encode("ascii"), hashlib.sha256).hexdigest()


# -- the two kinds of database ------------------------------------------------------------------


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...


class _SQLite:
    """One connection per thread, kept open until close(): closing the last connection of a WAL
    database checkpoints it and removes the -wal file, which would cost an fsync on every call."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._writer = threading.Lock()
        self._closed = False

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            if self._closed:
                raise StoreError(f"{self.path}: the store was closed")
            db = self.connect()
            self._local.db = db
            with self._guard:
                self._all.append(db)
        return db

    def connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA secure_delete = ON")  # erased rows are overwritten, not just unlinked
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable except a power cut's last commits
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction. Writers of this process queue on a lock first: SQLite's busy handler
        makes waiting writers sleep and poll, which under load wastes most of the time; across
        processes the busy timeout still applies."""
        db = self._connection()
        with self._writer:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:  # (some errors end the transaction themselves)
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for every statement inside."""
        db = self._connection()
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    def migrate(self) -> int:
        db = self.connect()
        try:
            if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise StoreError(f"{self.path}: SQLite could not switch to WAL journaling (is it on a network share?)")
            if db.execute("PRAGMA secure_delete").fetchone()[0] != 1:
                raise StoreError("this SQLite can not turn on secure_delete: erased data would stay in the file")
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                _check_version(str(self.path), version, SQLITE_MIGRATIONS)
                for number, script in enumerate(SQLITE_MIGRATIONS[version:], start=version + 1):
                    for statement in _statements(script):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return len(SQLITE_MIGRATIONS)
        finally:
            db.close()

    def version(self) -> int:
        with self.read() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    def lock_rate(self, db, kind: int, key: str) -> None:
        pass  # BEGIN IMMEDIATE already serialises every writer

    def close(self) -> None:
        with self._guard:
            self._closed = True
            connections, self._all = self._all, []
        for db in connections:
            db.close()

    @contextmanager
    def notify_lock(self) -> Iterator[None]:
        """An exclusive lock tied to the database file itself (its device and inode), not to the path
        used to reach it: a symlink, a symlinked folder or another mount of the same file meets the
        same lock. (Never reach a SQLite database through a hard link: its -wal file goes by the path.)

        (Not a lock on the database file: SQLite holds POSIX locks on it, and closing any other
        descriptor of that file would silently drop them.)"""
        real = self.path.resolve()
        info = os.stat(real)
        lock_path = Path(tempfile.gettempdir()) / f"ketenwijzer-notify-{info.st_dev}-{info.st_ino}.lock"
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise NotifyBusy("another notify run is busy with this database; wait for it to finish") from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            os.close(handle)


class _Postgres:
    dialect = "postgresql"

    def __init__(self, url: str, pool_size: int):
        try:
            import psycopg
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise StoreError("KETENWIJZER_DB is a PostgreSQL URL but psycopg is not installed") from exc
        self.psycopg = psycopg
        self.url = url
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            timeout=30,
            kwargs={"row_factory": dict_row, "autocommit": False},
            name="ketenwijzer-subscriptions",
        )
        try:
            self.pool.open(wait=True, timeout=15)
        except Exception as exc:
            self.pool.close()
            raise StoreError(f"KETENWIJZER_DB: can not connect to {safe_url(url)}: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator["_PgConnection"]:
        with self.pool.connection() as conn:  # commits at the end, rolls back on an exception
            yield _PgConnection(conn)

    read = transaction

    def migrate(self) -> int:
        with self.transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(?, 0)", (_LOCK_MIGRATE,))
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version (version) VALUES (0)")
                version = 0
            else:
                version = row["version"]
            _check_version(safe_url(self.url), version, POSTGRES_MIGRATIONS)
            for number, script in enumerate(POSTGRES_MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (number,))
        return len(POSTGRES_MIGRATIONS)

    def version(self) -> int:
        with self.read() as db:
            return db.execute("SELECT version FROM schema_version").fetchone()["version"]

    def lock_rate(self, db, kind: int, key: str) -> None:
        db.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (kind, key))

    @contextmanager
    def notify_lock(self) -> Iterator[None]:
        """A session advisory lock, held on one connection for the whole run (gone with the connection)."""
        with self.pool.connection() as conn:
            conn.autocommit = True
            try:
                got = _present(conn.execute("SELECT pg_try_advisory_lock(%s, 0) AS got", (_LOCK_NOTIFY,)).fetchone())["got"]
                if not got:
                    raise NotifyBusy("another notify run is busy with this database; wait for it to finish")
                try:
                    yield
                finally:
                    conn.execute("SELECT pg_advisory_unlock(%s, 0)", (_LOCK_NOTIFY,))
            finally:
                conn.autocommit = False

    def close(self) -> None:
        self.pool.close()


class _PgConnection:
    """A psycopg connection that takes the store's ``?`` placeholders."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()):
        return self.conn.execute(_pg_sql(sql), params)


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _statements(script: str) -> list[str]:
    return [statement for statement in script.split(";") if statement.strip()]


def _check_version(where: str, version: int, migrations: list[str]) -> None:
    if version > len(migrations):
        raise StoreError(
            f"{where} has schema version {version}, newer than this program knows ({len(migrations)}); update ketenwijzer"
        )


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def _row(row: Any) -> dict[str, Any] | None:
    return None if row is None else dict(row)


def _present(row: Any) -> dict[str, Any]:
    """A row of a query that always returns one (COUNT, RETURNING of a row just written, ...)."""
    if row is None:
        raise StoreError("the database returned no row where one must be: is another program changing its tables?")
    return dict(row)


# -- the store ------------------------------------------------------------------------------------


class Store:
    def __init__(self, target: str | os.PathLike, *, suppression_key: str | None = None, pool_size: int = 10):
        self.url = database_url(target)
        path = sqlite_path(self.url)
        self.path = path
        self._db = _SQLite(path) if path is not None else _Postgres(self.url, pool_size)
        try:
            self._db.migrate()
            self.keys = self._suppression_keys(suppression_key)
        except BaseException:
            self._db.close()
            raise

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _suppression_keys(self, configured: str | None) -> SuppressionKeys:
        """The configured key first; the database's own key (made once) is always tried as well."""
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (_SUPPRESSION_KEY_NAME, secrets.token_hex(32)),
            )
            own = self._first(db, "SELECT value FROM meta WHERE name = ?", (_SUPPRESSION_KEY_NAME,))["value"]
        if configured and configured != own:
            return SuppressionKeys(configured, (own,))
        return SuppressionKeys(own)

    @property
    def schema_version(self) -> int:
        return self._db.version()

    def ping(self) -> bool:
        with self._db.read() as db:
            return _present(db.execute("SELECT 1 AS one").fetchone())["one"] == 1

    @staticmethod
    def _subscriber(row) -> Subscriber | None:
        return None if row is None else Subscriber(**dict(row))

    def _one(self, db: Connection, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        return _row(db.execute(sql, params).fetchone())

    def _first(self, db: Connection, sql: str, params: Sequence[Any] = ()) -> dict[str, Any]:
        """The row of a query that always returns one."""
        return _present(db.execute(sql, params).fetchone())

    def _by_id(self, db, subscriber_id: int) -> Subscriber | None:
        return self._subscriber(db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone())

    # -- subscribing ----------------------------------------------------------

    def sign_up(self, request: SignUpRequest, policy: SignUpPolicy = SignUpPolicy()) -> SignUp:
        """Everything a sign-up does, in one write transaction: forget stale records, count the attempt
        against both limits, record the (normalised) address and queue its confirmation mail.
        Confirmed subscribers are left exactly as they are."""
        now = request.now
        with self._db.transaction() as db:
            if policy.pending_ttl is not None:
                db.execute("DELETE FROM subscribers WHERE status = 'pending' AND created < ?", (iso(now - policy.pending_ttl),))
                db.execute("DELETE FROM rate_events WHERE at < ?", (now - policy.window,))
            if not self._allow(db, "signup-ip", _LOCK_RATE_CLIENT, request.client_key, policy.per_client, policy.window, now):
                return SignUp(None, "limited")
            if request.email is None:
                return SignUp(None, "ignored")
            if not self._allow(
                db, "signup-address", _LOCK_RATE_ADDRESS, request.address_key, policy.per_address, policy.window, now
            ):
                return SignUp(None, "limited")
            row = self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (request.email,)).fetchone())
            if row is None:
                inserted = db.execute(
                    "INSERT INTO subscribers (email, lang, status, created, last_confirmation_sent) "
                    "VALUES (?, ?, 'pending', ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
                    (request.email, request.lang, iso(now), iso(now) if request.send_mail else None),
                ).fetchone()
                if inserted is None:  # a sign-up of the same address won the race (PostgreSQL)
                    return SignUp(None, "recently-sent")
                subscriber_id = _present(inserted)["id"]
                outcome = "new"
            elif row.status == "confirmed":
                return SignUp(row, "confirmed")
            else:
                subscriber_id = row.id
                last = row.last_confirmation_sent
                if last is not None and now - timestamp(last) < policy.resend_interval:
                    outcome = "recently-sent"
                    db.execute("UPDATE subscribers SET lang = ? WHERE id = ?", (request.lang, row.id))
                else:
                    outcome = "resend"
                    db.execute(
                        "UPDATE subscribers SET lang = ?, last_confirmation_sent = ? WHERE id = ?",
                        (request.lang, iso(now), row.id),
                    )
            if outcome in ("new", "resend") and request.send_mail:
                db.execute(
                    "INSERT INTO mail_outbox (kind, subscriber_id, next_attempt) VALUES ('confirm', ?, ?) "
                    "ON CONFLICT (kind, subscriber_id) DO UPDATE SET next_attempt = excluded.next_attempt, "
                    "attempts = 0, lease_until = NULL, last_error = NULL",
                    (subscriber_id, now),
                )
            return SignUp(self._by_id(db, subscriber_id), outcome)

    def _allow(self, db, bucket: str, lock: int, key: str | None, limit: int | None, window: float, now: float) -> bool:
        """Count an attempt for (bucket, key) unless ``limit`` attempts fell within the last ``window`` seconds."""
        if key is None or limit is None:
            return True
        self._db.lock_rate(db, lock, key)
        count = self._first(
            db, "SELECT COUNT(*) AS n FROM rate_events WHERE bucket = ? AND key = ? AND at > ?", (bucket, key, now - window)
        )["n"]
        if count >= limit:
            return False
        db.execute("INSERT INTO rate_events (bucket, key, at) VALUES (?, ?, ?)", (bucket, key, now))
        return True

    def get(self, subscriber_id: int) -> Subscriber | None:
        with self._db.read() as db:
            return self._by_id(db, subscriber_id)

    def find(self, email: str) -> Subscriber | None:
        with self._db.read() as db:
            return self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone())

    def confirm(self, subscriber_id: int, *, now: float) -> Subscriber | None:
        """Confirm a subscription (again is harmless) and lift any earlier suppression of the address."""
        with self._db.transaction() as db:
            row = self._by_id(db, subscriber_id)
            if row is None:
                return None
            if row.status != "confirmed":
                db.execute(
                    "UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?", (iso(now), subscriber_id)
                )
            self._lift_suppression(db, row.email)
            db.execute("DELETE FROM mail_outbox WHERE subscriber_id = ?", (subscriber_id,))
            return self._by_id(db, subscriber_id)

    def _lift_suppression(self, db, email: str) -> int:
        hashes = self.keys.candidates(email)
        marks = ", ".join("?" for _ in hashes)
        return db.execute(f"DELETE FROM suppressions WHERE email_hash IN ({marks})", hashes).rowcount

    def set_lang(self, subscriber_id: int, lang: str) -> Subscriber | None:
        with self._db.transaction() as db:
            db.execute("UPDATE subscribers SET lang = ? WHERE id = ?", (lang, subscriber_id))
            return self._by_id(db, subscriber_id)

    def unsubscribe(self, subscriber_id: int, *, now: float, reason: str = "unsubscribed") -> Subscriber | None:
        """Delete the subscriber (its ledger rows and queued mail go with it); keep only the keyed hash."""
        with self._db.transaction() as db:
            row = self._by_id(db, subscriber_id)
            if row is None:
                return None
            self._suppress(db, row.email, now, reason)
            db.execute("DELETE FROM subscribers WHERE id = ?", (subscriber_id,))
            return row

    def _suppress(self, db, email: str, now: float, reason: str) -> None:
        db.execute(
            "INSERT INTO suppressions (email_hash, created, reason) VALUES (?, ?, ?) ON CONFLICT (email_hash) DO NOTHING",
            (self.keys.hash(email), iso(now), reason),
        )

    def is_suppressed(self, email: str) -> bool:
        return self._suppression(email) is not None

    def _suppression(self, email: str) -> dict | None:
        hashes = self.keys.candidates(email)
        marks = ", ".join("?" for _ in hashes)
        with self._db.read() as db:
            return self._one(db, f"SELECT email_hash, created, reason FROM suppressions WHERE email_hash IN ({marks})", hashes)

    # -- rate limits ----------------------------------------------------------

    @staticmethod
    def rate_key(secret: str, value: str) -> str:
        return hmac.new(secret.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    # -- the outbox of confirmation mails ---------------------------------------

    def next_mail(self, *, now: float, lease: float) -> QueuedMail | None:
        """Take the oldest due mail for ``lease`` seconds (another worker skips it meanwhile)."""
        skip_locked = " FOR UPDATE SKIP LOCKED" if self.dialect == "postgresql" else ""
        with self._db.transaction() as db:
            row = self._one(
                db,
                "SELECT id FROM mail_outbox WHERE next_attempt <= ? "
                "AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt, id LIMIT 1" + skip_locked,
                (now, now),
            )
            if row is None:
                return None
            taken = self._first(
                db,
                "UPDATE mail_outbox SET lease_until = ?, attempts = attempts + 1 WHERE id = ? "
                "RETURNING id, kind, attempts, subscriber_id",
                (now + lease, row["id"]),
            )
            return QueuedMail(taken["id"], taken["kind"], taken["attempts"], self._by_id(db, taken["subscriber_id"]))

    def mail_done(self, mail_id: int) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM mail_outbox WHERE id = ?", (mail_id,))

    def mail_failed(self, mail: QueuedMail, error: str, *, retry_at: float | None) -> None:
        """Try again at ``retry_at``; None gives up (the next sign-up of the address may then try at once)."""
        with self._db.transaction() as db:
            if retry_at is None:
                db.execute("DELETE FROM mail_outbox WHERE id = ?", (mail.id,))
                if mail.subscriber is not None:
                    db.execute(
                        "UPDATE subscribers SET last_confirmation_sent = NULL WHERE id = ? AND status = 'pending'",
                        (mail.subscriber.id,),
                    )
            else:
                db.execute(
                    "UPDATE mail_outbox SET next_attempt = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                    (retry_at, error[:500], mail.id),
                )

    def outbox(self) -> list[dict]:
        """The waiting mails (for tests and the health of the queue)."""
        with self._db.read() as db:
            return [
                dict(r)
                for r in db.execute(
                    "SELECT id, kind, subscriber_id, attempts, next_attempt, last_error FROM mail_outbox ORDER BY id"
                )
            ]

    # -- the send ledger ------------------------------------------------------

    def recipients(self) -> list[Subscriber]:
        """Confirmed subscribers whose address is not suppressed, in sign-up order."""
        with self._db.read() as db:
            rows = db.execute("SELECT * FROM subscribers WHERE status = 'confirmed' ORDER BY id").fetchall()
            suppressed = {_present(r)["email_hash"] for r in db.execute("SELECT email_hash FROM suppressions")}
        found = []
        for subscriber in (Subscriber(**dict(row)) for row in rows):
            if not suppressed.intersection(self.keys.candidates(subscriber.email)):
                found.append(subscriber)
        return found

    def ledger(self, edition: int) -> dict[int, str]:
        """subscriber id → status for one edition."""
        with self._db.read() as db:
            return {
                r["subscriber_id"]: r["status"]
                for r in map(_present, db.execute("SELECT subscriber_id, status FROM send_ledger WHERE edition = ?", (edition,)))
            }

    def abandon_sending(self, edition: int) -> int:
        """Rows a crashed run left 'sending' become 'uncertain' (call it holding the notify lock)."""
        with self._db.transaction() as db:
            return db.execute(
                "UPDATE send_ledger SET status = 'uncertain', reason = ? WHERE edition = ? AND status = 'sending'",
                ("an earlier run stopped while sending", edition),
            ).rowcount

    def claim(self, edition: int, subscriber_id: int, message_id: str) -> str:
        """Mark (edition, subscriber) 'sending' before the SMTP transaction.

        Returns 'claimed'; 'done' when the row is 'sent' or 'refused' already; 'gone' when the
        subscriber unsubscribed or was deleted meanwhile."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "INSERT INTO send_ledger (edition, subscriber_id, status, message_id, attempts) "
                "SELECT ?, id, 'sending', ?, 1 FROM subscribers WHERE id = ? AND status = 'confirmed' "
                "ON CONFLICT (edition, subscriber_id) DO UPDATE SET status = 'sending', "
                "attempts = send_ledger.attempts + 1 WHERE send_ledger.status NOT IN ('sent', 'refused')",
                (edition, message_id, subscriber_id),
            )
            if cursor.rowcount == 1:
                return "claimed"
            if self._by_id(db, subscriber_id) is None:
                return "gone"
            return "done"

    def mark(self, edition: int, subscriber_id: int, status: str, *, now: float, reason: str | None = None) -> None:
        if status not in LEDGER_STATUSES:
            raise ValueError(f"unknown ledger status {status!r}")
        with self._db.transaction() as db:
            db.execute(
                "UPDATE send_ledger SET status = ?, sent_at = ?, reason = ? WHERE edition = ? AND subscriber_id = ?",
                (status, iso(now) if status == "sent" else None, reason, edition, subscriber_id),
            )

    def hard_bounce(self, subscriber_id: int, *, limit: int, now: float) -> bool:
        """Count a permanent refusal of the address; at ``limit`` it is suppressed. True when it was."""
        with self._db.transaction() as db:
            row = self._one(
                db,
                "UPDATE subscribers SET hard_bounces = hard_bounces + 1 WHERE id = ? RETURNING email, hard_bounces",
                (subscriber_id,),
            )
            if row is None or not limit or row["hard_bounces"] < limit:
                return False
            self._suppress(db, row["email"], now, "bounced")
            db.execute("DELETE FROM subscribers WHERE id = ?", (subscriber_id,))
            return True

    def first_time_report(self, key: str, *, now: float) -> bool:
        """Remember a bounce report; False when it was read before."""
        with self._db.transaction() as db:
            return (
                db.execute(
                    "INSERT INTO bounce_reports (report_hash, read_at) VALUES (?, ?) ON CONFLICT (report_hash) DO NOTHING",
                    (key, iso(now)),
                ).rowcount
                == 1
            )

    # -- the notify lock --------------------------------------------------------

    @contextmanager
    def notify_lock(self) -> Iterator[None]:
        """Only one notify run per database; NotifyBusy when another holds it (released even on a crash)."""
        with self._db.notify_lock():
            yield

    # -- the reader's rights (AVG/GDPR) ---------------------------------------

    def export(self, email: str) -> dict | None:
        """Everything stored about a normalised address, or None when nothing is."""
        with self._db.read() as db:
            subscriber = self._subscriber(db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone())
            sends = (
                []
                if subscriber is None
                else [
                    dict(r)
                    for r in db.execute(
                        "SELECT edition, status, sent_at, message_id, reason FROM send_ledger WHERE subscriber_id = ? "
                        "ORDER BY edition",
                        (subscriber.id,),
                    )
                ]
            )
            queued = (
                0
                if subscriber is None
                else self._first(db, "SELECT COUNT(*) AS n FROM mail_outbox WHERE subscriber_id = ?", (subscriber.id,))["n"]
            )
        suppression = self._suppression(email)
        if subscriber is None and suppression is None:
            return None
        return {
            "email": email,
            "subscriber": None
            if subscriber is None
            else {
                key: getattr(subscriber, key)
                for key in ("id", "lang", "status", "created", "confirmed_at", "last_confirmation_sent", "hard_bounces")
            },
            "editions": sends,
            "mails_waiting": queued,
            "suppression": None
            if suppression is None
            else {
                "email_hash": suppression["email_hash"],
                "created": suppression["created"],
                "reason": suppression["reason"],
                "note": "a keyed hash of the address, kept so that it is never mailed without a new sign-up",
            },
        }

    def delete(self, email: str) -> bool:
        """Erase a normalised address: subscriber, ledger rows, queued mail and suppression record."""
        with self._db.transaction() as db:
            gone = db.execute("DELETE FROM subscribers WHERE email = ?", (email,)).rowcount
            gone += self._lift_suppression(db, email)
            return gone > 0

    def forget_rate_records(self, key: str) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM rate_events WHERE key = ?", (key,))
