"""Mahalanobis detector: flag inputs whose penultimate features fit no class.

Paper: Lee, Lee, Lee and Shin, "A Simple Unified Framework for Detecting Out-of-Distribution
Samples and Adversarial Attacks", NeurIPS 2018. Class-conditional Gaussians with one shared
covariance are fitted to the features the network computes before its last layer (for an
``nn.Sequential``, everything but the last module; else pass ``features``); the score of an
input is its smallest squared Mahalanobis distance to a class mean. The threshold is the
``1 − fpr`` quantile of scores on clean calibration data that the Gaussians were not fitted
on (by default a random ``calibration`` share of the data given to ``fit``): calibrating on the
fitting data itself underestimates clean scores and tripled the false-positive rate in our
digits measurement (0.17 instead of 0.05).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.evasion._attack import check_range, model_device
from hauberk.models import Differentiable, label_indices


def penultimate(module: Any) -> Callable[[Any], Any]:
    """Everything but the last layer of an ``nn.Sequential``, flattened."""
    import torch

    if not isinstance(module, torch.nn.Sequential) or len(module) < 2:
        raise ConfigError(
            "the Mahalanobis detector needs features: pass features=fn(tensor)->tensor, or use "
            "an nn.Sequential whose last module is the classification layer"
        )
    body = module[:-1]
    return lambda x: body(x).reshape(len(x), -1)


class MahalanobisDetector:
    """Class-conditional Gaussian on penultimate features, threshold set for a target FPR."""

    def __init__(
        self,
        *,
        features: Callable[[Any], Any] | None = None,
        fpr: float = 0.05,
        ridge: float = 1e-3,
        calibration: float = 0.3,
        seed: int = 0,
    ) -> None:
        check_range("fpr", fpr, 1e-6, 0.5)
        check_range("ridge", ridge, 0.0, 1e6)
        check_range("calibration", calibration, 0.05, 0.95)
        self.features, self.fpr, self.ridge = features, float(fpr), float(ridge)
        self.calibration, self.seed = float(calibration), int(seed)
        self.threshold = math.inf
        self._means: Any = None
        self._precision: Any = None

    def _feat(self, model: Differentiable) -> Callable[[Any], Any]:
        return self.features or penultimate(model.torch_module())

    def fit(self, model: Differentiable, x: NDArray[Any], y: NDArray[Any]) -> MahalanobisDetector:
        """Fit class means and covariance on part of ``(x, y)``; the threshold on the rest."""
        import torch

        arr = np.asarray(model.input_spec.check(x, where="x"), dtype=np.float32)
        labels = label_indices(model, y)
        if len(arr) < 20:
            raise ConfigError(
                f"the Mahalanobis detector needs at least 20 clean samples, got {len(arr)}"
            )
        order = np.random.default_rng(self.seed).permutation(len(arr))
        cut = round(len(arr) * (1 - self.calibration))
        fit_rows, cal_rows = order[:cut], order[cut:]
        idx = labels[fit_rows]
        model.counter.charge(len(fit_rows))
        with torch.no_grad():
            f = self._feat(model)(
                torch.as_tensor(arr[fit_rows], device=model_device(model))
            ).double()
        k = len(model.classes)
        means = torch.stack(
            [
                f[torch.as_tensor(idx == c)].mean(dim=0) if (idx == c).any() else f.mean(dim=0)
                for c in range(k)
            ]
        )
        centred = f - means[torch.as_tensor(idx)]
        cov = centred.T @ centred / max(len(f) - 1, 1)
        cov += (
            self.ridge
            * torch.eye(cov.shape[0], dtype=cov.dtype)
            * float(cov.diagonal().mean().clamp_min(1e-12))
        )
        self._means, self._precision = means, torch.linalg.inv(cov)
        scores = self.score(model, arr[cal_rows])
        self.threshold = float(np.quantile(scores, 1 - self.fpr))
        return self

    def torch_score(self, model: Differentiable, xt: Any) -> Any:
        """Smallest squared Mahalanobis distance to a class mean (differentiable)."""
        if self._means is None:
            raise ConfigError("call fit(model, x, y) before scoring")
        model.counter.charge(len(xt))
        f = self._feat(model)(xt).to(self._means.dtype)
        d = f[:, None, :] - self._means[None]
        m = ((d @ self._precision) * d).sum(dim=2)
        return m.amin(dim=1).float()

    def score(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.float64]:
        import torch

        arr = np.asarray(model.input_spec.check(x, where="x"), dtype=np.float32)
        with torch.no_grad():
            s = self.torch_score(model, torch.as_tensor(arr, device=model_device(model)))
        return np.asarray(s.cpu().numpy(), dtype=np.float64)

    def detect(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.bool_]:
        return self.score(model, x) > self.threshold
