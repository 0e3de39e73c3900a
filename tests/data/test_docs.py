"""Executable docs: every `$ hauberk ...` line in docs/data.md runs, in order, in a folder
holding the files the page names (a scan that quarantines rows exits 1: that is the point)."""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "data.md"


def commands() -> list[str]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(), re.S):
        out += [line[2:].strip() for line in block.splitlines() if line.startswith("$ hauberk ")]
    return out


def test_page_commands_run(tmp_path: Path) -> None:
    from sklearn.datasets import load_wine

    x, y = load_wine(return_X_y=True)
    rng = np.random.default_rng(0)
    idx = rng.choice(len(y), 10, replace=False)
    y[idx] = (y[idx] + 1) % 3
    with (tmp_path / "wine.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*(f"f{i}" for i in range(x.shape[1])), "label"])
        writer.writerows([*a, b] for a, b in zip(x.tolist(), y.tolist(), strict=True))
    np.savez(tmp_path / "wine.npz", x=x, y=y)
    lines = commands()
    assert len(lines) >= 2
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for line in lines:
        argv = shlex.split(line)
        run = subprocess.run(
            [sys.executable, "-m", "hauberk", *argv[1:]],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        assert run.returncode == 1, f"`{line}`: {run.returncode} {run.stderr}"
    assert (tmp_path / "scan" / "quarantine.csv").is_file()
    assert (tmp_path / "scan-npz" / "report.html").is_file()
