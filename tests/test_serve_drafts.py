"""`make serve` with a draft an editor has just started: it starts, and the draft page lists what is left to do."""

from __future__ import annotations

from click.testing import CliRunner

from ketenwijzer.cli.main import main
from newsletter_fixture import edition
from registry_fixture import write_registry
from test_serve import _wait_for, serving


def test_serve_starts_with_an_empty_new_article_and_follows_a_second_one(project):
    write_registry(project)
    edition(project, 1, "2015-10-15", "published", [("conferentie", "De conferentie")])
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, [*args, "--root", str(project.root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    run("edition", "new", "--title", "Proef")
    run("article", "new", "2", "Proefartikel")
    with serving(project) as (base, process):
        page = _wait_for(base + "vreemdelingenvisie/02/proefartikel/", "Nog te doen in dit concept", process)
        assert "'lead' must be a non-empty text" in page
        # a second empty article while it runs: the rebuild succeeds and the server keeps answering
        run("article", "new", "2", "Tweede artikel")
        second = _wait_for(base + "vreemdelingenvisie/02/tweede-artikel/", "Nog te doen in dit concept", process)
        assert "tweede-artikel.nl.md:5</code>: 'author' must be a non-empty text" in second
        assert "Tweede artikel" in _wait_for(base + "vreemdelingenvisie/02/", "Tweede artikel", process)
        assert "De conferentie" in _wait_for(base + "vreemdelingenvisie/01/", "De conferentie", process)
