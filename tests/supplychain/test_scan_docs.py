"""Every ``hauberk scan`` command in docs/scan.md runs, with the exit code it promises."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._scan import register

DOC = Path(__file__).resolve().parents[2] / "docs" / "scan.md"
COMMANDS = [
    line[2:].strip() for line in DOC.read_text().splitlines() if line.startswith("$ hauberk scan")
]


def test_docs_have_commands() -> None:
    assert len(COMMANDS) >= 3


@pytest.mark.parametrize("command", COMMANDS)
def test_doc_command_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    torch.save({"w": torch.zeros(2)}, tmp_path / "model.pt")
    torch.save({"w": torch.ones(2)}, tmp_path / "models" / "a.pt")
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    argv = shlex.split(command)[1:]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    if "--output" in argv:
        assert (tmp_path / argv[argv.index("--output") + 1]).stat().st_size > 0
