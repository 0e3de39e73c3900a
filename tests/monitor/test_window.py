"""The streaming window statistics' fast paths against plain definitions: per-feature binning
against ``np.searchsorted``, and batched rate events against one event at a time."""

from __future__ import annotations

from collections import deque

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.monitor._window import WindowedRate, _bin


def _bin_reference(x: np.ndarray, edges: np.ndarray, bins: int) -> np.ndarray:
    out = np.zeros((x.shape[1], bins), dtype=np.int64)
    for j in range(x.shape[1]):
        col = x[:, j][~np.isnan(x[:, j])]
        out[j] = np.bincount(np.searchsorted(edges[j], col, side="right"), minlength=bins)
    return out


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 70),
    features=st.integers(1, 6),
    bins=st.sampled_from([2, 3, 10, 100]),
    seed=st.integers(0, 10_000),
    nan=st.floats(0, 0.5),
)
def test_bin_counts_equal_searchsorted(
    rows: int, features: int, bins: int, seed: int, nan: float
) -> None:
    rng = np.random.default_rng(seed)
    # a coarse grid so that values often sit exactly on an edge (ties go to the upper bin)
    x = rng.integers(-3, 4, size=(rows, features)).astype(np.float64)
    x[rng.random(x.shape) < nan] = np.nan
    edges = np.sort(rng.integers(-3, 4, size=(features, bins - 1)).astype(np.float64), axis=1)
    np.testing.assert_array_equal(_bin(x, edges, bins), _bin_reference(x, edges, bins))


@settings(max_examples=80, deadline=None)
@given(
    window=st.integers(1, 30),
    batches=st.lists(st.lists(st.booleans(), max_size=70), max_size=12),
)
def test_windowed_rate_batches_equal_single_events(window: int, batches: list[list[bool]]) -> None:
    fast = WindowedRate(window=window)
    slow: deque[bool] = deque(maxlen=window)
    for batch in batches:
        fast.extend(batch)
        slow.extend(batch)
        assert fast.n == len(slow)
        assert fast.flagged == sum(slow)
    rate = fast.rate()
    if slow:
        assert rate is not None and rate.n == len(slow) and rate.value == sum(slow) / len(slow)
    else:
        assert rate is None
