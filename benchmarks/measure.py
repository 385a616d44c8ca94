"""What the benchmark scripts share: a timed `mkdocs build` in a child process, the fitted
scaling exponent, and a line naming the machine."""

from __future__ import annotations

import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]


def timed_build(root: Path, site: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of one `mkdocs build` of ``root`` into ``site``."""
    seconds, _cpu, peak = build_usage(root, site)
    return seconds, peak


def build_usage(root: Path, site: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of one `mkdocs build` of ``root`` into ``site``.

    The build runs in a child process, so wait4 reports its own usage: the CPU time (user + system)
    includes the processes it forked and waited for (Ketenwijzer builds English in a fork).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*MKDOCS, "build", "--quiet", "--site-dir", str(site)],
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    errors = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"mkdocs build of {root} failed:\n{errors[-4000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def exponent(sizes: list[float], values: list[float]) -> float:
    """Least-squares slope of log(value) against log(size): 1.0 is linear, 2.0 quadratic."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-9)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def machine() -> str:
    return f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, Python {platform.python_version()}"
