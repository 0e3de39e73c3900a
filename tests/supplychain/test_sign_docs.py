"""Every command and snippet in docs/signing.md runs, in order, in a fresh folder."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._sign import register

DOC = Path(__file__).resolve().parents[2] / "docs" / "signing.md"
BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.S)


def hauberk_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test shell."""

    register(app)
    return app


def test_doc_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safetensors.numpy import save_file

    monkeypatch.chdir(tmp_path)
    (tmp_path / "model").mkdir()
    save_file({"w": np.ones((2, 2), dtype=np.float32)}, "model/weights.safetensors")
    (tmp_path / "model" / "config.json").write_text("{}")
    blocks = BLOCK.findall(DOC.read_text())
    assert blocks
    ran = 0
    for kind, body in blocks:
        if kind == "python":
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(body, str(DOC), "exec"), {})
            assert "w" in out.getvalue()
            ran += 1
            continue
        for line in body.splitlines():
            if not line.startswith("$ "):
                continue
            argv = shlex.split(line[2:])
            if argv[0] == "hauberk":
                result = CliRunner().invoke(hauberk_app(), argv[1:])
                assert result.exit_code == 0, (line, result.output, result.exception)
            else:
                tool = Path(sys.executable).parent / argv[0]
                done = subprocess.run(
                    [tool, *argv[1:]], capture_output=True, text=True, timeout=120
                )
                assert done.returncode == 0, (line, done.stderr)
            ran += 1
    assert ran >= 8
    assert (
        Path("restored.safetensors").read_bytes() == Path("model/weights.safetensors").read_bytes()
    )
