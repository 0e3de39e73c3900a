from __future__ import annotations

from typing import Any

import pytest

from hauberk.assess._config import stage_settings
from hauberk.core import (
    Budget,
    Check,
    CheckContext,
    ConfigError,
    Registry,
    Severity,
    Status,
    run_check,
)
from hauberk.models import CallableModel, SklearnModel, Target, as_dataset
from hauberk.privacy import MembershipInference, PrivacySettings, checks

from .conftest import SVC_PROBABILITY, digits_split, overfit_svc

pytestmark = SVC_PROBABILITY


def target(model: Any = None) -> Target:
    xm, ym, xn, yn = digits_split(150)
    if model is None:
        model = SklearnModel(overfit_svc().fit(xm, ym))
    return Target("digits-svc", model=model, data=as_dataset({"train": (xm, ym), "test": (xn, yn)}))


def run(t: Target, **settings: Any) -> Any:
    ctx = CheckContext(settings=PrivacySettings(**settings), seed=3, budget=Budget(seconds=60))
    assert t.model is not None
    return run_check(MembershipInference(), t, ctx, t.model.counter)


def test_checks_are_registrable_with_the_right_needs_and_references() -> None:
    found = checks()
    assert all(isinstance(c, Check) for c in found)
    registry = Registry()
    registry.extend(found)
    by_name = {c.name: c for c in registry.checks_of("privacy")}
    assert set(by_name) == {"privacy.membership", "privacy.attribute", "privacy.inversion"}
    check = by_name["privacy.membership"]
    assert check.needs == {"model", "data", "labels", "membership"}
    refs = {r for rule in check.rules for r in rule.references}
    assert {"AML.T0024.000", "ML04:2023"} <= refs
    inversion = {r for rule in by_name["privacy.inversion"].rules for r in rule.references}
    assert {"AML.T0024.001", "ML03:2023"} <= inversion


def test_sklearn_model_is_cloned_for_shadows_and_leak_is_reported() -> None:
    result = run(target(), shadow_models=4)
    assert result.status is Status.FAILED and not result.partial, result.reason
    m = result.metrics
    assert m["trainer"] == "clone of the scikit-learn estimator"
    for attack in ("threshold", "lira", "rmia"):
        assert f"{attack}.auc" in m and f"{attack}.auc_ci" in m
        for key in ("tpr_at_fpr_0.001", "tpr_at_fpr_0.01"):  # 150 non-members resolve neither
            assert f"{attack}.{key}" not in m and f"{attack}.{key}_missing" in m
    assert m["auc"] == max(m["threshold.auc"], m["lira.auc"], m["rmia.auc"])
    (finding,) = result.findings
    assert finding.id == "HB-PRIV-MEMBERSHIP" and finding.severity >= Severity.MEDIUM
    assert "95% CI" in finding.detail and "n=300" in finding.detail
    auc = finding.evidence["rates"]["lira"]["auc"]
    assert auc["n"] == 300 and auc["ci_low"] > 0.6 and auc["method"] == "bootstrap"
    assert "AML.T0024.000" in finding.references and "ML04:2023" in finding.references
    assert finding.evidence["most_exposed"][0]["split"] == "train"
    (plot,) = result.plots
    assert plot.x_log and plot.y_log
    assert result.queries == 300


def test_without_any_trainer_the_result_says_lira_and_rmia_were_skipped() -> None:
    t = target()
    assert isinstance(t.model, SklearnModel)
    est = t.model.estimator
    opaque = CallableModel(
        est.predict_proba, classes=t.model.classes, input_spec=t.model.input_spec
    )
    result = run(target(opaque))
    assert result.status in (Status.PASSED, Status.FAILED)
    assert "lira, rmia skipped: no trainer was given" in result.reason
    assert result.metrics["skipped_attacks"] == ["lira", "rmia"]
    assert "threshold.auc" in result.metrics and "lira.auc" not in result.metrics


def test_trainer_named_in_settings_is_imported_and_used() -> None:
    result = run(target(), trainer="tests.privacy.trainers:fit_svc", attacks=("lira",))
    assert result.metrics["trainer"] == "[privacy] trainer" and "lira.auc" in result.metrics


@pytest.mark.parametrize(
    ("trainer", "message"),
    [("tests.privacy.trainers:NOT_A_FUNCTION", "not a function"), ("nowhere:fit", "cannot import")],
)
def test_bad_trainer_is_an_error_result(trainer: str, message: str) -> None:
    result = run(target(), trainer=trainer)
    assert result.status is Status.ERROR and message in result.reason


def test_thresholds_from_config_decide_the_finding() -> None:
    result = run(target(), attacks=("threshold",), max_auc=1.0,
                 max_tpr_at_fpr_0_01=1.0, max_tpr_at_fpr_0_001=1.0)  # fmt: skip
    assert result.status is Status.PASSED and not result.findings


def test_sample_budget_caps_the_records() -> None:
    t = target()
    ctx = CheckContext(settings=PrivacySettings(attacks=("threshold",)), seed=0,
                       budget=Budget(samples=40))  # fmt: skip
    assert t.model is not None
    result = run_check(MembershipInference(), t, ctx, t.model.counter)
    assert result.metrics["members"] + result.metrics["non_members"] == 40


def test_unknown_and_out_of_range_keys_are_config_errors() -> None:
    registry = Registry()
    registry.extend(checks())
    with pytest.raises(ConfigError, match="shadow_modles: unknown key"):
        stage_settings(registry, "privacy", {"shadow_modles": 4})
    with pytest.raises(ConfigError, match="shadow_models"):
        stage_settings(registry, "privacy", {"shadow_models": 1})
    with pytest.raises(ConfigError, match="attacks"):
        stage_settings(registry, "privacy", {"attacks": ["lira", "magic"]})
    ok = stage_settings(registry, "privacy", {"trainer": "m:f", "max_tpr_at_fpr_0_01": 0.1})
    assert ok["privacy.membership"].trainer == "m:f"  # type: ignore[attr-defined]
