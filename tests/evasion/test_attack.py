"""The base class: input validation, budgets, seeding and the projection it always applies."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import BudgetExceeded, ConfigError, InputError
from hauberk.evasion import APGD, FGSM, PGD, Attack, AttackRun, FeatureConstraints, Square
from hauberk.models import CallableModel, InputSpec, SklearnModel, TorchModel


class Wild(Attack):
    """An attack that ignores every rule: it returns huge, non-finite perturbations."""

    name = "wild"
    threat = "score-based"

    def _run(self, run: AttackRun) -> Any:
        out = run.x + run.rng.normal(0, 100, size=run.x.shape)
        out[:, 0] = np.nan
        return out


class Greedy(Attack):
    """An attack that charges more queries than its budget allows."""

    name = "greedy"
    threat = "score-based"

    def _run(self, run: AttackRun) -> Any:
        for _ in range(100):
            run.proba(run.x)
        return run.x


def test_projection_is_enforced_on_a_rule_breaking_attack(
    digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:20], digits_data[3][:20]
    for norm, eps in (("linf", 0.1), ("l2", 0.5)):
        adv = Wild(eps=eps, norm=norm)(digits_model, x, y)
        d = (adv - x).reshape(20, -1).astype(np.float64)
        size = np.abs(d).max(1) if norm == "linf" else np.linalg.norm(d, axis=1)
        assert np.isfinite(adv).all()
        assert (size <= eps + 1e-5).all()
        assert adv.min() >= 0.0 and adv.max() <= 1.0
        assert adv.dtype == np.float32 and adv.shape == x.shape


def test_query_budget_is_enforced(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:10], digits_data[3][:10]
    with pytest.raises(BudgetExceeded, match="query budget"):
        Greedy(eps=0.1, max_queries=50)(digits_model, x, y)
    assert digits_model.counter.total <= 50


def test_model_counter_is_charged_per_forward_pass(
    digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:16], digits_data[3][:16]
    attack = PGD(eps=0.1, steps=7)
    attack(digits_model, x, y)
    # one probe row for output validation, then 7 forward passes of 16 rows
    assert digits_model.counter.total == attack.last_queries == 1 + 7 * 16


def test_square_stops_at_its_query_budget(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:30], digits_data[3][:30]
    attack = Square(eps=0.05, n_queries=1000, max_queries=400)
    adv = attack(digits_model, x, y)
    assert attack.last_queries <= 400
    assert np.abs(adv - x).max() <= 0.05 + 1e-6


def test_seeded_runs_repeat(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:30], digits_data[3][:30]
    a = APGD(eps=0.1, steps=10, seed=3)(digits_model, x, y)
    b = APGD(eps=0.1, steps=10, seed=3)(digits_model, x, y)
    c = Square(eps=0.1, n_queries=20, seed=3)(digits_model, x, y)
    d = Square(eps=0.1, n_queries=20, seed=3)(digits_model, x, y)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(c, d)


def test_batches_give_the_same_guarantees(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:50], digits_data[3][:50]
    adv = PGD(eps=0.1, batch_size=7)(digits_model, x, y)
    assert adv.shape == x.shape
    assert np.abs(adv - x).max() <= 0.1 + 1e-6


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"eps": 0.0}, "eps"),
        ({"eps": -1.0}, "eps"),
        ({"eps": float("inf")}, "eps"),
        ({"eps": float("nan")}, "eps"),
        ({"eps": 0.1, "norm": "l1"}, "norm"),
        ({"eps": 0.1, "max_queries": 0}, "max_queries"),
        ({"eps": 0.1, "batch_size": 0}, "batch_size"),
        ({"eps": 0.1, "seed": -1}, "seed"),
        ({"eps": 0.1, "steps": 0}, "steps"),
        ({"eps": 0.1, "restarts": 2.5}, "restarts"),
    ],
)
def test_settings_are_checked(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        PGD(**kwargs)


def test_settings_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        FGSM(0.1)  # type: ignore[misc]


def test_bad_inputs_name_the_parameter(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:5], digits_data[3][:5]
    attack = FGSM(eps=0.1)
    with pytest.raises(InputError, match="shape"):
        attack(digits_model, x.reshape(5, 4, 16)[:, :3], y)
    with pytest.raises(InputError, match="range"):
        attack(digits_model, x * 2, y)
    with pytest.raises(InputError, match="NaN"):
        attack(digits_model, np.full_like(x, np.nan), y)
    with pytest.raises(InputError, match="numbers"):
        attack(digits_model, np.array([["a"] * 64] * 5), y)
    with pytest.raises(InputError, match="y: expected one label"):
        attack(digits_model, x, y[:3])
    with pytest.raises(InputError, match="label 42"):
        attack(digits_model, x, np.full(5, 42))
    with pytest.raises(InputError, match="hauberk Model"):
        attack(object(), x, y)  # type: ignore[arg-type]


def test_white_box_attack_refuses_a_model_without_gradients(digits_data: Any) -> None:
    from sklearn.linear_model import LogisticRegression

    xtr, ytr, xte, yte = digits_data
    est = LogisticRegression(max_iter=300).fit(xtr.reshape(len(xtr), -1), ytr)
    model = SklearnModel(est, input_spec=InputSpec(shape=(64,), lower=0.0, upper=1.0))
    with pytest.raises(InputError, match="needs gradients"):
        PGD(eps=0.1)(model, xte[:5].reshape(5, -1), yte[:5])
    adv = Square(eps=0.1, n_queries=10)(model, xte[:5].reshape(5, -1), yte[:5])
    assert np.abs(adv - xte[:5].reshape(5, -1)).max() <= 0.1 + 1e-6


def test_model_that_returns_no_probabilities_is_an_input_error() -> None:
    spec = InputSpec(shape=(4,), lower=0.0, upper=1.0)
    model = CallableModel(lambda b: np.full((len(b), 2), 3.0), classes=(0, 1), input_spec=spec)
    with pytest.raises(InputError, match="not probabilities"):
        Square(eps=0.1, n_queries=5)(model, np.zeros((3, 4)), np.zeros(3, dtype=int))


def test_torch_module_with_wrong_output_width_is_an_input_error() -> None:
    import torch

    spec = InputSpec(shape=(4,), lower=0.0, upper=1.0)
    model = TorchModel(torch.nn.Linear(4, 3), input_spec=spec, classes=(0, 1, 2))
    model.module = torch.nn.Linear(4, 5)  # swapped after construction: 5 outputs, 3 classes
    with pytest.raises(InputError, match=r"shape \(n, 3\)"):
        FGSM(eps=0.1)(model, np.zeros((2, 4), dtype=np.float32), np.zeros(2, dtype=int))


def test_integer_input_models_are_refused() -> None:
    spec = InputSpec(shape=(4,), dtype="int64", lower=0, upper=10)
    model = CallableModel(lambda b: np.full((len(b), 2), 0.5), classes=(0, 1), input_spec=spec)
    with pytest.raises(InputError, match="floating-point"):
        Square(eps=1.0)(model, np.zeros((2, 4), dtype=np.int64), np.zeros(2, dtype=int))


def test_constraints_must_fit_the_model(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:5], digits_data[3][:5]
    with pytest.raises(ConfigError, match="n_features"):
        FGSM(eps=0.1, constraints=FeatureConstraints(n_features=10))(digits_model, x, y)
