"""Evaluating an input guard the honest way: with an attack that knows about the guard.

A detector that stops a standard attack may stop nothing once the attacker also minimises its
score (Carlini and Wagner, "Adversarial Examples Are Not Easily Detected: Bypassing Ten
Detection Methods", AISec 2017; Tramèr et al., "On Adaptive Attacks to Adversarial Example
Defenses", NeurIPS 2020). The adaptive attack here runs PGD on
``Σ_v min(max_{j≠y} z_j(v) − z_y(v), κ) − λ·score(x)/threshold`` for several λ, where the
views ``v`` are the input and, for a guard that transforms inputs (feature squeezing), each
transformed copy: fooling every view at once leaves the guard nothing to compare. Squeezers
are differentiated with BPDA. Any point that the real pipeline both misclassifies and lets
through is kept. Reported: false-positive rate on clean inputs, detection rate and pipeline
robust accuracy under a standard (guard-blind) attack and under the adaptive one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.evasion._attack import check_range, model_device
from hauberk.evasion._bpda import straight_through
from hauberk.evasion._constraints import NORMS, project
from hauberk.evasion._ops import ball, margin, random_in_ball, steepest
from hauberk.evasion.apgd import APGD
from hauberk.models import Differentiable, label_indices

KAPPA = 5.0


class Guard(Protocol):
    """An input detector: a differentiable score and a calibrated threshold."""

    threshold: float

    def torch_score(self, model: Differentiable, xt: Any) -> Any: ...

    def detect(self, model: Differentiable, x: NDArray[Any]) -> NDArray[np.bool_]: ...


@dataclass(frozen=True)
class GuardEvaluation:
    """What a guard achieves at one ε, against a guard-blind and an adaptive attack."""

    eps: float
    norm: str
    samples: int
    false_positive_rate: float
    clean_accuracy: float
    robust_accuracy_undefended: float
    detection_rate_standard: float
    robust_accuracy_standard: float
    detection_rate_adaptive: float
    robust_accuracy_adaptive: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _views(guard: Guard, model: Differentiable, xt: Any) -> list[Any]:
    """Transformed copies of the input the guard compares against (none for most guards)."""
    squeezers = getattr(guard, "squeezers", None)
    spec = model.input_spec
    if squeezers is None or spec.lower is None or spec.upper is None:
        return []
    out: list[Any] = squeezers(xt, spec.lower, spec.upper)
    return out


def _pipeline(model: Differentiable, guard: Guard, xa: Any, idx: Any) -> tuple[Any, Any]:
    wrong = model.predict_proba(xa).argmax(axis=1) != idx
    flagged = guard.detect(model, xa)
    return wrong, flagged


def _adaptive(
    model: Differentiable,
    guard: Guard,
    x: NDArray[Any],
    idx: NDArray[Any],
    *,
    eps: float,
    norm: str,
    steps: int,
    lambdas: tuple[float, ...],
    seed: int,
) -> NDArray[np.bool_]:
    """Per sample: did some λ give a point that is misclassified and not flagged?"""
    import torch

    spec = model.input_spec
    device = model_device(model)
    module = model.torch_module()
    xt = torch.as_tensor(np.asarray(x, dtype=np.float32), device=device)
    yt = torch.as_tensor(idx, device=device)
    gen = torch.Generator(device=device).manual_seed(seed)
    lo = -math.inf if spec.lower is None else spec.lower
    hi = math.inf if spec.upper is None else spec.upper
    tau = max(guard.threshold, 1e-12)
    broken = np.zeros(len(x), dtype=bool)
    alpha = 2.5 * eps / steps
    for lam in lambdas:
        todo = np.nonzero(~broken)[0]
        if len(todo) == 0:
            break
        x0, y0 = xt[todo], yt[todo]
        xa = random_in_ball(x0, eps, norm, gen).clamp(lo, hi)
        best = xa.clone()
        for _ in range(steps):
            xa = xa.detach().requires_grad_(True)
            with straight_through():
                model.counter.charge(len(xa))
                z = module(xa)
                s = guard.torch_score(model, xa)
                fool = torch.clamp(-margin(z, y0), max=KAPPA)
                for view in _views(guard, model, xa):
                    model.counter.charge(len(view))
                    fool = fool + torch.clamp(-margin(module(view), y0), max=KAPPA)
            loss = (fool - lam * s / tau).sum()
            (g,) = torch.autograd.grad(loss, xa)
            with torch.no_grad():
                ok = (z.argmax(dim=1) != y0) & (s <= tau)
                best[ok] = xa.detach()[ok]
                xa = ball(x0, xa + alpha * steepest(g, norm), eps, norm).clamp(lo, hi)
        cand = project(
            x[todo], best.cpu().numpy(), eps=eps, norm=norm, lower=spec.lower, upper=spec.upper
        ).astype(np.float32)
        wrong, flagged = _pipeline(model, guard, cand, idx[todo])
        broken[todo[wrong & ~flagged]] = True
    return broken


def evaluate_guard(
    model: Differentiable,
    guard: Guard,
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    eps: float,
    norm: str = "linf",
    steps: int = 50,
    lambdas: tuple[float, ...] = (0.0, 0.3, 1.0, 3.0, 10.0),
    seed: int = 0,
) -> GuardEvaluation:
    """False-positive rate, detection rate and robust accuracy of ``model`` behind ``guard``.

    ``guard`` must already be calibrated (``fit``) on clean data other than ``x``.
    """
    if norm not in NORMS:
        raise ConfigError(f"norm must be one of {NORMS}, got {norm!r}")
    check_range("eps", eps, 1e-12, math.inf)
    check_range("steps", steps, 1, 100_000, integer=True)
    if not lambdas or any(v < 0 for v in lambdas):
        raise ConfigError("lambdas must be a non-empty list of weights >= 0")
    arr = np.asarray(model.input_spec.check(x, where="x"))
    idx = label_indices(model, y)
    labels = np.asarray(y)
    n = len(arr)
    fpr = float(guard.detect(model, arr).mean())
    clean = model.predict_proba(arr).argmax(axis=1) == idx
    std = APGD(eps=eps, norm=norm, steps=steps, seed=seed)(model, arr, labels)
    wrong, flagged = _pipeline(model, guard, std, idx)
    fooled = clean & wrong
    det_std = float(flagged[fooled].mean()) if fooled.any() else 1.0
    robust_std = float((clean & ~(wrong & ~flagged)).mean())
    broken = _adaptive(
        model, guard, arr, idx, eps=eps, norm=norm, steps=steps, lambdas=tuple(lambdas), seed=seed
    )
    broken = (broken | (wrong & ~flagged)) & clean  # worst case of both attacks
    # detection rate under the adaptive attack: of the samples whose prediction the attack
    # changed (detected or not), the share the guard caught
    changed = fooled | broken
    caught = changed & ~broken
    det_ad = float(caught.sum() / changed.sum()) if changed.any() else 1.0
    return GuardEvaluation(
        eps=eps,
        norm=norm,
        samples=n,
        false_positive_rate=fpr,
        clean_accuracy=float(clean.mean()),
        robust_accuracy_undefended=float((clean & ~wrong).mean()),
        detection_rate_standard=det_std,
        robust_accuracy_standard=robust_std,
        detection_rate_adaptive=det_ad,
        robust_accuracy_adaptive=float((clean & ~broken).mean()),
    )
