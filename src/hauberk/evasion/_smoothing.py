"""Randomised smoothing with certified ℓ2 radii.

Paper: Cohen, Rosenfeld and Kolter, "Certified Adversarial Robustness via Randomized
Smoothing", ICML 2019. The smoothed classifier predicts the class the base model gives most
often under Gaussian noise of scale ``sigma``. ``certify`` picks the class from ``n0`` noisy
samples, bounds its probability from below with a one-sided Clopper-Pearson interval on ``n``
fresh samples (confidence ``1 − alpha``) and certifies the ℓ2 radius ``σ·Φ⁻¹(p_A)``; it
abstains (``-1``) when ``p_A <= 1/2``. Train the base model with :func:`gaussian_augmentation`
first: smoothing a model never trained under noise certifies little.

The adaptive attack (:func:`evaluate_smoothing`) is SmoothAdv's (Salman et al., NeurIPS 2019):
PGD on the cross-entropy of the Monte Carlo mean of softmax outputs under noise (EOT), then the
attacked inputs go through the smoothed classifier's own ``predict``. Its accuracy there can
never fall below the certified accuracy at the same radius; the gap shows how loose the
certificate is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.evasion._attack import check_range, model_device
from hauberk.evasion._ops import ball, flat_norm, steepest
from hauberk.models import Differentiable, label_indices


class RandomizedSmoothing:
    """Gaussian smoothing of a torch-backed model: ``predict`` and ``certify``."""

    def __init__(
        self,
        *,
        sigma: float,
        n0: int = 100,
        n: int = 1000,
        alpha: float = 0.001,
        batch_size: int = 1000,
        seed: int = 0,
    ) -> None:
        check_range("sigma", sigma, 1e-6, 1e6)
        check_range("n0", n0, 1, 10_000_000, integer=True)
        check_range("n", n, 1, 10_000_000, integer=True)
        check_range("alpha", alpha, 1e-12, 0.5)
        check_range("batch_size", batch_size, 1, 1 << 20, integer=True)
        self.sigma, self.n0, self.n, self.alpha = float(sigma), int(n0), int(n), float(alpha)
        self.batch_size, self.seed = int(batch_size), int(seed)

    def _counts(
        self, model: Differentiable, x: NDArray[Any], num: int, gen: Any
    ) -> NDArray[np.int64]:
        """Votes per class for each sample under ``num`` noise draws: ``(len(x), classes)``."""
        import torch

        module = model.torch_module()
        device = model_device(model)
        k = len(model.classes)
        out = np.zeros((len(x), k), dtype=np.int64)
        per = max(1, self.batch_size // max(num, 1))
        with torch.no_grad():
            for i in range(0, len(x), per):
                xb = torch.as_tensor(np.asarray(x[i : i + per], dtype=np.float32), device=device)
                left = num
                while left > 0:
                    m = min(left, max(1, self.batch_size // len(xb)))
                    rep = xb.repeat_interleave(m, dim=0)
                    noise = torch.randn(rep.shape, generator=gen, device=device) * self.sigma
                    model.counter.charge(len(rep))
                    pred = module(rep + noise).argmax(dim=1).reshape(len(xb), m).cpu().numpy()
                    for j in range(k):
                        out[i : i + len(xb), j] += (pred == j).sum(axis=1)
                    left -= m
        return out

    def _gen(self, model: Differentiable) -> Any:
        import torch

        return torch.Generator(device=model_device(model)).manual_seed(self.seed)

    def predict(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.int64]:
        """Smoothed prediction (class column) per sample; ``-1`` where the vote is a tie."""
        from scipy.stats import binomtest

        arr = model.input_spec.check(x, where="x")
        counts = self._counts(model, arr, self.n, self._gen(model))
        top2 = np.argsort(-counts, axis=1)[:, :2]
        out = np.full(len(arr), -1, dtype=np.int64)
        for i, (a, b) in enumerate(top2):
            na, nb = int(counts[i, a]), int(counts[i, b])
            if binomtest(na, na + nb, 0.5).pvalue <= self.alpha:
                out[i] = a
        return out

    def certify(
        self, model: Differentiable, x: NDArray[Any]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Predicted class column (``-1`` = abstain) and certified ℓ2 radius per sample."""
        from scipy.stats import beta, norm

        arr = model.input_spec.check(x, where="x")
        gen = self._gen(model)
        guess = self._counts(model, arr, self.n0, gen).argmax(axis=1)
        counts = self._counts(model, arr, self.n, gen)
        na = counts[np.arange(len(arr)), guess]
        p_lower = np.where(na > 0, beta.ppf(self.alpha, na, self.n - na + 1), 0.0)
        ok = p_lower > 0.5
        radius = np.where(ok, self.sigma * norm.ppf(np.clip(p_lower, 0.5, 1 - 1e-16)), 0.0)
        return np.where(ok, guess, -1).astype(np.int64), radius.astype(np.float64)

    def certified_accuracy(
        self, model: Differentiable, x: NDArray[Any], y: NDArray[Any], radii: Iterable[float]
    ) -> list[float]:
        """Share of samples predicted correctly with a certified radius of at least each r."""
        pred, radius = self.certify(model, x)
        idx = label_indices(model, y)
        return [float(((pred == idx) & (radius >= r)).mean()) for r in radii]


@dataclass(frozen=True)
class SmoothingEvaluation:
    eps: float
    samples: int
    certified_accuracy: float
    empirical_robust_accuracy: float
    clean_smoothed_accuracy: float
    abstain_rate: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def evaluate_smoothing(
    model: Differentiable,
    smoothing: RandomizedSmoothing,
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    eps: float,
    steps: int = 20,
    eot: int = 16,
) -> SmoothingEvaluation:
    """Certified accuracy at ℓ2 radius ``eps`` next to accuracy under SmoothAdv at that ε."""
    import torch

    check_range("eps", eps, 1e-12, math.inf)
    check_range("steps", steps, 1, 10_000, integer=True)
    check_range("eot", eot, 1, 10_000, integer=True)
    arr = np.asarray(model.input_spec.check(x, where="x"), dtype=np.float32)
    idx = label_indices(model, y)
    spec = model.input_spec
    lo = -math.inf if spec.lower is None else spec.lower
    hi = math.inf if spec.upper is None else spec.upper
    device = model_device(model)
    module = model.torch_module()
    gen = torch.Generator(device=device).manual_seed(smoothing.seed + 1)
    xt = torch.as_tensor(arr, device=device)
    yt = torch.as_tensor(idx, device=device)
    xa = xt.clone()
    alpha = 2.5 * eps / steps
    for _ in range(steps):
        xa = xa.detach().requires_grad_(True)
        rep = xa.repeat_interleave(eot, dim=0)
        noise = torch.randn(rep.shape, generator=gen, device=device) * smoothing.sigma
        model.counter.charge(len(rep))
        p = torch.softmax(module(rep + noise), dim=1).reshape(len(xa), eot, -1).mean(dim=1)
        loss = torch.nn.functional.nll_loss(torch.log(p.clamp_min(1e-12)), yt, reduction="sum")
        (g,) = torch.autograd.grad(loss, xa)
        with torch.no_grad():
            xa = ball(xt, xa + alpha * steepest(g, "l2"), eps, "l2").clamp(lo, hi)
    assert float(flat_norm(xa - xt, "l2").max()) <= eps * (1 + 1e-4)
    adv = xa.detach().cpu().numpy()
    clean_pred = smoothing.predict(model, arr)
    adv_pred = smoothing.predict(model, adv)
    cert = smoothing.certified_accuracy(model, arr, np.asarray(y), [eps])[0]
    return SmoothingEvaluation(
        eps=eps,
        samples=len(arr),
        certified_accuracy=cert,
        empirical_robust_accuracy=float((adv_pred == idx).mean()),
        clean_smoothed_accuracy=float((clean_pred == idx).mean()),
        abstain_rate=float((clean_pred == -1).mean()),
    )


def gaussian_augmentation(
    module: Any,
    optimizer: Any,
    loader: Iterable[tuple[Any, Any]],
    *,
    sigma: float,
    epochs: int = 1,
    seed: int = 0,
) -> list[float]:
    """Train ``module`` on inputs with Gaussian noise of scale ``sigma`` (Cohen et al. 2019)."""
    import torch

    check_range("sigma", sigma, 1e-6, 1e6)
    check_range("epochs", epochs, 1, 100_000, integer=True)
    if not hasattr(module, "parameters"):
        raise ConfigError("gaussian_augmentation needs a torch nn.Module")
    gen = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(epochs):
        total, count = 0.0, 0
        module.train()
        for xb, yb in loader:
            x = torch.as_tensor(xb, dtype=torch.float32)
            y = torch.as_tensor(yb, dtype=torch.int64)
            noise = torch.randn(x.shape, generator=gen) * sigma
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(module(x + noise), y)
            loss.backward()  # type: ignore[no-untyped-call]
            optimizer.step()
            total += float(loss.detach()) * len(x)
            count += len(x)
        history.append(total / max(count, 1))
    module.eval()
    return history
