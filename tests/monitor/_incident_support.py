"""Helpers for the incident tests: the hauberk CLI in a child process, signing keys, reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

import hauberk

SRC = Path(hauberk.__file__).resolve().parents[1]


def run_process(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m hauberk ARGS`` with this checkout's source first on the path."""
    full = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        cwd=cwd, env=full, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The same command in this process (the CLI's app, with ``main``'s error-to-exit-code
    mapping): a child process per step costs seconds on a loaded machine."""
    import contextlib

    from typer.testing import CliRunner

    from hauberk.cli import app
    from hauberk.core import HauberkError

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, args, env=env or {}, catch_exceptions=True)
    code, err = result.exit_code, result.stderr
    if isinstance(result.exception, HauberkError):
        code, err = result.exception.exit_code, f"{err}hauberk: error: {result.exception}\n"
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, code, result.stdout, err)


def ok(out: subprocess.CompletedProcess[str], code: int = 0) -> str:
    assert out.returncode == code, f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def setup_ledger(work: Path) -> dict[str, str]:
    """A ledger and an Ed25519 responder key in ``work``; the variables that point at them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hauberk.ledger import open_ledger

    open_ledger(work / "ledger.db", create=True).close()
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key = work / "responder.key"
    key.write_bytes(pem)
    key.chmod(0o600)
    return {"HAUBERK_LEDGER": "ledger.db", "HAUBERK_INCIDENT_KEY": "responder.key"}


def write_batch(path: Path, seed: int, shift: float, rows: int = 400) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 3))
    x[:, 0] += shift
    lines = ["a,b,c"] + [",".join(f"{v:.5f}" for v in r) for r in x]
    path.write_text("\n".join(lines) + "\n")


def drift_report(work: Path, name: str, shift: float, seed: int, rows: int = 400) -> Path:
    """``hauberk monitor drift`` of a batch shifted by ``shift`` against the reference."""
    if not (work / "reference.csv").is_file():
        write_batch(work / "reference.csv", 0, 0.0)
    write_batch(work / f"{name}.csv", seed, shift, rows)
    out = run(["monitor", "drift", "reference.csv", f"{name}.csv", "--output-dir", name,
               "-f", "json", "-q"], work)  # fmt: skip
    assert out.returncode in (0, 1), out.stderr
    return work / name / "report.json"


def incident(work: Path, env: dict[str, str], number: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        ok(run(["incident", "show", str(number), "-f", "json"], work, env))
    )
    return data


def linear_onnx(path: Path, coef: np.ndarray, intercept: np.ndarray) -> Path:
    """A linear classifier as an ONNX graph (Gemm + Softmax)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.asarray(coef.T, dtype=np.float32), "W")
    b = numpy_helper.from_array(np.asarray(intercept, dtype=np.float32), "B")
    graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["x", "W", "B"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", coef.shape[1]])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["n", coef.shape[0]])],
        initializer=[w, b],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gateway(
    work: Path, model: str, sha256: str, store: Path
) -> tuple[subprocess.Popen[str], str]:
    """``hauberk serve`` in a child process on a free 127.0.0.1 port (``serve.toml`` in
    ``work``); returns once ``/readyz`` answers."""
    import time

    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hauberk", "serve", "--model", model, "--sha256", sha256,
         "--keys", str(store), "--config", "serve.toml", "--port", str(port)],
        cwd=work, env={**os.environ, "PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise AssertionError(f"hauberk serve did not start: {proc.communicate()[1]}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen[str]) -> None:
    import signal

    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
