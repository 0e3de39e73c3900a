"""Property tests for ``hauberk.core._stats``: exact intervals against scipy's reference, the
bootstrap AUC against scikit-learn, and the threshold verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest
from sklearn.metrics import roc_auc_score

from hauberk.core._stats import (
    Rate,
    Verdict,
    bootstrap,
    bootstrap_auc,
    clopper_pearson,
    min_negatives_for,
    samples_to_decide,
)

counts = st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@given(counts)
@settings(max_examples=300, deadline=None)
def test_clopper_pearson_covers_the_point_estimate(kn: tuple[int, int]) -> None:
    k, n = kn
    r = clopper_pearson(k, n)
    assert 0.0 <= r.low <= r.value <= r.high <= 1.0
    assert r.value == k / n and r.n == n and r.method == "clopper-pearson"
    assert (r.low == 0.0) == (k == 0) and (r.high == 1.0) == (k == n)


@given(counts, st.sampled_from([0.9, 0.95, 0.99]))
@settings(max_examples=300, deadline=None)
def test_clopper_pearson_matches_scipy_binomtest_exactly(kn: tuple[int, int], conf: float) -> None:
    k, n = kn
    ref = binomtest(k, n).proportion_ci(confidence_level=conf, method="exact")
    r = clopper_pearson(k, n, confidence=conf)
    assert r.low == pytest.approx(ref.low, abs=1e-12)
    assert r.high == pytest.approx(ref.high, abs=1e-12)


@given(st.integers(2, 1000).flatmap(lambda n: st.tuples(st.integers(0, n - 1), st.just(n))))
@settings(max_examples=300, deadline=None)
def test_clopper_pearson_is_monotone_in_k(kn: tuple[int, int]) -> None:
    k, n = kn
    a, b = clopper_pearson(k, n), clopper_pearson(k + 1, n)
    assert a.low < b.low and a.high < b.high


@given(st.integers(1, 500), st.integers(2, 20))
@settings(max_examples=100, deadline=None)
def test_clopper_pearson_narrows_with_more_samples(n: int, factor: int) -> None:
    small, large = clopper_pearson(n // 2, n), clopper_pearson((n // 2) * factor, n * factor)
    assert large.high - large.low < small.high - small.low


def test_clopper_pearson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="at least one sample"):
        clopper_pearson(0, 0)
    with pytest.raises(ValueError, match="successes"):
        clopper_pearson(5, 4)


scored = st.integers(4, 80).flatmap(
    lambda n: st.tuples(
        st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda m: 2 <= sum(m) <= len(m) - 2),
        st.lists(st.integers(-4, 4), min_size=n, max_size=n),
    )
)


@given(scored, st.integers(0, 2**16))
@settings(max_examples=150, deadline=None)
def test_bootstrap_auc_is_sklearns_auc_and_its_interval_contains_it(
    data: tuple[list[bool], list[int]], seed: int
) -> None:
    labels, scores = np.asarray(data[0]), np.asarray(data[1], dtype=float)
    r = bootstrap_auc(labels, scores, rounds=200, seed=seed)
    assert r.value == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
    assert r.n == len(labels) and r.method == "bootstrap"
    assert 0.0 <= r.low <= r.high <= 1.0
    # a percentile interval of a non-degenerate statistic brackets the full-sample value
    assume(len(set(scores[labels])) > 1 or len(set(scores[~labels])) > 1)
    assert r.low <= r.value + 1e-9 and r.value - 1e-9 <= r.high


def test_bootstrap_auc_interval_narrows_with_more_data() -> None:
    rng = np.random.default_rng(0)
    widths = []
    for n in (100, 2000):
        m = rng.random(n) < 0.5
        r = bootstrap_auc(m, rng.normal(size=n) + m, rounds=300)
        widths.append(r.high - r.low)
    assert widths[1] < widths[0] / 3


def test_bootstrap_drops_undefined_rounds_and_says_when_all_are() -> None:
    r = bootstrap(lambda idx: math.nan, 5, rounds=20)
    assert math.isnan(r.low) and math.isnan(r.high)
    ok = bootstrap(lambda idx: float(np.mean(idx)), 10, rounds=50)
    assert ok.low <= ok.value <= ok.high


@given(st.floats(0.0001, 0.5))
def test_min_negatives_gives_ten_false_positives(fpr: float) -> None:
    m = min_negatives_for(fpr)
    assert m * fpr >= 10 - 1e-9 and (m - 1) * fpr < 10
    assert min_negatives_for(0.001) == 10_000 and min_negatives_for(0.01) == 1_000


@given(counts, st.floats(0.01, 0.99))
@settings(max_examples=200, deadline=None)
def test_verdicts_and_the_sample_size_that_would_decide(kn: tuple[int, int], t: float) -> None:
    k, n = kn
    r = clopper_pearson(k, n)
    v = r.verdict(t)
    assert v is (
        Verdict.ABOVE if r.low >= t else Verdict.BELOW if r.high < t else Verdict.INCONCLUSIVE
    )
    strict = r.verdict(t, strict=True)
    assert strict is (
        Verdict.ABOVE if r.low > t else Verdict.BELOW if r.high <= t else Verdict.INCONCLUSIVE
    )
    if v is Verdict.INCONCLUSIVE and r.value != t:
        need = samples_to_decide(r, t)
        assert need > n
        # at that size, the same observed rate decides
        assert clopper_pearson(round(r.value * need), need).verdict(t) is not v


def test_a_bootstrap_rate_scales_its_own_interval_to_the_size_that_decides() -> None:
    r = Rate(0.16, 200, 0.085, 0.235, "bootstrap")
    assert samples_to_decide(r, 0.1) == 313  # 200 * (0.075 / 0.06) ** 2
    assert samples_to_decide(r, 0.16) == 0


def test_rate_renders_its_interval_and_sample_size() -> None:
    r = clopper_pearson(41, 100)
    assert r.describe() == f"0.410 (95% CI {r.low:.3f}-{r.high:.3f}, n=100)"
    d = r.to_dict()
    assert d["n"] == 100 and d["ci_low"] == r.low and d["method"] == "clopper-pearson"
    assert Rate(0.5, 10, 0.2, 0.8, "x").verdict(0.5) is Verdict.INCONCLUSIVE
