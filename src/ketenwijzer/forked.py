"""Run a piece of work in a forked child process, beside the parent's own work.

The build uses it to render the other languages while the parent renders the
default language: mkdocs-static-i18n would build them one after another, and
this kind of machine has a second core. The child's warnings and errors come
back to the parent, which logs them as if they were its own (so strict mode
and the tests' warning checks see them), and so does a small JSON payload.

Forking is only safe in a process with one thread: ``available()`` says so.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import traceback
from typing import Callable

FORWARDED = logging.WARNING


class ChildFailed(Exception):
    """The child's work raised; the message says what and where."""


class _Capture(logging.Handler):
    def __init__(self, records: list[tuple[str, int, str]]):
        super().__init__(FORWARDED)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def available() -> bool:
    """True where a fork is safe and useful: Linux, more than one core, no other thread."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Child:
    def __init__(self, pid: int, pipe: int, label: str):
        self.pid, self.pipe, self.label = pid, pipe, label

    def join(self) -> dict:
        """Wait for the child; log its records here; return its payload or raise ChildFailed."""
        chunks = []
        with os.fdopen(self.pipe, "rb") as pipe:
            while chunk := pipe.read(1 << 16):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        message = json.loads(b"".join(chunks) or b'{"records": [], "payload": {}, "error": "it sent nothing"}')
        for name, level, text in message["records"]:
            logging.getLogger(name).log(level, text)
        if os.waitstatus_to_exitcode(status) != 0 or message.get("error"):
            raise ChildFailed(f"{self.label} failed: {message.get('error') or f'exit status {status}'}")
        return message["payload"]

    def stop(self) -> None:
        """End the child without waiting for its work (the parent's build failed)."""
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.pipe)


def start(work: Callable[[], dict], label: str, logger: str = "mkdocs") -> Child | None:
    """Fork; the child runs ``work`` and exits, the parent gets a Child to join (None in the child)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return Child(pid, read_end, label)
    # the child: its records go to the parent, not to this process's handlers
    os.close(read_end)
    records: list[tuple[str, int, str]] = []
    log = logging.getLogger(logger)
    log.handlers = [_Capture(records)]
    log.propagate = False
    payload, error, code = {}, "", 0
    try:
        payload = work() or {}
    except BaseException as exc:  # noqa: BLE001 -- everything must reach the parent
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        code = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps({"records": records, "payload": payload, "error": error}).encode("utf-8"))
    finally:
        os._exit(code)
