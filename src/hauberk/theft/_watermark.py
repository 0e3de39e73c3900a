"""Trigger-set watermarking (Adi, Baum, Cisse, Pinkas, Keshet 2018, "Turning Your Weakness
Into a Strength: Watermarking Deep Neural Networks by Backdooring", USENIX Security).

The owner draws a secret trigger set: random inputs in the valid range, each with a label
drawn uniformly at random, and trains the model on it together with the real data
(``embed``). To claim a suspect model, the owner queries it on the trigger set: a model that
never saw the trigger set agrees with each random label with probability exactly ``1/k``
(the label was drawn independently of the input), so the number of agreements is
Binomial(n, 1/k) under "not derived from ours", and ``verify`` reports that test's p-value.

Limits: a trigger set must stay secret (whoever knows it can fine-tune it away), and it is
usually *not* inherited by a copy extracted through the API, since the attacker never queries
the triggers; DAWN (``hauberk.theft.Dawn``) watermarks the API answers instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.models import InputSpec, Model, label_indices


@dataclass(frozen=True)
class WatermarkVerdict:
    """Agreements of a suspect with the secret labels, and the chance of that many by luck."""

    matched: int
    total: int
    chance: float
    p_value: float

    @property
    def agreement(self) -> float:
        return self.matched / self.total if self.total else 0.0

    def derived(self, alpha: float = 1e-3) -> bool:
        return self.p_value < alpha


def binomial_verdict(matched: int, total: int, chance: float) -> WatermarkVerdict:
    """``P(X >= matched)`` for ``X ~ Binomial(total, chance)``."""
    from scipy.stats import binom

    p = float(binom.sf(matched - 1, total, chance)) if total else 1.0
    return WatermarkVerdict(matched=matched, total=total, chance=chance, p_value=p)


@dataclass(frozen=True)
class TriggerSet:
    x: NDArray[np.float64]
    labels: NDArray[Any]
    classes: tuple[Any, ...]

    @classmethod
    def generate(
        cls, spec: InputSpec, classes: Sequence[Any], *, size: int = 100, seed: int = 0
    ) -> TriggerSet:
        """``size`` uniform-noise inputs in the spec's range, labels uniform over ``classes``."""
        if not 10 <= size <= 100_000:
            raise ConfigError(f"size must be within 10..100000, got {size}")
        if len(classes) < 2:
            raise ConfigError("a trigger set needs at least 2 classes")
        rng = np.random.default_rng(seed)
        low = 0.0 if spec.lower is None else spec.lower
        high = 1.0 if spec.upper is None else spec.upper
        x = rng.uniform(low, high, (size, *spec.shape))
        labels = np.asarray(list(classes), dtype=object)[rng.integers(0, len(classes), size)]
        return cls(x=x, labels=np.asarray(labels.tolist()), classes=tuple(classes))

    def embed(
        self, x: NDArray[Any], y: NDArray[Any], *, repeat: int = 5
    ) -> tuple[NDArray[Any], NDArray[Any]]:
        """Training data with the trigger set appended ``repeat`` times (so it is learned)."""
        if repeat < 1:
            raise ConfigError(f"repeat must be >= 1, got {repeat}")
        tx = np.repeat(self.x.reshape(len(self.x), *np.asarray(x).shape[1:]), repeat, axis=0)
        ty = np.repeat(self.labels, repeat)
        return np.concatenate([np.asarray(x), tx.astype(np.asarray(x).dtype)]), np.concatenate(
            [np.asarray(y), ty.astype(np.asarray(y).dtype)]
        )

    def verify(self, suspect: Model) -> WatermarkVerdict:
        """Query ``suspect`` on the triggers (``len(x)`` queries) and test the agreement."""
        pred = suspect.predict_proba(self.x).argmax(axis=1)
        want = label_indices(suspect, self.labels)
        return binomial_verdict(int(np.sum(pred == want)), len(want), 1.0 / len(self.classes))
