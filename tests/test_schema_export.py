"""`ketenwijzer schema --json`: the schemas as JSON Schema agree with the project's own checks, and VS Code uses them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from click.testing import CliRunner

from ketenwijzer.domain import frontmatter, project as project_mod, registry, schema
from ketenwijzer.cli.main import main

REPO = Path(__file__).resolve().parents[1]


def _plain(value):
    """As a YAML editor sees the data: dates are text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _validator(name: str):
    return fastjsonschema.compile(json.loads((REPO / ".vscode/schemas" / name).read_text(encoding="utf-8")))


def test_the_committed_schemas_are_what_the_command_writes(tmp_path):
    result = CliRunner().invoke(main, ["schema", "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    # one schema per registry file, and per kind of page for the original and the translation
    assert len(written) == len(registry.COLLECTIONS) + 2 * len(schema.SCHEMAS), written
    assert written == sorted(p.name for p in (REPO / ".vscode/schemas").iterdir())
    for name in written:
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / ".vscode/schemas" / name).read_text(encoding="utf-8"), (
            f"{name} is out of date: run ketenwijzer schema --json --out .vscode/schemas"
        )
    printed = json.loads(CliRunner().invoke(main, ["schema", "--json"]).output)
    assert sorted(printed) == written


def test_vscode_maps_every_registry_file_to_its_schema():
    text = (REPO / ".vscode/settings.json").read_text(encoding="utf-8")
    settings = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))  # VS Code's JSON allows comments
    mapping = settings["yaml.schemas"]
    for collection in registry.COLLECTIONS:
        target = f"docs/wie-doet-wat/{collection.filename}"
        schema_path = next(path for path, files in mapping.items() if files == target)
        assert (REPO / schema_path).is_file()
        # the real registry file is valid under its schema
        _validator(Path(schema_path).name)(_plain(yaml.safe_load((REPO / target).read_text(encoding="utf-8"))))


def test_schemas_accept_the_real_front_matter_and_refuse_what_check_refuses():
    project = project_mod.load(REPO)
    checked = 0
    for source in project.sources:
        translation = source.lang != project_mod.DEFAULT_LANGUAGE
        name = f"frontmatter-{source.kind}{'-translation' if translation else ''}.json"
        _validator(name)(_plain(source.doc.meta))
        checked += 1
    assert checked > 50
    article = _validator("frontmatter-article.json")
    good = {"title": "Een titel", "description": "Over iets.", "uid": "vv-1", "updated": "2026-12-01"}
    article(good)
    for bad in (
        {**good, "description": " "},
        {**good, "auteur": "X"},
        {k: v for k, v in good.items() if k != "uid"},
        {**good, "updated": "1 december"},
        {**good, "translation_of": "abc"},
    ):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            article(bad)
        # the project's own check agrees (it reads a YAML date as a date)
        meta = {**bad, "updated": dt.date(2026, 12, 1)} if bad.get("updated") == "2026-12-01" else bad
        doc = frontmatter.Document(path="x.nl.md", meta=meta, has_front_matter=True, body="")
        assert schema.validate(doc, "article", is_translation=False), bad
    translation = _validator("frontmatter-article-translation.json")
    translation({"title": "A title", "description": "About it.", "translation_of": "abc", "minor_edit_of": "def"})
    with pytest.raises(fastjsonschema.JsonSchemaException):
        translation({"title": "A title", "description": "About it.", "uid": "vv-1"})  # taken from the original


def test_a_registry_entry_with_one_language_or_a_bad_id_is_refused():
    organisations = _validator("registry-organisaties.json")
    entry = _plain(yaml.safe_load((REPO / "docs/wie-doet-wat/organisaties.yml").read_text(encoding="utf-8"))[0])
    organisations([entry])
    for bad in (
        {**entry, "name": {"nl": "Alleen Nederlands"}},
        {**entry, "id": "Met Hoofdletters"},
        {**entry, "kind": "bedrijf"},
        {**entry, "website": "geen adres"},
        {**entry, "onbekend": 1},
    ):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            organisations([bad])
