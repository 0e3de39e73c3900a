"""Executable docs: every `$ hauberk ...` line of docs/registry.md runs, in order, with the
exit code the page shows, on the role store and config the page shows."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from tests.data.support import run_cli
from tests.governance.registry_support import passing_report

DOC = Path(__file__).resolve().parents[2] / "docs" / "registry.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_console_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    roles, config = _blocks("toml")
    (tmp_path / "roles.toml").write_text(roles)
    (tmp_path / "registry.toml").write_text(config)
    (tmp_path / "model.bin").write_bytes(b"weights")
    passing_report(tmp_path / "model.bin").save(tmp_path / "report.json")
    commands = [
        line[2:] for block in _blocks("console") for line in block.splitlines() if line[:2] == "$ "
    ]
    assert len(commands) >= 10
    errors = ""
    for command in commands:
        command, _, expected = command.partition("# exit code")
        got, out, err = run_cli(capsys, monkeypatch, *shlex.split(command)[1:])
        assert got == (int(expected) if expected else 0), (command, out, err)
        errors += err
    for shown in re.findall(r"`(FAILED [^`]+)`", DOC.read_text(encoding="utf-8")):
        assert shown in errors
    _, out, _ = run_cli(capsys, monkeypatch, "registry", "show", "iris", "-f", "json")
    assert json.loads(out)["production"] == 1
