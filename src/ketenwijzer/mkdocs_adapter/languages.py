"""A full build renders the other languages in forked processes, beside the default language.

mkdocs-static-i18n builds the languages one after another; each child runs what its build for
one language would run, into the same site folder, and hands back its sitemap (and, in a dirty
build, the hashes of the generated pages it wrote). The parent joins them after its own build.

The output is byte-for-byte that of one process (tests/test_parallel_build.py checks it on the
real site). The children's warnings and errors are reported by the parent (see ``forked.py``), so
``--strict`` still fails on them. Forking needs Linux, two or more cores and a process with one
thread: a plain ``mkdocs build``, or the first build of ``mkdocs serve`` (its later rebuilds run
beside the server's threads and build the languages one after the other, as static-i18n does).
``KETENWIJZER_PARALLEL=0`` turns it off.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from ketenwijzer import forked
from ketenwijzer.domain.project import DEFAULT_LANGUAGE
from ketenwijzer.generators import sitemaps
from ketenwijzer.mkdocs_adapter.rebuild import STATE
from ketenwijzer.mkdocs_adapter.seams import SEAMS, SeamBroken, message
from ketenwijzer.mkdocs_adapter.static_i18n import StaticI18n

log = logging.getLogger("mkdocs.plugins.ketenwijzer")


def may_fork(rebuild: bool) -> bool:
    """A full build may fork, and so may the first build of `mkdocs serve` (before its threads start)."""
    if os.environ.get("KETENWIJZER_PARALLEL", "auto") == "0" or rebuild:
        return False
    return forked.available()


@dataclass
class Forks:
    children: list[forked.Child] = field(default_factory=list)
    language: str = ""  # set in a forked process: the language it builds
    sitemap: str = ""  # a forked process's sitemap, handed to the parent

    def start(self, config, i18n: StaticI18n, languages: list[str], dirty: bool) -> None:
        if languages:
            log.info(f"ketenwijzer: building {', '.join(languages)} in a forked process, beside {DEFAULT_LANGUAGE}")
        for lang in languages:
            self.children.append(forked.start(lambda lang=lang: self._build(config, i18n, lang, dirty), f"the '{lang}' build"))

    def _build(self, config, i18n: StaticI18n, lang: str, dirty: bool) -> dict:
        """The forked process: build ``lang`` as static-i18n would, into the same site folder."""
        from mkdocs import utils
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort

        self.language, self.children = lang, []
        i18n.become_language(lang)
        # the parent has cleaned the site folder and writes into it (static-i18n's own loop does the same)
        if not callable(getattr(utils, "clean_directory", None)):
            raise SeamBroken(message(SEAMS["mkdocs.clean_directory"], "mkdocs.utils has no clean_directory to replace"))
        utils.clean_directory = lambda path: path
        try:
            build(config, dirty=dirty)
        except Abort as exc:
            if "strict mode" not in str(exc):
                raise  # else the parent counts the warnings it receives and aborts itself
        return {"sitemap": self.sitemap, "generated": STATE.pending_in(str(config.site_dir)) if dirty else []}

    def join(self, site_dir: str) -> None:
        """Wait for the children; join their sitemaps to this build's."""
        sitemaps_of_children = []
        for child in self.children:
            try:
                payload = child.join()
            except forked.ChildFailed as exc:
                raise PluginError(str(exc)) from None
            sitemaps_of_children.append(payload["sitemap"])
            STATE.add_pending(site_dir, payload["generated"])
        self.children = []
        path = Path(site_dir) / "sitemap.xml"
        if path.exists() and all(sitemaps_of_children):
            joined = sitemaps.join_languages(path.read_text(encoding="utf-8"), *sitemaps_of_children).encode("utf-8")
            path.write_bytes(joined)
            sitemaps.write_gzip(path.with_name("sitemap.xml.gz"), joined)

    def stop(self) -> None:
        for child in self.children:
            child.stop()
        self.children = []
