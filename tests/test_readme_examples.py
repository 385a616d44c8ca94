"""The README's editor examples, run as written and in order, on a copy of the project.

The commands are read from the README itself. Its comment lines say what the editor does in between
("now write the texts", "on or after 2026-12-15"): the test does that, as an editor would, and every
command must succeed. Mail goes to the outbox (no SMTP server), to one confirmed subscriber.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketenwijzer.domain import frontmatter_edit
from ketenwijzer.cli.main import main
from ketenwijzer.subscriptions.store import SignUpRequest, Store
from real_site import copy_content

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def readme_block(heading: str) -> list[str]:
    """The lines of the first ```sh block under ``heading`` in the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    return [line for line in match.group(1).splitlines() if line.strip()]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_the_texts(root: Path, run) -> None:
    """What the editor does between `check` and `check --edition 3`: every text, in both languages."""
    folder = root / "docs/vreemdelingenvisie/03"
    _replace(
        folder / "index.nl.md",
        "Schrijf hier de inleiding van deze editie.",
        "In deze editie leest u over een nieuwe locatie en over koken met de buren.",
    )
    _replace(
        folder / "index.en.md",
        "Write the English introduction to this edition here.",
        "This edition is about a new location and about cooking with the neighbours.",
    )
    article = folder / "een-nieuwe-locatie.nl.md"
    frontmatter_edit.set_keys(
        article,
        {
            "description": "Een nieuwe locatie gaat open.",
            "lead": "In het voorjaar opent een nieuwe locatie.",
            "author": "De redactie",
        },
    )
    _replace(article, "## Tussenkop\n\nSchrijf hier het artikel.", "## De eerste week\n\nDe eerste bewoners zijn aangekomen.")
    english = folder / "een-nieuwe-locatie.en.md"
    frontmatter_edit.set_keys(english, {"description": "A new location opens.", "lead": "A new location opens in spring."})
    _replace(
        english, "## Intertitle\n\nWrite the English translation here.", "## The first week\n\nThe first residents have arrived."
    )
    (folder / "koken-voor-de-buren.en.md").write_text(
        "---\ntitle: Cooking for the neighbours\ndescription: Residents cook for the neighbourhood once a week.\n"
        "lead: Residents of the reception centre cook for the neighbourhood once a week.\n---\n\n"
        "The first time, five neighbours came.\n",
        encoding="utf-8",
    )
    for name in ("index", "een-nieuwe-locatie", "koken-voor-de-buren"):
        run(["translations", "--mark-current", f"docs/vreemdelingenvisie/03/{name}.en.md"])


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    copy_content(tmp_path)
    shutil.copy(FIXTURES / "volledig.txt", tmp_path / "export.txt")
    monkeypatch.chdir(tmp_path)  # the README's commands run in the project folder
    for name in ("KETENWIJZER_SMTP_URL", "KETENWIJZER_DB", "KETENWIJZER_OUTBOX", "KETENWIJZER_SITE_URL", "KETENWIJZER_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KETENWIJZER_SECRET", "a-secret-only-for-this-test-0123456789")
    monkeypatch.setenv("KETENWIJZER_RATE", "0")
    monkeypatch.setenv("KETENWIJZER_TODAY", "2026-12-04")
    store = Store(tmp_path / "var/subscribers.sqlite3")
    signup = store.sign_up(SignUpRequest("lezer@example.org", "nl", now=1_800_000_000, send_mail=False))
    store.confirm(signup.subscriber.id, now=1_800_000_000)
    store.close()
    return tmp_path, monkeypatch


def test_the_readme_editor_examples_run_in_order(scratch):
    root, monkeypatch = scratch
    runner = CliRunner()
    ran = []

    def run(args: list[str]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, f"ketenwijzer {' '.join(args)} failed:\n{result.output}"
        ran.append(args[0])
        return result.output

    outputs = {}
    for line in readme_block("## Editors: VreemdelingenVisie"):
        if line.startswith("#"):
            if line.startswith("# now write the texts"):
                write_the_texts(root, run)
            elif day := re.search(r"on or after (\d{4}-\d{2}-\d{2})", line):
                monkeypatch.setenv("KETENWIJZER_TODAY", day[1])
            continue
        words = shlex.split(line, comments=True)
        assert words[0] == "ketenwijzer", line
        outputs[" ".join(words[1:3])] = run(words[1:])
    assert ran[:4] == ["edition", "article", "import", "check"] and ran[-3:] == ["publish-due", "notify", "notify"]
    assert "warning (draft, not public)" in outputs["check"]
    assert "edition 3 is ready to publish" in outputs["check --edition"]
    assert "new on the site: edition 3 (dated 2026-12-15)" in outputs["publish-due"]
    assert (root / "site/vreemdelingenvisie/03/een-nieuwe-locatie/index.html").is_file()
    assert "sent 1, skipped 0 (already sent), failed 0" in outputs["notify 3"]
    assert len(list((root / "var/outbox").glob("*.eml"))) >= 2  # the preview and the mail: no SMTP server

    for line in readme_block("## Translations"):
        words = shlex.split(line, comments=True)
        if "--minor" in words:  # "only a typo fixed in the Dutch text": first a one-character change, as a typo fix makes
            original = root / words[words.index("--minor") + 1]
            _replace(original, " de ", " de  ")
        output = run(words[1:])
    assert "translations: " in output and "(1 with minor edits)" in output
    for line in readme_block("### Publication on its date"):
        words = shlex.split(line, comments=True)
        output = run(words[1:])
    assert "edition 3 (dated 2026-12-15) was announced already" in output
