"""The "Wie doet wat" registry: organisations, roles, topics, referrals, chain phases.

Plain YAML files under ``docs/wie-doet-wat/``, validated here against one
schema; every problem is reported as ``path:line: message``. All human text is
bilingual: ``{nl: ..., en: ...}``.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenwijzer.domain import yamlfile
from ketenwijzer.domain.problems import Problem, display_path

LANGS = ("nl", "en")
ORG_KINDS = ("agency", "independent-body", "ngo", "municipality", "police", "military-police",
             "ministry", "international", "association", "programme")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s]+$")


@dataclass(frozen=True)
class F:
    kind: str  # id | text | text_list | bitext | bilist | choice | url | int | date | ref | refs
    required: bool = False
    choices: tuple[str, ...] = ()
    target: tuple[str, ...] = ()  # collections a ref may point into


@dataclass(frozen=True)
class Collection:
    name: str
    filename: str
    fields: dict[str, F]


COLLECTIONS = (
    Collection("phases", "fasen.yml", {
        "id": F("id", True), "order": F("int", True), "name": F("bitext", True),
        "summary": F("bitext", True), "responsible": F("refs", True, target=("organisations",)),
        "next": F("refs", target=("phases",)), "reviewed": F("date", True),
    }),
    Collection("organisations", "organisaties.yml", {
        "id": F("id", True), "abbreviation": F("text"), "aliases": F("text_list"),
        "name": F("bitext", True), "kind": F("choice", True, choices=ORG_KINDS),
        "mission": F("bitext", True), "does": F("bilist", True), "does_not": F("bilist", True),
        "phases": F("refs", target=("phases",)), "website": F("url"), "contact": F("bitext"),
        "source": F("url", True), "reviewed": F("date", True),
    }),
    Collection("roles", "rollen.yml", {
        "id": F("id", True), "organisation": F("ref", True, target=("organisations",)),
        "title": F("bitext", True), "handles": F("bitext", True), "questions": F("bilist"),
        "reviewed": F("date", True),
    }),
    Collection("topics", "onderwerpen.yml", {
        "id": F("id", True), "name": F("bitext", True), "summary": F("bitext", True),
        "lead": F("ref", True, target=("organisations",)),
        "supporting": F("refs", target=("organisations",)), "phases": F("refs", target=("phases",)),
        "reviewed": F("date", True),
    }),
    Collection("referrals", "verwijzingen.yml", {
        "id": F("id", True), "topic": F("ref", True, target=("topics",)),
        "from": F("ref", True, target=("roles", "organisations")),
        "to": F("ref", True, target=("organisations",)), "to_role": F("ref", target=("roles",)),
        "channel": F("bitext", True), "reason": F("bitext", True), "reviewed": F("date", True),
    }),
    Collection("abbreviations", "afkortingen.yml", {
        "abbr": F("text", True), "expansion": F("bitext", True),
        "see": F("ref", target=("organisations", "topics")), "reviewed": F("date", True),
    }),
    # words readers use for the same thing (compounds, inflections, old and new names): search finds each by the others
    Collection("synonyms", "synoniemen.yml", {
        "nl": F("text_list"), "en": F("text_list"), "reviewed": F("date", True),
        # the organisation or topic page that is about these words: search shows it first for each of them
        "see": F("ref", target=("organisations", "topics")),
    }),
)
# collections that are plain lists, without ids; their files may be missing
LISTS = ("abbreviations", "synonyms")
SINGULAR = {"phases": "phase", "organisations": "organisation", "roles": "role", "topics": "topic",
            "referrals": "referral", "abbreviations": "abbreviation", "synonyms": "synonym group"}


@dataclass
class Registry:
    phases: dict[str, dict] = field(default_factory=dict)
    organisations: dict[str, dict] = field(default_factory=dict)
    roles: dict[str, dict] = field(default_factory=dict)
    topics: dict[str, dict] = field(default_factory=dict)
    referrals: dict[str, dict] = field(default_factory=dict)
    abbreviations: list[dict] = field(default_factory=list)
    synonyms: list[dict] = field(default_factory=list)
    # indexes, built once: every page lookup is O(1)
    roles_by_org: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referrals_to_org: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referrals_from_org: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referrals_from_role: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # referrals made by an organisation as a whole (from: <organisation id>), not by one of its roles
    referrals_from_org_itself: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referrals_to_role: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referrals_by_topic: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    topics_by_org: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    orgs_by_phase: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def collection(self, name: str) -> dict[str, dict]:
        return getattr(self, name)

    def org_of(self, ref: str) -> str:
        """The organisation id of a role or organisation id."""
        return self.roles[ref]["organisation"] if ref in self.roles else ref

    def sorted_organisations(self) -> list[str]:
        return sorted(self.organisations, key=lambda i: (self.organisations[i].get("abbreviation") or self.organisations[i]["name"]["nl"]).lower())

    def sorted_phases(self) -> list[str]:
        return sorted(self.phases, key=lambda i: self.phases[i]["order"])

    def _index(self) -> None:
        for rid, role in self.roles.items():
            self.roles_by_org[role["organisation"]].append(rid)
        for ref_id, ref in self.referrals.items():
            self.referrals_to_org[ref["to"]].append(ref_id)
            self.referrals_from_org[self.org_of(ref["from"])].append(ref_id)
            if ref["from"] in self.roles:
                self.referrals_from_role[ref["from"]].append(ref_id)
            elif ref["from"] in self.organisations:
                self.referrals_from_org_itself[ref["from"]].append(ref_id)
            if ref.get("to_role"):
                self.referrals_to_role[ref["to_role"]].append(ref_id)
            self.referrals_by_topic[ref["topic"]].append(ref_id)
        for tid, topic in self.topics.items():
            for org in dict.fromkeys([topic["lead"], *topic.get("supporting", [])]):
                self.topics_by_org[org].append(tid)
        for oid, org in self.organisations.items():
            for phase in org.get("phases", []):
                self.orgs_by_phase[phase].append(oid)


def _kind_name(value: Any) -> str:
    if isinstance(value, yamlfile.ImpossibleDate):
        return f"'{value}', which is not a real date"
    return {bool: "true/false", int: "a number", str: "a text", list: "a list", dict: "a mapping"}.get(type(value), "nothing" if value is None else type(value).__name__)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_field(name: str, spec: F, value: Any) -> list[tuple[tuple, str]]:
    """Return (subpath, message) pairs of what is wrong with one value."""
    if spec.kind in ("id", "text", "url", "ref", "choice"):
        if not _is_text(value):
            return [((), f"'{name}' must be a non-empty text, got {_kind_name(value)}")]
        if spec.kind == "id" and not _ID.match(value):
            return [((), f"id '{value}' must be lowercase letters, digits and dashes, e.g. 'coa-woonbegeleider'")]
        if spec.kind == "url" and not _URL.match(value):
            return [((), f"'{name}' must be a web address starting with https://, got '{value}'")]
        if spec.kind == "choice" and value not in spec.choices:
            guess = difflib.get_close_matches(value, spec.choices, n=1)
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            return [((), f"'{name}' is '{value}'; {hint}allowed: {', '.join(spec.choices)}")]
        return []
    if spec.kind == "date":
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return []
        return [((), f"'{name}' must be a date written as YYYY-MM-DD, e.g. 2026-12-03, got {_kind_name(value)}")]
    if spec.kind == "int":
        return [] if isinstance(value, int) and not isinstance(value, bool) else [((), f"'{name}' must be a whole number, got {_kind_name(value)}")]
    if spec.kind in ("text_list", "refs"):
        if not isinstance(value, list):
            return [((), f"'{name}' must be a list, e.g. [a, b], got {_kind_name(value)}")]
        return [((i,), f"'{name}' item {i + 1} must be a non-empty text") for i, v in enumerate(value) if not _is_text(v)]
    if spec.kind in ("bitext", "bilist"):
        if not isinstance(value, dict):
            return [((), f"'{name}' must give the text in both languages, as {{nl: ..., en: ...}}, got {_kind_name(value)}")]
        problems = []
        for extra in set(value) - set(LANGS):
            problems.append(((extra,), f"'{name}' has an unknown language '{extra}'; use nl and en"))
        for lang in LANGS:
            language = "Dutch" if lang == "nl" else "English"
            if lang not in value or value[lang] in (None, "", []):
                problems.append(((), f"'{name}' has no {language} ('{lang}') text; add '{lang}: ...'"))
                continue
            item = value[lang]
            if spec.kind == "bitext" and not _is_text(item):
                problems.append(((lang,), f"'{name}.{lang}' must be a text, got {_kind_name(item)}"))
            if spec.kind == "bilist" and (not isinstance(item, list) or not all(_is_text(x) for x in item)):
                problems.append(((lang,), f"'{name}.{lang}' must be a list of texts"))
        if spec.kind == "bilist" and not problems and len(value["nl"]) != len(value["en"]):
            problems.append(((), f"'{name}' has {len(value['nl'])} Dutch items but {len(value['en'])} English ones; translate each item"))
        return problems
    raise AssertionError(spec.kind)


def load(directory: Path, root: Path | None = None) -> tuple[Registry, list[Problem]]:
    """Load and validate the registry in ``directory``."""
    registry = Registry()
    problems: list[Problem] = []
    if not directory.is_dir():
        return registry, problems
    where: dict[tuple[str, str], tuple[str, dict]] = {}  # (collection, id) -> (file, lines)
    refs: list[tuple[str, int, str, F, str, str]] = []
    unreadable: set[str] = set()  # collections whose file could not be read: skip refs into them
    for coll in COLLECTIONS:
        path = directory / coll.filename
        shown = display_path(path, root)
        if not path.exists():
            if coll.name not in LISTS:
                problems.append(Problem(shown, 1, f"missing registry file; create it with a list of {coll.name}"))
            continue
        data, lines, errors = yamlfile.load(path, shown)
        problems.extend(errors)
        if errors:
            unreadable.add(coll.name)
        if errors or data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(shown, 1, f"must be a list of {coll.name} ('- id: ...' items), got {_kind_name(data)}"))
            continue
        for index, item in enumerate(data):
            item_line = yamlfile.line_of(lines, (index,))
            if not isinstance(item, dict):
                problems.append(Problem(shown, item_line, f"{SINGULAR[coll.name]} {index + 1} must be a mapping of keys"))
                continue
            label = item.get("id") or item.get("abbr") or _first_word(item) or f"item {index + 1}"
            item_ok = True
            for key, value in item.items():
                spec = coll.fields.get(key)
                line = yamlfile.line_of(lines, (index, key))
                if spec is None:
                    guess = difflib.get_close_matches(str(key), list(coll.fields), n=1, cutoff=0.6)
                    hint = f"did you mean '{guess[0]}'?" if guess else f"allowed: {', '.join(coll.fields)}"
                    problems.append(Problem(shown, line, f"{SINGULAR[coll.name]} '{label}': unknown key '{key}'; {hint}"))
                    item_ok = False
                    continue
                for sub, message in _check_field(key, spec, value):
                    problems.append(Problem(shown, yamlfile.line_of(lines, (index, key, *sub)), f"{SINGULAR[coll.name]} '{label}': {message}"))
                    item_ok = False
                if spec.kind in ("ref", "refs") and _is_text(value) or spec.kind == "refs" and isinstance(value, list):
                    for i, target in enumerate(value if isinstance(value, list) else [value]):
                        sub = (i,) if isinstance(value, list) else ()
                        refs.append((shown, yamlfile.line_of(lines, (index, key, *sub)), label, spec, key, target))
            for key, spec in coll.fields.items():
                if spec.required and key not in item:
                    problems.append(Problem(shown, item_line, f"{SINGULAR[coll.name]} '{label}': missing required key '{key}'"))
                    item_ok = False
            if coll.name == "synonyms" and item_ok and not any(len(item.get(lang) or []) > 1 for lang in ("nl", "en")):
                problems.append(Problem(shown, item_line, f"synonym group '{label}': give at least two words in 'nl' or 'en' "
                                                          "(a reader typing one of them finds pages with the others)"))
                item_ok = False
            if coll.name in LISTS:
                if item_ok:
                    registry.collection(coll.name).append(item)
                continue
            ident = item.get("id")
            if not _is_text(ident):
                continue
            if (coll.name, ident) in where:
                first = where[(coll.name, ident)]
                problems.append(Problem(shown, item_line, f"duplicate {SINGULAR[coll.name]} id '{ident}' (first defined at {first[0]}:{first[1]}); ids must be unique"))
                continue
            where[(coll.name, ident)] = (shown, item_line)
            item["_key_lines"] = {k: yamlfile.line_of(lines, (index, k)) for k in item}
            item["_where"] = (shown, item_line)
            registry.collection(coll.name)[ident] = item
    # references, once everything is known
    for shown, line, label, spec, key, target in refs:
        if unreadable & set(spec.target):
            continue
        if not any(target in registry.collection(t) for t in spec.target):
            pool = [i for t in spec.target for i in registry.collection(t)]
            guess = difflib.get_close_matches(target, pool, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"add it to {' or '.join(c.filename for c in COLLECTIONS if c.name in spec.target)}"
            kinds = " or ".join(SINGULAR[t] for t in spec.target)
            problems.append(Problem(shown, line, f"'{label}': '{key}' names unknown {kinds} '{target}'; {hint}"))
    for ref_id, ref in list(registry.referrals.items()):
        role = ref.get("to_role")
        if role and role in registry.roles and registry.roles[role]["organisation"] != ref.get("to"):
            shown, line = ref["_where"][0], ref["_key_lines"]["to_role"]
            problems.append(Problem(shown, line, f"referral '{ref_id}': to_role '{role}' is a role of '{registry.roles[role]['organisation']}', not of '{ref.get('to')}'; fix 'to' or 'to_role'"))
    # names and abbreviations must be unique: they are search targets and tooltips
    seen_abbr: dict[str, str] = {}
    for oid, org in registry.organisations.items():
        abbr = org.get("abbreviation")
        if abbr:
            if abbr in seen_abbr:
                shown, line = org["_where"]
                problems.append(Problem(shown, line, f"organisation '{oid}': abbreviation '{abbr}' is also used by '{seen_abbr[abbr]}'"))
            seen_abbr[abbr] = oid
    if not problems:
        registry._index()
    return registry, problems


def _first_word(item: dict) -> str:
    for lang in ("nl", "en"):
        words = item.get(lang)
        if isinstance(words, list) and words and _is_text(words[0]):
            return words[0]
    return ""


def text(value: dict | str, lang: str) -> Any:
    """The ``lang`` text of a bilingual value."""
    return value[lang] if isinstance(value, dict) else value


def label(registry: Registry, ref: str, lang: str) -> str:
    """A short human label for an organisation, role, topic or phase id."""
    if ref in registry.roles:
        role = registry.roles[ref]
        org = registry.organisations[role["organisation"]]
        return f"{text(role['title'], lang)} ({org.get('abbreviation') or text(org['name'], lang)})"
    if ref in registry.organisations:
        org = registry.organisations[ref]
        return org.get("abbreviation") or text(org["name"], lang)
    if ref in registry.topics:
        return text(registry.topics[ref]["name"], lang)
    if ref in registry.phases:
        return text(registry.phases[ref]["name"], lang)
    return ref
