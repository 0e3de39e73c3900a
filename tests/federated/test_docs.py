"""Executable docs: every ``$ hauberk ...`` line in docs/federated.md runs, in order, exits 0
and prints the JSON keys the page promises; the first two show the backdoor against FedAvg
and against the default."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "federated.md"


def commands() -> list[str]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(), re.S):
        out += [line[2:].strip() for line in block.splitlines() if line.startswith("$ hauberk ")]
    return out


def test_page_commands_run(tmp_path: Path) -> None:
    lines = commands()
    assert len(lines) == 3
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    outputs = []
    for line in lines:
        argv = shlex.split(line)
        run = subprocess.run([sys.executable, "-m", "hauberk", *argv[1:]], cwd=tmp_path,
                             capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
        assert run.returncode == 0, f"`{line}` exited {run.returncode}: {run.stderr}"
        out = json.loads(run.stdout)
        assert {"accuracy", "backdoor_success", "flagged_clients"} <= set(out)
        outputs.append(out)
    assert outputs[0]["backdoor_success"] > 0.5
    assert outputs[1]["backdoor_success"] < 0.05
    assert set(outputs[1]["hostile_clients"]) <= set(outputs[1]["flagged_clients"])
    assert (tmp_path / "rounds.db").exists()


def test_bad_input_is_one_line_and_exit_2() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for args in (["--attack", "teleport"], ["--strategy", "mean"], ["--hostile", "0.5"],
                 ["--hostile", "-0.1"], ["--dataset", "mnist"]):  # fmt: skip
        run = subprocess.run([sys.executable, "-m", "hauberk", "federated", "simulate", *args],
                             capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
        assert run.returncode == 2, (args, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert run.stdout == ""
