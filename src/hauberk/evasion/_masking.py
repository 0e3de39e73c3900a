"""Gradient-masking diagnostics: signs that a robustness number is too good to be true.

From the checklists of Carlini et al., "On Evaluating Adversarial Robustness" (2019), and
Croce and Hein (ICML 2020): a black-box attack beating the white-box ones, accuracy that
does not fall to zero at a very large ε, more iterations and restarts still lowering accuracy,
zero or non-finite input gradients, and outputs that change between identical queries. Any of
them means gradient attacks were misled, so the robust accuracy is probably overestimated;
the caller then re-runs the evaluation with BPDA and EOT (Athalye et al., ICML 2018).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.evasion._attack import model_device
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._ops import connected
from hauberk.evasion._robust import RobustAccuracy
from hauberk.evasion.apgd import APGD
from hauberk.models import Differentiable

#: A black-box attack (Square) must not break more than this share of the samples that every
#: white-box attack failed on, nor more iterations this share of the still-robust ones.
MAX_BLACK_BOX_SHARE = 0.02
MAX_EXTRA_SHARE = 0.02
MIN_COUNT = 3
#: Robust accuracy a white-box attack must reach at the "unbounded" ε.
MAX_LARGE_EPS_ACCURACY = 0.1
#: Share of samples allowed a zero input gradient.
MAX_ZERO_GRAD_SHARE = 0.1


@dataclass(frozen=True)
class MaskingReport:
    """Which checks fired, and the numbers behind each."""

    flags: tuple[str, ...]
    evidence: dict[str, Any] = field(default_factory=dict)
    #: adversarial examples the probes found, checked on the model: ``broken[i, j]`` for
    #: sample ``j`` at ``epsilons[i]`` (``None`` when no probe ran at an evaluated ε); the
    #: caller counts them in the worst case, so no break is ever thrown away
    broken: NDArray[np.bool_] | None = None

    @property
    def masked(self) -> bool:
        return bool(self.flags)

    @property
    def randomised(self) -> bool:
        return "randomised_outputs" in self.flags


def _large_eps(
    model: Differentiable,
    norm: str,
    eps: tuple[float, ...],
    constraints: FeatureConstraints | None,
) -> float:
    spec = model.input_spec
    width = None
    if spec.lower is not None and spec.upper is not None:
        width = spec.upper - spec.lower
    elif constraints is not None:
        lo, hi = constraints.bounds()
        span = (hi - lo)[np.isfinite(hi - lo)]
        width = float(span.max()) if len(span) and span.max() > 0 else None
    if width is not None:
        return width if norm == "linf" else width * float(np.sqrt(spec.features))
    return 10.0 * max(eps)


def diagnose(
    model: Differentiable,
    x: NDArray[Any],
    y: NDArray[Any],
    result: RobustAccuracy,
    *,
    seed: int = 0,
    probe: int = 64,
    constraints: FeatureConstraints | None = None,
) -> MaskingReport:
    """Run the five checks on (a sample of) ``x``; ``result`` is the ensemble's outcome on it."""
    import torch

    flags: list[str] = []
    ev: dict[str, Any] = {}
    idx = np.asarray(result.labels)
    correct = np.nonzero(result.clean)[0][:probe]
    if len(correct) == 0:
        return MaskingReport((), {"note": "no correctly classified sample to probe"})
    xs = np.asarray(x[correct], dtype=np.float32)
    module = model.torch_module()
    xt = torch.as_tensor(xs, device=model_device(model))
    yt = torch.as_tensor(idx[correct], device=model_device(model))

    # 1. randomised outputs: the same input twice must give the same logits
    model.counter.charge(2 * len(xs))
    with torch.no_grad():
        a, b = module(xt), module(xt)
    spread = float((a - b).abs().max())
    ev["output_spread"] = spread
    if not spread <= 1e-5 * max(1.0, float(a.abs().max())):
        flags.append("randomised_outputs")

    # 2. zero or non-finite gradients of the loss with respect to the input
    model.counter.charge(len(xs))
    xr = xt.clone().requires_grad_(True)
    loss = torch.nn.functional.cross_entropy(connected(module(xr), xr), yt, reduction="sum")
    (g,) = torch.autograd.grad(loss, xr)
    flat = g.reshape(len(g), -1)
    nonfinite = int((~torch.isfinite(flat)).any(dim=1).sum())
    zero = int((flat.abs().amax(dim=1) <= 1e-20).sum())
    ev["zero_gradient_share"] = zero / len(xs)
    ev["nonfinite_gradients"] = nonfinite
    if nonfinite or zero / len(xs) > MAX_ZERO_GRAD_SHARE:
        flags.append("zero_or_nonfinite_gradients")

    # 3. a black-box attack breaking samples every white-box attack left standing
    n = max(1, len(result.clean))
    bb = [sum(c.get(k, 0) for k in ("square", "hopskipjump", "transfer")) for c in result.broken_by]
    ev["black_box_breaks"] = bb
    if any(v >= MIN_COUNT and v / n > MAX_BLACK_BOX_SHARE for v in bb):
        flags.append("black_box_beats_white_box")

    # 4. a white-box attack at an ε that spans the whole input range must win
    big = _large_eps(model, result.norm, result.epsilons, constraints)
    adv = APGD(eps=big, norm=result.norm, steps=10, seed=seed, constraints=constraints)(
        model, xs, result_labels(model, idx[correct])
    )
    acc_big = float((model.predict_proba(adv).argmax(axis=1) == idx[correct]).mean())
    ev["large_eps"] = big
    ev["accuracy_at_large_eps"] = acc_big
    if acc_big > MAX_LARGE_EPS_ACCURACY:
        flags.append("no_convergence_at_large_eps")

    # 5. more iterations and restarts must not keep lowering robust accuracy
    levels = [i for i, r in enumerate(result.robust) if r.any()]
    broken = None
    if levels:
        i = levels[-1]
        eps = result.epsilons[i]
        still = np.nonzero(result.robust[i])[0][: probe // 2]
        strong = APGD(
            eps=eps,
            norm=result.norm,
            steps=100,
            restarts=3,
            seed=seed + 1,
            constraints=constraints,
        )
        adv = strong(model, np.asarray(x[still]), result_labels(model, idx[still]))
        fooled = model.predict_proba(adv).argmax(axis=1) != idx[still]
        extra = int(fooled.sum())
        broken = np.zeros_like(result.robust)
        broken[i, still[fooled]] = True
        ev["more_iterations_eps"] = eps
        ev["more_iterations_breaks"] = extra
        ev["more_iterations_probed"] = len(still)
        if extra >= MIN_COUNT and extra / len(still) > MAX_EXTRA_SHARE:
            flags.append("more_iterations_still_help")
    return MaskingReport(tuple(flags), ev, broken)


def result_labels(model: Differentiable, cols: NDArray[Any]) -> NDArray[Any]:
    """Column indices back to the model's class labels (attacks take labels)."""
    classes = np.asarray(model.classes, dtype=object)
    return np.asarray(classes[np.asarray(cols, dtype=np.int64)].tolist())
