"""Tensor helpers shared by the white-box attacks: norms, ball projection, losses."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch


def flat_norm(t: torch.Tensor, norm: str) -> torch.Tensor:
    """Per-sample norm, shaped ``(n, 1, ..., 1)`` to broadcast against ``t``."""
    flat = t.reshape(len(t), -1)
    out = flat.abs().amax(dim=1) if norm == "linf" else flat.norm(dim=1)
    return out.reshape(len(t), *([1] * (t.dim() - 1)))


def ball(
    x: torch.Tensor, x_adv: torch.Tensor, eps: float | torch.Tensor, norm: str
) -> torch.Tensor:
    """Project ``x_adv`` onto the ε-ball around ``x`` (no range clipping)."""
    import torch

    d = x_adv - x
    if norm == "linf":
        if isinstance(eps, float):
            return x + d.clamp(-eps, eps)
        return x + torch.max(torch.min(d, eps), -eps)
    size = flat_norm(d, "l2")
    return x + d * torch.clamp(eps / (size + 1e-12), max=1.0)


def steepest(g: torch.Tensor, norm: str) -> torch.Tensor:
    """The unit-norm ascent direction of gradient ``g``: its sign (ℓ∞) or ``g/‖g‖₂`` (ℓ2)."""
    if norm == "linf":
        return g.sign()
    return g / (flat_norm(g, "l2") + 1e-12)


def random_in_ball(x: torch.Tensor, eps: float, norm: str, gen: torch.Generator) -> torch.Tensor:
    """A uniformly random point of the ℓ∞ ball, or a random point of the ℓ2 ball."""
    import torch

    if norm == "linf":
        u = torch.rand(x.shape, generator=gen, device=x.device, dtype=x.dtype)
        return x + (2 * u - 1) * eps
    g = torch.randn(x.shape, generator=gen, device=x.device, dtype=x.dtype)
    r = torch.rand((len(x),), generator=gen, device=x.device, dtype=x.dtype)
    r = r.reshape(len(x), *([1] * (x.dim() - 1)))
    return x + g / (flat_norm(g, "l2") + 1e-12) * eps * r ** (1.0 / max(1, x[0].numel()))


def other_max(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The largest logit that is not the label's."""
    import torch

    mask = torch.nn.functional.one_hot(y, z.shape[1]).bool()
    return z.masked_fill(mask, float("-inf")).amax(dim=1)


def margin(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``z_y - max_{j≠y} z_j``: negative once the sample is misclassified."""
    return z.gather(1, y[:, None])[:, 0] - other_max(z, y)


def dlr_loss(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Difference of logits ratio (Croce & Hein 2020), per sample; higher is more adversarial.

    Scale-invariant, so saturated or rescaled logits do not hide the gradient. Falls back to
    the plain negative margin for fewer than three classes.
    """
    if z.shape[1] < 3:
        return -margin(z, y)
    top = z.sort(dim=1, descending=True).values
    return -margin(z, y) / (top[:, 0] - top[:, 2] + 1e-12)


def dlr_targeted_loss(z: torch.Tensor, y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Targeted DLR: ``-(z_y - z_t) / (z_π1 - (z_π3 + z_π4)/2)``; margin below four classes."""
    diff = z.gather(1, y[:, None])[:, 0] - z.gather(1, t[:, None])[:, 0]
    if z.shape[1] < 4:
        return -diff
    top = z.sort(dim=1, descending=True).values
    return -diff / (top[:, 0] - 0.5 * (top[:, 2] + top[:, 3]) + 1e-12)


def ce_loss(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    import torch

    return torch.nn.functional.cross_entropy(z, y, reduction="none")


def connected(out: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``out`` with a zero-weight path from ``x`` when ``x`` asks for gradients.

    A module that leaves torch on the way (NumPy preprocessing, ``.detach()``, a tensor built
    from a list) cuts the graph: autograd then raises instead of returning a gradient. With
    this path the gradient is zero where the graph is cut, which the masking diagnostics
    report (zero gradients) and the adaptive phase answers with attacks that need none.
    """
    if not x.requires_grad:
        return out
    return out + (x.reshape(len(x), -1)[:, :1] * 0.0).to(out.dtype)
