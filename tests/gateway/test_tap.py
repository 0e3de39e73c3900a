"""The traffic tap's batching: drift rows binned only when read (the newest ``window`` of
them), memory bounded while nobody reads, capture of multi-row requests row by row, records
of bounded size, and sync/close with items still waiting."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.gateway import parse_config
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.gateway._tap import MAX_BATCH, RECORD_ROWS, TrafficTap
from hauberk.monitor import WindowedPSI
from hauberk.monitor._capture import read_capture
from hauberk.supplychain import generate_encryption_key, load_encryption_key

REF = np.random.default_rng(0).normal(size=(400, 4))


def _tap(tmp_path: Path, **tables: Any) -> TrafficTap:
    np.savez(tmp_path / "ref.npz", x=REF)
    if "capture" in tables:
        generate_encryption_key(tmp_path / "capture.key")
        tables["capture"] = {"store": "cap", "key_file": "capture.key", **tables["capture"]}
    cfg = parse_config({**tables, "audit": {"ledger": None}}, source="test", base_dir=tmp_path)
    return TrafficTap(cfg, GatewayMetrics(), features=4, classes=["a", "b"], guards=["anomaly"],
                      alerter=None)  # fmt: skip


def test_drift_bins_only_the_newest_window_rows_when_read(tmp_path: Path) -> None:
    tap = _tap(tmp_path, drift={"reference": "ref.npz", "window": 300, "min_rows": 100,
                                "check_every": 3600})  # fmt: skip
    rows = np.random.default_rng(1).normal(0.5, 1, size=(1000, 4))
    proba = np.array([[0.5, 0.5]])
    for r in rows:
        tap.offer(r[None, :], proba, "v1", "p")
    assert tap.sync()
    assert tap.window is not None and tap.window.rows == 300
    direct = WindowedPSI(REF, tap.names, window=300, min_rows=100)
    direct.update(rows[-300:])
    np.testing.assert_allclose(tap.window.psi(), direct.psi(), rtol=1e-12)
    tap.close()


def test_waiting_drift_rows_stay_bounded_without_reads(tmp_path: Path) -> None:
    tap = _tap(tmp_path, drift={"reference": "ref.npz", "window": 50, "min_rows": 10,
                                "check_every": 3600})  # fmt: skip
    proba = np.array([[0.5, 0.5]])
    for i in range(5000):
        tap.offer(np.full((1, 4), float(i)), proba, "v1", "p")
        if i % 1000 == 999:
            tap._wake.set()  # let the thread take what waits, as time would
            while tap._pending:
                time.sleep(0.001)
    assert tap._rows_n <= 50 + MAX_BATCH
    assert tap.sync() and tap.window is not None and tap.window.rows == 50
    tap.close()


def test_capture_keeps_every_row_of_multi_row_requests_in_order(tmp_path: Path) -> None:
    tap = _tap(tmp_path, capture={"sample_rate": 1.0, "outputs": ["label", "proba", "version"],
                                  "principal": True, "flush_rows": 5000})  # fmt: skip
    rng = np.random.default_rng(2)
    sent = []
    for i in range(700):  # 3 rows per request: 2,100 rows, several records
        x = rng.normal(size=(3, 4))
        proba = np.tile([[0.2, 0.8]] if i % 2 else [[0.9, 0.1]], (3, 1))
        tap.offer(x, proba, f"v{i % 3}", f"key:{i}")
        sent.append((x, proba, f"v{i % 3}", f"key:{i}"))
    assert tap.sync()
    tap.close()
    assert tap._writer is not None
    assert tap._writer.records_written >= -(-2100 // RECORD_ROWS)  # records of at most 512 rows
    got = read_capture(tmp_path / "cap", load_encryption_key(key_file=tmp_path / "capture.key"))
    assert len(got.times) == 2100 and np.all(np.diff(got.times) >= 0)
    x = np.concatenate([s[0] for s in sent])
    for j in range(4):
        np.testing.assert_array_equal(got.columns[f"f{j}"], x[:, j])
    np.testing.assert_array_equal(got.columns["p_b"], np.concatenate([s[1] for s in sent])[:, 1])
    assert got.columns["label"] == [
        lab for s in sent for lab in ["b" if s[1][0, 1] > 0.5 else "a"] * 3
    ]
    assert got.columns["model_version"] == [s[2] for s in sent for _ in range(3)]
    assert got.columns["principal"] == [s[3] for s in sent for _ in range(3)]


def test_flags_and_rows_count_in_order_for_the_guard_rate(tmp_path: Path) -> None:
    tap = _tap(tmp_path, drift={"reference": "ref.npz", "window": 100, "min_rows": 10,
                                "rate_window": 10, "check_every": 3600})  # fmt: skip
    proba = np.array([[0.5, 0.5]])
    for _ in range(10):
        tap.flag("anomaly")
    for _ in range(7):
        tap.offer(np.zeros((1, 4)), proba, "v1", "p")
    assert tap.sync()
    rate = tap.rates["anomaly"].rate()
    assert rate is not None and rate.n == 10 and rate.value == pytest.approx(0.3)
    tap.close()


def test_close_writes_what_still_waits(tmp_path: Path) -> None:
    tap = _tap(tmp_path, capture={"sample_rate": 1.0, "flush_rows": 10_000, "flush_seconds": 3600})
    for i in range(123):
        tap.offer(np.full((1, 4), float(i)), np.array([[1.0, 0.0]]), "v1", "p")
    tap.close()
    got = read_capture(tmp_path / "cap", load_encryption_key(key_file=tmp_path / "capture.key"))
    assert got.open_tails == 0 and got.columns["f0"].tolist() == [float(i) for i in range(123)]
