"""Every `$ hauberk` command in docs/post-quantum.md runs, in order, and exits 0."""

from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "post-quantum.md"


def test_post_quantum_page_commands_run(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "weights.bin").write_bytes(b"\x00" * 1024)
    lines = [
        line[2:]
        for block in re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
        for line in block.splitlines()
        if line.startswith("$ hauberk ")
    ]
    assert len(lines) >= 10
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for line in lines:
        argv: list[str] = []
        for arg in shlex.split(line):  # expand globs as a shell would
            argv += sorted(glob.glob(arg, root_dir=tmp_path)) if "*" in arg else [arg]
        run = subprocess.run([sys.executable, "-m", *argv], cwd=tmp_path, capture_output=True,
                             text=True, env=env, timeout=300)  # fmt: skip
        assert run.returncode == 0, f"`{line}` exited {run.returncode}: {run.stderr}"
    note = (tmp_path / "checkpoint.txt").read_text(encoding="utf-8")
    assert note.count("\u2014 example.com/models ") == 2
