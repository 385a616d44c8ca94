"""Shared fixtures: write a whole little project into tmp_path and build it."""

from __future__ import annotations

import ast
import inspect
import logging
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from real_site import CHROMIUM, CHROMIUM_ARGS, copy_content

REPO = Path(__file__).resolve().parents[1]


@dataclass
class SiteProject:
    root: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def page(self, rel: str, title: str, body: str = "", **meta) -> Path:
        lines = ["---", f"title: {title}", f"description: {meta.pop('description', title + ' description.')}"]
        for key, value in meta.items():
            lines.append(f"{key}: {value}")
        lines.append("---")
        return self.write(rel, "\n".join(lines) + "\n\n" + textwrap.dedent(body).strip() + "\n")

    def build(self, expect_warnings: tuple[str, ...] = ()) -> Path:
        """Build strictly; fail on any warning that is not expected."""
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            build(config)
        finally:
            logger.removeHandler(handler)
        unexpected = [w for w in handler.messages if not any(e in w for e in expect_warnings)]
        assert not unexpected, f"unexpected warnings: {unexpected}"
        return self.site

    def read(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def copy_skeleton(root: Path) -> None:
    """The project's real configuration and theme overrides, without its content."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", root / "overrides")
    for name in ("docs", "handreiking", "stories"):
        (root / name).mkdir(exist_ok=True)


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    copy_skeleton(tmp_path)
    proj = SiteProject(tmp_path)
    proj.page("docs/index.nl.md", "Start", "# Start\n\nWelkom.")
    proj.page("docs/index.en.md", "Home", "# Home\n\nWelcome.")
    return proj


# -- the real site, built once per test session and served on loopback ---------


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own content, built strictly (as `make site`) into a temporary folder."""
    root = tmp_path_factory.mktemp("real")
    copy_content(root)
    proj = SiteProject(root)
    return proj.build()


@pytest.fixture(scope="session")
def site_server(real_site):
    """Serve the built site over http on 127.0.0.1, with the site's own 404 page."""
    from site_server import serve

    with serve(real_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (`make test` installs it with apt)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make chromium' (make test does this for you)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # loopback only: any other request fails the test
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"requests left the machine: {outside}"


# -- test tiers, from what each test uses (no test file names its tier) --------
# unit     none of the below: `make test-fast` runs these, `make test-pythons` on every other Python
# build    a real MkDocs build: SiteProject.build, mkdocs' build(), `mkdocs build` as a child, real_site,
#          or a copy of the whole real site's content (copy_content)
# serve    a running `mkdocs serve`
# service  the subscription service, an SMTP or PostgreSQL server on loopback, or a child process that keeps running
# browser  headless Chromium
# A test may be in several tiers; one marked with a tier by hand keeps its marks.
TIERS = ("unit", "build", "serve", "service", "browser")
_MKDOCS_SERVE = r"\[[^\]]*[\"']mkdocs[\"'],\s*[\"']serve[\"']"  # the argument list of a `mkdocs serve` child
_TIER_USES: dict[str, tuple[set[str], re.Pattern[str] | None]] = {
    "browser": ({"browser", "page"}, None),
    "serve": (set(), re.compile(r"\bPopen\(" + _MKDOCS_SERVE)),
    # a build, or the whole real site's content copied to work on (as slow as a build)
    "build": ({"real_site", "site_server"}, re.compile(r"\bbuild\(|[\"']mkdocs[\"'],\s*[\"']build[\"']|\bcopy_content\(")),
    "service": (
        {"smtp", "live", "postgres", "database"},
        re.compile(r"\bPopen\((?!" + _MKDOCS_SERVE + r")|\bserve_app\(|\bController\("),
    ),
}
_TESTS = Path(__file__).resolve().parent


def _own_source(func, seen: set) -> str:
    """The source of ``func`` and of every function of tests/ that it calls, followed to the end."""
    func = inspect.unwrap(func)
    if func in seen or not callable(func):
        return ""
    seen.add(func)
    try:
        if not Path(inspect.getsourcefile(func) or "").resolve().is_relative_to(_TESTS):
            return ""
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return ""
    called = {
        node.func.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    namespace = getattr(func, "__globals__", {})
    return "\n".join(
        [source, *(_own_source(namespace[name], seen) for name in sorted(called) if inspect.isfunction(namespace.get(name)))]
    )


def tiers_of(item) -> set[str]:
    fixtures = set(item.fixturenames)
    seen: set = set()
    parts = [_own_source(item.function, seen)]
    for definitions in item._fixtureinfo.name2fixturedefs.values():  # the fixtures the test uses, nested ones too
        parts += [_own_source(definition.func, seen) for definition in definitions]
    source = "\n".join(parts)
    found = {
        tier
        for tier, (names, pattern) in _TIER_USES.items()
        if fixtures & names or (pattern is not None and pattern.search(source))
    }
    return found or {"unit"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        for tier in sorted(tiers_of(item)):
            item.add_marker(tier)
