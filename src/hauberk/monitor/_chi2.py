"""Pearson's chi-squared test of homogeneity for a categorical column (or predicted class).

Categories whose expected count is below 5 in either batch are pooled into one "other" cell
before testing, the usual condition for the chi-squared approximation; a category seen in
only one batch still counts (in "other" when rare). ``scipy.stats.chi2_contingency`` without
Yates' correction gives the p-value.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

MIN_EXPECTED = 5.0


def category_counts(
    ref: NDArray[Any], cur: NDArray[Any]
) -> tuple[NDArray[Any], NDArray[np.int64], NDArray[np.int64]]:
    """The categories seen in either batch and their counts in each."""
    cats, inverse = np.unique(np.concatenate([ref, cur]), return_inverse=True)
    k = len(cats)
    a = np.bincount(inverse[: len(ref)], minlength=k)
    b = np.bincount(inverse[len(ref) :], minlength=k)
    return cats, a, b


def chi2_homogeneity(ref: NDArray[Any], cur: NDArray[Any]) -> tuple[float, float, int]:
    """Statistic, p-value and degrees of freedom for "both batches share one distribution"."""
    from scipy.stats import chi2_contingency

    _, a, b = category_counts(ref, cur)
    n, m = a.sum(), b.sum()
    total = a + b
    expected_min = np.minimum(total * n / (n + m), total * m / (n + m))
    rare = expected_min < MIN_EXPECTED
    if rare.any():
        a = np.append(a[~rare], a[rare].sum())
        b = np.append(b[~rare], b[rare].sum())
        keep = (a + b) > 0
        a, b = a[keep], b[keep]
    if len(a) < 2:
        return 0.0, 1.0, 0  # one category in both batches: nothing can have moved
    res = chi2_contingency(np.vstack([a, b]), correction=False)
    return float(res.statistic), float(res.pvalue), int(res.dof)
