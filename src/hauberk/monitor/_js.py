"""Jensen–Shannon distance (Lin 1991): the square root of the Jensen–Shannon divergence,
natural log, between two proportion vectors, as ``scipy.spatial.distance.jensenshannon``
computes it. Symmetric, in [0, sqrt(ln 2)], and defined when a bin is empty on one side.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def js_distance(p: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
    """JS distance between proportion vectors along the last axis (broadcasting); the inputs
    are normalised to sum to 1 as scipy does."""
    from scipy.special import rel_entr

    a = p / np.sum(p, axis=-1, keepdims=True)
    b = q / np.sum(q, axis=-1, keepdims=True)
    mid = (a + b) / 2
    div = (np.sum(rel_entr(a, mid), axis=-1) + np.sum(rel_entr(b, mid), axis=-1)) / 2
    return np.asarray(np.sqrt(np.maximum(div, 0.0)), dtype=np.float64)
