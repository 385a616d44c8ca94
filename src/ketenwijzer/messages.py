"""Interface text in both languages, kept in one place."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "untranslated.title": {
        "nl": "Nog niet vertaald",
        "en": "Not yet available in English",
    },
    "untranslated.body": {
        "nl": "Deze pagina is nog niet beschikbaar in het Engels. U leest het Nederlandse origineel.",
        "en": "This page is not yet available in English; you are reading the Dutch original.",
    },
    "stale.title": {
        "nl": "Vertaling loopt achter",
        "en": "Translation out of date",
    },
    "stale.body": {
        "nl": "Het Nederlandse origineel is gewijzigd sinds deze vertaling is gemaakt.",
        "en": "The Dutch original has changed since this translation was made; some details may be out of date.",
    },
}


def t(key: str, lang: str) -> str:
    entry = MESSAGES[key]
    return entry.get(lang) or entry["nl"]
