"""The site's own content is honest: own words, true credits, one register, trust pages that match the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from ketenwijzer.domain import frontmatter
from ketenwijzer.subscriptions.settings import DAY, HOUR, Settings

REPO = Path(__file__).resolve().parents[1]
RUN = 8  # a run of this many words shared with an original article is too close

# clauses of the original newsletter articles that earlier versions of the site followed too closely (issue 17)
ORIGINAL_CLAUSES = [
    "snelle integratie van vluchtelingen met een verblijfsvergunning, of duurzame terugkeer van mensen die geen "
    "vergunning krijgen",
    "met Digisterker, de Koninklijke Bibliotheek en lokale bibliotheken workshops ontwikkeld",
    "de conferentie Kwetsbaarheid en (eigen) kracht van 24 september 2015",
    "van mensen die niet in Nederland mogen blijven",
    "van het COA en Jannita Robberse, algemeen directeur van",
    "in vijf steden: Utrecht, Rotterdam, Amsterdam, Eindhoven en Groningen",
    "van de IND, het COA en de DT&V",
]
# the facts name these people as makers of the original articles, not of the site's own texts
ORIGINAL_MAKERS = ("Florine Boeding", "Gijs de Kruijf", "Karin Lassche", "Michel Campfens")
PHOTOS = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.I)
TRUST_PAGES = ("privacy", "toegankelijkheid", "contact")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w&]+", text.lower())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _sources(pattern: str) -> list[Path]:
    return sorted(p for folder in ("docs", "handreiking", "stories") for p in (REPO / folder).rglob(pattern))


def _meta(path: Path) -> dict:
    doc, problems = frontmatter.parse(path.read_text(encoding="utf-8"), str(path))
    assert problems == [], problems
    return doc.meta


def _prose(text: str) -> str:
    """The text a reader sees as prose: no front matter keys, code, link targets or HTML comments."""
    text = re.sub(r"(?s)\A---\n.*?\n---\n", "", text)
    text = re.sub(r"(?s)```.*?```", "", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"(?s)<!--.*?-->", "", text)


def test_no_page_of_the_built_site_shares_a_run_of_words_with_the_original_articles(real_site):
    original = set().union(*(_runs(_words(clause)) for clause in ORIGINAL_CLAUSES))
    found = []
    read = 0  # pages whose article text was there to compare
    for page in sorted(real_site.rglob("*.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        texts = [" ".join(node.text_content() for node in tree.xpath("//article"))]
        read += bool(texts[0].strip())
        texts += tree.xpath("//meta[@name='description']/@content")
        for text in texts:
            shared = _runs(_words(text)) & original
            if shared:
                found.append(f"{page.relative_to(real_site)}: {' '.join(sorted(shared)[0])}")
    assert found == []
    assert read > 150, "the article text of the site's pages was not found: the check compared nothing"
    # the check itself finds a clause where one is present
    assert _runs(_words("Het doel is " + ORIGINAL_CLAUSES[3] + ".")) & original


def test_articles_carry_no_byline_or_photo_credit_that_is_not_true():
    articles = [p for p in _sources("*.md") if p.parent.parent.name == "vreemdelingenvisie" and not p.name.startswith("index.")]
    assert len(articles) >= 16
    wrong = []
    for path in articles:
        meta = _meta(path)
        author = str(meta.get("author", ""))
        if any(name in author for name in ORIGINAL_MAKERS):
            wrong.append(f"{path.relative_to(REPO)}: author {author!r} wrote the original, not this text")
        photos = [p for p in path.parent.iterdir() if p.suffix.lower() in PHOTOS]
        if meta.get("photographer") and not photos:
            wrong.append(f"{path.relative_to(REPO)}: photographer {meta['photographer']!r} but no photo in the edition")
    assert wrong == []


def _reader_facing_dutch(path: Path, story_titles: list[str]) -> str:
    """Where the site speaks to the reader. In a story that is its introduction and boxes: the narrator and the
    story's title speak in the voice of an invented person (docs/redactie.nl.md, Schrijfwijzer)."""
    text = _prose(path.read_text(encoding="utf-8"))
    text = re.sub(r'"[^"\n]*"', "", text)  # words quoted as words, as in the editors' guide
    for title in story_titles:
        text = text.replace(title, "")
    if path.parent.name == "stories" and not path.name.startswith("index."):
        text = "\n".join(line for line in text.splitlines() if line.startswith(("*", "!!!", "    ")))
    return text


def test_dutch_pages_address_the_reader_with_u(tmp_path):
    stories = [p for p in _sources("*.nl.md") if p.parent.name == "stories" and not p.name.startswith("index.")]
    titles = [str(_meta(p)["title"]) for p in stories]
    informal = [
        f"{path.relative_to(REPO)}: {line.strip()[:90]}"
        for path in _sources("*.nl.md")
        for line in _reader_facing_dutch(path, titles).splitlines()
        if INFORMAL.search(line)
    ]
    assert informal == []
    # in a story the narrator may say "je"; the box under it may not
    story = tmp_path / "stories" / "proef.nl.md"
    story.parent.mkdir()
    story.write_text(
        "---\ntitle: Proef\n---\n\nVertrouwen krijg je niet in één gesprek.\n\n"
        '!!! note "Wat deze rol doet"\n    Hier lees je meer.\n',
        encoding="utf-8",
    )
    assert INFORMAL.findall(_reader_facing_dutch(story, titles)) == ["je"]


def test_the_civic_integration_act_is_not_presented_as_upcoming():
    stale = re.compile(r"nieuwe Wet inburgering|nieuwe wet krijgen|new Wet inburgering|Under the new act", re.I)
    assert [str(p.relative_to(REPO)) for p in _sources("*.md") if stale.search(p.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize("slug", TRUST_PAGES)
def test_trust_pages_are_built_in_both_languages(real_site, slug):
    for prefix, lang in (("", "nl"), ("en/", "en")):
        page = real_site / prefix / slug / "index.html"
        tree = lxml_html.fromstring(page.read_bytes())
        assert tree.get("lang") == lang
        assert tree.xpath("//article//h1")


def test_privacy_statement_states_the_periods_the_service_really_uses():
    settings = Settings(secret="x" * 32)
    nl = (REPO / "docs" / "privacy.nl.md").read_text(encoding="utf-8")
    en = (REPO / "docs" / "privacy.en.md").read_text(encoding="utf-8")
    numbers = {1: ("een", "an"), 3: ("drie", "three")}
    pending, confirm, window = settings.pending_ttl / DAY, settings.confirm_ttl / DAY, settings.rate_window / HOUR
    assert (pending, confirm, window) == (30, 3, 1), "the service changed: update docs/privacy.*.md and this test"
    assert "na 30 dagen" in nl and "after 30 days" in en
    assert f"werkt {numbers[3][0]} dagen" in nl and f"works for {numbers[3][1]} days" in en
    assert f"Na {numbers[1][0]} uur" in nl and f"After {numbers[1][1]} hour" in en
    unsubscribe_months = settings.unsubscribe_ttl / DAY / 30.44
    assert round(unsubscribe_months) == 13 and "dertien maanden" in nl and "thirteen months" in en
