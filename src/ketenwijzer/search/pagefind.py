"""Site search with Pagefind: what each page gives the index, and the indexing run.

Pagefind reads the built HTML. Every page marks its content area with
``data-pagefind-body`` (so navigation, header and footer stay out), and the
page chrome inside the content (previous/next, subscribe box, tag lists,
heading anchors) is left out by ``CHROME``. Pagefind splits the index by each
page's ``<html lang>`` and stems Dutch and English, and writes it in chunks:
a first visit loads nothing of it, a query only the chunks it needs.

What people type is added to the page as hidden, indexed text:

- registry organisations, roles and topics carry their own names,
  abbreviations and aliases, and the ways people spell them ("DT&V", "DTV",
  "DTenV", "DT en V"), at the highest weight: they are the best bets;
- every page carries, at a low weight, the other side of each abbreviation
  it uses (the expansion, or the abbreviation of an expansion it spells out)
  and the other words of each synonym group of docs/wie-doet-wat/synoniemen.yml.

The functions here are plain; the MkDocs adapter calls them and puts their HTML into Material's pages
(``mkdocs_adapter/material.py``).
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ketenwijzer.generators import registry_pages
from ketenwijzer.domain.messages import t
from ketenwijzer.domain.registry import Organisation, Registry, text

log = logging.getLogger("mkdocs.plugins.ketenwijzer")

BUNDLE = "pagefind"  # the folder in the site that holds the index and pagefind.js
# page chrome inside the content area, left out of the index
CHROME = (".kw-prevnext", ".kw-tags", ".kw-subscribe", ".kw-chrome", ".headerlink", ".md-source-file", ".kw-page-meta", ".kw-pdf")
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
BEST_BET_WEIGHT = 10.0  # organisations and topics, for their own names
ROLE_WEIGHT = 5.0  # a role's title: a role named after its organisation ("LVV-coördinator") stays below it
EXPANSION_WEIGHT = 0.5
NAMES_FIELD = "names"  # the metadata field of best bets (organisations and topics); kw-search.js weighs it
# between hidden terms: a sign real text does not use, so the search dialog can tell an excerpt
# drawn from them (and show the page's description instead)
TERM_SEPARATOR = " ¦ "

# the site's sections, by the first folder of a page's slug, as search filters
SECTIONS = {
    "handreiking": "section.handreiking",
    "verhalen": "section.verhalen",
    "vreemdelingenvisie": "section.vreemdelingenvisie",
    registry_pages.BASE: "section",
}


def section_key(slug: str) -> str | None:
    """The messages key of the section a page (slug without language) belongs to."""
    return SECTIONS.get(slug.split("/", 1)[0]) if "/" in slug else None


def filters_html(filters: dict[str, str]) -> str:
    """Empty elements naming the page's filter values (section, edition): they add no text."""
    return "".join(
        f'<span data-pagefind-filter="{name}:{html.escape(value, quote=True)}"></span>'
        for name, value in filters.items()
        if value
    )


def terms_html(terms: Iterable[str], weight: float) -> str:
    """Hidden text that the index holds and the reader never sees."""
    words = TERM_SEPARATOR.join(html.escape(term, quote=False) for term in dict.fromkeys(terms) if term)
    if not words:
        return ""
    return f'<div class="kw-search-terms" hidden aria-hidden="true" data-pagefind-weight="{weight:g}">{words}</div>'


def names_meta(best_bets: list[str], weight: float) -> str:
    """An organisation's or topic's names as the metadata field NAMES_FIELD too: a hit in a metadata field adds
    a boost that does not shrink with the page's length (kw-search.js weighs the field), so a long
    organisation page still leads for its names, above articles that use them often."""
    if weight < BEST_BET_WEIGHT or not best_bets:
        return ""
    names = TERM_SEPARATOR.join(dict.fromkeys(best_bets))
    return f'<span data-pagefind-meta="{NAMES_FIELD}:{html.escape(names, quote=True)}"></span>'


def page_additions(
    filters: dict[str, str], best_bets: list[str], expansions: list[str], weight: float = BEST_BET_WEIGHT, description: str = ""
) -> str:
    """What a page's content HTML gets appended for search (nothing visible)."""
    meta = f'<span data-pagefind-meta="description:{html.escape(description, quote=True)}"></span>' if description else ""
    return (
        meta
        + names_meta(best_bets, weight)
        + filters_html(filters)
        + terms_html(best_bets, weight)
        + terms_html([e for e in expansions if e not in best_bets], EXPANSION_WEIGHT)
    )


# -- what people type ------------------------------------------------------
_JOINERS = {"nl": "en", "en": "and"}


def spellings(name: str, lang: str) -> list[str]:
    """The ways people type a name with an ampersand or dots: "DT&V" -> DTV, DTenV, DT en V."""
    out = [name]
    if "&" in name:
        parts = [p.strip() for p in name.split("&")]
        short = not any(" " in part for part in parts)  # "DT&V", not "Justitie & Veiligheid"
        for joiner in dict.fromkeys([_JOINERS.get(lang, "en"), "en"]):
            out += [f" {joiner} ".join(parts)] + ([joiner.join(parts)] if short else [])
        if short:
            out.append("".join(parts))
    if re.fullmatch(r"(?:\w\.)+\w?\.?", name):
        out.append(name.replace(".", ""))
    return list(dict.fromkeys(out))


def best_bet_weight(slug: str) -> float:
    return ROLE_WEIGHT if slug.startswith(f"{registry_pages.BASE}/rollen/") else BEST_BET_WEIGHT


def best_bets(registry: Registry, slug: str, lang: str) -> list[str]:
    """Names, abbreviations and aliases of the registry entry a page describes (else [])."""
    kind, _, ident = slug.removeprefix(f"{registry_pages.BASE}/").partition("/")
    if kind == "organisaties" and ident in registry.organisations:
        return _org_names(registry.organisations[ident], lang) + _pointed_at(registry, ident, lang)
    if kind == "rollen" and ident in registry.roles:
        # the title only: the organisation's names lead to the organisation's page (the heading names it too)
        return [text(registry.roles[ident].title, lang)]
    if kind == "onderwerpen" and ident in registry.topics:
        return [text(registry.topics[ident].name, lang)] + _pointed_at(registry, ident, lang)
    return []


def _pointed_at(registry: Registry, ident: str, lang: str) -> list[str]:
    """The abbreviations and synonym groups whose ``see:`` names this organisation or topic."""
    words: list[str] = []
    for item in registry.abbreviations:
        if item.see == ident:
            words += [*spellings(item.abbr, lang), text(item.expansion, lang).split(" (", 1)[0]]
    for group in registry.synonyms:
        if group.see == ident:
            words += [str(w) for w in group.words(lang)]
    return words


def _org_names(org: Organisation, lang: str) -> list[str]:
    names = []
    if org.abbreviation:
        names += spellings(org.abbreviation, lang)
    names.append(text(org.name, lang))
    for alias in org.aliases:
        names += spellings(alias, lang)
    return list(dict.fromkeys(names))


@dataclass
class Expander:
    """Which words a page should also be found by: abbreviations both ways, synonym groups.

    ``groups`` are sets of words that mean the same to a reader; a page that
    holds one word of a group (a whole word, any case) gets the others.
    """

    groups: list[list[str]]

    def __post_init__(self):
        self.by_word: dict[str, list[int]] = {}
        for number, group in enumerate(self.groups):
            for word in group:
                self.by_word.setdefault(word.casefold(), []).append(number)
        words = sorted(self.by_word, key=len, reverse=True)
        # a plural or inflected ending (-en, -s, -n, -e) counts as the word
        self.pattern = (
            re.compile(r"(?<![\w&])(" + "|".join(map(re.escape, words)) + r")(?:en|s|n|e)?(?![\w&])", re.IGNORECASE)
            if words
            else None
        )

    def expansions(self, page_text: str) -> list[str]:
        if self.pattern is None:
            return []
        found = {match.casefold() for match in self.pattern.findall(page_text)}
        out: list[str] = []
        for word in sorted(found):
            for number in self.by_word[word]:
                out += [w for w in self.groups[number] if w.casefold() not in found]
        return list(dict.fromkeys(out))


def expander(registry: Registry, lang: str) -> Expander:
    """The abbreviations (registry organisations and afkortingen.yml) and synonyms of one language."""
    groups = []
    for abbr, expansion in registry_pages.abbreviation_definitions(registry, lang).items():
        # "Toegang en Verblijf (procedure voor ...)": the words before the explanation
        groups.append(spellings(abbr, lang) + [expansion.split(" (", 1)[0]])
    for group in registry.synonyms:
        words = [str(w) for w in group.words(lang)]
        if len(words) > 1:
            groups.append(words)
    return Expander(groups)


_TAGS = re.compile(r"<[^>]+>")


def plain_text(markdown_or_html: str) -> str:
    return html.unescape(_TAGS.sub(" ", markdown_or_html))


def section_filters(slug: str, lang: str, edition_label: str | None) -> dict[str, str]:
    key = section_key(slug)
    filters = {"section": t(key, lang)} if key else {}
    if edition_label:
        filters["edition"] = edition_label
    return filters


# -- the search dialog in the header ---------------------------------------------
SCRIPT_TEXTS = (
    "search.busy",
    "search.none",
    "search.one",
    "search.many",
    "search.more",
    "search.show_more",
    "search.failed",
    "search.section.all",
    "search.edition.all",
)


def header_search(lang: str, root: str, icon: str) -> str:
    """The search button (with the theme's ``icon``) and dialog; ``root`` is the site root relative to the page (or absolute).

    Without JavaScript the button stays hidden: search needs it.
    """
    e = lambda key: html.escape(t(key, lang), quote=True)  # noqa: E731
    texts = html.escape(json.dumps({key: t(key, lang) for key in SCRIPT_TEXTS}, ensure_ascii=False), quote=True)
    return (
        f'<div class="kw-search" data-kw-search data-root="{html.escape(root, quote=True)}" data-bundle="{BUNDLE}/" '
        f'data-texts="{texts}">'
        f'<button type="button" class="md-header__button md-icon kw-search__open" aria-haspopup="dialog" '
        f'aria-keyshortcuts="/ s" title="{e("search.open")}" hidden>{icon}'
        f'<span class="kw-search__open-label">{e("search.open")}</span></button>'
        f'<dialog class="kw-search__dialog" aria-labelledby="kw-search-title">'
        f'<div class="kw-search__head"><h2 id="kw-search-title" class="kw-search__title">{e("search.dialog")}</h2>'
        f'<button type="button" class="kw-search__close">{e("search.close")}</button></div>'
        f'<form class="kw-search__form" role="search" aria-labelledby="kw-search-title">'
        f'<label class="kw-search__label" for="kw-search-input">{e("search.label")}</label>'
        f'<input id="kw-search-input" class="kw-search__input" type="search" name="q" autocomplete="off" '
        f'autocapitalize="off" spellcheck="false" enterkeyhint="search" aria-describedby="kw-search-keys" '
        f'aria-controls="kw-search-results">'
        f'<p id="kw-search-keys" class="kw-search__keys">{e("search.keys")}</p>'
        f'<div class="kw-search__filters">'
        f'<label>{e("search.section")} <select class="kw-search__filter" data-filter="section">'
        f'<option value="">{e("search.section.all")}</option></select></label>'
        f'<label>{e("search.edition")} <select class="kw-search__filter" data-filter="edition">'
        f'<option value="">{e("search.edition.all")}</option></select></label></div>'
        f"</form>"
        f'<p class="kw-search__status" role="status" aria-live="polite"></p>'
        f'<ol id="kw-search-results" class="kw-search__results"></ol>'
        f"</dialog></div>"
    )


# -- the indexing run --------------------------------------------------------
INDEX_TIMEOUT = 900  # seconds; 23,606 pages took under a minute on 2 busy cores


def _index(site: Path, target: Path) -> int:
    """Run Pagefind's command line (the `pagefind` package's ``python -m pagefind``) over the built site.

    The command, not Pagefind's Python API: the API's service answers "files written" while its writes may
    still be under way (Pagefind writes through tokio's ``File`` without flushing it, pagefind 1.5.2
    ``src/output/mod.rs``), and the API then ends the service at once, leaving files empty or cut short —
    seen at 50 articles per language and at 23,606 pages. The command finishes its writes before it exits.
    It runs in an empty folder, with no ``PAGEFIND_*`` variables, so that no Pagefind configuration file or
    variable of the surroundings changes the index.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--output-path", str(target.resolve())]
    command += ["--glob", "**/*.html"]
    for selector in CHROME:
        command += ["--exclude-selectors", selector]
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="kw-pagefind-") as empty:
        try:
            done = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, timeout=INDEX_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Pagefind did not finish indexing {site} within {INDEX_TIMEOUT} s") from None
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site} (exit status {done.returncode}): {_tail(done)}")
    found = re.search(r"Indexed (\d+) pages?", done.stdout)
    if not found:
        raise RuntimeError(f"Pagefind did not say how many pages it indexed in {site}: {_tail(done)}")
    return int(found.group(1))


def _tail(done: subprocess.CompletedProcess) -> str:
    """Pagefind's last lines, each once (it prints its error twice)."""
    lines = [line.strip() for line in (done.stderr.strip() or done.stdout.strip()).splitlines() if line.strip()]
    return " ".join(dict.fromkeys(lines[-6:]))


def bundle_problems(bundle: Path) -> list[str]:
    """What is wrong with a written bundle: an entry file that is not JSON, a compressed file cut short.

    A check of the bundle before it replaces the last one: Pagefind's Python API left files empty or cut
    short (see ``_index``), and a bundle that is not whole makes every search fail in the browser.
    """
    problems = []
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"{bundle / 'pagefind-entry.json'}: {exc}"]
    for name in ("pagefind.js", "pagefind-worker.js"):
        if not (bundle / name).is_file() or not (bundle / name).read_bytes().rstrip().endswith((b";", b"}", b")")):
            problems.append(f"{bundle / name}: missing or cut short")
    wanted = [bundle / f"pagefind.{info['hash']}.pf_meta" for info in languages.values()]  # hash: "nl_1a2b..."
    for path in wanted + sorted(bundle.glob("*/*.pf_*")) + sorted(bundle.glob("wasm.*.pagefind")):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            problems.append(f"{path}: {exc}")
    return problems


def index_site(site: Path) -> int:
    """Index the built site into ``site/pagefind`` (replacing the last index whole); the number of pages.

    A bundle that was not written whole (``bundle_problems``) is written once more; if that one is not whole
    either, the old index stays and this raises an error naming the files."""
    site = Path(site)
    fresh = site / f".{BUNDLE}-new"
    for _attempt in (1, 2):
        shutil.rmtree(fresh, ignore_errors=True)
        pages = _index(site, fresh)
        problems = bundle_problems(fresh)
        if not problems:
            break
        log.warning(f"ketenwijzer: Pagefind left its index unfinished ({problems[0]}); indexing again")
    else:
        raise RuntimeError(f"Pagefind wrote an unfinished index twice, the last one into {fresh}: " + "; ".join(problems[:5]))
    for unused in UNUSED:  # Pagefind's own interfaces: the site has its own dialog
        for path in fresh.glob(unused):
            path.unlink()
    final, old = site / BUNDLE, site / f".{BUNDLE}-old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return pages


class BackgroundIndexer:
    """In `make serve`: index after each rebuild without holding the rebuild up.

    One run at a time; saves during a run ask for one more run after it.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._wanted: Path | None = None
        self._thread: threading.Thread | None = None

    def request(self, site: Path) -> None:
        with self._lock:
            self._wanted = Path(site)
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="ketenwijzer-pagefind", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site, self._wanted = self._wanted, None
                if site is None:
                    return
            try:
                pages = index_site(site)
                log.info(f"ketenwijzer: search index updated ({pages} pages)")
            except Exception as exc:  # noqa: BLE001 - serve goes on; the reader sees the message
                log.error(f"ketenwijzer: the search index could not be updated: {exc}")

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
