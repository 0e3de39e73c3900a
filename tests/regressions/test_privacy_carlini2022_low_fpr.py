"""Carlini et al. 2022 ("Membership Inference Attacks From First Principles"): an attack's
AUC hides how it does where it matters, at low false-positive rates. On a leaky model the loss
threshold reaches a respectable AUC but finds almost no member at 1% FPR; LiRA, which
calibrates each record against shadow models, finds many. A regression here means LiRA's
per-record calibration broke (for example, in and out observations swapped)."""

from __future__ import annotations

import pytest
from tests.privacy.conftest import digits_split, overfit_svc

from hauberk.models import SklearnModel
from hauberk.privacy import MembershipAudit, default_attacks, sklearn_trainer


@pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")
def test_lira_dominates_the_loss_threshold_at_low_fpr() -> None:
    xm, ym, xn, yn = digits_split(250)
    est = overfit_svc().fit(xm, ym)
    audit = MembershipAudit(
        attacks=default_attacks(), trainer=sklearn_trainer(est), shadow_models=8, seed=0
    )
    report = audit.run(SklearnModel(est), (xm, ym), (xn, yn))
    # 250 non-members are too few for a *reported* TPR at 1% FPR (that needs 1,000), so the
    # comparison reads the ROC curves themselves: the measurement, not a quoted finding
    threshold, lira = report.results["threshold"], report.results["lira"]
    assert "tpr_at_fpr_0.01" in threshold.rates.missing
    assert threshold.rates.auc.value > 0.7  # the baseline looks fine on AUC...
    assert threshold.roc.tpr_at(0.01) < 0.1  # ...but finds few members at 1% FPR
    assert lira.roc.tpr_at(0.01) > 0.3
    assert lira.roc.tpr_at(0.01) > 4 * threshold.roc.tpr_at(0.01)
