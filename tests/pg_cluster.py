"""A throwaway PostgreSQL server for tests and benchmarks: initdb in a temporary folder, loopback only.

The binaries are looked up on PATH, then in /usr/lib/postgresql/*/bin and /usr/local/bin
(``make postgresql`` installs Debian's package when they are missing). PostgreSQL
refuses to run as root, so as root the cluster runs as the ``postgres`` user (or
``nobody``). Durability is switched off (fsync, synchronous_commit): nothing here
must survive a power cut.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

__all__ = ["PostgresCluster", "benchmark_backends", "find_binaries"]


def find_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    candidates.append(Path("/usr/local/bin"))
    for folder in candidates:
        if all((folder / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    def __init__(self, binaries: Path, *, durable: bool = False):
        self.binaries = binaries
        self.durable = durable
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="ketenwijzer-pg-"))
        self.data = self.folder / "data"
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL")
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *command: str, timeout: float = 60) -> None:
        demote = {} if self.user is None else {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.folder,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            **demote,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")

    def start(self) -> "PostgresCluster":
        self._run(
            str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"
        )
        options = [
            f"-c port={self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=400",
            "-c shared_buffers=64MB",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            " ".join(options),
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL did not listen on port {self.port}; see {self.folder}/server.log") from exc
                time.sleep(0.05)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty place for one test's tables: its own schema (made in a moment, unlike a
        database), reached through a URL whose search_path points there."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("%3D", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def stop(self) -> None:
        try:
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PostgresCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def benchmark_backends(choice: str):
    """For a benchmark's --db sqlite|postgresql|both: (kinds, cluster), with a durable throwaway
    cluster when PostgreSQL is asked for (stopped afterwards); exits with a hint without binaries."""
    kinds = ["sqlite", "postgresql"] if choice == "both" else [choice]
    cluster = None
    if "postgresql" in kinds:
        binaries = find_binaries()
        if binaries is None:
            sys.exit("PostgreSQL binaries not found: run `make postgresql` (or pass --db sqlite)")
        cluster = PostgresCluster(binaries, durable=True).start()
    try:
        yield kinds, cluster
    finally:
        if cluster is not None:
            cluster.stop()
