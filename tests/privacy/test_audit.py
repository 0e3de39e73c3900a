from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError, Deadline, InputError
from hauberk.models import SklearnModel
from hauberk.privacy import (
    LiRA,
    MembershipAudit,
    ThresholdAttack,
    default_attacks,
    sklearn_trainer,
)

from .conftest import SVC_PROBABILITY, digits_split, overfit_svc

pytestmark = SVC_PROBABILITY


def test_full_audit_on_a_leaky_model(leaky: tuple[SklearnModel, Any, Any]) -> None:
    model, members, non_members = leaky
    audit = MembershipAudit(
        attacks=default_attacks(offline=True),
        trainer=sklearn_trainer(model.estimator),
        shadow_models=4,
    )
    report = audit.run(model, members, non_members)
    m = report.metrics()
    assert set(report.results) == {"threshold", "lira", "rmia", "lira_offline", "rmia_offline"}
    assert m["members"] == m["non_members"] == 200 and m["shadow_models"] == 4
    assert m["outputs"]["kind"] == "scores"  # full scores: no label-only attacks were added
    for name in report.results:
        low, high = m[f"{name}.auc_ci"]
        assert 0.0 <= low <= m[f"{name}.auc"] <= high <= 1.0
        # 200 non-members resolve neither 1% nor 0.1% FPR: absent, and the reason says so
        for key, need in (("tpr_at_fpr_0.001", 10_000), ("tpr_at_fpr_0.01", 1000)):
            assert f"{name}.{key}" not in m
            assert f"at least {need} non-members" in m[f"{name}.{key}_missing"]
            assert "the audit had 200" in m[f"{name}.{key}_missing"]
    assert m["auc"] == max(m[f"{n}.auc"] for n in report.results)
    assert "tpr_at_fpr_0.01" not in m and "tpr_at_fpr_0.01_missing" in m
    rates = report.rates()
    assert rates["lira"]["auc"]["n"] == 400 and rates["lira"]["auc"]["method"] == "bootstrap"
    assert m["lira.auc"] > 0.85 and not report.partial
    exposed = report.most_exposed(5)
    assert len(exposed) == 5 and all(e["split"] == "train" for e in exposed)
    assert exposed[0]["score"] >= exposed[-1]["score"]
    plot = report.roc_plot()
    assert plot.x_log and plot.y_log
    assert {s.label for s in plot.series} == {*report.results, "chance"}
    assert all(v > 0 for s in plot.series for v in (*s.x, *s.y))


def test_without_trainer_only_the_threshold_attack_runs(
    leaky: tuple[SklearnModel, Any, Any],
) -> None:
    model, members, non_members = leaky
    report = MembershipAudit().run(model, members, non_members)
    assert set(report.results) == {"threshold"}
    assert set(report.skipped) == {"lira", "rmia"}
    assert "no trainer" in report.skipped["lira"]


def test_query_budget_gives_a_partial_result_on_what_was_answered() -> None:
    xm, ym, xn, yn = digits_split()
    est = overfit_svc().fit(xm, ym)
    model = SklearnModel(est, query_limit=150)
    report = MembershipAudit(attacks=[ThresholdAttack()], chunk=32).run(model, (xm, ym), (xn, yn))
    m = report.metrics()
    assert report.partial and "after 150 of 400" in report.reason
    assert m["members"] + m["non_members"] == 150 and m["members"] > 40 and m["non_members"] > 40
    assert model.counter.total == 150


def test_a_budget_too_small_for_any_attack_is_an_error_naming_it() -> None:
    xm, ym, xn, yn = digits_split()
    model = SklearnModel(overfit_svc().fit(xm, ym), query_limit=10)
    with pytest.raises(InputError, match="max_queries"):
        MembershipAudit(attacks=[ThresholdAttack()]).run(model, (xm, ym), (xn, yn))


def test_expired_time_keeps_the_shadows_trained_so_far(
    leaky: tuple[SklearnModel, Any, Any],
) -> None:
    model, members, non_members = leaky
    audit = MembershipAudit(
        attacks=[LiRA()], trainer=sklearn_trainer(model.estimator), shadow_models=8
    )
    report = audit.run(model, members, non_members, deadline=Deadline(1e-9))
    assert report.partial and report.shadow_models == 2
    assert "2 of 8 shadow models" in report.reason
    assert np.isfinite(report.results["lira"].scores).all()


def test_bad_input_is_named(leaky: tuple[SklearnModel, Any, Any]) -> None:
    model, (xm, ym), (xn, yn) = leaky
    with pytest.raises(InputError, match="no labels"):
        MembershipAudit().run(model, (xm, None), (xn, yn))
    with pytest.raises(InputError, match="at least 10 members"):
        MembershipAudit().run(model, (xm[:5], ym[:5]), (xn, yn))
    few = MembershipAudit(trainer=sklearn_trainer(model.estimator), max_records=20)
    with pytest.raises(InputError, match="too few for shadow models"):
        few.run(model, (xm, ym), (xn, yn))
    with pytest.raises(ConfigError, match="shadow_models"):
        MembershipAudit(shadow_models=1)
    with pytest.raises(ConfigError, match="distinct names"):
        MembershipAudit(attacks=[LiRA(), LiRA()])


def test_a_shadow_missing_a_class_is_aligned_to_the_target_classes() -> None:
    xm, ym, xn, yn = digits_split(100)
    est = overfit_svc().fit(xm, ym)

    def trainer(x: Any, y: Any) -> Any:
        keep = y != 9  # this shadow never sees class 9
        return overfit_svc().fit(x[keep], y[keep])

    report = MembershipAudit(attacks=[LiRA()], trainer=trainer, shadow_models=2).run(
        SklearnModel(est), (xm, ym), (xn, yn)
    )
    assert np.isfinite(report.results["lira"].scores).all()
