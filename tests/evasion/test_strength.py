"""Every attack lowers an undefended digits CNN's accuracy as its ε says it should.

Measured on the demo CNN (clean accuracy about 0.92 on these 60 held-out digits): at ε=0.1 (ℓ∞)
or 0.5 (ℓ2) gradient attacks bring accuracy to about 0.5 and the black-box ones to about 0.6;
at ε=0.3 (ℓ∞) or 1.5 (ℓ2), far more than the digits' strokes need, every attack wins.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.evasion import (
    APGD,
    APGDT,
    FAB,
    FGSM,
    PGD,
    Attack,
    CarliniWagnerL2,
    DeepFool,
    HopSkipJump,
    Square,
    TransferAttack,
)
from hauberk.models import TorchModel

N = 60
STRONG = 0.3  # gradient attacks must take at least this much accuracy at the middle ε
WEAK = 0.15  # single-step, black-box and transfer attacks at least this much


def attacks(eps: float, norm: str) -> list[tuple[Attack, float]]:
    out: list[tuple[Attack, float]] = [
        (FGSM(eps=eps, norm=norm), WEAK),
        (PGD(eps=eps, norm=norm, steps=10), STRONG),
        (APGD(eps=eps, norm=norm, steps=20), STRONG),
        (APGD(eps=eps, norm=norm, steps=20, loss="dlr"), STRONG),
        (APGDT(eps=eps, norm=norm, steps=20, n_target_classes=2), STRONG),
        (FAB(eps=eps, norm=norm, steps=20), STRONG),
        (FAB(eps=eps, norm=norm, steps=20, targeted=True, n_target_classes=2), STRONG),
        (DeepFool(eps=eps, norm=norm, steps=20), STRONG),
        (Square(eps=eps, norm=norm, n_queries=150), WEAK),
        (HopSkipJump(eps=eps, norm=norm, steps=5), WEAK),
        (TransferAttack(eps=eps, norm=norm, epochs=20), WEAK),
    ]
    if norm == "l2":
        out.append((CarliniWagnerL2(eps=eps, steps=50, binary_search_steps=3), WEAK))
    return out


def accuracy(model: TorchModel, x: np.ndarray, y: np.ndarray) -> float:
    return float((model.predict_proba(x).argmax(1) == y).mean())


@pytest.mark.parametrize(("norm", "mid", "large"), [("linf", 0.1, 0.3), ("l2", 0.5, 1.5)])
def test_every_attack_lowers_accuracy_for_its_eps(
    digits_model: TorchModel, digits_data: Any, norm: str, mid: float, large: float
) -> None:
    x, y = digits_data[2][:N], digits_data[3][:N]
    clean = accuracy(digits_model, x, y)
    assert clean > 0.85
    fgsm = accuracy(digits_model, FGSM(eps=mid, norm=norm)(digits_model, x, y), y)
    for attack, drop in attacks(mid, norm):
        acc = accuracy(digits_model, attack(digits_model, x, y), y)
        assert acc <= clean - drop, (attack.name, clean, acc)
        if drop == STRONG:  # iterative gradient attacks never lose to one FGSM step
            assert acc <= fgsm + 0.02, (attack.name, fgsm, acc)
    for attack, _ in attacks(large, norm):
        acc = accuracy(digits_model, attack(digits_model, x, y), y)
        assert acc <= 0.1, (attack.name, large, acc)
