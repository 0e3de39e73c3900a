"""Findings on too little data: membership TPR at 0.1% FPR was quoted from 72 non-members, where
one non-member is 1.4% FPR and the number is the TPR at zero false positives of one sample.
A TPR at FPR f is reported only with at least 10 / f non-members; otherwise the metric is
absent and says how many would be needed, and a limit on it cannot pass the check. A rate
whose interval straddles its limit is inconclusive and names the sample size that would
decide."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from tests.privacy.conftest import digits_split

from hauberk.core import Budget, CheckContext, Severity, Status, run_check
from hauberk.models import SklearnModel, Target, as_dataset
from hauberk.privacy import MembershipInference, PrivacySettings, membership_rates


def test_72_non_members_cannot_report_tpr_at_low_fpr() -> None:
    rng = np.random.default_rng(0)
    members = np.r_[np.ones(72, bool), np.zeros(72, bool)]
    rates = membership_rates(rng.normal(size=144) + 2 * members, members)
    assert rates.tpr == {}
    assert "10000 non-members" in rates.missing["tpr_at_fpr_0.001"]
    assert "the audit had 72" in rates.missing["tpr_at_fpr_0.001"]
    assert rates.auc.n == 144 and rates.auc.low < rates.auc.value < rates.auc.high


def test_enough_non_members_give_tpr_at_one_percent_with_its_interval() -> None:
    rng = np.random.default_rng(0)
    members = np.r_[np.ones(1000, bool), np.zeros(1000, bool)]
    rates = membership_rates(rng.normal(size=2000) + 2 * members, members, rounds=200)
    tpr = rates.tpr["tpr_at_fpr_0.01"]
    assert tpr.n == 1000 and tpr.method == "clopper-pearson" and tpr.low < tpr.value < tpr.high
    assert "tpr_at_fpr_0.001" in rates.missing  # 1,000 is still too few for 0.1%


def check(model: object, data: object, **settings: object) -> object:
    t = Target("digits", model=model, data=data)  # type: ignore[arg-type]
    ctx = CheckContext(settings=PrivacySettings(**settings), seed=0, budget=Budget(seconds=60))
    return run_check(MembershipInference(), t, ctx, model.counter)  # type: ignore[attr-defined]


def test_an_unmeasurable_tpr_limit_makes_the_check_incomplete_not_passed() -> None:
    xm, ym, xn, yn = digits_split(72)  # 72 members and 72 non-members, as observed
    model = SklearnModel(LogisticRegression(C=0.01, max_iter=300).fit(xm, ym))
    data = as_dataset({"train": (xm, ym), "test": (xn, yn)})
    result = check(model, data, attacks=("threshold",), max_auc=0.99)
    assert result.status is Status.INCOMPLETE  # type: ignore[attr-defined]
    assert "needs at least 1000 non-members" in result.reason  # type: ignore[attr-defined]
    assert "tpr_at_fpr_0.01" not in result.metrics  # type: ignore[attr-defined]
    # the 0.1% limit is not judged by default, but an explicit one is, and cannot be met
    strict = check(model, data, attacks=("threshold",), max_auc=0.99,
                   max_tpr_at_fpr_0_01=1.0, max_tpr_at_fpr_0_001=0.01)  # fmt: skip
    assert strict.status is Status.INCOMPLETE  # type: ignore[attr-defined]
    assert "needs at least 10000 non-members" in strict.reason  # type: ignore[attr-defined]
    assert "tpr_at_fpr_0.001" not in strict.metrics  # type: ignore[attr-defined]
    lifted = check(model, data, attacks=("threshold",), max_auc=0.99,
                   max_tpr_at_fpr_0_01=1.0, max_tpr_at_fpr_0_001=1.0)  # fmt: skip
    assert lifted.status is Status.PASSED  # type: ignore[attr-defined]


def test_an_auc_interval_straddling_the_limit_is_inconclusive_with_the_size_to_decide() -> None:
    xm, ym, xn, yn = digits_split(100)
    model = SklearnModel(LogisticRegression(C=1.0, max_iter=300).fit(xm, ym))
    data = as_dataset({"train": (xm, ym), "test": (xn, yn)})
    free = {"max_tpr_at_fpr_0_01": 1.0, "max_tpr_at_fpr_0_001": 1.0}
    probe = check(model, data, attacks=("threshold",), max_auc=0.99, **free)
    auc = probe.metrics["threshold.auc"]  # type: ignore[attr-defined]
    low, high = probe.metrics["threshold.auc_ci"]  # type: ignore[attr-defined]
    result = check(model, data, attacks=("threshold",), max_auc=(low + high) / 2, **free)
    assert low < auc < high
    assert result.status is Status.INCOMPLETE  # type: ignore[attr-defined]
    assert "inconclusive" in result.reason and "would decide" in result.reason  # type: ignore[attr-defined]
    (finding,) = result.findings  # type: ignore[attr-defined]
    assert finding.severity is Severity.INFO and finding.evidence["inconclusive"][0]["needed"] > 200
