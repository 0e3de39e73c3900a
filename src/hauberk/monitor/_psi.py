"""Population stability index (Karakoulas 2004; the credit-scoring staple).

``PSI = Σ (q − p)·ln(q / p)`` over bins, with proportions floored at 1e-4 (as Evidently does)
so that an empty bin costs a large but finite amount. Symmetric in its two arguments and never
negative. The rule of thumb (0.1 "moderate", 0.25 "major") ignores sample size; the drift
report decides with a p-value from resampling the reference instead.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FLOOR = 1e-4


def psi(p: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
    """PSI between proportion vectors along the last axis (broadcasting)."""
    a = np.maximum(p, FLOOR)
    b = np.maximum(q, FLOOR)
    return np.asarray(np.sum((b - a) * np.log(b / a), axis=-1), dtype=np.float64)
