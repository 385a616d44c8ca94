"""Real parts for the subscription tests: an SMTP server (aiosmtpd), the service under uvicorn, and
the database, once SQLite and once a throwaway PostgreSQL server (every test using ``live`` or
``database`` runs on both).

Import the fixtures into a test module with ``from subscriptions_fixtures import *``.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from ketenwijzer.subscriptions.announcement import Announcement, LocalAnnouncement
from ketenwijzer.subscriptions.cli import make_notify_command, subscriptions
from ketenwijzer.subscriptions.service import create_app
from ketenwijzer.subscriptions.settings import Settings
from ketenwijzer.subscriptions.store import SignUpRequest, Store
from ketenwijzer.subscriptions.validation import normalise_email
from pg_cluster import PostgresCluster, find_binaries

REPO = Path(__file__).resolve().parents[1]
SECRET = "test-secret-not-for-production-0123456789"
SITE = "https://vreemdelingenvisie.example/"

__all__ = [
    "SECRET",
    "SITE",
    "Clock",
    "Mailbox",
    "Received",
    "Live",
    "smtp",
    "live",
    "edition",
    "free_port",
    "serve_app",
    "text_part",
    "html_part",
    "confirm_link",
    "sign_up",
    "confirmed",
    "unused_port",
    "postgres",
    "database",
    "smtp_server",
    "wait_until",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unused_port() -> int:
    """A port nobody listens on (for 'the SMTP server is down')."""
    return free_port()


class Clock:
    """The service's clock, moved by hand (starts at the real time so CLI-made tokens stay valid)."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage
    login: object = None  # what the authenticator returned as auth_data when the client logged in


class Mailbox:
    """aiosmtpd handler collecting every message, with faults to inject:

    * ``drop_after = k``: once k messages were taken, break the connection after the
      whole message arrived, before answering (the message is not kept);
    * ``faults[address]``: "refuse" (550 at RCPT), "greylist" (451 at RCPT), "drop-rcpt"
      (break the connection at RCPT: nothing handed over), "drop-data" (break it after the
      message arrived, before answering), "hang-data" (answer nothing after the message
      until ``release()``);
    * ``hang_greeting``: hang every new connection before anything is answered.
    """

    def __init__(self):
        self.received: list[Received] = []
        self.drop_after: int | None = None
        self.dropped = 0
        self.faults: dict[str, str] = {}
        self.refused: list[str] = []
        self.hanging = threading.Event()  # set while a handler hangs
        self._release: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed = threading.Condition()

    async def _hang(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self._release is None:
            self._release = asyncio.Event()
        self.hanging.set()
        await self._release.wait()

    def release(self) -> None:
        """End every hang (now and later)."""
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = self.faults.get(address)
        if fault == "refuse":
            self.refused.append(address)
            return "550 5.1.1 user unknown"
        if fault == "greylist":
            self.refused.append(address)
            return "451 4.7.1 greylisted, try again later"
        if fault == "drop-rcpt":
            self.dropped += 1
            server.transport.abort()
            return "421 4.3.0 gone"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        fault = next((self.faults.get(r) for r in envelope.rcpt_tos if r in self.faults), None)
        if fault == "hang-data":
            await self._hang()
        if fault == "drop-data" or (self.drop_after is not None and len(self.received) >= self.drop_after):
            self.dropped += 1
            server.transport.abort()
            return "421 4.3.0 gone"
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        with self._changed:
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content,
                    message,
                    session.auth_data if session.authenticated else None,
                )
            )
            self._changed.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} message(s), got {len(self.received)}")
                self._changed.wait(left)
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


@contextmanager
def smtp_server(mailbox: Mailbox, port: int | None = None, **options) -> Iterator[int]:
    """A real aiosmtpd server on loopback for ``mailbox``; yields the port."""
    port = port or free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ready_timeout=5, **options)
    controller.start()
    try:
        yield port
    finally:
        mailbox.release()
        controller.stop()


def wait_until(condition, timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        yield mailbox, port


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL server for the whole test session."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl, postgres) not found: `make postgresql` installs them")
    with PostgresCluster(binaries) as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[str]:
    """A database URL: a fresh SQLite file, or a fresh schema on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/var/subscribers.sqlite3"
        return
    cluster = request.getfixturevalue("postgres")
    url = cluster.new_database()
    try:
        yield url
    finally:
        cluster.drop_database(url)


@contextmanager
def serve_app(settings: Settings, sock: socket.socket) -> Iterator[None]:
    """The service under real uvicorn in a thread, on an already bound socket."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on", proxy_headers=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(5)


@dataclass
class Live:
    """The running service and everything around it."""

    url: str
    settings: Settings
    store: Store
    clock: Clock
    client: httpx.Client
    mailbox: Mailbox
    smtp_port: int
    root: Path
    runner: CliRunner = field(default_factory=CliRunner)

    def env(self, **changes: str | None) -> dict[str, str | None]:
        values = {
            "KETENWIJZER_DB": self.settings.db,
            "KETENWIJZER_SECRET": SECRET,
            "KETENWIJZER_PUBLIC_URL": self.url,
            "KETENWIJZER_SMTP_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "KETENWIJZER_FROM": None,
            "KETENWIJZER_SITE_URL": SITE,
            "KETENWIJZER_OUTBOX": str(self.settings.outbox),
            "KETENWIJZER_RATE": "0",
            "KETENWIJZER_MAIL_TEMPLATES": None,
            # what a test changed in the service's settings holds for the commands too
            "KETENWIJZER_SMTP_TIMEOUT": str(self.settings.smtp_timeout),
            "KETENWIJZER_HARD_BOUNCES": str(self.settings.hard_bounce_limit),
            "KETENWIJZER_BOUNCE_ADDRESS": self.settings.bounce_address,
            "KETENWIJZER_SECRET_PREVIOUS": ",".join(self.settings.secret_previous) or None,
            "KETENWIJZER_SUPPRESSION_KEY": self.settings.suppression_key,
        }
        if self.settings.secret != SECRET:
            values["KETENWIJZER_SECRET"] = self.settings.secret
        values.update(changes)
        return values

    def cli(self, *args: str, **env: str | None):
        return self.runner.invoke(subscriptions, [*args, "--root", str(self.root)], env=self.env(**env))

    def notify(self, editions: dict[int, Announcement], *args: str, **env: str | None):
        def load(root: Path, number: int) -> Announcement:
            if number not in editions:
                raise LookupError(f"no edition {number} in {root}")
            return editions[number]

        return self.runner.invoke(make_notify_command(load), [*args, "--root", str(self.root)], env=self.env(**env))


@pytest.fixture
def live(tmp_path, smtp, database, request) -> Iterator[Live]:
    """The service with an SMTP server; ``@pytest.mark.parametrize('live', [{...}], indirect=True)`` changes settings."""
    mailbox, smtp_port = smtp
    clock = Clock()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(
        db=database,
        secret=SECRET,
        public_url=url,
        smtp_url=f"smtp://127.0.0.1:{smtp_port}",
        site_url=SITE,
        outbox=tmp_path / "outbox",
        rate=0,
        clock=clock,
        outbox_poll=0.05,
        smtp_timeout=5,
    )
    settings = replace(settings, **getattr(request, "param", {}))
    try:
        with (
            serve_app(settings, sock),
            httpx.Client(base_url=url, timeout=10) as client,
            Store(settings.db, suppression_key=settings.suppression_key) as store,
        ):
            yield Live(url, settings, store, clock, client, mailbox, smtp_port, tmp_path)
    finally:
        sock.close()


def edition(number: int = 7, status: str = "published", langs: tuple[str, ...] = ("nl", "en")) -> Announcement:
    texts = {
        "nl": LocalAnnouncement(
            title="Één jaar spreidingswet: wat is er veranderd?",
            introduction="In dit nummer: de eerste ervaringen van gemeenten.\n\nEn een gesprek met een coördinator.",
            url=f"vreemdelingenvisie/{number}/",
            articles=[
                ("Gemeenten over de spreidingswet", f"vreemdelingenvisie/{number}/spreiding/"),
                ("Café-gesprek met een coördinator", "https://elders.example/interview"),
            ],
        ),
        "en": LocalAnnouncement(
            title="One year of the dispersal act: what changed?",
            introduction="In this edition: the first experiences of municipalities.",
            url=f"en/vreemdelingenvisie/{number}/",
            articles=[("Municipalities on the dispersal act", f"en/vreemdelingenvisie/{number}/spreiding/")],
        ),
    }
    return Announcement(number=number, status=status, languages={lang: texts[lang] for lang in langs})


def text_part(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def confirm_link(message: EmailMessage) -> str:
    match = re.search(r"(http://\S+/confirm\?token=\S+)", text_part(message))
    assert match, text_part(message)
    return match[1]


def sign_up(live: Live, email: str, lang: str = "nl", **fields: str) -> httpx.Response:
    return live.client.post("/subscribe", data={"email": email, "lang": lang, "website": "", **fields})


def confirmed(live: Live, email: str, lang: str = "nl") -> int:
    """A confirmed subscriber, made straight in the store (for tests about sending)."""
    signup = live.store.sign_up(SignUpRequest(normalise_email(email), lang, now=live.clock(), send_mail=False))
    live.store.confirm(signup.subscriber.id, now=live.clock())
    return signup.subscriber.id
