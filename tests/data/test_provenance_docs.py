"""Every command in docs/data-provenance.md runs, in order, with the exit code it shows."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.data.support import census, data_folder, run_cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-provenance.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _setup(root: Path) -> None:
    data_folder(root)
    (root / "data.toml").write_text(_blocks("toml")[0])
    batch = census(100, seed=5)
    batch["id"] += 1000
    batch.loc[7, "colour"] = "purple"
    batch.to_csv(root / "batch.csv", index=False)


def test_console_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HAUBERK_KEY_PASSWORD", raising=False)
    _setup(tmp_path)
    commands = [
        line[2:] for block in _blocks("console") for line in block.splitlines() if line[:2] == "$ "
    ]
    assert len(commands) >= 12
    for command in commands:
        code = 0
        if "# exit code" in command:
            command, _, expected = command.partition("# exit code")
            code = int(expected)
        if command.startswith("hauberk "):
            got, out, err = run_cli(capsys, monkeypatch, *shlex.split(command)[1:])
            assert got == code, (command, out, err)
        else:
            done = subprocess.run(command, shell=True, check=False, capture_output=True, timeout=60)
            assert done.returncode == code, (command, done.stderr)
    assert (tmp_path / "report" / "report.html").is_file()
    assert any(p.name.startswith(".census.displaced-") for p in (tmp_path / "incoming").iterdir())


def test_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _setup(tmp_path)
    (source,) = _blocks("python")
    exec(compile(source, str(DOC), "exec"), {})
