"""Every content check the build runs, in one place: ``ketenwijzer check`` and the MkDocs plugin call :func:`problems`.

The site model finds the problems of the sources themselves (front matter, dates,
the registry, links to pages and files that do not exist). What the published
build adds, and this module checks without building:

- ``template:`` keys that name no file of the theme;
- links from public pages to pages the published build leaves out (drafts, future editions);
- links to an anchor (``page.md#id``, ``#id``) that the target page, as MkDocs renders it
  in each language, does not have. Headings get their ids from the ``toc`` extension,
  configured as in ``mkdocs.yml``: the pages are rendered with the build's own Markdown
  extensions, so the ids are the ones MkDocs makes.

Drafts' links are checked as if they were public: their problems are warnings until
``check --edition N`` and ``edition publish N`` (see ``editions.split_problems``).
Only pages that some link points into with an anchor are rendered, so a check stays fast.

What it cannot see: ids that only the plugin's other additions make (the home page's
latest-edition block, the subscribe form, notices); a link to one of those is reported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
import markdown.treeprocessors

from ketenwijzer.domain import content_links, editions, project as project_mod
from ketenwijzer.domain.problems import Problem
from ketenwijzer.generators import newsletter_pages, registry_pages
from ketenwijzer.site import sitemodel


@dataclass(frozen=True)
class BuildSettings:
    """What the build renders with, as MkDocs reads it from ``mkdocs.yml`` (the edges hand it over)."""

    theme_dirs: Sequence[str]
    markdown_extensions: Sequence[Any] = ()
    markdown_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def problems(model: sitemodel.SiteModel, settings: BuildSettings, today: dt.date, *, show_drafts: bool = False) -> list[Problem]:
    """The model's problems and every other one the build would stop on, sorted, each once.

    ``show_drafts`` is the build's choice (``make serve`` shows drafts; ``make site`` and
    ``ketenwijzer check`` do not).
    """
    found = list(model.problems)
    found += sitemodel.template_problems(
        model.project, lambda name: any(os.path.isfile(os.path.join(d, name)) for d in settings.theme_dirs)
    )
    hidden = set() if show_drafts else editions.hidden_slugs(model.project, model.newsletter, today)
    found += hidden_link_problems(model, hidden)
    found += anchor_problems(model, settings, today, hidden)
    return sorted(set(found))


def hidden_link_problems(model: sitemodel.SiteModel, hidden: set[str]) -> list[Problem]:
    """Links from pages readers see to pages the build leaves out (``hidden``: their slugs)."""
    if not hidden:
        return []
    known = {f"{slug}.md": slug for slug in hidden}
    known.update({source.site_src_uri: source.slug for source in model.project.sources if source.slug in hidden})
    found = []
    for source in model.project.sources:
        if source.slug in hidden:
            continue
        for link in content_links.links(source):
            uri = content_links.page_of(link, set(known))
            if uri is None:
                continue
            edition = model.newsletter.edition_for(known[uri])
            what = f"edition {edition.number}" if edition is not None else "an edition"
            found.append(
                Problem(
                    model.project.display(source.path),
                    link.line,
                    f"link to '{link.target}' leads to a page of {what}, which readers do not see yet (a draft "
                    f"or dated in the future): the published build leaves it out and fails on the link; "
                    f"remove the link until the edition is public",
                )
            )
    return found


# -- anchors ------------------------------------------------------------------


class _Ids(markdown.treeprocessors.Treeprocessor):
    """Every id (and name of an <a>) in the rendered page, as MkDocs' own anchor check collects them."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, root):
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id"))
            if element.tag == "a" and element.get("name"):
                self.ids.add(element.get("name"))


class _RawIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


class Renderer:
    """Renders Markdown with the build's extensions and tells the ids the page has."""

    def __init__(self, settings: BuildSettings):
        self.md = markdown.Markdown(
            extensions=list(settings.markdown_extensions),
            extension_configs={k: dict(v) for k, v in settings.markdown_configs.items()},
        )
        self.collect = _Ids(self.md)
        # after the extensions: with the toc's priority, it sees the ids the toc gives the headings
        self.md.treeprocessors.register(self.collect, "kw_ids", 5)
        self.cache: dict[str, set[str]] = {}

    def ids(self, text: str) -> set[str]:
        hit = self.cache.get(text)
        if hit is None:
            self.md.reset()
            self.collect.ids = set()
            self.md.convert(text)
            raw = _RawIds()
            raw.feed(text)
            raw.close()
            hit = self.cache[text] = self.collect.ids | raw.ids
        return hit


def newsletter_texts(model: sitemodel.SiteModel, lang: str) -> newsletter_pages.Texts:
    return newsletter_pages.Texts(
        meta=lambda slug: model.meta(slug, lang), original=lambda slug: model.meta(slug, project_mod.DEFAULT_LANGUAGE)
    )


def newsletter_markdown(model: sitemodel.SiteModel, slug: str, markdown_text: str, lang: str, today: dt.date) -> str:
    """An edition's or an article's Markdown in ``lang``'s build, with the newsletter's decorations around it
    (the edition's cover and table of contents, the article's credits and neighbours); other pages as they are.

    What the plugin's page hook adds to them (it may call this), and what the anchor check renders.
    """
    original = model.original(slug)
    edition = model.newsletter.edition_for(slug)
    if original is None or edition is None:
        return markdown_text
    texts = newsletter_texts(model, lang)
    if original.kind == "edition":
        return newsletter_pages.edition_page(edition, markdown_text, texts, lang, today)
    if original.kind == "article":
        return (
            newsletter_pages.article_header(slug, edition, texts, lang, today)
            + markdown_text
            + newsletter_pages.article_footer(slug, model.newsletter, texts, lang)
        )
    return markdown_text


def page_markdown(model: sitemodel.SiteModel, source: project_mod.Source, lang: str, today: dt.date) -> str:
    """A source page's Markdown in ``lang``'s build, as far as it adds headings: the body and the newsletter's decorations."""
    return newsletter_markdown(model, source.slug, source.doc.body if source.doc is not None else "", lang, today)


def anchor_problems(model: sitemodel.SiteModel, settings: BuildSettings, today: dt.date, hidden: set[str]) -> list[Problem]:
    """Links to ``#id`` that the target page does not have, in any language's build."""
    # drafts too, as if they were public: their problems are warnings until `edition publish` (editions.split_problems)
    wanted = [
        (source, link)
        for source in model.project.sources
        for link in content_links.links(source)
        if link.fragment and not link.absolute
    ]
    if not wanted:
        return []
    check = _Anchors(model, Renderer(settings), today, hidden)
    found: list[Problem] = []
    with contextlib.chdir(model.root):  # as the build runs: pymdownx.snippets reads files from the project folder
        for source, link in wanted:
            found += check.problems(source, link)
    return found


class _Anchors:
    """Where a link with an anchor leads in each language's build, and whether the id is there."""

    def __init__(self, model: sitemodel.SiteModel, renderer: Renderer, today: dt.date, hidden: set[str]):
        self.model, self.renderer, self.today, self.hidden = model, renderer, today, hidden
        self.pages = model.project.pages()
        self.slugs = {source.site_src_uri: source.slug for source in model.project.sources}
        self.slugs.update({f"{slug}.md": slug for slug in self.pages})
        self.generated: dict[str, Callable[[str], str]] = {newsletter_pages.ARCHIVE: self._archive}
        if model.registry.organisations and not model.registry_problems:
            self.generated.update(
                {uri: functools.partial(self._registry_page, uri=uri) for uri in registry_pages.page_uris(model.registry)}
            )
        self.known = set(self.slugs) | set(self.generated)

    def _archive(self, lang: str) -> str:
        return newsletter_pages.archive_page(self.model.newsletter, newsletter_texts(self.model, lang), lang, self.today, False)

    def _registry_page(self, lang: str, uri: str) -> str:
        return self.model.registry_pages(lang)[uri]

    def _shown(self, slug: str, lang: str, explicit: str | None = None) -> project_mod.Source | None:
        """The file of page ``slug`` that readers of ``lang`` get (the Dutch original when it has no translation)."""
        by_lang = self.pages.get(slug, {})
        return by_lang.get(explicit or lang) or by_lang.get(project_mod.DEFAULT_LANGUAGE)

    def target(self, source: project_mod.Source, link: content_links.Link, lang: str) -> tuple[str, str] | None:
        """(the target as the message names it, its Markdown in ``lang``), or None when no page's anchor is at stake."""
        if not link.path:
            return "this page", page_markdown(self.model, source, lang, self.today)
        uri = content_links.page_of(link, self.known)
        if uri is None:
            return None  # a link that leads nowhere, or to a file: reported as such
        if uri in self.generated:
            return uri, self.generated[uri](lang)
        slug = self.slugs[uri]
        target = self._shown(slug, lang, project_mod.split_language(uri.rsplit("/", 1)[-1])[1])
        if target is None or (slug in self.hidden and source.slug not in self.hidden):
            return None  # from a public page: reported as a link to a page readers do not see
        return self.model.project.display(target.path), page_markdown(self.model, target, lang, self.today)

    def problems(self, source: project_mod.Source, link: content_links.Link) -> list[Problem]:
        found = []
        # its own language first: a link broken there is reported once, without the other languages
        for lang in sorted(project_mod.LANGUAGES, key=lambda lang: lang != source.lang):
            if self._shown(source.slug, lang) is not source:
                continue  # readers of this language get another file of this page
            target = self.target(source, link, lang)
            if target is None:
                continue
            where, text = target
            ids = self.renderer.ids(text)
            if link.fragment in ids:
                continue
            guess = difflib.get_close_matches(link.fragment, sorted(ids), n=1)
            hint = (
                f"did you mean '#{guess[0]}'?"
                if guess
                else "link to a heading's id (shown in the address when you click the ¶ beside it)"
            )
            note = (
                "" if lang == source.lang else f" (readers of /{lang}/ get this page untranslated, and the link leads them there)"
            )
            found.append(
                Problem(
                    self.model.project.display(source.path),
                    link.line,
                    f"link to '{link.target}': {where} has no heading or element with the id '{link.fragment}'{note}; {hint}",
                )
            )
            if lang == source.lang:
                break
        return found
