"""The content schemas: every front matter key each kind of source may carry.

This is the one place where the shape of content is defined, in the schema language of
fields.py that the registry's entries use as well. The build, the CLI and the subscription
service all validate through :func:`validate`; ``ketenwijzer schema --json`` exports both.
"""

from __future__ import annotations

from ketenwijzer.domain import fields, registry
from ketenwijzer.domain.fields import JSON_SCHEMA_DRAFT, Field
from ketenwijzer.domain.frontmatter import Document
from ketenwijzer.domain.problems import Problem

COMMON = (
    Field("title", "text", required=True, help="the page title"),
    Field("description", "text", required=True, help="one sentence for search engines and link previews"),
    Field("translation_of", "text", translation_only=True, help="set by 'ketenwijzer translations --mark-current'"),
    Field(
        "minor_edit_of",
        "text",
        translation_only=True,
        help="set by 'ketenwijzer translations --minor': the Dutch text changed only in minor ways since",
    ),
    Field("organisations", "refs", target=("organisations",), help="registry ids of organisations this page is about"),
    Field("topics", "refs", target=("topics",), help="registry ids of topics this page is about"),
    Field("hide", "choice_list", choices=("navigation", "toc", "footer", "path", "tags", "feedback")),
    Field("template", "text"),
)

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "page": COMMON,
    "chapter": COMMON + (Field("order", "int", help="position of the chapter in the handbook"),),
    "story": COMMON
    + (
        Field("order", "int", help="position of the story in the collection"),
        Field("role", "text", help="the role the story is told from, e.g. 'locatiemanager COA'"),
    ),
    "edition": COMMON
    + (
        Field("edition", "int", required=True, help="the edition number, e.g. 2"),
        Field("date", "date", required=True, help="publication date, YYYY-MM-DD"),
        Field("status", "choice", required=True, choices=("draft", "published"), help="draft or published"),
        Field("cover", "text", help="cover image file in the edition folder"),
        Field("cover_alt", "text", help="text alternative for the cover image"),
        Field("articles", "text_list", help="the article slugs of this edition, in order"),
    ),
    "article": COMMON
    + (
        Field("lead", "text", help="the lead paragraph under the title"),
        Field("author", "text", help="the writer, shown as 'Tekst'"),
        Field("photographer", "text", help="the photographer, shown as 'Foto'"),
        Field("summary", "text_list", help="'In 1 minuut' bullets"),
        Field(
            "uid",
            "text",
            required=True,
            help="a permanent id that keeps the article's feed entry stable when its title or slug changes; "
            "'ketenwijzer article new' writes one, any unique text works, e.g. 'vv-01-conferentie'",
        ),
        Field("updated", "date", help="date of the last significant change after publication, YYYY-MM-DD"),
    ),
}

# keys that only the Dutch original carries (structure, not text)
STRUCTURE_KEYS = {"edition", "date", "status", "cover", "articles", "order", "organisations", "topics", "uid", "updated"}


def validate(doc: Document, kind: str, *, is_translation: bool) -> list[Problem]:
    """Check a parsed document's front matter against the schema of ``kind``."""
    refuse = {}
    for spec in SCHEMAS[kind]:
        if is_translation and spec.name in STRUCTURE_KEYS:
            refuse[spec.name] = f"'{spec.name}' is taken from the Dutch original; remove it from the translation"
        elif spec.translation_only and not is_translation:
            refuse[spec.name] = f"'{spec.name}' belongs in the English translation only; remove it from the Dutch original"
    where = " in the front matter" if doc.has_front_matter else " in a front matter block (--- lines) at the top"
    return fields.check(SCHEMAS[kind], doc.meta, doc.line_at, doc.path, refuse=refuse, where=where)


# -- JSON Schema export (ketenwijzer schema --json), for editors that validate while one types --------


def front_matter_json_schema(kind: str, *, translation: bool) -> dict:
    """The front matter of a Dutch original (or of a translation) of ``kind``, as JSON Schema."""
    declared = [
        f
        for f in SCHEMAS[kind]
        if not (translation and f.name in STRUCTURE_KEYS) and not (f.translation_only and not translation)
    ]
    which = "an English translation" if translation else "a Dutch original"
    return {"$schema": JSON_SCHEMA_DRAFT, "title": f"Ketenwijzer front matter: {kind}, {which}", **fields.json_object(declared)}


def registry_json_schema(collection: registry.Collection) -> dict:
    """One registry file (a list of entries of ``collection``, see registry.COLLECTIONS) as JSON Schema."""
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": f"Ketenwijzer registry: {collection.name} (docs/wie-doet-wat/{collection.filename})",
        "type": "array",
        "items": fields.json_object(collection.fields),
    }


def json_schemas() -> dict[str, dict]:
    """Every schema by file name: front matter per kind (original and translation), and each registry file."""
    found = {}
    for kind in SCHEMAS:
        found[f"frontmatter-{kind}.json"] = front_matter_json_schema(kind, translation=False)
        found[f"frontmatter-{kind}-translation.json"] = front_matter_json_schema(kind, translation=True)
    for collection in registry.COLLECTIONS:
        found[f"registry-{collection.filename.removesuffix('.yml')}.json"] = registry_json_schema(collection)
    return found
