"""The import boundary: the domain and the page generators import no web or site framework.

Read from the source with ``ast`` (nothing is imported), so an import inside a function counts too.
The edge modules (the MkDocs adapter, the command line, the subscription service's app) may import
the frameworks; the rest of ``src/ketenwijzer`` may not, neither directly nor through an edge module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ketenwijzer"
FRAMEWORKS = ("mkdocs", "material", "jinja2", "click", "starlette", "uvicorn")

# modules that are allowed to import them: they adapt the domain to MkDocs, the terminal or HTTP
EDGE = {"ketenwijzer.mkdocs_plugin", "ketenwijzer.forked", "ketenwijzer.nav_cache", "ketenwijzer.cli",
        "ketenwijzer.subscriptions.cli", "ketenwijzer.subscriptions.service", "ketenwijzer.subscriptions.app"}

# Domain modules that cross the boundary today, each with its import; the restructure moves them.
# Remove a line when its module is clean (the test fails on a line that is no longer needed).
KNOWN_CROSSINGS = {
    # reads mkdocs.yml with MkDocs' YAML loader (for !ENV); belongs with the one reader of mkdocs.yml
    ("ketenwijzer.announcements", "mkdocs.utils.yaml"),
    # writes each language's mkdocs.yml and reads the project's with MkDocs' YAML loader
    ("ketenwijzer.render", "mkdocs.utils.yaml"),
    # the subscription service renders its mails and pages with Jinja templates: part of its app
    ("ketenwijzer.subscriptions.mailer", "jinja2"),
    ("ketenwijzer.subscriptions.pages", "jinja2"),
    # `publish-due` rebuilds the site with MkDocs to check an edition as readers will see it; belongs in the adapter
    ("ketenwijzer.publication", "mkdocs.commands.build"),
    ("ketenwijzer.publication", "mkdocs.config"),
    # renders half of the PDFs in a forked process (forked.py has no framework import, but sits with the adapter)
    ("ketenwijzer.printing.books", "ketenwijzer.forked"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_edge(module: str) -> bool:
    return module in EDGE or module.endswith("_cli")


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module named by an import statement anywhere in ``source`` (relative ones made absolute)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            if base.split(".")[0] == "ketenwijzer":  # `from ketenwijzer import cli` imports a module
                found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def crossings(source: str, module: str, is_package: bool = False) -> set[tuple[str, str]]:
    """(module, import) for each framework or edge module that ``module``'s source imports."""
    out = set()
    for name in imported_modules(source, module, is_package):
        if name.split(".")[0] in FRAMEWORKS or (name.startswith("ketenwijzer.") and is_edge(name)):
            out.add((module, name))
    return out


def domain_modules() -> dict[str, Path]:
    modules = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    return {name: path for name, path in modules.items() if not is_edge(name)}


def test_the_domain_and_generators_import_no_framework():
    found = set()
    for name, path in domain_modules().items():
        found |= crossings(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    new = sorted(found - KNOWN_CROSSINGS)
    assert not new, ("these modules import a framework or an edge module; keep MkDocs, Jinja, click, Starlette "
                     "and uvicorn in the adapter, the command line or the service app: "
                     + ", ".join(f"{module} imports {name}" for module, name in new))
    gone = sorted(KNOWN_CROSSINGS - found)
    assert not gone, f"no longer crossing the boundary, remove from KNOWN_CROSSINGS: {gone}"


def test_there_are_domain_modules_and_edge_modules_to_tell_apart():
    names = set(domain_modules())
    assert {"ketenwijzer.registry", "ketenwijzer.feeds", "ketenwijzer.problems"} <= names
    assert not names & {"ketenwijzer.mkdocs_plugin", "ketenwijzer.cli", "ketenwijzer.registry_cli"}


@pytest.mark.parametrize("source, module, expected", [
    ("import mkdocs", "ketenwijzer.feeds", {"mkdocs"}),
    ("from material.plugins.search import plugin", "ketenwijzer.feeds", {"material.plugins.search"}),
    ("def f():\n    import jinja2.sandbox\n", "ketenwijzer.feeds", {"jinja2.sandbox"}),
    ("from .. import cli", "ketenwijzer.subscriptions.store", {"ketenwijzer.cli"}),
    ("from . import nav_cache", "ketenwijzer.feeds", {"ketenwijzer.nav_cache"}),
    ("from .registry_cli import registry", "ketenwijzer.feeds", {"ketenwijzer.registry_cli"}),
    ("import mkdocs_nav_weight, clickhouse\nfrom . import registry", "ketenwijzer.feeds", set()),
])
def test_crossings_are_found_wherever_the_import_stands(source, module, expected):
    assert {name for _, name in crossings(source, module)} == expected
