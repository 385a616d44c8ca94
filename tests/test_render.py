"""The exit path: `ketenwijzer render` gives each language a Markdown tree that plain MkDocs + Material
builds without this plugin and without mkdocs-static-i18n, into the same pages with the same text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from ketenwijzer.generators import markdown_tree as render
from real_site import copy_content

SKIP = ("404.html",)


def _pages(site: Path, lang: str) -> dict[str, Path]:
    base = site if lang == "nl" else site / lang
    found = {}
    for path in base.rglob("index.html"):
        rel = path.relative_to(base).as_posix()
        if lang == "nl" and rel.split("/", 1)[0] == "en":
            continue
        found[rel] = path
    return found


def _content_text(path: Path) -> str:
    tree = lxml.html.fromstring(path.read_bytes())
    article = tree.xpath('//article[contains(@class, "md-content__inner")]')
    assert article, path
    for anchor in article[0].xpath('.//a[contains(@class, "headerlink")] | .//p[@class="kw-pdf"]'):
        anchor.drop_tree()  # permalinks, and the PDF download line the plugin adds after the build (see printing/)
    for hidden in article[0].xpath(".//*[@hidden]"):  # the search index's hidden names and synonyms: no reader sees them
        hidden.drop_tree()
    return re.sub(r"\s+", " ", article[0].text_content()).strip()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("render-src")
    copy_content(root)
    out = tmp_path_factory.mktemp("rendered") / "plain"
    configs = render.render(root, out)
    assert set(configs) == {"nl", "en"}
    return configs


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])  # ProperDocs: the fork of MkDocs 1.x that keeps its plugin API
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_plain_mkdocs_builds_every_page_with_the_same_text(rendered, real_site, tmp_path, lang, tool):
    site = tmp_path / "plain-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "-f", str(rendered[lang]), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    config = rendered[lang].read_text(encoding="utf-8")
    assert "ketenwijzer" not in re.findall(r"^plugins:\n(?:- .*\n|  .*\n)*", config, re.M)[0]
    assert "i18n" not in config
    real = _pages(real_site, lang)
    plain = _pages(site, "nl")  # a single-language site has its pages at its root
    assert sorted(real) == sorted(plain)
    differ = [rel for rel in real if _content_text(real[rel]) != _content_text(plain[rel])]
    assert differ == [], differ[:5]
    # the generated and decorated pages are there, not only the authored ones
    assert "wie-doet-wat/verwijzen/index.html" in plain and "vreemdelingenvisie/index.html" in plain
    assert (site / "vreemdelingenvisie/01/cover.svg").exists()
