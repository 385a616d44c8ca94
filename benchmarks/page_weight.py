"""Page weight of the real site: bytes a first visit and a first search query transfer.

    .venv/bin/python benchmarks/page_weight.py                 # build the repo's site, measure, compare to budget
    .venv/bin/python benchmarks/page_weight.py --site site/    # measure an already built site instead
    .venv/bin/python benchmarks/page_weight.py --keep /tmp/kw  # keep the built copy for inspection
    .venv/bin/python benchmarks/page_weight.py --budget 500    # override the budget (KB, gzip, first visit)
    .venv/bin/python benchmarks/page_weight.py --archive 10000 # also a synthetic archive of 10,000 articles per language
    .venv/bin/python benchmarks/page_weight.py --archive 10000 --keep /tmp/kw --reuse  # measure that archive again

What it does:

1. Copies docs/ handreiking/ stories/ overrides/ mkdocs.yml into a temporary
   folder and runs ``python -m mkdocs build --site-dir X`` there (env
   NO_MKDOCS_2_WARNING=1), so the checkout is not touched.
2. Serves the built site on 127.0.0.1 (tests/site_server.py) and opens one page
   of every type, in Dutch (/) and English (/en/), each in a fresh browser
   context: an empty cache, as a first visit.
3. Sums the bytes of every response per category: HTML, CSS, JS, fonts, images,
   search (anything under /pagefind/: Pagefind's script, its WebAssembly and the
   index chunks; a first visit should load none of it) and other
   (anything else, and every response with an error status, such as 404 pages).
   Sizes are response body lengths (``response.body()``). The test server sends
   no compression; real hosting does, so when a response is not compressed the
   script also reports what gzip would transfer (``gzip.compress`` of each
   compressible body: HTML, CSS, JS, JSON, SVG, XML, text; fonts and raster
   images are sent as they are).
4. Counts requests to anything other than the loopback server (blocked; must be 0).
5. A first query: on a fresh page (empty cache) opens the search dialog with
   "/", fills in a query, waits for the results and sums what was transferred
   from opening the dialog on (pagefind.js, its WebAssembly, the language's
   metadata, the index chunks and page records the query needs), split into
   those parts. The dialog shows the first 5 results and loads only their page
   records. Budget: QUERY_BUDGET_KB per query.
6. With ``--archive N``: writes the synthetic project of benchmarks/corpus.py
   with N articles per language, builds it and measures the same there (first
   visit of the home page, an article and the archive; first queries), so the
   two can be compared: the first visit must not grow with the archive. The
   query table says in how many of the synthetic articles each query word
   occurs: the queries are words that many articles hold.
7. Compares each page's gzip total against the budget: a line containing
   "budget" and ``NNN KB`` in README.md (e.g. ``page-weight budget: 600 KB``),
   else a default of 600 KB per first visit (gzip). Prints OVER for pages over
   budget and exits 1 if any is over (or if any request left the loopback).

Needs Chromium at /usr/bin/chromium and Playwright for Python (both as in the
browser tests). Network: loopback only.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from real_site import CHROMIUM, CHROMIUM_ARGS, PAGE_TYPES, copy_content  # noqa: E402
from site_server import serve  # noqa: E402

DEFAULT_BUDGET_KB = 600
QUERY_BUDGET_KB = 300  # what a first search query may transfer (gzip)
# (language, query) for the first-query figures: a name, a topic word, a long word, two topic words, a place and a
# topic. In the synthetic archive each of these words occurs in many articles (the table prints in how many):
# "opvang" in about 60 % of the Dutch ones, "Sneek" in about 6 %
QUERIES = (
    ("nl", "DT&V"),
    ("nl", "terugkeer"),
    ("nl", "asielzoekerscentrum"),
    ("nl", "opvang gemeente"),
    ("nl", "Sneek inburgering"),
    ("en", "return"),
    ("en", "municipality housing"),
    ("en", "Sneek integration"),
)
ARCHIVE_PAGES = {"home": "", "article": "vreemdelingenvisie/01/artikel-1/", "archive": "vreemdelingenvisie/"}

CATEGORIES = ("html", "css", "js", "fonts", "img", "index", "other")
COMPRESSIBLE = ("html", "css", "js", "index", "other")  # + svg images, decided per response
KB = 1024


# -- build ------------------------------------------------------------------
def build_site(work: Path) -> Path:
    """Copy the sources into ``work`` and build them there; return the site folder."""
    root = work / "project"
    root.mkdir(parents=True, exist_ok=True)
    copy_content(root)
    site = work / "site"
    seconds = _mkdocs_build(root, site, "mkdocs build")
    print(f"# built the site in {seconds:.1f} s into {site}")
    return site


def _mkdocs_build(root: Path, site: Path, what: str) -> float:
    """Build the project at ``root`` into ``site`` with the project's own MkDocs; the seconds it took."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(f"{what} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return time.perf_counter() - start


# -- budget -----------------------------------------------------------------
def read_budget(readme: Path) -> tuple[int, str]:
    """(KB, where it came from): a README line with 'budget' and 'NNN KB', else the default."""
    if readme.exists():
        for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), 1):
            if "budget" in line.lower():
                found = re.search(r"(\d+)\s*KB", line, re.IGNORECASE)
                if found:
                    return int(found.group(1)), f"README.md line {number}: {line.strip()}"
    return DEFAULT_BUDGET_KB, f"default {DEFAULT_BUDGET_KB} KB per first visit (gzip); README.md states no page-weight budget"


# -- measuring ----------------------------------------------------------------
def category(url: str, resource_type: str, content_type: str) -> str:
    path = urlsplit(url).path.lower()
    if "/pagefind/" in path:
        return "index"
    if resource_type == "document" or "text/html" in content_type:
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css") or "text/css" in content_type:
        return "css"
    if resource_type == "script" or path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "js"
    if resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf", ".eot")) or content_type.startswith("font/"):
        return "fonts"
    if (
        resource_type == "image"
        or path.endswith((".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"))
        or content_type.startswith("image/")
    ):
        return "img"
    return "other"


PRECOMPRESSED = (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta", ".pagefind")  # Pagefind writes them gzipped


def compressible(cat: str, url: str, content_type: str) -> bool:
    if urlsplit(url).path.endswith(PRECOMPRESSED):
        return False
    if cat in COMPRESSIBLE:
        return True
    return cat == "img" and (urlsplit(url).path.lower().endswith(".svg") or "svg" in content_type)


def _fetch(url: str) -> bytes:
    """Fallback when the browser no longer holds a body (e.g. a worker's response): ask the loopback server."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _fresh_page(browser, base: str):
    """A new context (empty cache) whose requests outside ``base`` are blocked and counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    seen: list = []

    def guard(route):
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("requestfinished", lambda request: seen.append(request))
    return context, context.new_page(), seen, outside


def _settle(page, settle: float) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=int(settle * 1000))
    except Exception:  # noqa: BLE001 - a page that keeps polling still gets measured
        pass
    page.wait_for_timeout(300)


def _tally(seen: list, base: str, gzip_level: int) -> dict:
    """Bytes per category of the finished requests ``seen`` (raw, and as gzip would send them)."""
    raw = defaultdict(int)
    packed = defaultdict(int)
    compressed_by_server = False
    requests = []
    for request in list(seen):
        url = request.url
        if url.startswith(("data:", "blob:")):
            continue
        resp = request.response()
        if resp is None:
            continue
        headers = resp.headers
        ctype = headers.get("content-type", "")
        try:
            body = resp.body()
        except Exception:  # noqa: BLE001
            body = _fetch(url)
        # an error answer (e.g. a 404 page for a missing sitemap.xml) is not the page's HTML: count it as other
        cat = "other" if resp.status >= 400 else category(url, request.resource_type, ctype)
        raw[cat] += len(body)
        if headers.get("content-encoding"):
            compressed_by_server = True
            wire = int(headers.get("content-length") or len(body))
        elif compressible(cat, url, ctype):
            wire = len(gzip.compress(body, gzip_level))
        else:
            wire = len(body)
        packed[cat] += wire
        requests.append((cat, url[len(base) - 1 :] if url.startswith(base) else url, len(body), wire, resp.status))
    return {"raw": raw, "gzip": packed, "requests": requests, "server_compressed": compressed_by_server}


def measure_page(browser, base: str, path: str, gzip_level: int, settle: float) -> dict:
    context, page, seen, outside = _fresh_page(browser, base)
    response = page.goto(base + path, wait_until="load")
    status = response.status if response else 0
    _settle(page, settle)
    figures = _tally(seen, base, gzip_level)
    context.close()
    return {"status": status, "outside": outside, **figures}


def measure_query(browser, base: str, lang: str, query: str, gzip_level: int, settle: float) -> dict:
    """What a first query transfers: from opening the search dialog on a freshly loaded home page to its results."""
    from search_driver import open_dialog, search

    context, page, seen, outside = _fresh_page(browser, base)
    page.goto(base + ("" if lang == "nl" else "en/"), wait_until="load")
    _settle(page, settle)
    before = len(seen)
    open_dialog(page)
    results = search(page, query, typed=False, timeout=120_000)  # bytes, not speed: a busy machine may be slow
    _settle(page, settle)
    figures = _tally(seen[before:], base, gzip_level)
    found = int(page.get_attribute("[data-kw-search]", "data-count") or 0)
    context.close()
    return {"results": len(results), "found": found, "outside": outside, **figures}


def measure_site(site: Path, pages: dict[str, str], gzip_level: int, settle: float) -> tuple[list, list]:
    """First visits of ``pages`` and first queries of QUERIES, in both languages."""
    from playwright.sync_api import sync_playwright

    rows, queries = [], []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for kind, page_path in pages.items():
                for lang in ("nl", "en"):
                    path = ("" if lang == "nl" else "en/") + page_path
                    rows.append((kind, lang, path, measure_page(browser, base, path, gzip_level, settle)))
            for lang, query in QUERIES:
                queries.append((lang, query, measure_query(browser, base, lang, query, gzip_level, settle)))
        finally:
            browser.close()
    return rows, queries


def _query_parts(requests: list) -> dict[str, tuple[int, float]]:
    """(requests, gzip KB) per part of a query's transfer: Pagefind's code, its metadata, index chunks, page records."""
    parts = {"code": [0, 0.0], "meta": [0, 0.0], "chunks": [0, 0.0], "records": [0, 0.0], "other": [0, 0.0]}
    for _cat, url, _size, wire, _code in requests:
        path = urlsplit(url).path
        part = (
            "chunks"
            if path.endswith((".pf_index", ".pf_filter"))
            else "records"
            if path.endswith(".pf_fragment")
            else "meta"
            if path.endswith(".pf_meta")
            else "code"
            if "/pagefind/" in path
            else "other"
        )
        parts[part][0] += 1
        parts[part][1] += wire / KB
    return {part: (n, kb) for part, (n, kb) in parts.items()}


def print_queries(title: str, queries: list, holding: dict[tuple[str, str], str] | None = None) -> list[str]:
    """Print the first-query table; the queries over QUERY_BUDGET_KB. ``holding``: per (language, query), in how
    many articles its words occur."""
    print(
        f"\n# first query, {title}: KB from opening the search dialog to the results shown (gzip; Pagefind's "
        f"index files are compressed already and counted as sent). code: pagefind.js, its worker and WebAssembly; "
        f"meta: the language's page list and chunk map; chunks: index chunks the words need (requests/KB); "
        f"records: the shown results' page records"
    )
    print(
        f"{'lang':<5}{'query':<24}{'found':>6}{'shown':>6}{'code':>7}{'meta':>7}{'chunks':>11}{'records':>11}"
        f"{'total KB':>9}  budget"
    )
    over = []
    for lang, query, m in queries:
        parts = _query_parts(m["requests"])
        total = sum(m["gzip"].values()) / KB
        verdict = "OVER" if total > QUERY_BUDGET_KB else "ok"
        if verdict == "OVER":
            over.append(f"{lang} {query!r}")
        chunks, records = parts["chunks"], parts["records"]
        print(
            f"{lang:<5}{query!r:<24}{m['found']:>6}{m['results']:>6}{parts['code'][1]:>7.1f}{parts['meta'][1]:>7.1f}"
            f"{chunks[0]:>4}/{chunks[1]:>6.1f}{records[0]:>4}/{records[1]:>6.1f}{total:>9.1f}  {verdict}"
            + (f"  ({holding[lang, query]})" if holding and (lang, query) in holding else "")
        )
    print(f"query budget: {QUERY_BUDGET_KB} KB per first query (gzip)")
    return over


def archive_site(work: Path, articles: int, reuse: bool = False) -> tuple[Path, dict[tuple[str, str], str]]:
    """The synthetic project of benchmarks/corpus.py with ``articles`` per language, built (``reuse``: the one
    an earlier run with --keep built in ``work``); and per query of QUERIES, in how many of its articles each
    of the query's words occurs."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    root, site = work / "archive", work / "archive-site"
    if reuse and (site / "pagefind").is_dir():
        pages = sum(1 for _ in site.rglob("*.html"))
        print(f"# measuring the synthetic archive built before in {site} ({pages} HTML files)")
    else:
        corpus.project(root, articles)
        seconds = _mkdocs_build(root, site, "mkdocs build of the synthetic archive")
        pages = sum(1 for _ in site.rglob("*.html"))
        print(f"# built a synthetic archive of {articles} articles per language ({pages} HTML files) in {seconds:.1f} s")
    holding = {}
    for lang, query in QUERIES:
        total, counts = corpus.articles_holding(root, lang, query.split())
        holding[lang, query] = ", ".join(f"{word} in {n:,} of {total:,} articles" for word, n in counts.items())
    return site, holding


def report_visits(
    title: str, rows: list, budget: int, source: str, gzip_level: int, list_requests: bool
) -> tuple[list, list, list]:
    """Print the first-visit table; (pages over budget, requests outside, pages not answering 200)."""
    print(f"\n## {title}")
    server_compressed = any(r[3]["server_compressed"] for r in rows)
    print(
        f"# first visit (empty cache), bytes per category in KB (1 KB = 1024 bytes; 'other' includes error answers, "
        f"counted in column 4xx); "
        f"{'gzip = as served (server compresses)' if server_compressed else f'server sends no compression: gzip = estimate, gzip -{gzip_level} of text responses'}"
    )
    head = (
        f"{'page':<13}{'lang':<5}{'status':>6}"
        + "".join(f"{c:>8}" for c in CATEGORIES)
        + f"{'total':>9}{'gzip':>8}{'index gz':>9}{'w/o idx gz':>11}{'reqs':>5}{'4xx':>4}  budget"
    )
    print(head)
    print("-" * len(head))
    over = []
    outside_all = []
    for kind, lang, _path, m in rows:
        raw, packed = m["raw"], m["gzip"]
        total, total_gz = sum(raw.values()), sum(packed.values())
        verdict = "OVER" if total_gz > budget * KB else "ok"
        if verdict == "OVER":
            over.append((kind, lang, m))
        outside_all += [(kind, lang, u) for u in m["outside"]]
        print(
            f"{kind:<13}{lang:<5}{m['status']:>6}"
            + "".join(f"{raw[c] / KB:>8.1f}" for c in CATEGORIES)
            + f"{total / KB:>9.1f}{total_gz / KB:>8.1f}{packed['index'] / KB:>9.1f}{(total_gz - packed['index']) / KB:>11.1f}"
            f"{len(m['requests']):>5}{sum(1 for r in m['requests'] if r[4] >= 400):>4}  {verdict}"
        )
    print()
    print(f"budget: {budget} KB per first visit (gzip) -- from {source}")
    searched = [f"{k}/{lg}" for k, lg, _, m in rows if m["raw"]["index"]]
    print(f"search files (/pagefind/) loaded by a first visit: {'none' if not searched else 'on ' + ', '.join(searched)}")
    bad = [(k, lg, m["status"]) for k, lg, _, m in rows if m["status"] != 200]
    if bad:
        print("pages not answering 200: " + ", ".join(f"{k}/{lg} ({s})" for k, lg, s in bad))
    failed = defaultdict(list)  # (url, status) -> pages; sub-requests the server answered with an error
    for kind, lang, _, m in rows:
        for _cat, url, size, wire, code in m["requests"]:
            if code >= 400:
                failed[(url, code, size, wire)].append(f"{kind}/{lang}")
    if failed:
        waste = sum(wire * len(pages) for (_, _, _, wire), pages in failed.items())
        print(
            f"requests answered with an error (their bodies are counted above): {sum(map(len, failed.values()))}, "
            f"{waste / KB:.1f} KB gzip in all"
        )
        for (url, code, size, wire), pages in sorted(failed.items()):
            print(f"  {code} {url} ({size / KB:.1f} KB raw, {wire / KB:.1f} KB gzip) on {', '.join(pages)}")
    print(f"requests outside the loopback server (blocked): {len(outside_all)}")
    by_url = defaultdict(list)
    for kind, lang, url in outside_all:
        by_url[url].append(f"{kind}/{lang}")
    for url, pages in sorted(by_url.items()):
        print(f"  {len(pages)}x {url} from {', '.join(sorted(set(pages), key=pages.index))}")
    if any(u.endswith("sitemap.xml") for u in by_url) or any(k[0].endswith("sitemap.xml") for k in failed):
        print(
            "  (sitemap.xml: Material's language selector fetches sitemap.xml beside the href of every "
            "<link rel=alternate> in the page head, feed links and per-page translations included)"
        )
    if list_requests:
        for kind, lang, path, m in rows:
            print(f"\n## {kind}/{lang} /{path}")
            for cat, url, size, wire, code in sorted(m["requests"], key=lambda r: -r[2]):
                print(f"  {code} {cat:<6}{size / KB:>9.1f} KB raw{wire / KB:>9.1f} KB gzip  {url}")
    for kind, lang, m in over:
        biggest = sorted(m["requests"], key=lambda r: -r[3])[:4]
        print(
            f"OVER {kind}/{lang}: {sum(m['gzip'].values()) / KB:.1f} KB gzip > {budget} KB; heaviest: "
            + ", ".join(f"{url} {wire / KB:.0f} KB" for _, url, _, wire, _ in biggest)
        )
    return over, outside_all, bad


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[1:]),
    )
    parser.add_argument("--site", type=Path, help="measure this already built site instead of building one")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary folder)")
    parser.add_argument("--budget", type=int, help="budget in KB per first visit (gzip); default: README.md, else 600")
    parser.add_argument("--gzip-level", type=int, default=6, help="gzip level for the estimate (default 6, as typical servers)")
    parser.add_argument("--settle", type=float, default=10.0, help="seconds to wait for network idle")
    parser.add_argument("--requests", action="store_true", help="also list every request of every page")
    parser.add_argument("--only", nargs="+", choices=list(PAGE_TYPES), help="measure only these page types")
    parser.add_argument(
        "--archive",
        type=int,
        metavar="N",
        help="also build and measure a synthetic archive of N articles per language (e.g. 10000)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep and --archive: measure the synthetic archive an earlier run built there"
    )
    args = parser.parse_args()

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run 'make chromium'")
    if args.budget is not None:
        budget, source = args.budget, "--budget on the command line"
    else:
        budget, source = read_budget(REPO / "README.md")

    temporary = None
    work = args.keep or Path(temporary := tempfile.mkdtemp(prefix="kw-weight-"))
    sites = []
    try:
        site = args.site.resolve() if args.site else build_site(Path(work))
        sites.append(("the real site", site, {kind: PAGE_TYPES[kind] for kind in args.only or PAGE_TYPES}, None))
        if args.archive:
            archive_path, holding = archive_site(Path(work), args.archive, reuse=args.reuse)
            sites.append((f"synthetic archive, {args.archive} articles per language", archive_path, ARCHIVE_PAGES, holding))
        failed = []
        first_visits = {}
        for title, site, pages, holding in sites:
            rows, queries = measure_site(site, pages, args.gzip_level, args.settle)
            over, outside_all, bad = report_visits(title, rows, budget, source, args.gzip_level, args.requests)
            over_queries = print_queries(title, queries, holding)
            outside_all += [(lang, query, url) for lang, query, m in queries for url in m["outside"]]
            first_visits[title] = {(kind, lang): sum(m["gzip"].values()) for kind, lang, _, m in rows}
            if over or outside_all or bad or over_queries:
                failed.append(title)
        if len(sites) > 1:
            real, archive = first_visits[sites[0][0]], first_visits[sites[1][0]]
            print("\n# first visit, real site against the synthetic archive (gzip KB)")
            for key in sorted(set(real) & set(archive)):
                print(f"  {key[0]:<8}{key[1]:<4}{real[key] / KB:>8.1f}{archive[key] / KB:>9.1f}")
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    if failed:
        print(f"over budget, outside requests or errors in: {', '.join(failed)}")
        return 1
    print("every first visit and every first query within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
