"""`ketenwijzer translations`: one front matter editor for every write, and minor edits of the Dutch text."""

from __future__ import annotations

from click.testing import CliRunner

from ketenwijzer.domain import frontmatter, translations
from ketenwijzer.domain import project as project_mod
from ketenwijzer.cli.main import main
from newsletter_fixture import edition, subscribe_pages
from registry_fixture import write_registry


def _run(project, *args):
    return CliRunner().invoke(main, ["translations", *args, "--root", str(project.root)], catch_exceptions=False)


def test_mark_current_keeps_bom_crlf_and_every_other_byte(project):
    project.page("docs/over.nl.md", "Over", "# Over\n\nDe tekst.")
    original = (
        "\ufeff---\r\ntitle: About  # the English title\r\ndescription: 'About this site.'\r\n"
        "translation_of: abcdef0123456789\r\n---\r\n\r\n# About\r\n\r\nThe text.\r\n"
    )
    path = project.root / "docs/over.en.md"
    path.write_bytes(original.encode("utf-8"))
    result = _run(project, "--mark-current", "docs/over.en.md")
    assert result.exit_code == 0, result.output
    expected = translations.fingerprint(project_mod.load(project.root).pages()["over"]["nl"].doc)
    assert path.read_bytes() == original.replace("abcdef0123456789", expected).encode("utf-8")
    # a translation that had no fingerprint yet gets one line at the end of its front matter
    path.write_bytes(original.replace("translation_of: abcdef0123456789\r\n", "").encode("utf-8"))
    assert _run(project, "--mark-current", "over").exit_code == 0
    assert path.read_bytes() == original.replace("abcdef0123456789", expected).encode("utf-8")
    doc, problems = frontmatter.parse(path.read_text(encoding="utf-8"), "over.en.md")
    assert not problems and doc.meta["title"] == "About" and doc.meta["translation_of"] == expected
    assert "translated  en  over" in _run(project).output
    assert not list(path.parent.glob(".*.tmp"))  # written through a temporary file, replaced at once


def test_a_minor_edit_keeps_the_translation_current_and_is_listed_apart(project):
    nl = project.page("docs/over.nl.md", "Over", "# Over\n\nDe tekst met een tikfout: samenwekring.")
    project.page("docs/over.en.md", "About", "# About\n\nThe text.")
    project.page("docs/colofon.nl.md", "Colofon", "# Colofon\n\nGemaakt door de redactie.")
    assert _run(project, "--mark-current", "docs/over.en.md", "--mark-current", "docs/colofon.nl.md").exit_code == 2
    _run(project, "--mark-current", "docs/over.en.md")
    made_from = frontmatter.parse((project.root / "docs/over.en.md").read_text(encoding="utf-8"), "x")[0].meta["translation_of"]
    nl.write_text(nl.read_text(encoding="utf-8").replace("samenwekring", "samenwerking"), encoding="utf-8")
    stale = _run(project)
    assert "stale       en  over" in stale.output
    assert "only a typo fixed in Dutch: --minor docs/over.nl.md" in stale.output

    minor = _run(project, "--minor", "docs/over.nl.md")
    assert minor.exit_code == 0, minor.output
    assert "recorded a minor edit of the Dutch text for: docs/over.en.md" in minor.output
    assert "minor       en  over  (current; the Dutch text had minor edits since the translation" in minor.output
    # (the start page, untouched since the fixture wrote it, is stale; the colofon has no translation)
    assert "translations: 1 translated (1 with minor edits), 1 missing, 1 stale" in minor.output
    meta = frontmatter.parse((project.root / "docs/over.en.md").read_text(encoding="utf-8"), "x")[0].meta
    assert meta["minor_edit_of"] == made_from
    project.build()
    assert "The Dutch original has changed" not in project.read("en/over/index.html")
    assert _run(project, "--minor", "docs/over.nl.md").exit_code == 2  # nothing changed since

    # a later real change is stale again; once the translator has caught up, the record of minor edits goes
    nl.write_text(nl.read_text(encoding="utf-8").replace("De tekst", "Een heel andere tekst"), encoding="utf-8")
    assert "stale       en  over" in _run(project).output
    caught_up = _run(project, "--mark-current", "docs/over.en.md")
    assert "translated  en  over" in caught_up.output
    assert "minor_edit_of" not in (project.root / "docs/over.en.md").read_text(encoding="utf-8")


def test_archive_counts_articles_in_the_singular_and_plural(project):
    write_registry(project)
    subscribe_pages(project)
    edition(project, 1, "2015-10-15", "published", [("een", "Een")])
    edition(project, 2, "2019-06-27", "published", [("twee", "Twee"), ("drie", "Drie")])
    project.build()
    nl, en = project.read("vreemdelingenvisie/index.html"), project.read("en/vreemdelingenvisie/index.html")
    assert "15 oktober 2015 · 1 artikel<" in nl and "27 juni 2019 · 2 artikelen<" in nl and "1 artikelen" not in nl
    assert "15 October 2015 · 1 article<" in en and "27 June 2019 · 2 articles<" in en and "1 articles" not in en
