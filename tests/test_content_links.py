"""`ketenwijzer check` finds broken internal links and missing images before any build."""

from __future__ import annotations

from ketenwijzer.site import sitemodel
from registry_fixture import write_registry


def test_check_lists_broken_links_and_missing_images_with_file_and_line(project):
    write_registry(project)
    project.page(
        "handreiking/h1.nl.md",
        "H1",
        """
        # H1

        Zie [opvang](../wie-doet-wat/onderwerpen/opvang.md), [de vinder](../wie-doet-wat/verwijzen.md#kies)
        en [het archief](../vreemdelingenvisie/index.md).

        Zie ook [hoofdstuk 2](02-bestaat-niet.md) en ![een foto](foto.jpg).

        `[geen link](nergens.md)`

        ```
        [ook geen](nergens.md)
        ```
        """,
    )
    problems = [str(p) for p in sitemodel.load(project.root).problems]
    assert problems == [
        "handreiking/h1.nl.md:11: link to '02-bestaat-niet.md' leads nowhere (handreiking/02-bestaat-niet.md does not exist); "
        "correct the path (relative to this file, ending in .md)",
        "handreiking/h1.nl.md:11: image to 'foto.jpg' leads nowhere (handreiking/foto.jpg does not exist); correct the path or add the file",
    ]


def _check_problems(project):
    import datetime as dt

    from ketenwijzer.cli.settings import build_settings
    from ketenwijzer.site import checks

    return [str(p) for p in checks.problems(sitemodel.load(project.root), build_settings(project.root), dt.date(2026, 12, 4))]


def test_anchors_are_the_ids_mkdocs_gives_headings_as_mkdocs_yml_configures_the_toc(project):
    write_registry(project)
    project.page(
        "handreiking/h1.nl.md",
        "H1",
        """
        # Hoofdstuk één

        ## Wie doet wat?

        ## Wie doet wat?

        ## Een eigen naam { #eigen }

        <span id="los"></span>Tekst met [een kop](#wie-doet-wat_1) en [de vinder](../wie-doet-wat/verwijzen.md#kw-finder).
        Zie [de eerste](#hoofdstuk-een), [de tweede](#wie-doet-wat), [eigen](#eigen), [los](#los).
        Maar [niet deze](#een-eigen-naam) en [ook niet](../wie-doet-wat/verwijzen.md#geen-vinder).
        """,
    )
    assert _check_problems(project) == [
        "handreiking/h1.nl.md:16: link to '#een-eigen-naam': this page has no heading or element with the id "
        "'een-eigen-naam'; link to a heading's id (shown in the address when you click the ¶ beside it)",
        "handreiking/h1.nl.md:16: link to '../wie-doet-wat/verwijzen.md#geen-vinder': wie-doet-wat/verwijzen.md has no "
        "heading or element with the id 'geen-vinder'; did you mean '#kw-finder'?",
    ]


def test_a_translation_is_checked_against_the_pages_of_its_own_language(project):
    project.page("handreiking/h1.nl.md", "H1", "# H1\n\n## Een kop")
    project.page("handreiking/h1.en.md", "H1", "# H1\n\n## A heading")
    project.page("handreiking/h2.nl.md", "H2", "# H2\n\n[kop](h1.md#een-kop)")
    project.page("handreiking/h2.en.md", "H2", "# H2\n\n[heading](h1.md#a-heading) [wrong](h1.md#een-kop)")
    assert _check_problems(project) == [
        "handreiking/h2.en.md:8: link to 'h1.md#een-kop': handreiking/h1.en.md has no heading or element with the id "
        "'een-kop'; link to a heading's id (shown in the address when you click the ¶ beside it)",
    ]


def test_the_headings_the_newsletter_adds_to_an_edition_page_are_anchors_too(project):
    from newsletter_fixture import edition, subscribe_pages

    write_registry(project)
    subscribe_pages(project)
    edition(project, 1, "2026-01-05", "published", [("een", "Een")])
    project.page(
        "handreiking/h1.nl.md",
        "H1",
        """
        # H1

        Zie [de inhoud](../docs/vreemdelingenvisie/01/index.md#in-deze-editie) en
        [de inhoud](../vreemdelingenvisie/01/index.md#in-deze-editie), [de tussenkop](../vreemdelingenvisie/01/een.md#tussenkop).
        """,
    )
    project.page(
        "handreiking/h1.en.md",
        "H1",
        """
        # H1

        See [the contents](../vreemdelingenvisie/01/index.md#in-this-edition) and [not these](../vreemdelingenvisie/01/index.md#in-deze-editie).
        """,
    )
    assert _check_problems(project) == [
        "handreiking/h1.en.md:8: link to '../vreemdelingenvisie/01/index.md#in-deze-editie': docs/vreemdelingenvisie/01/index.en.md "
        "has no heading or element with the id 'in-deze-editie'; did you mean '#in-this-edition'?",
        "handreiking/h1.nl.md:8: link to '../docs/vreemdelingenvisie/01/index.md#in-deze-editie' leads nowhere "
        "(docs/vreemdelingenvisie/01/index.md does not exist); correct the path (relative to this file, ending in .md)",
    ]


def test_a_drafts_broken_anchor_is_a_warning_until_the_edition_is_checked_for_publishing(project, monkeypatch):
    from click.testing import CliRunner

    from ketenwijzer.cli.main import main
    from newsletter_fixture import edition, subscribe_pages

    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-04")
    write_registry(project)
    subscribe_pages(project)
    edition(project, 1, "2026-01-05", "draft", [("een", "Een")])
    project.page(
        "docs/vreemdelingenvisie/01/een.nl.md",
        "Een",
        "## Tussenkop\n\nZie [boven](#tussenkopje).",
        description="Over een.",
        lead="Lead.",
        author="Anna de Vries",
        uid="vv-1-0",
    )
    problem = (
        "docs/vreemdelingenvisie/01/een.nl.md:11: link to '#tussenkopje': this page has no heading or element "
        "with the id 'tussenkopje'; did you mean '#tussenkop'?"
    )
    checked = CliRunner().invoke(main, ["check", "--root", str(project.root)])
    assert checked.exit_code == 0 and f"warning (draft, not public): {problem}" in checked.stderr, checked.output
    for args in (["check", "--edition", "1"], ["edition", "publish", "1"]):
        refused = CliRunner().invoke(main, [*args, "--root", str(project.root)])
        assert refused.exit_code == 1 and f"\n{problem}\n" in f"\n{refused.stderr}", refused.output
