"""The content schemas: every front matter key each kind of source may carry.

This is the one place where the shape of content is defined. The build, the
CLI and the subscription service all validate through :func:`validate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any, Callable

from ketenwijzer.domain.frontmatter import Document
from ketenwijzer.domain.problems import Problem
from ketenwijzer.domain.yamlfile import ImpossibleDate


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | text_list | int | date | bool | choice | choice_list
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    # only allowed in translations (not in the Dutch original), or only in originals
    translation_only: bool = False


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "text": (_is_text, "a non-empty text"),
    "text_list": (lambda v: isinstance(v, list) and all(_is_text(x) for x in v), "a list of texts, e.g. [a, b]"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "date": (lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime), "a date written YYYY-MM-DD"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
}

COMMON = (
    Field("title", "text", required=True, help="the page title"),
    Field("description", "text", required=True, help="one sentence for search engines and link previews"),
    Field("translation_of", "text", translation_only=True,
          help="set by 'ketenwijzer translations --mark-current'"),
    Field("minor_edit_of", "text", translation_only=True,
          help="set by 'ketenwijzer translations --minor': the Dutch text changed only in minor ways since"),
    Field("organisations", "text_list", help="registry ids of organisations this page is about"),
    Field("topics", "text_list", help="registry ids of topics this page is about"),
    Field("hide", "choice_list", choices=("navigation", "toc", "footer", "path", "tags", "feedback")),
    Field("template", "text"),
)

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "page": COMMON,
    "chapter": COMMON + (
        Field("order", "int", help="position of the chapter in the handbook"),
    ),
    "story": COMMON + (
        Field("order", "int", help="position of the story in the collection"),
        Field("role", "text", help="the role the story is told from, e.g. 'locatiemanager COA'"),
    ),
    "edition": COMMON + (
        Field("edition", "int", required=True, help="the edition number, e.g. 2"),
        Field("date", "date", required=True, help="publication date, YYYY-MM-DD"),
        Field("status", "choice", required=True, choices=("draft", "published"), help="draft or published"),
        Field("cover", "text", help="cover image file in the edition folder"),
        Field("cover_alt", "text", help="text alternative for the cover image"),
        Field("articles", "text_list", help="the article slugs of this edition, in order"),
    ),
    "article": COMMON + (
        Field("lead", "text", help="the lead paragraph under the title"),
        Field("author", "text", help="the writer, shown as 'Tekst'"),
        Field("photographer", "text", help="the photographer, shown as 'Foto'"),
        Field("summary", "text_list", help="'In 1 minuut' bullets"),
        Field("uid", "text", required=True,
              help="a permanent id that keeps the article's feed entry stable when its title or slug changes; "
                   "'ketenwijzer article new' writes one, any unique text works, e.g. 'vv-01-conferentie'"),
        Field("updated", "date", help="date of the last significant change after publication, YYYY-MM-DD"),
    ),
}

# keys that only the Dutch original carries (structure, not text)
STRUCTURE_KEYS = {"edition", "date", "status", "cover", "articles", "order", "organisations", "topics", "uid", "updated"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date with a time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, ImpossibleDate):
        return f"'{value}', which is not a real date"
    if isinstance(value, str):
        return "an empty text" if not value.strip() else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def check_value(spec: Field, value: Any) -> str | None:
    """Return what is wrong with ``value`` for ``spec``, or None."""
    if spec.kind == "choice":
        if value not in spec.choices:
            return f"must be one of {', '.join(spec.choices)}, not {value!r}"
        return None
    if spec.kind == "choice_list":
        if not isinstance(value, list):
            return f"must be a list of {', '.join(spec.choices)}, got {_describe(value)}"
        bad = [v for v in value if v not in spec.choices]
        if bad:
            return f"has {', '.join(map(repr, bad))}; allowed: {', '.join(spec.choices)}"
        return None
    check, expected = _CHECKS[spec.kind]
    if not check(value):
        return f"must be {expected}, got {_describe(value)}"
    return None


def validate(doc: Document, kind: str, *, is_translation: bool) -> list[Problem]:
    """Check a parsed document's front matter against the schema of ``kind``."""
    fields = {f.name: f for f in SCHEMAS[kind]}
    problems: list[Problem] = []
    for key, value in doc.meta.items():
        spec = fields.get(key)
        line = doc.line_of(key)
        if spec is None:
            guess = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys: {', '.join(sorted(fields))}"
            problems.append(Problem(doc.path, line, f"unknown front matter key '{key}' for a {kind}; {hint}"))
            continue
        if is_translation and key in STRUCTURE_KEYS:
            problems.append(Problem(doc.path, line, f"'{key}' is taken from the Dutch original; remove it from the translation"))
            continue
        if spec.translation_only and not is_translation:
            problems.append(Problem(doc.path, line, f"'{key}' belongs in the English translation only; remove it from the Dutch original"))
            continue
        error = check_value(spec, value)
        if error:
            problems.append(Problem(doc.path, line, f"'{key}' {error}"))
    for spec in fields.values():
        if is_translation and spec.name in STRUCTURE_KEYS:
            continue
        if spec.required and spec.name not in doc.meta:
            where = "in the front matter" if doc.has_front_matter else "in a front matter block (--- lines) at the top"
            problems.append(Problem(doc.path, 1, f"missing required key '{spec.name}' ({spec.help}); add '{spec.name}: ...' {where}"))
    return problems


# -- JSON Schema export (ketenwijzer schema --json), for editors that validate while one types --------

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
_TEXT = {"type": "string", "pattern": r"\S"}
_JSON_KINDS: dict[str, dict] = {
    "text": _TEXT,
    "text_list": {"type": "array", "items": _TEXT},
    "int": {"type": "integer"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "bool": {"type": "boolean"},
}


def _json_field(spec: Field) -> dict:
    found: dict[str, object]
    if spec.kind == "choice":
        found = {"enum": list(spec.choices)}
    elif spec.kind == "choice_list":
        found = {"type": "array", "items": {"enum": list(spec.choices)}}
    else:
        found = dict(_JSON_KINDS[spec.kind])
    if spec.help:
        found["description"] = spec.help
    return found


def front_matter_json_schema(kind: str, *, translation: bool) -> dict:
    """The front matter of a Dutch original (or of a translation) of ``kind``, as JSON Schema."""
    fields = [f for f in SCHEMAS[kind]
              if not (translation and f.name in STRUCTURE_KEYS) and not (f.translation_only and not translation)]
    which = "an English translation" if translation else "a Dutch original"
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": f"Ketenwijzer front matter: {kind}, {which}",
        "type": "object",
        "properties": {f.name: _json_field(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def registry_json_schema(collection) -> dict:
    """One registry file (a list of entries of ``collection``, see registry.COLLECTIONS) as JSON Schema."""
    from ketenwijzer.domain import registry

    ident = {"type": "string", "pattern": registry._ID.pattern}
    bitext = {"type": "object", "properties": {lang: _TEXT for lang in registry.LANGS},
              "required": list(registry.LANGS), "additionalProperties": False}
    bilist = {"type": "object", "properties": {lang: _JSON_KINDS["text_list"] for lang in registry.LANGS},
              "required": list(registry.LANGS), "additionalProperties": False}
    kinds: dict[str, dict] = {"id": ident, "ref": ident, "refs": {"type": "array", "items": ident}, "bitext": bitext, "bilist": bilist,
             "url": {"type": "string", "pattern": registry._URL.pattern}, **_JSON_KINDS}

    def field(spec) -> dict:
        found: dict[str, object] = {"enum": list(spec.choices)} if spec.kind == "choice" else dict(kinds[spec.kind])
        if spec.target:
            found["description"] = f"the id of one of the {' or '.join(spec.target)}"
        return found

    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": f"Ketenwijzer registry: {collection.name} (docs/wie-doet-wat/{collection.filename})",
        "type": "array",
        "items": {
            "type": "object",
            "properties": {name: field(spec) for name, spec in collection.fields.items()},
            "required": [name for name, spec in collection.fields.items() if spec.required],
            "additionalProperties": False,
        },
    }


def json_schemas() -> dict[str, dict]:
    """Every schema by file name: front matter per kind (original and translation), and each registry file."""
    from ketenwijzer.domain import registry

    found = {}
    for kind in SCHEMAS:
        found[f"frontmatter-{kind}.json"] = front_matter_json_schema(kind, translation=False)
        found[f"frontmatter-{kind}-translation.json"] = front_matter_json_schema(kind, translation=True)
    for collection in registry.COLLECTIONS:
        found[f"registry-{collection.filename.removesuffix('.yml')}.json"] = registry_json_schema(collection)
    return found
