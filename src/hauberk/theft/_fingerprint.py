"""Fingerprinting by decision-boundary points (after IPGuard: Cao, Jia, Gong 2021,
"IPGuard: Protecting Intellectual Property of Deep Neural Network Classifiers by
Fingerprinting their Classification Boundary", AsiaCCS), black-box variant.

The fingerprint is the set of the owner's data points where the model is least sure (the
smallest gap between its two highest scores), with the labels the model gives them. A model
derived from ours (extracted through the API, fine-tuned, pruned) inherits where our
boundary lies and agrees on these points far more than a model trained independently, whose
boundary passes elsewhere. Nothing is embedded in the model, so it also covers models already
deployed.

``calibrate`` sets the decision threshold from independently trained reference models (the
largest agreement among them plus ``margin``), so the false-positive rate is measured, not
assumed; the tests measure the true-positive rate on extracted, fine-tuned and pruned copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.models import Model


@dataclass(frozen=True)
class Fingerprint:
    x: NDArray[Any]
    labels: NDArray[np.int64]
    threshold: float | None = None

    @classmethod
    def create(cls, model: Model, pool: NDArray[Any], *, size: int = 100) -> Fingerprint:
        """The ``size`` pool points nearest ``model``'s boundary (costs ``len(pool)`` queries)."""
        if size < 10:
            raise ConfigError(f"size must be >= 10, got {size}")
        if len(pool) < size:
            raise InputError(f"the pool has {len(pool)} rows; a fingerprint of {size} needs more")
        p = model.predict_proba(pool)
        top2 = np.sort(p, axis=1)[:, -2:]
        nearest = np.argsort(top2[:, 1] - top2[:, 0], kind="stable")[:size]
        return cls(x=np.asarray(pool)[nearest], labels=p[nearest].argmax(axis=1))

    def agreement(self, suspect: Model) -> float:
        """Share of fingerprint points on which ``suspect`` gives our label (``size`` queries)."""
        return float(np.mean(suspect.predict_proba(self.x).argmax(axis=1) == self.labels))

    def calibrate(self, independent: Sequence[Model], *, margin: float = 0.05) -> Fingerprint:
        """Set the threshold above every independent reference model's agreement."""
        if not independent:
            raise ConfigError("calibration needs at least one independently trained model")
        if not 0 <= margin < 1:
            raise ConfigError(f"margin must be within [0, 1), got {margin}")
        worst = max(self.agreement(m) for m in independent)
        return Fingerprint(self.x, self.labels, min(1.0, worst + margin))

    def derived(self, suspect: Model) -> bool:
        if self.threshold is None:
            raise ConfigError("call calibrate() with independent models before deciding")
        return self.agreement(suspect) >= self.threshold


def rates(
    fingerprint: Fingerprint, derived: Sequence[Model], independent: Sequence[Model]
) -> dict[str, float]:
    """Measured true-positive rate on ``derived`` and false-positive rate on ``independent``."""
    tp = sum(fingerprint.derived(m) for m in derived)
    fp = sum(fingerprint.derived(m) for m in independent)
    return {"tpr": tp / max(len(derived), 1), "fpr": fp / max(len(independent), 1)}
