"""Property tests for the drift statistics: differential against scipy, and the definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import jensenshannon

from hauberk.monitor import adjust, benjamini_hochberg, js_distance, ks_wasserstein, newcombe, psi
from hauberk.monitor._ks import ks_counts, tied_columns, value_bins_centres
from hauberk.monitor._resample import _permutation_draws, _polya_draws

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=32)
# Few distinct values as well as many: ties are where KS implementations go wrong.
values = st.one_of(
    arrays(np.float64, st.integers(2, 60), elements=finite),
    arrays(np.float64, st.integers(2, 60), elements=st.sampled_from([0.0, 1.0, 2.5, -3.0])),
)


@settings(max_examples=200, deadline=None)
@given(values, values)
def test_ks_and_wasserstein_match_scipy(x: np.ndarray, y: np.ndarray) -> None:
    stat, p, w1 = ks_wasserstein(x[:, None], y[:, None])
    ref = scipy.stats.ks_2samp(x, y, method="asymp")
    assert stat[0] == pytest.approx(ref.statistic, abs=1e-12)
    assert p[0] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)
    assert w1[0] == pytest.approx(scipy.stats.wasserstein_distance(x, y), rel=1e-9, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(2, 40), st.integers(2, 40), st.integers(0, 2**31))
def test_ks_vectorised_over_columns_matches_column_by_column(
    d: int, n: int, m: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).round(1)
    y = rng.normal(0.3, 1.0, size=(m, d)).round(1)
    stat, p, _ = ks_wasserstein(x, y)
    for j in range(d):
        ref = scipy.stats.ks_2samp(x[:, j], y[:, j], method="asymp")
        assert stat[j] == pytest.approx(ref.statistic, abs=1e-12)
        assert p[j] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)


weights = st.floats(0, 1).map(lambda v: 0.0 if v < 1e-12 else v)  # no subnormals
proportions = (
    st.integers(2, 30)
    .flatmap(
        lambda k: st.tuples(
            arrays(np.float64, k, elements=weights),
            arrays(np.float64, k, elements=weights),
        )
    )
    .filter(lambda pq: pq[0].sum() > 1e-3 and pq[1].sum() > 1e-3)
)


@given(proportions)
def test_psi_is_symmetric_and_non_negative(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq[0] / pq[0].sum(), pq[1] / pq[1].sum()
    assert psi(p, q) >= 0
    assert psi(p, q) == pytest.approx(psi(q, p), rel=1e-12, abs=1e-15)
    assert psi(p, p) == 0


@given(proportions)
def test_js_matches_scipy_symmetric_and_bounded(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    value = float(js_distance(p, q))
    assert value == pytest.approx(float(jensenshannon(p, q)), abs=1e-7)
    assert value == pytest.approx(float(js_distance(q, p)), abs=1e-12)
    assert 0.0 <= value <= math.sqrt(math.log(2)) + 1e-12


def bh_by_definition(p: np.ndarray, alpha: float) -> np.ndarray:
    """Benjamini & Hochberg 1995, step-up: reject H_(1..k) for the largest k with
    p_(k) <= k·α/m."""
    m = len(p)
    order = np.argsort(p, kind="stable")
    k = 0
    for i in range(m, 0, -1):
        if p[order[i - 1]] <= i * alpha / m:
            k = i
            break
    rejected = np.zeros(m, dtype=bool)
    rejected[order[:k]] = True
    return rejected


@settings(max_examples=300)
@given(
    arrays(np.float64, st.integers(1, 40), elements=st.floats(0, 1)),
    st.floats(0.001, 0.5),
)
def test_bh_adjusted_pvalues_reject_exactly_what_the_definition_rejects(
    p: np.ndarray, alpha: float
) -> None:
    adjusted = benjamini_hochberg(p)
    ours = adjusted <= alpha
    # p·m/k <= α and p <= k·α/m round differently only on the boundary itself.
    assert (bh_by_definition(p, alpha * (1 - 1e-9)) <= ours).all()
    assert (ours <= bh_by_definition(p, alpha * (1 + 1e-9))).all()
    assert (adjusted >= p - 1e-15).all() and (adjusted <= 1).all()


def test_bonferroni_and_none() -> None:
    p = np.array([0.01, 0.2, 0.04])
    assert adjust(p, "bonferroni").tolist() == pytest.approx([0.03, 0.6, 0.12])
    assert adjust(p, "none").tolist() == p.tolist()
    with pytest.raises(ValueError, match="correction"):
        adjust(p, "holm")


def test_newcombe_matches_the_paper() -> None:
    # Newcombe 1998, Statistics in Medicine 17:873, table II example (a): 56/70 vs 48/80,
    # method 10 interval +0.0524 to +0.3339.
    d, low, high = newcombe(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert low == pytest.approx(0.0524, abs=1e-4)
    assert high == pytest.approx(0.3339, abs=1e-4)


@settings(max_examples=200, deadline=None)
@given(values, values, st.integers(2, 80))
def test_value_bins_keep_ties_whole_and_ks_on_them_is_ks_at_their_edges(
    x: np.ndarray, y: np.ndarray, most: int
) -> None:
    cx, cy, _ = value_bins_centres(x, y, most)
    assert cx.sum() == len(x) and cy.sum() == len(y)
    stat = ks_counts(cx / len(x), cy / len(y))
    exact = scipy.stats.ks_2samp(x, y).statistic
    if len(np.unique(np.concatenate([x, y]))) <= most:
        assert len(cx) <= most
        assert stat == pytest.approx(exact, abs=1e-12)
    else:  # grouped: KS at the groups' edges, never more than at every value
        assert len(cx) == most
        assert stat <= exact + 1e-12


def test_tied_columns_are_those_that_repeat_values() -> None:
    rng = np.random.default_rng(0)
    flags = np.sort((rng.random(500) < 0.02).astype(float))
    smooth = np.sort(rng.normal(size=500))
    assert tied_columns(np.stack([flags, smooth])).tolist() == [True, False]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=8), st.integers(1, 60))
def test_null_draws_keep_the_batch_sizes_and_the_pooled_rows(counts: list[int], m: int) -> None:
    ref = np.array([counts], dtype=np.int64)
    if ref.sum() == 0:
        ref[0, 0] = 1
    n = int(ref.sum())
    rng = np.random.default_rng(0)
    p, q = _polya_draws(ref, m, 7, rng)
    assert np.allclose(p, ref / n) and np.allclose(q.sum(axis=2), 1.0)
    # a current row falls only in bins that hold reference values (a gap beside them)
    assert np.all(q[..., ref[0] == 0] == 0)
    cur = np.array([counts[::-1]], dtype=np.int64) + 1
    p, q = _permutation_draws(ref, cur, 5, rng)
    assert np.allclose(p * n + q * int(cur.sum()), ref + cur)


def test_polya_null_matches_where_a_current_row_can_fall() -> None:
    """Each current row falls in one of the n + 1 gaps between sorted reference values with
    equal chance: the expected share of a bin is its gaps over n + 1."""
    ref = np.array([[3, 0, 5, 2, 0]], dtype=np.int64)
    _, q = _polya_draws(ref, 50, 20_000, np.random.default_rng(1))
    expected = np.array([3, 0, 5, 3, 0]) / 11  # the top gap joins the last filled bin
    assert np.allclose(q.mean(axis=(0, 1)), expected, atol=0.01)
