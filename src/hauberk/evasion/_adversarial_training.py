"""Adversarial training around the user's own torch model, optimiser and data loader.

PGD-AT: Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks", ICLR
2018: train on PGD examples (random start, ``steps`` steps of ``2.5·ε/steps``) instead of
clean ones. TRADES: Zhang et al., "Theoretically Principled Trade-off between Robustness and
Accuracy", ICML 2019: clean cross-entropy plus ``beta`` times the KL divergence between the
predictions on clean and adversarial inputs, the adversarial input maximising that KL.
Inputs are kept in ``[lower, upper]``. The module is trained in place and returned in
``eval()`` mode; the per-epoch mean loss is returned for logging.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from hauberk.core import ConfigError
from hauberk.evasion._attack import check_range
from hauberk.evasion._constraints import NORMS
from hauberk.evasion._ops import ball, ce_loss, random_in_ball, steepest

METHODS = ("pgd-at", "trades")


def _clip(x: Any, lower: float | None, upper: float | None) -> Any:
    if lower is None and upper is None:
        return x
    return x.clamp(lower, upper)


def _pgd(
    module: Any,
    x: Any,
    y: Any,
    *,
    eps: float,
    norm: str,
    steps: int,
    lower: float | None,
    upper: float | None,
    gen: Any,
    trades: bool,
) -> Any:
    import torch

    alpha = 2.5 * eps / steps
    if trades:
        with torch.no_grad():
            p_clean = torch.softmax(module(x), dim=1)
        xa = x + 0.001 * torch.randn(x.shape, generator=gen, dtype=x.dtype).to(x.device)
    else:
        xa = random_in_ball(x, eps, norm, gen)
    xa = _clip(xa, lower, upper).detach()
    for _ in range(steps):
        xa.requires_grad_(True)
        z = module(xa)
        if trades:
            loss = torch.nn.functional.kl_div(torch.log_softmax(z, dim=1), p_clean, reduction="sum")
        else:
            loss = ce_loss(z, y).sum()
        (g,) = torch.autograd.grad(loss, xa)
        with torch.no_grad():
            xa = _clip(ball(x, xa + alpha * steepest(g, norm), eps, norm), lower, upper)
    return xa.detach()


def adversarial_training(
    module: Any,
    optimizer: Any,
    loader: Iterable[tuple[Any, Any]],
    *,
    eps: float,
    method: str = "pgd-at",
    norm: str = "linf",
    epochs: int = 1,
    steps: int = 10,
    beta: float = 6.0,
    lower: float | None = 0.0,
    upper: float | None = 1.0,
    seed: int = 0,
    device: str | None = None,
) -> list[float]:
    """Train ``module`` with PGD-AT or TRADES; returns the mean loss of each epoch.

    ``loader`` yields ``(x, y)`` batches (a torch ``DataLoader`` or any iterable of tensors
    or arrays) and is iterated once per epoch.
    """
    import torch

    if method not in METHODS:
        raise ConfigError(f"method must be one of {METHODS}, got {method!r}")
    if norm not in NORMS:
        raise ConfigError(f"norm must be one of {NORMS}, got {norm!r}")
    check_range("eps", eps, 0.0, math.inf)
    if not 0 < eps < math.inf:
        raise ConfigError(f"eps must be a finite number > 0, got {eps!r}")
    check_range("epochs", epochs, 1, 100_000, integer=True)
    check_range("steps", steps, 1, 10_000, integer=True)
    check_range("beta", beta, 0.0, 1e6)
    if device is None:
        device = next((str(p.device) for p in module.parameters()), "cpu")
    gen = torch.Generator().manual_seed(seed)
    trades = method == "trades"
    history = []
    for _ in range(epochs):
        total, count = 0.0, 0
        for xb, yb in loader:
            x = torch.as_tensor(xb, dtype=torch.float32).to(device)
            y = torch.as_tensor(yb, dtype=torch.int64).to(device)
            module.eval()
            xa = _pgd(
                module,
                x,
                y,
                eps=eps,
                norm=norm,
                steps=steps,
                lower=lower,
                upper=upper,
                gen=gen,
                trades=trades,
            )
            module.train()
            optimizer.zero_grad()
            if trades:
                z = module(x)
                kl = torch.nn.functional.kl_div(
                    torch.log_softmax(module(xa), dim=1),
                    torch.softmax(z, dim=1),
                    reduction="batchmean",
                )
                loss = ce_loss(z, y).mean() + beta * kl
            else:
                loss = ce_loss(module(xa), y).mean()
            loss.backward()  # type: ignore[no-untyped-call]
            optimizer.step()
            total += float(loss.detach()) * len(x)
            count += len(x)
        history.append(total / max(count, 1))
    module.eval()
    return history


def pgd_at(
    module: Any, optimizer: Any, loader: Iterable[tuple[Any, Any]], **kw: Any
) -> list[float]:
    """:func:`adversarial_training` with ``method="pgd-at"`` (Madry et al. 2018)."""
    return adversarial_training(module, optimizer, loader, method="pgd-at", **kw)


def trades(
    module: Any, optimizer: Any, loader: Iterable[tuple[Any, Any]], **kw: Any
) -> list[float]:
    """:func:`adversarial_training` with ``method="trades"`` (Zhang et al. 2019)."""
    return adversarial_training(module, optimizer, loader, method="trades", **kw)
