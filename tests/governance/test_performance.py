from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import CheckContext
from hauberk.governance import Performance, PerformanceSettings, calibration
from hauberk.models import CallableModel, Dataset, InputSpec, Split, Target


@given(st.integers(2, 6), st.integers(1, 200), st.integers(0, 2**31))
def test_ece_is_between_0_and_1(k: int, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(k), size=n)
    y = rng.integers(0, k, n)
    ece, conf, _acc, counts = calibration(p, y, bins=10)
    assert 0.0 <= ece <= 1.0
    assert counts.sum() == n
    assert ((conf >= 0) & (conf <= 1)).all()


def test_a_calibrated_model_has_small_ece() -> None:
    rng = np.random.default_rng(0)
    conf = rng.uniform(0.5, 1.0, 50_000)
    correct = rng.uniform(size=conf.size) < conf
    y = np.where(correct, 0, 1)
    p = np.stack([conf, 1 - conf], axis=1)
    assert calibration(p, y, bins=15)[0] < 0.01


def test_overconfident_model_is_flagged(iris: Any) -> None:
    x, y = iris

    def overconfident(batch: np.ndarray) -> np.ndarray:
        guess = (batch[:, 2] > 2.5).astype(int) + (batch[:, 2] > 4.9).astype(int)
        return np.eye(3)[guess] * 0.999 + 0.001 / 3

    model = CallableModel(overconfident, classes=(0, 1, 2), input_spec=InputSpec(shape=(4,)))
    target = Target(name="m", model=model, data=Dataset(single=Split(x, y)))
    ctx = CheckContext(settings=PerformanceSettings(min_accuracy=0.99, max_ece=0.03), seed=0)
    result = Performance().run(target, ctx)
    assert 0.9 < result.metrics["accuracy"] < 0.99
    assert {f.id for f in result.findings} == {"HB-GV-LOW-ACCURACY", "HB-GV-MISCALIBRATED"}
    assert result.plots[0].series[0].label == "model"


def test_a_constant_predictor_below_the_majority_baseline_gets_a_finding() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = np.array([0] * 210 + [1] * 90)  # a 70% majority

    def minority(batch: np.ndarray) -> np.ndarray:
        return np.tile([0.1, 0.9], (len(batch), 1))  # always the minority class

    model = CallableModel(minority, classes=(0, 1), input_spec=InputSpec(shape=(3,)))
    target = Target(name="m", model=model, data=Dataset(single=Split(x, y)))
    result = Performance().run(target, CheckContext(settings=PerformanceSettings(), seed=0))
    (finding,) = [f for f in result.findings if f.id == "HB-GV-BELOW-BASELINE"]
    assert finding.severity.label == "medium"  # grade C at best, never B
    assert finding.evidence["majority_baseline"] == 0.7
    assert finding.evidence["verdict"] == "below"
    assert result.metrics["accuracy_ci"]["ci_high"] < 0.7


def test_a_useful_model_is_above_the_baseline(iris: Any, iris_model: Any) -> None:
    from hauberk.models import SklearnModel

    x, y = iris
    target = Target(name="m", model=SklearnModel(iris_model), data=Dataset(single=Split(x, y)))
    result = Performance().run(target, CheckContext(settings=PerformanceSettings(), seed=0))
    assert "HB-GV-BELOW-BASELINE" not in {f.id for f in result.findings}
    assert result.metrics["majority_baseline"] < result.metrics["accuracy_ci"]["ci_low"]
