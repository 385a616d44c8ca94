"""The exit path off the plugin: each language's complete Markdown tree, as the plugin feeds it to MkDocs.

``ketenwijzer render DIR`` builds the site once with ``KETENWIJZER_RENDER_DIR`` set;
the plugin then writes, per language, every page's final Markdown (the handbook, the
stories, the registry pages, the archive, the decorated editions and articles, the
notices), the files beside them (images), and the navigation. This module turns
that into ``DIR/<lang>/docs/`` plus a ``DIR/<lang>/mkdocs.yml`` that plain MkDocs
with Material builds as a single-language site, without this plugin and without
mkdocs-static-i18n.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ketenwijzer.domain import site_config
from ketenwijzer.domain.project import DEFAULT_LANGUAGE, LANGUAGES, split_language

RENDER_ENV = "KETENWIJZER_RENDER_DIR"
NAV_FILE = "nav.json"


def target(src_uri: str) -> str:
    """Where a page lands in its language's tree: 'handreiking/01.nl.md' -> 'handreiking/01.md'."""
    if not src_uri.endswith(".md"):
        return src_uri
    slug, _ = split_language(src_uri)
    return f"{slug}.md"


def _asset_target(src_uri: str) -> str:
    stem, dot, ext = src_uri.rpartition(".")
    base, dot2, lang = stem.rpartition(".")
    return f"{base}.{ext}" if dot and dot2 and lang in LANGUAGES else src_uri


def write_page(folder: str, lang: str, src_uri: str, markdown: str, meta: dict) -> None:
    """One page: its front matter (as MkDocs read it: title, description, template...) and its final Markdown."""
    path = Path(folder) / lang / "docs" / target(src_uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False) if meta else ""
    head = f"---\n{front}---\n\n" if front else ""
    path.write_text(head + (markdown if markdown.endswith("\n") else markdown + "\n"), encoding="utf-8")


def write_asset(folder: str, lang: str, src_uri: str, abs_path: str) -> None:
    path = Path(folder) / lang / "docs" / _asset_target(src_uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(abs_path, path)


def plain_nav(nav):
    """The plugin's navigation (MkDocs' nav format, with language-suffixed paths) for the plain tree."""
    if isinstance(nav, str):
        return target(nav)
    if isinstance(nav, list):
        return [plain_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {title: plain_nav(value) for title, value in nav.items()}
    return nav


def write_nav(folder: str, lang: str, nav) -> None:
    path = Path(folder) / lang / NAV_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plain_nav(nav), ensure_ascii=False, indent=1), encoding="utf-8")


def plain_config(config: site_config.SiteConfig, root: Path, lang: str, nav) -> dict:
    """A single-language MkDocs configuration for one rendered tree, from the project's own configuration."""
    search = dict(config.plugin("search") or config.plugin("material/search") or {})
    theme = dict(config.theme)
    theme["language"] = lang
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    site_url = config.site_url or ""
    if site_url and lang != DEFAULT_LANGUAGE:
        site_url = site_url.rstrip("/") + f"/{lang}/"
    search["lang"] = [lang]
    raw = config.raw
    out = {
        "site_name": config.i18n_language(lang).get("site_name") or raw.get("site_name"),
        "site_description": raw.get("site_description"),
        "site_url": site_url or None,
        "docs_dir": "docs",
        "use_directory_urls": config.use_directory_urls,
        "theme": theme,
        "plugins": [{"search": search}],
        "markdown_extensions": raw.get("markdown_extensions") or [],
        "validation": raw.get("validation") or {},
        "extra": config.extra,
        "nav": nav,
    }
    return {key: value for key, value in out.items() if value is not None}


def render(root: Path, out: Path, config_file: Path | None = None) -> dict[str, Path]:
    """Build the project at ``root`` once with the plugin, and leave a plain tree per language in ``out``.

    Returns {lang: path of that tree's mkdocs.yml}. Raises RuntimeError with MkDocs'
    output when the build fails.
    """
    root = Path(root).resolve()
    out = Path(out).resolve()
    config_file = Path(config_file or root / "mkdocs.yml")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    scratch = out / ".site"
    env = {**os.environ, RENDER_ENV: str(out), "KETENWIJZER_DRAFTS": "hide"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file), "-d", str(scratch)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the build for rendering failed:\n{result.stderr[-4000:]}")
    shutil.rmtree(scratch, ignore_errors=True)
    config = site_config.load(config_file)  # as MkDocs read it for the build: !ENV, INHERIT, Python tags
    configs = {}
    for lang in LANGUAGES:
        nav_path = out / lang / NAV_FILE
        if not nav_path.exists():
            continue
        nav = json.loads(nav_path.read_text(encoding="utf-8"))
        nav_path.unlink()
        path = out / lang / "mkdocs.yml"
        path.write_text(site_config.dump(plain_config(config, root, lang, nav)), encoding="utf-8")
        configs[lang] = path
    return configs
