"""Check what readers type: e-mail address and language.

Addresses are plain ASCII ``local@domain.tld`` (no quoted local parts, no IP
literals, no internationalised addresses: those need SMTPUTF8 which we do not
assume). Anything that could break out of a mail header (CR, LF, NUL, other
control characters, ``<>,;:"()[]\\`` and spaces) is refused, not cleaned up.
"""

from __future__ import annotations

import hashlib
import re

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
MAX_ADDRESS = 254  # RFC 5321 path limit minus the angle brackets
MAX_LOCAL = 64

_LOCAL = re.compile(r"\A[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_LABEL = re.compile(r"\A[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z")
_TLD = re.compile(r"\A([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\Z")


class InvalidInput(ValueError):
    """Refused input; ``key`` names the explanation in messages.py."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


def normalise_email(raw: str | None) -> str:
    """The address in the form we store and hash, or InvalidInput.

    Surrounding spaces are dropped and the whole address is lower-cased
    (mail providers treat local parts case-insensitively in practice).
    """
    if raw is None or not raw.strip(" \t"):
        raise InvalidInput("email.missing")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in raw):
        raise InvalidInput("email.invalid")  # CR, LF, NUL, TAB inside, ...: header injection
    address = raw.strip(" ")
    if len(address) > MAX_ADDRESS:
        raise InvalidInput("email.too_long")
    if not address.isascii():
        raise InvalidInput("email.invalid")
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > MAX_LOCAL or not _LOCAL.match(local):
        raise InvalidInput("email.invalid")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        raise InvalidInput("email.invalid")
    return address.lower()


def email_sha256(normalised: str) -> str:
    """Plain SHA-256 of the normalised address: what suppression records held before keyed hashes."""
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def check_lang(raw: str | None) -> str:
    """A language a reader chose in a form: nl or en (empty means nl), else InvalidInput."""
    if raw is None or raw == "":
        return DEFAULT_LANG
    if raw not in LANGS:
        raise InvalidInput("lang.invalid")
    return raw


def page_lang(*candidates: str | None) -> str:
    """The first usable language among candidates, for showing a page; never fails."""
    for candidate in candidates:
        if candidate in LANGS:
            return candidate  # type: ignore[return-value]
    return DEFAULT_LANG
