"""Minimal, line-preserving front matter edits, and front matter for new files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ketenwijzer.domain import frontmatter
from ketenwijzer.domain.frontmatter_edit import append_to_list, remove_keys, render_front_matter, render_scalar, set_keys
from ketenwijzer.domain.problems import ContentError

EDITION = """\
---
# Editie 3: het voorjaarsnummer
title: "VreemdelingenVisie 3"   # titel op de omslag
description: Nummer 3.
edition: 3
date: 2020-01-01
status: draft
articles:
    -   eerste
    -   tweede
    # hier komt nog iets bij

cover: omslag.jpg
---

Welkom bij *dit nummer*.
---
Geen front matter hier.
"""


def write(tmp_path: Path, text: str, name: str = "index.nl.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def meta(path: Path) -> dict:
    doc, problems = frontmatter.parse(read(path), str(path))
    assert problems == []
    return doc.meta


# --- set_keys ---------------------------------------------------------------------------


def test_set_keys_replaces_values_in_place_and_appends_new_keys(tmp_path):
    path = write(tmp_path, EDITION)
    set_keys(
        path,
        {
            "status": "published",
            "date": dt.date(2020, 3, 1),
            "edition": 4,
            "title": "VreemdelingenVisie: het voorjaar",
            "cover_alt": "Bewoners aan een lange tafel",
        },
    )
    assert read(path) == EDITION.replace("status: draft", "status: published").replace(
        "date: 2020-01-01", "date: 2020-03-01"
    ).replace("edition: 3", "edition: 4").replace(
        'title: "VreemdelingenVisie 3"   # titel', "title: 'VreemdelingenVisie: het voorjaar'   # titel"
    ).replace("cover: omslag.jpg\n", "cover: omslag.jpg\ncover_alt: Bewoners aan een lange tafel\n")
    assert meta(path)["date"] == dt.date(2020, 3, 1)


@pytest.mark.parametrize(
    "value, written",
    [
        ("gewoon", "gewoon"),
        ("Één loket — ‘samen’", "Één loket — ‘samen’"),
        ("yes", "'yes'"),
        ("123", "'123'"),
        ("2020-01-01", "'2020-01-01'"),
        ("a: b", "'a: b'"),
        ("#geen commentaar", "'#geen commentaar'"),
        ("het 'citaat'", "het 'citaat'"),
        ("'citaat'", "'''citaat'''"),
        ("a, b", "'a, b'"),
        ("", "''"),
        ("twee\nregels", '"twee\\nregels"'),
        (7, "7"),
        (True, "true"),
        (dt.date(2021, 12, 31), "2021-12-31"),
    ],
)
def test_set_keys_quotes_only_when_yaml_needs_it_and_reads_back_the_same(tmp_path, value, written):
    path = write(tmp_path, "---\ntitle: Oud\n---\nTekst\n")
    set_keys(path, {"title": value})
    assert read(path) == f"---\ntitle: {written}\n---\nTekst\n"
    assert meta(path)["title"] == value


def test_set_keys_replaces_a_block_value_and_keeps_the_comment_after_it(tmp_path):
    path = write(tmp_path, EDITION)
    set_keys(path, {"articles": ["derde"]})
    assert read(path) == EDITION.replace("articles:\n    -   eerste\n    -   tweede\n", "articles: [derde]\n")
    text = "---\nlead: |\n  Twee\n  regels\n# commentaar\nauthor: A\n---\n"
    path = write(tmp_path, text, "artikel.nl.md")
    set_keys(path, {"lead": "Eén regel"})
    assert read(path) == "---\nlead: Eén regel\n# commentaar\nauthor: A\n---\n"


def test_set_keys_keeps_crlf_and_byte_order_mark(tmp_path):
    path = tmp_path / "a.nl.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Oud\r\n---\r\nTekst\r\n")
    set_keys(path, {"title": "Nieuw", "author": "Anna Smit"})
    assert path.read_bytes() == b"\xef\xbb\xbf---\r\ntitle: Nieuw\r\nauthor: Anna Smit\r\n---\r\nTekst\r\n"


def test_set_keys_in_empty_front_matter(tmp_path):
    path = write(tmp_path, "---\n---\nTekst\n")
    set_keys(path, {"title": "T"})
    assert read(path) == "---\ntitle: T\n---\nTekst\n"


@pytest.mark.parametrize("value", [None, dt.datetime(2020, 1, 1, 12, 0), {"a": 1}, 1.5])
def test_unsupported_values_are_refused_before_anything_is_written(tmp_path, value):
    path = write(tmp_path, EDITION)
    with pytest.raises(TypeError):
        set_keys(path, {"title": value})
    assert read(path) == EDITION


# --- append_to_list ---------------------------------------------------------------------


def test_append_to_block_list_in_its_own_indentation_before_the_comment(tmp_path):
    path = write(tmp_path, EDITION)
    assert append_to_list(path, "articles", "derde") is True
    assert read(path) == EDITION.replace("    -   tweede\n", "    -   tweede\n    -   derde\n")
    assert meta(path)["articles"] == ["eerste", "tweede", "derde"]


def test_append_to_indentless_block_list(tmp_path):
    path = write(tmp_path, "---\narticles:\n- a\n- b\ntitle: T\n---\n")
    append_to_list(path, "articles", "c")
    assert read(path) == "---\narticles:\n- a\n- b\n- c\ntitle: T\n---\n"


@pytest.mark.parametrize(
    "before, after",
    [
        ("articles: [a, b]", "articles: [a, b, c]"),
        ("articles: []", "articles: [c]"),
        ("articles: [ ]  # leeg", "articles: [c]  # leeg"),
        ("articles: [a,\n  b]", "articles: [a,\n  b, c]"),
        ("articles:", "articles:\n  - c"),
        ("articles: ~", "articles:\n  - c"),
    ],
)
def test_append_to_flow_and_empty_lists(tmp_path, before, after):
    path = write(tmp_path, f"---\ntitle: T\n{before}\nstatus: draft\n---\nTekst\n")
    append_to_list(path, "articles", "c")
    assert read(path) == f"---\ntitle: T\n{after}\nstatus: draft\n---\nTekst\n"
    assert meta(path)["articles"][-1] == "c"


def test_append_creates_an_absent_list_and_quotes_flow_items(tmp_path):
    path = write(tmp_path, "---\ntitle: T\n---\n")
    append_to_list(path, "topics", "opvang")
    assert read(path) == "---\ntitle: T\ntopics:\n  - opvang\n---\n"
    path = write(tmp_path, "---\ntopics: [a]\n---\n")
    append_to_list(path, "topics", "b, c")
    assert read(path) == "---\ntopics: [a, 'b, c']\n---\n"
    assert meta(path)["topics"] == ["a", "b, c"]


def test_append_keeps_crlf(tmp_path):
    path = tmp_path / "a.nl.md"
    path.write_bytes(b"---\r\narticles:\r\n  - a\r\ntitle: T\r\n---\r\n")
    append_to_list(path, "articles", "b")
    assert path.read_bytes() == b"---\r\narticles:\r\n  - a\r\n  - b\r\ntitle: T\r\n---\r\n"


def test_append_never_adds_a_duplicate(tmp_path):
    path = write(tmp_path, EDITION)
    before = path.stat().st_mtime_ns
    assert append_to_list(path, "articles", "tweede") is False
    assert read(path) == EDITION and path.stat().st_mtime_ns == before
    path = write(tmp_path, "---\narticles: [a, b]\n---\n", "b.nl.md")
    assert append_to_list(path, "articles", "a") is False


def test_append_to_something_that_is_not_a_list_names_file_and_line(tmp_path):
    path = write(tmp_path, "---\ntitle: T\narticles: eerste\n---\n")
    with pytest.raises(ContentError) as caught:
        append_to_list(path, "articles", "tweede", shown="docs/index.nl.md")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == ("docs/index.nl.md", 3)
    assert "'articles' is not a list" in problem.message


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("Geen front matter.\n", 1, "no front matter"),
        ("", 1, "no front matter"),
        ("---\ntitle: T\nTekst zonder afsluiting\n", 1, "no closing '---'"),
        ("---\ntitle: T\nauthor: [niet dicht\n---\n", 4, "not valid YAML"),
        ("---\ntitle: T\n  fout: ingesprongen\n---\n", 3, "not valid YAML"),
        ("---\n- een lijst\n---\n", 2, "must be a mapping"),
    ],
)
def test_missing_or_broken_front_matter_is_a_content_error_with_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    for edit in (lambda: set_keys(path, {"title": "X"}), lambda: append_to_list(path, "articles", "x")):
        with pytest.raises(ContentError) as caught:
            edit()
        problem = caught.value.problems[0]
        assert (problem.path, problem.line) == (path.as_posix(), line)
        assert words in problem.message
        assert read(path) == text


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "a.nl.md"
    path.write_bytes("---\ntitle: Café\n---\n".encode("cp1252"))
    with pytest.raises(ContentError, match="not valid UTF-8"):
        set_keys(path, {"title": "X"}, shown="a.nl.md")


# --- render_front_matter ----------------------------------------------------------------


def test_render_front_matter_for_a_new_file():
    text = render_front_matter(
        {
            "title": "‘Wij zijn er gewoon voor iedereen’",
            "description": "Over het IND-gehoor: wat gebeurt er?",
            "lead": "Een lange inleiding " * 10,
            "author": None,
            "edition": 3,
            "date": dt.date(2020, 1, 1),
            "summary": ["Eén", "yes", "a: b"],
            "articles": [],
        }
    )
    assert text == (
        "---\n"
        "title: ‘Wij zijn er gewoon voor iedereen’\n"
        "description: 'Over het IND-gehoor: wat gebeurt er?'\n"
        f"lead: '{'Een lange inleiding ' * 10}'\n"
        "edition: 3\n"
        "date: 2020-01-01\n"
        "summary:\n"
        "  - Eén\n"
        "  - 'yes'\n"
        "  - 'a: b'\n"
        "articles: []\n"
        "---\n"
    )
    doc, problems = frontmatter.parse(text + "\nTekst\n", "new.nl.md")
    assert problems == [] and doc.meta["summary"] == ["Eén", "yes", "a: b"] and "author" not in doc.meta
    assert render_front_matter({}) == "---\n---\n"


def test_render_scalar_is_safe_inside_a_flow_list():
    assert render_scalar("a, b") == "'a, b'"
    assert render_scalar("[x]") == "'[x]'"
    assert render_scalar("gewoon") == "gewoon"


def test_remove_keys_takes_out_only_those_lines(tmp_path):
    crlf = "\ufeff" + EDITION.replace("\n", "\r\n")
    path = write(tmp_path, crlf)
    assert remove_keys(path, ["articles", "date"]) is True
    expected = crlf.replace("date: 2020-01-01\r\n", "").replace("articles:\r\n    -   eerste\r\n    -   tweede\r\n", "")
    assert path.read_bytes() == expected.encode("utf-8")  # the comment and blank line after the list stay
    assert remove_keys(path, ["articles"]) is False and path.read_bytes() == expected.encode("utf-8")
    doc, problems = frontmatter.parse(path.read_text(encoding="utf-8"), "x")
    assert not problems and "articles" not in doc.meta and doc.meta["cover"] == "omslag.jpg"
