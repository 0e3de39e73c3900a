"""The capture writer process: records it writes decrypt after a clean stop and after the
gateway is killed outright; its death is counted, reported and never blocks the tap; a child
that stops reading makes records be dropped and counted instead of blocking."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hauberk
from hauberk.gateway import _capture_proc, parse_config
from hauberk.gateway._capture_proc import (
    CHILD_ENV,
    CHILD_NICE,
    RESTART_SECONDS,
    CaptureProcess,
    Layout,
    _parse_rows,
    _rows_frame,
    record_columns,
    restart_delay,
)
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.gateway._tap import TrafficTap
from hauberk.monitor._capture import read_capture
from hauberk.supplychain import generate_encryption_key, load_encryption_key

SRC = Path(hauberk.__file__).resolve().parents[1]


def _tap(tmp_path: Path, **capture: Any) -> TrafficTap:
    generate_encryption_key(tmp_path / "capture.key")
    cfg = parse_config(
        {"capture": {"store": "cap", "key_file": "capture.key", "sample_rate": 1.0,
                     "flush_seconds": 0.05, **capture},
         "audit": {"ledger": None}},
        source="test", base_dir=tmp_path,
    )  # fmt: skip
    return TrafficTap(cfg, GatewayMetrics(), features=3, classes=["a", "b"], guards=[],
                      alerter=None)  # fmt: skip


def _offer(tap: TrafficTap, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        tap.offer(np.full((1, 3), float(i)), np.array([[0.25, 0.75]]), "v1", "p")


def _metric(tap: TrafficTap, name: str) -> float:
    for line in tap.metrics.render().decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(name)


def _key(tmp_path: Path) -> bytes:
    return load_encryption_key(key_file=tmp_path / "capture.key")


def test_masking_runs_in_the_writer_process(tmp_path: Path) -> None:
    tap = _tap(tmp_path, mask=["f1"], outputs=["label", "proba"])
    assert tap.masker is None and tap.writer_pid not in (None, os.getpid())
    _offer(tap, 40)
    assert tap.sync()
    assert _metric(tap, "hauberk_captured_rows_total") == 40
    tap.close()
    got = read_capture(tmp_path / "cap", _key(tmp_path))
    assert got.open_tails == 0 and got.columns["f0"].tolist() == [float(i) for i in range(40)]
    assert got.columns["f1"] == [None] * 40 and got.columns["label"] == ["b"] * 40


def test_a_dead_writer_is_counted_reported_and_replaced(tmp_path: Path) -> None:
    tap = _tap(tmp_path)
    _offer(tap, 10)
    assert tap.sync()
    pid = tap.writer_pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    started = time.perf_counter()
    _offer(tap, 10, start=10)  # the request path never notices
    assert time.perf_counter() - started < 0.05
    assert not tap.sync(timeout=3)  # nothing can confirm these rows
    assert _metric(tap, "hauberk_capture_writer_failures_total") == 1
    assert _metric(tap, "hauberk_capture_degraded") == 1
    assert _metric(tap, "hauberk_capture_lost_rows_total") >= 10
    time.sleep(RESTART_SECONDS + 0.1)
    _offer(tap, 5, start=20)
    assert tap.sync()
    assert tap.writer_pid not in (None, pid)
    assert _metric(tap, "hauberk_capture_degraded") == 0
    tap.close()
    got = read_capture(tmp_path / "cap", _key(tmp_path))
    # the killed writer's segment ends early (one open tail); every row it confirmed is there
    assert got.open_tails == 1
    values = got.columns["f0"].tolist()
    assert values[:10] == [float(i) for i in range(10)] and values[-5:] == [20.0, 21, 22, 23, 24]


def test_a_stopped_writer_makes_the_tap_drop_not_wait(tmp_path: Path) -> None:
    tap = _tap(tmp_path, flush_rows=512)
    assert tap._writer is not None
    tap._writer.max_waiting_bytes = 1 << 20
    pid = tap.writer_pid
    assert pid is not None
    _offer(tap, 1)
    assert tap.sync()
    os.kill(pid, signal.SIGSTOP)
    try:
        # far more than the pipe (at most 4 MiB) and the waiting list (1 MiB here) hold: ~8 MB
        # of records for a child that reads nothing
        x, proba = np.zeros((500, 3)), np.tile([[0.25, 0.75]], (500, 1))
        for _ in range(300):
            tap.offer(x, proba, "v1", "p")
            tap._wake.set()
            time.sleep(0.002)
        deadline = time.monotonic() + 10
        while tap._pending and time.monotonic() < deadline:  # the tap thread keeps going
            time.sleep(0.01)
        assert not tap._pending
        assert tap._lost_sends > 0
    finally:
        os.kill(pid, signal.SIGCONT)
    assert tap.sync()
    tap.close()
    lost = _metric(tap, "hauberk_capture_lost_rows_total")
    written = _metric(tap, "hauberk_captured_rows_total")
    assert lost > 0 and written + lost == 150_001
    assert len(read_capture(tmp_path / "cap", _key(tmp_path)).times) == written


_SERVER = """
import sys, time
import numpy as np
sys.path.insert(0, {src!r})
from hauberk.gateway import parse_config
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.gateway._tap import TrafficTap
cfg = parse_config({{"capture": {{"store": "cap", "key_file": "capture.key", "sample_rate": 1.0,
                                  "flush_seconds": 0.05}}, "audit": {{"ledger": None}}}},
                   source="test", base_dir={folder!r})
tap = TrafficTap(cfg, GatewayMetrics(), features=3, classes=["a", "b"], guards=[], alerter=None)
for i in range(3000):
    tap.offer(np.full((1, 3), float(i)), np.array([[0.5, 0.5]]), "v1", "p")
assert tap.sync()
print(tap.writer_pid, flush=True)
time.sleep(60)
"""


def test_records_are_whole_and_sealed_after_the_gateway_is_killed(tmp_path: Path) -> None:
    generate_encryption_key(tmp_path / "capture.key")
    script = textwrap.dedent(_SERVER.format(src=str(SRC), folder=str(tmp_path)))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    proc.kill()  # SIGKILL: no shutdown code runs in the gateway
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the writer reads end-of-file, seals and exits
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the writer process outlived the gateway")
    got = read_capture(tmp_path / "cap", load_encryption_key(key_file=tmp_path / "capture.key"))
    assert got.open_tails == 0  # sealed with its last record
    assert got.columns["f0"].tolist() == [float(i) for i in range(3000)]
    assert json.dumps(sorted(got.columns)) == json.dumps(
        sorted(["f0", "f1", "f2", "label", "p_a", "p_b"])
    )


def test_a_masker_object_runs_on_the_tap_thread(tmp_path: Path) -> None:
    generate_encryption_key(tmp_path / "capture.key")
    cfg = parse_config(
        {"capture": {"store": "cap", "key_file": "capture.key", "sample_rate": 1.0,
                     "principal": True}, "audit": {"ledger": None}},
        source="test", base_dir=tmp_path,
    )  # fmt: skip

    def hide(columns: dict[str, Any]) -> dict[str, Any]:
        columns["principal"] = ["<PRINCIPAL>"] * len(columns["principal"])
        return columns

    tap = TrafficTap(cfg, GatewayMetrics(), features=3, classes=["a", "b"], guards=[],
                     alerter=None, capture_key=_key(tmp_path), masker=hide)  # fmt: skip
    _offer(tap, 7)
    assert tap.sync()
    tap.close()
    got = read_capture(tmp_path / "cap", _key(tmp_path))
    assert got.columns["principal"] == ["<PRINCIPAL>"] * 7
    assert got.columns["f2"].tolist() == [float(i) for i in range(7)]


@settings(max_examples=50, deadline=None)
@given(
    rows=st.integers(0, 40),
    features=st.integers(1, 6),
    inputs=st.booleans(),
    versions=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_raw_rows_give_the_columns_built_in_the_gateway(
    rows: int, features: int, inputs: bool, versions: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x, proba = rng.normal(size=(rows, features)), rng.dirichlet([1, 1, 1], size=rows)
    times = rng.uniform(0, 2e9, size=rows)
    picked = [features - 1] if inputs else None
    layout = Layout(
        names=[f"f{j}" for j in (picked or range(features))], inputs=picked,
        classes=["x", "y", "z"], label=True, proba=True,
    )  # fmt: skip
    ver = [f"v{i % 3}" for i in range(rows)] if versions else None
    who = [f"key:{i}" for i in range(rows)]
    body = b"".join(bytes(b) for b in _rows_frame(times, x, proba, ver, who))
    got_times, got = _parse_rows(body, layout)
    want = record_columns(layout, x, proba, ver, who)
    np.testing.assert_array_equal(got_times, times)
    assert list(got) == list(want)
    for name, values in want.items():
        if isinstance(values, np.ndarray):
            np.testing.assert_array_equal(got[name], values)
        else:
            assert got[name] == values
    with pytest.raises(ValueError, match="header says"):
        _parse_rows(body + b"\0", layout)


def test_restart_delay_doubles_up_to_its_cap() -> None:
    delays = [restart_delay(n) for n in range(1, 12)]
    assert delays[:4] == [RESTART_SECONDS, 2 * RESTART_SECONDS, 4 * RESTART_SECONDS,
                          8 * RESTART_SECONDS]  # fmt: skip
    assert delays == sorted(delays) and delays[-1] == _capture_proc.RESTART_MAX_SECONDS


def test_a_writer_that_cannot_start_is_retried_with_backoff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_capture_proc, "RESTART_SECONDS", 0.1)
    monkeypatch.setattr(_capture_proc, "RESTART_MAX_SECONDS", 0.4)
    (tmp_path / "file").write_text("")  # the store lies under a file: the child cannot start
    layout = Layout(names=["f0"], inputs=None, classes=["a"], label=False, proba=False)
    settings = {"store": str(tmp_path / "file" / "cap"), "max_segment_bytes": 1 << 20,
                "max_segment_seconds": 60.0, "max_store_bytes": 1 << 24, "mask": [],
                "masker": None, "layout": layout.to_dict()}  # fmt: skip
    caplog.set_level(logging.WARNING, logger="hauberk.gateway")
    proc = CaptureProcess(settings, bytes(32))
    delays: list[float] = []
    deadline = time.monotonic() + 60
    while len(delays) < 4 and time.monotonic() < deadline:
        proc.check()
        if proc.failures > len(delays):
            delays.append(proc.retry_in)
            assert proc.degraded
        time.sleep(0.01)
    proc.close()
    assert delays == [0.1, 0.2, 0.4, 0.4]
    died = [r for r in caplog.records if "died" in r.getMessage()]
    assert [r.levelno for r in died] == [logging.ERROR] + [logging.WARNING] * 3
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) <= 2  # "could not start" and "died", once each


def test_the_writer_gets_a_minimal_environment_and_a_lower_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAUBERK_TEST_SECRET", "do-not-pass")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "do-not-pass")
    tap = _tap(tmp_path)
    _offer(tap, 5)
    assert tap.sync()  # it still finds hauberk and writes
    pid = tap.writer_pid
    assert pid is not None
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    # it steps aside for the gateway: a higher nice value, and batch scheduling
    nice = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    policy = os.sched_getscheduler(pid)
    tap.close()
    assert nice == os.getpriority(os.PRIO_PROCESS, 0) + CHILD_NICE or nice == 19
    assert policy == os.SCHED_BATCH
    env = dict(item.split(b"=", 1) for item in raw.split(b"\0") if item)
    names = {k.decode() for k in env}
    assert names <= {*CHILD_ENV, "PYTHONPATH"} and "PATH" in names
    assert b"do-not-pass" not in raw
    assert str(SRC).encode() in env[b"PYTHONPATH"]
    assert len(read_capture(tmp_path / "cap", _key(tmp_path)).columns["f0"]) == 5


@pytest.mark.parametrize("yield_stages", [True, False])
def test_the_writer_yields_the_cpu_between_the_stages_of_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yield_stages: bool
) -> None:
    """A record is parsed, masked, encoded and sealed in short bursts with a yield of the CPU
    between them (unless ``YIELD_STAGES`` is off), and is still written whole."""
    generate_encryption_key(tmp_path / "capture.key")
    key = _key(tmp_path)
    pauses: list[int] = []
    monkeypatch.setattr(_capture_proc, "_pause", lambda: pauses.append(1))
    layout = Layout(names=["f0", "f1"], inputs=None, classes=["a", "b"], label=True, proba=True)
    settings = {"store": str(tmp_path / "cap"), "max_segment_bytes": 1 << 20,
                "max_segment_seconds": 3600.0, "max_store_bytes": 1 << 30, "mask": ["f1"],
                "masker": None, "layout": layout.to_dict(), "key": key.hex(),
                "step_aside": False, "yield_stages": yield_stages}  # fmt: skip
    frames = bytearray()

    def frame(kind: bytes, payload: bytes) -> None:
        frames.extend(_capture_proc._FRAME.pack(kind[0], len(payload)) + payload)

    frame(b"I", json.dumps(settings).encode())
    for r in range(2):
        x = np.arange(10.0).reshape(5, 2) + 10 * r
        proba = np.tile([0.25, 0.75], (5, 1))
        parts = _rows_frame(np.arange(5.0) + r, x, proba, ["v1"] * 5, None)
        frame(b"X", b"".join(bytes(p) for p in parts))
    frame(b"C", b"")
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    os.write(to_w, bytes(frames))
    os.close(to_w)
    try:
        assert _capture_proc._child(to_r, from_w) == 0
        acks = os.read(from_r, 4096)
    finally:
        for fd in (to_r, from_r, from_w):
            os.close(fd)
    assert [acks[i] for i in range(0, len(acks), _capture_proc._ACK.size)] == [ord("W")] * 2
    assert len(pauses) == (3 * 2 if yield_stages else 0)  # parse | mask | encode | seal
    got = read_capture(tmp_path / "cap", key)
    assert got.open_tails == 0 and got.columns["f0"].tolist() == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]
    assert got.columns["f1"] == [None] * 10 and got.columns["label"] == ["b"] * 10
