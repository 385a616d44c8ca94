"""The tiers conftest.py gives each test, from the fixtures and helpers it uses (`make test-fast` runs 'unit')."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from conftest import tiers_of


# the would-be tests and fixtures below are only read, never run
def _pure(tmp_path):
    assert tmp_path


def _builds(project):
    project.build()


def _builds_in_a_child(tmp_path):
    _mkdocs_build(tmp_path)


def _mkdocs_build(root):
    subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, check=True)


def _mkdocs_serve(project):
    yield subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:0"], cwd=project.root)


def _runs_a_service(tmp_path):
    with subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "0"]) as child:
        child.terminate()


def _uses_a_fixture(served):
    assert served


def _item(function, *fixtures, definitions=None):
    name2fixturedefs = {name: [SimpleNamespace(func=func)] for name, func in (definitions or {}).items()}
    return SimpleNamespace(
        function=function, fixturenames=list(fixtures), _fixtureinfo=SimpleNamespace(name2fixturedefs=name2fixturedefs)
    )


def test_a_test_that_needs_nothing_running_is_unit():
    assert tiers_of(_item(_pure, "tmp_path")) == {"unit"}


def test_builds_are_found_in_the_test_and_in_the_helpers_it_calls():
    assert tiers_of(_item(_builds, "project")) == {"build"}
    assert tiers_of(_item(_builds_in_a_child, "tmp_path")) == {"build"}
    assert tiers_of(_item(_pure, "real_site")) == {"build"}


def test_servers_browsers_and_services_are_found_in_fixtures_too():
    assert tiers_of(_item(_uses_a_fixture, "served", definitions={"served": _mkdocs_serve})) == {"serve"}
    assert tiers_of(_item(_runs_a_service, "tmp_path")) == {"service"}
    assert tiers_of(_item(_pure, "live", "smtp")) == {"service"}
    assert tiers_of(_item(_pure, "page", "browser", "site_server", "real_site")) == {"browser", "build"}
