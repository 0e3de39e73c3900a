"""Red team, round 2: non-differentiable preprocessing outside torch.

The model runs a JPEG-like quantisation of its input in NumPy (block DCT, coarse coefficient
steps) and feeds the result to the network: the autograd graph is cut at the input. The
gradient attacks crashed or saw nothing, and nothing replaced them. Now a cut graph reads as a
zero gradient, the diagnostics flag it, and the adaptive phase must come within a sample of
a straight-through PGD (identity backward through the preprocessing) on the same samples.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.evasion.helpers import robustness_check, straight_through_pgd

EPS, N = 0.1, 40
QUERIES = 1000  # Square in the adaptive phase; the check itself uses 5,000


def jpeg_like(x: np.ndarray) -> np.ndarray:
    from scipy.fft import dctn, idctn

    i = np.arange(8)
    q = 0.2 * (1 + (i[:, None] + i[None, :]) / 2)
    c = dctn(x, axes=(-2, -1), norm="ortho")
    return np.clip(idctn(np.round(c / q) * q, axes=(-2, -1), norm="ortho"), 0, 1).astype(x.dtype)


def masked(net: Any, straight_through: bool = False) -> Any:
    import torch

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            q = torch.from_numpy(jpeg_like(x.detach().cpu().numpy()))
            if straight_through:
                q = x + (q - x).detach()
            out: torch.Tensor = self.net(q)
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
    model = masked(digits_cnn)
    result = robustness_check(model, x, y, EPS)
    assert result.status.value != "error", result.reason  # the cut graph used to crash APGD
    reference = straight_through_pgd(masked(digits_cnn, True), model, x, y, EPS)
    m = result.metrics
    assert "zero_or_nonfinite_gradients" in m["gradient_masking"]["flags"]
    assert {"transfer (distilled surrogate)", "square-5000"} <= set(m["adaptive_attacks"])
    assert m["robust_accuracy"][0] <= reference + 1 / N, (m["robust_accuracy"], reference)
