"""An SMTP server (aiosmtpd, loopback) that injects faults, for benchmarks/notify_faults.py.

    python benchmarks/fault_smtp.py PORT DELIVERED_LOG

Which fault an address meets follows from a hash of the address, so it is the same
after a restart:

* refuse   1.0 %  550 at RCPT (user unknown): permanent
* greylist 3.0 %  451 at RCPT the first time this server process sees the address
* drop     1.0 %  the connection is cut at RCPT (nothing handed over), the first time
* taken    0.5 %  the message is taken (and logged as delivered), then the connection is
                  cut before "250" is answered: the sender can not know it arrived
* hang     0.3 %  no answer to RCPT for 5 s, the first time (longer than the sender's timeout)

Every message taken is appended to DELIVERED_LOG as "address<TAB>Message-ID" and flushed
at once, so deliveries are counted across kills and restarts.
"""

from __future__ import annotations

import asyncio
import hashlib
import signal
import sys
import threading

from aiosmtpd.controller import Controller

FAULTS = [("refuse", 100), ("greylist", 300), ("drop", 100), ("taken", 50), ("hang", 30)]  # per 10,000


def fault_of(address: str) -> str | None:
    bucket = int.from_bytes(hashlib.sha256(address.encode()).digest()[:4], "big") % 10000
    for name, share in FAULTS:
        if bucket < share:
            return name
        bucket -= share
    return None


class FaultyHandler:
    def __init__(self, log_path: str):
        self.log = open(log_path, "a", encoding="utf-8", buffering=1)
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def _first_time(self, address: str) -> bool:
        with self.lock:
            first = address not in self.seen
            self.seen.add(address)
            return first

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = fault_of(address)
        if fault == "refuse":
            return "550 5.1.1 user unknown"
        if fault in ("greylist", "drop", "hang") and self._first_time(address):
            if fault == "greylist":
                return "451 4.7.1 greylisted, try again later"
            if fault == "drop":
                server.transport.abort()
                return "421 4.3.0 gone"
            await asyncio.sleep(5)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message_id = ""
        for line in envelope.original_content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
                break
            if not line:
                break
        for address in envelope.rcpt_tos:
            self.log.write(f"{address}\t{message_id}\n")
        if any(fault_of(address) == "taken" for address in envelope.rcpt_tos):
            server.transport.abort()
            return "421 4.3.0 gone"
        return "250 OK"


def main() -> None:
    port, log_path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(FaultyHandler(log_path), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
