"""The evasion stage's checks: settings, metrics, plot, findings, registry contract."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from hauberk.core import CheckContext, Registry, Severity, Status, run_check
from hauberk.evasion import BlackBoxEvasionCheck, EvasionCheck, EvasionSettings, checks
from hauberk.models import Dataset, InputSpec, SklearnModel, Split, Target, TorchModel
from tests.evasion.helpers import SPEC, quantized


def target_of(model: Any, x: Any, y: Any) -> Target:
    return Target(name="digits", model=model, data=Dataset(single=Split(x, y)))


def run(check: Any, target: Target, **settings: Any) -> Any:
    ctx = CheckContext(settings=EvasionSettings(**settings), seed=0)
    assert target.model is not None
    return run_check(check, target, ctx, target.model.counter)


def test_checks_register_with_one_stage() -> None:
    registry = Registry()
    registry.extend(checks())
    assert [c.name for c in registry.checks_of("evasion")] == [
        "evasion.black_box",
        "evasion.robustness",
    ]
    for rule in registry.rules().values():
        assert "AML.T0015" in rule.atlas and "AML.T0043" in rule.atlas
        assert rule.owasp == ("ML01:2023",)
    assert EvasionCheck().needs == {"model", "data", "labels", "gradients"}
    assert BlackBoxEvasionCheck().needs == {"model", "data", "labels"}


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        ({"epsilon": [0.1]}, "Extra inputs"),
        ({"epsilons": []}, "at least 1"),
        ({"epsilons": [0.1, -0.1]}, "finite number > 0"),
        ({"norm": "l1"}, "linf"),
        ({"min_robust_accuracy": 1.5}, "less than or equal"),
        ({"attacks": "autoattack"}, "unknown ensemble"),
        ({"attacks": ["apgd-ce", "zoo"]}, "unknown attacks"),
        ({"max_samples": 0}, "greater than 0"),
    ],
)
def test_settings_are_strict(settings: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        EvasionSettings(**settings)


def test_check_reports_curve_classes_and_finding(
    digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:200], digits_data[3][:200]
    result = run(
        EvasionCheck(),
        target_of(digits_model, x, y),
        epsilons=(0.05, 0.3),
        attacks=("apgd-ce",),
        max_samples=30,
        min_robust_accuracy=0.5,
    )
    assert result.status is Status.FAILED, result.reason
    m = result.metrics
    assert m["samples"] == 30 and m["norm"] == "linf" and m["epsilon"] == [0.05, 0.3]
    assert m["robust_accuracy"] == [m["robust_accuracy@eps=0.05"], m["robust_accuracy@eps=0.3"]]
    assert m["robust_accuracy@eps=0.3"] <= 0.05 < m["clean_accuracy"]
    assert set(m["robust_accuracy_by_class@eps=0.05"]) <= {str(c) for c in range(10)}
    assert m["gradient_masking"]["flags"] == []
    (finding,) = result.findings
    assert finding.id == "HB-EV-ROBUST-ACCURACY" and finding.severity is Severity.HIGH
    assert 0.3 in finding.evidence["epsilon"]
    assert {"AML.T0015", "AML.T0043", "ML01:2023"} <= set(finding.references)
    (plot,) = result.plots
    assert plot.kind == "line" and plot.series[0].x[0] == 0.0
    assert plot.series[0].y[1:] == tuple(m["robust_accuracy"])
    assert result.queries > 0


def test_robust_enough_model_passes(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:30], digits_data[3][:30]
    result = run(
        EvasionCheck(),
        target_of(digits_model, x, y),
        epsilons=(0.01,),
        attacks=("apgd-ce",),
        min_robust_accuracy=0.5,
        diagnostics=False,
    )
    assert result.status is Status.PASSED and result.findings == ()


def test_masking_is_a_high_finding_and_adaptive_numbers_are_reported(
    digits_module: Any, digits_data: Any
) -> None:
    model = TorchModel(quantized(digits_module), input_spec=SPEC, classes=range(10))
    x, y = digits_data[2][:30], digits_data[3][:30]
    result = run(
        EvasionCheck(),
        target_of(model, x, y),
        epsilons=(0.2,),
        attacks=("apgd-ce",),
        min_robust_accuracy=0.0,
    )
    ids = [f.id for f in result.findings]
    assert ids == ["HB-EV-GRADIENT-MASKING"]
    before = result.metrics["robust_accuracy_before_adaptive"][0]
    assert result.metrics["robust_accuracy"][0] < before - 0.3
    assert [s.label for s in result.plots[0].series] == [
        "attack ensemble",
        "worst case with adaptive attacks",
    ]


def test_black_box_check_runs_on_models_without_gradients(digits_data: Any) -> None:
    from sklearn.linear_model import LogisticRegression

    xtr, ytr, xte, yte = digits_data
    est = LogisticRegression(max_iter=300).fit(xtr.reshape(len(xtr), -1), ytr)
    model = SklearnModel(est, input_spec=InputSpec(shape=(64,), lower=0.0, upper=1.0))
    t = target_of(model, xte[:100].reshape(100, -1), yte[:100])
    assert "gradients" not in t.provides()
    result = run(BlackBoxEvasionCheck(), t, epsilons=(0.2,), max_samples=20, attacks=("square",))
    assert result.status is Status.FAILED
    assert result.metrics["robust_accuracy@eps=0.2"] < result.metrics["clean_accuracy"]


def test_black_box_check_defers_to_the_white_box_one(
    digits_model: TorchModel, digits_data: Any
) -> None:
    result = run(
        BlackBoxEvasionCheck(), target_of(digits_model, digits_data[2][:5], digits_data[3][:5])
    )
    assert result.status is Status.SKIPPED


def test_data_outside_the_input_range_is_an_error_result(
    digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:5] * 16, digits_data[3][:5]
    result = run(EvasionCheck(), target_of(digits_model, x, y), attacks=("apgd-ce",))
    assert result.status is Status.ERROR and "range" in result.reason


def test_black_box_check_stays_in_the_data_range_without_model_bounds(
    iris: Any, iris_model: Any
) -> None:
    import numpy as np

    x, y = iris
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    seen: list[Any] = []
    inner = model.predict_proba

    def spy(rows: Any) -> Any:
        seen.append(np.asarray(rows, dtype=np.float64))
        return inner(rows)

    model.predict_proba = spy  # type: ignore[method-assign]
    result = run(
        BlackBoxEvasionCheck(),
        target_of(model, x, y),
        epsilons=(0.5,),
        attacks=("square",),
        max_samples=15,
        min_robust_accuracy=0.0,
    )
    assert result.status is Status.PASSED, result.reason
    assert result.metrics["input_bounds"]["source"] == "observed data range, per feature"
    rows = np.concatenate(seen)
    assert (rows >= x.min(axis=0) - 1e-9).all() and (rows <= x.max(axis=0) + 1e-9).all()
