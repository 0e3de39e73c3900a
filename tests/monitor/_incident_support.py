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
    out = run(["monitor", "drift", "reference.csv", f"{name}.csv", "-o", name, "-f", "json",
               "-q"], work)  # fmt: skip
    assert out.returncode in (0, 1), out.stderr
    return work / name / "report.json"


def incident(work: Path, env: dict[str, str], number: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        ok(run(["incident", "show", str(number), "-f", "json"], work, env))
    )
    return data
