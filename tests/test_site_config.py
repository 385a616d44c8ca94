"""The one reader of mkdocs.yml (ketenwijzer.domain.site_config) against MkDocs' own: the same values for the
project's real mkdocs.yml and for files with !ENV in every form, INHERIT and Python tags, with and without the
variables set. MkDocs is imported here, in the test only: the reader itself imports nothing of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ketenwijzer.domain import site_config
from ketenwijzer.domain.site_config import PythonTag, Relative, SiteConfigError

REPO = Path(__file__).resolve().parents[1]

# every form of !ENV that pyyaml-env-tag knows, in the places the callers read
FORMS = """\
site_name: !ENV [KWT_NAME, "Voorbeeld"]
site_url: !ENV [KWT_URL, KWT_URL_OLD, "https://example.org/kennis"]
use_directory_urls: !ENV [KWT_DIRS, true]
theme:
  name: material
  language: !ENV [KWT_LANG, nl]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: nl
          default: true
          name: Nederlands
          build: true
        - locale: en
          name: !ENV [KWT_EN_NAME, English]
          build: !ENV [KWT_EN_BUILD, true]
markdown_extensions:
  - toc:
      permalink: !ENV [KWT_PERMALINK, true]
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  plain: !ENV KWT_PLAIN
  only_a_name: !ENV [KWT_ONLY]
  port: !ENV [KWT_PORT, 8001]
  nested_default: !ENV [KWT_NESTED, {a: [1, 2], b: ~}]
  numbers_as_names: !ENV [123, KWT_PLAIN, fallback]
  pair: !!python/tuple [1, 2]
  subscriptions:
    endpoint: !ENV [KWT_ENDPOINT, "http://127.0.0.1:8001"]
  owner:
    name:
      nl: de redactie
      en: !ENV [KWT_OWNER_EN, the editors]
"""
NAMES = (
    "KWT_NAME",
    "KWT_URL",
    "KWT_URL_OLD",
    "KWT_DIRS",
    "KWT_LANG",
    "KWT_EN_NAME",
    "KWT_EN_BUILD",
    "KWT_PERMALINK",
    "KWT_PLAIN",
    "KWT_ONLY",
    "KWT_PORT",
    "KWT_NESTED",
    "KWT_ENDPOINT",
    "KWT_OWNER_EN",
    "123",
)
# the variables of each case (the others unset); the texts are typed as YAML types them
CASES = {
    "none set": {},
    "all set": {
        "KWT_NAME": "Elders",
        "KWT_URL": "https://elders.example/site",
        "KWT_DIRS": "false",
        "KWT_LANG": "en",
        "KWT_EN_NAME": "Engels",
        "KWT_EN_BUILD": "no",
        "KWT_PERMALINK": "¶",
        "KWT_PLAIN": "plain text",
        "KWT_ONLY": "1.5",
        "KWT_PORT": "8002",
        "KWT_NESTED": "[x]",
        "KWT_ENDPOINT": "https://aanmelden.example",
        "KWT_OWNER_EN": "the owners",
        "123": "a number's name",
    },
    "the second of a chain": {"KWT_URL_OLD": "https://oud.example/", "KWT_PLAIN": "~"},
    "set but empty": {
        "KWT_URL": "",
        "KWT_URL_OLD": "https://oud.example/",
        "KWT_OWNER_EN": "",
        "KWT_PORT": "",
        "KWT_ONLY": "null",
    },
}


def comparable(value):
    """MkDocs' values and ours side by side: an imported Python name as its dotted name, a placeholder as text."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, PythonTag):
        return ("python", value.name)
    if isinstance(value, Relative):
        return ("relative", value.value)
    if callable(value) and hasattr(value, "__qualname__"):
        return ("python", f"{value.__module__}.{value.__qualname__}")
    if type(value).__name__.endswith("DirPlaceholder"):  # MkDocs' !relative
        return ("relative", f"{value.__class__.__name__}:{value.suffix}")
    return value


@pytest.fixture
def env(monkeypatch):
    """Set exactly the variables of a case, in the process (MkDocs reads os.environ) and as a mapping (ours may)."""
    for name in (*NAMES, "KETENWIJZER_SITE_URL", "KETENWIJZER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)

    def apply(values: dict[str, str]) -> dict[str, str]:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return dict(values)

    return apply


def mkdocs_raw(path: Path) -> dict:
    with path.open("rb") as handle:
        return yaml_load(handle)


def mkdocs_validated(path: Path):
    (path.parent / "docs").mkdir(exist_ok=True)
    return load_config(str(path))


def same_as_mkdocs(path: Path, variables: dict[str, str]) -> None:
    """Our reader gives what MkDocs gives, from the process's environment and from a mapping alike."""
    theirs = mkdocs_raw(path)
    from_process = site_config.load(path)
    assert comparable(from_process.raw) == comparable(theirs)
    assert comparable(site_config.load(path, env=variables).raw) == comparable(theirs)
    validated = mkdocs_validated(path)
    assert from_process.site_url == (validated.site_url or None)
    assert from_process.use_directory_urls == validated.use_directory_urls
    assert comparable(from_process.extra) == comparable(dict(validated.extra))
    assert from_process.subscriptions == dict(validated.extra).get("subscriptions", {})
    assert from_process.owner == dict(validated.extra).get("owner")
    assert from_process.theme_language == validated.theme["language"]
    languages = validated.plugins["i18n"].config.languages
    assert [item["locale"] for item in from_process.i18n_languages] == [item["locale"] for item in languages]
    for ours, its in zip(from_process.i18n_languages, languages):
        assert {key: its[key] for key in ours} == ours  # MkDocs adds the defaults of the keys not written


@pytest.mark.parametrize("case", CASES)
def test_every_form_of_env_reads_as_mkdocs_reads_it(tmp_path, env, case):
    path = tmp_path / "mkdocs.yml"
    path.write_text(FORMS, encoding="utf-8")
    same_as_mkdocs(path, env(CASES[case]))


def test_the_forms_give_the_values_pyyaml_env_tag_documents(tmp_path, env):
    path = tmp_path / "mkdocs.yml"
    path.write_text(FORMS, encoding="utf-8")
    unset = site_config.load(path, env={})
    assert unset.site_url == "https://example.org/kennis/"  # the default, made a folder as MkDocs makes it
    assert unset.extra["plain"] is None and unset.extra["only_a_name"] is None  # no default: null
    assert unset.extra["port"] == 8001 and unset.extra["nested_default"] == {"a": [1, 2], "b": None}
    assert unset.extra["pair"] == (1, 2)
    assert unset.raw["markdown_extensions"][1]["pymdownx.emoji"]["emoji_index"] == PythonTag(
        "name:material.extensions.emoji.twemoji"
    )
    typed = site_config.load(path, env=CASES["all set"])
    assert typed.use_directory_urls is False and typed.extra["port"] == 8002 and typed.extra["only_a_name"] == 1.5
    assert typed.extra["nested_default"] == "[x]" and typed.i18n_language("en")["build"] is False
    assert typed.extra["numbers_as_names"] == "a number's name"  # a name that looks like a number is still a name
    assert typed.theme_language == "en" and typed.site_url == "https://elders.example/site/"
    empty = site_config.load(path, env=CASES["set but empty"])
    assert empty.site_url is None  # KWT_URL is set (empty): it wins over KWT_URL_OLD, and '' is null
    assert empty.owner["name"]["en"] is None and empty.extra["port"] is None and empty.extra["only_a_name"] is None


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {
            "KETENWIJZER_SITE_URL": "https://ketenwijzer.example/",
            "KETENWIJZER_PUBLIC_URL": "https://aanmelden.ketenwijzer.example",
        },
    ],
)
def test_the_projects_mkdocs_yml_reads_as_mkdocs_reads_it(env, variables):
    same_as_mkdocs(REPO / "mkdocs.yml", env(variables))
    config = site_config.load(REPO / "mkdocs.yml")
    assert config.site_url == variables.get("KETENWIJZER_SITE_URL", "http://127.0.0.1:8000/")
    assert config.subscriptions["endpoint"] == variables.get("KETENWIJZER_PUBLIC_URL", "http://127.0.0.1:8001")
    assert [item["locale"] for item in config.i18n_languages] == ["nl", "en"] and config.theme_language == "nl"


def test_inherit_merges_as_mkdocs_merges(tmp_path, env):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "common.yml").write_text(FORMS, encoding="utf-8")
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "INHERIT: base/common.yml\nsite_name: Kind\ntheme:\n  language: en\nextra:\n  port: 9000\n"
        "  owner:\n    url: https://www.example.nl/\nplugins:\n  - search\n  - i18n:\n      languages:\n"
        "        - locale: nl\n          default: true\n          name: NL\n        - locale: en\n          name: EN\n",
        encoding="utf-8",
    )
    same_as_mkdocs(path, env({"KWT_URL": "https://elders.example/"}))
    merged = site_config.load(path, env={})
    assert merged.theme == {"name": "material", "language": "en"}  # mappings merge key by key
    assert merged.owner == {"name": {"nl": "de redactie", "en": "the editors"}, "url": "https://www.example.nl/"}
    assert merged.extra["port"] == 9000 and merged.i18n_language("en") == {"locale": "en", "name": "EN"}  # lists are replaced


def test_relative_reads_as_a_placeholder_and_is_written_back(tmp_path, env):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir/parts\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    ours = site_config.load(path, env={})
    with path.open("rb") as handle:
        theirs = yaml_load(handle, loader=get_yaml_loader(config=mkdocs_validated(path)))
    snippets = theirs["markdown_extensions"][0]["pymdownx.snippets"]["base_path"]
    assert os.fspath(snippets) == os.path.join(str(tmp_path), "parts")
    assert ours.raw["markdown_extensions"][0]["pymdownx.snippets"]["base_path"] == Relative("$config_dir/parts")
    # what plain MkDocs gets back from dump() is the same file again
    (tmp_path / "again.yml").write_text(site_config.dump(ours.raw), encoding="utf-8")
    assert site_config.load(tmp_path / "again.yml", env={}).raw == ours.raw
    with (tmp_path / "again.yml").open("rb") as handle:
        again = yaml_load(handle, loader=get_yaml_loader(config=mkdocs_validated(tmp_path / "again.yml")))
    assert os.fspath(again["markdown_extensions"][0]["pymdownx.snippets"]["base_path"]) == os.fspath(snippets)
    assert comparable(again["markdown_extensions"][1]) == comparable(theirs["markdown_extensions"][1])


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("site_name: X\nsite_url: [unclosed\n", 3, "not valid YAML"),
        ("site_name: X\nextra:\n  a: !ENV {name: X}\n", 3, "!ENV expects a variable's name"),
        ("- a\n- b\n", 1, "holds a list, not settings"),
        ("site_name: X\nINHERIT: missing.yml\n", 2, "INHERIT: missing.yml does not exist"),
        ("site_name: X\nsite_url: example.org\n", 2, "site_url: must be an address with a scheme"),
        ("site_name: X\n\nuse_directory_urls: sometimes\n", 3, "use_directory_urls: must be true or false"),
        ("extra: [1, 2]\n", 1, "extra: must hold settings"),
    ],
)
def test_a_bad_file_names_the_file_the_line_and_what_is_wrong(tmp_path, text, line, message):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteConfigError) as caught:
        config = site_config.load(tmp_path, env={})  # the folder holding mkdocs.yml will do
        print(config.site_url, config.use_directory_urls, config.extra)  # the values the callers read
    assert str(caught.value).startswith(f"mkdocs.yml:{line}: ") and message in str(caught.value), str(caught.value)


def test_inherit_in_a_circle_is_an_error_not_a_recursion(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\n", encoding="utf-8")
    (tmp_path / "base.yml").write_text("site_name: X\nINHERIT: mkdocs.yml\n", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="INHERIT goes round in a circle: mkdocs.yml -> base.yml -> mkdocs.yml"):
        site_config.load(tmp_path / "mkdocs.yml", env={})


def test_no_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(SiteConfigError, match=r"mkdocs.yml:1: file not found"):
        site_config.load(tmp_path / "mkdocs.yml", env={})
