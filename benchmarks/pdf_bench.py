"""How long the printed books take: the handbook and the story collection as PDFs, per language.

    python benchmarks/pdf_bench.py            # the repository's own content, copied to a temporary folder
    python benchmarks/pdf_bench.py --repeat 5

Prints, from real `mkdocs build` runs in child processes:
1. a build with an empty PDF cache: every book rendered (pages, size, render seconds each);
2. a build where nothing changed: every book from the cache, and what the PDF step still costs
   (measured in this process on the built site: collecting, hashing, copying, linking);
3. a build after one handbook chapter changed: which books were rendered again.
Network: none.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from measure import ENV, MKDOCS, machine  # noqa: E402
from real_site import copy_content  # noqa: E402

LINE = re.compile(r"ketenwijzer: (\S+\.pdf): (\d+) pages, (\d+) kB, (.*)$", re.M)


def build(root: Path, site: Path) -> tuple[float, list[tuple[str, int, int, str]]]:
    """Seconds of one `mkdocs build`, and its PDF lines (path, pages, kB, what happened)."""
    start = time.perf_counter()
    proc = subprocess.run([*MKDOCS, "build", "--site-dir", str(site)], cwd=root, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"mkdocs build failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return seconds, [(path, int(pages), int(kb), how) for path, pages, kb, how in LINE.findall(proc.stderr)]


def step_overhead(root: Path, site: Path, repeat: int) -> float:
    """Median seconds of the PDF step alone when nothing changed (in this process)."""
    from ketenwijzer.site import sitemodel
    from ketenwijzer.printing import books

    model = sitemodel.load(root)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        results = books.build_books(model, site, "http://127.0.0.1:8000/", "Ketenwijzer", ("nl", "en"))
        times.append(time.perf_counter() - start)
        assert not any(r.rendered for r in results), "the warm PDF step rendered a book"
    return statistics.median(times)


def show(title: str, seconds: float, lines) -> None:
    print(f"{title}: build {seconds:.1f} s")
    for path, pages, kb, how in lines:
        print(f"  {path:<36} {pages:>3} pages {kb:>5} kB  {how}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="warm builds to take the median of (default 3)")
    args = parser.parse_args()
    print(f"# PDF build figures on {machine()}")
    with tempfile.TemporaryDirectory(prefix="kw-pdf-bench-") as tmp:
        root, site = Path(tmp) / "project", Path(tmp) / "site"
        root.mkdir()
        copy_content(root)

        cold, lines = build(root, site)
        show("1. empty cache, every book rendered", cold, lines)
        rendered = [float(m.group(1)) for *_, how in lines if (m := re.match(r"rendered in ([\d.]+) s", how))]
        print(f"  render time, all books: {sum(rendered):.1f} s of work (two processes share it)")

        warm_runs = [build(root, site) for _ in range(args.repeat)]
        warm = statistics.median(seconds for seconds, _ in warm_runs)
        show(f"2. nothing changed (median of {args.repeat})", warm, warm_runs[-1][1])
        print(
            f"  the PDF step alone: {step_overhead(root, site, args.repeat) * 1000:.0f} ms; "
            f"the empty cache cost {cold - warm:.1f} s more"
        )

        chapter = root / "handreiking" / "05-voorlichting.nl.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEen zin voor de meting.\n", encoding="utf-8")
        changed, lines = build(root, site)
        show("3. one handbook chapter changed", changed, lines)
        again = sum(1 for *_, how in lines if how.startswith("rendered"))
        print(f"  books rendered again: {again} of {len(lines)}")


if __name__ == "__main__":
    main()
