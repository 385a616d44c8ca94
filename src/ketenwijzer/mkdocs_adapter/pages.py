"""What the adapter adds to each page's Markdown: newsletter decoration, tags, abbreviations, notices.

One :class:`PageDecorator` per language build. The decisions are the generators'; this module
only finds, for a MkDocs page, the source and the edition they need.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ketenwijzer.domain import editions, messages, page_history, project as project_mod, translations
from ketenwijzer.generators import newsletter_pages, page_extras, registry_pages
from ketenwijzer.mkdocs_adapter import static_i18n
from ketenwijzer.search import pagefind
from ketenwijzer.site import checks, sitemodel

LATEST_MARKER = "<!-- ketenwijzer:latest-edition -->"
SUBSCRIBE_MARKER = "<!-- ketenwijzer:subscribe-form -->"


@dataclass
class History:
    """Git dates (sitemaps.git_dates), the edit base (page_history), {source path: (path in the project, front matter)}."""

    dates: dict = field(default_factory=dict)
    edit_base: str | None = None
    sources: dict = field(default_factory=dict)


@dataclass
class PageDecorator:
    model: sitemodel.SiteModel
    lang: str
    today: dt.date
    show_drafts: bool
    endpoint: str
    history: History
    draft_problems: dict
    default_lang: str = project_mod.DEFAULT_LANGUAGE
    states: dict = field(default_factory=dict)
    abbreviations: page_extras.Abbreviations | None = None
    expander: pagefind.Expander | None = None
    # what each page adds for search (filters, best bets, expansions), by src_uri, until on_page_content
    search_additions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.states = self.model.translation_states()

    def texts(self) -> newsletter_pages.Texts:
        return checks.newsletter_texts(self.model, self.lang)

    def markdown(self, markdown: str, page) -> str:
        file_lang = static_i18n.file_language(page.file, self.lang)
        slug, _ = project_mod.split_language(page.file.src_uri)
        original = self.model.original(slug)
        self.search_additions[page.file.src_uri] = self._search_additions(slug, markdown, str(page.meta.get("description") or ""))
        markdown = self._newsletter(markdown, slug, original)
        if original is not None and original.doc is not None:
            markdown += page_extras.tag_links(self.model.registry, original.doc.meta, page.file.src_uri, self.lang)
        if self.abbreviations is None:
            self.abbreviations = page_extras.Abbreviations(
                registry_pages.abbreviation_definitions(self.model.registry, self.lang)
            )
        markdown += self.abbreviations.definitions_for(markdown)
        markdown = self._draft_problem_notice(page) + markdown + self._page_footer(page, original)
        if file_lang != self.lang:
            notice = notice_admonition("untranslated", self.lang, "info")
            return f'{notice}\n\n<div lang="{file_lang}" markdown>\n\n{markdown}\n\n</div>\n'
        if self.states.get((slug, self.lang)) == translations.STALE:
            return f"{notice_admonition('stale', self.lang, 'warning')}\n\n{markdown}"
        return markdown

    def take_search_additions(self, src_uri: str) -> str:
        return self.search_additions.pop(src_uri, "")

    def _search_additions(self, slug: str, markdown: str, description: str) -> str:
        if self.expander is None:
            self.expander = pagefind.expander(self.model.registry, self.lang)
        edition = self.model.newsletter.edition_for(slug) if slug.startswith(editions.DIR) else None
        filters = pagefind.section_filters(slug, self.lang, edition.label if edition is not None else None)
        return pagefind.page_additions(
            filters,
            pagefind.best_bets(self.model.registry, slug, self.lang),
            self.expander.expansions(pagefind.plain_text(markdown)),
            pagefind.best_bet_weight(slug),
            description,
        )

    def _newsletter(self, markdown: str, slug: str, original) -> str:
        newsletter = self.model.newsletter
        if original is not None and original.kind in ("edition", "article") and newsletter.edition_for(slug) is not None:
            return checks.newsletter_markdown(self.model, slug, markdown, self.lang, self.today)  # as the anchor check sees it
        if LATEST_MARKER in markdown:
            block = newsletter_pages.latest_block(newsletter, self.texts(), self.lang, self.today, f"{slug}.md")
            markdown = markdown.replace(LATEST_MARKER, block)
        if SUBSCRIBE_MARKER in markdown:
            markdown = markdown.replace(SUBSCRIBE_MARKER, newsletter_pages.subscribe_form(self.endpoint, self.lang))
        return markdown

    def _page_footer(self, page, original) -> str:
        """'Last updated' and 'Edit this page' for a page built from a source file (see page_history)."""
        if not page.file.abs_src_path or original is None:
            return ""
        found = self.history.sources.get(str(page.file.abs_src_path))
        if found is None:
            return ""
        rel, meta = found
        return page_history.page_footer(
            rel,
            self.lang,
            committed=self.history.dates.get(Path(page.file.abs_src_path).resolve()),
            meta=meta,
            base=self.history.edit_base,
        )

    def _draft_problem_notice(self, page) -> str:
        """In `make serve`, a draft page lists the problems of its own file (and of its Dutch original)."""
        if not self.show_drafts or not self.draft_problems or not page.file.abs_src_path:
            return ""
        path = Path(page.file.abs_src_path)
        shown = {
            self.model.project.display(path),
            self.model.project.display(path.with_name(re.sub(r"\.[a-z]{2}\.md$", f".{self.default_lang}.md", path.name))),
        }
        found = sorted(p for problems in self.draft_problems.values() for p in problems if p.path in shown)
        if not found:
            return ""
        items = "\n".join(f"    - `{p.path}:{p.line}`: {p.message}" for p in found)
        title = messages.t("draft.problems.title", self.lang)
        return f'!!! failure "{title}"\n    {messages.t("draft.problems.body", self.lang)}\n\n{items}\n\n'


def notice_admonition(name: str, lang: str, kind: str) -> str:
    title = messages.t(f"{name}.title", lang)
    body = messages.t(f"{name}.body", lang)
    return f'!!! {kind} "{title}"\n    {body}'
