"""Executable docs: every `$ hauberk ...` line in docs/monitor.md runs, in order, in a folder
holding the batches the page names (drift and a regression gate may exit 1: that is the
point, not an error)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np

import hauberk

REPO = Path(__file__).resolve().parents[2]
SRC = Path(hauberk.__file__).resolve().parents[1]
PAGE = REPO / "docs" / "monitor.md"


def commands() -> list[str]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(), re.S):
        out += [line[2:].strip() for line in block.splitlines() if line.startswith("$ hauberk ")]
    return out


def write_batch(path: Path, seed: int, shift: float) -> None:
    rng = np.random.default_rng(seed)
    n = 600
    x = rng.normal(size=(n, 3))
    x[:, 0] += shift
    p1 = 1 / (1 + np.exp(-x[:, 0]))
    label = (rng.random(n) < p1).astype(int)
    colour = rng.choice(["red", "green", "blue"], n)
    lines = ["x0,x1,x2,colour,p0,p1,label"]
    lines += [
        f"{a:.5f},{b:.5f},{c:.5f},{k},{1 - p:.5f},{p:.5f},{y}"
        for (a, b, c), k, p, y in zip(x, colour, p1, label, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n")


def test_page_commands_run(tmp_path: Path) -> None:
    lines = commands()
    assert len(lines) >= 3
    write_batch(tmp_path / "reference.csv", 0, 0.0)
    write_batch(tmp_path / "current.csv", 1, 0.4)
    write_traffic(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for line in lines:
        argv = shlex.split(line)
        run = subprocess.run(
            [sys.executable, "-m", "hauberk", *argv[1:]],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        gates = argv[1] == "monitor" or "--fail-on-regression" in argv
        assert run.returncode in ((0, 1) if gates else (0,)), f"`{line}`: {run.stderr}"
    assert (tmp_path / "drift" / "report.html").is_file()
    assert (tmp_path / "drift-full" / "report.sarif").is_file()
    assert (tmp_path / "drift-traffic" / "report.json").is_file()
    assert (tmp_path / "rules.yml").is_file()


def write_traffic(folder: Path) -> None:
    """A reference .npz and a capture store of the same four features, as the gateway writes."""
    import time

    from hauberk.monitor._capture import CaptureWriter
    from hauberk.supplychain import generate_encryption_key, load_encryption_key

    rng = np.random.default_rng(3)
    np.savez(folder / "traffic-reference.npz", x=rng.normal(size=(500, 4)))
    generate_encryption_key(folder / "capture.aes")
    writer = CaptureWriter(folder / "capture", load_encryption_key(key_file=folder / "capture.aes"))
    x = rng.normal(size=(400, 4))
    cols = {f"f{j}": x[:, j].tolist() for j in range(4)} | {"label": ["0"] * 400}
    writer.write([time.time()] * 400, cols)
    writer.close()
