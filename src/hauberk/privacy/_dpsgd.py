"""Differentially private training with DP-SGD (Abadi et al. 2016, "Deep Learning with
Differential Privacy", CCS) through Opacus and its RDP accountant, in one call.

``train_dp`` takes the user's module, optimiser and data loader and a target (ε, δ); Opacus
picks the noise multiplier that spends exactly that budget over ``epochs`` (with Poisson
sampling, as the accountant assumes), clips each example's gradient to ``max_grad_norm``,
and the loop below is the plain Opacus training loop, so the overhead over calling Opacus
directly is one function call (bench/privacy.py measures it). The ε actually spent is read
back from the accountant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hauberk.core import ConfigError, Deadline

MAX_EPSILON = 1000.0


@dataclass(frozen=True)
class DPTraining:
    """The trained module (unwrapped from Opacus), the privacy spent and how."""

    module: Any
    epsilon: float
    delta: float
    noise_multiplier: float
    max_grad_norm: float
    epochs: int
    steps: int
    sample_rate: float

    def metrics(self) -> dict[str, float | int]:
        return {
            "dp.epsilon": round(self.epsilon, 6),
            "dp.delta": self.delta,
            "dp.noise_multiplier": round(self.noise_multiplier, 6),
            "dp.max_grad_norm": self.max_grad_norm,
            "dp.epochs": self.epochs,
            "dp.steps": self.steps,
        }


def check_privacy_target(epsilon: float, delta: float, records: int) -> None:
    """Refuse (ε, δ) outside the meaningful range, naming the parameter and the range."""
    if not 0 < epsilon <= MAX_EPSILON:
        raise ConfigError(f"epsilon must be within (0, {MAX_EPSILON:g}], got {epsilon}")
    if not 0 < delta < 1:
        raise ConfigError(f"delta must be within (0, 1), got {delta}")
    if records > 0 and delta >= 1.0 / records:
        raise ConfigError(
            f"delta must be below 1/N = {1.0 / records:.3g} for N = {records} training records "
            f"(got {delta}); a larger delta allows leaking whole records"
        )


def train_dp(
    module: Any,
    optimizer: Any,
    loader: Any,
    *,
    epsilon: float,
    delta: float,
    epochs: int,
    max_grad_norm: float = 1.0,
    loss_fn: Callable[[Any, Any], Any] | None = None,
    deadline: Deadline | None = None,
) -> DPTraining:
    """Train ``module`` with DP-SGD to (``epsilon``, ``delta``) over ``epochs`` epochs.

    ``loader`` yields ``(x, y)`` batches; ``loss_fn(logits, y)`` defaults to cross-entropy.
    Layers Opacus cannot clip per example (BatchNorm) are refused with the fix to apply.
    """
    import torch
    from opacus import PrivacyEngine
    from opacus.validators import ModuleValidator

    if epochs < 1:
        raise ConfigError(f"epochs must be >= 1, got {epochs}")
    if max_grad_norm <= 0:
        raise ConfigError(f"max_grad_norm must be > 0, got {max_grad_norm}")
    records = len(loader.dataset)
    check_privacy_target(epsilon, delta, records)
    problems = ModuleValidator.validate(module, strict=False)
    if problems:
        raise ConfigError(
            f"the model has layers DP-SGD cannot train: {problems[0]}; replace them first, "
            "e.g. module = opacus.validators.ModuleValidator.fix(module) (BatchNorm -> GroupNorm)"
        )
    loss_fn = loss_fn or torch.nn.functional.cross_entropy
    engine = PrivacyEngine(accountant="rdp")
    private, dp_opt, dp_loader = engine.make_private_with_epsilon(
        module=module,
        optimizer=optimizer,
        data_loader=loader,
        target_epsilon=epsilon,
        target_delta=delta,
        epochs=epochs,
        max_grad_norm=max_grad_norm,
    )
    private.train()
    steps = 0
    for _ in range(epochs):
        for x, y in dp_loader:
            if len(x) == 0:  # Poisson sampling may draw an empty batch
                continue
            dp_opt.zero_grad()
            loss_fn(private(x), y).backward()
            dp_opt.step()
            steps += 1
        if deadline is not None:
            deadline.check()
    private.eval()
    return DPTraining(
        module=private._module,
        epsilon=float(engine.get_epsilon(delta)),
        delta=delta,
        noise_multiplier=float(dp_opt.noise_multiplier),
        max_grad_norm=max_grad_norm,
        epochs=epochs,
        steps=steps,
        sample_rate=float(1.0 / len(dp_loader)) if len(dp_loader) else 0.0,
    )
