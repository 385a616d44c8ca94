"""The MkDocs plugin: the events, each delegating to the core or to one module of the adapter.

mkdocs-static-i18n runs the whole build once per language, so every event is idempotent and
reads the current language from the configuration. The events and their priorities (higher
runs first; static-i18n's events run at -100, Material's search plugin is not used):

====================  ========  ==========================================================
event                 priority  why
====================  ========  ==========================================================
on_startup            0         the command (build or serve); warns of unverified upstreams
on_config             -110      after static-i18n (-100) has set this language's theme and paths
on_files: fork        110       first: the site folder is clean, the other languages start at once
on_files: external    100       before static-i18n (-100), which handles files under docs_dir
                                only: handreiking/ and stories/ are presented as if there
on_files: generated   -110      after static-i18n: external files pointed back, drafts left out,
                                generated pages added with language-prefixed dest_uri, the nav
on_nav: keep          0         the navigation, for the nav cache (on_env)
on_nav: unlisted      -110      after static-i18n's nav (-100): pages outside the navigation get
                                their folder's section (tab, side navigation, breadcrumbs)
on_env                0         Material's nav partial rendered once per kind of page
on_page_markdown      0         after static-i18n's (50): decoration, tags, abbreviations, notices
on_page_content       0         abbreviations focusable; hidden terms for search
on_page_context       0         breadcrumbs, once every page's Markdown has been read
on_post_page          0         before static-i18n's (-100): content area, hreflang, header search
on_post_template      0         the sitemap and each language's own 404 page
on_post_build: hold   -90       just before static-i18n builds the other languages (-100)
on_post_build: after  -110      after it: join forks, feeds, sitemaps, PDFs, search index
on_build_error        0         stop the forked builds
on_serve              0         watch handreiking/ and stories/
====================  ========  ==========================================================

Upstream internals are reached only through ``static_i18n.py`` and ``material.py``; see
``seams.py`` for what each relies on and the versions it was verified against.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ketenwijzer import printing
from ketenwijzer.domain import deployment, editions, messages, page_history, project as project_mod
from ketenwijzer.domain.problems import ContentError
from ketenwijzer.generators import breadcrumbs, markdown_tree, navigation, newsletter_pages, page_extras, site_footer, sitemaps
from ketenwijzer.mkdocs_adapter import addresses, material, nav_cache, outputs, seams, static_i18n
from ketenwijzer.mkdocs_adapter.languages import Forks, may_fork
from ketenwijzer.mkdocs_adapter.pages import History, PageDecorator
from ketenwijzer.mkdocs_adapter.rebuild import STATE, Plan
from ketenwijzer.search import pagefind
from ketenwijzer.site import checks, newsletter_feeds, sitemodel

log = logging.getLogger("mkdocs.plugins.ketenwijzer")

AFTER_I18N = -110  # after mkdocs-static-i18n, which runs at -100


class KetenwijzerConfig(Config):
    root = c.Optional(c.Type(str))
    # show drafts and future editions (with a banner): 'auto' shows them in `mkdocs serve` only
    drafts = c.Choice(("auto", "show", "hide"), default="auto")


class KetenwijzerPlugin(BasePlugin[KetenwijzerConfig]):
    def __init__(self):
        super().__init__()
        self.command = "build"
        self.dirty = False
        self.lang = project_mod.DEFAULT_LANGUAGE
        self.model: sitemodel.SiteModel | None = None
        self.today = dt.date.today()
        self.draft_problems: dict[str, list] = {}
        self.upstream = seams.Checker()
        self.search_icon = ""
        self.pages: PageDecorator | None = None
        self.history = History()
        self.dates: addresses.ContentDates | None = None
        self.signature: tuple = ()
        self.plan = Plan()
        self.forks = Forks()
        self.skipped_other_languages = False
        self.external: dict[str, str] = {}  # handreiking/ and stories/ files as presented under docs/: their real path
        self.nav = None
        self.listed_pages: list = []  # this language's pages (see _place_unlisted_pages)
        self.crumb_titles: dict[str, str] | None = None  # their titles by URL, as breadcrumbs name them
        self.not_found: dict[str, str] = {}  # each language's 404 page

    # -- the build's settings ---------------------------------------------
    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty
        for problem in seams.version_problems():
            log.warning(f"ketenwijzer: {problem}")

    @property
    def dirty_build(self) -> bool:
        """`mkdocs serve --dirty` (as `make serve` runs it); static-i18n reads the flag from sys.argv."""
        return self.dirty or static_i18n.dirty_from_argv()

    @property
    def show_drafts(self) -> bool:
        setting = os.environ.get("KETENWIJZER_DRAFTS") or self.config.drafts
        if setting in ("1", "show"):
            return True
        if setting in ("0", "hide"):
            return False
        return self.command == "serve"

    def _root(self, config) -> Path:
        base = Path(config.config_file_path).parent
        return base / self.config.root if self.config.root else base

    def _i18n(self, config) -> static_i18n.StaticI18n:
        return static_i18n.StaticI18n(config, self.upstream)

    @event_priority(AFTER_I18N)
    def on_config(self, config):
        self.upstream = seams.Checker(strict=bool(config.strict))
        self.search_icon = material.search_icon(self.upstream)
        self.lang = config.theme.get("language") or project_mod.DEFAULT_LANGUAGE
        _refuse_local_addresses(config)
        root = self._root(config).resolve()
        signature = sitemodel.signature(root)
        outer = not self._i18n(config).inner_build
        if outer:
            printing.build_started()  # a PDF rendered in the background waits with its links until the build is done
            self._plan_rebuild(config, signature)
            STATE.started()
        self.model = model = sitemodel.load_cached(root, signature)
        self._check_content(config, model)
        if outer and not self.forks.language:
            self._report_draft_problems()
        # the model may be shared with the previous build: always set this build's choice
        model.hidden_slugs = set() if self.show_drafts else editions.hidden_slugs(model.project, model.newsletter, self.today)
        if outer:  # one git log per build: the forked language build inherits it
            self.history = History(
                sitemaps.git_dates(root),
                page_history.edit_base(config.repo_url, config.edit_uri, Path(config.docs_dir).name),
                {
                    str(source.path): (source.path.relative_to(root).as_posix(), source.doc.meta if source.doc else {})
                    for source in model.project.sources
                },
            )
            self.dates = addresses.ContentDates(model, self.today, self.show_drafts)
        endpoint = str((config.extra.get("subscriptions") or {}).get("endpoint", "")).rstrip("/")
        self.pages = PageDecorator(model, self.lang, self.today, self.show_drafts, endpoint, self.history, self.draft_problems)
        config.extra["kw_feeds"] = self._feed_links(config)
        config.extra["kw_footer"] = self._footer(config)
        config.extra["kw_breadcrumbs_label"] = messages.t("breadcrumbs.label", self.lang)
        static_i18n.forget_alternate_attribute(config)
        return config

    def _check_content(self, config, model: sitemodel.SiteModel) -> None:
        """Stop on content problems; problems of drafts and future editions are the editor's (editions.split_problems)."""
        try:
            self.today = editions.today()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        # the same checks as `ketenwijzer check` (site/checks.py), so a project that passes it builds
        settings = checks.BuildSettings(config.theme.dirs, config.markdown_extensions, config.mdx_configs)
        problems = checks.problems(model, settings, self.today, show_drafts=self.show_drafts)
        problems, self.draft_problems = editions.split_problems(problems, model.project, self.today)
        if problems:
            raise PluginError(ContentError(problems).report())

    def _report_draft_problems(self) -> None:
        """Not errors here (a strict build counts warnings): listed once, as draft warnings."""
        for folder, found in sorted(self.draft_problems.items()):
            where = "shown on the draft pages" if self.show_drafts else "left out of this build"
            log.info(
                f"ketenwijzer: draft warning: {folder}/ is not public ({where}); "
                f"{len(found)} problem(s) to fix before 'ketenwijzer edition publish':"
            )
            for problem in sorted(found):
                log.info(f"  draft warning: {problem}")

    def _plan_rebuild(self, config, signature: tuple) -> None:
        """In a dirty rebuild, leave the languages whose pages no saved file touches (see rebuild.py)."""
        self.signature = signature  # recorded when this build succeeds: a failed one compares with the last good one
        self.plan = STATE.plan(str(config.site_dir), signature, self.dirty_build, config.theme.static_templates)
        config.theme.static_templates -= self.plan.held_templates

    def _feed_links(self, config) -> list[dict]:
        base = outputs.language_base(config.site_url, self.lang)
        prefix = self._lang_prefix()
        # "path" (site-relative) is what pages link to, so a copy of the site on another host finds its own feeds
        return [
            {
                "href": f"{base}{editions.DIR}/{name}",
                "path": f"{prefix}{editions.DIR}/{name}",
                "type": kind,
                "title": messages.t(title, self.lang) + label,
            }
            for name, kind, title, label in newsletter_feeds.FEED_FILES
        ]

    def _footer(self, config) -> dict:
        """Owner and trust-page links of this language's footer (overrides/partials/footer.html)."""
        pages = self.model.project.pages()
        existing = {
            slug
            for slug, by_lang in pages.items()
            if project_mod.DEFAULT_LANGUAGE in by_lang and slug not in self.model.hidden_slugs
        }
        try:
            return site_footer.footer(config.extra.get("owner"), self.lang, project_mod.DEFAULT_LANGUAGE, existing).as_extra()
        except site_footer.FooterError as exc:
            raise PluginError(str(exc)) from None

    def _lang_prefix(self) -> str:
        return "" if self.lang == project_mod.DEFAULT_LANGUAGE else f"{self.lang}/"

    # -- files -------------------------------------------------------------
    @event_priority(110)
    def _fork_other_languages(self, files: Files, config):
        """In a full build, render the other languages in forked processes, beside this one (languages.py)."""
        i18n = self._i18n(config)
        if not i18n.present or i18n.inner_build or self.forks.language or not may_fork(self.plan.rebuild):
            return files
        others = [lang for lang in project_mod.LANGUAGES if lang != project_mod.DEFAULT_LANGUAGE and lang in i18n.build_languages]
        self.forks.start(config, i18n, others, self.dirty_build)
        return files

    @event_priority(100)
    def _add_external_files(self, files: Files, config):
        """Add handreiking/ and stories/ sources, which live outside docs/."""
        if self._skipping_default_language(config):
            # only the home page, so that the navigation has one; a dirty build leaves it unrendered
            log.info("ketenwijzer: only translations changed: the Dutch pages are left as they are")
            return Files([file for file in files if file.src_uri == f"index.{project_mod.DEFAULT_LANGUAGE}.md"])
        if self.forks.language:  # the theme's files are the parent's to copy
            docs = os.path.join(os.path.abspath(config.docs_dir), "")
            files = Files([file for file in files if os.path.abspath(file.abs_src_path).startswith(docs)])
        self.external = {}
        for source in self.model.project.sources:
            if source.section.directory != "docs":
                # present the file as if it were under docs/, and point it back after static-i18n has run
                files.append(File(source.site_src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
                self.external[source.site_src_uri] = str(source.path)
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
        if os.environ.get(markdown_tree.RENDER_ENV):
            self._render_files(files, config)
        return files

    on_files = CombinedEvent(_fork_other_languages, _add_external_files, _after_i18n)

    def _add_generated(self, files: Files, config) -> None:
        """Registry pages and the archive, in this language, at language-prefixed destinations."""
        model = self.model
        pages = model.registry_pages(self.lang) if model.registry.organisations else {}
        if outputs.has_newsletter(model, config.docs_dir):
            pages[newsletter_pages.ARCHIVE] = newsletter_pages.archive_page(
                model.newsletter, self.pages.texts(), self.lang, self.today, self.show_drafts
            )
        i18n = self._i18n(config)
        for src_uri, markdown in pages.items():
            created = {
                lang: STATE.generated_file(config, src_uri, markdown if lang == self.lang else "", lang)
                for lang in project_mod.LANGUAGES
            }
            static_i18n.mark_alternates(created[self.lang], self.lang, created)
            files.append(created[self.lang])
            i18n.register(self.lang, created[self.lang])

    def _render_files(self, files: Files, config) -> None:
        """`ketenwijzer render`: this language's navigation and the files beside its pages (see markdown_tree.py)."""
        folder = os.environ[markdown_tree.RENDER_ENV]
        markdown_tree.write_nav(folder, self.lang, config.nav)
        roots = [os.path.join(os.path.abspath(config.docs_dir), "")] + list(self.external.values())
        for file in files:
            if file.is_documentation_page() or file.generated_by or not file.abs_src_path:
                continue
            if os.path.abspath(file.abs_src_path).startswith(tuple(roots)):
                markdown_tree.write_asset(folder, self.lang, file.src_uri, file.abs_src_path)

    def _skipping_default_language(self, config) -> bool:
        return self.plan.skip_default_language and not self._i18n(config).inner_build

    # -- navigation and pages ----------------------------------------------
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

    def on_env(self, env, config, files):
        nav_cache.install(env, self.nav, self.lang, material.nav_partial_folder(self.upstream))
        return env

    def on_page_markdown(self, markdown, page, config, files):
        markdown = self.pages.markdown(markdown, page)
        if os.environ.get(markdown_tree.RENDER_ENV):
            markdown_tree.write_page(os.environ[markdown_tree.RENDER_ENV], self.lang, page.file.src_uri, markdown, page.meta)
        return markdown

    def on_page_content(self, html, page, config, files):
        return page_extras.focusable_abbreviations(html) + self.pages.take_search_additions(page.file.src_uri)

    def on_page_context(self, context, page, config, nav):
        if self.crumb_titles is None:  # every page's Markdown has been read now (a dirty rebuild reads fewer)
            titles = {listed.url: listed.title or self._source_title(listed.file) for listed in self.listed_pages}
            self.crumb_titles = {url: title for url, title in titles.items() if title}
            self.crumb_titles.update(breadcrumbs.section_titles(nav))
        page.kw_breadcrumbs = breadcrumbs.trail(
            page.url, self._lang_prefix(), messages.t("nav.home", self.lang), self.crumb_titles
        )
        return context

    def _source_title(self, file) -> str:
        slug, _ = project_mod.split_language(file.src_uri)
        return self.model.title(slug, self.lang) if slug in self.model.project.pages() else ""

    def on_post_page(self, output, page, config):
        output = material.mark_content_area(output, self.upstream, page.file.src_uri)
        if config.site_url:
            output = addresses.mend_head(output, page.file, self.lang, config.site_url)
        return page_extras.trim_indentation(self._header_search(output, get_relative_url(".", page.url) + "/", page.file.src_uri))

    def _header_search(self, output: str, root: str, name: str) -> str:
        """What every page Material renders (404.html included) needs: the search dialog in the header."""
        html = pagefind.header_search(self.lang, root, self.search_icon)
        return material.add_to_header(output, html, self.upstream, name)

    def on_post_template(self, output, template_name, config):
        """The sitemap, and every language's own 404 page.

        static-i18n renders theme templates once per language into the same
        site_dir, so the last language's 404.html would replace the Dutch one.
        Keep the default language's page at /404.html and write the others
        to /<lang>/404.html (a web server maps /<lang>/ misses to it).
        """
        if template_name == "sitemap.xml" and config.site_url:
            output = addresses.sitemap(self._i18n(config), self.lang, config.site_url, self.dates)
        if self.forks.language and template_name == "sitemap.xml":
            self.forks.sitemap = output  # the parent joins it to its own
            return ""
        if template_name != "404.html":
            return output
        # a 404 page answers at any address: its links to the site root are absolute
        output = self._header_search(output, urlsplit(config.site_url or "/").path or "/", "404.html")
        self.not_found[self.lang] = output
        if self.lang == project_mod.DEFAULT_LANGUAGE:
            return output
        target = Path(config.site_dir) / self.lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        if self.forks.language:
            return ""  # the parent writes /404.html
        return self.not_found.get(project_mod.DEFAULT_LANGUAGE, output)

    # -- after the build -----------------------------------------------------
    @event_priority(-90)
    def _before_other_languages(self, config):
        """Let the other languages render their 404 page; hold static-i18n's loop when forks or a plan replace it."""
        i18n = self._i18n(config)
        if self.plan.skip_default_language and "404.html" in self.plan.held_templates:
            self.plan.held_templates.discard("404.html")
            config.theme.static_templates.add("404.html")
        if not i18n.present or i18n.inner_build or not (self.forks.children or self.plan.skip_other_languages):
            return
        if not self.forks.children:
            log.info("ketenwijzer: only Dutch originals changed: the other languages are left as they are")
        i18n.hold_other_languages()
        self.skipped_other_languages = True

    @event_priority(AFTER_I18N)
    def _after_other_languages(self, config):
        if self.skipped_other_languages:
            self._i18n(config).release_other_languages()
            self.skipped_other_languages = False
        elif self._i18n(config).inner_build:
            return  # an inner per-language build; the outer one finishes the job
        site = str(config.site_dir)
        if self.forks.children:
            self.forks.join(site)
        config.theme.static_templates |= self.plan.held_templates
        self.plan = Plan()
        if self.dirty_build and outputs.feeds_written(site):
            # a save in `make serve`: pages and search follow at once; feeds and the part
            # sitemaps keep what the first build of this session wrote
            log.debug("dirty rebuild: feeds and part sitemaps left as they were")
        else:
            if outputs.has_newsletter(self.model, config.docs_dir):
                outputs.write_feeds(self.model, site, config.site_url, self.today, self.show_drafts)
            outputs.write_part_sitemaps(site, config.site_url)
            outputs.write_robots(site, config.site_url)
        outputs.write_print_books(self.model, site, config.site_url, config.site_name, self.command == "serve")
        printing.build_finished()
        outputs.index_search(site, self.command == "serve")
        STATE.succeeded(site, self.signature)

    on_post_build = CombinedEvent(_before_other_languages, _after_other_languages)

    def on_build_error(self, error):
        printing.build_finished()
        self.forks.stop()

    def on_serve(self, server, config, builder):
        root = self.model.root if self.model else self._root(config)
        for section in project_mod.SECTIONS:
            path = root / section.directory
            if section.directory != "docs" and path.is_dir():
                server.watch(str(path))
        return server


def _refuse_local_addresses(config) -> None:
    """KETENWIJZER_ENV=production: no build that points readers at this machine (see ketenwijzer.domain.deployment)."""
    values = {"site_url": config.site_url}
    if isinstance(config.extra.get("subscriptions"), dict):
        values["extra.subscriptions.endpoint"] = config.extra["subscriptions"].get("endpoint")
    found = deployment.problems(values, os.environ)
    if found:
        raise PluginError(deployment.report(found))
