"""The import boundary: the domain and the page generators import no web or site framework.

Read from the source with ``ast`` (nothing is imported), so an import inside a function counts too.
The edges (the MkDocs adapter, the command line, the subscription service's app) may import
the frameworks; the rest of ``src/ketenwijzer`` may not, neither directly nor through an edge module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ketenwijzer"
FRAMEWORKS = ("mkdocs", "material", "jinja2", "click", "starlette", "uvicorn")

# the edges adapt the core to MkDocs, the terminal or HTTP: they may import the frameworks and any layer
EDGE_PACKAGES = ("ketenwijzer.mkdocs_adapter", "ketenwijzer.cli")
EDGE = {"ketenwijzer.subscriptions.cli", "ketenwijzer.subscriptions.service", "ketenwijzer.subscriptions.app"}

# The layers inside the core, and what each may import of the package (itself included). The domain
# knows nothing of pages; the generators know the domain; the site model joins them; subscriptions is a
# bounded context that imports nothing of the rest (the site hands it an Announcement).
LAYERS = {
    "ketenwijzer.domain": {"ketenwijzer.domain"},
    "ketenwijzer.generators": {"ketenwijzer.domain", "ketenwijzer.generators"},
    "ketenwijzer.search": {"ketenwijzer.domain", "ketenwijzer.generators", "ketenwijzer.search"},
    "ketenwijzer.printing": {"ketenwijzer.domain", "ketenwijzer.generators", "ketenwijzer.printing", "ketenwijzer.forked"},
    "ketenwijzer.site": {
        "ketenwijzer.domain",
        "ketenwijzer.generators",
        "ketenwijzer.site",
        "ketenwijzer.subscriptions.announcement",
    },
    # and the one reader of mkdocs.yml, which gives the settings the site_url MkDocs builds with (!ENV and all)
    "ketenwijzer.subscriptions": {"ketenwijzer.subscriptions", "ketenwijzer.domain.site_config"},
    "ketenwijzer.forked": set(),
    "ketenwijzer": set(),  # the package's own __init__
}

# Framework imports inside the core that are part of a design, each with its reason.
ALLOWED = {
    # the subscription service renders its mails and its pages with Jinja templates, its own package data
    ("ketenwijzer.subscriptions.mailer", "jinja2"),
    ("ketenwijzer.subscriptions.pages", "jinja2"),
}
# Crossings that are still to be removed; the test fails on a line that is no longer needed.
KNOWN_CROSSINGS: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_edge(module: str) -> bool:
    return module in EDGE or any(module == p or module.startswith(p + ".") for p in EDGE_PACKAGES)


def layer_of(module: str) -> str:
    """The longest LAYERS key that ``module`` is or lies in."""
    found = [layer for layer in LAYERS if module == layer or module.startswith(layer + ".")]
    if not found:
        raise AssertionError(f"{module} lies in no layer: add its folder to LAYERS in tests/test_architecture.py")
    return max(found, key=len)


def in_any(name: str, allowed: set[str]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


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
    new = sorted(found - KNOWN_CROSSINGS - ALLOWED)
    assert not new, (
        "these modules import a framework or an edge module; keep MkDocs, Jinja, click, Starlette "
        "and uvicorn in the adapter, the command line or the service app: "
        + ", ".join(f"{module} imports {name}" for module, name in new)
    )
    gone = sorted(KNOWN_CROSSINGS - found)
    assert not gone, f"no longer crossing the boundary, remove from KNOWN_CROSSINGS: {gone}"


def layer_crossings(source: str, module: str, is_package: bool = False) -> set[tuple[str, str]]:
    """(module, import) for each import of the package that ``module``'s layer may not make."""
    allowed = LAYERS[layer_of(module)]
    return {
        (module, name)
        for name in imported_modules(source, module, is_package)
        if name.split(".")[0] == "ketenwijzer" and name != "ketenwijzer" and not in_any(name, allowed)
    }


def test_each_layer_imports_only_the_layers_below_it():
    found = set()
    for name, path in domain_modules().items():
        found |= layer_crossings(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    assert not found, "these imports go against the layers (domain < generators < site; subscriptions on its own): " + ", ".join(
        f"{module} imports {name}" for module, name in sorted(found)
    )


def test_there_are_domain_modules_and_edge_modules_to_tell_apart():
    names = set(domain_modules())
    assert {"ketenwijzer.domain.registry", "ketenwijzer.generators.feeds", "ketenwijzer.domain.problems"} <= names
    assert not names & {"ketenwijzer.mkdocs_adapter.plugin", "ketenwijzer.cli.main", "ketenwijzer.cli.registry"}
    assert {layer_of(name) for name in names} == set(LAYERS)  # every layer has modules, none is a leftover


@pytest.mark.parametrize(
    "source, module, expected",
    [
        (
            "from ketenwijzer.generators import feeds",
            "ketenwijzer.domain.editions",
            {"ketenwijzer.generators", "ketenwijzer.generators.feeds"},
        ),
        ("from ..site import sitemodel", "ketenwijzer.generators.navigation", {"ketenwijzer.site", "ketenwijzer.site.sitemodel"}),
        (
            "from ketenwijzer.domain import editions",
            "ketenwijzer.subscriptions.store",
            {"ketenwijzer.domain", "ketenwijzer.domain.editions"},
        ),
        ("from ketenwijzer.domain import editions\nfrom . import feeds", "ketenwijzer.generators.navigation", set()),
        ("from ketenwijzer.subscriptions.announcement import Announcement", "ketenwijzer.site.announcements", set()),
    ],
)
def test_layer_crossings_are_found(source, module, expected):
    assert {name for _, name in layer_crossings(source, module)} == expected


@pytest.mark.parametrize(
    "source, module, expected",
    [
        ("import mkdocs", "ketenwijzer.feeds", {"mkdocs"}),
        ("from material.plugins.search import plugin", "ketenwijzer.feeds", {"material.plugins.search"}),
        ("def f():\n    import jinja2.sandbox\n", "ketenwijzer.feeds", {"jinja2.sandbox"}),
        ("from .. import cli", "ketenwijzer.subscriptions.store", {"ketenwijzer.cli"}),
        (
            "from ..mkdocs_adapter import nav_cache",
            "ketenwijzer.generators.feeds",
            {"ketenwijzer.mkdocs_adapter", "ketenwijzer.mkdocs_adapter.nav_cache"},
        ),
        (
            "from ketenwijzer.cli.registry import registry_group",
            "ketenwijzer.generators.feeds",
            {"ketenwijzer.cli.registry", "ketenwijzer.cli.registry.registry_group"},
        ),
        ("import mkdocs_nav_weight, clickhouse\nfrom . import registry", "ketenwijzer.feeds", set()),
    ],
)
def test_crossings_are_found_wherever_the_import_stands(source, module, expected):
    assert {name for _, name in crossings(source, module)} == expected


# -- one module per upstream seam -----------------------------------------------------------------
# What reaches into mkdocs-static-i18n's or Material's internals, and the one module allowed to.
SEAM_MARKERS = {
    "ketenwijzer.mkdocs_adapter.static_i18n": (
        r"plugins\.get\(\s*['\"]i18n",
        r"\bi18n_files_per_language\b",
        r"\blocale_alternate_of\b",
        r"\bcurrent_language\b",
        r"\.building\b",
        r"getattr\([^)]*['\"]locale['\"]",
        r"\bextra\.alternate\b",
    ),
    "ketenwijzer.mkdocs_adapter.material": (
        r"files\(\s*['\"]material['\"]",
        r"^\s*(from|import) material\b",
        r"material\.__file__",
        r"\.icons/",
        r"<header class=\"md-header",
        r"md-content__inner md-typeset",
    ),
}
# printing reads the built page's content area (and says so loudly when it is missing); the same markup
# as the seam material.content_area, whose golden excerpt covers both
SEAM_READERS = {
    ("ketenwijzer.printing.document", "ketenwijzer.mkdocs_adapter.material"),
    ("ketenwijzer.printing.books", "ketenwijzer.mkdocs_adapter.material"),
}


def seam_reaches(source: str, module: str) -> set[tuple[str, str]]:
    """(module, owner) for each seam marker in ``source`` whose owning module is not ``module``."""
    import re

    found = set()
    for owner, markers in SEAM_MARKERS.items():
        if owner != module and any(re.search(marker, source, re.M) for marker in markers):
            found.add((module, owner))
    return found


def test_only_one_module_touches_each_upstreams_internals():
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name != "ketenwijzer.mkdocs_adapter.seams":  # describes the seams, touches none
            found |= seam_reaches(path.read_text(encoding="utf-8"), name)
    assert SEAM_READERS <= found, f"no longer reading the seam's markup, remove from SEAM_READERS: {SEAM_READERS - found}"
    found -= SEAM_READERS
    assert not found, "reach upstream internals through mkdocs_adapter/static_i18n.py or material.py only: " + ", ".join(
        f"{module} reaches what {owner} owns" for module, owner in sorted(found)
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("i18n = config.plugins.get('i18n')", {"ketenwijzer.mkdocs_adapter.static_i18n"}),
        ("plugin.building = True", {"ketenwijzer.mkdocs_adapter.static_i18n"}),
        ("import material\npath = material.__file__", {"ketenwijzer.mkdocs_adapter.material"}),
        ("x = files('material') / 'templates'", {"ketenwijzer.mkdocs_adapter.material"}),
        ("i18n.inner_build; static_i18n.file_language(file, 'nl')", set()),
    ],
)
def test_seam_reaches_are_found(source, expected):
    assert {owner for _, owner in seam_reaches(source, "ketenwijzer.mkdocs_adapter.plugin")} == expected
