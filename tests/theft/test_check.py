from __future__ import annotations

from typing import Any

import pytest

from hauberk.assess._config import stage_settings
from hauberk.core import Budget, CheckContext, ConfigError, Registry, Severity, Status, run_check
from hauberk.models import Target, as_dataset
from hauberk.theft import ModelExtraction, TheftSettings, checks


def run(model: Any, data: Any, **settings: Any) -> Any:
    t = Target("digits", model=model, data=as_dataset(data))
    ctx = CheckContext(settings=TheftSettings(**settings), seed=0, budget=Budget(seconds=60))
    return run_check(ModelExtraction(), t, ctx, model.counter)


def test_extraction_check_reports_fidelity_queries_and_curve(victim: Any) -> None:
    model, pool, _, _ = victim
    result = run(model, (pool, None), attacks=("knockoff",), queries=300, epochs=15)
    assert result.status is Status.FAILED, result.reason
    m = result.metrics
    assert m["knockoff.queries"] == m["queries"] == 300 and m["fidelity"] >= 0.9
    assert "knockoff.accuracy" not in m  # unlabelled data: fidelity only
    low, high = m["knockoff.fidelity_ci"]
    assert low <= m["knockoff.fidelity"] <= high and m["eval_rows"] == 132
    (finding,) = result.findings
    assert finding.id == "HB-THEFT-EXTRACTION" and finding.severity >= Severity.MEDIUM
    assert {"AML.T0024.002", "ML05:2023"} <= set(finding.references)
    (plot,) = result.plots
    assert plot.x_log and plot.series[0].x[-1] == 300


def test_labelled_data_adds_copy_accuracy_and_a_high_bar_passes(victim: Any) -> None:
    model, _, ex, ey = victim
    result = run(model, (ex, ey), attacks=("knockoff",), queries=100, epochs=5, max_fidelity=1.0)
    assert "knockoff.accuracy" in result.metrics and "knockoff.accuracy_ci" in result.metrics
    assert result.status is Status.PASSED or result.metrics["fidelity"] == 1.0


def test_too_little_data_is_an_error_result(victim: Any) -> None:
    model, pool, _, _ = victim
    result = run(model, (pool[:25], None))
    assert result.status is Status.ERROR and "too few" in result.reason


def test_registration_and_settings() -> None:
    registry = Registry()
    registry.extend(checks())
    (check,) = registry.checks_of("theft")
    assert check.needs == {"model", "data"}
    with pytest.raises(ConfigError, match="querys: unknown key"):
        stage_settings(registry, "theft", {"querys": 10})
    with pytest.raises(ConfigError, match="attacks"):
        stage_settings(registry, "theft", {"attacks": ["copycat"]})
    with pytest.raises(ConfigError, match=r"checkpoints \[5000\] must lie within"):
        stage_settings(registry, "theft", {"queries": 1000, "checkpoints": [100, 5000]})
