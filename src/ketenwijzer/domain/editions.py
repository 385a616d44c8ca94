"""VreemdelingenVisie: numbered editions of articles, loaded from the project.

Sources live in ``docs/vreemdelingenvisie/<NN>/``: ``index.nl.md`` is the
edition (number, date, status, cover, ordered article slugs) and every other
``<slug>.nl.md`` is an article. Plain Python: no MkDocs here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from ketenwijzer.domain import project as project_mod
from ketenwijzer.domain.problems import Problem

NAME = "VreemdelingenVisie"
DIR = project_mod.NEWSLETTER_DIR


TODAY_VARIABLE = "KETENWIJZER_TODAY"


def folder_name(number: int) -> str:
    return f"{number:02d}"


def today(env=None) -> dt.date:
    """Today, or the date in KETENWIJZER_TODAY (YYYY-MM-DD): one clock for builds, schedules and tests."""
    value = (os.environ if env is None else env).get(TODAY_VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE}={value!r} is not a date; write it as YYYY-MM-DD or unset it") from None


def hidden_reason(status: object, date: object, on: dt.date) -> str | None:
    """Why readers do not see an edition on ``on``: 'draft', 'future', or None when it is public.

    The one rule of what is public: published, and not dated after ``on``. A date
    that cannot be read does not hide an edition whose status says published (its
    problems stay errors).
    """
    if status != "published":
        return "draft"
    if isinstance(date, dt.date) and date > on:
        return "future"
    return None


def is_public(status: object, date: object, on: dt.date) -> bool:
    """Readers see the edition on ``on`` (see :func:`hidden_reason`)."""
    return hidden_reason(status, date, on) is None


def non_public_folders(project: project_mod.Project, on: dt.date) -> dict[str, int | None]:
    """Edition folders ('vreemdelingenvisie/03') whose content readers do not see on ``on``, with their number.

    Read from each edition's own front matter, even when it has problems (see :func:`is_public`).
    """
    found: dict[str, int | None] = {}
    for source in project.sources:
        if source.lang != project_mod.DEFAULT_LANGUAGE or source.kind != "edition" or source.doc is None:
            continue
        meta = source.doc.meta
        if not is_public(meta.get("status"), meta.get("date"), on):
            number = meta.get("edition")
            found[source.slug.rsplit("/", 1)[0]] = number if isinstance(number, int) else None
    return found


@dataclass
class Edition:
    number: int
    folder: str  # 'vreemdelingenvisie/01'
    date: dt.date
    status: str
    cover: str | None
    articles: list[str]  # full slugs, in reading order

    @property
    def slug(self) -> str:
        return f"{self.folder}/index"

    @property
    def label(self) -> str:
        return f"{NAME} {folder_name(self.number)}"

    def visible(self, today: dt.date) -> bool:
        """Published and not dated in the future."""
        return is_public(self.status, self.date, today)


@dataclass
class Newsletter:
    editions: dict[int, Edition] = field(default_factory=dict)
    edition_of: dict[str, int] = field(default_factory=dict)  # article slug -> edition number

    def newest_first(self, today: dt.date | None = None) -> list[Edition]:
        """Editions newest first; only the visible ones when ``today`` is given."""
        found = [e for e in self.editions.values() if today is None or e.visible(today)]
        return sorted(found, key=lambda e: (e.date, e.number), reverse=True)

    def latest(self, today: dt.date) -> Edition | None:
        found = self.newest_first(today)
        return found[0] if found else None

    def hidden_slugs(self, today: dt.date) -> set[str]:
        """Pages left out of a published site: drafts and future editions with their articles."""
        hidden: set[str] = set()
        for edition in self.editions.values():
            if not edition.visible(today):
                hidden.add(edition.slug)
                hidden.update(edition.articles)
        return hidden

    def edition_for(self, slug: str) -> Edition | None:
        if slug in self.edition_of:
            return self.editions[self.edition_of[slug]]
        for edition in self.editions.values():
            if edition.slug == slug:
                return edition
        return None

    def neighbours(self, slug: str) -> tuple[str | None, str | None]:
        """The previous and next article within the article's edition."""
        edition = self.edition_for(slug)
        if edition is None or slug not in edition.articles:
            return None, None
        i = edition.articles.index(slug)
        return (edition.articles[i - 1] if i > 0 else None, edition.articles[i + 1] if i + 1 < len(edition.articles) else None)

    def next_number(self) -> int:
        return max(self.editions, default=0) + 1


def load(project: project_mod.Project) -> tuple[Newsletter, list[Problem]]:
    """Collect editions and articles from the project's Dutch originals."""
    newsletter = Newsletter()
    problems: list[Problem] = []
    originals = {s.slug: s for s in project.sources if s.lang == project_mod.DEFAULT_LANGUAGE}
    articles_by_folder: dict[str, list[str]] = {}
    for slug, source in originals.items():
        if source.section.directory == "docs" and source.kind == "article":
            articles_by_folder.setdefault(slug.rsplit("/", 1)[0], []).append(slug)
    for slug, source in sorted(originals.items()):
        if source.kind != "edition" or source.doc is None:
            continue
        meta, doc = source.doc.meta, source.doc
        shown = project.display(source.path)
        folder = slug.rsplit("/", 1)[0]
        number = meta.get("edition")
        if not isinstance(number, int) or not isinstance(meta.get("date"), dt.date):
            continue  # the schema has reported it
        if folder.split("/")[-1] != folder_name(number):
            problems.append(
                Problem(
                    shown,
                    doc.line_of("edition"),
                    f"edition {number} must live in the folder '{DIR}/{folder_name(number)}/', not '{folder}/'; move it or fix 'edition'",
                )
            )
            continue
        listed = meta.get("articles") or []
        slugs = []
        for name in listed:
            full = f"{folder}/{name}"
            if full not in originals or originals[full].kind != "article":
                problems.append(
                    Problem(
                        shown,
                        doc.line_of("articles"),
                        f"'articles' lists '{name}', but there is no docs/{folder}/{project_mod.file_name(name)}; create it (ketenwijzer article new {number} \"Title\") or remove it from the list",
                    )
                )
            elif full in slugs:
                problems.append(Problem(shown, doc.line_of("articles"), f"'articles' lists '{name}' twice; keep one"))
            else:
                slugs.append(full)
        for article in sorted(articles_by_folder.get(folder, [])):
            if article not in slugs:
                name = article.rsplit("/", 1)[1]
                problems.append(
                    Problem(
                        project.display(originals[article].path),
                        1,
                        f"article '{name}' is not listed in 'articles' of {shown}; add it there so readers can find it",
                    )
                )
        edition = Edition(number, folder, meta["date"], meta.get("status", "draft"), meta.get("cover"), slugs)
        newsletter.editions[number] = edition
        for article in slugs:
            newsletter.edition_of[article] = number
        cover = meta.get("cover")
        if cover and not (source.path.parent / cover).is_file():
            problems.append(
                Problem(
                    shown,
                    doc.line_of("cover"),
                    f"cover image '{cover}' not found next to {source.path.name}; add the file or fix 'cover'",
                )
            )
        if cover and not meta.get("cover_alt"):
            problems.append(
                Problem(shown, doc.line_of("cover"), "a cover needs 'cover_alt', a text alternative describing the image")
            )
    for folder, articles in articles_by_folder.items():
        if f"{folder}/index" not in originals:
            problems.append(
                Problem(
                    project.display(originals[sorted(articles)[0]].path),
                    1,
                    f"articles in docs/{folder}/ but no edition: add docs/{folder}/{project_mod.file_name('index')} (ketenwijzer edition new)",
                )
            )
    return newsletter, problems


def folder_of(path: str) -> str | None:
    """'docs/vreemdelingenvisie/03/x.nl.md' -> 'vreemdelingenvisie/03'; None outside an edition folder."""
    parts = path.split("/")
    if len(parts) == 4 and parts[0] == "docs" and parts[1] == DIR:
        return f"{parts[1]}/{parts[2]}"
    return None


def split_problems(
    problems: list[Problem], project: project_mod.Project, on: dt.date
) -> tuple[list[Problem], dict[str, list[Problem]]]:
    """The problems of public content, and those of each edition folder readers do not see on ``on``.

    The first are errors everywhere. The others are the editor's business: warnings
    in the published build and ``ketenwijzer check``, errors in ``edition publish N``
    and ``ketenwijzer check --edition N``, shown on the draft page in ``make serve``.
    """
    hidden = non_public_folders(project, on)
    public: list[Problem] = []
    drafts: dict[str, list[Problem]] = {}
    for problem in problems:
        folder = folder_of(problem.path)
        if folder in hidden:
            drafts.setdefault(folder, []).append(problem)
        else:
            public.append(problem)
    return public, drafts


def hidden_slugs(project: project_mod.Project, newsletter: Newsletter, on: dt.date) -> set[str]:
    """Every page a published site leaves out on ``on``: drafts and future editions, their articles and files."""
    hidden = newsletter.hidden_slugs(on)
    folders = non_public_folders(project, on)
    for source in project.sources:
        if source.slug.rsplit("/", 1)[0] in folders:
            hidden.add(source.slug)
    return hidden
