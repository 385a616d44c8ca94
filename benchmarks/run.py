"""Build the synthetic corpus at several sizes and print speed and size figures.

    python benchmarks/run.py                      # sizes 50 200 1000 articles per language
    python benchmarks/run.py --sizes 50 200       # quicker
    python benchmarks/run.py --rebuild            # also: time for `mkdocs serve` to show an edit

Every figure comes from a real `mkdocs build` in a child process of this
script (so peak memory is the build's own, via wait4). Network: none.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
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


def measure(articles: int, work: Path, repeat: int = 1) -> Figures:
    """Figures of the corpus at one size; the build time is the fastest of ``repeat`` builds."""
    root = corpus.project(work / f"corpus-{articles}", articles)
    site = work / f"site-{articles}"
    runs = [timed_build(root, site) for _ in range(repeat)]
    seconds, peak = min(r[0] for r in runs), max(r[1] for r in runs)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html = sum(1 for _ in site.rglob("*.html"))
    index = {}
    for lang in ("nl", "en"):
        # Pagefind's files of one language (index chunks, page records, filters); they are gzip files already
        size = sum(p.stat().st_size for p in (site / "pagefind").rglob(f"{lang}_*") if p.is_file())
        index[lang] = (size, size)
    return Figures(articles, seconds, peak, total / 1e6, html, index)


EDITS = ("nl", "en", "registry")


def rebuild_seconds(articles: int, work: Path, rounds: int = 5, port: int | None = None) -> dict[str, list[float]]:
    """Seconds from saving one file until `mkdocs serve` (as `make serve` runs it) serves the change.

    Each round saves a Dutch article, then its English translation, then one
    organisation in the registry (which both languages show), and waits for the
    page to show the change. The time includes MkDocs noticing the save (it
    polls the files every 0.5 s). The server listens on a free loopback port unless ``port`` is
    given; when it stops (the port was taken, the build failed) this stops at once with its log.
    """
    root = corpus.project(work / f"serve-{articles}", articles)
    article = root / "docs" / "vreemdelingenvisie" / "01"
    organisations = root / "docs" / "wie-doet-wat" / "organisaties.yml"
    pages = {
        "nl": ("vreemdelingenvisie/01/artikel-1/", article / "artikel-1.nl.md"),
        "en": ("en/vreemdelingenvisie/01/artikel-1/", article / "artikel-1.en.md"),
        "registry": ("wie-doet-wat/organisaties/org0/", organisations),
    }
    originals = {kind: path.read_text(encoding="utf-8") for kind, (_url, path) in pages.items()}
    port = port or free_port()
    log_path = work / "serve.log"
    log = log_path.open("w")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", "--dirty", "--no-strict"],
        cwd=root,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    seconds: dict[str, list[float]] = {kind: [] for kind in EDITS}
    seconds.update({f"search-{kind}": [] for kind in EDITS})
    entry_url = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
    try:
        _wait_for(
            f"http://127.0.0.1:{port}/{pages['nl'][0]}", lambda body: "Tussenkop" in body, timeout=600, process=proc, log=log_path
        )
        seconds["start"] = [time.perf_counter() - start]
        for _ in range(rounds):
            for kind in EDITS:
                time.sleep(2)
                url, path = pages[kind]
                marker = f"bewerkt{time.time_ns()}"
                if kind == "registry":
                    text = originals[kind].replace("Doet a", f"Doet {marker}", 1)
                else:
                    text = originals[kind] + f"\n\n{marker}\n"
                lang = "en" if kind == "en" else "nl"
                _wait_for(entry_url, lambda body: True, timeout=600)  # the first build's index is written
                before = _index_hash(entry_url, lang)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                _wait_for(
                    f"http://127.0.0.1:{port}/{url}",
                    lambda body, marker=marker: marker in body,
                    timeout=600,
                    process=proc,
                    log=log_path,
                )
                seconds[kind].append(time.perf_counter() - start)
                # searchable: Pagefind's index of the language has been written anew (its hash follows the content)
                _wait_for(
                    entry_url,
                    lambda body, lang=lang, before=before: json.loads(body)["languages"][lang]["hash"] != before,
                    timeout=600,
                )
                seconds[f"search-{kind}"].append(time.perf_counter() - start)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", timeout=30) as response:
            languages = json.loads(response.read())["languages"]
        print(
            "  search index pages after the rebuilds: "
            + ", ".join(f"{lang} {info['page_count']}" for lang, info in sorted(languages.items())),
            flush=True,
        )
        return seconds
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _index_hash(entry_url: str, lang: str) -> str:
    with urllib.request.urlopen(entry_url, timeout=30) as response:
        return json.loads(response.read())["languages"][lang]["hash"]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, ok, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Until ``url`` serves a body that ``ok`` accepts; stops at once when ``process`` (the server) has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log else ""
            raise SystemExit(
                f"`mkdocs serve` stopped (exit code {process.returncode}) before {url} showed the "
                f"expected content; its last output:\n{output}"
            )
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
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per size; the fastest counts (this kind of machine is noisy)"
    )
    parser.add_argument("--rebuild", action="store_true", help="also time `mkdocs serve` showing an edit")
    parser.add_argument("--rebuild-size", type=int, default=1000, help="articles per language for --rebuild")
    parser.add_argument("--keep", type=Path, help="build here and keep the output (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d')} on {machine()}")
    print(f"build s: fastest of {args.repeat}")
    print(
        f"{'articles/lang':>13} {'build s':>8} {'peak MB':>8} {'output MB':>9} {'HTML':>6} "
        f"{'search nl KB':>12} {'search en KB':>12}  (Pagefind's files of the language, gzip as served)"
    )
    rows = []
    try:
        for size in args.sizes:
            row = measure(size, work, args.repeat)
            rows.append(row)
            (_, nlz), (_, enz) = row.index["nl"], row.index["en"]
            print(
                f"{row.articles:>13} {row.seconds:>8.1f} {row.peak_mb:>8.0f} {row.output_mb:>9.1f} {row.html_files:>6} "
                f"{nlz / 1024:>12.0f} {enz / 1024:>12.0f}",
                flush=True,
            )
        if len(rows) > 1:
            sizes = [r.articles for r in rows]
            print(
                f"scaling exponent (1.0 = linear): time {exponent(sizes, [r.seconds for r in rows]):.2f}, "
                f"output {exponent(sizes, [r.output_mb for r in rows]):.2f}"
            )
        if args.rebuild:
            size = args.rebuild_size
            seconds = rebuild_seconds(size, work)
            print(
                f"`make serve` at {size} articles/lang, seconds from saving a file until its page shows the change "
                f"(median / slowest of {len(seconds['nl'])}):"
            )
            for kind, label in (("nl", "a Dutch article"), ("en", "its English translation"), ("registry", "a registry file")):
                print(f"  {label:24} {statistics.median(seconds[kind]):.1f} / {max(seconds[kind]):.1f}", flush=True)
            print("  ... until search finds the change (Pagefind re-indexes beside the server), median / slowest:")
            for kind, label in (("nl", "a Dutch article"), ("en", "its English translation"), ("registry", "a registry file")):
                found = seconds[f"search-{kind}"]
                print(f"  {label:24} {statistics.median(found):.1f} / {max(found):.1f}", flush=True)
            print(f"  (starting `make serve` until the first page is served: {seconds['start'][0]:.1f} s)", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
