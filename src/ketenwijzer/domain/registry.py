"""The "Wie doet wat" registry: organisations, roles, topics, referrals, chain phases.

Plain YAML files under ``docs/wie-doet-wat/``, checked with the one schema language
(fields.py) and loaded into frozen records that keep their file and line; every problem
is reported as ``path:line: message``. All human text is bilingual: ``{nl: ..., en: ...}``,
read into a :class:`~ketenwijzer.domain.fields.Bilingual`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection as Ids, Mapping, TypeVar, overload

from ketenwijzer.domain import fields, yamlfile
from ketenwijzer.domain.fields import Bilingual, Field, key
from ketenwijzer.domain.problems import Problem, display_path

LANGS = fields.LANGS
ORG_KINDS = (
    "agency",
    "independent-body",
    "ngo",
    "municipality",
    "police",
    "military-police",
    "ministry",
    "international",
    "association",
    "programme",
)

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Record:
    """One entry of a registry file, with where it stands: error messages name that file and line."""

    file: str
    line: int
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """The line of ``key`` in this entry (the entry's own line when it has no such key)."""
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True, kw_only=True)
class Phase(Record):
    id: str = key("id", required=True)
    order: int = key("int", required=True)
    name: Bilingual[str] = key("bitext", required=True)
    summary: Bilingual[str] = key("bitext", required=True)
    responsible: tuple[str, ...] = key("refs", required=True, target=("organisations",))
    next: tuple[str, ...] = key("refs", target=("phases",))
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class Organisation(Record):
    id: str = key("id", required=True)
    abbreviation: str | None = key("text")
    aliases: tuple[str, ...] = key("text_list")
    name: Bilingual[str] = key("bitext", required=True)
    kind: str = key("choice", required=True, choices=ORG_KINDS)
    mission: Bilingual[str] = key("bitext", required=True)
    does: Bilingual[tuple[str, ...]] = key("bilist", required=True)
    does_not: Bilingual[tuple[str, ...]] = key("bilist", required=True)
    phases: tuple[str, ...] = key("refs", target=("phases",))
    website: str | None = key("url")
    contact: Bilingual[str] | None = key("bitext")
    source: str = key("url", required=True)
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class Role(Record):
    id: str = key("id", required=True)
    organisation: str = key("ref", required=True, target=("organisations",))
    title: Bilingual[str] = key("bitext", required=True)
    handles: Bilingual[str] = key("bitext", required=True)
    questions: Bilingual[tuple[str, ...]] | None = key("bilist")
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class Topic(Record):
    id: str = key("id", required=True)
    name: Bilingual[str] = key("bitext", required=True)
    summary: Bilingual[str] = key("bitext", required=True)
    lead: str = key("ref", required=True, target=("organisations",))
    supporting: tuple[str, ...] = key("refs", target=("organisations",))
    phases: tuple[str, ...] = key("refs", target=("phases",))
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class Referral(Record):
    id: str = key("id", required=True)
    topic: str = key("ref", required=True, target=("topics",))
    from_: str = key("ref", required=True, target=("roles", "organisations"))  # the key 'from'
    to: str = key("ref", required=True, target=("organisations",))
    to_role: str | None = key("ref", target=("roles",))
    channel: Bilingual[str] = key("bitext", required=True)
    reason: Bilingual[str] = key("bitext", required=True)
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class Abbreviation(Record):
    abbr: str = key("text", required=True)
    expansion: Bilingual[str] = key("bitext", required=True)
    see: str | None = key("ref", target=("organisations", "topics"))
    reviewed: datetime.date = key("date", required=True)


@dataclass(frozen=True, kw_only=True)
class SynonymGroup(Record):
    """Words readers use for the same thing (compounds, inflections, old and new names): search finds each by the others."""

    nl: tuple[str, ...] = key("text_list")
    en: tuple[str, ...] = key("text_list")
    reviewed: datetime.date = key("date", required=True)
    # the organisation or topic page that is about these words: search shows it first for each of them
    see: str | None = key("ref", target=("organisations", "topics"))

    def words(self, lang: str) -> tuple[str, ...]:
        return self.nl if lang == "nl" else self.en


# any record of the registry: each has its ``reviewed`` date
AnyRecord = Phase | Organisation | Role | Topic | Referral | Abbreviation | SynonymGroup


@dataclass(frozen=True)
class Collection:
    name: str
    filename: str
    record: type[Record]
    singular: str
    # collections that are plain lists, without ids; their files may be missing
    is_list: bool = False
    attrs: dict[str, Field] = field(init=False, repr=False, compare=False)  # {record attribute: its key}

    def __post_init__(self) -> None:
        object.__setattr__(self, "attrs", fields.fields_of(self.record))

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(self.attrs.values())


COLLECTIONS = (
    Collection("phases", "fasen.yml", Phase, "phase"),
    Collection("organisations", "organisaties.yml", Organisation, "organisation"),
    Collection("roles", "rollen.yml", Role, "role"),
    Collection("topics", "onderwerpen.yml", Topic, "topic"),
    Collection("referrals", "verwijzingen.yml", Referral, "referral"),
    Collection("abbreviations", "afkortingen.yml", Abbreviation, "abbreviation", is_list=True),
    Collection("synonyms", "synoniemen.yml", SynonymGroup, "synonym group", is_list=True),
)
BY_NAME = {c.name: c for c in COLLECTIONS}


@dataclass
class Registry:
    phases: dict[str, Phase] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    referrals: dict[str, Referral] = field(default_factory=dict)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    synonyms: list[SynonymGroup] = field(default_factory=list)
    # {collection: its file, as error messages show it}
    files: dict[str, str] = field(default_factory=dict)
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

    def collection(self, name: str) -> dict[str, Any]:
        """The entries of an id collection ('organisations', 'topics', ...) by id."""
        found = getattr(self, name)
        assert isinstance(found, dict), name
        return found

    def org_of(self, ref: str) -> str:
        """The organisation id of a role or organisation id."""
        return self.roles[ref].organisation if ref in self.roles else ref

    def sorted_organisations(self) -> list[str]:
        return sorted(
            self.organisations, key=lambda i: (self.organisations[i].abbreviation or self.organisations[i].name.nl).lower()
        )

    def sorted_phases(self) -> list[str]:
        return sorted(self.phases, key=lambda i: self.phases[i].order)

    def _index(self) -> None:
        for rid, role in self.roles.items():
            self.roles_by_org[role.organisation].append(rid)
        for ref_id, ref in self.referrals.items():
            self.referrals_to_org[ref.to].append(ref_id)
            self.referrals_from_org[self.org_of(ref.from_)].append(ref_id)
            if ref.from_ in self.roles:
                self.referrals_from_role[ref.from_].append(ref_id)
            elif ref.from_ in self.organisations:
                self.referrals_from_org_itself[ref.from_].append(ref_id)
            if ref.to_role:
                self.referrals_to_role[ref.to_role].append(ref_id)
            self.referrals_by_topic[ref.topic].append(ref_id)
        for tid, topic in self.topics.items():
            for oid in dict.fromkeys([topic.lead, *topic.supporting]):
                self.topics_by_org[oid].append(tid)
        for oid, org in self.organisations.items():
            for phase in org.phases:
                self.orgs_by_phase[phase].append(oid)


def unresolved(
    specs: Ids[Field],
    data: Mapping[str, Any],
    line: Callable[[fields.PathKey], int],
    path: str,
    known: Callable[[str], Ids[str]],
    files: Mapping[str, str],
    prefix: str = "",
    skip: Ids[str] = (),
) -> list[Problem]:
    """The references in ``data`` (a registry entry or a page's front matter) to no known entry.

    ``known(collection)`` gives the ids of a collection; ``files`` the file of each, for the hint;
    references into a collection of ``skip`` (a file that could not be read) are not looked up.
    """
    problems = []
    for spec, at, ident in fields.references(specs, data):
        if skip and set(skip) & set(spec.target) or any(ident in known(target) for target in spec.target):
            continue
        kinds = " or ".join(BY_NAME[target].singular for target in spec.target)
        pool = [i for target in spec.target for i in known(target)]
        add_to = " or ".join(files.get(target, BY_NAME[target].filename) for target in spec.target)
        problems.append(Problem(path, line(at), prefix + fields.unknown_reference(spec.name, ident, kinds, pool, add_to)))
    return problems


@dataclass
class _Item:
    """One mapping of a registry file, as read: checked, but not yet a record."""

    collection: Collection
    file: str
    index: int
    data: dict
    lines: dict
    prefix: str
    ok: bool

    def line(self, path: fields.PathKey = ()) -> int:
        return yamlfile.line_of(self.lines, (self.index, *path))

    def record(self) -> Record:
        values = {
            attr: fields.value_of(spec, self.data[spec.name])
            for attr, spec in self.collection.attrs.items()
            if spec.name in self.data
        }
        return self.collection.record(
            file=self.file, line=self.line(), key_lines={k: self.line((k,)) for k in self.data}, **values
        )


def _label(item: dict, index: int) -> str:
    if item.get("id") or item.get("abbr"):
        return str(item.get("id") or item.get("abbr"))
    for lang in LANGS:
        words = item.get(lang)
        if isinstance(words, list) and words and fields.is_text(words[0]):
            return words[0]
    return f"item {index + 1}"


def _read(coll: Collection, path: Path, shown: str) -> tuple[list[_Item] | None, list[Problem]]:
    """The checked entries of one registry file (None when it cannot be read), and its problems."""
    data, lines, problems = yamlfile.load(path, shown)
    if problems:
        return None, problems
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(shown, 1, f"must be a list of {coll.name} ('- id: ...' items), got {fields.describe(data)}")]
    entries = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(
                Problem(shown, yamlfile.line_of(lines, (index,)), f"{coll.singular} {index + 1} must be a mapping of keys")
            )
            continue
        entry = _Item(coll, shown, index, item, lines, f"{coll.singular} '{_label(item, index)}': ", True)
        found = fields.check(coll.fields, item, entry.line, shown, prefix=entry.prefix)
        if coll.name == "synonyms" and not found and not any(len(item.get(lang) or []) > 1 for lang in LANGS):
            found.append(
                Problem(
                    shown,
                    entry.line(),
                    f"{entry.prefix}give at least two words in 'nl' or 'en' "
                    "(a reader typing one of them finds pages with the others)",
                )
            )
        problems += found
        entry.ok = not found
        entries.append(entry)
    return entries, problems


def load(directory: Path, root: Path | None = None) -> tuple[Registry, list[Problem]]:
    """Load and check the registry in ``directory``."""
    registry = Registry(files={c.name: display_path(directory / c.filename, root) for c in COLLECTIONS})
    problems: list[Problem] = []
    if not directory.is_dir():
        return registry, problems
    entries: list[_Item] = []
    # {collection: {id: its entry}}: the first entry of each id, valid or not, so references to it resolve
    by_id: dict[str, dict[str, _Item]] = {c.name: {} for c in COLLECTIONS}
    unreadable: set[str] = set()  # collections whose file could not be read: skip refs into them
    for coll in COLLECTIONS:
        path = directory / coll.filename
        shown = registry.files[coll.name]
        if not path.exists():
            if not coll.is_list:
                problems.append(Problem(shown, 1, f"missing registry file; create it with a list of {coll.name}"))
            continue
        read, found = _read(coll, path, shown)
        problems += found
        if read is None:
            unreadable.add(coll.name)
            continue
        for entry in read:
            ident = entry.data.get("id")
            if coll.is_list or not fields.is_text(ident):
                entries.append(entry)
                continue
            first = by_id[coll.name].get(ident)
            if first is not None:
                problems.append(
                    Problem(
                        shown,
                        entry.line(),
                        f"duplicate {coll.singular} id '{ident}' (first defined at {first.file}:{first.line()}); ids must be unique",
                    )
                )
                entry.ok = False
            else:
                by_id[coll.name][ident] = entry
            entries.append(entry)
    # references, once everything is known
    for entry in entries:
        problems += unresolved(
            entry.collection.fields,
            entry.data,
            entry.line,
            entry.file,
            lambda name: by_id[name],
            registry.files,
            entry.prefix,
            unreadable,
        )
    problems += _cross_checks(by_id)
    for entry in entries:
        if entry.ok:
            _add(registry, entry)
    if not problems:
        registry._index()
    return registry, problems


def _add(registry: Registry, entry: _Item) -> None:
    record = entry.record()
    if entry.collection.is_list:
        getattr(registry, entry.collection.name).append(record)
    else:
        registry.collection(entry.collection.name)[entry.data["id"]] = record


def _cross_checks(by_id: dict[str, dict[str, _Item]]) -> list[Problem]:
    """What one entry alone cannot say: a referral's role belongs to its organisation; abbreviations are unique."""
    problems = []
    roles = by_id["roles"]
    for ref_id, ref in by_id["referrals"].items():
        role = ref.data.get("to_role")
        if role in roles and roles[role].data.get("organisation") != ref.data.get("to"):
            problems.append(
                Problem(
                    ref.file,
                    ref.line(("to_role",)),
                    f"referral '{ref_id}': to_role '{role}' is a role of '{roles[role].data.get('organisation')}', "
                    f"not of '{ref.data.get('to')}'; fix 'to' or 'to_role'",
                )
            )
    # names and abbreviations must be unique: they are search targets and tooltips
    seen_abbr: dict[str, str] = {}
    for oid, org in by_id["organisations"].items():
        abbr = org.data.get("abbreviation")
        if abbr:
            if abbr in seen_abbr:
                problems.append(
                    Problem(
                        org.file, org.line(), f"organisation '{oid}': abbreviation '{abbr}' is also used by '{seen_abbr[abbr]}'"
                    )
                )
            seen_abbr[abbr] = oid
    return problems


@overload
def text(value: Bilingual[T], lang: str) -> T: ...
@overload
def text(value: str, lang: str) -> str: ...
def text(value: Bilingual[Any] | str, lang: str) -> Any:
    """The ``lang`` text of a bilingual value."""
    return value[lang] if isinstance(value, Bilingual) else value


def label(registry: Registry, ref: str, lang: str) -> str:
    """A short human label for an organisation, role, topic or phase id."""
    if ref in registry.roles:
        role = registry.roles[ref]
        org = registry.organisations[role.organisation]
        return f"{role.title[lang]} ({org.abbreviation or org.name[lang]})"
    if ref in registry.organisations:
        org = registry.organisations[ref]
        return org.abbreviation or org.name[lang]
    if ref in registry.topics:
        return registry.topics[ref].name[lang]
    if ref in registry.phases:
        return registry.phases[ref].name[lang]
    return ref
