"""Additions to every content page: tag links and abbreviation definitions."""

from __future__ import annotations

import re

from ketenwijzer.generators import registry_pages
from ketenwijzer.domain.messages import t
from ketenwijzer.domain.registry import Registry, label


def tag_links(registry: Registry, meta: dict, src_uri: str, lang: str) -> str:
    """A 'Related to' line linking the page's organisations and topics to the registry."""
    links = []
    for oid in meta.get("organisations") or []:
        if oid in registry.organisations:
            links.append(f"[{label(registry, oid, lang)}]({registry_pages.rel(src_uri, registry_pages.org_uri(oid))})")
    for tid in meta.get("topics") or []:
        if tid in registry.topics:
            links.append(f"[{label(registry, tid, lang)}]({registry_pages.rel(src_uri, registry_pages.topic_uri(tid))})")
    if not links:
        return ""
    items = "\n".join(f"- {link}" for link in links)
    return f'\n\n<nav class="kw-tags" aria-label="{t("tags.label", lang)}" markdown>\n\n**{t("tags.label", lang)}:**\n\n{items}\n\n</nav>\n'


class Abbreviations:
    """Abbreviation definitions, appended only for the abbreviations a page uses."""

    def __init__(self, definitions: dict[str, str]):
        self.definitions = definitions
        words = sorted(definitions, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w&])(" + "|".join(map(re.escape, words)) + r")(?![\w&])") if words else None

    def definitions_for(self, markdown: str) -> str:
        if self.pattern is None:
            return ""
        used = sorted(set(self.pattern.findall(markdown)))
        if not used:
            return ""
        return "\n\n" + "\n".join(f"*[{abbr}]: {self.definitions[abbr]}" for abbr in used) + "\n"


_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)


def focusable_abbreviations(html: str) -> str:
    """Explain each abbreviation once, at its first use on the page, and let keyboard users reach it.

    Later uses become plain text: a tooltip and a tab stop on every occurrence
    would make a page of the registry a long walk for keyboard users.
    """
    seen: set[str] = set()

    def once(match: re.Match) -> str:
        word = match.group(2)
        if word in seen:
            return word
        seen.add(word)
        return f'<abbr tabindex="0" title="{match.group(1)}">{word}</abbr>'

    return _ABBR.sub(once, html)


_KEEP_WHITESPACE = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def trim_indentation(html: str) -> str:
    """Drop the template's indentation and blank lines, outside <pre>, <textarea> and <script>.

    A line break still separates the elements, so nothing renders differently;
    a Material page loses about a quarter of its bytes.
    """
    parts = _KEEP_WHITESPACE.split(html)
    out = []
    # split() with two groups yields: text, whole match, tag name, text, ...
    for index in range(0, len(parts), 3):
        out.append(_BLANK_LINES.sub("\n", _INDENT.sub("\n", parts[index])))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
