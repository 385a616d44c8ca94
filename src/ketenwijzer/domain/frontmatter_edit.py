"""Minimal edits of a Markdown file's YAML front matter.

Editors' comments, key order, quoting and line endings are theirs: an edit
touches only the text of the key it changes (or adds lines at the end of the
front matter) and leaves every other byte of the file as it was, a UTF-8 byte
order mark and CRLF line endings included.

* :func:`set_keys` sets scalar keys (text, whole numbers, dates),
* :func:`remove_keys` removes keys,
* :func:`append_to_list` adds an item to a block list (``key:`` then
  ``  - a`` lines) or a flow list (``key: [a, b]``), creating the key if absent,
* :func:`render_front_matter` writes the front matter of a new file.

A file without front matter, or with front matter that is not valid YAML,
raises :class:`~ketenwijzer.problems.ContentError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ketenwijzer.domain import frontmatter
from ketenwijzer.domain.problems import ContentError, Problem

_WIDTH = float("inf")  # never fold long texts over several lines
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents block lists under their key (``key:\\n  - a``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def render_front_matter(meta: Mapping[str, Any]) -> str:
    """Front matter for a new file: ``---``, safe YAML in the given key order, ``---``.

    Keys whose value is None are left out. Texts are written on one line,
    non-ASCII letters as they are; lists as indented block lists.
    """
    data = {key: value for key, value in meta.items() if value is not None}
    if not data:
        return "---\n---\n"
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=_WIDTH)
    return f"---\n{text}---\n"


def render_scalar(value: Any) -> str:
    """One value as YAML on a single line, quoted only when it has to be (also inside [a, b])."""
    if isinstance(value, dt.datetime) or not isinstance(value, (str, int, dt.date)):
        raise TypeError(f"cannot write {value!r} as a front matter value; use a text, a whole number or a date")
    if isinstance(value, str) and _CONTROL.search(value):
        # a JSON string is a valid YAML double-quoted scalar, and stays on one line
        return json.dumps(value, ensure_ascii=False)
    text = yaml.dump([value], Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=_WIDTH)
    return text.strip()[1:-1]


def _render_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_scalar(item) for item in value) + "]"
    return render_scalar(value)


@dataclass
class _FrontMatter:
    path: Path
    shown: str
    bom: str
    head: str  # the opening '---' line, with its line break
    yaml_text: str
    tail: str  # the closing '---' line and everything after it
    newline: str

    def text(self, yaml_text: str) -> str:
        return f"{self.bom}{self.head}{yaml_text}{self.tail}"


def _read(path: Path, shown: str | None) -> _FrontMatter:
    path = Path(path)
    shown = shown or path.as_posix()
    with open(path, encoding="utf-8", newline="") as handle:  # keep CRLF as it is
        try:
            text = handle.read()
        except UnicodeDecodeError as exc:
            raise ContentError([Problem(shown, 1, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")]) from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    doc, problems = frontmatter.parse(text, shown)
    if problems:
        raise ContentError(problems)
    if not doc.has_front_matter:
        raise ContentError(
            [
                Problem(
                    shown,
                    1,
                    "no front matter; the file must start with a '---' line, then 'key: value' lines, then a closing '---' line",
                )
            ]
        )
    lines = text[len(bom) :].splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (frontmatter.FENCE, "..."))
    newline = lines[0][len(lines[0].rstrip("\r\n")) :] or "\n"
    return _FrontMatter(path, shown, bom, lines[0], "".join(lines[1:end]), "".join(lines[end:]), newline)


def _mapping(yaml_text: str) -> yaml.MappingNode | None:
    loader = yaml.SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return node if isinstance(node, yaml.MappingNode) else None


def _find(yaml_text: str, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of top-level ``key``; the last one if it is there twice, as YAML reads it."""
    node = _mapping(yaml_text)
    found = None
    for key_node, value_node in node.value if node is not None else ():
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found = (key_node, value_node)
    return found


def _line_end(text: str, index: int) -> int:
    """Index just after the line break of the line holding ``index``."""
    match = re.compile(r"\r\n|\r|\n").search(text, index)
    return match.end() if match else len(text)


def _value_end(yaml_text: str, start: int, end: int) -> int:
    """Where a value really ends: block values also swallow trailing blank and comment lines; keep those."""
    segment = yaml_text[start:end]
    if not segment.endswith(("\n", "\r")):
        return end
    lines = segment.splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    kept = "".join(lines)
    return start + len(kept.rstrip("\r\n"))


def _ensure_newline(yaml_text: str, newline: str) -> str:
    return yaml_text if not yaml_text or yaml_text.endswith(("\n", "\r")) else yaml_text + newline


def _write(fm: _FrontMatter, yaml_text: str) -> None:
    path = fm.path
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(fm.text(yaml_text))
    shutil.copymode(path, temporary)
    os.replace(temporary, path)


def _check(fm: _FrontMatter, yaml_text: str, expected: Mapping[str, Any]) -> None:
    """Re-read the edited front matter: the edit must give exactly the values asked for."""
    doc, problems = frontmatter.parse(fm.text(yaml_text), fm.shown)
    if problems:  # pragma: no cover - would be a bug in this module
        raise ContentError(problems)
    for key, value in expected.items():
        got = doc.meta.get(key)
        if got != value:  # pragma: no cover - would be a bug in this module
            raise AssertionError(f"{fm.shown}: editing '{key}' gave {got!r}, not {value!r}")


def set_keys(path: Path | str, values: Mapping[str, Any], *, shown: str | None = None) -> None:
    """Set each ``key: value`` in the front matter of ``path``.

    An existing key keeps its line (and any comment after its value); only its
    value changes. A new key is added at the end of the front matter. Values:
    texts (quoted only when YAML needs it), whole numbers, dates (written
    YYYY-MM-DD), or lists of those (written ``[a, b]``).
    """
    fm = _read(Path(path), shown)
    yaml_text = fm.yaml_text
    for key, value in values.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"front matter keys are non-empty texts, not {key!r}")
        line = f"{render_scalar(key)}: {_render_value(value)}"
        found = _find(yaml_text, key)
        if found is None:
            yaml_text = _ensure_newline(yaml_text, fm.newline) + line + fm.newline
            continue
        key_node, value_node = found
        start = key_node.start_mark.index
        end = _value_end(yaml_text, start, value_node.end_mark.index)
        yaml_text = yaml_text[:start] + line + yaml_text[end:]
    _check(fm, yaml_text, {key: list(v) if isinstance(v, tuple) else v for key, v in values.items()})
    _write(fm, yaml_text)


def remove_keys(path: Path | str, keys: list[str], *, shown: str | None = None) -> bool:
    """Remove each top-level key (its line and any indented value lines); return False when none was there.

    Comment lines after the value, and every other byte, stay as they were.
    """
    fm = _read(Path(path), shown)
    yaml_text = fm.yaml_text
    for key in keys:
        while (found := _find(yaml_text, key)) is not None:
            key_node, value_node = found
            start = key_node.start_mark.index - key_node.start_mark.column
            end = _line_end(yaml_text, _value_end(yaml_text, key_node.start_mark.index, value_node.end_mark.index))
            yaml_text = yaml_text[:start] + yaml_text[end:]
    if yaml_text == fm.yaml_text:
        return False
    doc, problems = frontmatter.parse(fm.text(yaml_text), fm.shown)
    if problems or any(key in doc.meta for key in keys):  # pragma: no cover - would be a bug in this module
        raise AssertionError(f"{fm.shown}: removing {keys} went wrong")
    _write(fm, yaml_text)
    return True


def append_to_list(path: Path | str, key: str, item: Any, *, shown: str | None = None) -> bool:
    """Add ``item`` at the end of the list ``key``; return False if it was already there.

    Works on block lists (``key:`` followed by ``  - a`` lines, written in the
    same indentation) and flow lists (``key: [a, b]``). An absent or empty key
    (``key:`` with nothing after it) becomes a block list ``key:\\n  - item``.
    """
    fm = _read(Path(path), shown)
    yaml_text = fm.yaml_text
    nl = fm.newline
    rendered = render_scalar(item)
    found = _find(yaml_text, key)
    if found is None:
        yaml_text = _ensure_newline(yaml_text, nl) + f"{render_scalar(key)}:{nl}  - {rendered}{nl}"
    else:
        key_node, value_node = found
        line = key_node.start_mark.line + 2  # the file's line: the opening '---' is line 1
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag == "tag:yaml.org,2002:null":
            start = key_node.start_mark.index
            end = _value_end(yaml_text, start, value_node.end_mark.index)
            yaml_text = yaml_text[:start] + f"{render_scalar(key)}:{nl}  - {rendered}" + yaml_text[end:]
        elif isinstance(value_node, yaml.SequenceNode):
            if item in ((yaml.safe_load(yaml_text) or {}).get(key) or ()):
                return False
            if value_node.flow_style:
                if value_node.value:
                    at = value_node.value[-1].end_mark.index
                    yaml_text = yaml_text[:at] + f", {rendered}" + yaml_text[at:]
                else:  # [] (possibly with spaces inside)
                    start, end = value_node.start_mark.index, value_node.end_mark.index
                    yaml_text = yaml_text[:start] + f"[{rendered}]" + yaml_text[end:]
            else:
                first, last = value_node.value[0], value_node.value[-1]
                line_start = first.start_mark.index - first.start_mark.column
                first_line = yaml_text[line_start : _line_end(yaml_text, line_start)]
                # the new item is written like the first one: same indentation, same space after the dash
                match = re.match(r"[ \t]*-[ \t]*", first_line)
                prefix = match.group(0).rstrip("\r\n") if match else "  - "
                if not prefix.endswith((" ", "\t")):
                    prefix += " "
                end = last.end_mark.index
                at = end if last.end_mark.column == 0 else _line_end(yaml_text, end)
                yaml_text = _ensure_newline(yaml_text[:at], nl) + f"{prefix}{rendered}{nl}" + yaml_text[at:]
        else:
            raise ContentError(
                [
                    Problem(
                        fm.shown,
                        line,
                        f"'{key}' is not a list, so '{item}' cannot be added to it; write it as a list, e.g. '{key}: [a, b]'",
                    )
                ]
            )
    doc, problems = frontmatter.parse(fm.text(yaml_text), fm.shown)
    if problems or not isinstance(doc.meta.get(key), list) or item not in doc.meta[key]:  # pragma: no cover
        raise AssertionError(f"{fm.shown}: adding {item!r} to '{key}' went wrong")
    _write(fm, yaml_text)
    return True
