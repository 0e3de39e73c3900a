"""Every `$ hauberk` command in docs/encrypted.md runs and exits 0."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "encrypted.md"


def test_encrypted_page_commands_run(tmp_path: Path) -> None:
    lines = [
        line[2:]
        for block in re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
        for line in block.splitlines()
        if line.startswith("$ hauberk ")
    ]
    assert len(lines) >= 2
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for line in lines:
        argv = shlex.split(line)
        run = subprocess.run([sys.executable, "-m", *argv], cwd=tmp_path, capture_output=True,
                             text=True, env=env, timeout=600)  # fmt: skip
        assert run.returncode == 0, f"`{line}` exited {run.returncode}: {run.stderr}"
    assert json.loads((tmp_path / "encrypted.json").read_text())["results"][0]["n"] == 5
