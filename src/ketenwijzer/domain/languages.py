"""The site's languages: the one list, the default (Dutch) first. Imports nothing, so every module may."""

DEFAULT_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")
