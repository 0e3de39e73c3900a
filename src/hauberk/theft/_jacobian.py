"""Jacobian-based dataset augmentation (Papernot, McDaniel, Goodfellow, Jha, Celik, Swami 2017,
"Practical Black-Box Attacks against Machine Learning", AsiaCCS).

Threat model: black box, labels suffice; the attacker has a small seed set (here drawn from its
pool) and no other natural data. Each round trains a substitute on what was labelled so far,
then steps every known sample along the sign of the substitute's gradient of the victim's
label, ``x + lambda * sign(d F[y] / dx)``, and asks the victim to label the new points. The
step's sign flips every ``tau`` rounds (the paper's periodic step size). Rounds are cut to land
exactly on the checkpoints, so the set grows at most twofold per round and never beyond the
budget.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.models import InputSpec
from hauberk.theft._extraction import ExtractionAttack, Oracle
from hauberk.theft._surrogate import SurrogateTrainer, input_gradient_sign


def one_hot(proba: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.zeros_like(proba)
    out[np.arange(len(proba)), proba.argmax(axis=1)] = 1.0
    return out


class JacobianAugmentation(ExtractionAttack):
    """Papernot's substitute training from a small seed set, with hard (top-1) labels."""

    name = "jacobian"

    def __init__(
        self,
        *,
        surrogate: SurrogateTrainer | None = None,
        seed_size: int = 100,
        step: float = 0.1,
        tau: int = 3,
        soft_labels: bool = False,
        seed: int = 0,
    ) -> None:
        super().__init__(surrogate=surrogate, seed=seed)
        if seed_size < 1:
            raise ConfigError(f"seed_size must be >= 1, got {seed_size}")
        if not 0 < step <= 1:
            raise ConfigError(f"step must be within (0, 1] of the input range, got {step}")
        if tau < 1:
            raise ConfigError(f"tau must be >= 1, got {tau}")
        self.seed_size = seed_size
        self.step = step
        self.tau = tau
        self.soft_labels = soft_labels

    def _labels(self, proba: NDArray[np.float64]) -> NDArray[np.float64]:
        return proba if self.soft_labels else one_hot(proba)

    def _range(self, spec: InputSpec, pool: NDArray[Any]) -> tuple[float, float]:
        low = float(pool.min()) if spec.lower is None else spec.lower
        high = float(pool.max()) if spec.upper is None else spec.upper
        return low, max(high, low + 1e-6)

    def _run(
        self,
        oracle: Oracle,
        pool: NDArray[Any],
        checkpoints: Sequence[int],
        rng: np.random.Generator,
    ) -> Iterator[tuple[NDArray[Any], NDArray[np.float64]]]:
        spec = oracle.victim.input_spec
        classes = tuple(oracle.victim.classes)
        low, high = self._range(spec, pool)
        lam = self.step * (high - low)
        first = min(self.seed_size, checkpoints[0], len(pool))
        x = pool[rng.choice(len(pool), first, replace=False)]
        answers = oracle(x)
        x, labels = x[: len(answers)], self._labels(answers)
        if len(x) == 0:
            return
        rounds = 0
        for point in checkpoints:
            while oracle.spent < point:
                copy = self.surrogate.fit(x, labels, spec=spec, classes=classes)
                n = min(len(x), point - oracle.spent)
                pick = rng.choice(len(x), n, replace=False)
                sign = -1.0 if (rounds // self.tau) % 2 else 1.0
                grad = input_gradient_sign(copy, x[pick], labels[pick].argmax(axis=1))
                new = np.clip(x[pick] + sign * lam * grad, low, high).astype(x.dtype)
                got = oracle(new)
                rounds += 1
                if len(got) == 0:
                    break
                x = np.concatenate([x, new[: len(got)]])
                labels = np.concatenate([labels, self._labels(got)])
                if len(got) < n:
                    break
            yield x, labels
            if oracle.spent < point:
                return
