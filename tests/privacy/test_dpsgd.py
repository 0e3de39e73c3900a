from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import load_digits

from hauberk.core import ConfigError
from hauberk.models import torch_threads
from hauberk.privacy import check_privacy_target, train_dp

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # opacus' own notices


def setup(n: int = 600, batch_norm: bool = False) -> tuple[Any, Any, Any, Any]:
    x, y = load_digits(return_X_y=True)
    xt = torch.tensor(x[:n] / 16.0, dtype=torch.float32)
    ds = torch.utils.data.TensorDataset(xt, torch.tensor(y[:n]))
    torch.manual_seed(0)
    layers: list[Any] = [torch.nn.Linear(64, 32)]
    if batch_norm:
        layers.append(torch.nn.BatchNorm1d(32))
    net = torch.nn.Sequential(*layers, torch.nn.ReLU(), torch.nn.Linear(32, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    return net, opt, torch.utils.data.DataLoader(ds, batch_size=60), (x[n:], y[n:])


def test_spends_the_target_epsilon_and_learns() -> None:
    net, opt, loader, (xe, ye) = setup()
    with torch_threads(1):
        result = train_dp(net, opt, loader, epsilon=4.0, delta=1e-4, epochs=5)
    assert 3.6 <= result.epsilon <= 4.0 + 1e-6
    assert result.noise_multiplier > 0.5 and result.steps > 0
    assert isinstance(result.module, torch.nn.Sequential)
    with torch.no_grad():
        acc = result.module(torch.tensor(xe / 16.0, dtype=torch.float32)).argmax(1).numpy() == ye
    assert float(np.mean(acc)) > 0.6
    assert result.metrics()["dp.epsilon"] == pytest.approx(result.epsilon, abs=1e-6)


def test_smaller_epsilon_needs_more_noise() -> None:
    noise = []
    for eps in (8.0, 1.0):
        net, opt, loader, _ = setup(300)
        with torch_threads(1):
            noise.append(
                train_dp(net, opt, loader, epsilon=eps, delta=1e-4, epochs=1).noise_multiplier
            )
    assert noise[1] > noise[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epsilon": 0.0, "delta": 1e-5}, "epsilon must be"),
        ({"epsilon": 1.0, "delta": 0.0}, "delta must be within"),
        ({"epsilon": 1.0, "delta": 0.01}, "below 1/N"),
        ({"epsilon": 1.0, "delta": 1e-5, "epochs": 0}, "epochs"),
        ({"epsilon": 1.0, "delta": 1e-5, "max_grad_norm": 0.0}, "max_grad_norm"),
    ],
)
def test_out_of_range_targets_name_the_parameter(kwargs: dict[str, Any], message: str) -> None:
    net, opt, loader, _ = setup()
    kwargs.setdefault("epochs", 1)
    with pytest.raises(ConfigError, match=message):
        train_dp(net, opt, loader, **kwargs)


def test_batch_norm_is_refused_with_the_fix() -> None:
    net, opt, loader, _ = setup(batch_norm=True)
    with pytest.raises(ConfigError, match=r"ModuleValidator\.fix"):
        train_dp(net, opt, loader, epsilon=1.0, delta=1e-5, epochs=1)


@given(st.floats(-10, 2000), st.floats(-1, 2), st.integers(1, 10**6))
def test_privacy_target_range(epsilon: float, delta: float, records: int) -> None:
    ok = 0 < epsilon <= 1000 and 0 < delta < 1 and delta < 1 / records
    if ok:
        check_privacy_target(epsilon, delta, records)
    else:
        with pytest.raises(ConfigError):
            check_privacy_target(epsilon, delta, records)
