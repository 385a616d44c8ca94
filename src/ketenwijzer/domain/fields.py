"""The one schema language: how a key of front matter or of a registry entry is declared and checked.

A :class:`Field` declares one key: its kind, whether it is required, its allowed values, the
registry collections a reference points into, and a help text. :func:`check` checks a mapping
(a page's front matter, one registry entry) against its fields and reports every problem as
``Problem(path, line, message)``, naming the key and what to do; :func:`json_schema` gives the
same declaration as JSON Schema, for editors that validate while one types.

Kinds:

- ``text``, ``id`` (lowercase letters, digits and dashes), ``url`` (http or https), ``int``,
  ``bool``, ``date`` (``YYYY-MM-DD``; an impossible one arrives as :class:`yamlfile.ImpossibleDate`),
  ``choice`` (one of ``choices``), ``ref`` (the id of an entry of a ``target`` collection);
- lists: ``text_list``, ``choice_list``, ``refs``;
- nl/en pairs: ``bitext`` (``{nl: text, en: text}``) and ``bilist`` (``{nl: [texts], en: [texts]}``),
  read into a :class:`Bilingual`.

A record class (see registry.py) declares its keys as dataclass fields with :func:`key`;
:func:`fields_of` reads them back as Fields, so the record and its schema are one declaration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import keyword
import re
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Iterator, Mapping, Sequence, TypeGuard, TypeVar

from ketenwijzer.domain.languages import LANGUAGES
from ketenwijzer.domain.problems import Problem
from ketenwijzer.domain.yamlfile import ImpossibleDate

LANGS = LANGUAGES
LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s]+$"
_ID = re.compile(ID_PATTERN)
_URL = re.compile(URL_PATTERN)

TEXT_KINDS = ("text", "id", "url", "ref")
LIST_KINDS = ("text_list", "choice_list", "refs")
PAIR_KINDS = ("bitext", "bilist")
KINDS = (*TEXT_KINDS, "int", "bool", "date", "choice", *LIST_KINDS, *PAIR_KINDS)

PathKey = tuple  # a key path below the checked mapping: ('name', 'en'), ('does', 'nl', 2)

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    target: tuple[str, ...] = ()  # for ref and refs: the registry collections the ids point into
    help: str = ""
    # front matter only: allowed in translations only (not in the Dutch original)
    translation_only: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field '{self.name}': unknown kind '{self.kind}'; use one of {', '.join(KINDS)}")
        if (self.kind in ("ref", "refs")) != bool(self.target):
            raise ValueError(f"field '{self.name}': a target belongs with the kinds ref and refs, and they need one")


@dataclass(frozen=True)
class Bilingual(Generic[T]):
    """A value in both languages, as the registry's ``{nl: ..., en: ...}``."""

    nl: T
    en: T

    def __getitem__(self, lang: str) -> T:
        if lang == "nl":
            return self.nl
        if lang == "en":
            return self.en
        raise KeyError(lang)


# -- declaring keys on a record class --------------------------------------------------------------

_SPEC = "ketenwijzer.field"


def key(kind: str, *, required: bool = False, choices: tuple[str, ...] = (), target: tuple[str, ...] = (), help: str = "") -> Any:
    """A dataclass field that is also a key of the schema; an optional one defaults to () for a list, else None."""
    spec = {"kind": kind, "required": required, "choices": choices, "target": target, "help": help}
    if required:
        return dataclasses.field(metadata={_SPEC: spec})
    return dataclasses.field(default=() if kind in LIST_KINDS else None, metadata={_SPEC: spec})


def key_name(attribute: str) -> str:
    """The key of a record attribute: ``from_`` (a Python keyword) is the key ``from``."""
    stem = attribute[:-1]
    return stem if attribute.endswith("_") and keyword.iskeyword(stem) else attribute


def fields_of(record: type) -> dict[str, Field]:
    """{attribute: Field} of the keys declared with :func:`key` on ``record``, in their order."""
    return {f.name: Field(key_name(f.name), **f.metadata[_SPEC]) for f in dataclasses.fields(record) if _SPEC in f.metadata}


def value_of(spec: Field, value: Any) -> Any:
    """A checked value as a record holds it: lists become tuples, nl/en pairs a Bilingual."""
    if spec.kind == "bitext":
        return Bilingual(value["nl"], value["en"])
    if spec.kind == "bilist":
        return Bilingual(tuple(value["nl"]), tuple(value["en"]))
    if spec.kind in LIST_KINDS:
        return tuple(value)
    return value


# -- checking -------------------------------------------------------------------------------------


def describe(value: Any) -> str:
    """What a value is, in the words of an error message."""
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


def is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value.strip() != ""


_EXPECTED: dict[str, tuple[Callable[[Any], bool], str]] = {
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "date": (
        lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
        "a date written as YYYY-MM-DD, e.g. 2026-12-03",
    ),
}


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    guess = difflib.get_close_matches(value, choices, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"'{name}' is '{value}'; {hint}allowed: {', '.join(choices)}"


def _check_pair(spec: Field, value: Any) -> list[tuple[PathKey, str]]:
    name = spec.name
    if not isinstance(value, dict):
        return [((), f"'{name}' must give the text in both languages, as {{nl: ..., en: ...}}, got {describe(value)}")]
    found: list[tuple[PathKey, str]] = []
    for extra in set(value) - set(LANGS):
        found.append(((extra,), f"'{name}' has an unknown language '{extra}'; use nl and en"))
    for lang in LANGS:
        if lang not in value or value[lang] in (None, "", []):
            found.append(((), f"'{name}' has no {LANGUAGE_NAMES[lang]} ('{lang}') text; add '{lang}: ...'"))
            continue
        item = value[lang]
        if spec.kind == "bitext" and not is_text(item):
            found.append(((lang,), f"'{name}.{lang}' must be a text, got {describe(item)}"))
        if spec.kind == "bilist" and (not isinstance(item, list) or not all(is_text(x) for x in item)):
            found.append(((lang,), f"'{name}.{lang}' must be a list of texts"))
    if spec.kind == "bilist" and not found and len(value["nl"]) != len(value["en"]):
        found.append(
            ((), f"'{name}' has {len(value['nl'])} Dutch items but {len(value['en'])} English ones; translate each item")
        )
    return found


def check_value(spec: Field, value: Any) -> list[tuple[PathKey, str]]:
    """(key path below the value, message) for each thing wrong with ``value``; [] when it fits ``spec``."""
    name = spec.name
    if spec.kind in TEXT_KINDS or spec.kind == "choice":
        if not is_text(value):
            expected = f"one of {', '.join(spec.choices)}" if spec.kind == "choice" else "a non-empty text"
            return [((), f"'{name}' must be {expected}, got {describe(value)}")]
        if spec.kind == "id" and not _ID.match(value):
            return [((), f"id '{value}' must be lowercase letters, digits and dashes, e.g. 'coa-woonbegeleider'")]
        if spec.kind == "url" and not _URL.match(value):
            return [((), f"'{name}' must be a web address starting with https://, got '{value}'")]
        if spec.kind == "choice" and value not in spec.choices:
            return [((), _choice(name, value, spec.choices))]
        return []
    if spec.kind in _EXPECTED:
        fits, expected = _EXPECTED[spec.kind]
        return [] if fits(value) else [((), f"'{name}' must be {expected}, got {describe(value)}")]
    if spec.kind in LIST_KINDS:
        if not isinstance(value, list):
            example = ", ".join(spec.choices[:2]) if spec.choices else "a, b"
            return [((), f"'{name}' must be a list, e.g. [{example}], got {describe(value)}")]
        if spec.kind == "choice_list":
            bad = [v for v in value if v not in spec.choices]
            return [((), f"'{name}' has {', '.join(map(repr, bad))}; allowed: {', '.join(spec.choices)}")] if bad else []
        return [
            ((i,), f"'{name}' item {i + 1} must be a non-empty text, got {describe(v)}")
            for i, v in enumerate(value)
            if not is_text(v)
        ]
    return _check_pair(spec, value)


def check(
    fields: Sequence[Field],
    data: Mapping[str, Any],
    line: Callable[[PathKey], int],
    path: str,
    *,
    prefix: str = "",
    refuse: Mapping[str, str] | None = None,
    where: str = "",
) -> list[Problem]:
    """Every problem of ``data`` against ``fields``.

    ``line(key path)`` gives the line of a key (``()``: of the mapping itself); ``prefix`` starts each
    message (e.g. "organisation 'coa': "); ``refuse`` maps declared keys that may not stand here to
    the message that says so; ``where`` ends the hint of a missing key (e.g. " in the front matter").
    """
    by_name = {spec.name: spec for spec in fields}
    refuse = refuse or {}
    problems = []
    for name, value in data.items():
        spec = by_name.get(name)
        if spec is None:
            guess = difflib.get_close_matches(str(name), list(by_name), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed: {', '.join(by_name)}"
            problems.append(Problem(path, line((name,)), f"{prefix}unknown key '{name}'; {hint}"))
        elif name in refuse:
            problems.append(Problem(path, line((name,)), f"{prefix}{refuse[name]}"))
        else:
            problems += [Problem(path, line((name, *sub)), f"{prefix}{message}") for sub, message in check_value(spec, value)]
    for spec in fields:
        if spec.required and spec.name not in data and spec.name not in refuse:
            about = f" ({spec.help})" if spec.help else ""
            problems.append(
                Problem(path, line(()), f"{prefix}missing required key '{spec.name}'{about}; add '{spec.name}: ...'{where}")
            )
    return problems


def references(fields: Iterable[Field], data: Mapping[str, Any]) -> Iterator[tuple[Field, PathKey, str]]:
    """(field, key path, id) of every well-formed reference in ``data``: what is left to look up."""
    for spec in fields:
        value = data.get(spec.name)
        if spec.kind == "ref" and is_text(value):
            yield spec, (spec.name,), value
        elif spec.kind == "refs" and isinstance(value, list):
            yield from ((spec, (spec.name, i), v) for i, v in enumerate(value) if is_text(v))


def unknown_reference(name: str, ident: str, kinds: str, known: Iterable[str], add_to: str) -> str:
    """The message for a reference ``name: ident`` to no known entry."""
    guess = difflib.get_close_matches(ident, list(known), n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else f"add it to {add_to}"
    return f"'{name}' names unknown {kinds} '{ident}'; {hint}"


# -- JSON Schema ----------------------------------------------------------------------------------

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
_TEXT = {"type": "string", "pattern": r"\S"}
_IDENT = {"type": "string", "pattern": ID_PATTERN}
_JSON_KINDS: dict[str, dict] = {
    "text": _TEXT,
    "id": _IDENT,
    "ref": _IDENT,
    "url": {"type": "string", "pattern": URL_PATTERN},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "text_list": {"type": "array", "items": _TEXT},
    "refs": {"type": "array", "items": _IDENT},
    "bitext": {
        "type": "object",
        "properties": {lang: _TEXT for lang in LANGS},
        "required": list(LANGS),
        "additionalProperties": False,
    },
    "bilist": {
        "type": "object",
        "properties": {lang: {"type": "array", "items": _TEXT} for lang in LANGS},
        "required": list(LANGS),
        "additionalProperties": False,
    },
}


def json_schema(spec: Field) -> dict:
    """One field as JSON Schema."""
    found: dict[str, object]
    if spec.kind == "choice":
        found = {"enum": list(spec.choices)}
    elif spec.kind == "choice_list":
        found = {"type": "array", "items": {"enum": list(spec.choices)}}
    else:
        found = dict(_JSON_KINDS[spec.kind])
    if spec.help:
        found["description"] = spec.help
    elif spec.target:
        found["description"] = f"the id of one of the {' or '.join(spec.target)}"
    return found


def json_object(fields: Sequence[Field]) -> dict:
    """A mapping of ``fields`` (nothing else) as JSON Schema."""
    return {
        "type": "object",
        "properties": {spec.name: json_schema(spec) for spec in fields},
        "required": [spec.name for spec in fields if spec.required],
        "additionalProperties": False,
    }
