"""``evasion.robustness`` under a short time budget returned ``passed`` with
``robust_accuracy: []`` (issue 12): grade A and exit 0 for work that was never done.

Now a check cut short by its budget is ``incomplete`` (or ``failed`` and partial when what was
done already found something), keeps the numbers it did measure, and its reason says what ran
and what did not: the ε values not reached, the diagnostics, the adaptive attacks.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from hauberk.core import Budget, BudgetExceeded, CheckContext, Status, run_check
from hauberk.evasion import EvasionCheck, EvasionSettings, robust_accuracy
from hauberk.models import Dataset, InputSpec, Split, Target, TorchModel

SPEC = InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0)
FAST = ("apgd-ce",)


def target(module: Any, x: np.ndarray, y: np.ndarray) -> Target:
    model = TorchModel(module, input_spec=SPEC, classes=range(10))
    return Target(name="digits", model=model, data=Dataset(single=Split(x, y)))


def check(t: Target, budget: Budget, **settings: Any) -> Any:
    ctx = CheckContext(settings=EvasionSettings(**settings), seed=0, budget=budget)
    assert t.model is not None
    time.sleep(0.01)
    return run_check(EvasionCheck(), t, ctx, t.model.counter)


def test_no_time_left_is_incomplete_not_passed(digits_cnn: Any, digits_split: Any) -> None:
    x, y = digits_split["test"][0][:20], digits_split["test"][1][:20]
    result = check(target(digits_cnn, x, y), Budget(seconds=0.001), epsilons=(0.05, 0.1))
    assert result.status is Status.INCOMPLETE and result.partial
    assert result.metrics["robust_accuracy"] == []
    assert result.metrics["epsilon_not_evaluated"] == [0.05, 0.1]
    assert "evaluated ε = none" in result.reason and "not run:" in result.reason
    assert "0.05, 0.1" in result.reason and "time budget" in result.reason


def test_budget_cut_between_epsilons_keeps_what_was_done(
    digits_cnn: Any, digits_split: Any
) -> None:
    """A query budget that covers exactly the first ε: that ε is reported, the rest is named."""
    x, y = digits_split["test"][0][:20], digits_split["test"][1][:20]
    probe = TorchModel(digits_cnn, input_spec=SPEC, classes=range(10))
    robust_accuracy(probe, x, y, eps=0.05, attacks=list(FAST), seed=0)
    first = probe.counter.total
    result = check(
        target(digits_cnn, x, y),
        Budget(queries=first + 5),
        epsilons=(0.05, 0.3),
        attacks=FAST,
        min_robust_accuracy=0.0,
    )
    assert result.status is Status.INCOMPLETE and result.partial
    assert result.metrics["epsilon"] == [0.05] and len(result.metrics["robust_accuracy"]) == 1
    assert result.metrics["epsilon_not_evaluated"] == [0.3]
    assert "evaluated ε = 0.05" in result.reason
    assert "the ensemble at ε = 0.3" in result.reason
    assert "gradient-masking diagnostics" in result.reason


def test_budget_cut_in_the_adaptive_phase_names_what_did_not_run(
    digits_cnn: Any, digits_split: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time runs out when the adaptive phase reaches Square: the earlier phases' finds
    stay in the worst case, and the reason names the phase that never ran."""
    import torch

    from hauberk.evasion import _adaptive

    class Quantise(torch.nn.Module):
        def forward(self, v: torch.Tensor) -> torch.Tensor:
            return torch.round(v * 4) / 4

    def out_of_time(**_: Any) -> Any:
        raise BudgetExceeded("time", 5.0, 5.0)

    monkeypatch.setattr(_adaptive, "Square", out_of_time)
    x, y = digits_split["test"][0][:30], digits_split["test"][1][:30]
    masked = torch.nn.Sequential(Quantise(), digits_cnn).eval()
    result = check(
        target(masked, x, y),
        Budget(),
        epsilons=(0.1,),
        attacks=FAST,
        min_robust_accuracy=0.0,
    )
    assert result.partial and result.status in (Status.INCOMPLETE, Status.FAILED)
    assert result.metrics["gradient_masking"]["flags"]
    assert result.metrics["adaptive_attacks"] == ["bpda", "transfer (distilled surrogate)"]
    assert "not run: the adaptive attacks square-5000" in result.reason
    assert (
        result.metrics["robust_accuracy"][0] < result.metrics["robust_accuracy_before_adaptive"][0]
    )
