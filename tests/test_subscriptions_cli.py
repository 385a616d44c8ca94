"""Commands (serve, export, delete), the outbox, SMTP login, and the small parts: tokens, validation, schema."""

from __future__ import annotations

import json
import re
import os
import sqlite3
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from ketenwijzer.subscriptions import tokens
from ketenwijzer.subscriptions.cli import make_notify_command, subscriptions
from ketenwijzer.subscriptions.settings import Settings, SettingsError, site_url_from_mkdocs
from ketenwijzer.subscriptions.store import SQLITE_MIGRATIONS as MIGRATIONS
from ketenwijzer.subscriptions.store import SignUpRequest, Store
from ketenwijzer.subscriptions.validation import InvalidInput, normalise_email
from subscriptions_fixtures import (  # noqa: F401
    REPO,
    SECRET,
    Mailbox,
    confirm_link,
    confirmed,
    database,
    edition,
    free_port,
    live,
    postgres,
    sign_up,
    smtp,
)


def test_serve_refuses_to_start_without_secret(live):
    result = live.cli("serve", "--port", str(free_port()), KETENWIJZER_SECRET=None)
    assert result.exit_code == 1
    assert "refusing to start: KETENWIJZER_SECRET is not set" in result.output and "--dev" in result.output
    short = live.cli("serve", KETENWIJZER_SECRET="short")
    assert short.exit_code == 1 and "KETENWIJZER_SECRET is too short" in short.output


def test_serve_dev_starts_with_a_random_secret(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
    env.update(KETENWIJZER_DB=str(tmp_path / "db.sqlite3"), KETENWIJZER_OUTBOX=str(tmp_path / "outbox"))
    command = [
        sys.executable,
        "-c",
        "from ketenwijzer.subscriptions.cli import subscriptions; subscriptions()",
        "serve",
        "--dev",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--root",
        str(tmp_path),
    ]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.TransportError:
                    assert proc.poll() is None and time.monotonic() < deadline, "serve --dev did not start"
                    time.sleep(0.05)
            assert health.text == "ok"
            page = httpx.post(f"http://127.0.0.1:{port}/subscribe", data={"email": "dev@example.org"})
            assert page.status_code == 200
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=10)
    assert "development mode: using a random secret" in stderr
    deadline = time.monotonic() + 5
    while not list((tmp_path / "outbox").glob("*.eml")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list((tmp_path / "outbox").glob("*.eml"))


@pytest.mark.parametrize("live", [{"smtp_url": None}], indirect=True)
def test_without_smtp_url_the_confirmation_lands_in_the_outbox(live):
    assert sign_up(live, "lezer@example.org").status_code == 200
    deadline = time.monotonic() + 5
    while not (files := list(live.settings.outbox.glob("*.eml"))):
        assert time.monotonic() < deadline, "no .eml in the outbox"
        time.sleep(0.02)
    message = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert message["To"] == "lezer@example.org"
    link = confirm_link(message)
    assert httpx.get(link).status_code == 200
    assert live.mailbox.received == []


def test_export_and_delete(live):
    subscriber = confirmed(live, "Lezer@Example.org", "en")
    assert live.notify({1: edition(1)}, "1").exit_code == 0
    exported = live.cli("export", "LEZER@example.org")
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert data["email"] == "lezer@example.org"
    assert data["subscriber"]["id"] == subscriber and data["subscriber"]["status"] == "confirmed"
    assert data["subscriber"]["lang"] == "en" and data["subscriber"]["confirmed_at"]
    assert [(e["edition"], e["status"]) for e in data["editions"]] == [(1, "sent")]
    assert data["suppression"] is None

    deleted = live.cli("delete", "lezer@example.org")
    assert deleted.exit_code == 0 and "deleted everything stored about lezer@example.org" in deleted.output
    assert live.store.find("lezer@example.org") is None and live.store.ledger(1) == {}
    again = live.cli("export", "lezer@example.org")
    assert again.exit_code == 1 and "nothing stored about lezer@example.org" in again.output
    assert live.cli("delete", "lezer@example.org").exit_code == 1
    bad = live.cli("export", "not an address")
    assert bad.exit_code == 1 and "not a valid e-mail address" in bad.output
    missing = live.cli("export", "lezer@example.org", KETENWIJZER_DB=str(live.root / "nowhere.sqlite3"))
    assert missing.exit_code == 1 and "no subscriber database" in missing.output

    # after unsubscribing only the suppression is left, and export says so
    gone = confirmed(live, "weg@example.org")
    live.store.unsubscribe(gone, now=live.clock())
    data = json.loads(live.cli("export", "weg@example.org").output)
    assert data["subscriber"] is None and data["suppression"]["reason"] == "unsubscribed"
    assert re.fullmatch(r"hmac:[0-9a-f]{64}", data["suppression"]["email_hash"])
    assert live.cli("delete", "weg@example.org").exit_code == 0
    assert not live.store.is_suppressed("weg@example.org")


def test_help_has_examples():
    runner = CliRunner()
    assert "Example:" in runner.invoke(subscriptions, ["--help"]).output
    for command in ("serve", "export", "delete", "bounces"):
        result = runner.invoke(subscriptions, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, command
    result = runner.invoke(make_notify_command(lambda root, number: None), ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_smtp_login_with_user_and_password(tmp_path, live):
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"p@ss w:rd", auth_data=auth_data.login)

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False, ready_timeout=5
    )
    controller.start()
    try:
        confirmed(live, "lezer@example.org")
        result = live.notify({1: edition(1)}, "1", KETENWIJZER_SMTP_URL=f"smtp://user%40mail:p%40ss%20w%3Ard@127.0.0.1:{port}")
        assert result.exit_code == 0, result.output
    finally:
        controller.stop()
    assert logins == [(b"user@mail", b"p@ss w:rd")]
    assert [r.login for r in mailbox.received] == [b"user@mail"]


def test_tokens():
    token = tokens.make(SECRET, "confirm", 42, now=1000, ttl=60)
    assert tokens.verify(SECRET, token, "confirm", now=1060) == 42
    with pytest.raises(tokens.TokenExpired):
        tokens.verify(SECRET, token, "confirm", now=1061)
    with pytest.raises(tokens.TokenError):
        tokens.verify(SECRET, token, "unsubscribe", now=1000)
    with pytest.raises(tokens.TokenError):
        tokens.verify(SECRET + "x", token, "confirm", now=1000)
    subject, expires, signature = token.split(".")
    with pytest.raises(tokens.TokenError):
        tokens.verify(SECRET, f"{subject}.{int(expires) + 999}.{signature}", "confirm", now=1000)  # longer life
    for broken in (None, "", "42", token + "x", token.replace(".", ":")):
        with pytest.raises(tokens.TokenError):
            tokens.verify(SECRET, broken, "confirm", now=1000)


def test_validation():
    assert normalise_email("  Lezer.Naam+nieuws@Example.ORG ") == "lezer.naam+nieuws@example.org"
    assert len(normalise_email("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".nl")) == 254
    for bad, key in [
        ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 59 + ".nl", "email.too_long"),
        ("a" * 65 + "@example.org", "email.invalid"),
        ("lezer@exämple.org", "email.invalid"),
        ("lezer@example.org\r", "email.invalid"),
        ("lezer@@example.org", "email.invalid"),
        (".lezer@example.org", "email.invalid"),
        ("lezer@-example.org", "email.invalid"),
        ("lezer@example.123", "email.invalid"),
        ("   ", "email.missing"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            normalise_email(bad)
        assert caught.value.key == key, bad


def test_schema_is_created_once_and_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    with Store(path) as store:
        store.sign_up(SignUpRequest("a@example.org", "nl", now=0))
    with Store(path) as again:  # a second store of the same file migrates nothing
        assert again.schema_version == len(MIGRATIONS) and again.find("a@example.org")
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer than this program knows"):
        Store(path)


def test_settings_from_env(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://example.org/kennis/\nextra:\n  x: !!python/name:os.getcwd\n"
    )
    assert site_url_from_mkdocs(tmp_path / "mkdocs.yml") == "https://example.org/kennis/"
    settings = Settings.from_env({"KETENWIJZER_SECRET": SECRET}, root=tmp_path)
    assert settings.site_url == "https://example.org/kennis/" and settings.site_home("en").endswith("/kennis/en/")
    assert settings.public_url == "http://127.0.0.1:8001" and settings.newsletter == "VreemdelingenVisie"
    assert settings.templates is None  # the packaged templates
    for env, message in [
        ({"KETENWIJZER_SMTP_URL": "http://x"}, "smtp://"),
        ({"KETENWIJZER_PUBLIC_URL": "ftp://x"}, "KETENWIJZER_PUBLIC_URL"),
        ({"KETENWIJZER_RATE": "fast"}, "KETENWIJZER_RATE"),
        ({"KETENWIJZER_FROM": "nobody"}, "KETENWIJZER_FROM"),
        ({"KETENWIJZER_SMTP_URL": "smtp://u:p%C3%A4ss@host"}, "ASCII"),
    ]:
        with pytest.raises(SettingsError, match=message):
            Settings.from_env(env, root=tmp_path)
