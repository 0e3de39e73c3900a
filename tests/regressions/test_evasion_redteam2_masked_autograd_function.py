"""Red team, round 2: gradient masking inside a custom ``torch.autograd.Function``.

The model quantises its input in a ``Function`` whose backward returns zeros. BPDA's
straight-through rewrite cannot see inside a ``Function`` (its forward runs without autograd),
so the adaptive re-run was as blind as the ensemble and the reported robust accuracy stayed
far above what a straight-through attack finds. Now the diagnostics flag it and the adaptive
phase (a surrogate distilled from the model's outputs, Square at AutoAttack's budget) must
come within a sample of a straight-through PGD on the same samples.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.evasion.helpers import robustness_check, straight_through_pgd

EPS, N = 0.1, 40
QUERIES = 1000  # Square in the adaptive phase; the check itself uses 5,000


def masked(net: Any, backward: str) -> Any:
    import torch

    class Quantise(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
            return torch.round(x * 4) / 4

        @staticmethod
        def backward(ctx: Any, g: torch.Tensor) -> torch.Tensor:
            return g if backward == "identity" else torch.zeros_like(g)

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.net(Quantise.apply(x))
            return out

    return Model().eval()


def test_adaptive_phase_matches_straight_through(
    digits_cnn: Any, digits_split: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    from hauberk.evasion import _adaptive

    torch.set_num_threads(1)
    monkeypatch.setattr(_adaptive, "SQUARE_QUERIES", QUERIES)  # 5,000 in bench/evasion.py
    x, y = digits_split["test"][0][:N], digits_split["test"][1][:N]
    model = masked(digits_cnn, "zero")
    result = robustness_check(model, x, y, EPS)
    reference = straight_through_pgd(masked(digits_cnn, "identity"), model, x, y, EPS)
    m = result.metrics
    assert "zero_or_nonfinite_gradients" in m["gradient_masking"]["flags"]
    assert "HB-EV-GRADIENT-MASKING" in [f.id for f in result.findings]
    assert {"transfer (distilled surrogate)", "square-5000"} <= set(m["adaptive_attacks"])
    assert m["robust_accuracy"][0] <= reference + 1 / N, (m["robust_accuracy"], reference)
