"""Red team, round 2: saturated logits.

The model multiplies its logits by 10^4: predictions are unchanged, the softmax saturates, and
cross-entropy gradients underflow to zero in float32. The ensemble's scale-invariant losses
(APGD-T on DLR) see through the scaling itself; the diagnostics flag the zero gradients, and
the adaptive phase must leave the reported robust accuracy within a sample of a
straight-through PGD that follows the unscaled logits, on the same samples.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.evasion.helpers import robustness_check, straight_through_pgd

EPS, N = 0.1, 40
QUERIES = 1000  # Square in the adaptive phase; the check itself uses 5,000


def saturated(net: Any) -> Any:
    import torch

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.net(x) * 1e4
            return out

    return Model().eval()


def test_saturated_logits_reach_the_straight_through_number(
    digits_cnn: Any, digits_split: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    from hauberk.evasion import _adaptive

    torch.set_num_threads(1)
    monkeypatch.setattr(_adaptive, "SQUARE_QUERIES", QUERIES)  # 5,000 in bench/evasion.py
    x, y = digits_split["test"][0][:N], digits_split["test"][1][:N]
    model = saturated(digits_cnn)
    result = robustness_check(model, x, y, EPS)
    reference = straight_through_pgd(digits_cnn, model, x, y, EPS)
    m = result.metrics
    assert m["gradient_masking"]["flags"]
    assert m["robust_accuracy"][0] <= reference + 1 / N, (m["robust_accuracy"], reference)
