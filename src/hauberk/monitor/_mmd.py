"""Maximum mean discrepancy with a permutation test (Gretton et al. 2012), for the whole input.

Gaussian kernel on columns standardised by the reference, bandwidth by the median heuristic
on the pooled sample; statistic the biased estimate ``sᵀKs`` with ``s = 1/n`` on reference
rows and ``−1/m`` on current rows. Under "no drift" rows are exchangeable, so relabelling
them at random gives the null distribution exactly: every permutation is one column of ``S``
and all of them cost one matrix product ``K·S``. The kernel matrix is quadratic in rows, so
each batch is subsampled to ``max_rows`` (the metrics say so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class MMDResult:
    statistic: float
    p_value: float
    permutations: int
    bandwidth: float
    rows: tuple[int, int]


def mmd_test(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    permutations: int,
    rng: np.random.Generator,
    max_rows: int = 1000,
) -> MMDResult:
    """Permutation test of "x and y come from one distribution" (rows, columns; no NaN)."""
    if len(x) > max_rows:
        x = x[rng.choice(len(x), max_rows, replace=False)]
    if len(y) > max_rows:
        y = y[rng.choice(len(y), max_rows, replace=False)]
    n, m = len(x), len(y)
    z = np.concatenate([x, y])
    sq = np.sum(z * z, axis=1)
    dist = np.maximum(sq[:, None] + sq[None, :] - 2 * (z @ z.T), 0.0)
    upper = dist[np.triu_indices(n + m, 1)]
    bandwidth = float(np.median(upper[upper > 0])) if np.any(upper > 0) else 1.0
    kernel = np.exp(-dist / bandwidth)
    labels = np.concatenate([np.full(n, 1.0 / n), np.full(m, -1.0 / m)])
    observed = float(labels @ kernel @ labels)
    signs = np.empty((n + m, permutations))
    for b in range(permutations):
        signs[:, b] = rng.permutation(labels)
    null = np.sum((kernel @ signs) * signs, axis=0)
    exceed = int(np.sum(null >= observed - 1e-12 * max(1.0, abs(observed))))
    p = (1 + exceed) / (1 + permutations)
    return MMDResult(observed, p, permutations, bandwidth, (n, m))
