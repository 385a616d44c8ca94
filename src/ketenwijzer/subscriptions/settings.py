"""Settings for the subscription service and the notify command, read from the environment.

| variable | default |
| --- | --- |
| KETENWIJZER_DB | var/subscribers.sqlite3 |
| KETENWIJZER_SECRET | (none: serve and notify refuse to run; serve --dev makes a random one) |
| KETENWIJZER_PUBLIC_URL | http://127.0.0.1:8001 (where readers reach the service: links in mails) |
| KETENWIJZER_SMTP_URL | (none: mails are written as .eml files into the outbox) |
| KETENWIJZER_FROM | VreemdelingenVisie <redactie@ketenwijzer.invalid> |
| KETENWIJZER_SITE_URL | site_url from mkdocs.yml when found, else http://127.0.0.1:8000/ |
| KETENWIJZER_OUTBOX | var/outbox |
| KETENWIJZER_RATE | 5 (messages per second for notify; 0 = no limit) |
| KETENWIJZER_MAIL_TEMPLATES | overrides/mail of the project |
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import unquote, urlsplit

DEFAULT_FROM = "VreemdelingenVisie <redactie@ketenwijzer.invalid>"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8001"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
MIN_SECRET = 16
HOUR = 3600.0
DAY = 24 * HOUR
# the repository's own templates, for when the service runs outside the project folder
_REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "overrides" / "mail"


class SettingsError(ValueError):
    """A setting is missing or unusable; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("var/subscribers.sqlite3")
    secret: str | None = None
    public_url: str = DEFAULT_PUBLIC_URL
    smtp_url: str | None = None
    sender: str = DEFAULT_FROM
    site_url: str = DEFAULT_SITE_URL
    outbox: Path = Path("var/outbox")
    rate: float = 5.0
    templates: Path = _REPO_TEMPLATES
    # limits of the web service
    max_body: int = 4096
    signups_per_ip: int = 10
    signups_per_address: int = 3
    rate_window: float = HOUR
    resend_interval: float = HOUR
    confirm_ttl: float = 3 * DAY
    unsubscribe_ttl: float = 400 * DAY
    pending_ttl: float = 30 * DAY
    clock: Callable[[], float] = field(default=time.time, compare=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, root: Path | None = None, **overrides) -> "Settings":
        """Settings from KETENWIJZER_* variables; ``root`` is the project folder (mkdocs.yml, overrides/mail)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        root = root or Path(".")
        values: dict = {
            "db_path": Path(get("KETENWIJZER_DB") or "var/subscribers.sqlite3"),
            "secret": get("KETENWIJZER_SECRET"),
            "public_url": get("KETENWIJZER_PUBLIC_URL") or DEFAULT_PUBLIC_URL,
            "smtp_url": get("KETENWIJZER_SMTP_URL"),
            "sender": get("KETENWIJZER_FROM") or DEFAULT_FROM,
            "site_url": get("KETENWIJZER_SITE_URL") or site_url_from_mkdocs(root / "mkdocs.yml") or DEFAULT_SITE_URL,
            "outbox": Path(get("KETENWIJZER_OUTBOX") or "var/outbox"),
            "templates": Path(get("KETENWIJZER_MAIL_TEMPLATES") or find_templates(root)),
        }
        rate = get("KETENWIJZER_RATE")
        if rate is not None:
            try:
                values["rate"] = float(rate)
            except ValueError:
                raise SettingsError(f"KETENWIJZER_RATE must be a number of messages per second, not {rate!r}") from None
        values.update(overrides)
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        for name, url in (("KETENWIJZER_PUBLIC_URL", self.public_url), ("KETENWIJZER_SITE_URL", self.site_url)):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SettingsError(f"{name} must be an http(s) address like https://example.org/, not {url!r}")
        if self.smtp_url is not None:
            parts = urlsplit(self.smtp_url)
            if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
                raise SettingsError("KETENWIJZER_SMTP_URL must look like smtp://user:password@host:587 "
                                    "(or smtps://... for TLS from the start)")
            if not all(unquote(part or "").isascii() for part in (parts.username, parts.password)):
                raise SettingsError("KETENWIJZER_SMTP_URL: the user name and password must be ASCII "
                                    "(percent-encode special characters like @ : / as %40 %3A %2F)")
        if "@" not in parseaddr(self.sender)[1] or re.search(r"[\r\n\0]", self.sender):
            raise SettingsError(f"KETENWIJZER_FROM must be an address like 'Name <name@example.org>', not {self.sender!r}")
        if self.rate < 0:
            raise SettingsError("KETENWIJZER_RATE must not be negative")
        if self.secret is not None and len(self.secret) < MIN_SECRET:
            raise SettingsError(f"KETENWIJZER_SECRET is too short: use at least {MIN_SECRET} random characters, e.g. "
                                "the output of: python -c 'import secrets; print(secrets.token_hex(32))'")
        if not (self.templates / "confirm.txt").is_file():
            raise SettingsError(f"mail templates not found in {self.templates} (set KETENWIJZER_MAIL_TEMPLATES)")

    def require_secret(self) -> str:
        if not self.secret:
            raise SettingsError("KETENWIJZER_SECRET is not set. Set it to a long random value, e.g. the output of: "
                                "python -c 'import secrets; print(secrets.token_hex(32))'")
        return self.secret

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def sender_domain(self) -> str:
        return self.sender_address.rpartition("@")[2]

    @property
    def newsletter(self) -> str:
        """The newsletter's name: the display name of the From address."""
        return parseaddr(self.sender)[0] or "Ketenwijzer"

    def service_url(self, path: str) -> str:
        return self.public_url.rstrip("/") + path

    def site_home(self, lang: str) -> str:
        """The site's start page in a language (English lives under /en/)."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base if lang == "nl" else f"{base}{lang}/"


def site_url_from_mkdocs(path: Path) -> str | None:
    """``site_url`` from mkdocs.yml, read as text (the file may hold tags plain YAML refuses).

    ``site_url: !ENV [KETENWIJZER_SITE_URL, "http://..."]`` gives the default: the caller reads the variable.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r"^site_url:[ \t]*(?:!ENV[ \t]*\[[ \t]*\w+[ \t]*,[ \t]*)?['\"]?([^!'\"\s#,\]][^'\"\s#,\]]*)", text, re.M)
    return match[1] if match else None


def find_templates(root: Path) -> Path:
    candidate = root / "overrides" / "mail"
    return candidate if (candidate / "confirm.txt").is_file() else _REPO_TEMPLATES
