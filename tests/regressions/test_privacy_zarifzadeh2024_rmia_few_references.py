"""Zarifzadeh et al. 2024 ("Low-Cost High-Power Membership Inference Attacks"): with very few
reference models and none trained on the target record (offline), RMIA's pairwise
likelihood ratio against population records beats offline LiRA, whose per-record Gaussian is
poorly estimated from one or two observations. A regression here means RMIA's marginal
(the offline linear correction) or its comparison with the population broke."""

from __future__ import annotations

from typing import Any

import pytest
from sklearn.ensemble import RandomForestClassifier
from tests.privacy.conftest import digits_split, overfit_svc

from hauberk.models import SklearnModel
from hauberk.privacy import RMIA, LiRA, MembershipAudit, sklearn_trainer


@pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")
@pytest.mark.parametrize(
    "make", [overfit_svc, lambda: RandomForestClassifier(50, random_state=0)], ids=["svc", "rf"]
)
def test_offline_rmia_beats_offline_lira_with_two_references(make: Any) -> None:
    xm, ym, xn, yn = digits_split(250)
    est = make().fit(xm, ym)
    audit = MembershipAudit(
        attacks=[LiRA(online=False), RMIA(online=False)],
        trainer=sklearn_trainer(est),
        shadow_models=2,
        seed=0,
    )
    m = audit.run(SklearnModel(est), (xm, ym), (xn, yn)).metrics()
    assert m["rmia_offline.auc"] > m["lira_offline.auc"] + 0.02
