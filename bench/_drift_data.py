"""The batches of bench/monitor.py, shared with its peers' runner (bench/_monitor_peers.py,
which runs in the peers' own venv): numpy only, so both draw the same numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

#: Column kinds with no shift for the false-alarm table beyond Gaussian columns: ties,
#: discrete values, heavy tails. A user's table has all of these (flags, counts, amounts
#: that are mostly zero, values rounded on entry).
KINDS = ("gauss", "int3", "flag2pct", "poisson", "cauchy", "zero90", "rounded", "mixed")


def column_values(kind: str, rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """``n`` rows of ``d`` columns of one kind."""
    if kind == "gauss":
        return rng.normal(size=(n, d))
    if kind == "int3":  # values 0, 1, 2
        return rng.integers(0, 3, size=(n, d)).astype(float)
    if kind == "flag2pct":  # a 0/1 flag set in 2% of rows
        return (rng.random((n, d)) < 0.02).astype(float)
    if kind == "poisson":
        return rng.poisson(0.5, size=(n, d)).astype(float)
    if kind == "cauchy":
        return rng.standard_cauchy(size=(n, d))
    if kind == "zero90":  # an amount that is 0 in 90% of rows, log-normal otherwise
        return np.where(rng.random((n, d)) < 0.9, 0.0, rng.lognormal(size=(n, d)))
    if kind == "rounded":  # normal, rounded to one decimal
        return np.round(rng.normal(size=(n, d)), 1)
    if kind == "mixed":  # every other column an integer 0-4
        x = rng.normal(size=(n, d))
        x[:, ::2] = rng.integers(0, 5, size=(n, (d + 1) // 2))
        return x
    raise ValueError(f"unknown column kind {kind!r}")


def make_pair(spec: dict[str, Any], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Reference and current batch of ``spec["kind"]`` (default Gaussian); the first
    ``shifted`` features of the current batch are scaled by ``scale`` and moved by ``shift``
    (in reference sd)."""
    rng = np.random.default_rng(seed)
    n, d = int(spec["rows"]), int(spec["features"])
    kind = str(spec.get("kind", "gauss"))
    ref = column_values(kind, rng, n, d)
    cur = column_values(kind, rng, n, d)
    k = int(spec.get("shifted", 0))
    cur[:, :k] = cur[:, :k] * float(spec.get("scale", 1.0)) + float(spec.get("shift", 0.0))
    return ref, cur
