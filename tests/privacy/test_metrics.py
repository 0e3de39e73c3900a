from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from hauberk.core import InputError
from hauberk.privacy import membership_metrics, roc
from hauberk.privacy._metrics import log_roc_points

scores_and_labels = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda m: 0 < sum(m) < len(m)),
    )
)


@given(scores_and_labels)
@settings(max_examples=200, deadline=None)
def test_auc_matches_sklearn_including_ties(data: tuple[list[int], list[bool]]) -> None:
    s, m = data
    assert roc(s, m).auc == pytest.approx(roc_auc_score(m, s), abs=1e-12)


@given(scores_and_labels)
@settings(max_examples=200, deadline=None)
def test_tpr_at_fpr_is_monotone_and_respects_the_fpr(data: tuple[list[int], list[bool]]) -> None:
    s, m = data
    curve = roc(s, m)
    assert np.all(np.diff(curve.fpr) >= 0) and np.all(np.diff(curve.tpr) >= 0)
    levels = [0.0, 0.001, 0.01, 0.1, 0.5, 1.0]
    tprs = [curve.tpr_at(f) for f in levels]
    assert tprs == sorted(tprs) and tprs[-1] == 1.0
    # the reported TPR is reachable by a real threshold with FPR <= level
    s_arr, m_arr = np.asarray(s, float), np.asarray(m, bool)
    for f, t in zip(levels, tprs, strict=True):
        best = 0.0
        for thr in np.r_[np.unique(s_arr), np.inf]:
            pred = s_arr >= thr
            if pred[~m_arr].mean() <= f + 1e-12:
                best = max(best, pred[m_arr].mean())
        assert t == pytest.approx(best)


def test_perfect_and_useless_scores() -> None:
    m = np.r_[np.ones(50, bool), np.zeros(50, bool)]
    perfect = membership_metrics(m.astype(float), m)
    assert perfect == {"auc": 1.0, "tpr_at_fpr_0.001": 1.0, "tpr_at_fpr_0.01": 1.0}
    const = membership_metrics(np.zeros(100), m)
    assert const == {"auc": 0.5, "tpr_at_fpr_0.001": 0.0, "tpr_at_fpr_0.01": 0.0}


def test_log_points_are_positive_and_thinned() -> None:
    rng = np.random.default_rng(0)
    m = rng.random(5000) < 0.5
    curve = roc(rng.normal(size=5000) + m, m)
    x, y = log_roc_points(curve, max_points=50)
    assert len(x) <= 50 and min(x) > 0 and min(y) > 0
    assert x == sorted(x) and x[-1] == 1.0


@pytest.mark.parametrize(
    ("scores", "members", "message"),
    [
        ([1.0, 2.0], [1], "differ"),
        ([1.0, 2.0], [1, 1], "both members and non-members"),
        ([1.0, 2.0], [1, 2], "0/1"),
        ([np.nan, 2.0], [1, 0], "NaN"),
    ],
)
def test_bad_inputs_are_named(scores: list[float], members: list[int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        roc(scores, members)
