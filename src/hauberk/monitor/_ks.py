"""Two-sample Kolmogorov–Smirnov and Wasserstein-1 on many columns at once.

Both statistics read the gap between two empirical CDFs on the pooled sorted values. Each
column is sorted once (feature-major, contiguous rows); the pooled order then comes from a
stable argsort of the two sorted runs side by side, which is a single merge (timsort), not a
second full sort. The KS statistic is computed from integer counts exactly as
``scipy.stats.ks_2samp`` does, and its p-value is scipy's asymptotic one (``method="asymp"``:
``kstwo.sf(D, round(n·m/(n+m)))``); scipy's exact method costs O(n·m) per column and would
dominate a report. W1 is ``scipy.stats.wasserstein_distance``'s integral of |F_ref − F_cur|.
Columns are processed in blocks to bound memory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

BLOCK_CELLS = 4_000_000  # pooled values per block


def ks_wasserstein(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """KS statistic, its asymptotic p-value and W1 per column of ``x`` (n, d) against ``y``
    (m, d). Neither may hold NaN (drop missing values first, column by column)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[1]:
        raise ValueError(f"need (n, d) and (m, d) arrays, got {x.shape} and {y.shape}")
    xs = np.sort(np.ascontiguousarray(x.T), axis=1)
    ys = np.sort(np.ascontiguousarray(y.T), axis=1)
    return ks_wasserstein_sorted(xs, ys)


def ks_wasserstein_sorted(
    xs: NDArray[np.float64], ys: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """As :func:`ks_wasserstein` on feature-major rows already sorted: ``xs`` (d, n),
    ``ys`` (d, m)."""
    d, n = xs.shape
    m = ys.shape[1]
    if ys.shape[0] != d:
        raise ValueError(f"xs has {d} columns, ys has {ys.shape[0]}")
    if n == 0 or m == 0:
        raise ValueError("both samples need at least one row")
    stat = np.empty(d)
    w1 = np.empty(d)
    step = max(1, BLOCK_CELLS // (n + m))
    pos = np.arange(1, n + m + 1)
    for lo in range(0, d, step):
        hi = min(d, lo + step)
        z = np.concatenate([xs[lo:hi], ys[lo:hi]], axis=1)
        order = np.argsort(z, axis=1, kind="stable")  # merges the two sorted runs
        zs = np.take_along_axis(z, order, axis=1)
        from_x = np.cumsum(order < n, axis=1, dtype=np.int64)
        gap = np.abs(from_x / n - (pos - from_x) / m)
        # Evaluate the CDFs only after the last of a run of tied values.
        tied = np.zeros(zs.shape, dtype=bool)
        tied[:, :-1] = zs[:, 1:] == zs[:, :-1]
        stat[lo:hi] = np.max(np.where(tied, 0.0, gap), axis=1)
        w1[lo:hi] = np.sum(gap[:, :-1] * np.diff(zs, axis=1), axis=1)
    return stat, ks_pvalue(stat, n, m), w1


def ks_pvalue(stat: NDArray[np.float64], n: int, m: int) -> NDArray[np.float64]:
    """scipy's asymptotic two-sided p-value of the two-sample KS statistic."""
    from scipy.stats import kstwo

    big, small = max(float(n), float(m)), min(float(n), float(m))
    en = big * small / (big + small)
    return np.asarray(np.clip(kstwo.sf(stat, np.round(en)), 0.0, 1.0), dtype=np.float64)


#: A column is "tied" when more than this share of its reference rows repeat the value
#: before them: the asymptotic KS p-value assumes no ties, and with a heavy tie (a 0/1 flag,
#: a count, an amount that is mostly zero) it is far too large (measured: 0.5% false alarms
#: at α = 5% on 0/1/2-valued columns), so such columns get a resampled p-value instead.
TIED_SHARE = 0.01
#: Most bins of a tied column's value counts; runs of one value are never split.
TIED_BINS = 50


def tied_columns(xs: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which feature-major sorted rows ``xs`` (d, n) repeat values often (``TIED_SHARE``)."""
    repeats = np.count_nonzero(xs[:, 1:] == xs[:, :-1], axis=1)
    return np.asarray(repeats > TIED_SHARE * xs.shape[1], dtype=np.bool_)


def value_bins_centres(
    x: NDArray[np.float64], y: NDArray[np.float64], most: int = TIED_BINS
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Counts of each distinct pooled value in ``x`` and in ``y``, and each bin's mean pooled
    value (the value itself when no values are grouped, so Wasserstein-1 on the counts is the
    exact one). With more than ``most`` distinct values, consecutive values are grouped into
    ``most`` bins of about equal pooled mass, a value's rows always in one bin. KS on these
    counts is KS at the bin edges."""
    values, inverse = np.unique(np.concatenate([x, y]), return_inverse=True)
    cx = np.bincount(inverse[: len(x)], minlength=len(values))
    cy = np.bincount(inverse[len(x) :], minlength=len(values))
    if len(values) <= most:
        return cx, cy, values.astype(np.float64)
    both = cx + cy
    group = ((np.cumsum(both) - both) * most) // int(both.sum())
    mass = np.bincount(group, weights=both, minlength=most)
    sums = np.bincount(group, weights=both * values, minlength=most)
    # a heavy value can skip group numbers: an empty bin takes the centre before it (bin 0
    # holds the smallest value), so the centres never decrease and it adds no width
    filled = np.maximum.accumulate(np.where(mass > 0, np.arange(most), 0))
    return (
        np.bincount(group, weights=cx, minlength=most).astype(np.int64),
        np.bincount(group, weights=cy, minlength=most).astype(np.int64),
        (sums / np.maximum(mass, 1.0))[filled],
    )


def ks_counts(p: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
    """KS statistic of binned distributions (proportions along the last axis)."""
    return np.asarray(np.max(np.abs(np.cumsum(p - q, axis=-1)), axis=-1), dtype=np.float64)
