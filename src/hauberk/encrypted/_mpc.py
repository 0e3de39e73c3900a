"""Secure three-party inference with MPyC, the parties run as real processes on 127.0.0.1.

MPyC (Schoenmakers; Shamir secret sharing with threshold t = 1 among m = 3 parties,
semi-honest security with an honest majority) evaluates the same :class:`PolyModel` that the
CKKS path evaluates: the client (party 0) secret-shares its standardised inputs, the model
owner (party 1) its weights, a helper (party 2) holds nothing; only the client receives the
logits. Fixed-point numbers (``SecFxp``, 64 bits, 24 fractional) carry the values; each
multiplication is followed by MPyC's secure truncation.

:func:`mpc_infer` writes the private inputs into a 0700 temporary folder (each party reads
only its own file), starts three ``python -m hauberk.encrypted._mpc_party`` processes that
talk over TCP on loopback ports, waits with a time limit and kills them all if any fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, HauberkError
from hauberk.encrypted._model import PolyModel

PARTIES = 3
FIXED_POINT_BITS = 64
FRACTION_BITS = 24


@dataclass(frozen=True)
class MpcResult:
    """Logits for party 0, the secure computation's time, and bytes all parties sent."""

    logits: NDArray[np.float64]
    seconds: float
    wall_seconds: float
    bytes_sent: int


def _free_base_port(count: int) -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + count > 65535:
            continue
        try:
            held = []
            for offset in range(count):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
        return base
    raise HauberkError("found no free run of loopback ports for the MPyC parties")


def mpc_infer(model: PolyModel, x: NDArray[Any], *, timeout: float = 300.0) -> MpcResult:
    """Logits of ``model`` on raw inputs ``x`` computed by three MPyC parties (processes)."""
    if not 1 <= len(x) <= 10_000:
        raise ConfigError(f"MPC inference takes 1 to 10000 rows, got {len(x)}")
    if len(model.activation) > 3:
        raise ConfigError("MPC inference supports activations up to degree 2")
    xs = model.prepare(x)
    with tempfile.TemporaryDirectory(prefix="hauberk-mpc-") as tmp:
        job = Path(tmp)
        os.chmod(job, 0o700)
        np.save(job / "x.npy", xs)
        arrays: dict[str, Any] = {}
        for i, (w, b) in enumerate(model.layers):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        np.savez(job / "model.npz", **arrays)
        meta = {
            "n": int(xs.shape[0]),
            "d": int(xs.shape[1]),
            "shapes": [list(w.shape) for w, _ in model.layers],
            "activation": [float(c) for c in model.activation],
            "bits": FIXED_POINT_BITS,
            "frac": FRACTION_BITS,
        }
        (job / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        base = _free_base_port(PARTIES)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        began = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "hauberk.encrypted._mpc_party",
                    str(job),
                    f"-M{PARTIES}",
                    f"-I{i}",
                    f"-B{base}",
                    "--no-log",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
            for i in range(PARTIES)
        ]
        errors: list[str] = []
        deadline = began + timeout
        try:
            for i, proc in enumerate(procs):
                try:
                    _, err = proc.communicate(timeout=max(1.0, deadline - time.perf_counter()))
                except subprocess.TimeoutExpired:
                    errors.append(f"party {i} did not finish within {timeout:.0f} s")
                    break
                if proc.returncode != 0:
                    tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
                    errors.append(f"party {i} exited {proc.returncode}: {tail[0]}")
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        wall = time.perf_counter() - began
        if errors:
            raise HauberkError("MPyC inference failed: " + "; ".join(errors))
        logits = np.load(job / "out.npz")["logits"]
        stats = [json.loads((job / f"stats{i}.json").read_text()) for i in range(PARTIES)]
    return MpcResult(
        logits=np.asarray(logits, dtype=np.float64).reshape(len(xs), -1),
        seconds=max(float(s["seconds"]) for s in stats),
        wall_seconds=wall,
        bytes_sent=sum(int(s["bytes_sent"]) for s in stats),
    )
