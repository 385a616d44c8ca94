"""Ketenwijzer against the stock stack, on the same synthetic corpus, in one run.

    python benchmarks/stock.py                    # 200 articles per language, 2 builds of each
    python benchmarks/stock.py --articles 1000 --rounds 3

The stock stack is what a team would set up without Ketenwijzer: plain MkDocs with Material,
mkdocs-static-i18n (the same nl/en suffix layout) and Material's own search, no ketenwijzer
plugin and no theme overrides. It builds the same Markdown pages of benchmarks/corpus.py: the
handbook and the stories moved into docs/ (Ketenwijzer joins them from their own folders), the
registry's YAML left out (the stock stack has nothing that turns it into pages, so Ketenwijzer
builds more pages than the stock one; both counts are printed).

The builds alternate (Ketenwijzer, stock, stock, Ketenwijzer, ...) so that a machine getting
slower or faster during the run hits both alike; the ratio printed is of the medians of this
run. Wall time is what a person waits; CPU time (user + system, forked children included) is
the work done: Ketenwijzer builds English in a forked process beside Dutch, so on more than one
core its wall time is below its CPU time. Every build is a real `mkdocs build` in a child process.
Network: none.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from measure import build_usage, machine

# the project's own mkdocs.yml without the ketenwijzer plugin, its overrides and its validation
# settings; the theme features and Markdown extensions are the same
STOCK_CONFIG = """\
site_name: Ketenwijzer
site_url: http://127.0.0.1:8000/
docs_dir: docs
use_directory_urls: true

theme:
  name: material
  language: nl
  font: false
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
    - content.tooltips

plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - locale: nl
          default: true
          name: Nederlands
          build: true
        - locale: en
          name: English
          build: true

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - abbr
  - def_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets
"""


def stock_project(source: Path, out: Path) -> Path:
    """The corpus at ``source`` laid out for the stock stack in ``out``."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source / "docs", out / "docs", ignore=shutil.ignore_patterns("wie-doet-wat"))
    shutil.copytree(source / "handreiking", out / "docs" / "handreiking")
    shutil.copytree(source / "stories", out / "docs" / "verhalen")
    (out / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return out


def article_pages(site: Path) -> int:
    """Built article pages in both languages (the pages both stacks must have)."""
    return sum(1 for _ in site.glob("vreemdelingenvisie/*/artikel-*/index.html")) + sum(
        1 for _ in site.glob("en/vreemdelingenvisie/*/artikel-*/index.html")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles per language (default 200)")
    parser.add_argument("--rounds", type=int, default=2, help="builds of each stack, alternating (default 2)")
    parser.add_argument("--keep", type=Path, help="build here and keep the output (default: a temporary folder)")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 10 or not 1 <= args.articles <= 5000:
        parser.error("--rounds must be 1 to 10 and --articles 1 to 5000")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kw-stock-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        roots = {"ketenwijzer": corpus.project(work / "ketenwijzer", args.articles)}
        roots["stock"] = stock_project(roots["ketenwijzer"], work / "stock")
        print(f"# {time.strftime('%Y-%m-%d')} on {machine()}")
        print(f"{args.articles} articles per language; {args.rounds} builds of each stack, alternating")
        print(f"{'build':>5} {'stack':<12} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'HTML':>6} {'articles':>8}")
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
        count = 0
        for round_ in range(args.rounds):
            order = list(roots) if round_ % 2 == 0 else list(reversed(roots))
            for name in order:
                site = work / f"site-{name}"
                shutil.rmtree(site, ignore_errors=True)
                wall, cpu, peak = build_usage(roots[name], site)
                count += 1
                html = sum(1 for _ in site.rglob("*.html"))
                articles = article_pages(site)
                if articles != 2 * args.articles:
                    raise SystemExit(
                        f"the {name} build has {articles} article pages, not {2 * args.articles}: "
                        f"the comparison would not be of the same pages"
                    )
                figures[name].append((wall, cpu))
                print(f"{count:>5} {name:<12} {wall:>7.1f} {cpu:>7.1f} {peak:>8.0f} {html:>6} {articles:>8}", flush=True)
        median = {
            name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)) for name, runs in figures.items()
        }
        (kw_wall, kw_cpu), (st_wall, st_cpu) = median["ketenwijzer"], median["stock"]
        print(
            f"median wall s: ketenwijzer {kw_wall:.1f}, stock {st_wall:.1f}  ->  stock / ketenwijzer = {st_wall / kw_wall:.1f}x"
        )
        print(f"median CPU s:  ketenwijzer {kw_cpu:.1f}, stock {st_cpu:.1f}  ->  stock / ketenwijzer = {st_cpu / kw_cpu:.1f}x")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
