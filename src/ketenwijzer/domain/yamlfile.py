"""Load YAML data files with the line of every value, for error messages."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import yaml

from ketenwijzer.domain.problems import Problem

# libyaml's parser is ~10x faster; the pure-Python one gives the same nodes and marks
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ImpossibleDate(str):
    """A value written like a date that is no date (``2015-13-45``): kept as text, so the
    schema can name it with its file and line instead of the parse stopping with a ValueError."""


class SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]  # libyaml's or the pure-Python one, at run time
    """The safe loader, except that an impossible date becomes an :class:`ImpossibleDate`."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return ImpossibleDate(node.value)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)

PathKey = tuple  # e.g. (3, 'name', 'en'): item 3, key 'name', key 'en'


def _walk(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)


def load(path: Path, shown: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Return (data, lines, problems); lines maps a key path to its 1-based line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, {}, [Problem(shown, 1, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")]
    loader = SafeLoader(text)
    # the node tree of a large registry holds ~100k objects: without the cyclic
    # collector running during the parse, loading stays linear in the file size
    collecting = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines: dict[PathKey, int] = {}
        _walk(node, (), lines)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return None, {}, [Problem(shown, line, f"not valid YAML: {reason}; check indentation, colons and quotes")]
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return data, lines, []


def line_of(lines: dict[PathKey, int], path: PathKey) -> int:
    """The line of ``path`` or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)
