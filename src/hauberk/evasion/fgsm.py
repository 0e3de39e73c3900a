"""FGSM: the fast gradient sign method.

Paper: Goodfellow, Shlens and Szegedy, "Explaining and Harnessing Adversarial Examples",
ICLR 2015. Threat model: white-box (input gradients of the loss), untargeted, ℓ∞ or ℓ2.
One step of size ε along the sign of the cross-entropy gradient (ℓ∞) or along the normalised
gradient (ℓ2). Defaults: ``norm="linf"``. A weak attack, kept as a fast baseline and as a
gradient-masking probe (if FGSM beats PGD, gradients are not to be trusted).
"""

from __future__ import annotations

from typing import Any

from hauberk.evasion._attack import Attack, AttackRun
from hauberk.evasion._ops import ball, ce_loss, steepest


class FGSM(Attack):
    """One signed (ℓ∞) or normalised (ℓ2) gradient step of size ε."""

    name = "fgsm"
    threat = "white-box"

    def _run(self, run: AttackRun) -> Any:
        import torch

        v = run.torch()
        xa = v.x.clone().requires_grad_(True)
        loss = ce_loss(v.logits(xa), v.y).sum()
        (g,) = torch.autograd.grad(loss, xa)
        with torch.no_grad():
            return v.clip(ball(v.x, v.x + run.eps * steepest(g, run.norm), run.eps, run.norm), v.x)
