"""[capture] and [drift] in a live gateway: sampled rows encrypted at rest and read back by
`hauberk monitor drift`, windowed PSI and guard-flag rates on /metrics, drift alerts in the log
and the audit ledger, and a full tap queue that drops and counts instead of blocking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import hauberk
from hauberk.core import ConfigError, VerificationError
from hauberk.gateway import create_app
from hauberk.ledger import open_ledger
from hauberk.models import SklearnModel
from hauberk.monitor._capture import read_capture
from hauberk.supplychain import generate_encryption_key, load_encryption_key

from ._support import Keys, config, live_server, make_keys

SRC = Path(hauberk.__file__).resolve().parents[1]


@pytest.fixture
def setup(tmp_path: Path, iris: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
    x, _ = iris
    x = x[np.random.default_rng(0).permutation(len(x))]  # any window is a fair sample
    np.savez(tmp_path / "ref.npz", x=x)
    generate_encryption_key(tmp_path / "capture.key")
    return {"x": x, "keys": make_keys(tmp_path)}


def _cfg(tmp_path: Path, **extra: Any) -> Any:
    tables: dict[str, Any] = {
        "capture": {
            "store": "capture",
            "key_file": "capture.key",
            "sample_rate": 1.0,
            "mask": ["f1"],
            "outputs": ["label", "proba", "version"],
            "principal": True,
            "flush_rows": 50,
        },
        "drift": {
            "reference": "ref.npz",
            "window": 150,
            "min_rows": 100,
            "check_every": 0.05,
        },
        "alerts": {"log": "alerts.jsonl", "cooldown": 60},
        "rate": {"principal_rate": 1e5, "principal_burst": 1e5},
        "monitor": {"enabled": False},
    }
    for k, v in extra.items():
        tables[k] = {**tables.get(k, {}), **v}
    return config(tmp_path, **tables)


def _send(live: Any, keys: Keys, rows: np.ndarray, batch: int = 10) -> None:
    for i in range(0, len(rows), batch):
        r = live.predict(keys.predict, rows[i : i + batch].tolist())
        assert r.status_code == 200, r.text


def _metric(text: str, name: str, label: str) -> float:
    for line in text.splitlines():
        if line.startswith(f'{name}{{{label}"}}') or line.startswith(f"{name}{{{label}}}"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} {label} not in metrics")


def test_capture_is_encrypted_masked_and_read_back(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    x, keys = setup["x"], setup["keys"]
    app = create_app(_cfg(tmp_path), iris_clf, keys=keys.store)
    with live_server(app) as live:
        _send(live, keys, x[:120])
        tap = app.state.gateway.tap
        assert tap.sync()
        metrics = live.client.get(
            f"{live.url}/metrics", headers={"Authorization": f"Bearer {keys.admin}"}
        ).text
        # the iris rows themselves: no drift, and PSI is reported for each feature
        assert 0 <= _metric(metrics, "hauberk_drift_psi", 'feature="f0') < 0.25
        assert "hauberk_captured_rows_total 120.0" in metrics
    store = tmp_path / "capture"
    raw = b"".join(p.read_bytes() for p in store.glob("seg-*.hbcap"))
    assert b"model_version" not in raw and b"columns" not in raw and b"principal" not in raw
    got = read_capture(store, load_encryption_key(key_file=tmp_path / "capture.key"))
    assert got.open_tails == 0 and len(got.times) == 120
    assert np.allclose(got.columns["f0"], x[:120, 0])
    assert got.columns["f1"] == [None] * 120  # masked
    assert set(got.columns) >= {"label", "p_0", "model_version", "principal"}
    assert got.columns["principal"][0] == f"key:{keys.predict_id}"
    with pytest.raises(VerificationError):
        read_capture(store, b"k" * 32)
    # a time window
    assert len(read_capture(store, load_encryption_key(key_file=tmp_path / "capture.key"),
                            since=time.time() + 60).times) == 0  # fmt: skip


def test_drift_raises_an_alert_in_the_log_the_ledger_and_metrics(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    x, keys = setup["x"], setup["keys"]
    cfg = _cfg(tmp_path)
    app = create_app(cfg, iris_clf, keys=keys.store)
    moved = x.copy()
    moved[:, 2] = np.clip(moved[:, 2] + 2.0, 0, 10)  # petal length shifted
    with live_server(app) as live:
        _send(live, keys, moved[:150])
        assert app.state.gateway.tap.sync()
        metrics = live.client.get(
            f"{live.url}/metrics", headers={"Authorization": f"Bearer {keys.admin}"}
        ).text
        assert _metric(metrics, "hauberk_drift_psi", 'feature="f2') > 0.25
        assert 'hauberk_alerts_total{kind="drift",severity="high"}' in metrics
        # the cooldown holds the same alert back
        _send(live, keys, moved[:50])
        assert app.state.gateway.tap.sync()
    alerts = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    drift = [a for a in alerts if a["kind"] == "drift"]
    assert [a["subject"] for a in drift] == ["feature:f2"]
    assert drift[0]["details"]["value"] > 0.25
    with open_ledger(tmp_path / "audit.db") as ledger:
        kinds = [ledger.entry(i).kind for i in range(ledger.head().size)]
    assert kinds.count("monitor.alert") == 1


def test_guard_flag_rate_is_a_metric_and_an_alert(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    x, keys = setup["x"], setup["keys"]
    cfg = _cfg(
        tmp_path,
        guards={"anomaly": {"reference": "ref.npz", "threshold": 4.0}},
        drift={"rate_window": 40},
    )
    app = create_app(cfg, iris_clf, keys=keys.store)
    with live_server(app) as live:
        _send(live, keys, x[:20], batch=1)
        for _ in range(20):  # far outside the reference: the anomaly guard refuses them
            r = live.predict(keys.predict, [[9.9, 0.1, 9.9, 0.1]])
            assert r.status_code == 422
        assert app.state.gateway.tap.sync()
        metrics = live.client.get(
            f"{live.url}/metrics", headers={"Authorization": f"Bearer {keys.admin}"}
        ).text
    assert _metric(metrics, "hauberk_guard_flag_rate", 'guard="anomaly') == pytest.approx(0.5)
    alerts = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    rate = [a for a in alerts if a["kind"] == "guard_rate"]
    assert rate and rate[0]["subject"] == "guard:anomaly"
    assert rate[0]["details"]["rate"]["ci_low"] > 0.05 and rate[0]["details"]["rate"]["n"] <= 40


def test_a_full_tap_queue_drops_and_counts_without_blocking(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    x, keys = setup["x"], setup["keys"]
    cfg = _cfg(tmp_path, capture={"queue_size": 2}, drift={"queue_size": 2})
    from hauberk.gateway._pipeline import Gateway, build_versions

    def slow(columns: dict[str, list[Any]]) -> dict[str, list[Any]]:
        time.sleep(0.2)  # a masker that cannot keep up
        return columns

    gw = Gateway(cfg, build_versions(iris_clf, cfg), keys=keys.store)
    tap = gw.tap
    assert tap is not None
    tap.masker = slow
    started = time.perf_counter()
    for i in range(50):
        tap.offer(x[i : i + 1], np.full((1, 3), 1 / 3), "v1", "p")
    assert time.perf_counter() - started < 0.1
    assert tap.dropped >= 40
    assert "hauberk_tap_dropped_total" in gw.metrics.render().decode()
    gw.close()


def test_bad_capture_and_drift_settings_are_config_errors(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    keys = setup["keys"]
    with pytest.raises(ConfigError, match="inputs"):
        create_app(_cfg(tmp_path, capture={"inputs": ["f9"]}), iris_clf, keys=keys.store)
    with pytest.raises(ConfigError, match="reference"):
        create_app(
            config(tmp_path, drift={"window": 100, "min_rows": 50}), iris_clf, keys=keys.store
        )
    with pytest.raises(ConfigError, match="masker"):
        create_app(_cfg(tmp_path, capture={"masker": "no_such_module:f"}), iris_clf,
                   keys=keys.store)  # fmt: skip
    with pytest.raises(ConfigError, match="min_rows"):
        config(tmp_path, drift={"window": 10, "min_rows": 50})
    with pytest.raises(ConfigError, match="webhook_secret_file"):
        config(tmp_path, alerts={"webhook": "http://127.0.0.1:9/"})


def test_monitor_drift_reads_the_capture_store(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    x, keys = setup["x"], setup["keys"]
    app = create_app(_cfg(tmp_path, capture={"mask": []}), iris_clf, keys=keys.store)
    with live_server(app) as live:
        _send(live, keys, x)
        assert app.state.gateway.tap.sync()
    args = ["monitor", "drift", str(tmp_path / "ref.npz"), str(tmp_path / "capture")]
    out = tmp_path / "report"
    key = ["--key", str(tmp_path / "capture.key"), "-o", str(out)]
    res = hauberk_cli(*args, *key, "-f", "json", "--since", "1h")
    assert res.returncode == 0, res.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["target"]["current"]["rows"] == 150
    assert report["target"]["current"]["capture_store"] is True
    # the store as the reference too, its own window
    store = str(tmp_path / "capture")
    res = hauberk_cli("monitor", "drift", store, store, *key, "-f", "json",
                      "--reference-since", "1h", "--until", str(time.time() + 60))  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert json.loads((out / "report.json").read_text())["target"]["reference"]["rows"] == 150
    # without the key: a usage error, exit 2
    res = hauberk_cli(*args)
    assert res.returncode == 2 and "--key" in res.stderr
    # a window with no rows is an input error, never "no drift"
    res = hauberk_cli(*args, *key, "--until", "2000-01-01T00:00:00")
    assert res.returncode == 2 and "empty" in res.stderr
    # the wrong key: refused, exit 2... or 1 for a failed verification
    (tmp_path / "other.key").write_bytes(b"")
    generate_encryption_key(tmp_path / "other.key", overwrite=True)
    res = hauberk_cli(*args, "--key", str(tmp_path / "other.key"), "-o", str(out))
    assert res.returncode != 0 and "authentication" in res.stderr


def hauberk_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_drift_can_be_switched_off_while_capturing(
    tmp_path: Path, setup: dict[str, Any], iris_clf: SklearnModel
) -> None:
    from hauberk.gateway._pipeline import Gateway, build_versions

    cfg = _cfg(tmp_path, drift={"enabled": False})
    gw = Gateway(cfg, build_versions(iris_clf, cfg), keys=setup["keys"].store)
    assert gw.tap is not None and gw.tap.window is None and gw.tap.capture is not None
    gw.close()
