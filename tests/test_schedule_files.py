"""The shipped daily schedule (systemd units, the README's cron line, the CI workflow) runs real commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from ketenwijzer.cli.main import main

REPO = Path(__file__).resolve().parents[1]


def _ketenwijzer_commands(lines: list[str]) -> list[list[str]]:
    commands = []
    for line in lines:
        words = shlex.split(line)
        for i, word in enumerate(words):
            if word.endswith("bin/ketenwijzer") or word == "ketenwijzer":
                commands.append(words[i + 1 :])
                break
    return commands


def _assert_commands_exist(commands: list[list[str]]) -> None:
    assert commands, "no ketenwijzer command found to check"
    runner = CliRunner()
    for args in commands:
        options = [a for a in args if a.startswith("--")]
        help_ = runner.invoke(main, [*[a for a in args if not a.startswith("-")][:1], "--help"])
        assert help_.exit_code == 0, (args, help_.output)
        for option in options:
            assert option.split("=")[0] in help_.output, (args, option)


def test_systemd_service_runs_publish_due_then_notify_due_and_the_timer_is_daily():
    service = (REPO / "deploy/ketenwijzer-daily.service").read_text(encoding="utf-8")
    starts = [line.split("=", 1)[1] for line in service.splitlines() if line.startswith("ExecStart=")]
    commands = _ketenwijzer_commands(starts)
    assert [c[:2] for c in commands] == [["publish-due", "--site-dir"], ["notify", "--due"]]
    _assert_commands_exist(commands)
    assert "Type=oneshot" in service
    timer = (REPO / "deploy/ketenwijzer-daily.timer").read_text(encoding="utf-8")
    assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d:\d\d", timer, re.M) and "Persistent=true" in timer


def test_readme_cron_line_and_ci_workflow_run_the_same_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    cron = [line for line in readme.splitlines() if re.match(r"^\d+ \d+ \* \* \* ", line)]
    assert len(cron) == 1, "the README has one cron line"
    parts = [part for part in cron[0].split(" ", 5)[5].split("&&")]
    commands = _ketenwijzer_commands(parts)
    assert [c[0] for c in commands] == ["publish-due", "notify"]
    _assert_commands_exist(commands)
    workflow = yaml.safe_load((REPO / ".github/workflows/daily-build.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"][0]["cron"]  # YAML reads the key 'on' as true
    runs = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    commands = _ketenwijzer_commands(runs)
    assert "publish-due" in [c[0] for c in commands], runs
    _assert_commands_exist(commands)
