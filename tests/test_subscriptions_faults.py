"""The subscription service under load and faults, each with the real part: uvicorn, aiosmtpd that
refuses, greylists, drops or hangs, and SQLite and PostgreSQL (every test runs on both)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from ketenwijzer.subscriptions.store import NotifyBusy, Store
from subscriptions_fixtures import (  # noqa: F401  (fixtures)
    REPO,
    SECRET,
    confirmed,
    database,
    edition,
    free_port,
    live,
    postgres,
    sign_up,
    smtp,
    wait_until,
)


# -- load -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("live", [{"signups_per_ip": 1000}], indirect=True)
def test_fifty_concurrent_sign_ups_all_succeed_and_each_gets_one_mail(live):
    addresses = [f"reader{n}@example.org" for n in range(50)]

    def post(address: str) -> int:
        with httpx.Client(base_url=live.url, timeout=30) as client:  # a connection of its own, like a browser
            return client.post("/subscribe", data={"email": address, "lang": "nl"}).status_code

    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(post, addresses))
    assert Counter(statuses) == {200: 50}
    assert all(live.store.find(address).status == "pending" for address in addresses)
    live.mailbox.wait_for(50, timeout=30)
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {address: 1 for address in addresses}
    wait_until(lambda: live.store.outbox() == [], what="the outbox to empty")


# -- a hanging SMTP server ----------------------------------------------------------------------------


@pytest.mark.parametrize("live", [{"smtp_timeout": 60}], indirect=True)
def test_a_hanging_smtp_server_never_holds_up_a_request_or_the_health_check(live):
    live.mailbox.faults["first@example.org"] = "hang-data"
    assert sign_up(live, "first@example.org").status_code == 200
    assert live.mailbox.hanging.wait(15), "the mail worker never reached the hanging server"
    # the worker is stuck in the SMTP conversation (for up to 60 s); the service answers regardless,
    # each request well within the client's 10 s timeout
    for n in range(8):
        assert sign_up(live, f"next{n}@example.org").status_code == 200
        assert live.client.get("/healthz").text == "ok"
    assert live.mailbox.received == [] and live.store.find("next7@example.org").status == "pending"
    assert len(live.store.outbox()) == 9
    del live.mailbox.faults["first@example.org"]
    live.mailbox.release()
    live.mailbox.wait_for(9, timeout=20)
    assert sorted(r.rcpt_tos[0] for r in live.mailbox.received) == sorted(
        ["first@example.org"] + [f"next{n}@example.org" for n in range(8)]
    )


@pytest.mark.parametrize("live", [{"smtp_timeout": 0.5}], indirect=True)
def test_a_short_smtp_timeout_gives_up_on_a_hanging_server_and_tries_again_later(live):
    live.mailbox.faults["slow@example.org"] = "hang-data"
    assert sign_up(live, "slow@example.org").status_code == 200
    wait_until(lambda: live.store.outbox() and live.store.outbox()[0]["last_error"], what="the timeout")
    assert "timed out" in live.store.outbox()[0]["last_error"]
    del live.mailbox.faults["slow@example.org"]
    live.mailbox.release()
    live.clock.advance(61)
    received = live.mailbox.wait_for(1, timeout=10)
    assert received[-1].rcpt_tos == ["slow@example.org"]


# -- notify that finishes ---------------------------------------------------------------------------------


def test_subscribers_leaving_during_a_run_are_skipped_and_counted(live):
    ids = {n: confirmed(live, f"reader{n}@example.org") for n in range(6)}
    original = live.mailbox.handle_DATA

    async def leave_while_sending(server, session, envelope):
        if envelope.rcpt_tos == ["reader1@example.org"]:  # while reader1's mail is being sent ...
            live.store.unsubscribe(ids[3], now=live.clock())  # ... reader3 unsubscribes
            live.store.delete("reader4@example.org")  # ... and reader4 is erased
        return await original(server, session, envelope)

    live.mailbox.handle_DATA = leave_while_sending
    result = live.notify({2: edition(2)}, "2")
    assert result.exit_code == 0, result.output
    assert "sent 4, skipped 0 (already sent), failed 0, left 2 (unsubscribed during the run)" in result.output
    assert "Traceback" not in result.output and result.exception is None
    assert sorted(r.rcpt_tos[0] for r in live.mailbox.received) == [f"reader{n}@example.org" for n in (0, 1, 2, 5)]


@pytest.mark.parametrize("live", [{"hard_bounce_limit": 2}], indirect=True)
def test_permanent_refusals_are_marked_not_retried_and_suppressed_after_the_limit(live):
    for n in range(20):
        confirmed(live, f"reader{n}@example.org")
    dead = [f"reader{n}@example.org" for n in (0, 1, 2, 3, 4)]  # the first five: once they stopped every run
    live.mailbox.faults.update({address: "refuse" for address in dead})
    first = live.notify({1: edition(1)}, "1")
    assert first.exit_code == 0, first.output
    assert "sent 15, skipped 0 (already sent), failed 0, refused 5 (permanently: not retried)" in first.output
    assert "reader0@example.org refused: 550 5.1.1 user unknown" in first.output
    assert Counter(live.store.ledger(1).values()) == {"sent": 15, "refused": 5}
    dry = live.notify({1: edition(1)}, "1", "--dry-run")
    assert "would go to 0 subscriber(s); 15 already sent; 5 refused permanently earlier (not retried)" in dry.output
    rerun = live.notify({1: edition(1)}, "1")
    assert rerun.exit_code == 0
    assert "sent 0, skipped 15 (already sent), failed 0, 5 refused in an earlier run (not retried)" in rerun.output
    assert len(live.mailbox.refused) == 5  # nobody asked the server again
    second = live.notify({2: edition(2)}, "2")  # the second hard bounce: suppressed like an unsubscribe
    assert (
        "sent 15, skipped 0 (already sent), failed 0, refused 5 (permanently: not retried), "
        "suppressed 5 (too many hard bounces)" in second.output
    )
    assert all(live.store.find(address) is None and live.store.is_suppressed(address) for address in dead)
    third = live.notify({3: edition(3)}, "3")
    assert "sent 15, skipped 0 (already sent), failed 0" in third.output and len(live.mailbox.refused) == 10


def test_greylisted_addresses_are_retried_by_the_next_run_and_do_not_stop_this_one(live):
    for n in range(10):
        confirmed(live, f"reader{n}@example.org")
    greylisted = [f"reader{n}@example.org" for n in range(0, 10, 2)]
    live.mailbox.faults.update({address: "greylist" for address in greylisted})
    first = live.notify({1: edition(1)}, "1")
    assert first.exit_code == 1
    assert "sent 5, skipped 0 (already sent), failed 5 (temporary: the next run tries again)" in first.output
    assert "not attempted" not in first.output and "run the same command again" in first.output
    live.mailbox.faults.clear()
    second = live.notify({1: edition(1)}, "1")
    assert second.exit_code == 0 and "sent 5, skipped 5 (already sent), failed 0" in second.output
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {f"reader{n}@example.org": 1 for n in range(10)}


def test_never_attempted_subscribers_go_before_earlier_failures(live):
    for n in range(6):
        confirmed(live, f"reader{n}@example.org")
    live.mailbox.faults.update({"reader0@example.org": "greylist", "reader1@example.org": "greylist"})
    first = live.notify({1: edition(1)}, "1", "--limit", "3")  # reader0, reader1 fail; reader2 sent
    assert "sent 1, skipped 0 (already sent), failed 2" in first.output
    live.mailbox.faults.clear()
    second = live.notify({1: edition(1)}, "1", "--limit", "3")
    assert second.exit_code == 0
    assert [r.rcpt_tos[0] for r in live.mailbox.received] == [f"reader{n}@example.org" for n in (2, 3, 4, 5)]
    third = live.notify({1: edition(1)}, "1")
    assert "sent 2, skipped 4 (already sent), failed 0" in third.output
    assert [r.rcpt_tos[0] for r in live.mailbox.received][-2:] == ["reader0@example.org", "reader1@example.org"]


@pytest.mark.parametrize("live", [{"smtp_timeout": 0.5}], indirect=True)
def test_a_server_that_hangs_after_the_message_makes_it_uncertain(live):
    for n in range(3):
        confirmed(live, f"reader{n}@example.org")
    live.mailbox.faults["reader1@example.org"] = "hang-data"
    result = live.notify({1: edition(1)}, "1")
    assert result.exit_code == 0, result.output
    assert "sent 2, skipped 0 (already sent), failed 0, uncertain 1" in result.output
    assert "uncertain: reader1@example.org: connection to smtp://127.0.0.1" in result.output
    assert "timed out" in result.output
    assert live.store.ledger(1)[2] == "uncertain"


# -- the notify lock is on the database ---------------------------------------------------------------


def test_the_notify_lock_holds_for_every_way_of_reaching_the_database(database, tmp_path):
    first = Store(database)
    try:
        if first.path is not None:  # SQLite: through a symlink, and through another path to the same folder
            link = tmp_path / "elsewhere" / "link.sqlite3"
            link.parent.mkdir()
            link.symlink_to(first.path)
            folder_link = tmp_path / "folder-link"
            folder_link.symlink_to(first.path.parent, target_is_directory=True)
            others = [Store(link), Store(f"sqlite:///{folder_link}/../{folder_link.name}/{first.path.name}")]
        else:
            others = [Store(database)]
        with first.notify_lock():
            for other in others:
                with pytest.raises(NotifyBusy, match="another notify run is busy"):
                    with other.notify_lock():
                        pass
        for other in others:  # released: now each may take it
            with other.notify_lock():
                pass
            other.close()
    finally:
        first.close()


# -- several service processes ---------------------------------------------------------------------------


def test_the_asgi_factory_runs_several_workers_sharing_one_outbox(database, smtp, tmp_path):
    mailbox, smtp_port = smtp
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
    env.update(
        KETENWIJZER_DB=database,
        KETENWIJZER_SECRET=SECRET,
        KETENWIJZER_PUBLIC_URL=f"http://127.0.0.1:{port}",
        KETENWIJZER_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        KETENWIJZER_SITE_URL="https://example.org/",
        KETENWIJZER_OUTBOX=str(tmp_path / "outbox"),
        KETENWIJZER_ROOT=str(REPO),
        KETENWIJZER_TRUSTED_PROXIES="127.0.0.1",
    )
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "ketenwijzer.subscriptions.app:from_env",
        "--factory",
        "--workers",
        "3",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-proxy-headers",
        "--log-level",
        "warning",
    ]
    with subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            wait_until(lambda: _healthy(port) or proc.poll() is not None, timeout=30, what="the service to start")
            assert proc.poll() is None, proc.communicate()[1]

            def post(n: int) -> int:
                with httpx.Client(timeout=30) as client:
                    return client.post(
                        f"http://127.0.0.1:{port}/subscribe",
                        data={"email": f"worker{n}@example.org", "lang": "en"},
                        headers={"X-Forwarded-For": f"192.0.2.{n}"},
                    ).status_code

            with ThreadPoolExecutor(30) as pool:
                assert Counter(pool.map(post, range(30))) == {200: 30}
            mailbox.wait_for(30, timeout=30)
            time.sleep(1.5)  # more than a poll of every worker: a second copy would have gone by now
            assert Counter(r.rcpt_tos[0] for r in mailbox.received) == {f"worker{n}@example.org": 1 for n in range(30)}
            pids = {int(line.split("[")[1].split("]")[0]) for line in _children(proc.pid)}
            assert len(pids) >= 3  # the three workers (uvicorn may add a helper process)
        finally:
            proc.terminate()
            proc.communicate(timeout=20)


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).text == "ok"
    except httpx.TransportError:
        return False


def _children(pid: int) -> list[str]:
    output = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [f"[{line.strip()}]" for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("live", [{"smtp_timeout": 60}], indirect=True)
def test_notify_killed_with_sigkill_mid_send_is_finished_by_a_rerun_without_duplicates(live):
    for n in range(5):
        confirmed(live, f"reader{n}@example.org")
    live.mailbox.faults["reader2@example.org"] = "hang-data"  # the kill comes while this one is being handed over
    command = [sys.executable, "-c", "from ketenwijzer.cli.main import main; main()", "notify", "1", "--root", str(REPO)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
    env.update({k: v for k, v in live.env().items() if v is not None})
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        assert live.mailbox.hanging.wait(20), "notify never reached the hanging message"
        proc.kill()  # SIGKILL: no cleanup of any kind
        proc.wait(10)
    del live.mailbox.faults["reader2@example.org"]
    live.mailbox.release()
    assert Counter(live.store.ledger(1).values()) == {"sent": 2, "sending": 1}
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert "sent 2, skipped 2 (already sent), failed 0, 1 uncertain from an earlier run" in rerun.stdout
    assert Counter(r.rcpt_tos[0] for r in live.mailbox.received) == {f"reader{n}@example.org": 1 for n in (0, 1, 3, 4)}
    assert live.store.ledger(1)[3] == "uncertain"
