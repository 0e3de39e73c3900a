"""Robust aggregation rules as plain numpy functions on flattened client updates.

Each rule takes ``updates`` (an ``(n, d)`` array: one row per client, the change the client
made to the global model) and returns one ``(d,)`` aggregate. The Flower strategies in
``_strategy.py`` call these; keeping the math separate lets hypothesis test it against numpy.

- Krum and Multi-Krum: Blanchard et al. 2017, *Machine Learning with Adversaries: Byzantine
  Tolerant Gradient Descent*; score = sum of squared distances to the ``n - f - 2`` nearest.
- Coordinate-wise median and trimmed mean: Yin et al. 2018, *Byzantine-Robust Distributed
  Learning: Towards Optimal Statistical Rates*.
- FLTrust: Cao et al. 2021, *FLTrust: Byzantine-robust Federated Learning via Trust
  Bootstrapping*; trust = ReLU(cosine to the server's root-data update), every update rescaled
  to the root update's norm.
- Norm clipping with Gaussian noise: McMahan et al. 2018, *Learning Differentially Private
  Recurrent Language Models* (DP-FedAvg, fixed clipping, server-side noise).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def _matrix(updates: Array) -> Array:
    arr = np.asarray(updates, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"updates must be a non-empty (clients, size) array, not {arr.shape}")
    return arr


def weighted_mean(updates: Array, weights: Array | None = None) -> Array:
    """FedAvg: the mean weighted by each client's number of examples."""
    arr = _matrix(updates)
    w = np.ones(arr.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (arr.shape[0],) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be one non-negative number per client, not all zero")
    return np.asarray((w[:, None] * arr).sum(axis=0) / w.sum(), dtype=np.float64)


def krum_scores(updates: Array, byzantine: int) -> Array:
    """Each update's Krum score: the sum of squared distances to its ``n - f - 2`` nearest."""
    arr = _matrix(updates)
    n = arr.shape[0]
    if byzantine < 0:
        raise ValueError(f"byzantine must be >= 0, not {byzantine}")
    closest = max(1, n - byzantine - 2)
    sq = np.einsum("ij,ij->i", arr, arr)
    dist = np.maximum(sq[:, None] + sq[None, :] - 2.0 * arr @ arr.T, 0.0)
    np.fill_diagonal(dist, np.inf)
    closest = min(closest, n - 1) if n > 1 else 0
    if closest == 0:
        return np.zeros(n)
    nearest = np.sort(dist, axis=1)[:, :closest]
    return np.asarray(nearest.sum(axis=1), dtype=np.float64)


def multi_krum(updates: Array, byzantine: int, keep: int = 1) -> tuple[Array, NDArray[np.intp]]:
    """Average of the ``keep`` updates with the lowest Krum scores (``keep=1`` is Krum).

    Returns the aggregate and the indices of the updates selected.
    """
    arr = _matrix(updates)
    if not 1 <= keep <= arr.shape[0]:
        raise ValueError(f"keep must be between 1 and {arr.shape[0]}, not {keep}")
    scores = krum_scores(arr, byzantine)
    chosen = np.argsort(scores, kind="stable")[:keep]
    return np.asarray(arr[chosen].mean(axis=0), dtype=np.float64), chosen


def coordinate_median(updates: Array) -> Array:
    """Coordinate-wise median."""
    return np.asarray(np.median(_matrix(updates), axis=0), dtype=np.float64)


def trimmed_mean(updates: Array, beta: float) -> Array:
    """Coordinate-wise mean after dropping the ``floor(beta * n)`` largest and smallest values."""
    arr = _matrix(updates)
    if not 0 <= beta < 0.5:
        raise ValueError(f"beta must be in [0, 0.5), not {beta}")
    cut = int(np.floor(beta * arr.shape[0]))
    ordered = np.sort(arr, axis=0)
    kept = ordered[cut : arr.shape[0] - cut]
    return np.asarray(kept.mean(axis=0), dtype=np.float64)


def fltrust(updates: Array, root_update: Array) -> tuple[Array, Array]:
    """FLTrust: trust-weighted mean of updates rescaled to the root update's norm.

    Returns the aggregate and each client's trust score (ReLU of the cosine similarity).
    When every trust score is zero the aggregate is zero (no client is trusted).
    """
    arr = _matrix(updates)
    root = np.asarray(root_update, dtype=np.float64)
    if root.shape != (arr.shape[1],):
        raise ValueError(f"root update has shape {root.shape}, updates have {arr.shape[1]}")
    root_norm = float(np.linalg.norm(root))
    norms = np.linalg.norm(arr, axis=1)
    safe = np.where(norms > 0, norms, 1.0)
    cos = (arr @ root) / (safe * (root_norm if root_norm > 0 else 1.0))
    trust = np.where(norms > 0, np.maximum(cos, 0.0), 0.0)
    if trust.sum() <= 0:
        return np.zeros(arr.shape[1]), trust
    scaled = arr * (root_norm / safe)[:, None]
    return np.asarray((trust[:, None] * scaled).sum(axis=0) / trust.sum()), trust


def clip_rows(updates: Array, clip: float) -> Array:
    """Scale each update down to L2 norm at most ``clip``."""
    arr = _matrix(updates)
    if clip <= 0:
        raise ValueError(f"clip must be > 0, not {clip}")
    norms = np.linalg.norm(arr, axis=1)
    factor = np.minimum(1.0, clip / np.maximum(norms, 1e-12))
    return np.asarray(arr * factor[:, None], dtype=np.float64)


def clipped_gaussian_mean(
    updates: Array, clip: float, noise_multiplier: float, rng: np.random.Generator
) -> Array:
    """DP-FedAvg (fixed clipping): mean of clipped updates plus N(0, (z * C / n)^2) noise."""
    if noise_multiplier < 0:
        raise ValueError(f"noise_multiplier must be >= 0, not {noise_multiplier}")
    clipped = clip_rows(updates, clip)
    n = clipped.shape[0]
    noise = rng.normal(0.0, noise_multiplier * clip / n, size=clipped.shape[1])
    return np.asarray(clipped.mean(axis=0) + noise, dtype=np.float64)


def clipped_median(updates: Array, clip: float) -> Array:
    """Coordinate-wise median of norm-clipped updates."""
    return coordinate_median(clip_rows(updates, clip))
