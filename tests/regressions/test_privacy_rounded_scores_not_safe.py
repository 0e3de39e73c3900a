"""Rounded and top-k scores: an API that rounds its probabilities to one decimal (Tramèr et
al. 2016's suggested defence) leaves LiRA's logit-scaled confidence mostly at 0 or infinity.
The answers must be recognised as degraded, the label-only attacks must join, and the check
must report a finding or say it could not decide: never "passed"."""

from __future__ import annotations

import pytest
from tests.privacy.conftest import digits_split, overfit_svc
from tests.privacy.degraded import degraded

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.models import SklearnModel, Target, as_dataset
from hauberk.privacy import MembershipInference, PrivacySettings

pytestmark = pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")


def run(form: str, **settings: object) -> object:
    xm, ym, xn, yn = digits_split(150)
    api = degraded(SklearnModel(overfit_svc().fit(xm, ym)), form)
    data = as_dataset({"train": (xm, ym), "test": (xn, yn)})
    ctx = CheckContext(settings=PrivacySettings(**settings), seed=0, budget=Budget(seconds=60))
    return run_check(MembershipInference(), Target("svc", model=api, data=data), ctx, api.counter)


@pytest.mark.parametrize("form", ["rounded", "top-k"])
def test_rounded_or_top_k_scores_are_recognised_and_never_pass(form: str) -> None:
    result = run(form, attacks=("threshold",))
    m = result.metrics  # type: ignore[attr-defined]
    assert m["outputs"]["kind"] == form
    assert "label_only.auc" in m and "label_only.auc_ci" in m
    assert result.status in (Status.FAILED, Status.INCOMPLETE)  # type: ignore[attr-defined]


def test_with_label_only_attacks_turned_off_rounded_scores_are_incomplete_at_best() -> None:
    # only the limits the score-based attack can still fail are lifted
    result = run("rounded", attacks=("threshold",), label_only="never", max_auc=0.99)
    assert result.status is not Status.PASSED  # type: ignore[attr-defined]
    assert "label-only attacks were turned off" in result.reason  # type: ignore[attr-defined]
