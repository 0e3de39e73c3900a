"""FAB: the fast adaptive boundary attack, untargeted or targeted (FAB-T).

Paper: Croce and Hein, "Minimally distorted Adversarial Examples with a Fast Adaptive
Boundary Attack", ICML 2020; FAB-T as used in AutoAttack (Croce and Hein, ICML 2020).
Threat model: white-box, untargeted goal, ℓ∞ or ℓ2.

Each step linearises the decision boundary towards the closest wrong class (FAB) or towards one
target class (FAB-T: each of the ``n_target_classes`` highest-scoring wrong classes in turn),
projects both the current iterate and the original point onto that hyperplane intersected with
the box of valid inputs, moves to a convex combination biased towards the original (weight at
most ``alpha_max``), extrapolated by ``eta``, and after each success steps back towards the
original by ``beta``. It looks for the smallest perturbation, so it keeps working where
gradients are small or badly scaled. The box-constrained projection is solved exactly by
bisection on the norm (ℓ∞) or the Lagrange multiplier (ℓ2), both monotone problems.
A sample stops once an adversarial example within ε is found. Defaults: ``steps=100``,
``restarts=1``, ``eta=1.05``, ``beta=0.9``, ``alpha_max=0.1``, ``n_target_classes=9``.
"""

from __future__ import annotations

from typing import Any

from hauberk.evasion._attack import Attack, AttackRun, TorchView, check_range
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._ops import flat_norm, random_in_ball

_BISECT = 30
_GROW = 40


def project_halfspace(p: Any, w: Any, c: Any, lo: Any, hi: Any, norm: str) -> Any:
    """Smallest ``δ`` (ℓ∞ or ℓ2) with ``w·δ >= c`` and ``lo <= p + δ <= hi``, row by row.

    ``p``, ``w``, ``lo``, ``hi`` are ``(n, d)``; ``c`` is ``(n,)``. Where the box makes the
    half-space unreachable the result is the box corner that gets closest.
    """
    import torch

    dlo, dhi = lo - p, hi - p
    need = c > 0
    direction = w.sign() if norm == "linf" else w

    def delta(t: Any) -> Any:
        return torch.clamp(t[:, None] * direction, dlo, dhi)

    def reach(t: Any) -> Any:
        return (w * delta(t)).sum(dim=1)

    scale = w.abs().sum(dim=1) if norm == "linf" else (w * w).sum(dim=1)
    t_lo = torch.zeros_like(c)
    t_hi = torch.where(need, c.clamp_min(0) / scale.clamp_min(1e-30), t_lo)
    for _ in range(_GROW):  # grow the bracket until the half-space is reached (or cannot be)
        short = need & (reach(t_hi) < c)
        if not bool(short.any()):
            break
        t_hi = torch.where(short, t_hi * 2 + 1e-12, t_hi)
    for _ in range(_BISECT):
        mid = (t_lo + t_hi) / 2
        ok = reach(mid) >= c
        t_hi = torch.where(ok, mid, t_hi)
        t_lo = torch.where(ok, t_lo, mid)
    return torch.where(need[:, None], delta(t_hi), torch.zeros_like(p))


class FAB(Attack):
    """Fast adaptive boundary attack; ``targeted=True`` is FAB-T."""

    name = "fab"
    threat = "white-box"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        targeted: bool = False,
        n_target_classes: int = 9,
        steps: int = 100,
        restarts: int = 1,
        eta: float = 1.05,
        beta: float = 0.9,
        alpha_max: float = 0.1,
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
        check_range("n_target_classes", n_target_classes, 1, 10_000, integer=True)
        check_range("steps", steps, 1, 100_000, integer=True)
        check_range("restarts", restarts, 1, 1000, integer=True)
        check_range("eta", eta, 1.0, 2.0)
        check_range("beta", beta, 0.0, 1.0)
        check_range("alpha_max", alpha_max, 0.0, 1.0)
        self.targeted = bool(targeted)
        self.n_target_classes = int(n_target_classes)
        self.steps = int(steps)
        self.restarts = int(restarts)
        self.eta, self.beta, self.alpha_max = float(eta), float(beta), float(alpha_max)
        self.name = "fab-t" if self.targeted else "fab"

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        with torch.no_grad():
            z0 = v.logits(v.x)
        ranked = z0.argsort(dim=1, descending=True)
        out = v.x.clone()
        todo = torch.nonzero(z0.argmax(dim=1) == v.y)[:, 0]
        n_targets = min(self.n_target_classes, run.n_classes - 1) if self.targeted else 1
        for k in range(1, n_targets + 1):
            for r in range(self.restarts):
                if len(todo) == 0:
                    return out
                target = ranked[todo, k] if self.targeted else None
                adv, found = self._single(v, run, todo, target, random_start=r > 0)
                out[todo[found]] = adv[found]
                todo = todo[~found]
        return out

    def _diff_grad(self, v: TorchView, x1: Any, y: Any, target: Any) -> tuple[Any, Any, Any]:
        """Logit differences to the chosen wrong class, their input gradients, and logits."""
        import torch

        xr = x1.detach().requires_grad_(True)
        z = v.logits(xr)
        n = len(z)
        rows = torch.arange(n, device=z.device)
        if target is not None:
            df = z[rows, target] - z[rows, y]
            (g,) = torch.autograd.grad(df.sum(), xr)
            return df.detach(), g.detach(), z.detach()
        n_cls = z.shape[1]
        grads = []
        for c in range(n_cls):
            (gc,) = torch.autograd.grad(z[:, c].sum(), xr, retain_graph=c < n_cls - 1)
            grads.append(gc.reshape(n, -1))
        jac = torch.stack(grads, dim=1)  # (n, k, d)
        df = z.detach() - z.detach()[rows, y][:, None]
        dg = jac - jac[rows, y][:, None, :]
        q = dg.abs().sum(dim=2) if self.norm == "linf" else dg.norm(dim=2)
        dist = df.abs() / (q + 1e-12)
        dist[rows, y] = float("inf")
        j = dist.argmin(dim=1)
        return df[rows, j], dg[rows, j].reshape(x1.shape), z.detach()

    def _single(
        self, v: TorchView, run: AttackRun, idx: Any, target: Any, *, random_start: bool
    ) -> tuple[Any, Any]:
        import torch

        norm, eps = run.norm, run.eps
        x0 = v.x[idx]
        y = v.y[idx]
        n = len(x0)
        lo = v.lo.reshape(1, -1).expand(n, -1)
        hi = v.hi.reshape(1, -1).expand(n, -1)
        x1 = (
            v.clip(random_in_ball(x0, eps / 2, norm, v.generator), x0)
            if random_start
            else x0.clone()
        )
        best = x0.clone()
        best_norm = torch.full((n,), float("inf"), device=x0.device)
        active = torch.arange(n, device=x0.device)
        for _ in range(self.steps):
            if len(active) == 0:
                break
            xa, xo, ya = x1[active], x0[active], y[active]
            ta = None if target is None else target[active]
            df, dg, _ = self._diff_grad(v, xa, ya, ta)
            m = len(active)
            w = dg.reshape(m, -1)
            b = -df + (w * xa.reshape(m, -1)).sum(dim=1)
            pts = torch.cat((xa.reshape(m, -1), xo.reshape(m, -1)))
            ww = torch.cat((w, w))
            cc = torch.cat((b, b)) - (ww * pts).sum(dim=1)
            d3 = project_halfspace(
                pts, ww, cc, torch.cat((lo[:m], lo[:m])), torch.cat((hi[:m], hi[:m])), norm
            )
            d1, d2 = d3[:m].reshape(xa.shape), d3[m:].reshape(xa.shape)
            a0 = flat_norm(d3.reshape(2 * m, *xa.shape[1:]), norm).clamp_min(1e-8)
            a1, a2 = a0[:m], a0[m:]
            alpha = torch.clamp(a1 / (a1 + a2), 0.0, self.alpha_max)
            nx = v.clip((xa + self.eta * d1) * (1 - alpha) + (xo + self.eta * d2) * alpha, xo)
            with torch.no_grad():
                is_adv = v.logits(nx).argmax(dim=1) != ya
            if bool(is_adv.any()):
                dist = flat_norm(nx - xo, norm).reshape(m)
                gi = active[is_adv & (dist < best_norm[active])]
                sel = is_adv & (dist < best_norm[active])
                best[gi] = nx[sel]
                best_norm[gi] = dist[sel]
                nx = torch.where(
                    is_adv.reshape(-1, *([1] * (nx.dim() - 1))), (nx - xo) * self.beta + xo, nx
                )
            x1[active] = nx
            active = active[best_norm[active] > eps]
        return best, best_norm <= eps * (1 + 1e-6)
