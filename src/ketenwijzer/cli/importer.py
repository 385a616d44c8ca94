"""``ketenwijzer import``: plain-text exports of old VreemdelingenVisie articles into an edition.

Each export becomes ``docs/vreemdelingenvisie/NN/<slug>.nl.md`` (front matter
plus Markdown body, see :mod:`ketenwijzer.importer`) and its slug is added to
the ``articles:`` list of the edition's ``index.nl.md``. The page gets a new
``uid`` (``vv-`` and 12 hex digits, as ``ketenwijzer article new`` writes);
overwriting an earlier import with ``--force`` keeps that page's uid, so its
feed entry stays the same. No English page is written: the translation is
reported missing until someone writes it.

Slugs: made from the title, unique within the edition folder. A page there
with the same slug and the same title is taken to be an earlier import of the
same article: it is only overwritten with ``--force``. A page with the same
slug but another title (or a translation, or a slug already listed in the
edition) makes the new page ``<slug>-2`` (``-3``, ...).

Exit codes: 0 all files imported; 1 one or more files failed (the others are
still imported); 2 nothing could be done (no such edition, no mkdocs.yml, an
unreadable edition page) or wrong usage.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.domain import editions, frontmatter, frontmatter_edit, importer, scaffolds, schema
from ketenwijzer.domain.scaffolds import PLACEHOLDERS
from ketenwijzer.domain.problems import ContentError, Problem, display_path
from ketenwijzer.domain.project import DEFAULT_LANGUAGE, split_language
from ketenwijzer.domain.slugs import slugify, unique_slug


class _Failed(Exception):
    """One file could not be imported; the message says why and what to do."""


@dataclass
class _Edition:
    number: int
    root: Path
    folder: Path
    index: Path
    title: str
    articles: list[str]
    run_slugs: set[str] = field(default_factory=set)  # slugs written in this run

    def show(self, path: Path) -> str:
        return display_path(path, self.root)


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _load_edition(root: Path, number: int) -> _Edition:
    """The edition's folder and index page; raise _Failed (exit 2) when it cannot take articles."""
    if not (root / "mkdocs.yml").is_file():
        raise _Failed(f"no mkdocs.yml in {root}; run the command in the project folder or pass --root")
    index = root / scaffolds.edition_index(number)
    folder = index.parent
    shown = display_path(index, root)
    if not index.is_file():
        raise _Failed(f"edition {number} does not exist; create it with: ketenwijzer edition new (looked for {shown})")
    try:
        doc, problems = frontmatter.parse(index.read_text(encoding="utf-8"), shown)
    except UnicodeDecodeError as exc:
        problems, doc = [Problem(shown, 1, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")], None
    if not problems and not doc.has_front_matter:
        problems = [
            Problem(
                shown,
                1,
                "the edition page has no front matter (--- lines at the top); create the edition with: ketenwijzer edition new",
            )
        ]
    if not problems and not isinstance(doc.meta.get("articles", []), list):
        problems = [Problem(shown, doc.line_of("articles"), "'articles' must be a list of article slugs, e.g. [a, b]")]
    if problems:
        raise ContentError(problems)
    articles = [str(a) for a in doc.meta.get("articles") or []]
    return _Edition(number, root, folder, index, str(doc.meta.get("title", "")), articles)


def _meta_of(path: Path) -> dict:
    try:
        doc, problems = frontmatter.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError):
        return {}
    return {} if problems else doc.meta


def _title_of(path: Path) -> str | None:
    meta = _meta_of(path)
    return str(meta["title"]) if "title" in meta else None


def _choose_slug(edition: _Edition, title: str) -> tuple[str, bool]:
    """(slug, whether its Dutch page exists already as an earlier import of this article)."""
    base = slugify(title)
    if not base:
        raise _Failed(
            f"the title '{title}' has no letters or digits to make a file name from; give the article a title in the export"
        )
    same: set[str] = set()  # Dutch pages with this very title: earlier imports of this article
    taken = {"index"}
    for path in edition.folder.glob("*.md"):
        stem, lang = split_language(path.name)
        title_there = _title_of(path) if lang == DEFAULT_LANGUAGE else None
        if title_there is not None and _normal(title_there) == _normal(title):
            same.add(stem)
        taken.add(stem)
    # an earlier import of this article keeps its slug (even with a translation beside it),
    # unless this very run wrote it (two exports with the same title)
    taken = (taken | set(edition.articles)) - same | edition.run_slugs
    slug = unique_slug(base, taken)
    return slug, (edition.root / scaffolds.article_file(edition.number, slug)).exists()


def _edition_mismatch(name: str, edition: _Edition) -> bool:
    """True when the export's 'Dit artikel hoort bij' names another edition than --edition, as far as we can tell."""
    if edition.number in {int(n) for n in re.findall(r"\d+", name)}:
        return False
    wanted, have = _normal(name), _normal(edition.title)
    return not (have and (wanted in have or have in wanted))


def _validate(text: str, shown: str) -> list[Problem]:
    doc, problems = frontmatter.parse(text, shown)
    return problems or schema.validate(doc, "article", is_translation=False)


def _page(article: importer.ImportedArticle, edition: _Edition, slug: str, uid: str) -> tuple[str, list[str]]:
    """The page text (made by the scaffold every new page comes from), and notes about it."""
    notes = []
    description = importer.description_for(article)
    if not description:
        description = article.title
        notes.append("no paragraph to take the description from; used the title; write a better one")
    meta = {
        "title": article.title,
        "description": description,
        "lead": article.lead,
        "author": article.author,
        "photographer": article.photographer,
        "summary": article.summary or None,
        "uid": uid,
    }
    [text] = scaffolds.imported_article(edition.number, slug, meta, article.body_markdown).values()
    return text, notes


def _read(source: Path) -> importer.ImportedArticle:
    """Parse one export; raise _Failed or ContentError when it holds no article."""
    shown_source = source.as_posix()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise _Failed(f"cannot read it ({exc.strerror or exc})") from None
    article = importer.parse_export(importer.decode_export(data, shown_source), shown_source)
    if not article.lead and not article.body_markdown:
        raise _Failed("no article text found under the title; is this the whole export?")
    return article


def edition_number_of(name: str | None) -> int | None:
    """'VreemdelingenVisie 03', 'VreemdelingenVisie nummer 3' -> 3; None when the line names no number."""
    numbers = re.findall(r"\b0*(\d{1,3})\b", name or "")
    return int(numbers[0]) if len(numbers) == 1 and int(numbers[0]) > 0 else None


def _import_one(source: Path, article: importer.ImportedArticle, edition: _Edition, *, force: bool, dry_run: bool) -> list[str]:
    """Import one parsed export; return the lines to print. Raise _Failed or ContentError when it cannot be done."""
    shown_source = source.as_posix()
    placeholder = not article.title
    if placeholder:  # the export has no title line: write the placeholder `edition publish` refuses
        article.title = PLACEHOLDERS[DEFAULT_LANGUAGE]["title"]
    slug_from = " ".join(importer.description_for(article).split()[:6]) if placeholder else article.title
    slug, exists = _choose_slug(edition, slug_from or article.title)
    target = edition.root / scaffolds.article_file(edition.number, slug)
    shown = edition.show(target)
    if exists and not force:
        raise _Failed(f"{shown} already exists (an earlier import of this article?); pass --force to overwrite it")
    # the uid keeps the article's feed entry stable: a re-import (--force) keeps the earlier one
    uid = _meta_of(target).get("uid") if exists else None
    text, page_notes = _page(article, edition, slug, uid if isinstance(uid, str) and uid.strip() else scaffolds.new_uid())
    problems = _validate(text, shown)
    if problems:
        raise ContentError(problems)
    verb = ("would overwrite" if exists else "would write") if dry_run else ("overwrote" if exists else "wrote")
    out = [f"{verb} {shown} from {shown_source}"]
    index_shown = edition.show(edition.index)
    if dry_run:
        if slug not in edition.articles:
            out.append(f"  would add '{slug}' to the articles of edition {edition.number} ({index_shown})")
    else:
        target.write_text(text, encoding="utf-8", newline="\n")
        problems = _validate(target.read_text(encoding="utf-8"), shown)
        if problems:  # pragma: no cover - the text was valid a moment ago
            raise ContentError(problems)
        if frontmatter_edit.append_to_list(edition.index, "articles", slug, shown=index_shown):
            edition.articles.append(slug)
            out.append(f"  added '{slug}' to the articles of edition {edition.number} ({index_shown})")
        else:
            out.append(f"  '{slug}' was already in the articles of edition {edition.number}")
    edition.run_slugs.add(slug)
    if article.edition_name and _edition_mismatch(article.edition_name, edition):
        out.append(
            f"  note: the export says it belongs to '{article.edition_name}', but edition {edition.number} "
            f"is '{edition.title}'; check --edition"
        )
    if placeholder:
        page_notes.append(
            f"wrote the placeholder title '{article.title}': write the real title in {shown} "
            f"(ketenwijzer edition publish refuses the placeholder)"
        )
    out += [f"  note: {note}" for note in [*article.notes, *page_notes]]
    return out


@click.command("import", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--edition",
    "edition_number",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="The number of the edition the articles belong to (it must exist). Without it, each export is "
    "filed under the edition its 'Dit artikel hoort bij: VreemdelingenVisie NN' line names, "
    "made as a draft if it does not exist yet.",
)
@root_option
@click.option("--force", is_flag=True, help="Overwrite a page written by an earlier import of the same article.")
@click.option("--dry-run", is_flag=True, help="Show what would be written, and the notes; write nothing.")
def import_cmd(files: tuple[Path, ...], edition_number: int | None, root: str, force: bool, dry_run: bool) -> None:
    """Import plain-text exports of old VreemdelingenVisie articles.

    Each FILE becomes docs/vreemdelingenvisie/NN/<slug>.nl.md, the slug made
    from its title, and is added to the articles of edition N. Lines the
    importer could not classify with confidence are listed as notes: check
    them in the written page. An existing page is never overwritten without
    --force. If a file fails, the others are still imported and the exit
    code is 1.

    \b
    Example:
      ketenwijzer import --edition 3 export/samen-aan-tafel.txt
      ketenwijzer import --edition 3 --dry-run export/*.txt
      ketenwijzer import export/*.txt     # each into the edition its 'Dit artikel hoort bij' line names
    """
    base = Path(root).resolve()
    loaded: dict[int, _Edition] = {}

    def edition_for(number: int, *, create: bool) -> tuple[_Edition, list[str]]:
        lines: list[str] = []
        if number not in loaded:
            index = base / scaffolds.edition_index(number)
            if create and not index.exists() and (base / "mkdocs.yml").is_file():
                verb = "would create" if dry_run else "created"
                lines.append(
                    f"{verb} edition {number} as a draft ({scaffolds.edition_folder(number)}/), "
                    "named by the export's 'Dit artikel hoort bij' line; set its date and title"
                )
                if dry_run:
                    loaded[number] = _Edition(number, base, index.parent, index, f"VreemdelingenVisie {number}", [])
                    return loaded[number], lines
                for path, text in scaffolds.edition(number, None, editions.today()).items():
                    (base / path).parent.mkdir(parents=True, exist_ok=True)
                    (base / path).write_text(text, encoding="utf-8")
            loaded[number] = _load_edition(base, number)
        return loaded[number], lines

    if edition_number is not None:
        try:
            edition_for(edition_number, create=False)
        except _Failed as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo("fix the edition page first; nothing was imported", err=True)
            sys.exit(2)
    failed = 0
    for source in files:
        try:
            article = _read(source)
            lines: list[str] = []
            if edition_number is not None:
                edition = loaded[edition_number]
            else:
                named = edition_number_of(article.edition_name)
                if named is None:
                    raise _Failed(
                        "no --edition given, and the export has no 'Dit artikel hoort bij: "
                        "VreemdelingenVisie NN' line to tell its edition; pass --edition N"
                    )
                edition, lines = edition_for(named, create=True)
            lines += _import_one(source, article, edition, force=force, dry_run=dry_run)
        except _Failed as exc:
            failed += 1
            click.echo(f"failed: {source.as_posix()}: {exc}", err=True)
            continue
        except ContentError as exc:
            failed += 1
            for problem in exc.problems:
                prefix = "" if problem.path == source.as_posix() else f"{source.as_posix()}: "
                click.echo(f"failed: {prefix}{problem}", err=True)
            continue
        for line in lines:
            click.echo(line)
    done = len(files) - failed
    action = "checked" if dry_run else "imported"
    summary = f"{action} {done} of {len(files)} file{'s' if len(files) != 1 else ''}"
    if failed:
        click.echo(f"{summary}; {failed} failed", err=True)
        sys.exit(1)
    click.echo(f"{summary}{' (dry run: nothing written)' if dry_run else ''}")
