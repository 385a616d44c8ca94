"""The footer of every page: who owns the site, and the pages that say how it treats its readers.

The owner is configured in mkdocs.yml, per language::

    extra:
      owner:
        name: {nl: "de redactie van Ketenwijzer", en: "the Ketenwijzer editorial team"}
        url: https://www.example.nl/   # optional: the owner's own website

The footer links only the trust pages the site has (docs/<slug>.nl.md), so a site
without a privacy statement yet builds without a broken link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit

from ketenwijzer.domain.messages import t
from ketenwijzer.generators.registry_pages import page_url

# the pages, in the order the footer lists them (their slug is their file name in docs/)
# the editors' guide is for editors, not readers: out of the main navigation, reached from here and the colophon
TRUST_PAGES = ("privacy", "toegankelijkheid", "contact", "colofon", "redactie")


class FooterError(ValueError):
    """extra.owner in mkdocs.yml is not usable; the message says how to write it."""


@dataclass(frozen=True)
class Footer:
    owner_html: str  # e.g. "Eigenaar van deze website: <a href=...>...</a>"
    label: str  # the accessible name of the footer's links
    links: list[dict]  # {"title", "path"}: path relative to the site root

    def as_extra(self) -> dict:
        return {"owner_html": self.owner_html, "label": self.label, "links": self.links}


def owner_name(setting, lang: str, default_lang: str) -> tuple[str, str]:
    """(name, url) of the owner from extra.owner; FooterError when it is written wrongly."""
    if setting is None:
        raise FooterError(
            "extra.owner is missing in mkdocs.yml: name the organisation that publishes the site, e.g.\n"
            'extra:\n  owner:\n    name: {nl: "Gemeente Voorbeeld", en: "Municipality of Voorbeeld"}'
        )
    if not isinstance(setting, dict) or "name" not in setting:
        raise FooterError(
            "extra.owner in mkdocs.yml must hold name: (a text, or one per language: {nl: ..., en: ...}) and may hold url:"
        )
    name = setting["name"]
    if isinstance(name, dict):
        name = name.get(lang) or name.get(default_lang)
    if not isinstance(name, str) or not name.strip():
        raise FooterError(
            f"extra.owner.name in mkdocs.yml has no text for '{default_lang}': write name: {{{default_lang}: ..., en: ...}}"
        )
    url = str(setting.get("url") or "")
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
        raise FooterError(f"extra.owner.url in mkdocs.yml must be an http(s) address like https://www.example.nl/, not {url!r}")
    return name.strip(), url


def footer(setting, lang: str, default_lang: str, existing: set[str]) -> Footer:
    """The footer in ``lang``; ``existing`` holds the slugs of the site's pages (e.g. 'colofon')."""
    name, url = owner_name(setting, lang, default_lang)
    prefix = "" if lang == default_lang else f"{lang}/"
    links = [
        {"title": t(f"footer.{slug}", lang), "path": prefix + page_url(f"{slug}.md")} for slug in TRUST_PAGES if slug in existing
    ]
    owner = html.escape(name)
    if url:
        owner = f'<a href="{html.escape(url)}">{owner}</a>'
    line = html.escape(t("footer.owner", lang)).format(owner=owner)
    return Footer(line, t("footer.label", lang), links)
