"""Registry scale benchmark: do the "Wie doet wat" pages build in time linear in the registry's size?

    .venv/bin/python benchmarks/registry_bench.py                  # 1/4, 1/2, 1x, 2x of 200/1000/5000, with full builds
    .venv/bin/python benchmarks/registry_bench.py --no-build       # in-process steps only (quick)
    .venv/bin/python benchmarks/registry_bench.py --scales 1 2 4   # other multiples of 200 orgs / 1000 roles / 5000 referrals
    .venv/bin/python benchmarks/registry_bench.py --fixed-orgs 0   # skip the series with a fixed number of organisations
    .venv/bin/python benchmarks/registry_bench.py --no-build --no-gc   # algorithmic cost alone, without CPython's GC

For each size, benchmarks/corpus.registry() writes a synthetic registry
(organisations, roles, referrals scaled together; 20 topics, 5 phases) and
the script times:

  load     registry.load(): read + validate the YAML files and build the indexes
  pages    registry_pages.all_pages() for nl and en (the plugin's on_files step;
           backlinks empty: the benchmark project tags no pages), with the time
           per page kind (overview, finder, organisation, role, topic pages)
  abbr     page_extras.Abbreviations.definitions_for() over every generated
           page in both languages, as the plugin's on_page_markdown does
  build    a full `python -m mkdocs build` of a minimal project holding only
           the registry (mkdocs.yml and overrides/ from this repo, a home page
           in both languages), in a child process (skip with --no-build)

In-process steps report the best of --repeat runs (least disturbed by other
work on the machine). The last lines give the scaling exponent of each step:
the least-squares slope of log(seconds) against log(size); 1.0 is linear,
2.0 quadratic. A second series keeps the number of organisations fixed
(--fixed-orgs, default 20) while roles and referrals grow: per-organisation
work that is repeated for every role then shows up as an exponent near 2.

Timing figures are noisy on a shared machine: run twice, compare exponents
rather than single seconds. Network: none.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))
import corpus  # noqa: E402
from measure import exponent, machine, timed_build  # noqa: E402
from ketenwijzer.generators import page_extras, registry_pages  # noqa: E402
from ketenwijzer.domain import registry as registry_mod  # noqa: E402

BASE = (200, 1000, 5000)  # organisations, roles, referrals at scale 1 (the size)
KINDS = ("overview", "finder", "organisations", "roles", "topics")
NO_GC = False  # --no-gc: time in-process steps with CPython's cyclic garbage collector off


def write_project(root: Path, organisations: int, roles: int, referrals: int, topics: int) -> Path:
    """A minimal project: this repo's mkdocs.yml and overrides/, a home page per language, the registry."""
    docs = corpus.skeleton(root)
    (docs / "index.nl.md").write_text(
        "---\ntitle: Start\ndescription: Startpagina van de benchmark.\n---\n\n# Start\n\n"
        "[Wie doet wat](wie-doet-wat/index.md)\n",
        encoding="utf-8",
    )
    (docs / "index.en.md").write_text(
        "---\ntitle: Home\ndescription: Home page of the benchmark.\n---\n\n# Home\n\n[Who does what](wie-doet-wat/index.md)\n",
        encoding="utf-8",
    )
    corpus.registry(root, organisations, roles, referrals, topics=topics)
    return root


def best(fn, repeat: int):
    """(best seconds, last result) of ``repeat`` calls."""
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()  # start every run from the same heap
        if NO_GC:
            gc.disable()
        try:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times), result


def pages_by_kind(reg, lang: str, tagged) -> dict[str, float]:
    """Seconds per kind of page, generating them as all_pages() does."""
    out = {}
    start = time.perf_counter()
    registry_pages.overview_page(reg, lang)
    out["overview"] = time.perf_counter() - start
    start = time.perf_counter()
    registry_pages.finder_page(reg, lang)
    out["finder"] = time.perf_counter() - start
    start = time.perf_counter()
    for oid in reg.organisations:
        registry_pages.organisation_page(reg, oid, lang, tagged)
    out["organisations"] = time.perf_counter() - start
    start = time.perf_counter()
    for rid in reg.roles:
        registry_pages.role_page(reg, rid, lang)
    out["roles"] = time.perf_counter() - start
    start = time.perf_counter()
    for tid in reg.topics:
        registry_pages.topic_page(reg, tid, lang, tagged)
    out["topics"] = time.perf_counter() - start
    return out


def build_figures(root: Path) -> tuple[float, float, int]:
    """(seconds, peak resident MB, HTML files) of one `mkdocs build` in a child process."""
    site = root / "site"
    seconds, peak = timed_build(root, site)
    return seconds, peak, sum(1 for _ in site.rglob("*.html"))


def measure(root: Path, repeat: int, build: bool) -> dict:
    directory = root / "docs" / "wie-doet-wat"
    load_s, (reg, problems) = best(lambda: registry_mod.load(directory, root), repeat)
    if problems:
        raise SystemExit("synthetic registry has problems:\n" + "\n".join(map(str, problems[:10])))
    tagged: dict = {}  # backlinks: the benchmark project tags no pages
    pages_s, generated = best(lambda: {lang: registry_pages.all_pages(reg, lang, tagged) for lang in ("nl", "en")}, repeat)
    kinds = {k: float("inf") for k in KINDS}
    for _ in range(repeat):
        got = {k: 0.0 for k in KINDS}
        gc.collect()
        if NO_GC:
            gc.disable()
        try:
            for lang in ("nl", "en"):
                for k, v in pages_by_kind(reg, lang, tagged).items():
                    got[k] += v
        finally:
            gc.enable()
        kinds = {k: min(kinds[k], got[k]) for k in KINDS}

    def abbr_scan():
        for lang, pages in generated.items():
            abbr = page_extras.Abbreviations(registry_pages.abbreviation_definitions(reg, lang))
            for markdown in pages.values():
                abbr.definitions_for(markdown)

    abbr_s, _ = best(abbr_scan, repeat)
    row = {
        "load": load_s,
        "pages": pages_s,
        "abbr": abbr_s,
        **{f"p.{k}": v for k, v in kinds.items()},
        "n_pages": sum(len(p) for p in generated.values()),
        "md_mb": sum(len(m) for p in generated.values() for m in p.values()) / 1e6,
    }
    if build:
        row["build"], row["peak_mb"], row["html"] = build_figures(root)
    return row


def series(title: str, points: list[tuple[float, tuple[int, int, int]]], work: Path, args, build: bool) -> None:
    print(f"\n## {title}")
    head = (
        f"{'scale':>6}{'orgs':>6}{'roles':>7}{'refs':>7}{'pages':>7}{'md MB':>7}{'load s':>8}{'pages s':>9}"
        + "".join(f"{k[:8]:>9}" for k in KINDS)
        + f"{'abbr s':>8}"
    )
    if build:
        head += f"{'build s':>9}{'peak MB':>8}{'HTML':>6}"
    print(head)
    rows = []
    for scale, (orgs, roles, refs) in points:
        root = write_project(work / f"reg-{orgs}-{roles}-{refs}", orgs, roles, refs, args.topics)
        row = measure(root, args.repeat, build)
        rows.append((scale, row))
        line = (
            f"{scale:>6g}{orgs:>6}{roles:>7}{refs:>7}{row['n_pages']:>7}{row['md_mb']:>7.1f}{row['load']:>8.3f}{row['pages']:>9.3f}"
            + "".join(f"{row['p.' + k]:>9.3f}" for k in KINDS)
            + f"{row['abbr']:>8.3f}"
        )
        if build:
            line += f"{row['build']:>9.1f}{row['peak_mb']:>8.0f}{row['html']:>6}"
        print(line, flush=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if len(rows) > 1:
        sizes = [s for s, _ in rows]
        keys = ["load", "pages", *[f"p.{k}" for k in KINDS], "abbr", "md_mb"] + (["build"] if build else [])
        print(
            "scaling exponent (1.0 = linear, 2.0 = quadratic): "
            + ", ".join(f"{k.removeprefix('p.')} {exponent(sizes, [r[k] for _, r in rows]):.2f}" for k in keys)
        )
        if len(rows) > 2:
            # without the smallest size: fixed costs (start-up, theme files) flatten the slope at small sizes
            upper = rows[1:]
            sizes = [s for s, _ in upper]
            print(
                f"  without the smallest size ({', '.join(f'{s:g}' for s in sizes)}): "
                + ", ".join(f"{k.removeprefix('p.')} {exponent(sizes, [r[k] for _, r in upper]):.2f}" for k in keys)
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[1:]),
    )
    parser.add_argument(
        "--scales",
        type=float,
        nargs="+",
        default=[0.25, 0.5, 1, 2],
        help="multiples of 200 organisations / 1000 roles / 5000 referrals (default: 0.25 0.5 1 2)",
    )
    parser.add_argument("--topics", type=int, default=20, help="topics (fixed, as in benchmarks/corpus.py; default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each in-process step; the best counts (default 3)")
    parser.add_argument("--no-build", action="store_true", help="skip the full mkdocs builds")
    parser.add_argument(
        "--build-scales", type=float, nargs="+", help="build only at these scales (default: every scale of the main series)"
    )
    parser.add_argument(
        "--fixed-orgs",
        type=int,
        default=20,
        help="second series: this many organisations while roles/referrals grow (0 = skip; default 20)",
    )
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="time the in-process steps with Python's cyclic garbage collector off: separates the "
        "algorithm's cost from the collector's, which grows with the live heap",
    )
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    global NO_GC
    NO_GC = args.no_gc

    work = args.keep or Path(tempfile.mkdtemp(prefix="kw-registry-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} on {machine()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"# in-process steps: best of {args.repeat}{', garbage collector off' if args.no_gc else ''}; "
        f"seconds cover both languages; timings are noisy on a shared machine"
    )
    try:
        scales = sorted(args.scales)
        points = [(s, tuple(max(1, round(n * s)) for n in BASE)) for s in scales]
        build = not args.no_build
        if build and args.build_scales:
            # two passes keep the table simple: in-process for all, builds only where asked
            series("registry scaled as a whole (organisations, roles, referrals)", points, work, args, False)
            chosen = [p for p in points if p[0] in set(args.build_scales)]
            series("full mkdocs builds", chosen, work, args, True)
        else:
            series("registry scaled as a whole (organisations, roles, referrals)", points, work, args, build)
        if args.fixed_orgs:
            fixed = [(s, (args.fixed_orgs, max(1, round(BASE[1] * s)), max(1, round(BASE[2] * s)))) for s in scales]
            series(
                f"organisations fixed at {args.fixed_orgs}; roles and referrals scaled (in-process only)",
                fixed,
                work,
                args,
                False,
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
