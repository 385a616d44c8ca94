"""Split a Markdown source into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ketenwijzer.domain import yamlfile
from ketenwijzer.domain.problems import Problem

FENCE = "---"


@dataclass
class Document:
    path: str
    meta: dict[str, Any]
    body: str
    # 1-based line of each top-level key, for error messages
    key_lines: dict[str, int] = field(default_factory=dict)
    # 1-based line where the body starts
    body_line: int = 1
    has_front_matter: bool = False

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def line_at(self, path: tuple) -> int:
        """The line of a key path (('articles', 2): the key's line; (): the top) for the schema's checks."""
        return self.line_of(path[0]) if path else 1


class _LineLoader(yamlfile.SafeLoader):
    """A safe loader that remembers the line of every top-level mapping key."""


def _load_with_lines(text: str, first_line: int) -> tuple[Any, dict[str, int]]:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    lines[str(key_node.value)] = key_node.start_mark.line + first_line
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, lines


def parse(text: str, path: str) -> tuple[Document, list[Problem]]:
    """Parse ``text`` (the whole file); return the document and any syntax problems."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return Document(path=path, meta={}, body=text), []
    end = None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            end = index
            break
    if end is None:
        problem = Problem(path, 1, "front matter starts with '---' but has no closing '---' line; add one after the last key")
        return Document(path=path, meta={}, body=text), [problem]
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    try:
        data, key_lines = _load_with_lines(yaml_text, first_line=2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        problem = Problem(path, line, f"front matter is not valid YAML: {reason}; check indentation, colons and quotes")
        return Document(path=path, meta={}, body=body, body_line=end + 2, has_front_matter=True), [problem]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problem = Problem(path, 2, "front matter must be a mapping of 'key: value' lines")
        return Document(path=path, meta={}, body=body, body_line=end + 2, has_front_matter=True), [problem]
    return Document(path=path, meta=data, body=body, key_lines=key_lines, body_line=end + 2, has_front_matter=True), []
