"""The one module that touches mkdocs-static-i18n's internals (seams ``i18n.*`` in seams.py).

static-i18n builds the default language, then, in its ``on_post_build`` (-100), every other
language by calling MkDocs' ``build()`` again with ``building`` set. The adapter reads that flag to
tell the outer build from the inner ones, sets it to skip or fork the other languages, registers
its generated pages in the plugin's per-language file lists, and marks their alternates as
static-i18n marks its own files. Every read and write checks that the attribute is there.
"""

from __future__ import annotations

import sys

from ketenwijzer.mkdocs_adapter.seams import Checker

PLUGIN_NAME = "i18n"


class StaticI18n:
    def __init__(self, config, checker: Checker):
        self.plugin = config.plugins.get(PLUGIN_NAME)
        self.checker = checker

    @property
    def present(self) -> bool:
        return self.plugin is not None

    def _read(self, seam: str, attribute: str, kind: type, default):
        if self.plugin is None:
            return default
        value = getattr(self.plugin, attribute, None)
        if not isinstance(value, kind):
            self.checker.broken(
                seam, f"the i18n plugin has no {kind.__name__} attribute '{attribute}' (found {type(value).__name__})"
            )
            return default
        return value

    def _write(self, seam: str, attribute: str, value) -> None:
        if self.plugin is None:
            return
        if not hasattr(self.plugin, attribute):
            self.checker.broken(seam, f"the i18n plugin has no attribute '{attribute}' to set")
        setattr(self.plugin, attribute, value)

    @property
    def inner_build(self) -> bool:
        """True in static-i18n's build of a language other than the default (and while we skip it)."""
        return self._read("i18n.building", "building", bool, False)

    @property
    def build_languages(self) -> list[str]:
        return self._read("i18n.build_languages", "build_languages", list, [])

    @property
    def files_per_language(self) -> dict:
        return self._read("i18n.files_per_language", "i18n_files_per_language", dict, {})

    def register(self, lang: str, file) -> None:
        """List a generated page among ``lang``'s files, as static-i18n's own on_files does."""
        files = self.files_per_language.get(lang)
        if self.plugin is not None and self.checker.require(
            "i18n.files_per_language", isinstance(files, list), f"no list of files for '{lang}' after on_files"
        ):
            files.append(file)

    def hold_other_languages(self) -> None:
        """static-i18n's on_post_build then returns at once: the other languages are built elsewhere, or kept."""
        self._write("i18n.building", "building", True)

    def release_other_languages(self) -> None:
        self._write("i18n.building", "building", False)

    def become_language(self, lang: str) -> None:
        """In a forked process: build ``lang`` as static-i18n's loop would."""
        self._write("i18n.current_language", "current_language", lang)
        self._write("i18n.building", "building", True)


def mark_alternates(file, lang: str, alternates: dict) -> None:
    """A generated page in ``lang``, with its versions in every language, as static-i18n marks a file."""
    file.locale = lang
    file.locale_alternate_of = lang
    file.alternates = alternates


def file_language(file, default: str) -> str:
    """The language of a file's text (static-i18n copies an untranslated page into the other language)."""
    return getattr(file, "locale", default)


def versions(file, build_lang: str) -> dict[str, str]:
    """{language: site-relative URL} of the versions of a page that are really in that language.

    static-i18n gives an untranslated page a copy in the other language's build
    (its ``locale`` stays the original's): that copy is no version of its own.
    """
    found = {}
    for lang, alternate in (getattr(file, "alternates", None) or {}).items():
        if getattr(alternate, "locale", lang) == lang:
            found[lang] = alternate.url
    if file_language(file, build_lang) == build_lang:
        found.setdefault(build_lang, file.url)
    return found


def forget_alternate_attribute(config) -> None:
    """static-i18n points the language switch of each page at its translation by setting the attribute
    config.extra.alternate, and resets only the item config.extra["alternate"] for the next language:
    the attribute, which templates read first, would lead that language's 404 page to the last page built."""
    vars(config.extra).pop("alternate", None)


def dirty_from_argv() -> bool:
    """static-i18n decides from sys.argv whether its inner builds are dirty (``mkdocs serve --dirty``)."""
    return "--dirty" in sys.argv or "--dirtyreload" in sys.argv
