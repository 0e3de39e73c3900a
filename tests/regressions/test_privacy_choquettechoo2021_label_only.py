"""Choquette-Choo et al. 2021 ("Label-Only Membership Inference Attacks"): hiding the scores
does not hide membership. An overfitted model behind an API that answers with one-hot labels
gave the score-based attacks nothing to read (every loss is 0 or 69); the check must still
find the leak by asking perturbed copies of each record (members keep their label under
noise more often) and never report the model as passed."""

from __future__ import annotations

import pytest
from tests.privacy.conftest import digits_split, overfit_svc
from tests.privacy.degraded import degraded

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.models import SklearnModel, Target, as_dataset
from hauberk.privacy import MembershipAudit, MembershipInference, PrivacySettings, ThresholdAttack

pytestmark = pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")


def test_one_hot_labels_of_an_overfitted_model_still_give_a_membership_finding() -> None:
    xm, ym, xn, yn = digits_split(150)
    api = degraded(SklearnModel(overfit_svc().fit(xm, ym)), "labels")
    data = as_dataset({"train": (xm, ym), "test": (xn, yn)})
    ctx = CheckContext(settings=PrivacySettings(), seed=0, budget=Budget(seconds=60))
    result = run_check(MembershipInference(), Target("svc-labels", model=api, data=data), ctx,
                       api.counter)  # fmt: skip
    assert result.status is not Status.PASSED, result.reason
    assert result.metrics["outputs"]["kind"] == "labels"
    assert "label_only.auc" in result.metrics and "gap.auc" in result.metrics
    if result.status is Status.FAILED:
        (finding,) = result.findings
        assert finding.id == "HB-PRIV-MEMBERSHIP" and "95% CI" in finding.detail
    else:
        assert result.status is Status.INCOMPLETE and "would decide" in result.reason


def test_label_only_beats_the_gap_attack_and_lira_on_augmented_queries_beats_both() -> None:
    xm, ym, xn, yn = digits_split(150)
    est = overfit_svc().fit(xm, ym)
    audit = MembershipAudit(
        attacks=[ThresholdAttack()],
        trainer=lambda x, y: overfit_svc().fit(x, y),
        shadow_models=8,
    )
    report = audit.run(degraded(SklearnModel(est), "labels"), (xm, ym), (xn, yn))
    auc = {name: r.rates.auc for name, r in report.results.items()}
    # the gap attack reads only the train-test accuracy gap (about 0.55 here)
    assert auc["label_only"].value > auc["gap"].value + 0.05
    assert auc["label_only"].low > 0.55  # a leak the interval vouches for
    assert auc["lira_augmented"].value > auc["label_only"].value
