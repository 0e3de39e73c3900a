"""PGD: projected gradient descent on the cross-entropy, with random restarts.

Paper: Madry, Makelov, Schmidt, Tsipras and Vladu, "Towards Deep Learning Models Resistant to
Adversarial Attacks", ICLR 2018. Threat model: white-box, untargeted, ℓ∞ or ℓ2 ball.
Defaults: ``steps=20``, ``step_size=2.5·ε/steps`` (Madry's rule), a uniformly random start in
the ball, ``restarts=1``. With several restarts, each restart attacks only the samples that
are still classified correctly (a per-sample early stop), so restarts cost little once the
model is broken.
"""

from __future__ import annotations

import math
from typing import Any

from hauberk.evasion._attack import Attack, AttackRun, check_range
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._ops import ball, random_in_ball, steepest


class PGD(Attack):
    """Projected gradient ascent of the cross-entropy, ``steps`` steps, ``restarts`` tries."""

    name = "pgd"
    threat = "white-box"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        steps: int = 20,
        step_size: float | None = None,
        restarts: int = 1,
        random_start: bool = True,
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
        check_range("steps", steps, 1, 100_000, integer=True)
        check_range("restarts", restarts, 1, 1000, integer=True)
        if step_size is not None:
            check_range("step_size", step_size, 1e-12, math.inf)
        self.steps = int(steps)
        self.restarts = int(restarts)
        self.step_size = float(step_size) if step_size is not None else 2.5 * self.eps / self.steps
        self.random_start = bool(random_start)

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        out = v.x.clone()
        todo = torch.arange(len(v.x), device=v.x.device)
        for restart in range(self.restarts):
            x, y = v.x[todo], v.y[todo]
            xa = (
                v.clip(random_in_ball(x, run.eps, run.norm, v.generator), x)
                if self.random_start
                else x
            )
            xa = self._ascend(v, x, y, xa, run)
            out[todo] = xa
            if restart == self.restarts - 1:
                break
            with torch.no_grad():
                robust = v.logits(xa).argmax(dim=1) == y
            todo = todo[robust]
            if len(todo) == 0:
                break
        return out

    def _ascend(self, v: Any, x: Any, y: Any, xa: Any, run: AttackRun) -> Any:
        import torch

        eps, norm, alpha = run.eps, run.norm, self.step_size
        cross_entropy = torch.nn.functional.cross_entropy
        if norm == "linf":
            low, high = x - eps, x + eps
        for _ in range(self.steps):
            xa = xa.detach().requires_grad_(True)
            loss = cross_entropy(v.logits(xa), y, reduction="sum")
            (g,) = torch.autograd.grad(loss, xa)
            with torch.no_grad():
                if norm == "linf":  # the hot path, kept to the plain loop's three tensor ops
                    xa = v.clip(torch.min(torch.max(xa + alpha * g.sign(), low), high), x)
                else:
                    xa = v.clip(ball(x, xa + alpha * steepest(g, norm), eps, norm), x)
        return xa.detach()
