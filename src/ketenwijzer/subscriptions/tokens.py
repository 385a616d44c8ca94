"""Signed, expiring tokens for the links in mails (stdlib only).

A token is ``<subscriber id>.<expiry as unix seconds>.<signature>``; the signature
is HMAC-SHA256 over purpose, id and expiry with the server secret. The purpose is
signed but not written into the token, so a confirmation link can never be used
to unsubscribe (or the other way round). Tokens carry no e-mail address, so web
server logs holding the links do not hold addresses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Sequence

PURPOSES = ("confirm", "unsubscribe")
_SHAPE = re.compile(r"\A([0-9]{1,18})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})\Z")


class TokenError(ValueError):
    """The token is malformed, forged or meant for something else."""

    reason = "invalid"


class TokenExpired(TokenError):
    reason = "expired"


def _signature(secret: str, purpose: str, subject: int, expires: int) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    if not secret:
        raise ValueError("a token needs a secret")
    mac = hmac.new(secret.encode("utf-8"), f"ketenwijzer/{purpose}/{subject}/{expires}".encode("ascii"), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def make(secret: str, purpose: str, subject: int, *, now: float, ttl: float) -> str:
    """A token for ``subject`` (a subscriber id) valid for ``ttl`` seconds from ``now``."""
    expires = int(now + ttl)
    return f"{subject}.{expires}.{_signature(secret, purpose, subject, expires)}"


def verify(secret: str | Sequence[str], token: str | None, purpose: str, *, now: float) -> int:
    """The subscriber id in a valid token; raises TokenError or TokenExpired.

    ``secret`` may be several: the current one and earlier ones (after rotating the
    secret, links signed with a previous one keep working while it is listed)."""
    match = _SHAPE.match(token or "")
    if not match:
        raise TokenError("malformed token")
    subject, expires, signature = int(match[1]), int(match[2]), match[3]
    keys = [secret] if isinstance(secret, str) else list(secret)
    if not any(hmac.compare_digest(signature, _signature(key, purpose, subject, expires)) for key in keys):
        raise TokenError("bad signature")
    if now > expires:
        raise TokenExpired("token expired")
    return subject
