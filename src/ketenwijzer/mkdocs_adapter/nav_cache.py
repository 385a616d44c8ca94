"""Render the site navigation once per kind of page instead of once per page.

Material renders the whole navigation into every page. Its HTML depends only
on the language, on which navigation entry is the current page (that entry is
marked and carries the page's table of contents) and on where the page sits:
links are relative, so two sibling pages (``a/x/`` and ``a/y/``) get the same
links, unless a navigation entry lies below one of them. The archive's
articles and most registry pages are not in the navigation, so thousands of
pages share a few hundred renderings (one per edition folder, one per
registry folder).

`overrides/partials/nav.html` asks :class:`NavCache` for a key, renders
Material's own partial (reached as ``material-original/partials/nav.html``)
only on a miss, and stores the result.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader, PrefixLoader

ORIGINAL = "material-original"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process.

    MkDocs makes a new Jinja environment for every build, and static-i18n runs
    one build per language, `mkdocs serve` one per save: each recompiled all of
    Material's templates. Jinja keys the cache by template name and a checksum
    of its source, so an edited template is compiled again.
    """

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _MemoryBytecodeCache()


class NavCache:
    def __init__(self, lang: str, nav_urls: set[str]):
        self.lang = lang
        self.nav_urls = nav_urls
        # every folder that holds a navigation entry (below it or as itself)
        self.above_nav = {url[: index + 1] for url in nav_urls for index, char in enumerate(url) if char == "/"}
        self.above_nav |= nav_urls
        self.rendered: dict[tuple, str] = {}

    def key(self, page, base_url: str) -> tuple:
        url = getattr(page, "url", None)
        if url is None:
            return (self.lang, base_url, None, id(page))  # not a page: never shared
        if url in self.above_nav:
            return (self.lang, base_url, url, url in self.nav_urls)
        parent = url.rstrip("/").rpartition("/")[0]
        return (self.lang, base_url, parent + "/*", False)

    def get(self, key: tuple):
        return self.rendered.get(key)

    def put(self, key: tuple, html: str) -> str:
        self.rendered[key] = html
        return html


def install(env, nav, lang: str, templates: Path) -> NavCache:
    """Let templates reach Material's partials (``templates``) under ORIGINAL/ and give them a fresh cache."""
    # MkDocs makes a new environment for every build, so this wraps its loader once
    env.loader = ChoiceLoader([env.loader, PrefixLoader({ORIGINAL: FileSystemLoader(str(templates))})])
    env.bytecode_cache = COMPILED
    cache = NavCache(lang, {page.url for page in nav.pages} if nav is not None else set())
    env.globals["kw_nav"] = cache
    return cache
