"""Every ``hauberk scan`` command in docs/scan.md runs as users run it (the console entry
point, in a fresh process), with the exit code it promises; its Python example runs too."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "scan.md"
COMMANDS = [
    line[2:].strip() for line in DOC.read_text().splitlines() if line.startswith("$ hauberk scan")
]


@pytest.fixture
def models(tmp_path: Path) -> Path:
    import torch

    (tmp_path / "models").mkdir()
    torch.save({"w": torch.zeros(2)}, tmp_path / "model.pt")
    torch.save({"w": torch.ones(2)}, tmp_path / "models" / "a.pt")
    return tmp_path


def test_docs_have_commands() -> None:
    assert len(COMMANDS) >= 3


@pytest.mark.parametrize("command", COMMANDS)
def test_doc_command_runs(command: str, models: Path) -> None:
    argv = shlex.split(command)[1:]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    run = subprocess.run(
        [sys.executable, "-c", "from hauberk.cli import main; main()", *argv],
        cwd=models, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    if "--output" in argv:
        assert (models / argv[argv.index("--output") + 1]).stat().st_size > 0


def test_doc_python_runs(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
                if "scan(" in b]  # fmt: skip
    monkeypatch.chdir(models)
    exec(compile(block, str(DOC), "exec"), {})
    assert (models / "scan-report.html").stat().st_size > 0
