"""governance.fairness: fairlearn's numbers with bootstrap intervals, thresholds, fail closed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.assess.test_every_check_fails_closed import BrokenTarget

from hauberk.core import Budget, CheckContext, ConfigError, Status, run_check
from hauberk.governance import Fairness, FairnessSettings, measure_fairness, mitigate
from hauberk.governance._fairness import group_codes, group_differences
from hauberk.models import CallableModel, Dataset, InputSpec, SklearnModel, Split, Target


@settings(max_examples=15, deadline=None)
@given(st.integers(10, 200), st.integers(2, 4), st.integers(0, 2**31))
def test_vectorised_differences_equal_fairlearn(n: int, k: int, seed: int) -> None:
    """The form the bootstrap resamples with agrees with fairlearn's own functions."""
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    rng = np.random.default_rng(seed)
    s = rng.integers(0, k, n)
    y = rng.integers(0, 2, n)
    pred = rng.integers(0, 2, n)
    codes, _ = group_codes(s)
    dp, eo = group_differences(y, pred, codes, int(codes.max()) + 1)
    assert dp == pytest.approx(demographic_parity_difference(y, pred, sensitive_features=s))
    assert eo == pytest.approx(equalized_odds_difference(y, pred, sensitive_features=s))


def _biased(n: int = 1200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 2, n)
    x = np.c_[rng.normal(size=(n, 3)), group]
    y = ((x[:, 0] + 1.2 * group + rng.normal(scale=0.5, size=n)) > 0.6).astype(int)
    return x, y


def _target(model: Any, x: np.ndarray, y: np.ndarray) -> Target:
    return Target(name="m", model=model, data=Dataset(single=Split(x, y)))


def _run(target: Any, **kw: Any) -> Any:
    ctx = CheckContext(settings=FairnessSettings(bootstrap_rounds=100, **kw), seed=0)
    return run_check(Fairness(), target, ctx)


def test_a_model_that_favours_one_group_gets_both_findings_with_intervals() -> None:
    from sklearn.linear_model import LogisticRegression

    x, y = _biased()
    model = SklearnModel(LogisticRegression().fit(x, y))
    result = _run(_target(model, x, y), sensitive=("col:3",))
    assert result.status is Status.FAILED
    assert {f.id for f in result.findings} == {
        "HB-GV-DEMOGRAPHIC-PARITY",
        "HB-GV-EQUALIZED-ODDS",
    }
    m = result.metrics
    ci = m["demographic_parity_difference_ci"]
    assert ci["ci_low"] <= m["demographic_parity_difference"] <= ci["ci_high"]
    assert ci["ci_low"] > 0.1  # decided, not inconclusive
    assert set(m["by_group"]) == {"0", "1"}
    assert sum(g["count"] for g in m["by_group"].values()) == len(x)
    assert result.findings[0].evidence["verdict"] == "above"


def test_a_model_blind_to_the_group_passes() -> None:
    rng = np.random.default_rng(1)
    x = np.c_[rng.normal(size=(2000, 2)), rng.integers(0, 2, 2000)]
    y = (x[:, 0] > 0).astype(int)

    def blind(batch: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-5 * batch[:, 0]))
        return np.c_[1 - p, p]

    model = CallableModel(blind, classes=(0, 1), input_spec=InputSpec(shape=(3,)))
    result = _run(_target(model, x, y), sensitive=("col:2",))
    assert result.status is Status.PASSED, result.findings
    assert result.metrics["demographic_parity_difference"] < 0.1


def test_named_columns_resolve_through_the_input_spec() -> None:
    x, y = _biased(400)

    def by_group(batch: np.ndarray) -> np.ndarray:
        return np.c_[1 - batch[:, 3] * 0.8 - 0.1, batch[:, 3] * 0.8 + 0.1]

    spec = InputSpec(shape=(4,), feature_names=("a", "b", "c", "sex"))
    model = CallableModel(by_group, classes=(0, 1), input_spec=spec)
    result = _run(_target(model, x, y), sensitive=("sex",))
    assert result.metrics["demographic_parity_difference"] == 1.0
    assert result.metrics["sensitive"] == ["sex"]


@pytest.mark.parametrize(
    ("kw", "why"),
    [
        ({}, "no sensitive feature configured"),
        ({"sensitive": ("gender",)}, "'gender' is not an input column"),
        ({"sensitive": ("col:0",)}, "must be categorical"),
        ({"sensitive": ("col:3",), "positive_label": "yes"}, "not one of the model's classes"),
    ],
)
def test_without_a_usable_sensitive_feature_the_check_is_skipped_with_the_reason(
    kw: dict[str, Any], why: str
) -> None:
    from sklearn.linear_model import LogisticRegression

    x, y = _biased(300)
    result = _run(_target(SklearnModel(LogisticRegression().fit(x, y)), x, y), **kw)
    assert result.status is Status.SKIPPED
    assert why in result.reason


def test_multiclass_needs_the_favourable_class(iris: Any, iris_model: Any) -> None:
    x, y = iris
    x = np.c_[x, np.arange(len(x)) % 2]
    model = CallableModel(
        lambda b: iris_model.predict_proba(b[:, :4]), classes=(0, 1, 2), input_spec=InputSpec((5,))
    )
    skipped = _run(_target(model, x, y), sensitive=("col:4",))
    assert skipped.status is Status.SKIPPED and "positive_label" in skipped.reason
    done = _run(_target(model, x, y), sensitive=("col:4",), positive_label="2")
    assert done.status in (Status.PASSED, Status.FAILED)
    assert done.metrics["favourable_class"] == "2"


def test_a_group_too_small_to_decide_makes_the_check_incomplete() -> None:
    from sklearn.linear_model import LogisticRegression

    x, y = _biased(400)
    x[:, 3] = 0
    x[:5, 3] = 1  # five rows in group 1
    model = SklearnModel(LogisticRegression().fit(x, y))
    result = _run(_target(model, x, y), sensitive=("col:3",), min_group_size=30)
    assert result.unfinished
    assert result.status in (Status.INCOMPLETE, Status.FAILED)
    assert "fewer than min_group_size=30" in result.reason
    assert result.metrics["smallest_group"] == 5


def test_on_a_broken_target_with_a_sensitive_feature_it_errors() -> None:
    ctx = CheckContext(
        settings=FairnessSettings(sensitive=("col:0",)), seed=0, budget=Budget(seconds=30)
    )
    result = run_check(Fairness(), BrokenTarget(), ctx)
    assert result.status is Status.ERROR


def test_intervals_cover_the_point_and_match_fairlearn_metricframe() -> None:
    from fairlearn.metrics import MetricFrame, selection_rate

    rng = np.random.default_rng(3)
    s = rng.integers(0, 3, 900)
    y = rng.integers(0, 2, 900)
    pred = (rng.random(900) < 0.3 + 0.2 * (s == 2)).astype(int)
    m = measure_fairness(y, pred, s, rounds=200, seed=0)
    frame = MetricFrame(
        metrics=selection_rate, y_true=y, y_pred=pred, sensitive_features=s.astype(str)
    )
    for group, rate in frame.by_group.items():
        assert m.groups[str(group)]["selection_rate"] == rate
    assert m.demographic_parity.value == frame.difference()
    assert m.demographic_parity.low <= m.demographic_parity.value <= m.demographic_parity.high


@pytest.mark.parametrize("method", ["threshold", "exponentiated-gradient"])
def test_mitigation_lowers_the_parity_gap_and_says_what_it_cost(method: str) -> None:
    from sklearn.linear_model import LogisticRegression

    x, y = _biased(1000, seed=4)
    s = x[:, 3]
    est = LogisticRegression().fit(x[:500], y[:500])
    result = mitigate(
        est,
        x[:500],
        y[:500],
        s[:500],
        x[500:],
        y[500:],
        s[500:],
        method=method,
        rounds=100,
        max_iter=10,
    )
    assert result.before.demographic_parity.value > 0.3
    assert result.after.demographic_parity.value < result.before.demographic_parity.value / 2
    assert result.accuracy_after.n == 500
    metrics = result.to_metrics()
    assert metrics["before"]["accuracy"]["value"] == result.accuracy_before.value


def test_mitigation_refuses_unknown_methods() -> None:
    x, y = _biased(100)
    with pytest.raises(ConfigError, match="not one of"):
        mitigate(None, x, y, x[:, 3], x, y, x[:, 3], method="magic")
