"""The places where the adapter relies on upstream code that is not its public API.

Material for MkDocs is in maintenance mode (end of life 5 May 2027) and MkDocs 1.x is no longer
developed, so these seams are where an upgrade breaks the site. Each is listed here with the
upstream file it relies on and the version it was verified against; ``static_i18n.py`` and
``material.py`` are the only modules that touch them. When a seam no longer holds (a text patch
finds nothing to patch, a private attribute is gone), :class:`Checker` raises a clear error in a
strict build and warns otherwise, naming the upstream file and the verified version. At startup,
:func:`version_problems` compares the installed versions with the verified ones.

tests/test_upstream_seams.py holds a golden excerpt of every upstream input a seam reads, so an
upgrade shows at once which seams to look at again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import metadata

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.ketenwijzer")

# the distributions whose internals the adapter relies on, at the versions every seam was checked against
VERIFIED = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "mkdocs-static-i18n": "1.3.1"}


@dataclass(frozen=True)
class Seam:
    name: str
    distribution: str
    upstream: str  # the upstream file, relative to its package
    relies_on: str


SEAMS = {
    seam.name: seam
    for seam in (
        # mkdocs-static-i18n (see static_i18n.py)
        Seam(
            "i18n.building",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/plugin.py",
            "I18n.building is True during the inner per-language builds of on_post_build, and setting it "
            "before on_post_build (-100) makes that method return without building the other languages",
        ),
        Seam(
            "i18n.current_language",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/reconfigure.py",
            "I18n.current_language names the language being built; setting it before build() builds that one",
        ),
        Seam(
            "i18n.build_languages",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/reconfigure.py",
            "I18n.build_languages lists the locales with build: true",
        ),
        Seam(
            "i18n.files_per_language",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/plugin.py",
            "I18n.i18n_files_per_language maps each built language to its documentation files (on_files, -100)",
        ),
        Seam(
            "i18n.file_locale",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/folder.py",
            "each File carries locale, locale_alternate_of and alternates, set in on_files",
        ),
        Seam(
            "i18n.extra_alternate",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/reconfigure.py",
            "the language switch is set as the attribute config.extra.alternate; only the item is reset per language",
        ),
        Seam(
            "i18n.dirty_argv",
            "mkdocs-static-i18n",
            "mkdocs_static_i18n/plugin.py",
            "the inner builds are dirty when '--dirty' is in sys.argv",
        ),
        # MkDocs itself (see languages.py)
        Seam(
            "mkdocs.clean_directory",
            "mkdocs",
            "mkdocs/commands/build.py",
            "build() empties the site folder through mkdocs.utils.clean_directory, which a forked language build "
            "replaces (as static-i18n's own loop does) so it writes beside the parent's pages",
        ),
        # Material for MkDocs (see material.py)
        Seam(
            "material.content_area",
            "mkdocs-material",
            "material/templates/base.html",
            'every page has one <article class="md-content__inner md-typeset">: the content Pagefind indexes',
        ),
        Seam(
            "material.header",
            "mkdocs-material",
            "material/templates/partials/header.html",
            '<header class="md-header" ...> whose first </nav> closes the header bar: the search button goes before it',
        ),
        Seam(
            "material.nav_partial",
            "mkdocs-material",
            "material/templates/partials/nav.html",
            "overrides/partials/nav.html renders Material's partials/nav.html, reached as material-original/",
        ),
        Seam(
            "material.icon",
            "mkdocs-material",
            "material/templates/.icons/material/magnify.svg",
            "the magnifier icon of the search button",
        ),
    )
}


class SeamBroken(PluginError):
    pass


def message(seam: Seam, detail: str) -> str:
    return (
        f"ketenwijzer: upstream seam '{seam.name}' no longer holds: {detail}. It relies on {seam.upstream} "
        f"({seam.distribution} {VERIFIED[seam.distribution]}, installed {installed(seam.distribution)}): "
        f"{seam.relies_on}. Look at src/ketenwijzer/mkdocs_adapter/ and tests/test_upstream_seams.py again."
    )


def installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def version_problems() -> list[str]:
    """One line per distribution whose installed version is not the verified one, with its seams."""
    out = []
    for distribution, verified in VERIFIED.items():
        found = installed(distribution)
        if found != verified:
            names = sorted(seam.name for seam in SEAMS.values() if seam.distribution == distribution)
            out.append(
                f"{distribution} {found} is installed, the adapter was verified against {verified}: "
                f"recheck {', '.join(names) if names else 'the plugin API it uses'} "
                "(run tests/test_upstream_seams.py, then update VERIFIED in mkdocs_adapter/seams.py)"
            )
    return out


@dataclass
class Checker:
    """Reports a seam that no longer holds: an error in a strict build, else one warning per seam."""

    strict: bool = False
    warned: set[str] = field(default_factory=set)

    def broken(self, name: str, detail: str) -> None:
        text = message(SEAMS[name], detail)
        if self.strict:
            raise SeamBroken(text)
        if name not in self.warned:
            self.warned.add(name)
            log.warning(text)

    def require(self, name: str, holds: bool, detail: str) -> bool:
        if not holds:
            self.broken(name, detail)
        return holds
