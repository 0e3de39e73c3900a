"""DeepFool: step to the nearest linearised decision boundary until the label flips.

Paper: Moosavi-Dezfooli, Fawzi and Frossard, "DeepFool: a simple and accurate method to fool
deep neural networks", CVPR 2016. Threat model: white-box, untargeted, ℓ2 or ℓ∞ (the paper's
ℓp generalisation with the dual norm). Each step linearises the logit differences to the
``candidates`` top-scoring classes and moves to the closest hyperplane; the total step is
scaled by ``1 + overshoot``. Defaults: ``steps=50``, ``overshoot=0.02``, ``candidates=10``.
A minimum-norm attack: the base class then projects onto the ε-ball.
"""

from __future__ import annotations

from typing import Any

from hauberk.evasion._attack import Attack, AttackRun, check_range
from hauberk.evasion._constraints import FeatureConstraints


class DeepFool(Attack):
    """DeepFool, ℓ2 or ℓ∞."""

    name = "deepfool"
    threat = "white-box"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "l2",
        steps: int = 50,
        overshoot: float = 0.02,
        candidates: int = 10,
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
        check_range("steps", steps, 1, 10_000, integer=True)
        check_range("overshoot", overshoot, 0.0, 10.0)
        check_range("candidates", candidates, 2, 10_000, integer=True)
        self.steps = int(steps)
        self.overshoot = float(overshoot)
        self.candidates = int(candidates)

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        x, y = v.x, v.y
        k = min(self.candidates, run.n_classes)
        with torch.no_grad():
            z0 = v.logits(x)
        cand = z0.argsort(dim=1, descending=True)[:, :k]
        # make the label the first candidate so the others are the classes to reach
        is_y = cand == y[:, None]
        others = cand.masked_fill(is_y, -1)
        order = others.argsort(dim=1, descending=True, stable=True)[:, : k - 1]
        targets = torch.gather(cand, 1, order)
        r_tot = torch.zeros_like(x)
        out = x.clone()
        active = torch.nonzero(z0.argmax(dim=1) == y)[:, 0]
        for _ in range(self.steps):
            if len(active) == 0:
                break
            xa = v.clip(x[active] + (1 + self.overshoot) * r_tot[active], x[active]).requires_grad_(
                True
            )
            z = v.logits(xa)
            ya = y[active]
            still = z.argmax(dim=1) == ya
            out[active] = xa.detach()
            if not bool(still.any()):
                break
            m = len(active)
            rows = torch.arange(m, device=x.device)
            zy = z[rows, ya]
            grads = []
            for j in range(k - 1):
                f = z[rows, targets[active, j]] - zy
                (g,) = torch.autograd.grad(f.sum(), xa, retain_graph=True)
                grads.append(g.reshape(m, -1))
            with torch.no_grad():
                w = torch.stack(grads, dim=1)  # (m, k-1, d)
                f = torch.stack([z[rows, targets[active, j]] - zy for j in range(k - 1)], dim=1)
                q = w.abs().sum(dim=2) if run.norm == "linf" else w.norm(dim=2)
                dist = f.abs() / (q + 1e-12)
                best = dist.argmin(dim=1)
                wl, ql, fl = w[rows, best], q[rows, best], f[rows, best].abs()
                if run.norm == "linf":
                    step = (fl + 1e-4)[:, None] / (ql[:, None] + 1e-12) * wl.sign()
                else:
                    step = (fl + 1e-4)[:, None] / (ql[:, None] ** 2 + 1e-12) * wl
                step = step.reshape(xa.shape) * still.reshape(-1, *([1] * (x.dim() - 1)))
                r_tot[active] += step
            active = active[still]
        return out
