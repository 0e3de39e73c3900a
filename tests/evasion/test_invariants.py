"""Property test: every attack keeps every output in the ε-ball, the range and the constraints,
whatever the (random) inputs, ε and norm."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hauberk.evasion import ball_norm
from hauberk.models import InputSpec, SklearnModel, TorchModel
from tests.evasion.helpers import TAB, all_attacks, tabular


@pytest.fixture(scope="module")
def tiny_model() -> TorchModel:
    import torch

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(9, 16), torch.nn.Tanh(), torch.nn.Linear(16, 4))
    return TorchModel(net, input_spec=InputSpec(shape=(9,), lower=0.0, upper=5.0), classes=range(4))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 1000),
    rows=st.integers(1, 6),
    eps=st.floats(0.01, 3.0),
    norm=st.sampled_from(["linf", "l2"]),
    constrained=st.booleans(),
)
def test_every_attack_respects_ball_range_and_constraints(
    tiny_model: TorchModel, seed: int, rows: int, eps: float, norm: str, constrained: bool
) -> None:
    rng = np.random.default_rng(seed)
    x = tabular(rows, seed) if constrained else rng.uniform(0, 5, size=(rows, 9))
    x = x.astype(np.float32)
    y = rng.integers(0, 4, size=rows)
    for attack in all_attacks(eps, norm, seed=seed, constraints=TAB if constrained else None):
        adv = attack(tiny_model, x, y)
        assert adv.shape == x.shape and adv.dtype == np.float32, attack
        size = ball_norm(adv.astype(np.float64) - x, norm)
        assert (size <= eps * (1 + 1e-5) + 1e-5).all(), (attack, size.max())
        assert adv.min() >= 0.0 and adv.max() <= 5.0, attack
        if constrained:
            TAB.check(adv)
            np.testing.assert_array_equal(adv[:, 8], x[:, 8])


def test_black_box_attacks_honour_constraints_on_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression

    x = tabular(200, 1)
    y = (x[:, 0] + x[:, 3] / 5 > 1).astype(int)
    model = SklearnModel(
        LogisticRegression().fit(x, y), input_spec=InputSpec(shape=(9,), lower=0.0, upper=5.0)
    )
    for attack in all_attacks(1.0, "linf", constraints=TAB):
        if attack.needs_gradients:
            continue
        adv = attack(model, x[:20], y[:20])
        TAB.check(adv)
        assert (ball_norm(adv - x[:20], "linf") <= 1.0 + 1e-6).all()
