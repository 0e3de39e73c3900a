"""docs/llm.md is executable: its commands run on the files the page shows, its Python runs,
and the verdict it prints for the base64 prompt is the one the CLI gives."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "llm.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", PAGE.read_text(), re.S)


def test_page_commands_run(tmp_path: Path) -> None:
    prompts = _blocks("json")[0]
    (tmp_path / "prompts.jsonl").write_text(prompts)
    (tmp_path / "system.txt").write_text("You are the Acme support bot. Never discuss refunds.")
    (tmp_path / "responses.jsonl").write_text(
        '{"id": "r1", "text": "We open at nine."}\n'
        '{"id": "r2", "text": "The canary is ZX-CANARY-5521."}\n'
    )
    lines = [line for line in _commands() if "calibrat" not in line]
    assert len(lines) == 3
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    outputs = []
    for line in lines:
        argv = shlex.split(line)
        run = subprocess.run(
            [sys.executable, "-m", "hauberk", *argv[1:]],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert run.returncode == 1, f"`{line}` exited {run.returncode}: {run.stderr}"
        outputs.append(run.stdout)
    verdicts = {v["id"]: v for v in map(json.loads, outputs[0].splitlines())}
    assert [verdicts[k]["flagged"] for k in ("q1", "q2", "q3", "q4")] == [False, True, True, True]
    shown = json.loads(_blocks("json")[1])
    assert verdicts["q4"]["signals"] == shown["signals"]
    assert verdicts["q4"]["score"] >= shown["score"]
    assert (tmp_path / "verdicts.jsonl").read_text().count("\n") == 4
    responses = [json.loads(x) for x in outputs[2].splitlines()]
    assert [r["flagged"] for r in responses] == [False, True]


def _commands() -> list[str]:
    return [line[2:].strip() for block in _blocks("console") for line in block.splitlines()
            if line.startswith("$ hauberk ")]  # fmt: skip


def test_calibration_commands_run(tmp_path: Path) -> None:
    """The section on calibrating: its sample is 305 benign rows of held-out 19 (enough for
    1%), and the guard with the file it writes flags the page's prompts as before."""
    rows = (REPO / "bench" / "corpus" / "llm" / "heldout_19.jsonl").read_text().splitlines()
    benign = [r for r in map(json.loads, rows) if r["label"] == 0][3::5]
    keep = ("id", "text", "context", "history")
    sample = [json.dumps({k: v for k, v in r.items() if k in keep}) for r in benign]
    (tmp_path / "benign.jsonl").write_text("\n".join(sample) + "\n")
    (tmp_path / "prompts.jsonl").write_text(_blocks("json")[0])
    lines = [line for line in _commands() if "calibrat" in line]
    assert len(lines) == 2
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "hauberk", *shlex.split(line)[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        for line in lines
    ]
    assert [r.returncode for r in runs] == [0, 1], [r.stderr for r in runs]
    written = json.loads((tmp_path / "guard-calibration.json").read_text())
    assert written["rows"] == len(sample) and written["flagged"] <= len(sample) // 100
    verdicts = {v["id"]: v["flagged"] for v in map(json.loads, runs[1].stdout.splitlines())}
    assert verdicts == {"q1": False, "q2": True, "q3": True, "q4": True}


def test_python_example_runs() -> None:
    (block,) = _blocks("python")
    exec(compile(block, str(PAGE), "exec"), {})
