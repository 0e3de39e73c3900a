"""Thresholds for statistics without an exact p-value (PSI, Jensen–Shannon, Wasserstein),
calibrated by resampling the reference.

Each numeric column is cut at the reference's quantiles (``bins`` bins; fewer when values
repeat), so a batch becomes a vector of bin counts. Under "no drift" both batches are draws
from one distribution, so the null distribution of a statistic is simulated by drawing a
reference of ``n`` and a current batch of ``m`` rows from the bin proportions of the two
batches pooled (multinomial draws: all columns and resamples at once, never a row-level
loop). Pooled, not the reference's alone: drawn from the reference's proportions, a rare
value that the reference happened to under-count looked too steady, and the false-alarm rate
of the Wasserstein test on a 0/1 column that is 1 in 2% of rows was 13.5% at α = 5%
(pooled: 3.3%; ``tests/monitor/test_drift.py``).
The p-value is ``(1 + #{null >= observed}) / (1 + resamples)``, which keeps the false-alarm
rate at or below α at every sample size; the decision compares the statistic on the same
bins, so the observed value and its null are measured alike. ``resamples`` is raised to at
least ``2·features/α`` so that the correction for many features can still reject.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

CountsStat = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]


@dataclass(frozen=True)
class Binned:
    """Bin counts of the reference and current batch per column, padded to a common width
    (padding bins have probability 0), and each bin's mean reference value."""

    ref: NDArray[np.int64]  # (d, k)
    cur: NDArray[np.int64]  # (d, k)
    centres: NDArray[np.float64]  # (d, k); padding bins repeat the last centre

    @property
    def n(self) -> int:
        return int(self.ref[0].sum())

    @property
    def m(self) -> int:
        return int(self.cur[0].sum())


def quantile_bins(xs: NDArray[np.float64], ys: NDArray[np.float64], bins: int) -> Binned:
    """Cut each column at the reference's quantiles. ``xs`` (d, n) and ``ys`` (d, m) are
    feature-major rows already sorted, without missing values. Repeated quantiles (discrete
    columns) leave empty bins, which every statistic here treats as absent."""
    d, n = xs.shape
    m = ys.shape[1]
    idx = np.floor(np.linspace(0, 1, bins + 1)[1:-1] * (n - 1)).astype(np.int64)
    edges = xs[:, idx]  # (d, bins - 1), non-decreasing along each row
    upto_x = np.empty((d, bins + 1), dtype=np.int64)
    upto_y = np.empty((d, bins + 1), dtype=np.int64)
    upto_x[:, 0] = upto_y[:, 0] = 0
    upto_x[:, -1], upto_y[:, -1] = n, m
    for j in range(d):  # bins - 1 needles per column: cheap
        upto_x[j, 1:-1] = np.searchsorted(xs[j], edges[j], side="right")
        upto_y[j, 1:-1] = np.searchsorted(ys[j], edges[j], side="right")
    counts_ref = np.diff(upto_x, axis=1)
    counts_cur = np.diff(upto_y, axis=1)
    csum = np.zeros((d, n + 1))
    np.cumsum(xs, axis=1, out=csum[:, 1:])
    sums = np.diff(np.take_along_axis(csum, upto_x, axis=1), axis=1)
    filled = counts_ref > 0
    centres = np.where(filled, sums / np.maximum(counts_ref, 1), 0.0)
    # Empty bins take the previous filled bin's centre (bin 0 always holds the minimum), so
    # no distance is NaN and an empty bin adds no width.
    last = np.maximum.accumulate(np.where(filled, np.arange(bins), 0), axis=1)
    centres = np.take_along_axis(centres, last, axis=1)
    return Binned(counts_ref, counts_cur, centres)


def category_bins(
    ref: list[NDArray[np.int64]], cur: list[NDArray[np.int64]]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per-category counts of categorical columns, padded to a common width."""
    k = max(len(a) for a in ref) if ref else 1
    a = np.zeros((len(ref), k), dtype=np.int64)
    b = np.zeros((len(ref), k), dtype=np.int64)
    for j, (r, c) in enumerate(zip(ref, cur, strict=True)):
        a[j, : len(r)] = r
        b[j, : len(c)] = c
    return a, b


def min_resamples(features: int, alpha: float) -> int:
    """Resamples needed so that one feature's smallest attainable p-value, 1/(B+1), clears
    the strictest Benjamini–Hochberg threshold α/features with room to spare."""
    return max(1, math.ceil(2 * features / alpha) - 1)


def resampled_pvalues(
    stat: CountsStat,
    pooled_counts: NDArray[np.int64],
    observed: NDArray[np.float64],
    n: int,
    m: int,
    resamples: int,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """p-values of ``observed`` (d,) against ``stat`` on multinomial resamples of the
    proportions of ``pooled_counts`` (d, k; both batches' counts) at sizes ``n`` and ``m``."""
    p = pooled_counts / pooled_counts.sum(axis=1, keepdims=True)
    exceed = np.zeros(len(observed), dtype=np.int64)
    chunk = max(1, 2_000_000 // max(1, p.size))  # bound memory at ~2e6 counts per draw
    done = 0
    tolerance = 1e-12 * np.maximum(1.0, np.abs(observed))
    while done < resamples:
        size = min(chunk, resamples - done)
        a = rng.multinomial(n, p, size=(size, *p.shape[:1]))
        b = rng.multinomial(m, p, size=(size, *p.shape[:1]))
        null = stat(a / n, b / m)  # (size, d)
        exceed += np.sum(null >= observed - tolerance, axis=0)
        done += size
    return np.asarray((1.0 + exceed) / (1.0 + resamples), dtype=np.float64)
