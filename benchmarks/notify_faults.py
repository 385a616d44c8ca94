"""notify for 5,000 subscribers against an SMTP server that misbehaves, with a kill -9 and reruns.

    .venv/bin/python benchmarks/notify_faults.py                       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/notify_faults.py --subscribers 1000 --db sqlite

The SMTP server (benchmarks/fault_smtp.py, its own process) refuses about 1 % of the
addresses for good (550), greylists 3 % (451 the first time), cuts the connection before
the handover for 1 %, takes the message and then cuts the connection before answering
for 0.5 %, and hangs for 0.3 % (longer than KETENWIJZER_SMTP_TIMEOUT). During the run:

1. the first ``ketenwijzer notify`` is killed with SIGKILL when a fifth of the mails went;
2. the SMTP server is killed (SIGKILL) during the second run and restarted 2 s later;
3. notify is run again until it finishes (at most --max-runs runs in all).

Then it prints, from the server's own log of messages taken and the send ledger:
delivered once, duplicates (target 0 outside "uncertain"), uncertain, permanently
failed, and not reached (target 0). Bounded: --subscribers and --max-runs.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from fault_smtp import fault_of  # noqa: E402
from pg_cluster import benchmark_backends  # noqa: E402

from ketenwijzer.subscriptions.store import SignUpRequest, Store  # noqa: E402

EDITION = 1  # a published edition of the repository's own content
SECRET = "benchmark-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpProcess:
    def __init__(self, port: int, log: Path):
        self.port, self.log, self.process = port, log, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "benchmarks" / "fault_smtp.py"), str(self.port), str(self.log)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def fill(db: str, count: int) -> list[str]:
    addresses = [f"reader{n:05d}@example.org" for n in range(count)]
    now = time.time()
    with Store(db) as store:
        for n, address in enumerate(addresses):
            signup = store.sign_up(SignUpRequest(address, "en" if n % 3 == 0 else "nl", now=now, send_mail=False))
            store.confirm(signup.subscriber.id, now=now)
    return addresses


def _summary_line(output: str) -> str:
    return next((line for line in output.splitlines() if line.startswith("sent ")), "")


def delivered(log: Path) -> Counter:
    if not log.exists():
        return Counter()
    return Counter(line.split("\t")[0] for line in log.read_text().splitlines() if line)


def run_backend(kind: str, db: str, args) -> None:
    with tempfile.TemporaryDirectory(prefix="ketenwijzer-faults-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        addresses = fill(db, args.subscribers)
        filled = time.perf_counter() - started
        log = folder / "delivered.tsv"
        smtp = SmtpProcess(free_port(), log)
        smtp.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("KETENWIJZER_")}
        env.update(
            KETENWIJZER_DB=db,
            KETENWIJZER_SECRET=SECRET,
            KETENWIJZER_SMTP_URL=f"smtp://127.0.0.1:{smtp.port}",
            KETENWIJZER_RATE="0",
            KETENWIJZER_SMTP_TIMEOUT="1",
            KETENWIJZER_OUTBOX=str(folder / "outbox"),
            KETENWIJZER_HARD_BOUNCES="1",
        )
        command = [str(Path(sys.executable).parent / "ketenwijzer"), "notify", str(EDITION), "--root", str(REPO)]
        runs, codes, lines = 0, [], []
        send_started = time.perf_counter()
        try:
            # run 1: killed with SIGKILL after a fifth of the mails
            first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            runs += 1
            while sum(delivered(log).values()) < args.subscribers // 5 and first.poll() is None:
                time.sleep(0.05)
            first.send_signal(signal.SIGKILL)
            first.wait()
            codes.append("killed")
            # run 2: the SMTP server is killed meanwhile and comes back 2 s later
            second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            runs += 1
            mark = sum(delivered(log).values())
            while sum(delivered(log).values()) < mark + args.subscribers // 5 and second.poll() is None:
                time.sleep(0.05)
            smtp.kill()
            time.sleep(2)
            smtp.start()
            out, _ = second.communicate()
            codes.append(second.returncode)
            lines.append(_summary_line(out))
            # reruns until done
            while runs < args.max_runs:
                rerun = subprocess.run(command, env=env, capture_output=True, text=True)
                runs += 1
                codes.append(rerun.returncode)
                lines.append(_summary_line(rerun.stdout) or rerun.stderr.strip())
                if rerun.returncode == 0:
                    break
        finally:
            smtp.stop()
        sending = time.perf_counter() - send_started
        counts = delivered(log)
        with Store(db) as store:
            ledger = store.ledger(EDITION)
            by_address = {s.email: s.id for s in store.recipients()}
        uncertain = {a for a, i in by_address.items() if ledger.get(i) == "uncertain"}
        refused = {a for a in addresses if a not in by_address}  # suppressed after the hard bounce
        refused |= {a for a, i in by_address.items() if ledger.get(i) == "refused"}
        once = sum(1 for a in addresses if counts[a] == 1)
        duplicates = [a for a in addresses if counts[a] > 1]
        outside = [a for a in duplicates if a not in uncertain]
        not_reached = [a for a in addresses if counts[a] == 0 and a not in refused and a not in uncertain]
        uncertain_missing = sum(1 for a in uncertain if counts[a] == 0)
        faults = Counter(fault_of(a) for a in addresses)
        print(
            f"{kind}: {args.subscribers} subscribers (made in {filled:.0f} s); faults planted: "
            + ", ".join(f"{name} {faults[name]}" for name in ("refuse", "greylist", "drop", "taken", "hang"))
        )
        print(f"  {runs} notify runs in {sending:.0f} s, exit codes {codes}")
        for line in lines:
            print(f"    {line}")
        print(f"  delivered once:      {once}")
        print(f"  duplicates:          {len(duplicates)} (outside 'uncertain': {len(outside)})")
        print(f"  uncertain:           {len(uncertain)} (of which the server never took: {uncertain_missing})")
        print(f"  permanently failed:  {len(refused)}")
        print(f"  not reached:         {len(not_reached)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--max-runs", type=int, default=8)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    with benchmark_backends(args.db) as (kinds, cluster):
        for kind in kinds:
            if kind == "sqlite":
                with tempfile.TemporaryDirectory(prefix="ketenwijzer-faults-db-") as tmp:
                    run_backend(kind, f"sqlite:///{tmp}/subscribers.sqlite3", args)
            else:
                run_backend(kind, cluster.new_database(), args)


if __name__ == "__main__":
    main()
