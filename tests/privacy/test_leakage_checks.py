from __future__ import annotations

from typing import Any

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.models import InputSpec, SklearnModel, Target, TorchModel, as_dataset, torch_threads
from hauberk.privacy import (
    AttributeLeakage,
    AttributeSettings,
    InversionSettings,
    ModelInversionCheck,
)

from .test_attribute import tabular


def run(check: Any, target: Target, settings: Any) -> Any:
    assert target.model is not None
    ctx = CheckContext(settings=settings, seed=0, budget=Budget(seconds=60))
    return run_check(check, target, ctx, target.model.counter)


def tabular_target() -> Target:
    x, y = tabular()
    est = RandomForestClassifier(40, random_state=0).fit(x[:200], y[:200])
    data = as_dataset({"train": (x[:200], y[:200]), "test": (x[200:], y[200:])})
    return Target("tabular", model=SklearnModel(est), data=data)


def test_attribute_check_needs_a_sensitive_column_and_then_reports_the_advantage() -> None:
    skipped = run(AttributeLeakage(), tabular_target(), AttributeSettings())
    assert skipped.status is Status.SKIPPED and "sensitive_column" in skipped.reason
    settings = AttributeSettings(sensitive_column=0, max_attribute_advantage=0.05)
    result = run(AttributeLeakage(), tabular_target(), settings)
    assert result.status is Status.FAILED, result.reason
    assert result.metrics["attribute.advantage"] > 0.1
    low, _ = result.metrics["attribute.advantage_ci"]
    assert low > 0.05
    (finding,) = result.findings
    assert finding.id == "HB-PRIV-ATTRIBUTE" and "AML.T0024.001" in finding.references
    assert "95% CI" in finding.detail and finding.evidence["rates"]["advantage"]["n"] == 200
    # at the default limit 0.1 the interval (about 0.09-0.24 over 200 members) cannot decide
    unsure = run(AttributeLeakage(), tabular_target(), AttributeSettings(sensitive_column=0))
    assert unsure.status is Status.INCOMPLETE and "members attacked would decide" in unsure.reason
    assert unsure.findings[0].severity.label == "info"


def test_inversion_check_scores_reconstructions_of_an_image_model() -> None:
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    with torch_threads(1):
        torch.manual_seed(0)
        net = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)
        )
        opt = torch.optim.Adam(net.parameters(), 1e-2)
        xt, yt = torch.tensor(x[:900]), torch.tensor(y[:900])
        for _ in range(150):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xt), yt).backward()
            opt.step()
    model = TorchModel(net, input_spec=InputSpec((1, 8, 8), lower=0, upper=1), classes=range(10))
    data = as_dataset({"train": (x[:900], y[:900]), "test": (x[900:], y[900:])})
    target = Target("digits", model=model, data=data)
    result = run(ModelInversionCheck(), target, InversionSettings(inversion_steps=150))
    m = result.metrics
    assert result.status in (Status.PASSED, Status.FAILED, Status.INCOMPLETE), result.reason
    assert m["inversion.eval_accuracy"] >= m["inversion.baseline_eval_accuracy"]
    assert m["inversion.reconstructions"] == 40  # 10 classes x 4 starts
    low, high = m["inversion.eval_accuracy_ci"]
    assert low <= m["inversion.eval_accuracy"] <= high
    if result.status is Status.INCOMPLETE:  # an interval across 0.8 names the size to decide
        assert "reconstructions (raise inversion_starts) would decide" in result.reason
    strict_settings = InversionSettings(inversion_steps=150, max_inversion_accuracy=0.0)
    strict = run(ModelInversionCheck(), target, strict_settings)
    assert strict.status is Status.FAILED and strict.findings[0].severity.label == "low"
