"""Feature squeezing: flag inputs whose prediction moves when the input is coarsened.

Paper: Xu, Evans and Qi, "Feature Squeezing: Detecting Adversarial Examples in Deep Neural
Networks", NDSS 2018. Squeezers: bit-depth reduction (``bit_depth`` bits over the input range)
and median smoothing (``median`` × ``median`` window, images only). The score of an input is
the largest ℓ1 distance between the model's probabilities on it and on a squeezed copy; the
threshold is the ``1 − fpr`` quantile of clean scores, so about ``fpr`` of clean inputs are
flagged. Not a defence on its own against adaptive attacks: see :func:`evaluate_guard`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.evasion._attack import check_range, model_device
from hauberk.models import Differentiable


class FeatureSqueezing:
    """Bit-depth and median-smoothing squeezers with a threshold set for a target FPR."""

    def __init__(
        self, *, bit_depth: int | None = 3, median: int | None = 2, fpr: float = 0.05
    ) -> None:
        if bit_depth is None and median is None:
            raise ConfigError("feature squeezing needs bit_depth, median or both")
        if bit_depth is not None:
            check_range("bit_depth", bit_depth, 1, 16, integer=True)
        if median is not None:
            check_range("median", median, 2, 9, integer=True)
        check_range("fpr", fpr, 1e-6, 0.5)
        self.bit_depth, self.median, self.fpr = bit_depth, median, float(fpr)
        self.threshold = math.inf
        self._model: Differentiable | None = None

    def squeezers(self, xt: Any, lower: float, upper: float) -> list[Any]:
        """Squeezed copies of a tensor batch (torch ops, so BPDA can differentiate them)."""
        import torch

        out = []
        if self.bit_depth is not None:
            levels = 2**self.bit_depth - 1
            u = (xt - lower) / (upper - lower)
            out.append(lower + torch.round(u * levels) / levels * (upper - lower))
        if self.median is not None and xt.dim() >= 3:
            k = self.median
            img = xt if xt.dim() == 4 else xt[:, None]
            pad = (k // 2, (k - 1) // 2, k // 2, (k - 1) // 2)
            padded = torch.nn.functional.pad(img, pad, mode="reflect")
            patches = padded.unfold(2, k, 1).unfold(3, k, 1)
            med = patches.reshape(*patches.shape[:4], -1).median(dim=-1).values
            out.append(med if xt.dim() == 4 else med[:, 0])
        return out

    def _bounds(self, model: Differentiable) -> tuple[float, float]:
        spec = model.input_spec
        if spec.lower is None or spec.upper is None:
            raise InputError(
                "feature squeezing needs a bounded input range (input_spec lower/upper)"
            )
        return spec.lower, spec.upper

    def torch_score(self, model: Differentiable, xt: Any) -> Any:
        """Detection score of a tensor batch: max ℓ1 distance of probabilities (differentiable)."""
        import torch

        lo, hi = self._bounds(model)
        module = model.torch_module()
        model.counter.charge(len(xt) * (1 + len(self.squeezers(xt[:1], lo, hi))))
        p = torch.softmax(module(xt), dim=1)
        dists = [
            (p - torch.softmax(module(s), dim=1)).abs().sum(dim=1)
            for s in self.squeezers(xt, lo, hi)
        ]
        return torch.stack(dists, dim=1).amax(dim=1)

    def score(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.float64]:
        import torch

        arr = model.input_spec.check(x, where="x")
        with torch.no_grad():
            xt = torch.as_tensor(np.asarray(arr, dtype=np.float32), device=model_device(model))
            return np.asarray(self.torch_score(model, xt).cpu().numpy(), dtype=np.float64)

    def fit(self, model: Differentiable, x_clean: NDArray[Any]) -> FeatureSqueezing:
        """Set the threshold so that about ``fpr`` of ``x_clean`` is flagged."""
        scores = self.score(model, x_clean)
        self.threshold = float(np.quantile(scores, 1 - self.fpr))
        return self

    def detect(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.bool_]:
        if not math.isfinite(self.threshold):
            raise ConfigError("call fit(model, clean_inputs) before detect()")
        return self.score(model, x) > self.threshold
