"""Write a synthetic Ketenwijzer project: N editions x M articles in both languages,
handbook chapters, stories and a registry scaled with them.

Deterministic (seeded), so figures are comparable between runs.

    python benchmarks/corpus.py OUT --articles 1000 [--per-edition 10]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NL_WORDS = ("opvang asielzoeker gemeente vergunning terugkeer vertrek begeleiding woning inburgering taal werk "
            "locatie medewerker samenwerking keten procedure gesprek afspraak bewoner vrijwilliger dossier "
            "overleg informatie school gezondheid zorg regio aanvraag beslissing termijn voorlichting").split()
EN_WORDS = ("reception asylum seeker municipality permit return departure guidance housing integration language work "
            "location staff cooperation chain procedure interview agreement resident volunteer file "
            "meeting information school health care region application decision period information").split()


def _text(rng: random.Random, words: tuple[str, ...] | list[str], sentences: int) -> str:
    out = []
    for _ in range(sentences):
        n = rng.randint(8, 18)
        sentence = " ".join(rng.choice(words) for _ in range(n))
        out.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out)


def _body(rng: random.Random, words, heading: str) -> str:
    parts = []
    for i in range(4):
        parts.append(f"## {heading} {i + 1}\n\n{_text(rng, words, 5)}\n\n{_text(rng, words, 4)}\n")
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
    (folder / "fasen.yml").write_text("".join(
        f"- id: {p}\n  order: {i}\n  name: {{nl: Fase {p}, en: Phase {p}}}\n  summary: {{nl: Over {p}., en: About {p}.}}\n"
        f"  responsible: [{org_ids[i % organisations]}]\n  reviewed: 2026-12-03\n" for i, p in enumerate(phases)), encoding="utf-8")
    (folder / "organisaties.yml").write_text("".join(
        f"- id: {o}\n  abbreviation: O{i}X\n  aliases: [Org {i} alias]\n  name: {{nl: Organisatie {i}, en: Organisation {i}}}\n  kind: agency\n"
        f"  mission: {{nl: {_text(rng, NL_WORDS, 1)}, en: {_text(rng, EN_WORDS, 1)}}}\n"
        f"  does: {{nl: [Doet a, Doet b], en: [Does a, Does b]}}\n  does_not: {{nl: [Doet niet c], en: [Does not c]}}\n"
        f"  phases: [{phases[i % 5]}]\n  source: https://example.org/{o}/\n  reviewed: 2026-12-03\n" for i, o in enumerate(org_ids)), encoding="utf-8")
    role_ids = [f"role{i}" for i in range(roles)]
    (folder / "rollen.yml").write_text("".join(
        f"- id: {r}\n  organisation: {org_ids[i % organisations]}\n  title: {{nl: Rol {i}, en: Role {i}}}\n"
        f"  handles: {{nl: Behandelt zaken {i}., en: Handles cases {i}.}}\n  reviewed: 2026-12-03\n" for i, r in enumerate(role_ids)), encoding="utf-8")
    topic_ids = [f"topic{i}" for i in range(topics)]
    (folder / "onderwerpen.yml").write_text("".join(
        f"- id: {t}\n  name: {{nl: Onderwerp {i}, en: Topic {i}}}\n  summary: {{nl: Over {i}., en: About {i}.}}\n"
        f"  lead: {org_ids[i % organisations]}\n  supporting: [{org_ids[(i + 1) % organisations]}]\n  phases: [{phases[i % 5]}]\n  reviewed: 2026-12-03\n"
        for i, t in enumerate(topic_ids)), encoding="utf-8")
    lines = []
    for i in range(referrals):
        to = rng.randrange(organisations)
        lines.append(f"- id: ref{i}\n  topic: {topic_ids[i % topics]}\n  from: {role_ids[rng.randrange(roles)]}\n  to: {org_ids[to]}\n"
                     f"  channel: {{nl: Via overleg {i}, en: Through meeting {i}}}\n  reason: {{nl: Reden {i}, en: Reason {i}}}\n  reviewed: 2026-12-03\n")
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
    (docs / "index.nl.md").write_text(_front({"title": "Start", "description": "Start."}) + "# Start\n\n<!-- ketenwijzer:latest-edition -->\n")
    (docs / "index.en.md").write_text(_front({"title": "Home", "description": "Home."}) + "# Home\n\n<!-- ketenwijzer:latest-edition -->\n")
    (docs / "aanmelden.nl.md").write_text(_front({"title": "Aanmelden", "description": "Aanmelden."}) + "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->\n")
    # the registry grows with the archive, but slower: the chain does not gain an
    # organisation per newsletter article (at 1,000 articles: 35 organisations,
    # 90 roles, 160 referrals; benchmarks/registry_bench.py tests registry scale)
    organisations = 15 + articles // 50
    registry(out, organisations=organisations, roles=40 + articles // 20, referrals=60 + articles // 10)
    orgs = [f"org{i}" for i in range(organisations)]
    for section, count in (("handreiking", chapters), ("stories", stories)):
        folder = out / section
        folder.mkdir()
        (folder / "index.nl.md").write_text(_front({"title": section.title(), "description": "Index."}) + f"# {section.title()}\n")
        for i in range(count):
            meta = {"title": f"{section} {i}", "description": "Een pagina.", "order": i + 1, "organisations": [rng.choice(orgs)]}
            (folder / f"p{i}.nl.md").write_text(_front(meta) + f"# {section} {i}\n\n" + _body(rng, NL_WORDS, "Kop"))
            (folder / f"p{i}.en.md").write_text(_front({"title": f"{section} {i} (en)", "description": "A page."}) + f"# {section} {i}\n\n" + _body(rng, EN_WORDS, "Heading"))
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
            nl = {"title": f"Artikel {number}.{j + 1}", "description": "Een artikel.", "lead": _text(rng, NL_WORDS, 1),
                  "author": f"Auteur {rng.randrange(50)}", "uid": f"bench-{number}-{j}",
                  "organisations": [rng.choice(orgs)], "topics": [f"topic{rng.randrange(20)}"]}
            (folder / f"{slug}.nl.md").write_text(_front(nl) + _body(rng, NL_WORDS, "Tussenkop"))
            en = {"title": f"Article {number}.{j + 1}", "description": "An article.", "lead": _text(rng, EN_WORDS, 1)}
            (folder / f"{slug}.en.md").write_text(_front(en) + _body(rng, EN_WORDS, "Intertitle"))
        # one edition a month from 1980 on: even 2,000 articles stay in the past (future editions are hidden)
        year = 1980 + (number - 1) // 12
        month = (number - 1) % 12 + 1
        meta = {"title": f"Editie {number}", "description": "Een editie.", "edition": number,
                "date": f"{year}-{month:02d}-01", "status": "published", "articles": slugs}
        (folder / "index.nl.md").write_text(_front(meta) + _text(rng, NL_WORDS, 3) + "\n")
        (folder / "index.en.md").write_text(_front({"title": f"Edition {number}", "description": "An edition."}) + _text(rng, EN_WORDS, 3) + "\n")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-edition", type=int, default=10)
    args = parser.parse_args()
    project(args.out, args.articles, args.per_edition)
    print(f"wrote {args.out}")
