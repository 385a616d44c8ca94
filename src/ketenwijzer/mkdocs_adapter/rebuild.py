"""What a dirty rebuild in `make serve` may leave as it is: one state object for the whole process.

MkDocs creates the plugin anew for every build of `mkdocs serve`, so what one build leaves for the
next lives in :data:`STATE`, keyed by site folder:

- the content signature at the start of the last successful build, from which a save's rebuild
  learns which languages it touches (:meth:`RebuildState.plan`);
- the Markdown (hashed) of every generated page as the last successful build wrote it, so that a
  generated page is rendered again only when it changed (:class:`GeneratedFile`);
- this build's own hashes, which replace them when the build succeeds (:meth:`RebuildState.succeeded`).

So a save in `make serve` renders again only the saved page and the generated pages whose Markdown
changed; a save that touches one language's pages leaves the other language's build empty (a
translated Dutch original skips the English build, an English translation skips the Dutch pages);
the content model keeps the registry and its pages' Markdown while only pages change
(``sitemodel.load_cached``); and a rebuild that fails is not remembered, so the next one redoes its
work. Feeds and part sitemaps keep what the session's first build wrote; Pagefind re-indexes the
site beside the server (``outputs.index_search``), so the page itself is not held up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mkdocs.structure.files import File

from ketenwijzer.domain import project as project_mod
from ketenwijzer.site import sitemodel


@dataclass
class Plan:
    """What this build leaves: a language no saved file touches, and the templates it holds back."""

    rebuild: bool = False  # a dirty rebuild, after the session's first build
    skip_default_language: bool = False
    skip_other_languages: bool = False
    held_templates: set[str] = field(default_factory=set)


class GeneratedFile(File):
    """A generated page that a dirty rebuild (`mkdocs serve --dirty`) may skip.

    MkDocs counts every generated page as modified, so each save in `make serve`
    re-rendered hundreds of registry pages. Here a page is modified only when
    its Markdown differs from what the last successful build in this process wrote.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


@dataclass
class RebuildState:
    signatures: dict[str, tuple] = field(default_factory=dict)
    generated: dict[tuple[str, str], int] = field(default_factory=dict)
    pending: dict[tuple[str, str], int] = field(default_factory=dict)

    def started(self) -> None:
        """An outer build begins: what it generates is pending until it succeeds."""
        self.pending.clear()

    def plan(
        self,
        site_dir: str,
        signature: tuple,
        dirty: bool,
        static_templates: set[str],
        default: str = project_mod.DEFAULT_LANGUAGE,
        languages=project_mod.LANGUAGES,
    ) -> Plan:
        """In a dirty rebuild, leave the languages whose pages no saved file touches.

        Saving a translated Dutch original skips static-i18n's English build;
        saving an English translation makes the Dutch build render nothing.
        Either would cost as much as half the rebuild. The sitemap lists pages,
        not their text: a rebuild keeps the one the session's first build wrote.
        """
        previous = self.signatures.get(site_dir)
        rebuild = dirty and previous is not None
        unaffected = sitemodel.unaffected_languages(previous, signature, default, languages) if rebuild else set()
        others = [lang for lang in languages if lang != default]
        plan = Plan(
            rebuild=rebuild,
            skip_other_languages=bool(others) and unaffected.issuperset(others),
            skip_default_language=default in unaffected,
        )
        held = {"sitemap.xml"} if rebuild else set()
        if plan.skip_default_language:
            held.add("404.html")  # the Dutch 404 page keeps its navigation
        plan.held_templates = held & static_templates
        return plan

    def generated_file(self, config, src_uri: str, markdown: str, lang: str) -> GeneratedFile:
        """A generated page at its language-prefixed destination, unchanged if the last good build wrote the same."""
        stem = src_uri[: -len(".md")]
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        prefix = "" if lang == project_mod.DEFAULT_LANGUAGE else f"{lang}/"
        file = GeneratedFile.generated(config, src_uri, content=markdown)
        file.dest_uri = f"{prefix}{stem}/index.html"
        key = (str(config.site_dir), file.dest_uri)
        digest = hash(markdown)
        file.unchanged = bool(markdown) and self.generated.get(key) == digest
        if markdown:
            self.pending[key] = digest
        return file

    def pending_in(self, site_dir: str) -> list[list]:
        """This build's hashes in ``site_dir``, as a forked language build hands them to its parent."""
        return [[dest, digest] for (folder, dest), digest in self.pending.items() if folder == site_dir]

    def add_pending(self, site_dir: str, entries: list[list]) -> None:
        self.pending.update({(site_dir, dest): digest for dest, digest in entries})

    def succeeded(self, site_dir: str, signature: tuple) -> None:
        """The build succeeded: the next dirty rebuild compares with what this one wrote."""
        self.signatures[site_dir] = signature
        self.generated.update(self.pending)
        self.pending.clear()


STATE = RebuildState()
