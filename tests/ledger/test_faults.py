"""Faults: kill -9 during appends, and several writer processes at once (no fork, no gap)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hauberk.ledger import open_ledger

WORKER = Path(__file__).with_name("_worker.py")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = str(tmp_path / "ledger.db")
    else:
        path = request.getfixturevalue("postgres_url")
    open_ledger(path, create=True, origin="faults.example/log").close()
    return path


def _spawn(db: str, worker: str, count: int, threads: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), db, worker, str(count), str(threads)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _parse(lines: list[str]) -> dict[int, dict[str, object]]:
    acknowledged: dict[int, dict[str, object]] = {}
    for line in lines:
        index, worker, thread, seq = line.split()
        assert int(index) not in acknowledged, "two appends got the same index (a fork)"
        acknowledged[int(index)] = {"worker": worker, "thread": int(thread), "seq": int(seq)}
    return acknowledged


def test_kill_9_loses_no_acknowledged_append(db: str) -> None:
    proc = _spawn(db, "crash", 0, 4)  # appends forever with 4 threads
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while len(lines) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: batches are in flight
    rest, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    lines += [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    acknowledged = _parse(lines)
    assert len(acknowledged) >= 150, err

    with open_ledger(db) as ledger:
        head = ledger.head()
        assert head.size >= max(acknowledged) + 1
        for index, body in acknowledged.items():
            assert ledger.entry(index).body == body
        report = ledger.verify()
        assert report.ok, report.problems
        # the log keeps working after the crash
        index = ledger.record("test.after", {"ok": True}, principal="t")
        assert index == head.size
        assert ledger.verify().ok


def test_concurrent_processes_never_fork_or_gap(db: str) -> None:
    procs = [_spawn(db, f"p{w}", 30, 3) for w in range(4)]
    lines: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        lines += out.splitlines()
    acknowledged = _parse(lines)
    total = 4 * 30 * 3
    assert sorted(acknowledged) == list(range(total))  # no gap, no duplicate
    with open_ledger(db) as ledger:
        assert ledger.head().size == total
        for index in (0, total // 2, total - 1):
            assert ledger.entry(index).body == acknowledged[index]
        report = ledger.verify()
        assert report.ok, report.problems
        # every process saw one linear history: consistency from every earlier size holds
        for old in (1, 7, total // 3, total - 1):
            ledger.consistency_proof(old).verify()
    assert json.dumps(report.to_json())
