"""Settings for the subscription service and the notify command, read from the environment.

| variable | default |
| --- | --- |
| KETENWIJZER_DB | sqlite:///var/subscribers.sqlite3 (a plain path is SQLite too; or postgresql://user@host/db) |
| KETENWIJZER_SECRET | (none: serve and notify refuse to run; serve --dev makes a random one) |
| KETENWIJZER_SECRET_PREVIOUS | (none) earlier secrets, comma-separated: links signed with them keep working |
| KETENWIJZER_SUPPRESSION_KEY | (none: a random key kept in the database) key of the suppression hashes |
| KETENWIJZER_TRUSTED_PROXIES | (none) proxy addresses/networks whose X-Forwarded-For is believed |
| KETENWIJZER_SMTP_TIMEOUT | 10 (seconds for each step of an SMTP conversation) |
| KETENWIJZER_BOUNCE_ADDRESS | (none: bounces go to the From address) VERP base, e.g. bounces@example.org |
| KETENWIJZER_HARD_BOUNCES | 2 (permanent refusals after which an address is suppressed; 0 = never) |
| KETENWIJZER_PUBLIC_URL | http://127.0.0.1:8001 (where readers reach the service: links in mails) |
| KETENWIJZER_SMTP_URL | (none: mails are written as .eml files into the outbox) |
| KETENWIJZER_FROM | VreemdelingenVisie <redactie@ketenwijzer.invalid> |
| KETENWIJZER_SITE_URL | site_url from the project's mkdocs.yml when it has one (read as MkDocs reads it, !ENV included), else http://127.0.0.1:8000/ |
| KETENWIJZER_OUTBOX | var/outbox |
| KETENWIJZER_RATE | 5 (messages per second for notify; 0 = no limit) |
| KETENWIJZER_MAIL_TEMPLATES | (none: the templates packaged with ketenwijzer) a folder whose templates replace those, file by file |

The mails' templates are package data (``ketenwijzer/subscriptions/templates/``: confirm and
announcement, each as .txt and .html). A file of the same name in KETENWIJZER_MAIL_TEMPLATES
is used instead of the packaged one; the others stay as packaged.
"""

from __future__ import annotations

import importlib.resources
import ipaddress
import os
import re
import time
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import unquote, urlsplit

# the one reader of mkdocs.yml (the subscriptions' only import from outside this package, see tests/test_architecture.py)
from ketenwijzer.domain.site_config import FILE_NAME as MKDOCS_FILE, SiteConfigError, load as load_site_config
from ketenwijzer.subscriptions.store import StoreError, database_url, sqlite_path

DEFAULT_FROM = "VreemdelingenVisie <redactie@ketenwijzer.invalid>"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8001"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
MIN_SECRET = 16
HOUR = 3600.0
DAY = 24 * HOUR
MAIL_TEMPLATES_VARIABLE = "KETENWIJZER_MAIL_TEMPLATES"
# the mails' templates, package data of this package (read through importlib.resources: also from a wheel or zip)
PACKAGED_TEMPLATES = importlib.resources.files("ketenwijzer.subscriptions") / "templates"
MAIL_TEMPLATES = ("confirm.txt", "confirm.html", "announcement.txt", "announcement.html")


class SettingsError(ValueError):
    """A setting is missing or unusable; the message says which and how to fix it."""


DEFAULT_DB = "sqlite:///var/subscribers.sqlite3"


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB  # a database URL (see store.database_url)
    secret: str | None = None
    secret_previous: tuple[str, ...] = ()
    suppression_key: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    bounce_address: str | None = None
    public_url: str = DEFAULT_PUBLIC_URL
    smtp_url: str | None = None
    sender: str = DEFAULT_FROM
    site_url: str = DEFAULT_SITE_URL
    outbox: Path = Path("var/outbox")
    rate: float = 5.0
    templates: Path | None = None  # a folder of templates that replace the packaged ones (KETENWIJZER_MAIL_TEMPLATES)
    # limits of the web service
    max_body: int = 4096
    signups_per_ip: int = 10
    signups_per_address: int = 3
    rate_window: float = HOUR
    resend_interval: float = HOUR
    confirm_ttl: float = 3 * DAY
    unsubscribe_ttl: float = 400 * DAY
    pending_ttl: float = 30 * DAY
    # mail
    smtp_timeout: float = 10.0
    hard_bounce_limit: int = 2
    mail_attempts: int = 8  # a confirmation mail is tried this often (backing off up to an hour) before giving up
    outbox_poll: float = 1.0  # how often the mail worker looks for due mails another process queued
    clock: Callable[[], float] = field(default=time.time, compare=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, root: Path | None = None, **overrides) -> "Settings":
        """Settings from KETENWIJZER_* variables; ``root`` is the project folder (its mkdocs.yml gives site_url)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        root = root or Path(".")
        values: dict = {
            "db": get("KETENWIJZER_DB") or DEFAULT_DB,
            "secret": get("KETENWIJZER_SECRET"),
            "secret_previous": _list(get("KETENWIJZER_SECRET_PREVIOUS")),
            "suppression_key": get("KETENWIJZER_SUPPRESSION_KEY"),
            "trusted_proxies": _list(get("KETENWIJZER_TRUSTED_PROXIES")),
            "bounce_address": get("KETENWIJZER_BOUNCE_ADDRESS"),
            "public_url": get("KETENWIJZER_PUBLIC_URL") or DEFAULT_PUBLIC_URL,
            "smtp_url": get("KETENWIJZER_SMTP_URL"),
            "sender": get("KETENWIJZER_FROM") or DEFAULT_FROM,
            "site_url": get("KETENWIJZER_SITE_URL") or site_url_from_mkdocs(root / MKDOCS_FILE, env) or DEFAULT_SITE_URL,
            "outbox": Path(get("KETENWIJZER_OUTBOX") or "var/outbox"),
            "templates": _folder(get(MAIL_TEMPLATES_VARIABLE)),
        }
        for name, key, kind, what in (
            ("KETENWIJZER_RATE", "rate", float, "a number of messages per second"),
            ("KETENWIJZER_SMTP_TIMEOUT", "smtp_timeout", float, "a number of seconds"),
            ("KETENWIJZER_HARD_BOUNCES", "hard_bounce_limit", int, "a whole number"),
        ):
            raw = get(name)
            if raw is not None:
                try:
                    values[key] = kind(raw)
                except ValueError:
                    raise SettingsError(f"{name} must be {what}, not {raw!r}") from None
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
                raise SettingsError(
                    "KETENWIJZER_SMTP_URL must look like smtp://user:password@host:587 (or smtps://... for TLS from the start)"
                )
            if not all(unquote(part or "").isascii() for part in (parts.username, parts.password)):
                raise SettingsError(
                    "KETENWIJZER_SMTP_URL: the user name and password must be ASCII "
                    "(percent-encode special characters like @ : / as %40 %3A %2F)"
                )
        if "@" not in parseaddr(self.sender)[1] or re.search(r"[\r\n\0]", self.sender):
            raise SettingsError(f"KETENWIJZER_FROM must be an address like 'Name <name@example.org>', not {self.sender!r}")
        if self.rate < 0:
            raise SettingsError("KETENWIJZER_RATE must not be negative")
        if not self.smtp_timeout > 0:
            raise SettingsError("KETENWIJZER_SMTP_TIMEOUT must be more than 0 seconds")
        if self.hard_bounce_limit < 0:
            raise SettingsError("KETENWIJZER_HARD_BOUNCES must not be negative (0 means: never suppress)")
        for name, value in (
            ("KETENWIJZER_SECRET", self.secret),
            ("KETENWIJZER_SUPPRESSION_KEY", self.suppression_key),
            *(("KETENWIJZER_SECRET_PREVIOUS", old) for old in self.secret_previous),
        ):
            if value is not None and len(value) < MIN_SECRET:
                raise SettingsError(
                    f"{name} is too short: use at least {MIN_SECRET} random characters, e.g. "
                    "the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
                )
        if self.suppression_key is not None and self.suppression_key in (self.secret, *self.secret_previous):
            raise SettingsError(
                "KETENWIJZER_SUPPRESSION_KEY must differ from KETENWIJZER_SECRET: rotating the "
                "secret must never forget who unsubscribed"
            )
        _ = self.proxy_networks  # raises SettingsError for a bad entry
        if self.bounce_address is not None and not re.fullmatch(
            r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", self.bounce_address
        ):
            raise SettingsError(
                "KETENWIJZER_BOUNCE_ADDRESS must be a plain address like bounces@example.org "
                f"(without '+': the subscriber is added after a '+'), not {self.bounce_address!r}"
            )
        try:
            sqlite_path(database_url(self.db))
        except StoreError as exc:
            raise SettingsError(str(exc)) from None
        self._check_templates()

    def _check_templates(self) -> None:
        missing = [name for name in MAIL_TEMPLATES if not PACKAGED_TEMPLATES.joinpath(name).is_file()]
        if missing:
            raise SettingsError(
                f"the installed ketenwijzer package lacks its mail templates ({', '.join(missing)} in "
                f"{PACKAGED_TEMPLATES}): reinstall it (pip install ketenwijzer)"
            )
        if self.templates is not None and not self.templates.is_dir():
            raise SettingsError(
                f"{MAIL_TEMPLATES_VARIABLE}: {self.templates} is not a folder; set it to a folder "
                f"holding the templates to use instead of the packaged ones ({', '.join(MAIL_TEMPLATES)}), "
                "or unset it to use the packaged ones"
            )

    def require_secret(self) -> str:
        if not self.secret:
            raise SettingsError(
                "KETENWIJZER_SECRET is not set. Set it to a long random value, e.g. the output of: "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return self.secret

    @property
    def db_path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL."""
        return sqlite_path(database_url(self.db))

    @property
    def proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        networks = []
        for entry in self.trusted_proxies:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise SettingsError(
                    f"KETENWIJZER_TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                    "(e.g. 10.0.0.5 or 10.0.0.0/24; separate several with commas)"
                ) from None
        return networks

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret that signs, then the previous ones that are still accepted."""
        return (self.require_secret(), *self.secret_previous)

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def sender_domain(self) -> str:
        return self.sender_address.rpartition("@")[2]

    @property
    def unsubscribe_address(self) -> str:
        """The mailto: address in List-Unsubscribe (read by ``ketenwijzer subscriptions bounces``)."""
        return f"unsubscribe@{self.sender_domain}"

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


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def site_url_from_mkdocs(path: Path, env: Mapping[str, str] | None = None) -> str | None:
    """``site_url`` of mkdocs.yml as MkDocs reads it, ``!ENV`` resolved from ``env`` (default: the process's
    environment); None when there is no such file or it sets no site_url."""
    if not path.is_file():
        return None
    try:
        return load_site_config(path, env).site_url
    except SiteConfigError as exc:
        raise SettingsError(f"{exc}\n(the site's address for the links in mails; or set KETENWIJZER_SITE_URL)") from None


def _folder(value: str | None) -> Path | None:
    return None if value is None else Path(value).expanduser()
