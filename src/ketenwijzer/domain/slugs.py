"""Page slugs from titles: lowercase ASCII words joined by dashes.

``slugify("Één loket voor ’s-Hertogenbosch & Tilburg")`` gives
``"een-loket-voor-s-hertogenbosch-en-tilburg"``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60

# letters that Unicode decomposition does not reduce to ASCII (or not the Dutch way)
_SPECIAL = str.maketrans(
    {
        "ĳ": "ij",
        "Ĳ": "IJ",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)
# apostrophes vanish inside words: "auto's" -> "autos", "’s-Hertogenbosch" -> "s-hertogenbosch"
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The slug of ``title``: at most 60 characters, cut at a dash; '' if no letter or digit is left."""
    text = title.replace("&", " en ").translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")
    if len(slug) > MAX_LENGTH:
        cut = slug[: MAX_LENGTH + 1]
        if cut.endswith("-"):
            slug = cut[:-1]
        elif "-" in cut:
            slug = cut[: cut.rindex("-")]
        else:  # one very long word
            slug = slug[:MAX_LENGTH]
    return slug


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is not in ``taken`` first."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
