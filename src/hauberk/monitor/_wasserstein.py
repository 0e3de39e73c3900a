"""Wasserstein-1 (earth mover's) distance on binned columns, for calibrating its threshold.

The distance the report quotes is the exact W1 of the two samples (see :mod:`._ks`),
divided by the reference's standard deviation so that it reads in reference units, as
Evidently's "normed" variant does. The decision needs a null distribution, which is
simulated on the reference's quantile bins (:mod:`._resample`); W1 between two histograms on
the same bin centres is ``Σ |cumsum(p − q)|·Δcentre``, computed here on the same bins for the
observed batch so that statistic and null are measured alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray


def binned_wasserstein(
    centres: NDArray[np.float64], scale: NDArray[np.float64]
) -> Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]:
    """W1 (in units of ``scale``) between proportion vectors on ``centres`` (d, k)."""
    step = np.diff(centres, axis=-1) / scale[:, None]

    def w1(p: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
        gap = np.cumsum(p - q, axis=-1)[..., :-1]
        return np.asarray(np.sum(np.abs(gap) * step, axis=-1), dtype=np.float64)

    return w1
