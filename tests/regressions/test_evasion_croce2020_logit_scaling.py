"""Croce and Hein, ICML 2020: cross-entropy attacks fail on models whose logits are scaled up.

Multiplying the logits by a large constant changes no prediction but saturates the softmax, so
the cross-entropy gradient underflows to zero in float32 and APGD-CE reports robustness that
is not there. The scale-invariant DLR losses (APGD-DLR, APGD-T), which the default ensemble
includes, must still break the model.
"""

from __future__ import annotations

from typing import Any

import pytest

from hauberk.evasion import APGD, robust_accuracy
from hauberk.models import InputSpec, TorchModel

SPEC = InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0)


@pytest.fixture(scope="module")
def scaled(digits_cnn: Any) -> TorchModel:
    import torch

    class Scale(torch.nn.Module):
        def forward(self, z: torch.Tensor) -> torch.Tensor:
            return z * 1e4

    return TorchModel(torch.nn.Sequential(digits_cnn, Scale()), input_spec=SPEC, classes=range(10))


def test_dlr_losses_see_through_logit_scaling(scaled: TorchModel, digits_split: Any) -> None:
    x, y = digits_split["test"][0][:60], digits_split["test"][1][:60]
    ce = APGD(eps=0.15, steps=30)(scaled, x, y)
    acc_ce = (scaled.predict_proba(ce).argmax(1) == y).mean()
    r = robust_accuracy(
        scaled,
        x,
        y,
        eps=0.15,
        attacks=[("apgd-ce", {"steps": 30}), ("apgd-t", {"steps": 30, "targets": 3})],
    )
    assert r.broken_by[0]["apgd-t"] > 0
    assert r.accuracy[0] < acc_ce - 0.1, (r.accuracy, acc_ce)
