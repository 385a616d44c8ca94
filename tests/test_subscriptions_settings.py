"""The subscription settings read the site's address from mkdocs.yml as MkDocs reads it (one reader,
ketenwijzer.domain.site_config), and take the mails' templates from the package, each replaceable by a
file in KETENWIJZER_MAIL_TEMPLATES."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ketenwijzer.subscriptions.mailer import Mailer
from ketenwijzer.subscriptions.settings import DEFAULT_SITE_URL, MAIL_TEMPLATES, PACKAGED_TEMPLATES, Settings, SettingsError
from subscriptions_fixtures import REPO, SECRET, edition, html_part, text_part

BASE = {"KETENWIJZER_SECRET": SECRET}


def project(tmp_path: Path, site_url_line: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Voorbeeld\n{site_url_line}\ntheme:\n  name: material\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "https://example.org/"),
        ({"SITE_URL": "https://elders.example/kennis"}, "https://elders.example/kennis/"),  # a folder, as MkDocs makes it
        ({"SITE_URL": "https://elders.example/", "KETENWIJZER_SITE_URL": "https://service.example/"}, "https://service.example/"),
    ],
)
def test_site_url_behind_env_with_a_default_is_read_as_mkdocs_reads_it(tmp_path, env, expected):
    root = project(tmp_path, 'site_url: !ENV [SITE_URL, "https://example.org/"]')
    assert Settings.from_env({**BASE, **env}, root=root).site_url == expected


def test_without_env_given_the_process_environment_fills_in_env(tmp_path, monkeypatch):
    root = project(tmp_path, "site_url: !ENV SITE_URL")
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("KETENWIJZER_SITE_URL", raising=False)
    monkeypatch.setenv("KETENWIJZER_SECRET", SECRET)
    assert Settings.from_env(root=root).site_url == DEFAULT_SITE_URL  # unset without a default: no site_url
    monkeypatch.setenv("SITE_URL", "https://uit-de-omgeving.example/")
    assert Settings.from_env(root=root).site_url == "https://uit-de-omgeving.example/"


def test_no_mkdocs_yml_gives_the_default_and_a_broken_one_names_its_line(tmp_path):
    assert Settings.from_env(BASE, root=tmp_path).site_url == DEFAULT_SITE_URL
    root = project(tmp_path, 'site_url: !ENV [SITE_URL, "https://example.org/"')
    with pytest.raises(SettingsError, match=r"(?s)mkdocs.yml:\d+: not valid YAML.*set KETENWIJZER_SITE_URL"):
        Settings.from_env(BASE, root=root)
    # the variable that replaces site_url spares the reading
    assert Settings.from_env({**BASE, "KETENWIJZER_SITE_URL": "https://x.example/"}, root=root).site_url == "https://x.example/"


def confirmation(settings: Settings):
    return Mailer(settings).confirmation(
        to="lezer@example.org", lang="en", confirm_url="https://s.example/confirm?token=t", now=0
    )


def announcement(settings: Settings):
    return Mailer(settings).announcement(
        to="lezer@example.org",
        lang="nl",
        number=7,
        local=edition().languages["nl"],
        unsubscribe_url="https://s.example/unsubscribe?token=u",
        message_id="<m@x>",
        now=0,
    )


def test_a_template_in_the_override_folder_replaces_the_packaged_one_file_by_file(tmp_path):
    assert sorted(MAIL_TEMPLATES) == sorted(item.name for item in PACKAGED_TEMPLATES.iterdir())
    packaged = Settings.from_env(BASE, root=tmp_path)
    assert packaged.templates is None
    own = tmp_path / "mail"
    own.mkdir()
    (own / "confirm.txt").write_text("Eigen tekst voor {{ newsletter }}: {{ confirm_url }}\n", encoding="utf-8")
    overridden = Settings.from_env({**BASE, "KETENWIJZER_MAIL_TEMPLATES": str(own)}, root=tmp_path)
    assert overridden.templates == own
    mine, theirs = confirmation(overridden), confirmation(packaged)
    assert text_part(mine) == "Eigen tekst voor VreemdelingenVisie: https://s.example/confirm?token=t\n"
    assert "https://s.example/confirm?token=t" in text_part(theirs) and text_part(theirs) != text_part(mine)
    assert html_part(mine) == html_part(theirs)  # confirm.html is still the packaged one
    assert text_part(announcement(overridden)) == text_part(announcement(packaged))


@pytest.mark.parametrize("what", ["missing", "a file"])
def test_an_override_that_is_no_folder_is_refused_naming_the_variable(tmp_path, what):
    target = tmp_path / what
    if what == "a file":
        target.write_text("confirm.txt belongs in a folder\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=f"KETENWIJZER_MAIL_TEMPLATES: {target} is not a folder"):
        Settings.from_env({**BASE, "KETENWIJZER_MAIL_TEMPLATES": str(target)}, root=tmp_path)


# run from the wheel itself (zipimport): the templates are found through importlib.resources, not as files
FROM_THE_WHEEL = """
import ketenwijzer.subscriptions.settings as settings
from ketenwijzer.subscriptions.mailer import Mailer
assert ".whl" in settings.__file__, settings.__file__
mail = Mailer(settings.Settings.from_env({"KETENWIJZER_SECRET": "s" * 32}, root=settings.Path("."))).confirmation(
    to="lezer@example.org", lang="nl", confirm_url="https://s.example/confirm?token=t", now=0)
print(mail.get_body(("plain",)).get_content())
"""


@pytest.mark.build
def test_the_wheel_holds_the_templates_and_mails_with_them(tmp_path):
    source = tmp_path / "source"  # the files a build reads, without what an editable install left in src/
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", source)
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("ketenwijzer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"ketenwijzer/subscriptions/templates/{name}" for name in MAIL_TEMPLATES} <= names
    assert not any(name.startswith("overrides/") for name in names)
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    env.pop("KETENWIJZER_MAIL_TEMPLATES", None)
    run = subprocess.run([sys.executable, "-c", FROM_THE_WHEEL], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "https://s.example/confirm?token=t" in run.stdout and "Beste lezer" in run.stdout
