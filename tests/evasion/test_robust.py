"""robust_accuracy: worst case per sample over an ensemble, per ε, with early stopping."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError, Deadline, InputError
from hauberk.evasion import APGD, ENSEMBLES, Square, robust_accuracy
from hauberk.models import InputSpec, SklearnModel, TorchModel

SMALL = [
    ("apgd-ce", {"steps": 10}),
    ("apgd-t", {"steps": 10, "targets": 2}),
    ("square", {"queries": 60}),
]


def test_curve_is_monotone_and_worst_case(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:40], digits_data[3][:40]
    r = robust_accuracy(digits_model, x, y, eps=[0.2, 0.05, 0.1], attacks=SMALL)
    assert r.epsilons == (0.05, 0.1, 0.2)
    acc = r.accuracy
    assert r.clean_accuracy >= acc[0] >= acc[1] >= acc[2]
    assert acc[2] < acc[0]
    # robust at a larger ε implies robust at a smaller one, and robust implies clean-correct
    assert not (r.robust[1:] & ~r.robust[:-1]).any()
    assert not (r.robust & ~r.clean).any()
    # every sample lost between two ε values is credited to exactly one attack
    lost = [int(r.clean.sum() - r.robust[0].sum())] + [
        int(r.robust[i - 1].sum() - r.robust[i].sum()) for i in range(1, 3)
    ]
    assert lost == [sum(b.values()) for b in r.broken_by]
    # the ensemble is at least as strong as its first member alone
    single = APGD(eps=0.1, steps=10)(digits_model, x, y)
    single_acc = (digits_model.predict_proba(single).argmax(1) == y).mean()
    assert r.at(0.1) <= single_acc
    assert set(r.seconds_by_attack) == {"apgd-ce", "apgd-t", "square"}
    per_class = r.per_class(digits_model.classes)
    assert len(per_class) == 3 and set(per_class[0]) <= {str(c) for c in range(10)}


def test_early_stop_spends_nothing_on_broken_samples(
    digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:30], digits_data[3][:30]
    # at a huge ε the first attack breaks everything, so the others never query the model
    r = robust_accuracy(digits_model, x, y, eps=1.0, attacks=[("apgd-ce", {"steps": 10}), "square"])
    assert r.accuracy == (0.0,)
    assert r.broken_by[0]["square"] == 0
    assert r.seconds_by_attack["square"] == 0.0


def test_black_box_ensemble_on_scikit_learn(digits_data: Any) -> None:
    from sklearn.linear_model import LogisticRegression

    xtr, ytr, xte, yte = digits_data
    est = LogisticRegression(max_iter=300).fit(xtr.reshape(len(xtr), -1), ytr)
    model = SklearnModel(est, input_spec=InputSpec(shape=(64,), lower=0.0, upper=1.0))
    x, y = xte[:30].reshape(30, -1), yte[:30]
    r = robust_accuracy(model, x, y, eps=0.2, attacks=[("square", {"queries": 100})])
    assert r.accuracy[0] < r.clean_accuracy - 0.3
    with pytest.raises(InputError, match="need gradients"):
        robust_accuracy(model, x, y, eps=0.1, attacks="fast")


def test_deadline_gives_a_partial_result(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:20], digits_data[3][:20]
    deadline = Deadline(1e-9)
    r = robust_accuracy(digits_model, x, y, eps=[0.1, 0.2], attacks=SMALL, deadline=deadline)
    assert r.partial and "time budget" in r.reason
    assert r.epsilons == ()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"eps": 0.0}, "eps"),
        ({"eps": []}, "eps"),
        ({"eps": [0.1, float("nan")]}, "eps"),
        ({"eps": 0.1, "norm": "l0"}, "norm"),
        ({"eps": 0.1, "attacks": "autoattack"}, "unknown ensemble"),
        ({"eps": 0.1, "attacks": ["pgd", "nope"]}, "unknown attack"),
        ({"eps": 0.1, "attacks": []}, "empty"),
        ({"eps": 0.1, "attacks": [("apgd-ce", {"stpes": 5})]}, "no settings"),
    ],
)
def test_bad_arguments(
    digits_model: TorchModel, digits_data: Any, kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        robust_accuracy(digits_model, digits_data[2][:3], digits_data[3][:3], **kwargs)


def test_named_ensembles_follow_autoattack() -> None:
    names = [n for n, _ in ENSEMBLES["standard"]]
    assert names == ["apgd-ce", "apgd-t", "fab-t", "square"]
    assert dict(ENSEMBLES["standard"])["square"]["queries"] == 5000
    assert [n for n, _ in ENSEMBLES["fast"]] == names


def test_l2_ensemble_skips_nothing_it_supports(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:20], digits_data[3][:20]
    r = robust_accuracy(
        digits_model, x, y, eps=0.5, norm="l2", attacks=[("cw-l2", {}), ("square", {"queries": 30})]
    )
    assert r.norm == "l2" and len(r.accuracy) == 1
    adv = Square(eps=0.5, norm="l2", n_queries=30)(digits_model, x, y)
    assert np.linalg.norm((adv - x).reshape(20, -1), axis=1).max() <= 0.5 + 1e-5
