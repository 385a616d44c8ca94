"""Configuration for a real deployment: addresses from the environment, hreflang, sitemap dates, robots.txt."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import SiteProject
from ketenwijzer.domain import deployment
from ketenwijzer.generators import sitemaps
from ketenwijzer.site import sitemodel
from ketenwijzer.subscriptions.settings import Settings
from newsletter_fixture import edition
from real_site import copy_content
from registry_fixture import write_registry

REPO = Path(__file__).resolve().parents[1]
SITE = "https://ketenwijzer.example.nl/"
SERVICE = "https://aanmelden.ketenwijzer.example.nl"
LOOPBACK = re.compile(r"127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0", re.I)
NS = {"s": sitemaps.NS, "x": sitemaps.XHTML}


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("KETENWIJZER_ENV", "KETENWIJZER_SITE_URL", "KETENWIJZER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def production(clean_env):
    clean_env.setenv("KETENWIJZER_ENV", "production")
    clean_env.setenv("KETENWIJZER_SITE_URL", SITE)
    clean_env.setenv("KETENWIJZER_PUBLIC_URL", SERVICE)
    return clean_env


# -- where the addresses come from ------------------------------------------------


def test_without_variables_the_site_and_the_service_keep_the_addresses_of_make_serve(clean_env):
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config.site_url == "http://127.0.0.1:8000/"
    assert config.extra["subscriptions"]["endpoint"] == "http://127.0.0.1:8001"
    # the subscription service reads mkdocs.yml with the one reader (domain/site_config.py): the same default behind !ENV
    assert Settings.from_env(env={}, root=REPO).site_url == "http://127.0.0.1:8000/"


def test_one_pair_of_variables_sets_the_site_and_the_service(production):
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config.site_url == SITE
    assert config.extra["subscriptions"]["endpoint"] == SERVICE
    settings = Settings.from_env(root=REPO)
    assert (settings.site_url, settings.public_url) == (SITE, SERVICE)


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        (("KETENWIJZER_SITE_URL", "KETENWIJZER_PUBLIC_URL"), ("KETENWIJZER_SITE_URL", "KETENWIJZER_PUBLIC_URL")),
        (("KETENWIJZER_PUBLIC_URL",), ("KETENWIJZER_PUBLIC_URL",)),
    ],
)
def test_a_production_build_refuses_a_loopback_address_and_names_the_variable(project, production, caplog, unset, named):
    for name in unset:
        production.delenv(name)
    with pytest.raises(Abort):
        project.build()
    message = _error(caplog)
    for name in ("KETENWIJZER_SITE_URL", "KETENWIJZER_PUBLIC_URL"):
        assert (name in message) == (name in named), message
    assert "only this machine can reach" in message
    assert not (project.site / "index.html").exists()


def test_a_production_build_refuses_localhost_by_name_too(project, production, caplog):
    production.setenv("KETENWIJZER_SITE_URL", "http://localhost:8000/")
    with pytest.raises(Abort):
        project.build()
    assert "site_url is http://localhost:8000/" in _error(caplog) and "KETENWIJZER_PUBLIC_URL" not in _error(caplog)


def _error(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.9.9.9/", True),
        ("http://localhost/", True),
        ("http://LOCALHOST.:8000", True),
        ("http://[::1]:8001", True),
        ("http://0.0.0.0:8000", True),
        ("https://ketenwijzer.example.nl/", False),
        ("https://10.0.0.5/", False),
        ("https://localhost.example.nl/", False),
    ],
)
def test_which_addresses_count_as_this_machine(url, local):
    assert deployment.is_local(url) is local


def test_outside_production_loopback_addresses_are_fine():
    assert deployment.problems({"site_url": "http://127.0.0.1:8000/"}, {}) == []
    assert deployment.problems({"site_url": "http://127.0.0.1:8000/"}, {"KETENWIJZER_ENV": "development"}) == []


# -- the built production site ----------------------------------------------------


class _Attributes(HTMLParser):
    """Every attribute value of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.values.extend(value for _name, value in attrs if value)


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KETENWIJZER_ENV", "production")
        env.setenv("KETENWIJZER_SITE_URL", SITE)
        env.setenv("KETENWIJZER_PUBLIC_URL", SERVICE)
        root = tmp_path_factory.mktemp("production")
        copy_content(root)
        return SiteProject(root).build()


def test_the_production_site_points_nowhere_at_this_machine(production_site):
    """No loopback address in any link, form, sitemap, feed, search index or robots.txt.

    Text may mention one where it explains local work: the editors' guide says where
    `make serve` shows the site. Every such mention is listed, and only that guide may make it.
    """
    checked, mentions = 0, set()
    for path in sorted(production_site.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json", ".txt"):
            continue  # images, styles and the theme's scripts hold no addresses of this site
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(production_site).as_posix()
        checked += 1
        if path.suffix == ".html":
            parser = _Attributes()
            parser.feed(text)
            assert not [v for v in parser.values if LOOPBACK.search(v)], rel
            config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
            assert config is None or not LOOPBACK.search(config[1]), rel
        elif path.suffix == ".json":
            data = json.loads(text)
            assert not [d["location"] for d in data.get("docs", []) if LOOPBACK.search(d["location"])], rel
        else:
            assert not LOOPBACK.search(text), rel
        if LOOPBACK.search(text):
            mentions.add(rel)
    assert checked > 200
    allowed = {"redactie/index.html", "en/redactie/index.html", "search/search_index.json", "en/search/search_index.json"}
    assert mentions <= allowed, sorted(mentions - allowed)
    for name in mentions & {"search/search_index.json", "en/search/search_index.json"}:
        docs = json.loads((production_site / name).read_text(encoding="utf-8"))["docs"]
        assert {d["location"].split("#")[0] for d in docs if LOOPBACK.search(d["text"] + d["title"])} <= {"redactie/"}


def test_the_production_site_has_absolute_addresses_everywhere(production_site):
    home = (production_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE}">' in home
    assert f'<link rel="alternate" href="{SITE}en/" hreflang="en">' in home
    assert f'<link rel="alternate" href="{SITE}" hreflang="x-default">' in home
    form = (production_site / "aanmelden/index.html").read_text(encoding="utf-8")
    assert f'action="{SERVICE}/subscribe"' in form
    assert (production_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"
    feed = (production_site / "vreemdelingenvisie/feed.atom.xml").read_text(encoding="utf-8")
    assert f"{SITE}vreemdelingenvisie/02/" in feed
    root = ET.parse(production_site / "sitemap.xml").getroot()
    locs = [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]
    assert len(locs) == len(set(locs)) > 200 and all(loc.startswith(SITE) for loc in locs)
    # an article's date is its edition's, not the day of the build
    article = next(
        url
        for url in root.findall("s:url", NS)
        if url.findtext("s:loc", namespaces=NS) == f"{SITE}vreemdelingenvisie/02/cbr-hostmanship/"
    )
    assert article.findtext("s:lastmod", namespaces=NS) == "2019-06-27"


# -- hreflang, canonical and sitemap dates on a small site ------------------------------


def _head_links(html: str) -> dict[str, str]:
    return dict((lang, href) for href, lang in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', html))


def _sitemap(site: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NS): (
            url.findtext("s:lastmod", namespaces=NS),
            {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)},
        )
        for url in root.findall("s:url", NS)
    }


BASE = "http://127.0.0.1:8000/"


def test_a_translated_page_names_both_languages_and_x_default(project, clean_env):
    project.page("handreiking/samen.nl.md", "Samen", "# Samen\n\nTekst.")
    project.page("handreiking/samen.en.md", "Together", "# Together\n\nText.")
    project.build()
    expected = {"nl": f"{BASE}handreiking/samen/", "en": f"{BASE}en/handreiking/samen/", "x-default": f"{BASE}handreiking/samen/"}
    nl, en = project.read("handreiking/samen/index.html"), project.read("en/handreiking/samen/index.html")
    assert _head_links(nl) == expected == _head_links(en)
    assert f'<link rel="canonical" href="{BASE}en/handreiking/samen/">' in en
    entries = _sitemap(project.site)
    assert entries[f"{BASE}handreiking/samen/"][1] == expected == entries[f"{BASE}en/handreiking/samen/"][1]


def test_an_untranslated_page_declares_only_the_language_it_is_in(project, clean_env):
    project.page("handreiking/alleen-nl.nl.md", "Alleen Nederlands", "# Alleen Nederlands\n\nAlleen in het Nederlands.")
    project.build()
    dutch_only = {"nl": f"{BASE}handreiking/alleen-nl/", "x-default": f"{BASE}handreiking/alleen-nl/"}
    nl = project.read("handreiking/alleen-nl/index.html")
    copy = project.read("en/handreiking/alleen-nl/index.html")  # the English build shows the Dutch text
    assert _head_links(nl) == dutch_only == _head_links(copy)
    assert f'<link rel="canonical" href="{BASE}handreiking/alleen-nl/">' in copy
    entries = _sitemap(project.site)
    assert entries[f"{BASE}handreiking/alleen-nl/"][1] == dutch_only
    assert f"{BASE}en/handreiking/alleen-nl/" not in entries
    # the language switch still leads to the copy, so an English reader stays in the English site
    assert 'href="../../en/handreiking/alleen-nl/" hreflang="en"' in nl


def test_sitemap_dates_come_from_the_content_not_the_build(project, clean_env):
    write_registry(project)
    project.page("docs/aanmelden.nl.md", "Aanmelden", "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->")
    edition(project, 2, "2019-06-27", "published", [("cbr", "Hostmanship")])
    edition(project, 3, "2999-01-01", "published", [("later", "Later")])  # not shown yet
    article = project.root / "docs/vreemdelingenvisie/02/cbr.nl.md"
    article.write_text(article.read_text().replace("uid: vv-2-0", "uid: vv-2-0\nupdated: 2020-02-03"))
    project.page("handreiking/zonder-datum.nl.md", "Zonder datum", "# Zonder datum\n\nTekst.")
    project.build()
    entries = _sitemap(project.site)
    assert entries[f"{BASE}vreemdelingenvisie/02/"][0] == "2019-06-27"
    assert entries[f"{BASE}vreemdelingenvisie/02/cbr/"][0] == "2020-02-03"  # updated after publication
    assert entries[f"{BASE}en/vreemdelingenvisie/02/cbr/"][0] == "2019-06-27"  # its translation was not
    assert entries[f"{BASE}vreemdelingenvisie/"][0] == "2019-06-27"  # the archive: its newest edition
    registry_dates = sitemaps.registry_dates(sitemodel.load(project.root).registry)
    assert entries[f"{BASE}wie-doet-wat/organisaties/dtv/"][0] == registry_dates["wie-doet-wat/organisaties/dtv.md"].isoformat()
    # outside git, a page without a date of its own gets no lastmod at all rather than today's
    assert entries[f"{BASE}handreiking/zonder-datum/"][0] is None


def test_in_git_a_page_without_a_date_gets_its_last_commit(project, clean_env):
    project.page("handreiking/zonder-datum.nl.md", "Zonder datum", "# Zonder datum\n\nTekst.")
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": "2018-03-04T12:00:00",
        "GIT_COMMITTER_DATE": "2018-03-04T12:00:00",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *args], cwd=project.root, env=env, check=True)
    project.build()
    entries = _sitemap(project.site)
    assert entries[f"{BASE}handreiking/zonder-datum/"][0] == "2018-03-04"
    assert entries[BASE][0] == "2018-03-04"


# -- the footer ---------------------------------------------------------------------


def _footer(html: str) -> str:
    return html[html.index('<footer class="md-footer kw-footer">') : html.index("</footer>")]


def test_every_page_of_the_site_names_the_owner_and_links_the_pages_about_the_site(production_site):
    pages = sorted(production_site.rglob("*.html"))
    assert len(pages) > 200
    for path in pages:
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(production_site).as_posix()
        english = rel.startswith("en/")
        footer = _footer(html)
        owner = (
            "Owner of this website: the Ketenwijzer editorial team"
            if english
            else "Eigenaar van deze website: de redactie van Ketenwijzer"
        )
        assert owner in footer, rel
        assert "Made with" not in html and "squidfunk" not in html, rel
        links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', footer)
        assert ("Colophon" if english else "Colofon") in [title for _href, title in links], rel
        for href, _title in links:  # every footer link leads to a page of the same language
            # the 404 pages answer at any address: they link from the root
            target = ((production_site / href.lstrip("/")) if href.startswith("/") else (path.parent / href)) / "index.html"
            target = target.resolve()
            assert target.is_file(), (rel, href)
            assert target.relative_to(production_site).as_posix().startswith("en/") == english, (rel, href)


def test_the_footer_links_the_trust_pages_the_site_has_in_order(project, clean_env):
    for slug, nl, en in (
        ("privacy", "Privacyverklaring", "Privacy statement"),
        ("toegankelijkheid", "Toegankelijkheidsverklaring", "Accessibility statement"),
        ("contact", "Contact", "Contact"),
        ("colofon", "Colofon", "Colophon"),
        ("redactie", "Redactie", "Editors"),
    ):
        project.page(f"docs/{slug}.nl.md", nl, f"# {nl}\n\nTekst.")
        project.page(f"docs/{slug}.en.md", en, f"# {en}\n\nText.")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      en: the Ketenwijzer editorial team\n",
            "      en: the Ketenwijzer editorial team\n    url: https://www.example.nl/\n",
        ),
        encoding="utf-8",
    )
    project.build()
    nl, en = _footer(project.read("index.html")), _footer(project.read("en/index.html"))
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a></li>', nl) == [
        ("privacy/", "Privacy"),
        ("toegankelijkheid/", "Toegankelijkheid"),
        ("contact/", "Contact en fouten melden"),
        ("colofon/", "Colofon"),
        ("redactie/", "Voor de redactie"),
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a></li>', en) == [
        ("privacy/", "Privacy"),
        ("toegankelijkheid/", "Accessibility"),
        ("contact/", "Contact and reporting errors"),
        ("colofon/", "Colophon"),
        ("redactie/", "For editors"),
    ]
    assert 'Owner of this website: <a href="https://www.example.nl/">the Ketenwijzer editorial team</a>' in en
    deep = _footer(project.read("en/privacy/index.html"))
    assert '<a href="../toegankelijkheid/">Accessibility</a>' in deep


def test_a_site_without_trust_pages_yet_has_a_footer_without_broken_links(project, clean_env):
    project.build()  # strict: a link to a missing page would fail the build or the check below
    footer = _footer(project.read("index.html"))
    assert "<nav" not in footer and "Eigenaar van deze website: de redactie van Ketenwijzer" in footer


@pytest.mark.parametrize(
    ("owner", "says"),
    [
        ("", "extra.owner is missing in mkdocs.yml"),
        ("  owner: Gemeente Voorbeeld\n", "must hold name:"),
        ("  owner:\n    name: {en: Only English}\n", "has no text for 'nl'"),
        (
            "  owner:\n    name: Gemeente Voorbeeld\n    url: www.example.nl\n",
            "extra.owner.url in mkdocs.yml must be an http(s) address",
        ),
    ],
)
def test_a_wrongly_written_owner_is_reported_with_how_to_write_it(project, clean_env, caplog, owner, says):
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  owner:\n")
    end = text.index("  # no theme credit")
    config.write_text(text[:start] + owner + text[end:], encoding="utf-8")
    with pytest.raises(Abort):
        project.build()
    assert says in _error(caplog)
