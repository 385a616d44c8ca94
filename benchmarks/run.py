"""Build the synthetic corpus at several sizes and print speed and size figures.

    python benchmarks/run.py                      # sizes 50 200 1000 articles per language
    python benchmarks/run.py --sizes 50 200       # quicker
    python benchmarks/run.py --rebuild            # also: time for `mkdocs serve` to show one edited article

Every figure comes from a real `mkdocs build` in a child process of this
script (so peak memory is the build's own, via wait4). Network: none.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from measure import ENV, MKDOCS, exponent, machine, timed_build  # noqa: E402



@dataclass
class Figures:
    articles: int
    seconds: float
    peak_mb: float
    output_mb: float
    html_files: int
    index: dict[str, tuple[int, int]]  # lang -> (raw bytes, gzip bytes)


def measure(articles: int, work: Path) -> Figures:
    root = corpus.project(work / f"corpus-{articles}", articles)
    site = work / f"site-{articles}"
    seconds, peak = timed_build(root, site)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html = sum(1 for _ in site.rglob("*.html"))
    index = {}
    for lang, path in (("nl", site / "search" / "search_index.json"), ("en", site / "en" / "search" / "search_index.json")):
        data = path.read_bytes()
        index[lang] = (len(data), len(gzip.compress(data, 9)))
    return Figures(articles, seconds, peak, total / 1e6, html, index)


def rebuild_seconds(articles: int, work: Path, port: int = 8765) -> dict[str, float]:
    """Seconds from saving one edited article until `mkdocs serve` (as `make serve` runs it) serves the change:
    once for the Dutch original, once for its English translation."""
    root = corpus.project(work / f"serve-{articles}", articles)
    folder = root / "docs" / "vreemdelingenvisie" / "01"
    urls = {"nl": f"http://127.0.0.1:{port}/vreemdelingenvisie/01/artikel-1/",
            "en": f"http://127.0.0.1:{port}/en/vreemdelingenvisie/01/artikel-1/"}
    proc = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", "--dirty", "--no-strict"],
                            cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = {}
    try:
        _wait_for(urls["nl"], lambda body: "Tussenkop" in body, timeout=600)
        for lang in ("nl", "en"):
            time.sleep(2)
            target = folder / f"artikel-1.{lang}.md"
            marker = f"bewerkt-{time.time_ns()}"
            start = time.perf_counter()
            target.write_text(target.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            _wait_for(urls[lang], lambda body: marker in body, timeout=600)
            seconds[lang] = time.perf_counter() - start
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search/search_index.json", timeout=30) as response:
            docs = len(json.loads(response.read())["docs"])
        print(f"  search index entries after the rebuilds: {docs}", flush=True)
        return seconds
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for(url: str, ok, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ok(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show the expected content within {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000], help="articles per language")
    parser.add_argument("--rebuild", action="store_true", help="also time a serve rebuild after one edit (largest size)")
    parser.add_argument("--keep", type=Path, help="build here and keep the output (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d')} on {machine()}")
    print(f"{'articles/lang':>13} {'build s':>8} {'peak MB':>8} {'output MB':>9} {'HTML':>6} "
          f"{'index nl KB':>11} {'(gzip)':>7} {'index en KB':>11} {'(gzip)':>7}")
    rows = []
    try:
        for size in args.sizes:
            row = measure(size, work)
            rows.append(row)
            (nl, nlz), (en, enz) = row.index["nl"], row.index["en"]
            print(f"{row.articles:>13} {row.seconds:>8.1f} {row.peak_mb:>8.0f} {row.output_mb:>9.1f} {row.html_files:>6} "
                  f"{nl / 1024:>11.0f} {nlz / 1024:>7.0f} {en / 1024:>11.0f} {enz / 1024:>7.0f}", flush=True)
        if len(rows) > 1:
            sizes = [r.articles for r in rows]
            print(f"scaling exponent (1.0 = linear): time {exponent(sizes, [r.seconds for r in rows]):.2f}, "
                  f"output {exponent(sizes, [r.output_mb for r in rows]):.2f}")
        if args.rebuild:
            seconds = rebuild_seconds(max(args.sizes), work)
            print(f"serve rebuild after one edited article at {max(args.sizes)} articles/lang: "
                  f"{seconds['nl']:.1f} s (Dutch original), {seconds['en']:.1f} s (English translation)", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
