from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.models import CallableModel, InputSpec, SklearnModel
from hauberk.privacy import LabelOnlyAttack, MembershipAudit, ThresholdAttack, output_form
from hauberk.privacy._labelonly import Perturber, calibrated_accuracy, query_robustness

from .conftest import SVC_PROBABILITY, digits_split
from .degraded import degraded, one_hot, rounded, top_k

pytestmark = SVC_PROBABILITY


def test_output_form_tells_scores_from_labels_rounding_and_top_k() -> None:
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(10), size=200)
    assert output_form(p).kind == "scores" and not output_form(p).degraded
    assert output_form(one_hot(p)).kind == "labels"
    assert output_form(rounded(p, 1)).kind == "rounded"
    assert output_form(rounded(p, 2)).kind == "rounded"
    top = output_form(top_k(p, 3))
    assert top.kind == "top-k" and top.max_nonzero == 3
    assert output_form(p).to_dict()["distinct_values"] == p.size


def test_perturbed_copies_are_the_same_for_every_model_and_stay_in_range() -> None:
    x = np.random.default_rng(1).random((100, 8))
    spec = InputSpec(shape=(8,), dtype="float64", lower=0.0, upper=1.0)
    a = Perturber(copies=5, seed=3).fit(x, spec)
    b = Perturber(copies=5, seed=3).fit(x, spec)
    assert np.array_equal(a.copies_of(x[64:], 64), b.copies_of(x[64:], 64))
    c = a.copies_of(x[:64], 0)
    assert c.shape == (5, 64, 8) and c.min() >= 0.0 and c.max() <= 1.0
    assert not np.array_equal(c[0], x[:64])
    with pytest.raises(ConfigError, match="blocks"):
        a.copies_of(x[:10], 5)
    with pytest.raises(ConfigError, match="dtype int64"):
        Perturber().fit(x, InputSpec(shape=(8,), dtype="int64"))


def test_image_inputs_are_also_translated() -> None:
    x = np.zeros((4, 1, 8, 8))
    x[:, 0, 3, 3] = 1.0
    spec = InputSpec(shape=(1, 8, 8), dtype="float64", lower=0.0, upper=1.0)
    p = Perturber(copies=2, seed=0).fit(x, spec)
    p._scale = 0.0  # noise off: only the translation is left
    c = p.copies_of(x, 0)
    assert c[0, 0, 0, 3, 3] == 1.0 and c[1, 0, 0, 3, 3] == 0.0 and c[1].sum() == 4.0


def test_robustness_counts_copies_labelled_right_and_stops_at_the_budget() -> None:
    xm, _, _, _ = digits_split(100)
    model = CallableModel(
        lambda x: one_hot(np.c_[x[:, :5].sum(1), np.full(len(x), 1.0)]),
        classes=(0, 1), input_spec=InputSpec(shape=(64,), dtype="float64"), query_limit=300,
    )  # fmt: skip
    y = np.zeros(100, int)
    p = Perturber(copies=4).fit(xm, model.input_spec)
    rob = query_robustness(model, xm, y, p)
    assert rob.done == 64 and not rob.complete  # 64 records x 4 copies fit, the next block not
    assert ((rob.robust[:64] * 4) % 1 == 0).all() and model.counter.total == 256


def test_calibrated_accuracy_uses_held_out_records_or_shadows() -> None:
    m = np.r_[np.ones(100, bool), np.zeros(100, bool)]
    s = m + np.random.default_rng(0).normal(0, 0.3, 200)
    held, how = calibrated_accuracy(s, m, seed=0)
    # scored on the held-out half, balanced: as many members as non-members
    assert 80 <= held.n <= 100 and held.n % 2 == 0 and held.value > 0.85 and "half" in how
    gap, _ = calibrated_accuracy(m.astype(float), m, fixed=0.5)
    assert gap.value == 1.0 and gap.n == 200
    shadow, how = calibrated_accuracy(s, m, shadow_scores=s[None], shadow_members=m[None])
    assert shadow.n == 200 and "shadow" in how
    # 100 members, 20 non-members: calling everyone a member would score 0.83 unbalanced
    few = np.r_[np.ones(100, bool), np.zeros(20, bool)]
    everyone, _ = calibrated_accuracy(np.ones(120), few, fixed=0.5)
    assert everyone.n == 40 and everyone.value == 0.5


@pytest.mark.parametrize("form", ["labels", "rounded", "top-k"])
def test_degraded_answers_bring_in_the_label_only_attacks(
    leaky: tuple[SklearnModel, Any, Any], form: str
) -> None:
    model, members, non_members = leaky
    report = MembershipAudit(attacks=[ThresholdAttack()]).run(
        degraded(model, form), members, non_members
    )
    assert report.outputs is not None and report.outputs.kind == form
    assert {"label_only", "gap"} <= set(report.results)
    lo = report.results["label_only"]
    assert lo.accuracy is not None and lo.accuracy.n <= 200  # calibrated on the other half
    assert lo.rates.auc.value > report.results["gap"].rates.auc.value


def test_full_scores_do_not_pay_for_perturbed_queries(leaky: tuple[SklearnModel, Any, Any]) -> None:
    model, members, non_members = leaky
    before = model.counter.total
    report = MembershipAudit(attacks=[ThresholdAttack()]).run(model, members, non_members)
    assert set(report.results) == {"threshold"} and model.counter.total - before == 400
    forced = MembershipAudit(attacks=[ThresholdAttack(), LabelOnlyAttack()], copies=4)
    assert "label_only" in forced.run(model, members, non_members).results


def test_turning_label_only_off_on_degraded_answers_is_partial(
    leaky: tuple[SklearnModel, Any, Any],
) -> None:
    model, members, non_members = leaky
    audit = MembershipAudit(attacks=[ThresholdAttack()], label_only=False)
    report = audit.run(degraded(model, "labels"), members, non_members)
    assert report.partial and "label-only attacks were turned off" in report.reason


def test_a_budget_too_small_for_the_copies_is_partial_not_safe(
    leaky: tuple[SklearnModel, Any, Any],
) -> None:
    model, members, non_members = leaky
    capped = degraded(model, "labels")
    capped._counter = type(capped.counter)(1000)
    report = MembershipAudit(attacks=[ThresholdAttack()]).run(capped, members, non_members)
    assert report.partial and "label_only did not run" in report.reason
    assert "label_only" not in report.results and "gap" in report.results
