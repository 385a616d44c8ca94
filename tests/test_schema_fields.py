"""The one schema language (domain/fields.py): front matter and registry entries are declared,
checked and reported alike; the registry loads into frozen records that keep their lines."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ketenwijzer.domain import fields, registry as registry_mod, schema
from ketenwijzer.site import sitemodel
from registry_fixture import SMALL_REGISTRY, write_registry


def _line(path, text: str) -> int:
    """The 1-based line of the first line of ``path`` that is ``text`` (stripped)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return lines.index(text) + 1


def _by_file(problems, path: str) -> dict[int, str]:
    return {p.line: p.message for p in problems if p.path == path}


def test_a_bad_registry_entry_and_a_bad_front_matter_key_report_the_same_way(project):
    """The same mistakes, once in a registry file and once in a page's front matter: the same words, with file and line."""
    write_registry(
        project,
        **{
            "fasen.yml": SMALL_REGISTRY["fasen.yml"]
            + """
- id: vertrek
  reviewed: 2026-12-03
  order: eerste
  naam: {nl: Vertrek, en: Departure}
  name: {nl: Vertrek, en: Departure}
  summary: {nl: Weg., en: Gone.}
  responsible: [coaa]
"""
        },
    )
    chapter = project.page(
        "handreiking/01-vertrek.nl.md", "Vertrek", "Tekst.", order="eerste", titel="Vertrek", organisations="[coaa]"
    )
    problems = sitemodel.load(project.root).problems
    fasen = project.root / "docs/wie-doet-wat/fasen.yml"
    in_registry = _by_file(problems, "docs/wie-doet-wat/fasen.yml")
    in_page = _by_file(problems, "handreiking/01-vertrek.nl.md")
    prefix = "phase 'vertrek': "
    page_line = {
        key: _line(chapter, line)
        for key, line in (("order", "order: eerste"), ("titel", "titel: Vertrek"), ("organisations", "organisations: [coaa]"))
    }
    assert in_registry[_line(fasen, "order: eerste")] == prefix + "'order' must be a whole number, got a text"
    assert in_page[page_line["order"]] == "'order' must be a whole number, got a text"
    assert in_registry[_line(fasen, "naam: {nl: Vertrek, en: Departure}")] == prefix + "unknown key 'naam'; did you mean 'name'?"
    assert in_page[page_line["titel"]] == "unknown key 'titel'; did you mean 'title'?"
    # a reference to no known organisation: the registry's own and a page's tag, looked up alike
    assert (
        in_registry[_line(fasen, "responsible: [coaa]")]
        == prefix + "'responsible' names unknown organisation 'coaa'; did you mean 'coa'?"
    )
    # (a page's tags are looked up once the registry itself has no problems)
    write_registry(project)
    in_page = _by_file(sitemodel.load(project.root).problems, "handreiking/01-vertrek.nl.md")
    assert in_page[page_line["organisations"]] == "'organisations' names unknown organisation 'coaa'; did you mean 'coa'?"


def test_an_impossible_date_and_a_missing_key_read_alike_in_front_matter_and_registry(project):
    write_registry(project, **{"afkortingen.yml": "- abbr: vvr\n  reviewed: 2026-13-45\n"})
    article = project.write(
        "docs/vreemdelingenvisie/01/stuk.nl.md", "---\ntitle: Stuk\ndescription: Over iets.\nupdated: 2026-13-45\n---\n\nTekst.\n"
    )
    project.write(
        "docs/vreemdelingenvisie/01/index.nl.md",
        "---\ntitle: VV 01\ndescription: Editie.\nedition: 1\ndate: 2026-01-05\nstatus: published\narticles: [stuk]\n---\n",
    )
    problems = [str(p) for p in sitemodel.load(project.root).problems]
    date = "'{}' must be a date written as YYYY-MM-DD, e.g. 2026-12-03, got '2026-13-45', which is not a real date"
    assert f"docs/wie-doet-wat/afkortingen.yml:2: abbreviation 'vvr': {date.format('reviewed')}" in problems, problems
    assert f"docs/vreemdelingenvisie/01/stuk.nl.md:{_line(article, 'updated: 2026-13-45')}: {date.format('updated')}" in problems
    assert (
        "docs/wie-doet-wat/afkortingen.yml:1: abbreviation 'vvr': missing required key 'expansion'; add 'expansion: ...'"
        in problems
    )
    assert any(
        p.startswith("docs/vreemdelingenvisie/01/stuk.nl.md:1: missing required key 'uid' (a permanent id")
        and p.endswith("; add 'uid: ...' in the front matter")
        for p in problems
    ), problems


def test_records_keep_their_file_and_the_line_of_every_key(project):
    write_registry(project)
    reg, problems = registry_mod.load(project.root / "docs/wie-doet-wat", project.root)
    assert problems == []
    folder = project.root / "docs/wie-doet-wat"
    coa = reg.organisations["coa"]
    assert isinstance(coa, registry_mod.Organisation)
    assert (coa.file, coa.line) == ("docs/wie-doet-wat/organisaties.yml", _line(folder / "organisaties.yml", "- id: coa"))
    assert coa.line_of("website") == _line(folder / "organisaties.yml", "website: https://www.coa.nl/")
    assert coa.line_of("contact") == coa.line  # a key the entry does not have: the entry's own line
    assert coa.name == fields.Bilingual(
        "Centraal Orgaan opvang asielzoekers", "Central Agency for the Reception of Asylum Seekers"
    )
    assert coa.does["en"] == ("Provides reception",) and coa.phases == ("opvang",)
    assert coa.reviewed == dt.date(2026, 12, 3) and coa.contact is None
    assert reg.organisations["ind"].aliases == ()  # an optional list that is absent is empty
    referral = reg.referrals["vertrek-woonbegeleider-dtv"]
    assert isinstance(referral, registry_mod.Referral)
    assert (referral.from_, referral.to, referral.to_role) == ("coa-woonbegeleider", "dtv", "dtv-regievoerder")
    assert referral.line_of("from") == _line(folder / "verwijzingen.yml", "from: coa-woonbegeleider")
    assert reg.referrals["opvang-ind-coa"].to_role is None
    [azc] = reg.abbreviations
    assert isinstance(azc, registry_mod.Abbreviation) and (azc.abbr, azc.file, azc.line) == (
        "azc",
        "docs/wie-doet-wat/afkortingen.yml",
        1,
    )
    assert isinstance(reg.phases["aankomst"], registry_mod.Phase) and reg.phases["aankomst"].next == ("opvang",)
    assert isinstance(reg.roles["coa-woonbegeleider"], registry_mod.Role) and isinstance(reg.topics["opvang"], registry_mod.Topic)
    with pytest.raises(dataclasses.FrozenInstanceError):
        coa.kind = "ngo"  # type: ignore[misc]
    # a topic with no answer in the finder is reported at the topic's own line, read from its record
    del reg.organisations["dtv"]
    [problem] = sitemodel.coverage_problems(reg)
    assert (problem.path, problem.line) == (
        "docs/wie-doet-wat/onderwerpen.yml",
        _line(folder / "onderwerpen.yml", "- id: terugkeer-en-vertrek"),
    )


def test_an_entry_with_a_problem_is_no_record_but_its_id_still_resolves(project):
    write_registry(
        project,
        **{
            "rollen.yml": SMALL_REGISTRY["rollen.yml"].replace("  handles: {nl: Begeleidt vertrek., en: Guides departure.}\n", "")
        },
    )
    reg, problems = registry_mod.load(project.root / "docs/wie-doet-wat", project.root)
    # only the role itself is reported: the referral that names it finds it
    assert [p.message for p in problems] == ["role 'dtv-regievoerder': missing required key 'handles'; add 'handles: ...'"]
    assert "dtv-regievoerder" not in reg.roles and "coa-woonbegeleider" in reg.roles


def test_every_record_attribute_is_a_declared_key_and_the_json_schema_lists_them():
    for collection in registry_mod.COLLECTIONS:
        declared = [spec.name for spec in collection.fields]
        attributes = [f.name for f in dataclasses.fields(collection.record) if f.name not in ("file", "line", "key_lines")]
        assert [fields.key_name(a) for a in attributes] == declared, collection.name
        exported = schema.registry_json_schema(collection)["items"]
        assert list(exported["properties"]) == declared
        assert exported["required"] == [spec.name for spec in collection.fields if spec.required]
    # the front matter's registry tags are references too, exported with the registry's id pattern
    page = schema.front_matter_json_schema("page", translation=False)["properties"]
    assert (
        page["organisations"]["items"]["pattern"]
        == fields.ID_PATTERN
        == schema.registry_json_schema(registry_mod.COLLECTIONS[1])["items"]["properties"]["id"]["pattern"]
    )


def test_a_field_of_an_unknown_kind_or_a_reference_without_target_is_refused_where_it_is_declared():
    with pytest.raises(ValueError, match="unknown kind 'txt'"):
        fields.Field("title", "txt")
    with pytest.raises(ValueError, match="ref and refs"):
        fields.Field("lead", "ref")


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("bitext", {"nl": "Opvang"}, [((), "'name' has no English ('en') text; add 'en: ...'")]),
        (
            "bitext",
            {"nl": "Opvang", "en": "Reception", "de": "Aufnahme"},
            [(("de",), "'name' has an unknown language 'de'; use nl and en")],
        ),
        ("bilist", {"nl": ["a", "b"], "en": ["a"]}, [((), "'name' has 2 Dutch items but 1 English ones; translate each item")]),
        ("text_list", ["a", 3], [((1,), "'name' item 2 must be a non-empty text, got a number")]),
        ("choice_list", ["toc", "nav"], [((), "'name' has 'nav'; allowed: toc, footer")]),
        ("url", "www.example.nl", [((), "'name' must be a web address starting with https://, got 'www.example.nl'")]),
        (
            "id",
            "Met Hoofdletters",
            [((), "id 'Met Hoofdletters' must be lowercase letters, digits and dashes, e.g. 'coa-woonbegeleider'")],
        ),
        (
            "date",
            dt.datetime(2026, 12, 3, 9),
            [((), "'name' must be a date written as YYYY-MM-DD, e.g. 2026-12-03, got a date with a time")],
        ),
        ("bool", "yes", [((), "'name' must be true or false, got a text")]),
        ("text", "  ", [((), "'name' must be a non-empty text, got an empty text")]),
    ],
)
def test_each_kind_names_what_is_wrong_and_where_below_the_key(kind, value, expected):
    choices = ("toc", "footer") if kind == "choice_list" else ()
    assert fields.check_value(fields.Field("name", kind, choices=choices), value) == expected


def test_a_choice_suggests_the_nearest_allowed_value():
    spec = fields.Field("kind", "choice", choices=registry_mod.ORG_KINDS)
    assert fields.check_value(spec, "agncy") == [
        ((), f"'kind' is 'agncy'; did you mean 'agency'? allowed: {', '.join(registry_mod.ORG_KINDS)}")
    ]
    assert fields.check_value(spec, 3) == [((), f"'kind' must be one of {', '.join(registry_mod.ORG_KINDS)}, got a number")]
