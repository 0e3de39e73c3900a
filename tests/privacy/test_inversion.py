from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

from hauberk.core import ConfigError, InputError
from hauberk.models import InputSpec, SklearnModel, TorchModel, torch_threads
from hauberk.privacy import ModelInversion

SPEC = InputSpec(shape=(64,), lower=0.0, upper=1.0)


@pytest.fixture(scope="module")
def trained() -> tuple[TorchModel, SklearnModel]:
    with torch_threads(1):
        return models()


def models() -> tuple[TorchModel, SklearnModel]:
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    xt, yt = torch.as_tensor(x[:900]), torch.as_tensor(y[:900])
    for _ in range(150):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), yt).backward()
        opt.step()
    target = TorchModel(net, input_spec=SPEC, classes=range(10))
    evaluator = SklearnModel(
        LogisticRegression(max_iter=500).fit(x[900:], y[900:]), input_spec=SPEC
    )
    return target, evaluator


def test_reconstructions_are_recognised_by_an_independent_classifier(
    trained: tuple[TorchModel, SklearnModel],
) -> None:
    target, evaluator = trained
    report = ModelInversion(steps=150).run(target, evaluator)
    assert report.images.shape == (10, 64) and report.steps == 150
    assert report.images.min() >= 0.0 and report.images.max() <= 1.0
    assert report.target_confidence > 0.9
    assert report.eval_accuracy >= report.baseline_eval_accuracy + 0.2
    assert target.counter.total == 150 * 10


def test_budget_and_input_errors(trained: tuple[TorchModel, SklearnModel]) -> None:
    target, evaluator = trained
    capped = TorchModel(target.module, input_spec=SPEC, classes=range(10), query_limit=30)
    report = ModelInversion(steps=50).run(capped, evaluator, classes=[3])
    assert report.partial and report.steps == 30
    with pytest.raises(InputError, match="Differentiable"):
        ModelInversion().run(evaluator, evaluator)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="steps"):
        ModelInversion(steps=0)
