"""Where the site is published: the addresses a production build must not leave at localhost.

mkdocs.yml reads both addresses from the variables the subscription service reads too
(``!ENV``), so one deployment configuration serves the site and the service:

| variable | in mkdocs.yml | development default |
| --- | --- | --- |
| KETENWIJZER_SITE_URL | ``site_url`` (canonical URLs, hreflang, sitemap, feeds) | http://127.0.0.1:8000/ |
| KETENWIJZER_PUBLIC_URL | ``extra.subscriptions.endpoint`` (the subscribe form) | http://127.0.0.1:8001 |

With ``KETENWIJZER_ENV=production`` a build refuses an address that only this machine can reach.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

ENV_VARIABLE = "KETENWIJZER_ENV"
PRODUCTION = "production"
# (setting in mkdocs.yml, the variable it reads, what the address is for, an example)
ADDRESSES = (
    ("site_url", "KETENWIJZER_SITE_URL", "the address where the site is published", "https://ketenwijzer.example.nl/"),
    (
        "extra.subscriptions.endpoint",
        "KETENWIJZER_PUBLIC_URL",
        "the address where readers reach the subscription service",
        "https://aanmelden.ketenwijzer.example.nl",
    ),
)


def is_production(env: Mapping[str, str]) -> bool:
    return env.get(ENV_VARIABLE, "").strip().lower() == PRODUCTION


def is_local(url: str) -> bool:
    """True for an address only this machine reaches: localhost, 127.0.0.0/8, ::1, 0.0.0.0."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def problems(values: Mapping[str, str], env: Mapping[str, str]) -> list[str]:
    """What stops a production build, one sentence per address; nothing outside production.

    ``values`` maps the settings in ADDRESSES that the site has to what mkdocs.yml gave.
    """
    if not is_production(env):
        return []
    found = []
    for setting, variable, meaning, example in ADDRESSES:
        if setting not in values:
            continue  # e.g. a site without a subscribe form
        url = str(values[setting] or "").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            found.append(
                f"{setting} in mkdocs.yml is {url!r}, not an http(s) address: set {variable} to {meaning}, e.g. {example}"
            )
        elif is_local(url):
            found.append(
                f"{setting} is {url}, which only this machine can reach: set {variable} to {meaning} "
                f"(e.g. {variable}={example}) and build again"
            )
    return found


def report(found: list[str]) -> str:
    lines = "\n".join(f"  - {line}" for line in found)
    return f"{ENV_VARIABLE}={PRODUCTION}: the site would point at addresses readers cannot reach:\n{lines}"


def robots_txt(sitemap_url: str) -> str:
    """Every page may be indexed; the sitemap lists them with their languages."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
