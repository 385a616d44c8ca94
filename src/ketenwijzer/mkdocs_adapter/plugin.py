"""The MkDocs adapter: thin hooks over the plain-Python core.

mkdocs-static-i18n runs the whole build once per language, so every hook here
is idempotent and reads the current language from the configuration.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ketenwijzer.generators import (breadcrumbs, feeds as feeds_mod, navigation, newsletter_pages, page_extras, registry_pages, markdown_tree as render, site_footer, sitemaps)
from ketenwijzer.domain import deployment, editions, messages, page_history, project as project_mod, translations
from ketenwijzer import forked, printing
from ketenwijzer.search import pagefind as pagefind_step
from ketenwijzer.mkdocs_adapter import nav_cache
from ketenwijzer.site import sitemodel
from ketenwijzer.domain.problems import ContentError

log = logging.getLogger("mkdocs.plugins.ketenwijzer")

# after mkdocs-static-i18n, which runs at -100
AFTER_I18N = -110


class KetenwijzerConfig(Config):
    root = c.Optional(c.Type(str))
    # show drafts and future editions (with a banner): 'auto' shows them in `mkdocs serve` only
    drafts = c.Choice(("auto", "show", "hide"), default="auto")


class KetenwijzerPlugin(BasePlugin[KetenwijzerConfig]):
    def __init__(self):
        super().__init__()
        self.model: sitemodel.SiteModel | None = None
        self.lang = project_mod.DEFAULT_LANGUAGE
        self.default_lang = project_mod.DEFAULT_LANGUAGE
        self.external: dict[str, str] = {}
        self.states: dict[tuple[str, str], str] = {}
        self.abbreviations: dict[str, page_extras.Abbreviations] = {}
        self.command = "build"
        self.dirty = False
        self.nav = None
        # a dirty rebuild in `make serve` leaves the languages that no saved file touches (see _plan_rebuild)
        self.skip_default_language = False
        self.skip_other_languages = False
        self.skipped_other_languages = False
        self.held_templates: set[str] = set()
        self.signature: tuple = ()
        self.rebuild = False  # a dirty rebuild in `make serve`, after the session's first build
        self.endpoint = ""
        self.today = dt.date.today()
        self.draft_problems: dict[str, list] = {}
        # git dates (sitemaps.git_dates), edit base (see page_history), {source path: (path in the project, front matter)}
        self.history: tuple[dict, str | None, dict] = ({}, None, {})
        self.not_found: dict[str, str] = {}
        # what each page adds for search (filters, best bets, expansions), by src_uri; and per language what to add
        self.search_additions: dict[str, str] = {}
        self.expanders: dict[str, pagefind_step.Expander] = {}
        # a full build renders the other languages in forked processes (see _fork_other_languages)
        self.children: list[forked.Child] = []
        self.forked_language = ""  # set in such a process
        self.forked_sitemap = ""
        self.content_dates: dict | None = None  # git and registry dates, read once per build (see _content_date)
        self.listed_pages: list = []  # this language's pages (see _place_unlisted_pages)
        self.crumb_titles: dict[str, str] | None = None  # their titles by URL, as breadcrumbs name them

    def on_startup(self, *, command, dirty):
        self.command = command
        self.dirty = dirty

    @property
    def dirty_build(self) -> bool:
        """`mkdocs serve --dirty` (as `make serve` runs it); static-i18n reads the flag from sys.argv too."""
        return self.dirty or "--dirty" in sys.argv

    @property
    def show_drafts(self) -> bool:
        setting = os.environ.get("KETENWIJZER_DRAFTS") or self.config.drafts
        if setting in ("1", "show"):
            return True
        if setting in ("0", "hide"):
            return False
        return self.command == "serve"

    # -- configuration -------------------------------------------------
    def _root(self, config) -> Path:
        base = Path(config.config_file_path).parent
        return base / self.config.root if self.config.root else base

    @event_priority(AFTER_I18N)
    def on_config(self, config):
        self.lang = config.theme.get("language") or project_mod.DEFAULT_LANGUAGE
        _refuse_local_addresses(config)
        root = self._root(config).resolve()
        signature = sitemodel.signature(root)
        if not _inner_build(config):  # the outer build (default language)
            printing.build_started()  # a PDF rendered in the background waits with its links until the build is done
            self._plan_rebuild(config, signature)
            self.children = []
            self.content_dates = None
            _PENDING_GENERATED.clear()
        model = sitemodel.load_cached(root, signature)
        problems = model.problems + sitemodel.template_problems(
            model.project, lambda name: any(os.path.isfile(os.path.join(d, name)) for d in config.theme.dirs))
        try:
            self.today = editions.today()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        # problems of drafts and future editions are the editor's business: see editions.split_problems
        problems, self.draft_problems = editions.split_problems(problems, model.project, self.today)
        if problems:
            raise PluginError(ContentError(problems).report())
        if not _inner_build(config) and not self.forked_language:
            self._report_draft_problems()
        # the model may be shared with the previous build: always set this build's choice
        model.hidden_slugs = set() if self.show_drafts else editions.hidden_slugs(model.project, model.newsletter, self.today)
        self.model = model
        if not _inner_build(config):  # one git log per build: the forked language build inherits it
            self.history = (sitemaps.git_dates(root),
                            page_history.edit_base(config.repo_url, config.edit_uri, Path(config.docs_dir).name),
                            {str(source.path): (source.path.relative_to(root).as_posix(), source.doc.meta if source.doc else {})
                             for source in model.project.sources})
        self.abbreviations = {}
        self.expanders = {}
        config.extra["kw_feeds"] = self._feed_links(config)
        config.extra["kw_footer"] = self._footer(config)
        config.extra["kw_breadcrumbs_label"] = messages.t("breadcrumbs.label", self.lang)
        # static-i18n points the language switch of each page at its translation by setting the attribute
        # config.extra.alternate, and resets only the item config.extra["alternate"] for the next language:
        # the attribute, which templates read first, would lead that language's 404 page to the last page built
        vars(config.extra).pop("alternate", None)
        self.states = model.translation_states()
        return config

    def _report_draft_problems(self) -> None:
        """Not errors here (a strict build counts warnings): listed once, as draft warnings."""
        for folder, found in sorted(self.draft_problems.items()):
            where = "shown on the draft pages" if self.show_drafts else "left out of this build"
            log.info(f"ketenwijzer: draft warning: {folder}/ is not public ({where}); "
                     f"{len(found)} problem(s) to fix before 'ketenwijzer edition publish':")
            for problem in sorted(found):
                log.info(f"  draft warning: {problem}")

    def _page_footer(self, page, original) -> str:
        """'Last updated' and 'Edit this page' for a page built from a source file (see page_history)."""
        if not page.file.abs_src_path or original is None:
            return ""
        dates, base, sources = self.history
        found = sources.get(str(page.file.abs_src_path))
        if found is None:
            return ""
        rel, meta = found
        return page_history.page_footer(rel, self.lang, committed=dates.get(Path(page.file.abs_src_path).resolve()),
                                        meta=meta, base=base)

    def _draft_problem_notice(self, page) -> str:
        """In `make serve`, a draft page lists the problems of its own file (and of its Dutch original)."""
        if not self.show_drafts or not self.draft_problems or not page.file.abs_src_path:
            return ""
        path = Path(page.file.abs_src_path)
        shown = {self.model.project.display(path),
                 self.model.project.display(path.with_name(re.sub(r"\.[a-z]{2}\.md$", ".nl.md", path.name)))}
        found = sorted(p for problems in self.draft_problems.values() for p in problems if p.path in shown)
        if not found:
            return ""
        items = "\n".join(f"    - `{p.path}:{p.line}`: {p.message}" for p in found)
        title = messages.t("draft.problems.title", self.lang)
        return f'!!! failure "{title}"\n    {messages.t("draft.problems.body", self.lang)}\n\n{items}\n\n'

    # -- files ---------------------------------------------------------
    @event_priority(110)  # the site folder is clean, the default language's files are not planned yet
    def _fork_other_languages(self, files: Files, config):
        """In a full build, render the other languages in forked processes, beside this one.

        mkdocs-static-i18n builds the languages one after another; each child runs
        what its build for one language would run. `_join_other_languages` waits for them.
        """
        i18n = config.plugins.get("i18n")
        if i18n is None or _inner_build(config) or self.forked_language or not self._may_fork():
            return files
        others = [lang for lang in project_mod.LANGUAGES if lang != self.default_lang and lang in i18n.build_languages]
        if others:
            log.info(f"ketenwijzer: building {', '.join(others)} in a forked process, beside {self.default_lang}")
        for lang in others:
            self.children.append(forked.start(lambda lang=lang: self._build_forked(config, i18n, lang), f"the '{lang}' build"))
        return files

    def _may_fork(self) -> bool:
        """A full build may fork, and so may the first build of `mkdocs serve` (before its threads start)."""
        if os.environ.get("KETENWIJZER_PARALLEL", "auto") == "0" or self.rebuild:
            return False
        return forked.available()

    def _build_forked(self, config, i18n, lang: str) -> dict:
        """The forked process: build ``lang`` as static-i18n would, into the same site folder."""
        from mkdocs import utils
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort

        self.forked_language, self.children = lang, []
        i18n.current_language, i18n.building = lang, True
        utils.clean_directory = lambda path: path  # the parent has cleaned the site folder and writes into it
        try:
            build(config, dirty=self.dirty_build)
        except Abort as exc:
            if "strict mode" not in str(exc):
                raise  # else the parent counts the warnings it receives and aborts itself
        payload = {"sitemap": self.forked_sitemap, "generated": []}
        site = str(config.site_dir)
        if self.dirty_build:
            # what the parent's later dirty rebuilds compare with (see _LAST_GENERATED)
            payload["generated"] = [[dest, digest] for (folder, dest), digest in _PENDING_GENERATED.items() if folder == site]
        return payload

    def _join_other_languages(self, config) -> None:
        sitemaps_of_children = []
        site = str(config.site_dir)
        for child in self.children:
            try:
                payload = child.join()
            except forked.ChildFailed as exc:
                raise PluginError(str(exc)) from None
            sitemaps_of_children.append(payload["sitemap"])
            _PENDING_GENERATED.update({(site, dest): digest for dest, digest in payload["generated"]})
        self.children = []
        path = Path(config.site_dir) / "sitemap.xml"
        if path.exists() and all(sitemaps_of_children):
            joined = sitemaps.join_languages(path.read_text(encoding="utf-8"), *sitemaps_of_children).encode("utf-8")
            path.write_bytes(joined)
            sitemaps.write_gzip(path.with_name("sitemap.xml.gz"), joined)

    def on_build_error(self, error):
        printing.build_finished()
        for child in self.children:
            child.stop()
        self.children = []

    @event_priority(100)
    def _add_external_files(self, files: Files, config):
        """Add handreiking/ and stories/ sources, which live outside docs/."""
        if self._skipping_default_language(config):
            # only the home page, so that the navigation has one; a dirty build leaves it unrendered
            log.info("ketenwijzer: only translations changed: the Dutch pages are left as they are")
            return Files([file for file in files if file.src_uri == f"index.{self.default_lang}.md"])
        if self.forked_language:  # the theme's files are the parent's to copy
            docs = os.path.join(os.path.abspath(config.docs_dir), "")
            files = Files([file for file in files if os.path.abspath(file.abs_src_path).startswith(docs)])
        for file in list(files):
            if file.src_uri.startswith(THEME_PRIVATE):
                files.remove(file)  # mail templates in overrides/ are for the mailer, not the site
        self.external = {}
        for source in self.model.project.sources:
            if source.section.directory == "docs":
                continue
            # mkdocs-static-i18n only handles files under docs_dir: present the
            # file as if it were there, and point it back after i18n has run
            file = File(source.site_src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            self.external[source.site_src_uri] = str(source.path)
            files.append(file)
        return files

    @event_priority(AFTER_I18N)
    def _after_i18n(self, files: Files, config):
        if self._skipping_default_language(config):
            config.nav = None
            return files
        hidden_folders = tuple(f"{slug.rsplit('/', 1)[0]}/" for slug in self.model.hidden_slugs if slug.endswith("/index"))
        for file in list(files):
            real = self.external.get(file.src_uri)
            if real is not None:
                file.abs_src_path = real
            if hidden_folders and file.src_uri.startswith(hidden_folders):
                files.remove(file)  # drafts and future editions: absent from the published site
        self._add_generated(files, config)
        config.nav = navigation.build(self.model, self.lang, files, self.today, self.show_drafts)
        if os.environ.get(render.RENDER_ENV):
            self._render_files(files, config)
        return files

    def _render_files(self, files: Files, config) -> None:
        """`ketenwijzer render`: this language's navigation and the files beside its pages (see render.py)."""
        folder = os.environ[render.RENDER_ENV]
        render.write_nav(folder, self.lang, config.nav)
        roots = [os.path.join(os.path.abspath(config.docs_dir), "")] + [str(p) for p in self.external.values()]
        for file in files:
            if file.is_documentation_page() or file.generated_by or not file.abs_src_path:
                continue
            if os.path.abspath(file.abs_src_path).startswith(tuple(roots)):
                render.write_asset(folder, self.lang, file.src_uri, file.abs_src_path)

    on_files = CombinedEvent(_fork_other_languages, _add_external_files, _after_i18n)

    def _add_generated(self, files: Files, config) -> None:
        """Registry pages, in this language, at language-prefixed destinations."""
        model = self.model
        pages = {}
        if model.registry.organisations:
            pages.update(model.registry_pages(self.lang))
        if model.newsletter.editions or (Path(config.docs_dir) / editions.DIR).is_dir():
            pages[newsletter_pages.ARCHIVE] = newsletter_pages.archive_page(
                model.newsletter, self._texts(), self.lang, self.today, self.show_drafts)
        i18n = config.plugins.get("i18n")
        registered = getattr(i18n, "i18n_files_per_language", {}).get(self.lang) if i18n else None
        for src_uri, markdown in pages.items():
            created = {lang: _generated(config, src_uri, markdown if lang == self.lang else "", lang)
                       for lang in project_mod.LANGUAGES}
            file = created[self.lang]
            file.locale = self.lang
            file.locale_alternate_of = self.lang
            file.alternates = created
            files.append(file)
            if registered is not None:
                registered.append(file)

    # -- pages -----------------------------------------------------------
    def on_page_markdown(self, markdown, page, config, files):
        markdown = self._page_markdown(markdown, page)
        if os.environ.get(render.RENDER_ENV):
            render.write_page(os.environ[render.RENDER_ENV], self.lang, page.file.src_uri, markdown, page.meta)
        return markdown

    def _page_markdown(self, markdown, page):
        file_lang = getattr(page.file, "locale", self.lang)
        slug, _ = project_mod.split_language(page.file.src_uri)
        original = self.model.original(slug)
        self.search_additions[page.file.src_uri] = self._search_additions(slug, markdown, str(page.meta.get("description") or ""))
        markdown = self._newsletter_markdown(markdown, slug, original, page)
        if original is not None and original.doc is not None:
            markdown += page_extras.tag_links(self.model.registry, original.doc.meta, page.file.src_uri, self.lang)
        abbr = self.abbreviations.get(self.lang)
        if abbr is None:
            abbr = self.abbreviations[self.lang] = page_extras.Abbreviations(
                registry_pages.abbreviation_definitions(self.model.registry, self.lang))
        markdown += abbr.definitions_for(markdown)
        markdown = self._draft_problem_notice(page) + markdown + self._page_footer(page, original)
        if file_lang != self.lang:
            notice = _notice("untranslated", self.lang, "info")
            return f'{notice}\n\n<div lang="{file_lang}" markdown>\n\n{markdown}\n\n</div>\n'
        if self.states.get((slug, self.lang)) == translations.STALE:
            return f"{_notice('stale', self.lang, 'warning')}\n\n{markdown}"
        return markdown

    def _search_additions(self, slug: str, markdown: str, description: str) -> str:
        expander = self.expanders.get(self.lang)
        if expander is None:
            expander = self.expanders[self.lang] = pagefind_step.expander(self.model.registry, self.lang)
        edition = self.model.newsletter.edition_for(slug) if slug.startswith(editions.DIR) else None
        filters = pagefind_step.section_filters(slug, self.lang, edition.label if edition is not None else None)
        return pagefind_step.page_additions(filters, pagefind_step.best_bets(self.model.registry, slug, self.lang),
                                            expander.expansions(pagefind_step.plain_text(markdown)),
                                            pagefind_step.best_bet_weight(slug), description)

    def _texts(self) -> newsletter_pages.Texts:
        return newsletter_pages.Texts(meta=lambda slug: self.model.meta(slug, self.lang),
                                      original=lambda slug: self.model.meta(slug, self.default_lang))

    def _newsletter_markdown(self, markdown: str, slug: str, original, page) -> str:
        newsletter = self.model.newsletter
        if original is not None and original.kind == "edition":
            edition = newsletter.edition_for(slug)
            if edition is not None:
                return newsletter_pages.edition_page(edition, markdown, self._texts(), self.lang, self.today)
        elif original is not None and original.kind == "article":
            edition = newsletter.edition_for(slug)
            if edition is not None:
                return (newsletter_pages.article_header(slug, edition, self._texts(), self.lang, self.today) + markdown
                        + newsletter_pages.article_footer(slug, newsletter, self._texts(), self.lang))
        if LATEST_MARKER in markdown:
            block = newsletter_pages.latest_block(newsletter, self._texts(), self.lang, self.today, f"{slug}.md")
            markdown = markdown.replace(LATEST_MARKER, block)
        if SUBSCRIBE_MARKER in markdown:
            markdown = markdown.replace(SUBSCRIBE_MARKER, newsletter_pages.subscribe_form(self.endpoint, self.lang))
        return markdown

    def _feed_links(self, config) -> list[dict]:
        self.endpoint = str((config.extra.get("subscriptions") or {}).get("endpoint", "")).rstrip("/")
        base = self._lang_base(config, self.lang)
        prefix = "" if self.lang == self.default_lang else f"{self.lang}/"
        # "path" (site-relative) is what pages link to, so a copy of the site on another host finds its own feeds
        return [{"href": f"{base}{editions.DIR}/{name}", "path": f"{prefix}{editions.DIR}/{name}", "type": kind,
                 "title": messages.t(title, self.lang) + label}
                for name, kind, title, label in FEED_FILES]

    def _footer(self, config) -> dict:
        """Owner and trust-page links of this language's footer (overrides/partials/footer.html)."""
        pages = self.model.project.pages()
        existing = {slug for slug, by_lang in pages.items()
                    if self.default_lang in by_lang and slug not in self.model.hidden_slugs}
        try:
            return site_footer.footer(config.extra.get("owner"), self.lang, self.default_lang, existing).as_extra()
        except site_footer.FooterError as exc:
            raise PluginError(str(exc)) from None

    def _lang_base(self, config, lang: str) -> str:
        site_url = (config.site_url or "/").rstrip("/") + "/"
        return site_url if lang == self.default_lang else f"{site_url}{lang}/"

    def on_env(self, env, config, files):
        nav_cache.install(env, self.nav, self.lang)
        return env

    def _keep_nav(self, nav, config, files):
        self.nav = nav
        return nav

    @event_priority(AFTER_I18N)
    def _place_unlisted_pages(self, nav, config, files):
        """Pages outside the navigation belong to their folder's section: its tab, side navigation, breadcrumbs."""
        self.listed_pages = [file.page for file in files.documentation_pages() if file.page is not None]
        breadcrumbs.attach(nav, self.listed_pages, self._lang_prefix())
        self.crumb_titles = None  # the pages have no titles before their Markdown is read
        return nav

    on_nav = CombinedEvent(_keep_nav, _place_unlisted_pages)

    def on_page_context(self, context, page, config, nav):
        if self.crumb_titles is None:  # every page's Markdown has been read now (a dirty rebuild reads fewer)
            self.crumb_titles = {listed.url: listed.title or self._source_title(listed.file) for listed in self.listed_pages}
            self.crumb_titles = {url: title for url, title in self.crumb_titles.items() if title}
            self.crumb_titles.update(breadcrumbs.section_titles(nav))
        page.kw_breadcrumbs = breadcrumbs.trail(page.url, self._lang_prefix(), messages.t("nav.home", self.lang),
                                                self.crumb_titles)
        return context

    def _source_title(self, file) -> str:
        slug, _ = project_mod.split_language(file.src_uri)
        return self.model.title(slug, self.lang) if slug in self.model.project.pages() else ""

    def _lang_prefix(self) -> str:
        return "" if self.lang == self.default_lang else f"{self.lang}/"

    def on_page_content(self, html, page, config, files):
        return page_extras.focusable_abbreviations(html) + self.search_additions.pop(page.file.src_uri, "")

    def on_post_page(self, output, page, config):
        output = pagefind_step.mark_content_area(output)
        if config.site_url:
            alternates = self._alternates(page.file, self.lang, config)
            own = getattr(page.file, "locale", self.lang)
            output = sitemaps.mend_head(output, sitemaps.canonical(alternates, own), alternates)
        return page_extras.trim_indentation(self._mend_material(output, get_relative_url(".", page.url) + "/"))

    # -- addresses for search engines: hreflang, canonical, sitemap --------
    def _alternates(self, file, lang: str, config) -> dict[str, str]:
        """Absolute hreflang URLs of the page's versions that are really in their language, and x-default."""
        return sitemaps.absolute_alternates(sitemaps.languages_of(file, lang), config.site_url,
                                            self.default_lang, project_mod.LANGUAGES)

    def _sitemap(self, config) -> str:
        """This build's sitemap: every page in its own language, dated by its content, with its languages."""
        i18n = config.plugins.get("i18n")
        per_language = getattr(i18n, "i18n_files_per_language", None) or {self.lang: []}
        entries = []
        for lang, files in per_language.items():
            for file in files:
                page = getattr(file, "page", None)
                if page is None or page.is_link or getattr(file, "locale", lang) != lang:
                    continue  # an untranslated page's copy is not a page in this language
                alternates = self._alternates(file, lang, config)
                entries.append(sitemaps.Entry(alternates[lang], self._content_date(file), alternates))
        return sitemaps.render(entries)

    def _content_date(self, file):
        """Front matter (updated, reviewed, date; an article's edition), else the registry's reviewed, else git."""
        if file.src_uri == newsletter_pages.ARCHIVE:  # as new as its newest edition
            shown = self.model.newsletter.newest_first(None if self.show_drafts else self.today)
            return shown[0].date if shown else None
        slug, _ = project_mod.split_language(file.src_uri)
        edition = self.model.newsletter.edition_for(slug)
        found = sitemaps.content_date(file.page.meta or {}, edition.date if edition is not None else None)
        if found is not None:
            return found
        if self.content_dates is None:
            self.content_dates = {**sitemaps.git_dates(self.model.root), **sitemaps.registry_dates(self.model.registry)}
        found = self.content_dates.get(file.src_uri)
        if found is None and file.abs_src_path:
            found = self.content_dates.get(Path(file.abs_src_path).resolve())
        return found

    def _write_robots(self, config) -> None:
        if config.site_url:
            text = deployment.robots_txt(self._lang_base(config, self.default_lang) + "sitemap.xml")
            (Path(config.site_dir) / "robots.txt").write_text(text, encoding="utf-8")

    def _mend_material(self, output: str, root: str) -> str:
        """What every page Material renders (404.html included) needs: the search dialog in the header."""
        return pagefind_step.add_header_search(output, self.lang, root)

    def on_post_template(self, output, template_name, config):
        """Give every language its own 404 page.

        static-i18n renders theme templates once per language into the same
        site_dir, so the last language's 404.html would replace the Dutch one.
        Keep the default language's page at /404.html and write the others
        to /<lang>/404.html (a web server maps /<lang>/ misses to it).
        """
        if template_name == "sitemap.xml" and config.site_url:
            output = self._sitemap(config)
        if self.forked_language and template_name == "sitemap.xml":
            self.forked_sitemap = output  # the parent joins it to its own
            return ""
        if template_name != "404.html":
            return output
        # a 404 page answers at any address: its links to the site root are absolute
        output = self._mend_material(output, urlsplit(config.site_url or "/").path or "/")
        self.not_found[self.lang] = output
        if self.lang == self.default_lang:
            return output
        target = Path(config.site_dir) / self.lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        if self.forked_language:
            return ""  # the parent writes /404.html
        return self.not_found.get(self.default_lang, output)

    def _plan_rebuild(self, config, signature: tuple) -> None:
        """In a dirty rebuild, leave the languages whose pages no saved file touches.

        Saving a translated Dutch original skips static-i18n's English build;
        saving an English translation makes the Dutch build render nothing.
        Either would cost as much as half the rebuild. The sitemap lists pages,
        not their text: a rebuild keeps the one the session's first build wrote.
        """
        dirty = self.dirty_build
        previous = _LAST_SIGNATURE.get(str(config.site_dir))
        self.signature = signature  # recorded when this build succeeds: a failed one compares with the last good one
        rebuild = self.rebuild = dirty and previous is not None
        unaffected = sitemodel.unaffected_languages(previous, signature, self.default_lang,
                                                    project_mod.LANGUAGES) if rebuild else set()
        others = [lang for lang in project_mod.LANGUAGES if lang != self.default_lang]
        self.skip_other_languages = bool(others) and unaffected.issuperset(others)
        self.skip_default_language = self.default_lang in unaffected
        held = {"sitemap.xml"} if rebuild else set()
        if self.skip_default_language:
            held.add("404.html")  # the Dutch 404 page keeps its navigation
        self.held_templates = held & config.theme.static_templates
        config.theme.static_templates -= self.held_templates

    def _skipping_default_language(self, config) -> bool:
        return self.skip_default_language and not _inner_build(config)

    @event_priority(-90)  # just before static-i18n builds the other languages (-100)
    def _before_other_languages(self, config):
        i18n = config.plugins.get("i18n")
        if self.skip_default_language and "404.html" in self.held_templates:
            self.held_templates.discard("404.html")
            config.theme.static_templates.add("404.html")  # the other languages render theirs
        if i18n is None or _inner_build(config) or not (self.children or self.skip_other_languages):
            return
        if not self.children:
            log.info("ketenwijzer: only Dutch originals changed: the other languages are left as they are")
        # static-i18n then treats this as an inner build and returns: forked processes build the
        # other languages, or they stay as they are
        i18n.building = True
        self.skipped_other_languages = True

    # -- after the build -------------------------------------------------
    @event_priority(AFTER_I18N)
    def _after_other_languages(self, config):
        i18n = config.plugins.get("i18n")
        if self.skipped_other_languages:
            i18n.building = False
            self.skipped_other_languages = False
        elif _inner_build(config):
            return  # an inner per-language build; the outer one finishes the job
        if self.children:
            self._join_other_languages(config)
        config.theme.static_templates |= self.held_templates
        self.held_templates = set()
        self.skip_default_language = False
        dirty = self.dirty_build
        site = Path(config.site_dir)
        if dirty and (site / editions.DIR / FEED_FILES[0][0]).exists():
            # a save in `make serve`: pages and search follow at once; feeds and the part
            # sitemaps keep what the first build of this session wrote
            log.debug("dirty rebuild: feeds and part sitemaps left as they were")
        else:
            self._write_feeds(config)
            self._write_part_sitemaps(config)
            self._write_robots(config)
        self._write_print_books(config)
        printing.build_finished()
        self._index_search(site)
        # the build succeeded: the next dirty rebuild compares with what this one wrote
        _LAST_SIGNATURE[str(config.site_dir)] = self.signature
        _LAST_GENERATED.update(_PENDING_GENERATED)
        _PENDING_GENERATED.clear()

    def _write_print_books(self, config) -> None:
        """The handbook and the story collection as PDFs, once every language is built (see printing/)."""
        try:
            results = printing.build_books(self.model, Path(config.site_dir), config.site_url or "", config.site_name,
                                           project_mod.LANGUAGES, background=self.command == "serve")
        except (printing.RendererMissing, printing.PrintError) as exc:
            raise PluginError(str(exc)) from None
        for r in results:
            how = (f"rendered in {r.seconds:.1f} s" if r.rendered else
                   "being rendered again in the background" if r.pending else "unchanged (from the cache)")
            log.info(f"ketenwijzer: {r.path}: {r.pages} pages, {round(r.size / 1000)} kB, {how}")

    def _index_search(self, site: Path) -> None:
        """Index the whole site, once per build; in `make serve` beside the server, so a save is not held up."""
        if self.command == "serve":
            _INDEXER.request(site)
        else:
            pages = pagefind_step.index_site(site)
            log.info(f"ketenwijzer: search index of {pages} pages written to {pagefind_step.BUNDLE}/")

    on_post_build = CombinedEvent(_before_other_languages, _after_other_languages)

    def _write_part_sitemaps(self, config) -> None:
        site = Path(config.site_dir)
        full = site / "sitemap.xml"
        if not full.exists() or not config.site_url:
            return
        data = full.read_bytes()
        parts = [f"{lang}/" for lang in project_mod.LANGUAGES if lang != self.default_lang]
        parts += [f"{prefix}{editions.DIR}/" for prefix in ["", *parts]]
        for part in parts:
            if (site / part).is_dir():
                (site / part / "sitemap.xml").write_bytes(sitemaps.subtree(data, self._lang_base(config, self.default_lang) + part))

    def _write_feeds(self, config) -> None:
        if not self.model.newsletter.editions and not (Path(config.docs_dir) / editions.DIR).is_dir():
            return
        for lang in project_mod.LANGUAGES:
            base = self._lang_base(config, lang)
            built = newsletter_feeds(self.model, lang, base, self.today, self.show_drafts)
            folder = Path(config.site_dir) / (lang if lang != self.default_lang else "") / editions.DIR
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in built.items():
                (folder / name).write_bytes(data)

    def on_serve(self, server, config, builder):
        root = self.model.root if self.model else self._root(config)
        for section in project_mod.SECTIONS:
            path = root / section.directory
            if section.directory != "docs" and path.is_dir():
                server.watch(str(path))
        return server


THEME_PRIVATE = ("mail/",)
LATEST_MARKER = "<!-- ketenwijzer:latest-edition -->"
SUBSCRIBE_MARKER = "<!-- ketenwijzer:subscribe-form -->"
FEED_FILES = (
    ("feed.atom.xml", "application/atom+xml", "vv.feed.articles", " (Atom)"),
    ("feed.rss.xml", "application/rss+xml", "vv.feed.articles", " (RSS)"),
    ("edities.atom.xml", "application/atom+xml", "vv.feed.editions", " (Atom)"),
    ("edities.rss.xml", "application/rss+xml", "vv.feed.editions", " (RSS)"),
)


def newsletter_feeds(model: sitemodel.SiteModel, lang: str, base: str, today: dt.date, show_drafts: bool) -> dict[str, bytes]:
    """The four feed files of one language, by file name."""
    newsletter = model.newsletter
    shown = newsletter.newest_first(None if show_drafts else today)
    folder_url = f"{base}{editions.DIR}/"

    def url(slug: str) -> str:
        return base + registry_pages.page_url(f"{slug}.md")

    articles, issues = [], []
    for edition in shown:
        meta = model.meta(edition.slug, lang)
        issues.append(feeds_mod.Entry(feeds_mod.edition_id(edition.number, lang), str(meta.get("title", edition.label)),
                                      url(edition.slug), edition.date, edition.date, str(meta.get("description", ""))))
        for slug in edition.articles:
            art = model.meta(slug, lang)
            updated = max(edition.date, art.get("updated") or edition.date)
            articles.append(feeds_mod.Entry(
                feeds_mod.article_id(str(art.get("uid") or slug), lang), str(art.get("title", slug)), url(slug), edition.date, updated,
                str(art.get("lead") or art.get("description", "")), [str(art["author"])] if art.get("author") else [],
                [edition.label]))
    articles.sort(key=lambda e: (e.published, e.updated), reverse=True)
    subtitle = messages.t("vv.feed.subtitle", lang)
    out = {}
    for name, kind, title, _label in FEED_FILES:
        entries = articles if name.startswith("feed") else issues
        feed = feeds_mod.Feed(
            id=f"urn:ketenwijzer:vreemdelingenvisie:{'articles' if name.startswith('feed') else 'editions'}:{lang}",
            title=messages.t(title, lang), subtitle=subtitle, lang=lang, site_url=folder_url,
            self_url=folder_url + name, entries=entries)
        out[name] = feeds_mod.atom(feed) if kind == "application/atom+xml" else feeds_mod.rss(feed)
    return out


class GeneratedFile(File):
    """A generated page that a dirty rebuild (`mkdocs serve --dirty`) may skip.

    MkDocs counts every generated page as modified, so each save in `make serve`
    re-rendered hundreds of registry pages. Here a page is modified only when
    its Markdown differs from what the last successful build in this process wrote.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


# the Markdown (hashed) of every generated page as the last successful build wrote it, and this build's
_LAST_GENERATED: dict[tuple[str, str], int] = {}
_PENDING_GENERATED: dict[tuple[str, str], int] = {}
# `make serve` indexes the site for search beside the server (see _index_search)
_INDEXER = pagefind_step.BackgroundIndexer()
# the content signature at the start of the last successful build, per site folder (see _plan_rebuild)
_LAST_SIGNATURE: dict[str, tuple] = {}


def _generated(config, src_uri: str, markdown: str, lang: str) -> File:
    stem = src_uri[: -len(".md")]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    prefix = "" if lang == project_mod.DEFAULT_LANGUAGE else f"{lang}/"
    dest_uri = f"{prefix}{stem}/index.html"
    file = GeneratedFile.generated(config, src_uri, content=markdown)
    file.dest_uri = dest_uri
    key = (str(config.site_dir), dest_uri)
    digest = hash(markdown)
    file.unchanged = bool(markdown) and _LAST_GENERATED.get(key) == digest
    if markdown:
        _PENDING_GENERATED[key] = digest  # becomes _LAST_GENERATED when the build succeeds
    return file


def _notice(name: str, lang: str, kind: str) -> str:
    title = messages.t(f"{name}.title", lang)
    body = messages.t(f"{name}.body", lang)
    return f'!!! {kind} "{title}"\n    {body}'


def _refuse_local_addresses(config) -> None:
    """KETENWIJZER_ENV=production: no build that points readers at this machine (see ketenwijzer.deployment)."""
    values = {"site_url": config.site_url}
    if isinstance(config.extra.get("subscriptions"), dict):
        values["extra.subscriptions.endpoint"] = config.extra["subscriptions"].get("endpoint")
    found = deployment.problems(values, os.environ)
    if found:
        raise PluginError(deployment.report(found))


def _inner_build(config) -> bool:
    """True in static-i18n's build of a language other than the default (and while we skip it)."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))
