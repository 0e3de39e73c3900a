"""STRIP loaded by a real ``hauberk serve`` from serve.toml: triggered inputs are refused."""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from tests._backdoor import TARGET, digits, flat_mlp, mlp_onnx, stamp

from .test_cli import _free_port, _key, _run


@pytest.mark.slow
def test_serve_loads_strip_and_refuses_triggered_inputs(tmp_path: Path) -> None:
    _, xte, _, yte = digits()
    flat = xte.reshape(len(xte), 64).astype(np.float32)
    model = mlp_onnx(tmp_path / "digits.onnx", flat_mlp(0.05))
    np.savez(tmp_path / "clean.npz", x=flat[:300])
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    store = tmp_path / "keys.json"
    key = _key(store, "predict")
    (tmp_path / "serve.toml").write_text(
        '[model]\nlower = 0.0\nupper = 16.0\n[audit]\nledger = "audit.db"\n'
        # 77 requests back to back: past the default 40-request burst, and a 429 is not a refusal
        "[rate]\nprincipal_rate = 1000.0\nprincipal_burst = 1000.0\n"
        '[guards.strip]\nreference = "clean.npz"\noverlays = 16\nfalse_rejection = 0.01\n'
    )
    port = _free_port()
    proc = _run(["serve", "--model", str(model), "--sha256", digest, "--keys", str(store),
                 "--config", "serve.toml", "--port", str(port)], tmp_path)  # fmt: skip
    url, auth = f"http://127.0.0.1:{port}/v1/predict", {"Authorization": f"Bearer {key}"}
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                r = httpx.post(
                    url, json={"inputs": flat[300:301].tolist()}, headers=auth, timeout=10
                )
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.2)
        clean_ok = 0
        for row in flat[300:340]:
            r = httpx.post(url, json={"inputs": [row.tolist()]}, headers=auth, timeout=10)
            assert r.status_code in (200, 422), r.text
            clean_ok += r.status_code == 200
        assert clean_ok >= 37  # 1% false rejection calibrated; 40 clean digits
        others = xte[300:340][yte[300:340] != TARGET]
        refused = 0
        for row in stamp(others).reshape(len(others), 64):
            r = httpx.post(url, json={"inputs": [row.tolist()]}, headers=auth, timeout=10)
            assert r.status_code in (200, 422), r.text
            if r.status_code == 422:
                assert r.json()["error"]["code"] == "input_rejected"
                refused += 1
        assert refused >= 0.9 * len(others)  # 405 of 405 in process (seeds 0-7)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
