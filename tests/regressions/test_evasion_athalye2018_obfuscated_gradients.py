"""Athalye, Carlini and Wagner, "Obfuscated Gradients Give a False Sense of Security", ICML 2018.

Input quantisation (a "shattered gradients" defence) makes every gradient zero, so gradient
attacks report near-perfect robustness. The evasion check must flag it as gradient masking
(a high finding) and report the BPDA number, which shows the defence is not robust.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import CheckContext, Severity, run_check
from hauberk.evasion import APGD, EvasionCheck, EvasionSettings
from hauberk.models import Dataset, InputSpec, Split, Target, TorchModel

SPEC = InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0)


@pytest.fixture(scope="module")
def quantised(digits_cnn: Any) -> TorchModel:
    import torch

    class Quantize(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.round(x * 4) / 4

    return TorchModel(
        torch.nn.Sequential(Quantize(), digits_cnn), input_spec=SPEC, classes=range(10)
    )


def test_plain_gradient_attack_is_fooled_by_quantisation(
    quantised: TorchModel, digits_split: Any
) -> None:
    x, y = digits_split["test"][0][:40], digits_split["test"][1][:40]
    adv = APGD(eps=0.2, steps=20)(quantised, x, y)
    clean = (quantised.predict_proba(x).argmax(1) == y).mean()
    robust = (quantised.predict_proba(adv).argmax(1) == y).mean()
    assert robust > clean - 0.1  # the false sense of security this regression guards against


def test_check_reports_masking_and_the_bpda_number(
    quantised: TorchModel, digits_split: Any
) -> None:
    x, y = digits_split["test"][0][:40], digits_split["test"][1][:40]
    target = Target(name="quantised", model=quantised, data=Dataset(single=Split(x, y)))
    settings = EvasionSettings(epsilons=(0.2,), attacks=("apgd-ce",), min_robust_accuracy=0.5)
    result = run_check(
        EvasionCheck(), target, CheckContext(settings=settings, seed=0), quantised.counter
    )
    ids = {f.id: f for f in result.findings}
    assert ids["HB-EV-GRADIENT-MASKING"].severity is Severity.HIGH
    assert "zero_or_nonfinite_gradients" in ids["HB-EV-GRADIENT-MASKING"].evidence["flags"]
    assert "HB-EV-ROBUST-ACCURACY" in ids
    assert (
        result.metrics["robust_accuracy"][0]
        < 0.3
        < result.metrics["robust_accuracy_before_adaptive"][0]
    )
    assert np.isfinite(result.metrics["clean_accuracy"])
