"""VreemdelingenVisie: edition and article pages, archive, drafts, navigation and feeds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

import pagefind_files
from ketenwijzer.site import sitemodel
from newsletter_fixture import edition
from registry_fixture import write_registry

ATOM_RNG = Path(__file__).parent / "schemas" / "atom.rng"


@pytest.fixture
def vv(project):
    write_registry(project)
    project.page("docs/index.nl.md", "Start", "# Start\n\n## Laatste editie\n\n<!-- ketenwijzer:latest-edition -->")
    project.page("docs/index.en.md", "Home", "# Home\n\n## Latest edition\n\n<!-- ketenwijzer:latest-edition -->")
    project.page("docs/aanmelden.nl.md", "Aanmelden", "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->")
    project.page("docs/over.nl.md", "Over", "# Over\n\nOver de site.")
    edition(project, 1, "2015-10-15", "published", [("conferentie", "De conferentie"), ("bundel", "De bundel")])
    edition(
        project,
        2,
        "2019-06-27",
        "published",
        [("lvv", "De LVV-pilot"), ("cbr", "Hostmanship"), ("handreiking", "De handreiking")],
    )
    edition(project, 3, "2020-01-01", "draft", [("geheim-concept", "Geheim concept")])
    edition(project, 4, "2999-01-01", "published", [("toekomst", "Toekomstig artikel")])
    return project


def test_edition_and_article_pages(vv):
    vv.build()
    page = vv.read("vreemdelingenvisie/02/index.html")
    assert 'alt="Lichtblauw vlak"' in page and "Inleiding van editie 2." in page
    toc = page[page.index("In deze editie") :]
    assert toc.index("De LVV-pilot") < toc.index("Hostmanship") < toc.index("De handreiking")
    assert 'href="cbr/"' in toc

    article = vv.read("vreemdelingenvisie/02/cbr/index.html")
    assert "Lead van Hostmanship." in article
    assert "Tekst: Anna de Vries" in article and "Foto: Bram Jansen" in article
    assert "In 1 minuut" in article and "Punt twee" in article
    assert re.search(r'Dit artikel hoort bij: <a href="\.\./">VreemdelingenVisie 02</a>', article)
    assert 'href="../lvv/">← Vorige: De LVV-pilot' in article
    assert 'href="../handreiking/">Volgende: De handreiking →' in article
    assert 'href="../../../aanmelden/">Meld u aan voor VreemdelingenVisie</a>' in article  # the call, not the navigation's link
    assert 'href="../../../wie-doet-wat/organisaties/dtv/"' in article

    english = vv.read("en/vreemdelingenvisie/02/cbr/index.html")
    assert "This article belongs to" in english and "Text: Anna de Vries" in english
    assert "Lead of Hostmanship." in english and "In 1 minute" in english
    assert 'href="../handreiking/">Next: De handreiking (EN) →' in english


def test_an_article_ending_in_a_paragraph_keeps_it_a_paragraph(vv):
    # the footer's rule must not turn the last paragraph into a heading (a setext heading)
    site = vv.build()
    for path in ("vreemdelingenvisie/01/conferentie/index.html", "en/vreemdelingenvisie/01/conferentie/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        last = (
            "Tekst van De conferentie over terugkeer." if not path.startswith("en/") else "Text of De conferentie about return."
        )
        assert f"<p>{last}</p>" in html, path
        assert "<hr" in html and not re.search(r'<h2 id="(tekst|text)-', html), path


def test_drafts_and_future_editions_are_absent_everywhere(vv):
    site = vv.build()
    for folder in ("03", "04"):
        assert not (site / "vreemdelingenvisie" / folder).exists()
        assert not (site / "en" / "vreemdelingenvisie" / folder).exists()
    everything = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json"))
    for secret in ("Geheim concept", "geheim-concept", "Toekomstig artikel", "vreemdelingenvisie/03", "Editie 3", "Editie 4"):
        assert secret not in everything, secret
    # backlinks on the registry page list only published articles
    dtv = vv.read("wie-doet-wat/organisaties/dtv/index.html")
    assert "Hostmanship" in dtv and "Toekomstig" not in dtv


def test_drafts_show_with_a_banner_in_preview(vv, monkeypatch):
    monkeypatch.setenv("KETENWIJZER_DRAFTS", "1")
    vv.build()
    draft = vv.read("vreemdelingenvisie/03/geheim-concept/index.html")
    assert "Concept" in draft and "Alleen zichtbaar in de voorbeeldweergave" in draft
    assert "Draft" in vv.read("en/vreemdelingenvisie/04/index.html")
    assert "Editie 3" in vv.read("vreemdelingenvisie/index.html")


def test_archive_is_newest_first_grouped_by_year_and_home_shows_latest(vv):
    vv.build()
    archive = vv.read("vreemdelingenvisie/index.html")
    archive = archive[archive.index("<article") :]
    assert archive.index(">2019<") < archive.index("Editie 2") < archive.index(">2015<") < archive.index("Editie 1")
    assert "Edition 2" in vv.read("en/vreemdelingenvisie/index.html")
    home = vv.read("index.html")
    assert 'href="vreemdelingenvisie/02/"' in home and "De handreiking" in home
    content = home[home.index("<article") :]
    assert "Editie 2" in content and "Editie 1" not in content.split("Alle edities")[0]


def test_navigation_lists_editions_not_articles(vv):
    vv.build()
    over = vv.read("over/index.html")
    navs = lxml_html.fromstring(over).xpath('//nav[contains(concat(" ", @class, " "), " md-nav--primary ")]')
    assert len(navs) == 1, "the page has one primary navigation"
    links = {" ".join(a.text_content().split()): a.get("href") for a in navs[0].iter("a")}
    # the archive and the published editions, newest first; no draft, no future edition, no article
    assert links["VreemdelingenVisie: archief"] == "../vreemdelingenvisie/"
    editions = [title for title in links if title.startswith("Editie ")]
    assert editions == ["Editie 2", "Editie 1"] and links["Editie 2"] == "../vreemdelingenvisie/02/"
    assert "Hostmanship" not in over and "De LVV-pilot" not in over


def test_search_index_has_no_drafts_and_one_language(vv):
    site = vv.build()
    nl, en = pagefind_files.by_url(site, "nl"), pagefind_files.by_url(site, "en")
    assert "/vreemdelingenvisie/02/cbr/" in nl and "/en/vreemdelingenvisie/02/cbr/" in en
    assert not any("geheim" in url or "toekomst" in url for url in [*nl, *en])
    assert any(r["meta"]["title"] == "Hostmanship (EN)" for r in en.values())
    assert not any(r["meta"]["title"] == "Hostmanship (EN)" for r in nl.values())
    # an article is filtered by section and edition; its chrome (the edition line, previous/next,
    # the subscribe call, the tags) is not its text
    article = nl["/vreemdelingenvisie/02/cbr/"]
    assert article["filters"] == {"section": ["VreemdelingenVisie"], "edition": ["VreemdelingenVisie 02"]}
    for chrome in ("Dit artikel hoort bij", "Volgende", "Vorige", "Nieuwe edities in uw mailbox", "Hoort bij"):
        assert chrome not in article["content"], chrome


def test_feeds_parse_validate_and_keep_ids(vv):
    site = vv.build()
    for lang, prefix in (("nl", ""), ("en", "en/")):
        atom = feedparser.parse((site / prefix / "vreemdelingenvisie/feed.atom.xml").read_bytes())
        assert not atom.bozo, atom.bozo_exception
        assert atom.feed.language == lang
        assert [e.id for e in atom.entries][:2] == [f"urn:ketenwijzer:vreemdelingenvisie:article:vv-2-{i}:{lang}" for i in (0, 1)]
        assert len(atom.entries) == 5
        assert atom.entries[0].link == f"http://127.0.0.1:8000/{prefix}vreemdelingenvisie/02/lvv/"
        assert atom.entries[0].updated.startswith("2019-06-27")
        assert atom.entries[0].summary == ("Lead van De LVV-pilot." if lang == "nl" else "Lead of De LVV-pilot.")
        rss = feedparser.parse((site / prefix / "vreemdelingenvisie/feed.rss.xml").read_bytes())
        assert not rss.bozo and rss.version == "rss20" and len(rss.entries) == 5
        assert rss.entries[-1].link == f"http://127.0.0.1:8000/{prefix}vreemdelingenvisie/01/bundel/"
        issues = feedparser.parse((site / prefix / "vreemdelingenvisie/edities.atom.xml").read_bytes())
        assert [e.id for e in issues.entries] == [f"urn:ketenwijzer:vreemdelingenvisie:edition:{n}:{lang}" for n in (2, 1)]
        assert feedparser.parse((site / prefix / "vreemdelingenvisie/edities.rss.xml").read_bytes()).version == "rss20"
    schema = etree.RelaxNG(file=str(ATOM_RNG))
    for name in ("vreemdelingenvisie/feed.atom.xml", "en/vreemdelingenvisie/edities.atom.xml"):
        document = etree.parse(str(site / name))
        assert schema.validate(document), schema.error_log
    head = vv.read("verhalen/index.html") if (site / "verhalen/index.html").exists() else vv.read("over/index.html")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="VreemdelingenVisie: artikelen (Atom)" href="../vreemdelingenvisie/feed.atom.xml">'
        in head
    )
    assert (
        '<link rel="alternate" type="application/rss+xml" title="VreemdelingenVisie: articles (RSS)" href="vreemdelingenvisie/feed.rss.xml">'
        in vv.read("en/index.html")
    )
    # Material fetches sitemap.xml next to every alternate link: each such folder has one, listing only its part
    assert "/en/vreemdelingenvisie/" in vv.read("en/vreemdelingenvisie/sitemap.xml")
    assert "<loc>http://127.0.0.1:8000/vreemdelingenvisie/" not in vv.read("en/sitemap.xml")
    assert "<loc>http://127.0.0.1:8000/en/" not in vv.read("vreemdelingenvisie/sitemap.xml")
    # a new title and slug keep the entry id
    folder = vv.root / "docs/vreemdelingenvisie/01"
    for lang in ("nl", "en"):
        (folder / f"bundel.{lang}.md").rename(folder / f"de-bundel.{lang}.md")
    index = folder / "index.nl.md"
    index.write_text(index.read_text().replace("[conferentie, bundel]", "[conferentie, de-bundel]"))
    vv.build()
    rss = feedparser.parse((site / "vreemdelingenvisie/feed.atom.xml").read_bytes())
    assert rss.entries[-1].id == "urn:ketenwijzer:vreemdelingenvisie:article:vv-1-1:nl"
    assert rss.entries[-1].link.endswith("/vreemdelingenvisie/01/de-bundel/")


def test_subscribe_form_posts_to_the_service(vv):
    vv.build()
    page = vv.read("aanmelden/index.html")
    assert '<form class="kw-subscribe" method="post" action="http://127.0.0.1:8001/subscribe">' in page
    assert 'name="email" type="email"' in page and 'name="lang" value="nl" checked' in page
    english = vv.read("en/aanmelden/index.html")
    start = english.index('class="kw-subscribe"')
    form = english[start : english.index("</form>", start)]
    assert 'name="lang" value="en" checked' in form
    assert '<label for="kw-email">Your email address</label>' in form and ">Subscribe</button>" in form


def _problems(project):
    return [str(p) for p in sitemodel.load(project.root).problems]


def test_bad_newsletter_input(project):
    write_registry(project)
    edition(project, 1, "2015-10-15", "published", [("a", "A")])
    project.page("docs/vreemdelingenvisie/01/los.nl.md", "Los", "x", uid="los", description="Los.")
    index = project.root / "docs/vreemdelingenvisie/01/index.nl.md"
    index.write_text(index.read_text().replace("articles: [a]", "articles: [a, ontbreekt]"))
    edition(project, 2, "2016-01-01", "published", [("b", "B")], cover=False)
    (project.root / "docs/vreemdelingenvisie/02").rename(project.root / "docs/vreemdelingenvisie/2")
    project.page("docs/vreemdelingenvisie/01/zonder-uid.nl.md", "Z", "x", description="Z.")
    problems = _problems(project)
    assert (
        "docs/vreemdelingenvisie/01/index.nl.md:7: 'articles' lists 'ontbreekt', but there is no docs/vreemdelingenvisie/01/ontbreekt.nl.md; create it (ketenwijzer article new 1 \"Title\") or remove it from the list"
        in problems
    )
    assert (
        "docs/vreemdelingenvisie/01/los.nl.md:1: article 'los' is not listed in 'articles' of docs/vreemdelingenvisie/01/index.nl.md; add it there so readers can find it"
        in problems
    )
    assert (
        "docs/vreemdelingenvisie/2/index.nl.md:4: edition 2 must live in the folder 'vreemdelingenvisie/02/', not 'vreemdelingenvisie/2/'; move it or fix 'edition'"
        in problems
    )
    assert any(
        p.startswith("docs/vreemdelingenvisie/01/zonder-uid.nl.md:1: missing required key 'uid' (a permanent id")
        for p in problems
    )


def test_shared_navigation_renders_exactly_what_material_renders(vv):
    """overrides/partials/nav.html renders the navigation once per folder; the pages must not notice."""
    cached = vv.build()
    pages = sorted(p.relative_to(cached) for p in cached.rglob("*.html"))
    assert len(pages) > 40
    with_cache = {p: (cached / p).read_text(encoding="utf-8") for p in pages}
    (vv.root / "overrides" / "partials" / "nav.html").unlink()  # Material's own partial again
    shutil.rmtree(cached)
    plain = vv.build()
    assert sorted(p.relative_to(plain) for p in plain.rglob("*.html")) == pages
    for page in pages:
        assert (plain / page).read_text(encoding="utf-8") == with_cache[page], page
    # the current entry is still marked on pages that are in the navigation, and only there
    assert "md-nav__link--active" in with_cache[Path("over/index.html")]
    assert "md-nav__link--active" not in with_cache[Path("vreemdelingenvisie/01/bundel/index.html")]
