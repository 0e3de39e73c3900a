"""Every command in docs/ledger.md runs, in order, with the exit code and output it shows."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._ledger import register
from hauberk.core import HauberkError

DOC = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.skipif(
    shutil.which("openssl") is None or shutil.which("sqlite3") is None,
    reason="the guide uses the openssl and sqlite3 command-line tools",
)
def test_console_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)
    runner = CliRunner()
    commands = [
        line[2:] for block in _blocks("console") for line in block.splitlines() if line[:2] == "$ "
    ]
    assert len(commands) >= 12
    tampered: str | None = None  # what the verify after the tampering printed
    for command in commands:
        code = 0
        if "# exit code" in command:
            command, _, expected = command.partition("# exit code")
            code = int(expected)
        if command.startswith("hauberk "):
            result = runner.invoke(app, shlex.split(command)[1:])
            got = result.exit_code
            if isinstance(result.exception, HauberkError):  # as `hauberk` maps it
                got = result.exception.exit_code
            assert got == code, (command, result.output, result.exception)
            if command.startswith("hauberk ledger verify audit.db") and code == 1:
                tampered = result.output
        else:
            done = subprocess.run(command, shell=True, check=False, capture_output=True, timeout=60)
            assert done.returncode == code, (command, done.stderr)
    shown = [line for line in _blocks("text")[1].splitlines() if line]
    assert tampered is not None and tampered.splitlines() == shown


def test_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (source,) = _blocks("python")
    exec(compile(source, str(DOC), "exec"), {})
    assert (tmp_path / "audit.db").exists()
