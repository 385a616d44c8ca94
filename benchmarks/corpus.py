"""Write a synthetic Ketenwijzer project: N editions x M articles in both languages,
handbook chapters, stories and a registry scaled with them.

Deterministic (seeded), so figures are comparable between runs.

    python benchmarks/corpus.py OUT --articles 1000 [--per-edition 10]
    python benchmarks/corpus.py OUT --count nl:opvang en:housing   # and in how many articles words occur

The text imitates how words are spread over a real archive, because that is
what a search index's size follows (benchmarks/page_weight.py measures it):

- each language has a vocabulary of a few thousand words: function words
  ("de", "het", "the", "of"), the site's own domain words ("opvang",
  "gemeente", "housing") and generated pseudo-words, ranked and drawn with a
  Zipf-like distribution (the word of rank r about 1/(r + 2.7) as often as the
  commonest), so a few words are on every page and most on a few;
- every article has a topic and a place: the topic's words and the place's
  name are concentrated in the articles about it, as real articles name their
  subject far more often than other articles do;
- the Dutch and English article of one slug share their topic and place.

``articles_holding()`` counts in how many articles words occur (the
page-weight benchmark prints it for the words it searches).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import random
import re
import shutil
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIRST_EDITION = datetime.date(1980, 1, 1)
EDITION_DAYS = 16_800  # days from FIRST_EDITION that editions may use: up to 2026

# -- vocabulary -----------------------------------------------------------------
# the commonest words of running text, in rough order of frequency
FUNCTION_WORDS = {
    "nl": "de en van het een in is op te dat die voor met zijn niet aan er om ook als bij door naar wordt "
    "maar over nog worden uit kan dan heeft was tot of wel hun ze we wat meer zo al moet deze veel andere "
    "onder waar zich geen kunnen omdat na tussen tegen goed hebben gaan daar samen eerst vaak nu".split(),
    "en": "the of and to in a is for that on with are as be by it this from at or not have they their can "
    "was which more an will has but also who when there other been about what into all many after these "
    "so than between must only most how often under first where because new now well good".split(),
}
# the site's domain words, aligned: the same place in both lists is the same word in the other language
DOMAIN_WORDS = list(
    zip(
        (
            "opvang asielzoeker gemeente vergunning terugkeer vertrek begeleiding woning inburgering taal werk locatie "
            "medewerker samenwerking keten procedure gesprek afspraak bewoner vrijwilliger dossier overleg informatie "
            "school gezondheid zorg regio aanvraag beslissing termijn voorlichting asielzoekerscentrum statushouder "
            "huisvesting gezinshereniging minderjarige voogd tolk advocaat rechter beroep identiteit nationaliteit "
            "verblijf status vluchteling migrant ketenpartner regievoerder casus ondersteuning opleiding onderwijs "
            "kinderen ouders gezin familie veiligheid politie grens aanmelding registratie gehoor besluit onderzoek "
            "medisch psycholoog huisarts trauma leefgeld toeslag uitkering budget financiering subsidie wetgeving "
            "beleid minister ministerie kamer verdrag richtlijn project pilot evaluatie rapport conferentie workshop "
            "netwerk wijk buurt participatie sport cultuur geloof religie diversiteit discriminatie toekomst perspectief "
            "hulpverlening bemiddeling mentor maatje coach werkgever stage baan inkomen schulden"
        ).split(),
        (
            "reception asylum-seeker municipality permit return departure guidance housing integration language work "
            "location staff cooperation chain procedure interview agreement resident volunteer file meeting information "
            "school health care region application decision period briefing asylum-centre status-holder accommodation "
            "reunification minor guardian interpreter lawyer judge appeal identity nationality residence status refugee "
            "migrant partner case-manager case support training education children parents family relatives safety "
            "police border arrival registration hearing ruling inquiry medical psychologist doctor trauma allowance "
            "benefit welfare budget funding grant legislation policy minister ministry parliament treaty directive "
            "project pilot evaluation report conference workshop network neighbourhood district participation sport "
            "culture faith religion diversity discrimination future prospects assistance mediation mentor buddy coach "
            "employer internship job income debts"
        ).split(),
    )
)
# topics an article is about: indexes into DOMAIN_WORDS
TOPICS = [
    (0, 11, 18),
    (3, 41, 43),
    (4, 5, 62),
    (7, 31, 29),
    (8, 9, 52),
    (10, 104, 105),
    (15, 58, 59),
    (13, 12, 21),
    (32, 2, 33),
    (34, 49, 50),
    (35, 36, 51),
    (37, 38, 39),
    (40, 56, 57),
    (54, 55, 63),
    (64, 65, 66),
    (67, 68, 69),
    (70, 71, 72),
    (73, 74, 75),
    (76, 77, 78),
    (79, 80, 81),
    (82, 83, 84),
    (85, 86, 87),
    (88, 89, 90),
    (91, 92, 93),
    (94, 95, 96),
    (97, 98, 99),
    (100, 101, 102),
    (103, 106, 107),
    (108, 109, 24),
    (25, 26, 30),
]
PLACES = (
    "Ter Apel, Budel, Gilze, Zwolle, Sneek, Utrecht, Amsterdam, Rotterdam, Den Haag, Eindhoven, Groningen, "
    "Leeuwarden, Assen, Emmen, Arnhem, Nijmegen, Almelo, Enschede, Deventer, Apeldoorn, Amersfoort, Leiden, "
    "Haarlem, Alkmaar, Zaandam, Dordrecht, Tilburg, Breda, Venlo, Maastricht, Heerlen, Middelburg, Goes, "
    "Lelystad, Almere, Hoogeveen, Drachten, Heerenveen, Harderwijk, Ede, Wageningen, Oss, Den Bosch, Roermond, "
    "Weert, Helmond, Katwijk, Delft, Gouda, Zoetermeer"
).split(", ")
PSEUDO_WORDS = 5000  # generated words per language, after the real ones
DOMAIN_STEP = 4  # pseudo-words ranked between two domain words
ZIPF_SHIFT = 2.7  # Zipf-Mandelbrot: the word of rank r has weight 1 / (r + ZIPF_SHIFT)
TOPIC_SHARE = 0.08  # of an article's words, drawn from its topic's words
PLACE_SHARE = 0.01  # of an article's words, its place's name
_SYLLABLES = {
    "nl": (
        ("b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st", "sch", "br", "kr", "gr", "tr"),
        ("a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "ui", "ij", "eu"),
        ("", "", "n", "r", "l", "k", "t", "s", "m", "ng", "cht", "rd"),
    ),
    "en": (
        ("b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "th", "tr", "pr", "sh"),
        ("a", "e", "i", "o", "u", "ea", "ou", "ai", "oo", "y"),
        ("", "", "n", "r", "l", "ck", "t", "s", "m", "nd", "ng", "ss"),
    ),
}


class Vocabulary:
    """One language's words, their Zipf weights and the topic words of each topic."""

    def __init__(self, lang: str, seed: int = 11):
        rng = random.Random(f"{seed}-{lang}")
        column = 0 if lang == "nl" else 1
        domain = [pair[column].replace("-", " ") for pair in DOMAIN_WORDS]  # "asylum-seeker": two words
        real = set(FUNCTION_WORDS[lang]) | set(domain)
        pseudo: list[str] = []
        onsets, vowels, codas = _SYLLABLES[lang]
        while len(pseudo) < PSEUDO_WORDS:
            word = "".join(
                rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(rng.choice((1, 2, 2, 2, 3, 3, 4)))
            )
            if word not in real:
                real.add(word)
                pseudo.append(word)
        # the domain words rank among the commoner content words, each followed by a few pseudo-words:
        # the first ("opvang") come up in most articles, the last in one article of ten or so
        content = list(
            itertools.chain.from_iterable(
                [word, *pseudo[DOMAIN_STEP * i : DOMAIN_STEP * i + DOMAIN_STEP]] for i, word in enumerate(domain)
            )
        )
        content += pseudo[DOMAIN_STEP * len(domain) :]
        self.words = FUNCTION_WORDS[lang] + content
        self.cumulative = list(itertools.accumulate(1 / (rank + ZIPF_SHIFT) for rank in range(1, len(self.words) + 1)))
        # each topic: its three domain words and twelve pseudo-words of its own (a topic's jargon)
        rare = pseudo[-12 * len(TOPICS) :]  # from the rare end of the ranking
        self.topics = [[domain[i] for i in indexes] + rare[12 * n : 12 * n + 12] for n, indexes in enumerate(TOPICS)]

    def draw(self, rng: random.Random, count: int, topic: int | None = None, place: str | None = None) -> list[str]:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=count)
        if topic is not None:
            own = self.topics[topic]
            for at in rng.sample(range(count), max(1, round(count * TOPIC_SHARE))):
                # the topic's first words (its name) come up most
                words[at] = own[min(int(rng.expovariate(0.35)), len(own) - 1)]
        if place is not None:
            for at in rng.sample(range(count), max(1, round(count * PLACE_SHARE))):
                words[at] = place
        return words


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> Vocabulary:
    return Vocabulary(lang)


def _text(rng: random.Random, lang: str, sentences: int, topic: int | None = None, place: str | None = None) -> str:
    lengths = [rng.randint(8, 18) for _ in range(sentences)]
    words = vocabulary(lang).draw(rng, sum(lengths), topic, place)
    out, at = [], 0
    for n in lengths:
        sentence = " ".join(words[at : at + n])
        at += n
        out.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out)


def _body(rng: random.Random, lang: str, heading: str, topic: int | None = None, place: str | None = None) -> str:
    parts = []
    for i in range(4):
        parts.append(f"## {heading} {i + 1}\n\n{_text(rng, lang, 5, topic, place)}\n\n{_text(rng, lang, 4, topic, place)}\n")
    return "\n".join(parts)


def _front(meta: dict) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n---\n\n"


def registry(out: Path, organisations: int, roles: int, referrals: int, topics: int = 20, seed: int = 7) -> None:
    """A synthetic registry of the given size in docs/wie-doet-wat/."""
    rng = random.Random(seed)
    folder = out / "docs" / "wie-doet-wat"
    folder.mkdir(parents=True, exist_ok=True)
    phases = ["aankomst", "opvang", "asielprocedure", "vergunning", "vertrek"]
    org_ids = [f"org{i}" for i in range(organisations)]
    (folder / "fasen.yml").write_text(
        "".join(
            f"- id: {p}\n  order: {i}\n  name: {{nl: Fase {p}, en: Phase {p}}}\n  summary: {{nl: Over {p}., en: About {p}.}}\n"
            f"  responsible: [{org_ids[i % organisations]}]\n  reviewed: 2026-12-03\n"
            for i, p in enumerate(phases)
        ),
        encoding="utf-8",
    )
    (folder / "organisaties.yml").write_text(
        "".join(
            f"- id: {o}\n  abbreviation: O{i}X\n  aliases: [Org {i} alias]\n  name: {{nl: Organisatie {i}, en: Organisation {i}}}\n  kind: agency\n"
            f"  mission: {{nl: {_text(rng, 'nl', 1)}, en: {_text(rng, 'en', 1)}}}\n"
            f"  does: {{nl: [Doet a, Doet b], en: [Does a, Does b]}}\n  does_not: {{nl: [Doet niet c], en: [Does not c]}}\n"
            f"  phases: [{phases[i % 5]}]\n  source: https://example.org/{o}/\n  reviewed: 2026-12-03\n"
            for i, o in enumerate(org_ids)
        ),
        encoding="utf-8",
    )
    role_ids = [f"role{i}" for i in range(roles)]
    (folder / "rollen.yml").write_text(
        "".join(
            f"- id: {r}\n  organisation: {org_ids[i % organisations]}\n  title: {{nl: Rol {i}, en: Role {i}}}\n"
            f"  handles: {{nl: Behandelt zaken {i}., en: Handles cases {i}.}}\n  reviewed: 2026-12-03\n"
            for i, r in enumerate(role_ids)
        ),
        encoding="utf-8",
    )
    topic_ids = [f"topic{i}" for i in range(topics)]
    (folder / "onderwerpen.yml").write_text(
        "".join(
            f"- id: {t}\n  name: {{nl: Onderwerp {i}, en: Topic {i}}}\n  summary: {{nl: Over {i}., en: About {i}.}}\n"
            f"  lead: {org_ids[i % organisations]}\n  supporting: [{org_ids[(i + 1) % organisations]}]\n  phases: [{phases[i % 5]}]\n  reviewed: 2026-12-03\n"
            for i, t in enumerate(topic_ids)
        ),
        encoding="utf-8",
    )
    lines = []
    for i in range(referrals):
        to = rng.randrange(organisations)
        lines.append(
            f"- id: ref{i}\n  topic: {topic_ids[i % topics]}\n  from: {role_ids[rng.randrange(roles)]}\n  to: {org_ids[to]}\n"
            f"  channel: {{nl: Via overleg {i}, en: Through meeting {i}}}\n  reason: {{nl: Reden {i}, en: Reason {i}}}\n  reviewed: 2026-12-03\n"
        )
    (folder / "verwijzingen.yml").write_text("".join(lines), encoding="utf-8")


def skeleton(out: Path) -> Path:
    """An empty project in ``out`` (emptied first) with this repo's mkdocs.yml and overrides/; returns its docs/."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", out / "overrides")
    docs = out / "docs"
    docs.mkdir()
    return docs


def project(out: Path, articles: int, per_edition: int = 10, chapters: int = 10, stories: int = 8, seed: int = 1) -> Path:
    """A whole project with ``articles`` articles per language."""
    rng = random.Random(seed)
    docs = skeleton(out)
    (docs / "index.nl.md").write_text(
        _front({"title": "Start", "description": "Start."}) + "# Start\n\n<!-- ketenwijzer:latest-edition -->\n"
    )
    (docs / "index.en.md").write_text(
        _front({"title": "Home", "description": "Home."}) + "# Home\n\n<!-- ketenwijzer:latest-edition -->\n"
    )
    (docs / "aanmelden.nl.md").write_text(
        _front({"title": "Aanmelden", "description": "Aanmelden."}) + "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->\n"
    )
    # the registry grows with the archive, but slower: the chain does not gain an
    # organisation per newsletter article (at 1,000 articles: 35 organisations,
    # 90 roles, 160 referrals; benchmarks/registry_bench.py tests registry scale)
    organisations = 15 + articles // 50
    registry(out, organisations=organisations, roles=40 + articles // 20, referrals=60 + articles // 10)
    orgs = [f"org{i}" for i in range(organisations)]
    for section, count in (("handreiking", chapters), ("stories", stories)):
        folder = out / section
        folder.mkdir()
        (folder / "index.nl.md").write_text(
            _front({"title": section.title(), "description": "Index."}) + f"# {section.title()}\n"
        )
        for i in range(count):
            topic, place = i % len(TOPICS), PLACES[i % len(PLACES)]
            meta = {"title": f"{section} {i}", "description": "Een pagina.", "order": i + 1, "organisations": [rng.choice(orgs)]}
            (folder / f"p{i}.nl.md").write_text(_front(meta) + f"# {section} {i}\n\n" + _body(rng, "nl", "Kop", topic, place))
            (folder / f"p{i}.en.md").write_text(
                _front({"title": f"{section} {i} (en)", "description": "A page."})
                + f"# {section} {i}\n\n"
                + _body(rng, "en", "Heading", topic, place)
            )
    editions = (articles + per_edition - 1) // per_edition
    made = 0
    for number in range(1, editions + 1):
        folder = docs / "vreemdelingenvisie" / f"{number:02d}"
        folder.mkdir(parents=True)
        slugs = []
        for j in range(per_edition):
            if made == articles:
                break
            slug = f"artikel-{j + 1}"
            slugs.append(slug)
            made += 1
            # each article is about one topic, in one place (both languages alike)
            topic, place = rng.randrange(len(TOPICS)), PLACES[min(int(rng.expovariate(0.08)), len(PLACES) - 1)]
            nl = {
                "title": f"Artikel {number}.{j + 1}",
                "description": "Een artikel.",
                "lead": _text(rng, "nl", 1, topic, place),
                "author": f"Auteur {rng.randrange(50)}",
                "uid": f"bench-{number}-{j}",
                "organisations": [rng.choice(orgs)],
                "topics": [f"topic{rng.randrange(20)}"],
            }
            (folder / f"{slug}.nl.md").write_text(_front(nl) + _body(rng, "nl", "Tussenkop", topic, place))
            en = {"title": f"Article {number}.{j + 1}", "description": "An article.", "lead": _text(rng, "en", 1, topic, place)}
            (folder / f"{slug}.en.md").write_text(_front(en) + _body(rng, "en", "Intertitle", topic, place))
        # from 1980 on, one edition a month, or closer together when there are more editions than months
        # since then: every edition is in the past, so all articles are published (future editions are hidden)
        date = FIRST_EDITION + datetime.timedelta(days=(number - 1) * min(30, EDITION_DAYS // editions))
        meta = {
            "title": f"Editie {number}",
            "description": "Een editie.",
            "edition": number,
            "date": date.isoformat(),
            "status": "published",
            "articles": slugs,
        }
        (folder / "index.nl.md").write_text(_front(meta) + _text(rng, "nl", 3) + "\n")
        (folder / "index.en.md").write_text(
            _front({"title": f"Edition {number}", "description": "An edition."}) + _text(rng, "en", 3) + "\n"
        )
    return out


def articles_holding(root: Path, lang: str, words: list[str]) -> tuple[int, dict[str, int]]:
    """(articles of ``lang`` in the project at ``root``, in how many of them each of ``words`` occurs)."""
    patterns = {word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE) for word in words}
    counts = dict.fromkeys(words, 0)
    files = sorted((root / "docs" / "vreemdelingenvisie").glob(f"*/artikel-*.{lang}.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for word, pattern in patterns.items():
            counts[word] += bool(pattern.search(text))
    return len(files), counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-edition", type=int, default=10)
    parser.add_argument("--count", nargs="+", metavar="LANG:WORD", help="afterwards, in how many articles these words occur")
    args = parser.parse_args()
    project(args.out, args.articles, args.per_edition)
    print(f"wrote {args.out}")
    for lang in ("nl", "en"):
        asked = [item.split(":", 1)[1] for item in args.count or [] if item.startswith(f"{lang}:")]
        if asked:
            total, counts = articles_holding(args.out, lang, asked)
            print(f"{lang}: " + ", ".join(f"{word!r} in {n} of {total} articles" for word, n in counts.items()))
