"""Golden tests: what the pure page generators and feeds write, for one fixed little project, in both languages.

The input is a project in tests/golden/inputs/ (a registry with a branching chain,
handbook chapters, a story, and four editions: two published, a draft and one dated
after TODAY). Each generator is called through its public function, without MkDocs,
and its output is compared with a file in tests/golden/expected/. A mismatch shows
a unified diff.

When a change to a generator is meant to change what it writes, regenerate the
expected files, then read the diff (`git diff tests/golden/expected`) as a reader would:

    KETENWIJZER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import difflib
import email.utils
import functools
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import feedparser
import pytest

from ketenwijzer.domain import chain_steps, editions, messages, project as project_mod, registry as registry_mod
from ketenwijzer.generators import breadcrumbs, feeds, navigation, newsletter_pages, registry_pages, site_footer, sitemaps
from ketenwijzer.site import sitemodel

GOLDEN = Path(__file__).resolve().parent / "golden"
INPUTS = GOLDEN / "inputs"
EXPECTED = GOLDEN / "expected"
UPDATE = os.environ.get("KETENWIJZER_UPDATE_GOLDEN") == "1"
TODAY = dt.date(2026, 12, 4)  # edition 3 (a draft, 20 December) and edition 4 (published, 15 January 2027) are not out yet
LANGS = project_mod.LANGUAGES
DEFAULT = project_mod.DEFAULT_LANGUAGE
SITE_URL = "https://ketenwijzer.example.org/"
ENDPOINT = "https://aanmelden.example.org"
OWNER = {"name": {"nl": "de redactie van Ketenwijzer", "en": "the Ketenwijzer editorial team"}, "url": "https://www.example.org/"}
nav_of = navigation.build  # (named apart: conftest would read a call of it as a MkDocs build)


@functools.cache
def model() -> sitemodel.SiteModel:
    """The input project, loaded as the site loads it, with drafts and future editions hidden as on the published site."""
    registry, problems = registry_mod.load(INPUTS / sitemodel.REGISTRY_DIR, INPUTS)
    assert problems == [], problems
    loaded = sitemodel.load(INPUTS, (registry, problems))
    assert loaded.problems == [], loaded.problems
    loaded.hidden_slugs = editions.hidden_slugs(loaded.project, loaded.newsletter, TODAY)
    return loaded


def texts(lang: str) -> newsletter_pages.Texts:
    m = model()
    return newsletter_pages.Texts(meta=lambda slug: m.meta(slug, lang), original=lambda slug: m.meta(slug, DEFAULT))


def body(slug: str, lang: str) -> str:
    """The Markdown MkDocs reads for ``slug`` in ``lang``: the translation's, or the Dutch original's."""
    by_lang = model().project.pages()[slug]
    source = by_lang.get(lang) or by_lang[DEFAULT]
    return source.doc.body


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- the outputs ---------------------------------------------------------------


def edition_page(number: int, lang: str) -> str:
    edition = model().newsletter.editions[number]
    return newsletter_pages.edition_page(edition, body(edition.slug, lang), texts(lang), lang, TODAY)


def article_page(slug: str, lang: str) -> str:
    """An article as the site shows it: header, the article's own text, footer."""
    newsletter = model().newsletter
    edition = newsletter.edition_for(slug)
    return (
        newsletter_pages.article_header(slug, edition, texts(lang), lang, TODAY)
        + body(slug, lang)
        + newsletter_pages.article_footer(slug, newsletter, texts(lang), lang)
    )


def files(lang: str, show_drafts: bool) -> list[SimpleNamespace]:
    """The documentation files one language's build holds: each page in that language or its Dutch original, and the generated ones."""
    m = model()
    uris = [
        (by_lang.get(lang) or by_lang[DEFAULT]).site_src_uri
        for slug, by_lang in sorted(m.project.pages().items())
        if DEFAULT in by_lang and (show_drafts or slug not in m.hidden_slugs)
    ]
    uris += sorted(registry_pages.page_uris(m.registry)) + [newsletter_pages.ARCHIVE]
    return [SimpleNamespace(src_uri=uri) for uri in uris]


def nav(lang: str, show_drafts: bool) -> str:
    return as_json(nav_of(model(), lang, files(lang, show_drafts), TODAY, show_drafts))


def feed(lang: str, kind: str, name: str) -> str:
    """A feed of two articles (text that XML must escape) or of two editions, as the site writes it."""
    base = SITE_URL + prefix(lang)
    folder = f"{base}vreemdelingenvisie/"
    nl = lang == "nl"
    if kind == "articles":
        entries = [
            feeds.Entry(
                feeds.article_id("vv-02-woning", lang),
                "Een woning vinden" if nl else "Finding a home",
                f"{base}vreemdelingenvisie/02/een-woning/",
                dt.date(2026, 11, 15),
                dt.date(2026, 11, 15),
                "De gemeente zoekt een woning." if nl else "The municipality looks for a home.",
                [],
                ["VreemdelingenVisie 02"],
            ),
            feeds.Entry(
                feeds.article_id("vv-01/samenwerken & meer", lang),
                "Samenwerken met DT&V" if nl else "Working with DT&V",
                f"{base}vreemdelingenvisie/01/samenwerken/",
                dt.date(2026, 9, 1),
                dt.date(2026, 9, 20),
                'Het COA en DT&V spreken elkaar "elke week" (<1 uur).' if nl else 'COA and DT&V talk "every week" (<1 hour).',
                ["Redactie VreemdelingenVisie"],
                ["VreemdelingenVisie 01"],
            ),
        ]
        title = messages.t("vv.feed.articles", lang)
    else:
        entries = [
            feeds.Entry(
                feeds.edition_id(n, lang),
                f"VreemdelingenVisie 0{n}",
                f"{base}vreemdelingenvisie/0{n}/",
                day,
                day,
                ("Editie " if nl else "Edition ") + str(n),
            )
            for n, day in ((2, dt.date(2026, 11, 15)), (1, dt.date(2026, 9, 1)))
        ]
        title = messages.t("vv.feed.editions", lang)
    render = feeds.atom if name.endswith(".atom.xml") else feeds.rss
    built = feeds.Feed(
        id=f"urn:ketenwijzer:vreemdelingenvisie:{kind}:{lang}",
        title=title,
        subtitle=messages.t("vv.feed.subtitle", lang),
        lang=lang,
        site_url=folder,
        self_url=folder + name,
        entries=entries,
    )
    return render(built).decode("utf-8") + "\n"


def sitemap_entries(lang: str) -> list[sitemaps.Entry]:
    """Every page of one language's build that is in that language, dated by its content, with its languages.

    The date is the Dutch original's (structure keys such as ``updated`` live only there) or its edition's;
    a registry page's is the newest ``reviewed`` of what it shows; the archive's, its newest edition's.
    """
    m = model()
    newsletter = m.newsletter
    registry_dates = sitemaps.registry_dates(m.registry)
    pages: list[tuple[str, set[str], dt.date | None]] = []
    for slug, by_lang in sorted(m.project.pages().items()):
        if slug not in m.hidden_slugs:
            edition = newsletter.edition_for(slug)
            lastmod = sitemaps.content_date(m.meta(slug, DEFAULT), edition.date if edition is not None else None)
            pages.append((slug + ".md", set(by_lang), lastmod))
    pages += [(uri, set(LANGS), registry_dates.get(uri)) for uri in sorted(registry_pages.page_uris(m.registry))]
    pages.append((newsletter_pages.ARCHIVE, set(LANGS), newsletter.latest(TODAY).date))
    entries = []
    for src_uri, langs, lastmod in pages:
        if lang in langs:
            urls = {other: prefix(other) + registry_pages.page_url(src_uri) for other in langs}
            alternates = sitemaps.absolute_alternates(urls, SITE_URL, DEFAULT, LANGS)
            entries.append(sitemaps.Entry(alternates[lang], lastmod, alternates))
    return entries


def joined_sitemap() -> str:
    return sitemaps.join_languages(*(sitemaps.render(sitemap_entries(lang)) for lang in LANGS))


def sitemap_part(part: str) -> str:
    return sitemaps.subtree(joined_sitemap().encode("utf-8"), SITE_URL + part).decode("utf-8") + "\n"


def footer(lang: str) -> str:
    m = model()
    existing = {slug for slug, by_lang in m.project.pages().items() if DEFAULT in by_lang and slug not in m.hidden_slugs}
    return as_json(site_footer.footer(OWNER, lang, DEFAULT, existing).as_extra())


def site_nav(lang: str) -> SimpleNamespace:
    """The navigation as MkDocs hands it to the plugin (what breadcrumbs reads of it), from navigation.build's configuration."""

    def page(src_uri: str) -> SimpleNamespace:
        stem, _ = project_mod.split_language(src_uri)
        return SimpleNamespace(
            is_page=True, is_section=False, url=prefix(lang) + registry_pages.page_url(stem + ".md"), children=None
        )

    items = []
    for entry in nav_of(model(), lang, files(lang, False), TODAY, False):
        ((title, value),) = entry.items()
        if isinstance(value, list):
            items.append(SimpleNamespace(is_page=False, is_section=True, title=title, children=[page(p) for p in value]))
        else:
            items.append(page(value))
    return SimpleNamespace(items=items)


CRUMB_PAGES = (
    "",
    "handreiking/",
    "handreiking/01-opvang/",
    "verhalen/een-dag-op-het-azc/",
    "vreemdelingenvisie/",
    "vreemdelingenvisie/01/",
    "vreemdelingenvisie/01/samenwerken/",
    "wie-doet-wat/organisaties/coa/",
    "wie-doet-wat/verwijzen/",
    "over/",
)


def crumbs(lang: str) -> str:
    """The section of each folder's pages, and the breadcrumbs of a page at each depth, as the plugin gives them."""
    m = model()
    here = prefix(lang)
    nav = site_nav(lang)
    titles = {
        here + registry_pages.page_url(f"{slug}.md"): m.title(slug, lang)
        for slug, by_lang in m.project.pages().items()
        if DEFAULT in by_lang and slug not in m.hidden_slugs
    }
    titles[here + registry_pages.page_url(registry_pages.OVERVIEW)] = messages.t("overview.title", lang)
    titles.update(breadcrumbs.section_titles(nav))
    trails = {
        here + url: [[c.title, c.url] for c in breadcrumbs.trail(here + url, here, messages.t("nav.home", lang), titles)]
        for url in CRUMB_PAGES
    }
    sections = {folder: section.title for folder, section in sorted(breadcrumbs.sections_by_folder(nav, here).items())}
    return as_json({"sections by folder": sections, "trails": trails})


SITEMAP_PARTS = ("en/", "vreemdelingenvisie/", "en/vreemdelingenvisie/")  # the folders that get a sitemap of their own


def cases() -> dict[str, Callable[[], str]]:
    """{path below tests/golden/expected/: a function that writes its content}."""
    m = model()
    found: dict[str, Callable[[], str]] = {}
    for lang in LANGS:
        pages = functools.cache(functools.partial(registry_pages.all_pages, m.registry, lang, m.backlinks(lang)))
        for uri in sorted(registry_pages.page_uris(m.registry)):
            found[f"{lang}/{uri}"] = functools.partial(lambda pages, uri: pages()[uri], pages, uri)
        for number, edition in sorted(m.newsletter.editions.items()):
            found[f"{lang}/{edition.slug}.md"] = functools.partial(edition_page, number, lang)
            for slug in edition.articles:
                found[f"{lang}/{slug}.md"] = functools.partial(article_page, slug, lang)
        for hidden in (False, True):
            suffix = ".drafts" if hidden else ""
            found[f"{lang}/vreemdelingenvisie/index{suffix}.md"] = functools.partial(
                newsletter_pages.archive_page, m.newsletter, texts(lang), lang, TODAY, hidden
            )
            found[f"{lang}/nav{suffix}.json"] = functools.partial(nav, lang, hidden)
        found[f"{lang}/latest-edition.md"] = functools.partial(
            newsletter_pages.latest_block, m.newsletter, texts(lang), lang, TODAY, "index.md"
        )
        found[f"{lang}/latest-edition.handreiking.md"] = functools.partial(
            newsletter_pages.latest_block, m.newsletter, texts(lang), lang, TODAY, "handreiking/index.md"
        )
        found[f"{lang}/subscribe-form.html"] = functools.partial(newsletter_pages.subscribe_form, ENDPOINT, lang)
        for kind, stem in (("articles", "feed"), ("editions", "edities")):
            for name in (f"{stem}.atom.xml", f"{stem}.rss.xml"):
                found[f"{lang}/vreemdelingenvisie/{name}"] = functools.partial(feed, lang, kind, name)
        found[f"sitemaps/build-{lang}.xml"] = functools.partial(lambda lang: sitemaps.render(sitemap_entries(lang)), lang)
        found[f"{lang}/footer.json"] = functools.partial(footer, lang)
        found[f"{lang}/breadcrumbs.json"] = functools.partial(crumbs, lang)
    found["sitemaps/joined.xml"] = joined_sitemap
    for part in SITEMAP_PARTS:
        found[f"sitemaps/part-{part.strip('/').replace('/', '-')}.xml"] = functools.partial(sitemap_part, part)
    return found


CASES = cases()


# -- the comparison --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name):
    actual = CASES[name]()
    assert actual.strip(), f"{name}: the generator wrote nothing"
    path = EXPECTED / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(
            f"{path.relative_to(GOLDEN.parent)} is missing; write it with\n"
            "    KETENWIJZER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py\nand read it before committing"
        )
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"expected/{name}",
            tofile=f"actual/{name}",
        )
        pytest.fail(
            f"{name} differs from its golden file:\n{''.join(diff)}\n"
            "If the change is meant: KETENWIJZER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py",
            pytrace=False,
        )


def test_every_golden_file_has_a_case():
    """A golden file no case writes any more is stale: updating removes it, the check names it."""
    stale = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()) if EXPECTED.is_dir() else []
    stale = [name for name in stale if name not in CASES]
    if UPDATE:
        for name in stale:
            (EXPECTED / name).unlink()
        return
    assert stale == [], f"golden files without a case (remove them, or regenerate): {stale}"


def test_the_inputs_reach_every_kind_of_output():
    """The fixed project has what the goldens are meant to show, so a thinned input cannot leave a branch unseen."""
    m = model()
    newsletter = m.newsletter
    assert [e.number for e in newsletter.newest_first(TODAY)] == [2, 1]
    assert {e.number for e in newsletter.editions.values() if not e.visible(TODAY)} == {3, 4}
    assert any(len(step.phases) > 1 for step in chain_steps.steps(m.registry))
    assert any(not m.registry.referrals_by_topic.get(tid) for tid in m.registry.topics)
    assert any(not m.registry.roles_by_org.get(oid) for oid in m.registry.organisations)
    assert "en" not in m.project.pages()["vreemdelingenvisie/02/index"]  # an edition without a translation
    assert "en" not in m.project.pages()["colofon"]  # a trust page without a translation
    assert m.backlinks("nl") and m.backlinks("en")


# -- the feeds and sitemaps are valid XML of their kind ----------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = sorted(name for name in CASES if name.endswith((".atom.xml", ".rss.xml")))
# {sitemap: the folder its pages lie in}
SITEMAPS = {
    "sitemaps/joined.xml": SITE_URL,
    **{f"sitemaps/build-{lang}.xml": SITE_URL + prefix(lang) for lang in LANGS},
    **{f"sitemaps/part-{part.strip('/').replace('/', '-')}.xml": SITE_URL + part for part in SITEMAP_PARTS},
}


def _rfc3339(value: str | None) -> dt.datetime:
    assert value, "missing date"
    stamp = dt.datetime.fromisoformat(value)
    assert stamp.tzinfo is not None, f"{value}: a feed date needs a time zone"
    return stamp


@pytest.mark.parametrize("name", [n for n in FEEDS if n.endswith(".atom.xml")])
def test_atom_feed_is_valid(name):
    data = CASES[name]().encode("utf-8")
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == name.split("/")[0]
    for tag in ("id", "title", "updated"):  # RFC 4287 4.1.1: required once
        assert len(root.findall(f"{ATOM}{tag}")) == 1 and root.findtext(f"{ATOM}{tag}").strip(), tag
    _rfc3339(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(name.split("/", 1)[1]) and links["alternate"].endswith("/vreemdelingenvisie/")
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert entries, "a feed of the fixture without entries"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:ketenwijzer:") for i in ids)
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{tag}", "").strip(), tag
        assert _rfc3339(entry.findtext(f"{ATOM}published")) <= _rfc3339(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(SITE_URL)
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None  # RFC 4287 4.1.1
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and len(parsed.entries) == len(entries)


@pytest.mark.parametrize("name", [n for n in FEEDS if n.endswith(".rss.xml")])
def test_rss_feed_is_valid(name):
    data = CASES[name]().encode("utf-8")
    root = ET.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1
    channel = channels[0]
    for tag in ("title", "link", "description"):  # RSS 2.0: required channel elements
        assert channel.findtext(tag, "").strip(), tag
    assert channel.findtext("language") == {"nl": "nl-NL", "en": "en"}[name.split("/")[0]]
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate")).tzinfo is not None
    assert channel.find(f"{ATOM}link[@rel='self']").get("href").endswith(name.split("/", 1)[1])
    items = channel.findall("item")
    assert items, "a feed of the fixture without items"
    for item in items:
        assert item.findtext("title") or item.findtext("description")  # RSS 2.0: one of the two
        assert item.findtext("link").startswith(SITE_URL)
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false" and guid.text.startswith("urn:ketenwijzer:")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20" and len(parsed.entries) == len(items)


@pytest.mark.parametrize("name", sorted(SITEMAPS))
def test_sitemap_is_valid_and_lists_only_its_own_folder(name):
    folder = SITEMAPS[name]
    root = ET.fromstring(CASES[name]().encode("utf-8"))
    ns = f"{{{sitemaps.NS}}}"
    assert root.tag == f"{ns}urlset"
    urls = root.findall(f"{ns}url")
    assert urls, f"{name} lists no page"
    locs = [url.findtext(f"{ns}loc") for url in urls]
    assert len(set(locs)) == len(locs), "a page listed twice"
    for url, loc in zip(urls, locs):
        assert loc.startswith(folder), f"{loc} is outside {folder}"
        lastmod = url.findtext(f"{ns}lastmod")
        if lastmod is not None:
            dt.date.fromisoformat(lastmod)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{{{sitemaps.XHTML}}}link")}
        assert alternates.get("x-default") and loc in alternates.values(), loc
        if name.startswith("sitemaps/build-"):  # a language's build lists its own language's pages
            assert alternates[name[-len("nl.xml") : -len(".xml")]] == loc, loc
