"""The aggregation rules' math against numpy and against the papers' definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.federated import _aggregators as agg

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
matrices = st.tuples(st.integers(1, 12), st.integers(1, 6)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=finite)
)


@settings(deadline=None)  # timing is not the property; the host is shared
@given(matrices)
def test_median_is_numpys(m: np.ndarray) -> None:
    np.testing.assert_allclose(agg.coordinate_median(m), np.median(m, axis=0))


@settings(deadline=None)  # timing is not the property; the host is shared
@given(matrices, st.floats(0, 0.49))
def test_trimmed_mean_matches_sorting_by_hand(m: np.ndarray, beta: float) -> None:
    n = m.shape[0]
    cut = int(np.floor(beta * n))
    expected = np.array([np.sort(col)[cut : n - cut].mean() for col in m.T])
    np.testing.assert_allclose(agg.trimmed_mean(m, beta), expected, rtol=1e-9, atol=1e-9)


@settings(deadline=None)  # timing is not the property; the host is shared
@given(matrices)
def test_trimmed_mean_at_zero_is_the_mean(m: np.ndarray) -> None:
    np.testing.assert_allclose(agg.trimmed_mean(m, 0.0), m.mean(axis=0), rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(5, 15), st.integers(1, 4))
def test_krum_picks_from_the_honest_cluster(seed: int, honest: int, byzantine: int) -> None:
    rng = np.random.default_rng(seed)
    good = rng.normal(0.0, 1.0, size=(honest, 5))
    bad = rng.normal(50.0, 1.0, size=(byzantine, 5))
    m = np.vstack([bad, good])
    if honest <= byzantine + 2:
        return
    _, chosen = agg.multi_krum(m, byzantine, keep=honest - byzantine)
    assert np.all(chosen >= byzantine)


@settings(deadline=None)  # timing is not the property; the host is shared
@given(matrices)
def test_krum_scores_match_the_definition(m: np.ndarray) -> None:
    n = m.shape[0]
    f = max(0, (n - 3) // 2)
    scores = agg.krum_scores(m, f)
    closest = min(max(1, n - f - 2), n - 1)
    for i in range(n):
        d = sorted(float(np.sum((m[i] - m[j]) ** 2)) for j in range(n) if j != i)
        expected = sum(d[:closest]) if n > 1 else 0.0
        assert scores[i] == pytest.approx(expected, rel=1e-6, abs=1e-3)


@settings(deadline=None)  # timing is not the property; the host is shared
@given(matrices, st.floats(0.1, 100))
def test_clipping_bounds_every_norm(m: np.ndarray, clip: float) -> None:
    norms = np.linalg.norm(agg.clip_rows(m, clip), axis=1)
    assert np.all(norms <= clip * (1 + 1e-9))
    small = np.linalg.norm(m, axis=1) <= clip
    np.testing.assert_allclose(agg.clip_rows(m, clip)[small], m[small])


def test_fltrust_ignores_updates_pointing_away_from_the_root() -> None:
    root = np.array([1.0, 0.0])
    m = np.array([[2.0, 0.1], [-100.0, 0.0], [0.5, -0.1]])
    out, trust = agg.fltrust(m, root)
    assert trust[1] == 0.0 and trust[0] > 0 and trust[2] > 0
    assert np.linalg.norm(out) <= np.linalg.norm(root) + 1e-12
    assert out[0] > 0


def test_fltrust_with_no_trusted_update_does_not_move() -> None:
    out, trust = agg.fltrust(np.array([[-1.0, 0.0]]), np.array([1.0, 0.0]))
    assert not trust.any() and not out.any()


def test_noise_has_the_dp_fedavg_scale() -> None:
    m = np.zeros((10, 20000))
    out = agg.clipped_gaussian_mean(m, 2.0, 1.5, np.random.default_rng(0))
    assert out.std() == pytest.approx(1.5 * 2.0 / 10, rel=0.03)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: agg.trimmed_mean(np.ones((3, 2)), 0.5), "beta"),
        (lambda: agg.clip_rows(np.ones((3, 2)), 0.0), "clip"),
        (lambda: agg.multi_krum(np.ones((3, 2)), 0, keep=4), "keep"),
        (lambda: agg.coordinate_median(np.ones(3)), "updates"),
    ],
)
def test_bad_arguments_are_named(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
