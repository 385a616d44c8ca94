"""One fact, one place: the languages, the rule of what edition is public, and the scaffold of new pages.

Each is defined once (domain/project.py, domain/editions.py, domain/scaffolds.py); these tests read the
source with ``ast`` and fail when a second copy comes back, and run the commands that make new pages
to see that their files are the scaffold's.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.utils.yaml import yaml_load

from conftest import REPO
from ketenwijzer.cli.main import main
from ketenwijzer.domain import editions, frontmatter, messages, project as project_mod, scaffolds
from ketenwijzer.domain.editions import Edition
from ketenwijzer.generators import newsletter_pages
from ketenwijzer.site import sitemodel
from ketenwijzer.subscriptions import validation
from newsletter_fixture import edition as write_edition

PACKAGE = REPO / "src" / "ketenwijzer"
IMPORT_FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


# -- the languages ---------------------------------------------------------------

# modules that keep their own list of the languages, each with its reason
OWN_LANGUAGE_LISTS = {
    # the subscriptions context imports nothing of the rest (tests/test_architecture.py); it is checked below
    "subscriptions/validation.py",
}
# copies still to be replaced by project.LANGUAGES (in a file another change is rewriting); the test fails
# on an entry that is no longer needed
KNOWN_LANGUAGE_COPIES: set[str] = set()


def _language_lists(tree: ast.AST) -> int:
    """Tuple, list and set literals that name every language and nothing else, e.g. ("nl", "en")."""
    wanted = set(project_mod.LANGUAGES)
    found = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) == len(wanted):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            found += values == wanted
    return found


def test_the_languages_are_listed_in_one_place_only():
    copies = {name for name, tree in _modules() if _language_lists(tree)}
    assert copies - {"domain/languages.py"} - OWN_LANGUAGE_LISTS - KNOWN_LANGUAGE_COPIES == set(), (
        "use ketenwijzer.domain.languages.LANGUAGES (project.LANGUAGES) instead of a list of its own"
    )
    assert KNOWN_LANGUAGE_COPIES <= copies, (
        f"no longer a copy: remove from KNOWN_LANGUAGE_COPIES: {KNOWN_LANGUAGE_COPIES - copies}"
    )


def test_the_other_lists_of_languages_agree_with_the_one():
    assert validation.LANGS == project_mod.LANGUAGES
    with open(REPO / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml_load(handle)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert tuple(item["locale"] for item in i18n["languages"]) == project_mod.LANGUAGES
    assert [item["locale"] for item in i18n["languages"] if item.get("default")] == [project_mod.DEFAULT_LANGUAGE]
    assert config["theme"]["language"] == project_mod.DEFAULT_LANGUAGE
    # texts per language: one for each language there is
    for texts in (scaffolds.PLACEHOLDERS, scaffolds.HEADINGS, scaffolds.EDITION_DESCRIPTIONS, *messages.MESSAGES.values()):
        assert set(texts) == set(project_mod.LANGUAGES), texts


def test_the_subscribe_form_offers_every_language_its_own_first():
    form = newsletter_pages.subscribe_form("https://example.org/s", "en")
    assert re.findall(r'name="lang" value="(\w+)"( checked)?', form) == [("en", " checked"), ("nl", "")]


# -- what edition is public --------------------------------------------------------

# comparisons with the status 'published' outside domain/editions.py, each with its reason
STATUS_CHECKS = {
    "subscriptions/announcement.py",  # the subscriptions context's own model of an announcement (imports no domain)
    "cli/editions.py",  # `edition publish` on an edition whose status is published already (whatever its date)
    "domain/schema.py",  # the choices of the status field
}
KNOWN_RULE_COPIES: set[str] = set()


def _compares_with_published(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Compare)
        and any(isinstance(c, ast.Constant) and c.value == "published" for c in [node.left, *node.comparators])
        for node in ast.walk(tree)
    )


def test_the_rule_of_what_is_public_is_written_once():
    copies = {name for name, tree in _modules() if _compares_with_published(tree)}
    assert copies - {"domain/editions.py"} - STATUS_CHECKS - KNOWN_RULE_COPIES == set(), (
        "ask ketenwijzer.domain.editions.is_public (or hidden_reason) instead"
    )
    assert KNOWN_RULE_COPIES <= copies, f"no longer a copy: remove from KNOWN_RULE_COPIES: {KNOWN_RULE_COPIES - copies}"


@pytest.mark.parametrize(
    "status, day, reason",
    [
        ("published", dt.date(2026, 12, 4), None),
        ("published", dt.date(2026, 1, 1), None),
        ("published", dt.date(2026, 12, 5), "future"),
        ("draft", dt.date(2026, 1, 1), "draft"),
        ("draft", dt.date(2027, 1, 1), "draft"),
    ],
)
def test_every_reader_of_the_rule_agrees(project, status, day, reason):
    on = dt.date(2026, 12, 4)
    assert editions.hidden_reason(status, day, on) == reason
    found = Edition(3, "vreemdelingenvisie/03", day, status, None, [])
    assert found.visible(on) is (reason is None)
    assert (newsletter_pages.draft_banner(found, "nl", on) == "") is (reason is None)
    write_edition(project, 3, day.isoformat(), status, [("een", "Een")])
    model = sitemodel.load(project.root)
    assert ("vreemdelingenvisie/03" in editions.non_public_folders(model.project, on)) is (reason is not None)
    assert ("vreemdelingenvisie/03/een" in editions.hidden_slugs(model.project, model.newsletter, on)) is (reason is not None)


# -- the scaffold of new pages ---------------------------------------------------


def test_only_the_scaffold_writes_the_front_matter_of_new_pages():
    writers = {
        name
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute | ast.Name)
        and (getattr(node, "attr", None) or getattr(node, "id", None)) == "render_front_matter"
    }
    assert writers == {"domain/scaffolds.py"}


def _uid_free(text: str) -> str:
    return re.sub(r"uid: vv-[0-9a-f]{12}", "uid: vv-UID", text)


def test_edition_new_article_new_and_import_write_what_the_scaffold_makes(project, monkeypatch):
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-04")
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, [*args, "--root", str(project.root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    def files(folder: str) -> dict[str, str]:
        return {
            p.relative_to(project.root).as_posix(): _uid_free(p.read_text(encoding="utf-8"))
            for p in sorted((project.root / folder).glob("*.md"))
        }

    run("edition", "new", "--title", "Proef")
    made = scaffolds.edition(1, "Proef", dt.date(2026, 12, 4))
    assert files("docs/vreemdelingenvisie/01") == made
    assert set(made) == {f"docs/vreemdelingenvisie/01/index.{lang}.md" for lang in project_mod.LANGUAGES}

    run("article", "new", "1", "Een artikel")
    article = {path: _uid_free(text) for path, text in scaffolds.article(1, "een-artikel", "Een artikel").items()}
    now = files("docs/vreemdelingenvisie/01")
    assert {path: now[path] for path in article} == article
    assert set(article) == {f"docs/vreemdelingenvisie/01/een-artikel.{lang}.md" for lang in project_mod.LANGUAGES}

    export = project.root / "export.txt"
    shutil.copy(IMPORT_FIXTURES / "hoort-bij.txt", export)
    run("import", "--edition", "1", str(export))
    [imported] = set(files("docs/vreemdelingenvisie/01")) - set(now) - {"docs/vreemdelingenvisie/01/index.nl.md"}
    text = (project.root / imported).read_text(encoding="utf-8")
    doc, problems = frontmatter.parse(text, imported)
    assert not problems
    name = project_mod.split_language(imported.rsplit("/", 1)[1])[0]
    assert scaffolds.imported_article(1, name, doc.meta, doc.body.lstrip("\n")) == {imported: text}
    # every new page starts with the placeholders that `edition publish` refuses, in its own language
    for path, page_text in {**made, **article}.items():
        lang = project_mod.split_language(path.rsplit("/", 1)[1])[1]
        assert [line for _, line in scaffolds.placeholder_lines(page_text)] in (
            [scaffolds.PLACEHOLDERS[lang]["edition"]],
            [scaffolds.PLACEHOLDERS[lang]["article"]],
        )
