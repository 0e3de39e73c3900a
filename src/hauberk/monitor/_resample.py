"""p-values for statistics without an exact one (PSI, Jensen–Shannon, Wasserstein, and KS on
a tied column), by simulating their distribution under "no drift".

Each numeric column is cut at the reference's quantiles (``bins`` bins; fewer when values
repeat), so a batch becomes a vector of bin counts, and the null distribution of a statistic
on them is simulated exactly rather than approximated (all columns and draws at once, never a
row-level loop):

- **Quantile bins.** Under "no drift" the rows of both batches are exchangeable, so each
  current row falls in any of the ``n + 1`` gaps between sorted reference values with equal
  chance, and the current batch's counts over the bins are Dirichlet-multinomial with one
  weight per gap a bin holds, while the reference's counts stay as they are (its own
  quantiles cut the bins). Earlier rounds drew both batches multinomially from the
  reference's proportions: that null was too wide where the reference's counts are fixed by
  construction (Wasserstein alarmed in 3.2% of no-shift reports at α = 5%) and too narrow
  for a rare value the reference happened to under-count (13.5% on a 0/1 flag set in 2% of
  rows; ``tests/monitor/test_drift.py``).
- **Pooled value bins** (every test on a tied column): the exact permutation null, the
  pooled rows split at random into batches of the observed sizes.

The p-value counts draws above the observed value, and ties with it at a uniformly random
rank, ``(above + U·(ties + 1)) / (1 + resamples)``, so a statistic that takes few values is
not stricter than α; it is 1 when no draw lies below the observed value (a column constant
in both batches is never "drifted" by the draw of ``U``). ``resamples`` is raised to at
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


def _polya_draws(
    ref_counts: NDArray[np.int64], m: int, size: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``size`` null draws of quantile-bin counts: the reference's as they are, the current
    batch's Dirichlet-multinomial with one weight per gap between reference values."""
    gaps = ref_counts.astype(np.float64)
    # above the reference's largest value: the bin that holds it (the last one, unless
    # repeated values left the last bins empty)
    top = ref_counts.shape[1] - 1 - np.argmax(ref_counts[:, ::-1] > 0, axis=1)
    gaps[np.arange(len(gaps)), top] += 1.0
    g = rng.standard_gamma(np.broadcast_to(gaps, (size, *gaps.shape)))
    total = g.sum(axis=2, keepdims=True)
    cur = rng.multinomial(m, g / total)
    ref = np.broadcast_to(ref_counts, cur.shape)
    return ref / ref_counts[0].sum(), cur / m


def _permutation_draws(
    ref_counts: NDArray[np.int64],
    cur_counts: NDArray[np.int64],
    size: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``size`` null draws of value-bin counts: the pooled rows split at random into a
    reference and a current batch of the observed sizes (multivariate hypergeometric)."""
    pooled = ref_counts + cur_counts
    n, m = int(ref_counts[0].sum()), int(cur_counts[0].sum())
    ref = np.stack([rng.multivariate_hypergeometric(row, n, size=size) for row in pooled], axis=1)
    return ref / n, (pooled - ref) / m


def resampled_pvalues(
    stat: CountsStat,
    ref_counts: NDArray[np.int64],
    cur_counts: NDArray[np.int64],
    observed: NDArray[np.float64],
    resamples: int,
    rng: np.random.Generator,
    *,
    null: str = "quantile",
) -> NDArray[np.float64]:
    """p-values of ``observed`` (d,) against ``stat`` on ``resamples`` draws of bin counts
    under "no drift" (columns of one pair of batch sizes). ``null``: ``quantile`` for bins
    cut at the reference's quantiles (:func:`_polya_draws`), ``pooled`` for bins of the
    pooled values (:func:`_permutation_draws`)."""
    above = np.zeros(len(observed), dtype=np.int64)
    tied = np.zeros(len(observed), dtype=np.int64)
    chunk = max(1, 2_000_000 // max(1, ref_counts.size))  # bound memory at ~2e6 counts
    done = 0
    tolerance = 1e-12 * np.maximum(1.0, np.abs(observed))
    m = int(cur_counts[0].sum())
    while done < resamples:
        size = min(chunk, resamples - done)
        if null == "quantile":
            p, q = _polya_draws(ref_counts, m, size, rng)
        else:
            p, q = _permutation_draws(ref_counts, cur_counts, size, rng)
        draws = stat(p, q)  # (size, d)
        above += np.sum(draws > observed + tolerance, axis=0)
        tied += np.sum(np.abs(draws - observed) <= tolerance, axis=0)
        done += size
    # The observed value takes a uniformly random rank among the draws it ties with
    # (itself included): on a column of few values the statistic takes few values, and
    # counting every tie as "at least as large" made the test far stricter than α. Not at
    # the bottom of the null's support, though: no draw below the observed value means the
    # batches differ as little as they can (a column constant in both), never evidence.
    u = rng.random(len(observed))
    p = np.where(above + tied < resamples, (above + u * (tied + 1.0)) / (1.0 + resamples), 1.0)
    return np.asarray(p, dtype=np.float64)
