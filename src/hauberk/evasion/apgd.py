"""APGD: auto-PGD with an adaptive step size, on cross-entropy, DLR or targeted DLR.

Paper: Croce and Hein, "Reliable evaluation of adversarial robustness with an ensemble of
diverse parameter-free attacks", ICML 2020 (the attacks of AutoAttack). Threat model:
white-box, untargeted goal, ℓ∞ or ℓ2 ball.

``APGD`` (``loss="ce"`` is APGD-CE, ``loss="dlr"`` APGD-DLR) starts from a random point of the
ball, steps with momentum 0.75 from an initial step 2ε, and halves the step at checkpoints
where fewer than ρ=0.75 of the last steps raised the loss, or the best loss did not move since
the last checkpoint; it then restarts from the best point. ``APGDT`` is APGD on the targeted
DLR loss, run once per target class among the ``n_target_classes`` highest-scoring wrong
classes, each run only on the samples still classified correctly. Defaults follow AutoAttack's
standard version: ``steps=100``, ``restarts=1``, ``n_target_classes=9`` (capped at classes−1).

Two adaptive-attack switches for defences that mask gradients (Athalye et al. 2018):
``eot_iter`` averages the gradient over that many forward passes (for randomised models), and
``bpda=True`` differentiates through rounding, sign and clamping operations as the identity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hauberk.core import ConfigError
from hauberk.evasion._attack import Attack, AttackRun, TorchView, check_range
from hauberk.evasion._bpda import straight_through
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._ops import ce_loss, dlr_loss, dlr_targeted_loss, flat_norm, steepest

LOSSES = ("ce", "dlr")
RHO = 0.75


class APGD(Attack):
    """Auto-PGD (APGD-CE or APGD-DLR)."""

    name = "apgd-ce"
    threat = "white-box"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        loss: str = "ce",
        steps: int = 100,
        restarts: int = 1,
        eot_iter: int = 1,
        bpda: bool = False,
        seed: int = 0,
        batch_size: int = 512,
        max_queries: int | None = None,
        constraints: FeatureConstraints | None = None,
    ) -> None:
        super().__init__(
            eps=eps,
            norm=norm,
            seed=seed,
            batch_size=batch_size,
            max_queries=max_queries,
            constraints=constraints,
        )
        if loss not in LOSSES:
            raise ConfigError(f"loss must be one of {LOSSES}, got {loss!r}")
        check_range("steps", steps, 1, 100_000, integer=True)
        check_range("restarts", restarts, 1, 1000, integer=True)
        check_range("eot_iter", eot_iter, 1, 1000, integer=True)
        self.loss = loss
        self.steps = int(steps)
        self.restarts = int(restarts)
        self.eot_iter = int(eot_iter)
        self.bpda = bool(bpda)
        if loss == "dlr":
            self.name = "apgd-dlr"

    def _loss(self, y: Any) -> Callable[[Any], Any]:
        fn = ce_loss if self.loss == "ce" else dlr_loss
        return lambda z: fn(z, y)

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        with torch.no_grad():
            pred = v.logits(v.x).argmax(dim=1)
        out = v.x.clone()
        todo = torch.nonzero(pred == v.y)[:, 0]
        for _ in range(self.restarts):
            if len(todo) == 0:
                break
            y = v.y[todo]
            adv, fooled = apgd_run(v, todo, self._loss(y), y, self, run)
            out[todo] = adv
            todo = todo[~fooled]
        return out


class APGDT(APGD):
    """APGD on the targeted DLR loss, over the top ``n_target_classes`` wrong classes."""

    name = "apgd-t"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        n_target_classes: int = 9,
        steps: int = 100,
        restarts: int = 1,
        eot_iter: int = 1,
        bpda: bool = False,
        seed: int = 0,
        batch_size: int = 512,
        max_queries: int | None = None,
        constraints: FeatureConstraints | None = None,
    ) -> None:
        super().__init__(
            eps=eps,
            norm=norm,
            loss="dlr",
            steps=steps,
            restarts=restarts,
            eot_iter=eot_iter,
            bpda=bpda,
            seed=seed,
            batch_size=batch_size,
            max_queries=max_queries,
            constraints=constraints,
        )
        check_range("n_target_classes", n_target_classes, 1, 10_000, integer=True)
        self.n_target_classes = int(n_target_classes)
        self.name = "apgd-t"

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        with torch.no_grad():
            z0 = v.logits(v.x)
        ranked = z0.argsort(dim=1, descending=True)
        out = v.x.clone()
        todo = torch.nonzero(z0.argmax(dim=1) == v.y)[:, 0]
        n_targets = min(self.n_target_classes, run.n_classes - 1)
        for k in range(1, n_targets + 1):
            for _ in range(self.restarts):
                if len(todo) == 0:
                    return out
                y = v.y[todo]
                t = ranked[todo, k]  # k-th best class; the label itself ranks first when correct
                adv, fooled = apgd_run(v, todo, _targeted(y, t), y, self, run)
                out[todo] = adv
                todo = todo[~fooled]
        return out


def _targeted(y: Any, t: Any) -> Callable[[Any], Any]:
    return lambda z: dlr_targeted_loss(z, y, t)


def _start(v: TorchView, x: Any, eps: float, norm: str) -> Any:
    import torch

    if norm == "linf":
        t = 2 * torch.rand(x.shape, generator=v.generator, device=x.device, dtype=x.dtype) - 1
        t = t / flat_norm(t, "linf").clamp_min(1e-12)
    else:
        t = torch.randn(x.shape, generator=v.generator, device=x.device, dtype=x.dtype)
        t = t / flat_norm(t, "l2").clamp_min(1e-12)
    return v.clip(x + eps * t, x)


def _project(v: TorchView, x: Any, xa: Any, eps: float, norm: str) -> Any:
    import torch

    d = xa - x
    if norm == "linf":
        d = d.clamp(-eps, eps)
    else:
        size = flat_norm(d, "l2")
        d = d / (size + 1e-12) * torch.clamp(size, max=eps)
    return v.clip(x + d, x)


def apgd_run(
    v: TorchView,
    idx: Any,
    loss_fn: Callable[[Any], Any],
    y: Any,
    cfg: APGD,
    run: AttackRun,
) -> tuple[Any, Any]:
    """One APGD run on samples ``idx``; returns (adversarial inputs, fooled mask)."""
    import contextlib

    import torch

    x = v.x[idx]
    eps, norm, n_iter = run.eps, run.norm, cfg.steps
    n = len(x)
    n_iter_2 = max(int(0.22 * n_iter), 1)
    n_iter_min = max(int(0.06 * n_iter), 1)
    size_decr = max(int(0.03 * n_iter), 1)
    bpda = straight_through if cfg.bpda else contextlib.nullcontext

    def grad_and_loss(xa: Any) -> tuple[Any, Any, Any]:
        g = torch.zeros_like(xa)
        loss_sum = torch.zeros(n, device=xa.device)
        logits = None
        for _ in range(cfg.eot_iter):
            xr = xa.detach().requires_grad_(True)
            with bpda():
                logits = v.logits(xr)
            li = loss_fn(logits)
            (gi,) = torch.autograd.grad(li.sum(), xr)
            g += gi.detach()
            loss_sum += li.detach()
        assert logits is not None
        return g / cfg.eot_iter, loss_sum / cfg.eot_iter, logits.detach()

    xa = _start(v, x, eps, norm)
    x_best = xa.clone()
    x_best_adv = xa.clone()
    grad, loss_indiv, logits = grad_and_loss(xa)
    grad_best = grad.clone()
    fooled = logits.argmax(dim=1) != y
    x_best_adv[fooled] = xa[fooled]
    loss_best = loss_indiv.clone()
    loss_steps = torch.zeros((n_iter, n), device=x.device)
    shape = (n, *([1] * (x.dim() - 1)))
    step = torch.full(shape, 2.0 * eps, device=x.device, dtype=x.dtype)
    x_old = xa.clone()
    k = n_iter_2
    counter3 = 0
    loss_best_last = loss_best.clone()
    reduced_last = torch.ones(n, dtype=torch.bool, device=x.device)
    for i in range(n_iter):
        if bool(fooled.all()):
            break
        with torch.no_grad():
            grad2 = xa - x_old
            x_old = xa.clone()
            a = 0.75 if i > 0 else 1.0
            z1 = _project(v, x, xa + step * steepest(grad, norm), eps, norm)
            xa = _project(v, x, xa + (z1 - xa) * a + grad2 * (1 - a), eps, norm)
        grad, loss_indiv, logits = grad_and_loss(xa)
        with torch.no_grad():
            now = logits.argmax(dim=1) != y
            x_best_adv[now] = xa[now]
            fooled |= now
            loss_steps[i] = loss_indiv
            better = loss_indiv > loss_best
            x_best[better] = xa[better]
            grad_best[better] = grad[better]
            loss_best = torch.where(better, loss_indiv, loss_best)
            counter3 += 1
            if counter3 == k:
                lo = max(i - k, 0)
                window = loss_steps[lo : i + 1]
                ups = (window[1:] > window[:-1]).float().sum(dim=0)
                osc = ups <= k * RHO
                no_impr = (~reduced_last) & (loss_best_last >= loss_best)
                osc = osc | no_impr
                reduced_last = osc.clone()
                loss_best_last = loss_best.clone()
                if bool(osc.any()):
                    step[osc] /= 2.0
                    xa[osc] = x_best[osc]
                    grad[osc] = grad_best[osc]
                k = max(k - size_decr, n_iter_min)
                counter3 = 0
    result = torch.where(fooled.reshape(shape), x_best_adv, x_best)
    return result, fooled
