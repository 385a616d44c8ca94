"""Newsletter editions written into a test project: published, draft and future."""

from __future__ import annotations

import datetime as dt

COVER = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 12 6" width="1200" height="630"><title>Omslag</title><rect width="12" height="6" fill="#cde"/></svg>\n'


def edition(
    project,
    number: int,
    date: dt.date | str,
    status: str,
    articles: list[tuple[str, str]],
    *,
    title: str | None = None,
    english: bool = True,
    cover: bool = True,
) -> None:
    folder = f"docs/vreemdelingenvisie/{number:02d}"
    slugs = ", ".join(slug for slug, _ in articles)
    extra = {"edition": number, "date": date, "status": status, "articles": f"[{slugs}]"}
    if cover:
        project.write(f"{folder}/cover.svg", COVER)
        extra.update(cover="cover.svg", cover_alt="Lichtblauw vlak")
    name = title or f"Editie {number}"
    project.page(
        f"{folder}/index.nl.md", name, f"Inleiding van editie {number}.", description=f"Beschrijving editie {number}.", **extra
    )
    if english:
        project.page(
            f"{folder}/index.en.md",
            f"Edition {number}",
            f"Introduction to edition {number}.",
            description=f"Description of edition {number}.",
            cover_alt="Light blue area",
        )
    for i, (slug, art_title) in enumerate(articles):
        project.page(
            f"{folder}/{slug}.nl.md",
            art_title,
            f"## Tussenkop\n\nTekst van {art_title} over terugkeer.",
            description=f"Over {art_title}.",
            lead=f"Lead van {art_title}.",
            author="Anna de Vries",
            photographer="Bram Jansen",
            summary="[Punt een, Punt twee]",
            uid=f"vv-{number}-{i}",
            organisations="[dtv]",
            topics="[terugkeer-en-vertrek]",
        )
        if english:
            project.page(
                f"{folder}/{slug}.en.md",
                f"{art_title} (EN)",
                f"## Intertitle\n\nText of {art_title} about return.",
                description=f"About {art_title}.",
                lead=f"Lead of {art_title}.",
                author="Anna de Vries",
                summary="[Point one, Point two]",
            )


def subscribe_pages(project) -> None:
    """The sign-up page every edition and article links to, in both languages."""
    project.page("docs/aanmelden.nl.md", "Aanmelden", "# Aanmelden\n\n<!-- ketenwijzer:subscribe-form -->")
    project.page("docs/aanmelden.en.md", "Subscribe", "# Subscribe\n\n<!-- ketenwijzer:subscribe-form -->")
