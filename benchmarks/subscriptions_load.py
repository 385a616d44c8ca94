"""Sign-up load on the subscription service, on SQLite and on PostgreSQL (loopback only, bounded).

Starts the real service (``uvicorn 'ketenwijzer.subscriptions.app:from_env' --factory``)
in its own process(es) with a real SMTP server (aiosmtpd) taking the confirmation
mails, then posts sign-ups of distinct addresses from N concurrent clients, each
request claiming another client address through X-Forwarded-For (the service
trusts 127.0.0.1 as proxy here, as it would trust its reverse proxy). Prints, per
database and concurrency: requests, errors (anything but 200, and broken
connections), throughput, p50 and p99 latency, and how many confirmation mails the
worker had sent by the end of the level (before the next level starts, the worker
is given time to send the rest).

    .venv/bin/python benchmarks/subscriptions_load.py                 # 10 and 50 clients, both databases
    .venv/bin/python benchmarks/subscriptions_load.py --requests 2000 --workers 4 --db postgresql

Bounded: at most --requests sign-ups per level and --seconds per level.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from pg_cluster import PostgresCluster, benchmark_backends  # noqa: E402


class CountingMailbox:
    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(db: str, smtp_port: int, workers: int, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
    env.update(
        KETENWIJZER_DB=db,
        KETENWIJZER_SECRET=secrets.token_hex(32),
        KETENWIJZER_PUBLIC_URL=f"http://127.0.0.1:{port}",
        KETENWIJZER_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        KETENWIJZER_SITE_URL="https://ketenwijzer.example/",
        KETENWIJZER_OUTBOX=str(folder / "outbox"),
        KETENWIJZER_TRUSTED_PROXIES="127.0.0.1",
        KETENWIJZER_ROOT=str(REPO),
    )
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "ketenwijzer.subscriptions.app:from_env",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-proxy-headers",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=1).text == "ok":
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the service did not start")
        time.sleep(0.1)
    if workers > 1:
        time.sleep(1.0)  # let every worker process finish its start-up
    return process, url


async def load(url: str, clients: int, requests: int, seconds: float, offset: int) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        for number in counter:
            if time.monotonic() > deadline:
                return
            n = offset + number
            headers = {"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
            start = time.perf_counter()
            try:
                response = await http.post("/subscribe", data={"email": f"load{n}@example.org", "lang": "nl"}, headers=headers)
                key = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.TransportError as exc:
                key = type(exc).__name__
            latencies.append(time.perf_counter() - start)
            if key:
                errors[key] = errors.get(key, 0) + 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    began = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def quantile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50": quantile(0.50),
        "p99": quantile(0.99),
    }


def run_backend(kind: str, args, cluster: PostgresCluster | None) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="ketenwijzer-load-") as tmp:
        folder = Path(tmp)
        db = f"sqlite:///{folder}/subscribers.sqlite3" if kind == "sqlite" else cluster.new_database()
        mailbox = CountingMailbox()
        smtp_port = free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port, ready_timeout=5)
        controller.start()
        process, url = start_service(db, smtp_port, args.workers, folder)
        try:
            offset, accepted = 0, 0
            for clients in args.clients:
                result = asyncio.run(load(url, clients, args.requests, args.seconds, offset))
                offset += args.requests
                errors = sum(result["errors"].values())
                accepted += result["requests"] - errors
                sent_during = mailbox.count
                # let the mail worker catch up, so that the next level does not pay for this one's mails
                drain_started = time.perf_counter()
                while mailbox.count < accepted and time.perf_counter() - drain_started < args.seconds:
                    time.sleep(0.05)
                detail = f" {result['errors']}" if errors else ""
                lines.append(
                    f"{kind:<10} workers={args.workers} clients={clients:<3} requests={result['requests']:<5} "
                    f"errors={errors}{detail}  {result['throughput']:7.1f} sign-ups/s  "
                    f"p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                    f"(mails: {sent_during} sent during the level, all {mailbox.count} "
                    f"{time.perf_counter() - drain_started:.1f} s later)"
                )
                print(lines[-1], flush=True)
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
            controller.stop()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--requests", type=int, default=1000, help="sign-ups per concurrency level (default 1000)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per level (default 60)")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes (default 1)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    with benchmark_backends(args.db) as (kinds, cluster):
        for kind in kinds:
            run_backend(kind, args, cluster)


if __name__ == "__main__":
    main()
