"""Corrections for testing many features at once.

Benjamini–Hochberg (1995) controls the false discovery rate; with no drift anywhere that is
the chance of any alarm, so the report's false-alarm rate stays at α however many features
are tested. Bonferroni controls the family-wise error rate under any dependence, at a cost in
power. Adjusted p-values: a feature drifted when its adjusted p-value is at most α.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

CORRECTIONS = ("bh", "bonferroni", "none")


def benjamini_hochberg(pvalues: ArrayLike) -> NDArray[np.float64]:
    """BH-adjusted p-values: ``min over j >= i of p_(j)·m/j``, capped at 1, in input order."""
    p = np.asarray(pvalues, dtype=np.float64)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def adjust(pvalues: ArrayLike, method: str = "bh") -> NDArray[np.float64]:
    """Adjusted p-values under ``method`` (``bh``, ``bonferroni`` or ``none``)."""
    p = np.asarray(pvalues, dtype=np.float64)
    if method == "bh":
        return benjamini_hochberg(p)
    if method == "bonferroni":
        return np.minimum(p * p.size, 1.0)
    if method == "none":
        return p.copy()
    raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}, not {method!r}")
