"""Every page links to its own source in its own language, and says when it last changed (git, else `updated:`)."""

from __future__ import annotations

import os
import subprocess

import pytest

from newsletter_fixture import edition, subscribe_pages
from pagefind_files import fragments
from registry_fixture import write_registry

REPO_URL = "https://github.com/voorbeeld/ketenwijzer"


def _git(root, *args, date="2026-11-02T10:00:00+01:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Redactie",
        "GIT_AUTHOR_EMAIL": "redactie@example.org",
        "GIT_COMMITTER_NAME": "Redactie",
        "GIT_COMMITTER_EMAIL": "redactie@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def history(project):
    write_registry(project)
    subscribe_pages(project)
    project.page("stories/de-locatiemanager.nl.md", "De locatiemanager", "# De locatiemanager\n\nEen dag op het azc.")
    project.page("stories/de-locatiemanager.en.md", "The location manager", "# The location manager\n\nA day at the centre.")
    project.page("docs/over.nl.md", "Over", "# Over\n\nOver deze site.")
    _git(project.root, "init", "-q", "-b", "main")
    _git(project.root, "add", "-A")
    _git(project.root, "commit", "-q", "-m", "eerste versie")
    project.page("docs/over.nl.md", "Over", "# Over\n\nOver deze site, herschreven.")
    _git(project.root, "commit", "-q", "-am", "over herschreven", date="2026-11-20T09:00:00+01:00")
    # not in git yet: an article with `updated:`
    edition(project, 1, "2015-10-15", "published", [("nieuw", "Nieuw artikel")])
    path = project.root / "docs/vreemdelingenvisie/01/nieuw.nl.md"
    path.write_text(path.read_text(encoding="utf-8").replace("uid:", "updated: 2026-10-01\nuid:"), encoding="utf-8")
    return project


def _configure(project, extra: str) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("docs_dir: docs\n", f"docs_dir: docs\n{extra}"), encoding="utf-8"
    )


def test_edit_link_to_the_source_in_its_own_language_and_the_date_of_its_last_change(history):
    _configure(history, f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n")
    history.build()
    story_nl = history.read("verhalen/de-locatiemanager/index.html")
    assert f'<a href="{REPO_URL}/edit/main/stories/de-locatiemanager.nl.md" rel="nofollow">Bewerk deze pagina</a>' in story_nl
    assert 'Laatst gewijzigd: <time datetime="2026-11-02">2 november 2026</time>' in story_nl
    story_en = history.read("en/verhalen/de-locatiemanager/index.html")
    assert f'<a href="{REPO_URL}/edit/main/stories/de-locatiemanager.en.md" rel="nofollow">Edit this page</a>' in story_en
    assert 'Last updated: <time datetime="2026-11-02">2 November 2026</time>' in story_en
    over = history.read("over/index.html")
    assert f"{REPO_URL}/edit/main/docs/over.nl.md" in over and "20 november 2026" in over
    # untranslated: the English page shows the Dutch text, and links to it
    assert f"{REPO_URL}/edit/main/docs/over.nl.md" in history.read("en/over/index.html")
    # not committed yet: the article's own `updated:` date
    article = history.read("vreemdelingenvisie/01/nieuw/index.html")
    assert '<time datetime="2026-10-01">1 oktober 2026</time>' in article
    assert f"{REPO_URL}/edit/main/docs/vreemdelingenvisie/01/nieuw.nl.md" in article
    # generated pages have no source file to edit
    assert "Bewerk deze pagina" not in history.read("vreemdelingenvisie/index.html")
    # the line stays out of the search index
    records = fragments(history.site, "nl")
    assert records and any("Een dag op het azc" in record["content"] for record in records)
    assert not any("Laatst gewijzigd" in record["content"] or "Bewerk deze pagina" in record["content"] for record in records)


def test_without_a_repository_only_the_date(history):
    history.build()
    story = history.read("verhalen/de-locatiemanager/index.html")
    assert "Bewerk deze pagina" not in story and "2 november 2026" in story
