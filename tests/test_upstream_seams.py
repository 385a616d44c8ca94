"""The upstream seams of the MkDocs adapter (src/ketenwijzer/mkdocs_adapter/seams.py).

tests/upstream/<seam>.txt is a golden excerpt of the upstream input each seam relies on: its first
line names the distribution, the verified version and the file; every other line must still stand
in the installed file, in that order. When an upgrade changes one, the test names the seam to look
at again. The broken-seam tests build a real site whose theme no longer has what a seam patches.
"""

from __future__ import annotations

import logging
from importlib.util import find_spec
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from ketenwijzer.mkdocs_adapter import material, seams, static_i18n

GOLDEN = Path(__file__).resolve().parent / "upstream"


def upstream_file(relative: str) -> Path:
    package, _, rest = relative.partition("/")
    spec = find_spec(package)
    assert spec is not None and spec.origin is not None, f"{package} is not installed"
    return Path(spec.origin).parent / rest


def missing_lines(excerpt: list[str], text: str) -> list[str]:
    """The excerpt's lines that do not stand in ``text`` (stripped), in order."""
    lines = [line.strip() for line in text.splitlines()]
    position, missing = 0, []
    for wanted in excerpt:
        try:
            position = lines.index(wanted.strip(), position) + 1
        except ValueError:
            missing.append(wanted)
    return missing


@pytest.mark.parametrize("name", sorted(seams.SEAMS))
def test_the_upstream_input_of_each_seam_is_as_verified(name):
    seam = seams.SEAMS[name]
    golden = GOLDEN / f"{name}.txt"
    assert golden.is_file(), f"seam {name} has no golden excerpt {golden}"
    header, *excerpt = golden.read_text(encoding="utf-8").splitlines()
    assert header == f"# {seam.distribution} {seams.VERIFIED[seam.distribution]} {seam.upstream}"
    assert excerpt, f"{golden} holds no upstream lines"
    missing = missing_lines(excerpt, upstream_file(seam.upstream).read_text(encoding="utf-8"))
    assert not missing, (
        f"{seam.upstream} ({seam.distribution} {seams.installed(seam.distribution)}) no longer has what "
        f"seam {name} relies on ({seam.relies_on}): {missing}"
    )


def test_every_golden_excerpt_belongs_to_a_seam():
    assert {path.stem for path in GOLDEN.glob("*.txt")} == set(seams.SEAMS)


def test_the_excerpt_comparison_notices_a_changed_line():
    assert missing_lines(["a", "c"], "a\nb\n  c\n") == []
    assert missing_lines(["c", "a"], "a\nb\nc\n") == ["a"]  # order counts
    assert missing_lines(["<article class=x>"], "<article class=y>") == ["<article class=x>"]


def test_the_installed_upstreams_are_the_verified_versions():
    assert seams.version_problems() == []


def test_an_unverified_version_names_the_seams_to_recheck(monkeypatch):
    monkeypatch.setitem(seams.VERIFIED, "mkdocs-static-i18n", "0.9")
    (problem,) = seams.version_problems()
    assert problem.startswith(f"mkdocs-static-i18n {seams.installed('mkdocs-static-i18n')} is installed")
    assert "verified against 0.9" in problem
    assert "i18n.building" in problem and "i18n.file_locale" in problem and "material." not in problem


def test_a_checker_raises_in_a_strict_build_and_warns_once_otherwise(caplog):
    with pytest.raises(seams.SeamBroken, match=r"material/templates/base.html \(mkdocs-material 9"):
        material.mark_content_area("<html><main></main></html>", seams.Checker(strict=True), "a.md")
    lenient = seams.Checker(strict=False)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.ketenwijzer"):
        assert material.mark_content_area("<p>x</p>", lenient, "a.md") == "<p>x</p>"
        assert material.add_to_header("<p>x</p>", "<b>", lenient, "a.md") == "<p>x</p>"
        material.mark_content_area("<p>y</p>", lenient, "b.md")
    texts = [record.getMessage() for record in caplog.records]
    assert len(texts) == 2, texts  # one warning per seam, not per page
    assert "'material.content_area'" in texts[0] and "a.md has 0 times" in texts[0]
    assert "'material.header'" in texts[1]


def test_the_patches_apply_to_what_material_renders():
    page = (
        '<header class="md-header" data-md-component="header"><nav class="md-header__inner">'
        '<a>logo</a></nav><nav class="md-tabs"></nav></header>'
        f'<div class="md-content">{material.CONTENT_AREA}<h1>x</h1></article></div>'
    )
    checker = seams.Checker(strict=True)
    out = material.add_to_header(material.mark_content_area(page, checker, "x.md"), "<b>search</b>", checker, "x.md")
    assert '<a>logo</a><b>search</b></nav><nav class="md-tabs">' in out
    assert '<article class="md-content__inner md-typeset" data-pagefind-body><h1>x</h1>' in out


class _I18nWithoutFlag:
    """static-i18n as a later version might be: without the attribute the adapter reads."""

    build_languages = ["nl", "en"]


class _Config:
    def __init__(self, plugin):
        self.plugins = {"i18n": plugin}


def test_a_missing_static_i18n_attribute_is_loud():
    i18n = static_i18n.StaticI18n(_Config(_I18nWithoutFlag()), seams.Checker(strict=True))
    assert i18n.build_languages == ["nl", "en"]
    with pytest.raises(seams.SeamBroken, match=r"'i18n.building'.*no bool attribute 'building'.*mkdocs_static_i18n/plugin.py"):
        _ = i18n.inner_build
    with pytest.raises(seams.SeamBroken, match="i18n.files_per_language"):
        i18n.register("nl", object())


def _theme_without_content_area(project) -> None:
    """A theme override that renders the content without Material's <article> (as a redesign might)."""
    main = project.root / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8")
        + """
{% block container %}
  <div class="md-content" data-md-component="content"><section class="md-typeset">
    {% block content %}{% include "partials/content.html" %}{% endblock %}
  </section></div>
{% endblock %}
""",
        encoding="utf-8",
    )


def test_a_strict_build_stops_when_material_no_longer_has_the_content_area(project, caplog):
    _theme_without_content_area(project)
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site), strict=True)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    errors = " ".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)
    assert "upstream seam 'material.content_area' no longer holds" in errors
    assert "material/templates/base.html (mkdocs-material 9.8.1" in errors


def test_a_lenient_build_warns_once_and_builds_without_the_search_mark(project, caplog):
    _theme_without_content_area(project)
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site), strict=False)
    with caplog.at_level(logging.WARNING):
        build(config)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "ketenwijzer" in r.name]
    # once per language build (two), not once per page
    assert len(warnings) == 2 and all("upstream seam 'material.content_area' no longer holds" in w for w in warnings), warnings
    html = (project.site / "index.html").read_text(encoding="utf-8")
    assert "Welkom." in html and "data-pagefind-body" not in html
