"""Privacy and secrets: erased data is gone from the file, suppression records are keyed hashes,
tokens stay out of the access log, the token secret can be rotated, and X-Forwarded-For is
believed only from trusted proxies."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from ketenwijzer.subscriptions import tokens
from ketenwijzer.subscriptions.settings import Settings, SettingsError
from ketenwijzer.subscriptions.store import SQLITE_MIGRATIONS, SignUpRequest, Store, suppression_hash
from subscriptions_fixtures import (  # noqa: F401  (fixtures)
    SECRET,
    confirm_link,
    confirmed,
    database,
    free_port,
    live,
    postgres,
    sign_up,
    smtp,
    wait_until,
)

KEY = "suppression-key-kept-apart-0123456789"
NEW_SECRET = "the-rotated-secret-0123456789abcdef"


def _subscribe(store: Store, email: str) -> int:
    signup = store.sign_up(SignUpRequest(email, "nl", now=time.time(), send_mail=False))
    store.confirm(signup.subscriber.id, now=time.time())
    return signup.subscriber.id


def test_an_unsubscribed_address_is_overwritten_in_the_sqlite_file(tmp_path):
    path = tmp_path / "subscribers.sqlite3"
    with Store(path) as store:
        for n in range(50):
            _subscribe(store, f"other{n}@example.org")
        gone = _subscribe(store, "erase-me-please@example.org")
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        assert b"erase-me-please@example.org" in path.read_bytes()
        store.unsubscribe(gone, now=time.time())
        store.delete("other7@example.org")
    # the store's connections are closed: the WAL was written back into the file and removed
    assert not (tmp_path / "subscribers.sqlite3-wal").exists()
    leftovers = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("subscribers.sqlite3"))
    assert b"erase-me-please" not in leftovers and b"other7@" not in leftovers
    assert b"other8@example.org" in leftovers


def test_suppression_records_are_keyed_hashes_that_survive_rotating_the_token_secret(database):
    with Store(database, suppression_key=KEY) as store:
        gone = _subscribe(store, "left@example.org")
        store.unsubscribe(gone, now=time.time())
        record = store.export("left@example.org")["suppression"]
        assert record["email_hash"] == suppression_hash(KEY, "left@example.org")
        assert hashlib.sha256(b"left@example.org").hexdigest() not in record["email_hash"]
        assert store.recipients() == []
    # the token secret is not part of it: a service with another secret (same key) still knows
    with Store(database, suppression_key=KEY) as again:
        assert again.is_suppressed("left@example.org") and not again.is_suppressed("other@example.org")
    # without the configured key the database's own key does not match this record ...
    with Store(database) as without:
        assert not without.is_suppressed("left@example.org")
        earlier = _subscribe(without, "earlier@example.org")
        without.unsubscribe(earlier, now=time.time())
    # ... but records made with the database's own key are still recognised once a key is configured
    with Store(database, suppression_key=KEY) as configured:
        assert configured.is_suppressed("earlier@example.org")


def test_a_database_of_schema_1_is_migrated_and_keeps_its_plain_sha256_suppressions(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(SQLITE_MIGRATIONS[0])
    db.execute(
        "INSERT INTO suppressions VALUES (?, '2025-01-01T00:00:00+00:00')", (hashlib.sha256(b"old@example.org").hexdigest(),)
    )
    db.execute(
        "INSERT INTO subscribers (email, lang, status, created) VALUES "
        "('kept@example.org', 'en', 'confirmed', '2025-01-01T00:00:00+00:00')"
    )
    db.execute("INSERT INTO send_ledger VALUES (3, 1, 'sent', '2025-02-01T00:00:00+00:00', '<m@x>')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(path, suppression_key=KEY) as store:
        assert store.schema_version == len(SQLITE_MIGRATIONS) == 2
        assert store.is_suppressed("old@example.org")
        assert store.ledger(3) == {1: "sent"} and [s.email for s in store.recipients()] == ["kept@example.org"]
        assert store.claim(3, 1, "<m@x>") == "done"


@pytest.mark.parametrize("live", [{"secret": NEW_SECRET, "secret_previous": (SECRET,)}], indirect=True)
def test_links_signed_with_the_previous_secret_keep_working(live):
    old_reader = confirmed(live, "old@example.org", "en")
    old_link = tokens.make(SECRET, "unsubscribe", old_reader, now=live.clock(), ttl=400 * 86400)
    forged = tokens.make("never-our-secret-0123456789", "unsubscribe", old_reader, now=live.clock(), ttl=3600)
    assert live.client.post("/unsubscribe", data={"token": forged, "lang": "en"}).status_code == 400
    done = live.client.post("/unsubscribe", data={"token": old_link})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert live.store.find("old@example.org") is None
    # new links are signed with the new secret
    sign_up(live, "new@example.org")
    link = confirm_link(live.mailbox.wait_for(1)[0].message)
    token = link.split("token=")[1].split("&")[0]
    assert tokens.verify(NEW_SECRET, token, "confirm", now=live.clock())
    with pytest.raises(tokens.TokenError):
        tokens.verify(SECRET, token, "confirm", now=live.clock())


def test_tokens_never_reach_the_access_log(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
    env.update(
        KETENWIJZER_DB=f"sqlite:///{tmp_path}/db.sqlite3", KETENWIJZER_SECRET=SECRET, KETENWIJZER_OUTBOX=str(tmp_path / "outbox")
    )
    command = [
        sys.executable,
        "-c",
        "from ketenwijzer.subscriptions.cli import subscriptions; subscriptions()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--root",
        str(tmp_path),
    ]
    token = tokens.make(SECRET, "unsubscribe", 1, now=time.time(), ttl=3600)
    confirm_token = tokens.make(SECRET, "confirm", 1, now=time.time(), ttl=3600)
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:

            def up() -> bool:
                try:
                    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
                except httpx.TransportError:
                    assert proc.poll() is None, "serve stopped"
                    return False

            wait_until(up, timeout=15, what="serve to start")
            assert httpx.get(f"http://127.0.0.1:{port}/unsubscribe?token={token}&lang=en").status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/confirm?lang=nl&TOKEN={confirm_token}").status_code == 400
            assert httpx.post(f"http://127.0.0.1:{port}/unsubscribe?token={token}").status_code == 200
        finally:
            proc.terminate()
            stdout, stderr = proc.communicate(timeout=10)
    log = stdout + stderr
    assert '"GET /unsubscribe?token=[removed]&lang=en HTTP/1.1" 200' in log, log
    assert '"POST /unsubscribe?token=[removed] HTTP/1.1" 200' in log
    assert token not in log and confirm_token not in log and token.split(".")[2] not in log


@pytest.mark.parametrize("live", [{"signups_per_ip": 2}], indirect=True)
def test_x_forwarded_for_is_ignored_by_default(live):
    answers = [
        live.client.post(
            "/subscribe", data={"email": f"r{n}@example.org"}, headers={"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]


@pytest.mark.parametrize("live", [{"signups_per_ip": 2, "trusted_proxies": ("127.0.0.1",)}], indirect=True)
def test_behind_a_trusted_proxy_the_forwarded_client_counts(live):
    def post(n: int, forwarded: str) -> int:
        return live.client.post(
            "/subscribe", data={"email": f"r{n}@example.org"}, headers={"X-Forwarded-For": forwarded}
        ).status_code

    assert [post(n, f"203.0.113.{n}") for n in range(4)] == [200] * 4  # four different readers
    # a reader forging the header gets the proxy's own addition counted, the rightmost untrusted address
    assert [post(10 + n, f"10.9.9.{n}, 198.51.100.7") for n in range(3)] == [200, 200, 429]


def test_settings_for_the_database_keys_and_proxies_are_checked(tmp_path):
    base = {"KETENWIJZER_SECRET": SECRET}
    assert Settings.from_env(base, root=tmp_path).db_path.as_posix() == "var/subscribers.sqlite3"
    assert Settings.from_env({**base, "KETENWIJZER_DB": "/srv/kw.sqlite3"}, root=tmp_path).db == "/srv/kw.sqlite3"
    postgres_settings = Settings.from_env({**base, "KETENWIJZER_DB": "postgresql://kw@db/kw"}, root=tmp_path)
    assert postgres_settings.db_path is None
    previous = Settings.from_env({**base, "KETENWIJZER_SECRET_PREVIOUS": f"{NEW_SECRET}, {KEY}"}, root=tmp_path)
    assert previous.secrets == (SECRET, NEW_SECRET, KEY)
    for env, message in [
        ({"KETENWIJZER_DB": "mysql://x/y"}, "unknown kind of database 'mysql'"),
        ({"KETENWIJZER_DB": "sqlite://"}, "names no file"),
        ({"KETENWIJZER_SUPPRESSION_KEY": SECRET}, "must differ from KETENWIJZER_SECRET"),
        ({"KETENWIJZER_SUPPRESSION_KEY": "short"}, "KETENWIJZER_SUPPRESSION_KEY is too short"),
        ({"KETENWIJZER_TRUSTED_PROXIES": "10.0.0.1, proxy.example"}, "'proxy.example' is not an IP"),
        ({"KETENWIJZER_SMTP_TIMEOUT": "soon"}, "KETENWIJZER_SMTP_TIMEOUT must be a number"),
        ({"KETENWIJZER_HARD_BOUNCES": "-1"}, "must not be negative"),
    ]:
        with pytest.raises(SettingsError, match=message):
            Settings.from_env({**base, **env}, root=tmp_path)
