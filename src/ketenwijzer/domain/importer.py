"""Read a plain-text export of an old VreemdelingenVisie article.

Pure: text in, :class:`ImportedArticle` out; no files are written. The command
``ketenwijzer import`` (:mod:`ketenwijzer.cli.importer`) turns the result into
a Markdown page.

The export, as the old site produced it::

    Dit artikel hoort bij: VreemdelingenVisie nummer 3     (optional first line)
    Tekst Anna de Vries                                     (optional credits, before
    Foto Pieter Bos                                          or after the title, any order,
    Samen aan tafel in Emmen                                 also 'Tekst: X', 'Foto: X')

    First paragraph (becomes the lead).

    In 1 minuut:
    • first summary bullet
    • second summary bullet

    Intertitle

    Paragraphs separated by blank lines...

    Aanmelden VreemdelingenVisie                            (sign-up block: dropped)

How each block (lines between blank lines) is read:

* a block of one short line (under :data:`SHORT` characters) without closing
  punctuation is an intertitle (``## ...``), unless it is a photo caption;
* a photo caption (rendered as an italic paragraph ``*...*``) is a block of
  several short lines (each line one caption), or a line naming people:
  ``(links)``, ``(rechts)``, ``v.l.n.r.``, ``Van links naar rechts``, or two or
  more full names (first name and surname) joined by commas and ``en``;
* ``In 1 minuut:`` followed by bullets (``•``, ``-``, ``*``) is the summary; the
  bullets may also follow in the next blocks;
* ``Aanmelden VreemdelingenVisie`` (or abonneren / meld u aan, with
  VreemdelingenVisie or nieuwsbrief in the block) starts the sign-up block: it
  and the blocks after it that are about signing up (addresses, links, e-mail)
  are dropped;
* other bullet blocks become Markdown lists; everything else is a paragraph,
  its lines joined with spaces.

The lead is the first paragraph after the title and credits, before any
intertitle (a photo caption may come first), when it is at most
:data:`LEAD_MAX` (400) characters: longer first paragraphs are body text, not
a lead. The lead is left out of the body (the article template shows it).

Layouts of older exports:

* a photo caption on the first line, the title under it; photo captions and
  credits between the title and the text (credits often follow the caption):
  the captions open the body, the credits are taken;
* no title line at all: a first line that reads like a paragraph (over 120
  characters, or a sentence of :data:`SHORT` or more) is not taken as the
  title; the title is left empty with a note (the command writes a placeholder);
* a lone short line followed by another lone short line, or ending the
  article, heads no text: it is a caption, not an intertitle (noted); a short
  line starting with a person's full name is a caption;
* a paragraph that appears twice is kept twice and noted with both lines;
* e-mail and web addresses become autolinks (``<https://...>``), whose text
  Markdown never reads again: no abbreviation markup inside an address. A
  first paragraph with an address stays in the body rather than becoming the
  (plain text) lead.

Whatever is not clear-cut goes into ``notes``, with its line number: a short
line that may be a caption or an intertitle (a lone name, a place, two single
names joined by ``en``), a missing title or credits, a credit line in the
body, text after the sign-up block, an intertitle glued to the paragraph under
it. Text is kept exactly as written: curly quotes, diacritics and dashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ketenwijzer.domain.problems import ContentError, Problem

SHORT = 60  # a line alone shorter than this may be an intertitle or a caption
LEAD_MAX = 400  # the longest first paragraph that is still a lead
CAPTION_MAX = 200  # a line with (links), v.l.n.r. etc. up to this length is a caption
CLOSING = (".", "!", "?", ":", ";", "…", "”", '"', "’", "'", ",")


@dataclass
class ImportedArticle:
    title: str  # '' when no title was found (see notes)
    author: str | None
    photographer: str | None
    edition_name: str | None  # from 'Dit artikel hoort bij: ...'
    lead: str | None
    summary: list[str] = field(default_factory=list)
    body_markdown: str = ""  # ends with a newline unless empty
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line in the export
    text: str


@dataclass
class _Element:
    kind: str  # paragraph | heading | caption | list
    line: int
    text: str = ""
    items: list[str] = field(default_factory=list)
    doubtful: bool = False  # kept as paragraph for want of a better guess


# --- recognisers -----------------------------------------------------------

_EDITION = re.compile(r"^dit\s+artikel\s+hoort\s+bij\s*:?\s*(.*)$", re.I)
_CREDIT = re.compile(  # the role in any case; the name starts with a capital unless after a colon
    r"^(?P<role>(?i:tekst\s+en\s+foto(?:'s|’s)?|foto(?:'s|’s)?\s+en\s+tekst|tekst|foto))"
    r"(?:\s*:\s*|\s+(?=[A-ZÀ-ÖØ-ÞĲ]))(?P<name>.+)$"
)
# 'Tekst X | Foto Y', 'Tekst: X Foto: Y' (but not inside 'Tekst en foto X')
_CREDIT_SPLIT = re.compile(r"\s*[|/•·;]\s*|(?<!\sen)\s+(?=(?i:tekst|foto)\s*:?\s*[A-ZÀ-ÖØ-ÞĲ])")
_SUMMARY_HEAD = re.compile(r"^in\s+(?:1|één|een)\s+minuut\b\s*:?\s*(.*)$", re.I)
_BULLET = re.compile(r"^(?:[•▪●◦]\s*|[-*]\s+)(.*)$")
_SIGNUP_START = re.compile(
    r"^(?:aanmelden|abonneren|abonneer|meld\s+(?:je|u)\s+(?:nu\s+)?aan|"
    r"schrijf\s+(?:je|u)\s+(?:nu\s+)?in|inschrijven)\b",
    re.I,
)
_SIGNUP_TOPIC = re.compile(r"vreemdelingenvisie|nieuwsbrief", re.I)
_SIGNUP_LIKE = re.compile(
    r"aanmeld|meld\s+(?:je|u)\s+(?:\w+\s+)?aan|abonne|nieuwsbrief|vreemdelingenvisie|"
    r"uitschrijv|afmeld|inschrijv|schrijf\s+(?:je|u)\s+in|https?://|www\.|@|"
    r"e-?mail|privacy|klik",
    re.I,
)
_PEOPLE_MARK = re.compile(
    r"\((?:links|rechts|midden|l|r|m)\.?\)|\((?:links|rechts|midden)\s[^)]{1,60}\)|\bv\.\s?l\.\s?n\.\s?r\b|"
    r"\bvan\s+links\s+naar\s+rechts\b|^(?:links|rechts|midden|boven|onder)\s*:|"
    r"\bop\s+de\s+foto\b",
    re.I,
)

_WORD = r"(?:IJ|[A-ZÀ-ÖØ-ÞĲ])[a-zß-öø-ÿĳ'’]+(?:-(?:IJ|[A-ZÀ-ÖØ-ÞĲ])?[a-zß-öø-ÿĳ'’]+)*"
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|het|'t|’t|el|al|da|di|du|la|le|bin|ben|von|dos|das)"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD})*")
# words that start a sentence or an intertitle, never a name
_NOT_NAMES = {
    "een",
    "de",
    "het",
    "op",
    "in",
    "van",
    "met",
    "naar",
    "voor",
    "bij",
    "over",
    "uit",
    "als",
    "wat",
    "hoe",
    "wie",
    "waar",
    "waarom",
    "wanneer",
    "geen",
    "niet",
    "ook",
    "nog",
    "dan",
    "toch",
    "zo",
    "dit",
    "dat",
    "deze",
    "die",
    "elke",
    "elk",
    "alle",
    "ik",
    "je",
    "jij",
    "we",
    "wij",
    "ze",
    "zij",
    "hij",
    "u",
    "maar",
    "en",
    "of",
    "om",
    "tot",
    "door",
    "na",
    "zonder",
    "tussen",
    "onder",
    "boven",
    "nieuw",
    "nieuwe",
    "samen",
    "meer",
    "minder",
    "veel",
    "weinig",
    "eerst",
    "eerste",
    "laatste",
    "later",
    "tijd",
    "thuis",
    "werk",
    "terug",
}


def _clean(line: str) -> str:
    return line.strip().strip("\u200b\ufeff").strip()


def _ends_closed(text: str) -> bool:
    return text.endswith(CLOSING)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _credits(text: str) -> list[tuple[str, str]] | None:
    """[(role, name), ...] if the whole line is credits ('Tekst X', 'Foto: Y', 'Tekst X | Foto Y'), else None."""
    if len(text) > 100:
        return None
    parts = [p for p in _CREDIT_SPLIT.split(text) if p]
    found = []
    for part in parts:
        match = _CREDIT.match(part)
        if not match:
            return None
        name = match.group("name").strip()
        if not name or name.endswith((".", "!", "?")) and not re.search(r"\b[A-Z]\.$", name):
            return None
        role = match.group("role").lower()
        if "en" in role.split():
            found += [("author", name), ("photographer", name)]
        else:
            found.append(("author" if role == "tekst" else "photographer", name))
    return found or None


def _names(text: str) -> list[str]:
    return [m.group(0) for m in _NAME.finditer(text) if m.group(0).split()[0].lower() not in _NOT_NAMES]


def _is_full_name(name: str) -> bool:
    return len(re.findall(_WORD, name)) >= 2


_NAME_RUN = re.compile(rf"{_NAME.pattern}(?:\s*,\s*{_NAME.pattern})*\s+(?:en|&)\s+{_NAME.pattern}")


def _joined_names(text: str) -> tuple[int, int]:
    """(names, full names) in the longest 'A, B en C' run of capitalised names in ``text``."""
    best = (0, 0)
    for match in _NAME_RUN.finditer(text):
        names = re.split(r"\s*,\s*|\s+(?:en|&)\s+", match.group(0))
        if any(n.split()[0].lower() in _NOT_NAMES for n in names):
            continue
        best = max(best, (len(names), sum(_is_full_name(n) for n in names)))
    return best


def _short_line_kind(text: str) -> tuple[str, str]:
    """(kind, reason) of a lone short line without closing punctuation: heading, caption or doubt."""
    count, full = _joined_names(text)
    if full >= 2 or (count >= 3 and full >= 1):
        return "caption", ""
    if count >= 2:
        return "doubt", "two names joined by 'en': a caption or an intertitle?"
    if _letters(text) <= 2:
        return "doubt", "too short to tell what it is"
    names = _names(text)
    if names and text.startswith(names[0]) and _is_full_name(names[0]):
        if names[0] == text:
            return "caption", "a name alone: a portrait's caption, or an intertitle?"
        return "caption", ""  # 'Kees Bosman in de keuken': a photo of someone
    return "heading", ""


def _is_caption_line(text: str) -> bool:
    """A line that can only be a photo caption: it points at people in a photo, or names two or more of them."""
    if _PEOPLE_MARK.search(text) and len(text) <= CAPTION_MAX:
        return True
    count, full = _joined_names(text)
    return len(text) <= CAPTION_MAX and (full >= 2 or (count >= 3 and full >= 1))


def _reads_like_paragraph(text: str) -> bool:
    """Too long, or a whole sentence: the opening paragraph, not a title."""
    return len(text) > 120 or (len(text) >= SHORT and text.endswith((".", "!")) and not text.endswith("..."))


def _bullet(text: str) -> str | None:
    match = _BULLET.match(text)
    return match.group(1).strip() if match else None


def _is_bullet_block(block: list[_Line]) -> bool:
    return _bullet(block[0].text) is not None


def _bullet_items(lines: list[_Line]) -> list[str]:
    """Bullet texts; a line without a bullet continues the item above it."""
    items: list[str] = []
    for line in lines:
        text = _bullet(line.text)
        if text is not None:
            items.append(text)
        elif items:
            items[-1] = f"{items[-1]} {line.text}"
        else:
            items.append(line.text)
    return [item for item in items if item]


def _is_signup_start(block: list[_Line]) -> bool:
    return bool(_SIGNUP_START.match(block[0].text)) and any(_SIGNUP_TOPIC.search(line.text) for line in block)


def _is_signup_like(block: list[_Line]) -> bool:
    return any(_SIGNUP_LIKE.search(line.text) for line in block)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _could_not(line: int, text: str, reason: str) -> tuple[int, str]:
    return line, f"could not classify line {line}: '{_clip(text)}' — kept as paragraph; check it ({reason})"


# --- Markdown ----------------------------------------------------------------

_LINK = re.compile(r"(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<url>(?:https?://|www\.)[^\s<>\"]+)", re.I)
_LINK_TRAIL = ".,;:!?)’”'\""


def _link(match: re.Match) -> tuple[str, str]:
    """(Markdown autolink, trailing punctuation that is not part of the address).

    An autolink's text is never read again by Markdown: no abbreviation (or
    emphasis) is ever put inside the address. A web address without its scheme
    gets https:// in front.
    """
    text = match.group(0)
    trail = ""
    while text and text[-1] in _LINK_TRAIL and not (text[-1] == ")" and "(" in text):
        text, trail = text[:-1], text[-1] + trail
    if match.group("url") and not re.match(r"https?://", text, re.I):
        text = f"https://{text}"
    return f"<{text}>", trail


def _escape_text(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("`", "\\`").replace("*", "\\*")
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def _escape_inline(text: str) -> str:
    """Text as Markdown that reads as written; e-mail addresses and web addresses become links."""
    out, at = [], 0
    for match in _LINK.finditer(text):
        link, trail = _link(match)
        out += [_escape_text(text[at : match.start()]), link, _escape_text(trail)]
        at = match.end()
    out.append(_escape_text(text[at:]))
    return "".join(out)


def _escape_paragraph(text: str) -> str:
    """A paragraph that Markdown will not read as a heading, list or quote."""
    text = _escape_inline(text)
    if re.match(r"#|[-+](?:\s|$)|>|=+$|-+$", text):  # also '---', a horizontal rule
        return "\\" + text
    return re.sub(r"^(\d+)\.(?=\s|$)", r"\1\\.", text)


def _render(element: _Element) -> str:
    if element.kind == "heading":
        return "## " + re.sub(r"#+$", lambda m: "\\#" * len(m.group(0)), _escape_inline(element.text))
    if element.kind == "caption":
        return f"*{_escape_inline(element.text)}*"
    if element.kind == "list":
        return "\n".join(f"- {_escape_inline(item)}" for item in element.items)
    return _escape_paragraph(element.text)


# --- parsing -------------------------------------------------------------------


def decode_export(data: bytes, shown: str = "<export>") -> str:
    """The export's text: UTF-8, with or without a byte order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(shown, line, f"not valid UTF-8 ({exc.reason}); save the export as UTF-8")]) from None


def _blocks(text: str) -> list[list[_Line]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = _clean(raw)
        if line:
            current.append(_Line(number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_export(text: str, shown: str = "<export>") -> ImportedArticle:
    """Parse one export (already decoded; see :func:`decode_export`). An empty export raises ContentError."""
    blocks = _blocks(text)
    if not blocks:
        raise ContentError(
            [
                Problem(
                    shown,
                    1,
                    "the file is empty; export the article as plain text: "
                    "the title on the first line, then paragraphs separated by blank lines",
                )
            ]
        )
    notes: list[tuple[int, str]] = []
    article = ImportedArticle(title="", author=None, photographer=None, edition_name=None, lead=None)
    body_blocks, title_line, captions = _read_header(blocks, article, notes)
    elements = _settle_short_lines(captions + _read_body(body_blocks, article, notes), notes)
    _note_repeats(elements, notes)
    _take_lead(elements, article, notes)
    article.body_markdown = "\n\n".join(_render(e) for e in elements) + ("\n" if elements else "")
    if not article.body_markdown and article.lead is None:
        notes.append((title_line, f"no article text found under the title (line {title_line})"))
    article.notes = [note for _, note in sorted(notes, key=lambda n: n[0])]
    return article


def _take_header_line(line: _Line, article: ImportedArticle, notes: list[tuple[int, str]]) -> bool:
    """Take an edition or credit line into ``article``; False if the line is neither."""
    edition = _EDITION.match(line.text)
    if edition:
        article.edition_name = edition.group(1).strip() or None
        if article.edition_name is None:
            notes.append((line.number, f"line {line.number}: 'Dit artikel hoort bij' names no edition"))
        return True
    credits = _credits(line.text)
    if not credits:
        return False
    for role, name in credits:
        if getattr(article, role) is None:
            setattr(article, role, name)
        elif getattr(article, role) != name:
            notes.append(
                (
                    line.number,
                    f"line {line.number}: a second {'Tekst' if role == 'author' else 'Foto'} "
                    f"credit '{_clip(name)}' ignored; kept '{getattr(article, role)}'",
                )
            )
    return True


def _read_header(
    blocks: list[list[_Line]], article: ImportedArticle, notes: list[tuple[int, str]]
) -> tuple[list[list[_Line]], int, list[_Element]]:
    """Take the edition line, the title and the credits; return the remaining blocks, the title's line
    and the photo captions found around the title (they open the body)."""
    title_line = blocks[0][0].number
    rest: list[list[_Line]] = []
    captions: list[_Element] = []
    for index, block in enumerate(blocks):
        remaining = list(block)
        while remaining:
            line = remaining[0]
            if _take_header_line(line, article, notes):
                remaining.pop(0)
                continue
            if article.title or _SUMMARY_HEAD.match(line.text) or _bullet(line.text) is not None or _is_signup_start(remaining):
                break
            if _is_caption_line(line.text) and _title_follows(remaining[1:], blocks[index + 1 :]):
                captions.append(_Element("caption", line.number, line.text))  # a photo above the title
                remaining.pop(0)
                continue
            if _reads_like_paragraph(line.text):
                break  # the text starts here: there is no title line
            article.title, title_line = line.text, line.number
            if line.text.endswith(".") and not line.text.endswith("..."):
                notes.append(
                    (
                        line.number,
                        f"line {line.number}: '{_clip(line.text)}' was taken as the title but reads like a paragraph; check it",
                    )
                )
            # the rest of the title's block: credits wherever they are; other lines are text glued to the title
            remaining = [other for other in remaining[1:] if not _take_header_line(other, article, notes)]
            if remaining:
                glued = remaining[0]
                notes.append(
                    (
                        glued.number,
                        f"line {glued.number}: '{_clip(glued.text)}' follows the title without "
                        "a blank line; read as the start of the text; check whether it "
                        "belongs to the title",
                    )
                )
            break
        if remaining:
            rest = [remaining, *blocks[index + 1 :]]
            break
    if article.title:
        rest = _captions_and_credits(rest, article, notes, captions)
    else:
        where = rest[0][0].number if rest else title_line
        title_line = where
        opening = rest[0][0].text if rest else ""
        if opening and _reads_like_paragraph(opening):
            notes.append(
                (
                    where,
                    f"no title line: the text starts on line {where} with a paragraph of {len(opening)} "
                    "characters, which is not a title; title left to write (a placeholder): "
                    "edition publish refuses it until you replace it",
                )
            )
        else:
            notes.append(
                (
                    where,
                    f"no title found (expected it on line {where}, above the text); title left empty: add it before importing",
                )
            )
    for role, word in (("author", "Tekst"), ("photographer", "Foto")):
        if getattr(article, role) is None:
            notes.append(
                (
                    title_line,
                    f"no '{word} ...' line next to the title (line {title_line}); "
                    f"{role} left empty: add it if the article has one",
                )
            )
    return rest, title_line, captions


def _title_follows(lines: list[_Line], blocks: list[list[_Line]]) -> bool:
    """Is there a line after a caption that can be the title (not credits, not the text)?"""
    following = lines + [line for block in blocks for line in block]
    for line in following:
        if _credits(line.text) or _EDITION.match(line.text):
            continue
        return not _reads_like_paragraph(line.text) and not _is_caption_line(line.text)
    return False


def _captions_and_credits(
    blocks: list[list[_Line]], article: ImportedArticle, notes: list[tuple[int, str]], captions: list[_Element]
) -> list[list[_Line]]:
    """Take the photo captions and credit lines that open the text (credits often follow the caption)."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if not all(_credits(line.text) or _is_caption_line(line.text) for line in block):
            break
        if not any(_credits(line.text) for line in block) and not any(
            _credits(line.text) for later in blocks[index + 1 : index + 2] for line in later
        ):
            break  # a caption not followed by credits stays where it is, in the text
        for line in block:
            if not _take_header_line(line, article, notes):
                captions.append(_Element("caption", line.number, line.text))
        index += 1
    return blocks[index:]


def _read_body(blocks: list[list[_Line]], article: ImportedArticle, notes: list[tuple[int, str]]) -> list[_Element]:
    elements: list[_Element] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        first = block[0]
        index += 1
        if _is_signup_start(block):
            while index < len(blocks) and _is_signup_like(blocks[index]):
                index += 1
            if index < len(blocks):
                later = blocks[index][0]
                notes.append(
                    (
                        later.number,
                        f"line {later.number}: '{_clip(later.text)}' comes after the sign-up block "
                        f"(line {first.number}, dropped) but is not about signing up; "
                        "kept; check whether it belongs to the article",
                    )
                )
            continue
        summary = _SUMMARY_HEAD.match(first.text)
        if summary:
            lines = list(block[1:])
            while index < len(blocks) and _is_bullet_block(blocks[index]):
                lines += blocks[index]
                index += 1
            inline = summary.group(1)  # 'In 1 minuut: • a • b' on one line
            items = [part.strip() for part in inline.split("•") if part.strip()] if "•" in inline else []
            if lines and _bullet(lines[0].text) is not None:
                items += _bullet_items(lines)
            elif lines or not items:
                notes.append(_could_not(first.number, first.text, "'In 1 minuut' without bullets under it"))
                elements.append(_Element("paragraph", first.number, " ".join(ln.text for ln in block), doubtful=True))
                continue
            if article.summary:
                notes.append(
                    (first.number, f"line {first.number}: a second 'In 1 minuut' block; its bullets were added to the summary")
                )
            article.summary.extend(items)
            continue
        if _is_bullet_block(block):
            elements.append(_Element("list", first.number, items=_bullet_items(block)))
            continue
        elements.extend(_classify_text_block(block, notes))
    return elements


def _classify_text_block(block: list[_Line], notes: list[tuple[int, str]]) -> list[_Element]:
    first = block[0]
    for line in block:
        if _credits(line.text) or _EDITION.match(line.text):
            notes.append(
                _could_not(line.number, line.text, "it looks like a credit or edition line, but is not next to the title")
            )
            return [_Element("paragraph", first.number, " ".join(ln.text for ln in block), doubtful=True)]
    if len(block) == 1:
        text = first.text
        if _PEOPLE_MARK.search(text) and len(text) <= CAPTION_MAX:
            return [_Element("caption", first.number, text)]
        if len(text) < SHORT and not _ends_closed(text):
            kind, reason = _short_line_kind(text)
            if kind == "doubt":
                notes.append(_could_not(first.number, text, reason))
                return [_Element("paragraph", first.number, text, doubtful=True)]
            if reason:
                notes.append((first.number, f"line {first.number}: '{_clip(text)}' read as a photo caption ({reason}); check it"))
            return [_Element(kind, first.number, text)]
        return [_Element("paragraph", first.number, text)]
    short = all(len(line.text) < SHORT for line in block)
    new_starts = all(not line.text[0].islower() for line in block[1:])
    if short and new_starts:  # a run of captions, one per line
        return [_Element("caption", line.number, line.text) for line in block]
    head, second = first.text, block[1].text
    if (
        len(head) < SHORT
        and not _ends_closed(head)
        and not second[0].islower()
        and len(second) >= SHORT
        and _short_line_kind(head)[0] == "heading"
    ):
        notes.append(
            (
                first.number,
                f"line {first.number}: '{_clip(head)}' has no blank line under it; "
                "made an intertitle above the paragraph; check it",
            )
        )
        return [
            _Element("heading", first.number, head),
            _Element("paragraph", block[1].number, " ".join(ln.text for ln in block[1:])),
        ]
    return [_Element("paragraph", first.number, " ".join(line.text for line in block))]


def _settle_short_lines(elements: list[_Element], notes: list[tuple[int, str]]) -> list[_Element]:
    """An intertitle heads text: one followed by another intertitle, or by nothing, is a photo caption."""
    for position, element in enumerate(elements):
        if element.kind != "heading":
            continue
        following = elements[position + 1] if position + 1 < len(elements) else None
        if following is not None and following.kind != "heading":
            continue
        element.kind = "caption"
        after = f"by another short line (line {following.line})" if following else "by nothing (it ends the article)"
        notes.append(
            (
                element.line,
                f"line {element.line}: '{_clip(element.text)}' is followed {after}, not by text: "
                "read as a photo caption, not an intertitle; check it",
            )
        )
    return elements


def _note_repeats(elements: list[_Element], notes: list[tuple[int, str]]) -> None:
    """A paragraph that appears twice (old layouts repeat one under a later heading): both kept, both lines named."""
    seen: dict[str, int] = {}
    for element in elements:
        if element.kind != "paragraph" or len(element.text) < 40:
            continue
        key = " ".join(element.text.split()).casefold()
        if key in seen:
            notes.append(
                (
                    element.line,
                    f"line {element.line} repeats the paragraph of line {seen[key]} word for word; "
                    "both are kept: delete the one that does not belong",
                )
            )
        else:
            seen[key] = element.line


def _take_lead(elements: list[_Element], article: ImportedArticle, notes: list[tuple[int, str]]) -> None:
    for position, element in enumerate(elements):
        if element.kind in ("caption",) or element.doubtful:
            continue
        if element.kind != "paragraph":
            return
        if _LINK.search(element.text):
            notes.append(
                (
                    element.line,
                    f"line {element.line}: the first paragraph has an e-mail or web address; "
                    "kept in the body, where it is a link, and no lead: write one",
                )
            )
            return
        if len(element.text) > LEAD_MAX:
            notes.append(
                (
                    element.line,
                    f"line {element.line}: the first paragraph has {len(element.text)} characters, "
                    f"more than {LEAD_MAX} for a lead; kept in the body, no lead",
                )
            )
            return
        article.lead = element.text
        del elements[position]
        return


# --- description ---------------------------------------------------------------

_ABBREVIATIONS = {
    "mr",
    "dr",
    "drs",
    "ir",
    "ing",
    "prof",
    "mevr",
    "dhr",
    "jhr",
    "st",
    "nr",
    "bijv",
    "ca",
    "o.a",
    "e.d",
    "d.w.z",
    "m.b.t",
    "i.p.v",
    "t.o.v",
    "enz",
    "etc",
    "vs",
    "jr",
    "sr",
    "blz",
    "art",
    "resp",
    "evt",
    "incl",
    "excl",
    "tel",
    "m.n",
    "a.s",
    "j.l",
    "z.g",
    "o.m",
    "e.a",
    "c.q",
    "n.a.v",
    "i.v.m",
    "v.l.n.r",
}


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text`` (abbreviations such as 'o.a.' do not end it), at most ``limit`` characters."""
    text = " ".join(text.split())
    sentence = text
    for match in re.finditer(r"[.!?…]+['’\"”)]*(?=\s+(\S+))", text):
        nxt = match.group(1).lstrip("'‘\"“(")
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        if match.group(0).startswith(".") and not match.group(0).startswith(".."):
            word = re.search(r"(\S+)$", text[: match.start()])
            word_text = word.group(1).lstrip("('‘\"“").lower() if word else ""
            if word_text in _ABBREVIATIONS or (len(word_text) == 1 and word_text.isalpha()):
                continue
        sentence = text[: match.end()]
        break
    if len(sentence) > limit:
        cut = sentence[: limit - 1]
        if " " in cut[limit // 2 :]:
            cut = cut[: cut.rindex(" ")]
        sentence = cut.rstrip(" ,;:—–-") + "…"
    return sentence


def _unescape(markdown: str) -> str:
    text = re.sub(r"<((?:https?://|[^\s<>@]+@)[^\s<>]*)>", r"\1", markdown)  # autolinks: the address itself
    return re.sub(r"\\(.)", r"\1", text.replace("&lt;", "<"))


def description_for(article: ImportedArticle, limit: int = 160) -> str:
    """One sentence for search engines: the lead's first sentence, else the first body paragraph's; '' if none."""
    if article.lead:
        return first_sentence(article.lead, limit)
    for block in article.body_markdown.split("\n\n"):
        block = block.strip()
        if (
            not block
            or block.startswith(("## ", "- "))
            or (block.startswith("*") and block.endswith("*") and not block.startswith("\\*"))
        ):
            continue
        return first_sentence(_unescape(block), limit)
    return ""
