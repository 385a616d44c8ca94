"""Search quality: does what people type find the page they mean, in the first three results?

    .venv/bin/python benchmarks/search_quality.py             # build the repo's site, run every query
    .venv/bin/python benchmarks/search_quality.py --site X    # an already built site
    .venv/bin/python benchmarks/search_quality.py --typed     # type key by key (slower; the default fills the box)

Each query is typed into the header's search dialog of the real built site in
headless Chromium (tests/search_driver.py), so it runs through the same
kw-search.js and Pagefind index a reader gets. The queries are:

- every registry organisation by each of its names: abbreviation, the ways
  people type it ("DT&V", "DT en V", "DTenV", "dtv"), name and aliases, in
  Dutch on the Dutch site and the English name on the English site; read from
  docs/wie-doet-wat/organisaties.yml, so they follow the registry;
- a fixed list of abbreviations both ways, synonyms, situations, people's
  roles and article topics in both languages (QUERIES below).

Prints hit@1 and hit@3 (share of queries whose expected page is first / among
the first three), every miss with what came first, and exits 1 when hit@3 is
below the target (95 %) or any result is in the other language.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
from real_site import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from search_driver import open_dialog, search  # noqa: E402
from site_server import serve  # noqa: E402

from ketenwijzer.search import pagefind as pagefind_step  # noqa: E402
from ketenwijzer.domain import registry as registry_mod  # noqa: E402

TARGET = 0.95
ORG = "/wie-doet-wat/organisaties/{}/"
ROLE = "/wie-doet-wat/rollen/{}/"
TOPIC = "/wie-doet-wat/onderwerpen/{}/"

# (language, query, expected path without the language prefix, kind)
QUERIES = [
    # abbreviations both ways (afkortingen.yml) and synonyms (synoniemen.yml)
    # afkortingen.yml points azc at the COA (see: coa)
    ("nl", "azc", ORG.format("coa"), "abbreviation"),
    ("nl", "asielzoekerscentrum", ORG.format("coa"), "abbreviation"),
    ("nl", "AMV", TOPIC.format("minderjarigen"), "abbreviation"),
    ("nl", "alleenstaande minderjarige vreemdeling", TOPIC.format("minderjarigen"), "abbreviation"),
    ("nl", "statushouders", TOPIC.format("huisvesting"), "synonym"),
    ("nl", "vergunninghouders", TOPIC.format("huisvesting"), "synonym"),
    ("nl", "ingeburgerd", TOPIC.format("inburgering"), "synonym"),
    ("nl", "uitgeprocedeerd", TOPIC.format("zonder-verblijfsstatus"), "synonym"),
    ("nl", "nareis", TOPIC.format("gezinshereniging"), "synonym"),
    ("en", "asylum seekers' centre", ORG.format("coa"), "abbreviation"),
    ("en", "unaccompanied minor", TOPIC.format("minderjarigen"), "abbreviation"),
    ("en", "status holders", TOPIC.format("huisvesting"), "synonym"),
    ("en", "permit holders", TOPIC.format("huisvesting"), "synonym"),
    ("en", "family reunion", TOPIC.format("gezinshereniging"), "synonym"),
    ("en", "undocumented", TOPIC.format("zonder-verblijfsstatus"), "synonym"),
    # topics and situations
    ("nl", "terugkeer", TOPIC.format("terugkeer-en-vertrek"), "topic"),
    ("nl", "opvang", TOPIC.format("opvang"), "topic"),
    ("nl", "asielprocedure", TOPIC.format("asielprocedure"), "topic"),
    ("nl", "huisvesting", TOPIC.format("huisvesting"), "topic"),
    ("nl", "gezinshereniging", TOPIC.format("gezinshereniging"), "topic"),
    ("nl", "DigiD", TOPIC.format("digid"), "topic"),
    ("nl", "zonder verblijfsstatus", TOPIC.format("zonder-verblijfsstatus"), "topic"),
    ("nl", "geldzaken", TOPIC.format("geldzaken"), "topic"),
    ("nl", "leefgeld", TOPIC.format("geldzaken"), "situation"),
    ("nl", "vrouwelijke tolk", "/verhalen/beslismedewerker-ind/", "situation"),
    ("en", "return", TOPIC.format("terugkeer-en-vertrek"), "topic"),
    ("en", "civic integration", TOPIC.format("inburgering"), "topic"),
    ("en", "asylum procedure", TOPIC.format("asielprocedure"), "topic"),
    ("en", "family reunification", TOPIC.format("gezinshereniging"), "topic"),
    ("en", "health", TOPIC.format("gezondheid"), "topic"),
    ("en", "legal assistance", TOPIC.format("juridische-begeleiding"), "topic"),
    # people's roles
    ("nl", "regievoerder", ROLE.format("dtv-regievoerder"), "role"),
    ("nl", "woonbegeleider", ROLE.format("coa-woonbegeleider"), "role"),
    ("nl", "voogd", ROLE.format("nidos-voogd"), "role"),
    ("nl", "wijkagent", ROLE.format("politie-wijkagent"), "role"),
    ("nl", "leerplichtambtenaar", ROLE.format("gemeenten-leerplichtambtenaar"), "role"),
    ("nl", "beslismedewerker", ROLE.format("ind-beslismedewerker"), "role"),
    ("nl", "terugkeerconsulent", ROLE.format("iom-medewerker"), "role"),
    ("en", "case manager", ROLE.format("dtv-regievoerder"), "role"),
    ("en", "guardian", ROLE.format("nidos-voogd"), "role"),
    ("en", "neighbourhood officer", ROLE.format("politie-wijkagent"), "role"),
    ("en", "decision officer", ROLE.format("ind-beslismedewerker"), "role"),
    ("en", "return counsellor", ROLE.format("iom-medewerker"), "role"),
    # handbook chapters, stories and articles
    ("nl", "verwijzen", "/handreiking/03-verwijzen/", "handbook"),
    ("nl", "verwijzingen", "/handreiking/03-verwijzen/", "handbook"),
    ("nl", "VOORwerk VIP2", "/handreiking/06-voorwerk-en-vip2/", "handbook"),
    ("nl", "werkafspraken", "/handreiking/08-werkafspraken/", "handbook"),
    ("nl", "pilots", "/handreiking/09-pilots/", "handbook"),
    ("nl", "Tanzania", "/vreemdelingenvisie/02/cbr-hostmanship/", "article"),
    ("nl", "hostmanship", "/vreemdelingenvisie/02/cbr-hostmanship/", "article"),
    ("nl", "LVV pilot", "/vreemdelingenvisie/02/lvv-pilot/", "article"),
    ("nl", "ketenconferentie 2018", "/vreemdelingenvisie/02/ketenconferentie-2018/", "article"),
    ("nl", '"een uit duizenden"', "/vreemdelingenvisie/01/een-uit-duizenden/", "article"),
    ("nl", "Zestien en alleen", "/verhalen/voogd-nidos/", "story"),
    ("en", "referred", "/handreiking/03-verwijzen/", "handbook"),
    ("en", "referrals", "/wie-doet-wat/verwijzen/", "finder"),
    ("en", "working agreements", "/handreiking/08-werkafspraken/", "handbook"),
    ("en", "hostmanship", "/vreemdelingenvisie/02/cbr-hostmanship/", "article"),
    ("en", "LVV pilot", "/vreemdelingenvisie/02/lvv-pilot/", "article"),
]


def organisation_queries(registry) -> list[tuple[str, str, str, str]]:
    """Every organisation by each of its names, in both languages."""
    out = []
    for oid, org in registry.organisations.items():
        expected = ORG.format(oid)
        for lang in ("nl", "en"):
            names = []
            if org.abbreviation:
                names += pagefind_step.spellings(org.abbreviation, lang)
                names.append(org.abbreviation.replace("&", "").lower())  # "dtv", "jv"
            names.append(registry_mod.text(org.name, lang))
            if lang == "nl":
                names += list(org.aliases)
            for name in dict.fromkeys(names):
                out.append((lang, name, expected, "organisation"))
    return out


def build(work: Path) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from page_weight import build_site

    return build_site(work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the repository's site)")
    parser.add_argument("--typed", action="store_true", help="type every query key by key, as the browser tests do")
    parser.add_argument("--verbose", action="store_true", help="print the first three results of every query")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    registry, problems = registry_mod.load(REPO / "docs" / "wie-doet-wat", REPO)
    if problems:
        raise SystemExit("the registry has problems; run `ketenwijzer check`")
    queries = organisation_queries(registry) + QUERIES
    temporary = None
    site = args.site.resolve() if args.site else build(Path(temporary := tempfile.mkdtemp(prefix="kw-search-")))
    rows = []
    start = time.perf_counter()
    try:
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for lang in ("nl", "en"):
                page = browser.new_page()
                page.goto(base + ("" if lang == "nl" else "en/"))
                open_dialog(page)
                prefix = "" if lang == "nl" else "/en"
                for q_lang, query, expected, kind in queries:
                    if q_lang != lang:
                        continue
                    results = [r.path for r in search(page, query, typed=args.typed)]
                    rows.append((lang, query, prefix + expected, kind, results))
                page.close()
            browser.close()
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    seconds = time.perf_counter() - start
    hit1 = [r for r in rows if r[4][:1] == [r[2]]]
    hit3 = [r for r in rows if r[2] in r[4][:3]]
    wrong_language = [(r[1], p) for r in rows for p in r[4] if p.startswith("/en/") != (r[0] == "en")]
    if args.verbose:
        for lang, query, expected, _kind, results in rows:
            print(f"  {lang} {query!r}: {'ok ' if expected in results[:3] else 'MISS'} {results[:3]}")
    print(
        f"# {len(rows)} queries ({sum(r[0] == 'nl' for r in rows)} Dutch, {sum(r[0] == 'en' for r in rows)} English) "
        f"in {seconds:.1f} s, {'typed key by key' if args.typed else 'filled at once'}"
    )
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row[3], []).append(row)
    for kind, kind_rows in by_kind.items():
        print(f"  {kind:<13} {sum(r[2] in r[4][:3] for r in kind_rows):>3}/{len(kind_rows):<3} in the top 3")
    print(f"hit@1: {len(hit1) / len(rows):.1%} ({len(hit1)}/{len(rows)})")
    print(f"hit@3: {len(hit3) / len(rows):.1%} ({len(hit3)}/{len(rows)}); target {TARGET:.0%}")
    misses = [r for r in rows if r[2] not in r[4][:3]]
    print(f"misses: {len(misses)}")
    for lang, query, expected, kind, results in misses:
        place = results.index(expected) + 1 if expected in results else None
        print(
            f"  {lang} {query!r} ({kind}): expected {expected} "
            f"{f'at place {place}' if place else 'not found'}; first: {', '.join(results[:3]) or 'nothing'}"
        )
    print(f"results in the other language: {len(wrong_language)}")
    return 0 if len(hit3) / len(rows) >= TARGET and not wrong_language else 1


if __name__ == "__main__":
    sys.exit(main())
