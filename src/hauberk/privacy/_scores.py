"""Per-record statistics of a model's output on a record's true label.

Everything here reads probabilities only, so it works for any ``Model`` (local or remote).
``logit_confidence`` is LiRA's scaled confidence ``log(p_y) - log(sum_{j != y} p_j)``
(Carlini et al. 2022, section IV-B), computed from log-probabilities so that confident
outputs (``p_y`` close to 1) keep their resolution instead of rounding to infinity.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, InputError
from hauberk.models import Model

EPS = 1e-30


def true_class_proba(proba: NDArray[Any], y_idx: NDArray[np.int64]) -> NDArray[np.float64]:
    p = np.asarray(proba, dtype=np.float64)
    return np.asarray(p[np.arange(len(p)), y_idx], dtype=np.float64)


def cross_entropy(proba: NDArray[Any], y_idx: NDArray[np.int64]) -> NDArray[np.float64]:
    return np.asarray(-np.log(np.clip(true_class_proba(proba, y_idx), EPS, None)))


def logit_confidence(proba: NDArray[Any], y_idx: NDArray[np.int64]) -> NDArray[np.float64]:
    p = np.clip(np.asarray(proba, dtype=np.float64), 0.0, None)
    rows = np.arange(len(p))
    py = p[rows, y_idx]
    rest = p.sum(axis=1) - py
    return np.asarray(np.log(py + EPS) - np.log(np.clip(rest, 0.0, None) + EPS))


def aligned_proba(model: Model, x: NDArray[Any], classes: tuple[Any, ...]) -> NDArray[np.float64]:
    """``model``'s probabilities with columns in the order of ``classes``.

    A shadow model trained on a subset may not know every class; its missing columns are 0.
    """
    proba = model.predict_proba(x)
    if tuple(model.classes) == tuple(classes):
        return proba
    out = np.zeros((len(proba), len(classes)), dtype=np.float64)
    where = {c: i for i, c in enumerate(classes)}
    for j, c in enumerate(model.classes):
        if c not in where:
            raise InputError(f"shadow model predicts class {c!r} the target model does not know")
        out[:, where[c]] = proba[:, j]
    return out


def query_in_chunks(
    model: Model, x: NDArray[Any], *, chunk: int = 256
) -> tuple[NDArray[np.float64], bool]:
    """Probabilities for as many leading rows of ``x`` as the budget allows.

    Returns ``(proba, complete)``; when the query or time budget runs out, ``proba`` holds the
    rows answered so far and ``complete`` is False, so the caller can report a partial result.
    """
    parts: list[NDArray[np.float64]] = []
    remaining = model.counter.remaining
    n = len(x) if remaining is None else min(len(x), max(remaining, 0))
    try:
        for start in range(0, n, chunk):
            parts.append(model.predict_proba(x[start : min(start + chunk, n)]))
    except BudgetExceeded:
        pass
    width = len(model.classes)
    proba = np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.float64)
    return proba, len(proba) == len(x)
