"""Stage 6: optional input guards. Each looks at a validated batch and may refuse it.

Two guards ship with the gateway; others implement the :class:`InputGuard` protocol:

- :class:`AnomalyGuard`: a per-feature z-score against reference data of normal inputs; a
  sample with any ``|z|`` above ``threshold`` is refused (cheap, catches out-of-distribution
  and wildly perturbed inputs). On digits, 97.8% of held-out natural samples pass at
  threshold 8 and 99.3% at 10 (tests/gateway/test_guards.py).
- :class:`SqueezeGuard`: feature squeezing (Xu, Evans, Qi, NDSS 2018, "Feature Squeezing:
  Detecting Adversarial Examples in Deep Neural Networks"). The model scores the input and a
  squeezed copy (bit-depth reduction to ``bits`` bits over ``[lower, upper]``, optionally a
  ``median`` filter over the last two axes); an L1 distance between the two probability
  vectors above ``threshold`` marks an adversarial example. Costs one extra model call.

The server runs guards on its inference thread right after the model call, over all rows of
the requests coalesced into that call, and refuses each request with a flagged row; the
squeezed copies of those rows go through the model in one extra call. ``inspect`` judges one
batch on its own (the squeeze guard then scores with the model it was built with).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.models import Model

Score = Callable[[NDArray[Any]], NDArray[np.float64]]


class InputGuard(Protocol):
    """Judges rows next to the model's answer for them, so that a server can run a guard once
    over the rows of many coalesced requests (``score`` is the model that produced ``proba``)."""

    name: str

    def flags(self, x: NDArray[Any], proba: NDArray[np.float64], score: Score) -> NDArray[Any]:
        """One boolean per row of ``x``: true refuses the request that holds the row."""


def _unused(x: NDArray[Any]) -> NDArray[np.float64]:
    raise AssertionError("this guard does not score")


def rejected(guard: str) -> GatewayError:
    return GatewayError(
        "input_rejected", "the input was refused by an input guard", reason=f"guard {guard}"
    )


class AnomalyGuard:
    name = "anomaly"

    def __init__(self, reference: NDArray[Any], *, threshold: float = 6.0) -> None:
        ref = np.asarray(reference, dtype=np.float64)
        if ref.ndim < 2 or len(ref) < 2:
            raise ConfigError("anomaly guard: reference needs at least 2 samples")
        if not threshold > 0:
            raise ConfigError(f"anomaly guard: threshold must be > 0, got {threshold}")
        flat = ref.reshape(len(ref), -1)
        self.mean = flat.mean(axis=0)
        std = flat.std(axis=0)
        # Near-constant features (a pixel that is always blank) get the floor of a quarter
        # of the average spread, so one rare value is not an infinite z-score.
        self.scale = np.maximum(std, max(0.25 * float(std.mean()), 1e-12))
        self.threshold = threshold

    def flags(self, x: NDArray[Any], proba: NDArray[np.float64], score: Score) -> NDArray[Any]:
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        if flat.shape[1] != self.mean.shape[0]:
            raise ConfigError("anomaly guard: reference data has another shape than the model")
        z = np.abs(flat - self.mean) / self.scale
        flagged: NDArray[Any] = z.max(axis=1) > self.threshold
        return flagged

    def inspect(self, x: NDArray[Any]) -> None:
        """Refuse ``x`` (raise ``input_rejected``) if any row is flagged."""
        if self.flags(x, np.empty((len(x), 0)), _unused).any():
            raise rejected(self.name)


class SqueezeGuard:
    name = "squeeze"

    def __init__(
        self,
        model: Model,
        *,
        bits: int = 4,
        median: int = 0,
        threshold: float = 0.5,
    ) -> None:
        spec = model.input_spec
        if spec.lower is None or spec.upper is None:
            raise ConfigError("squeeze guard needs the input range: set [model] lower and upper")
        if not 1 <= bits <= 16:
            raise ConfigError(f"squeeze guard: bits must be in [1, 16], got {bits}")
        if median and len(spec.shape) < 2:
            raise ConfigError("squeeze guard: median smoothing needs inputs with 2+ axes")
        if not 0 < threshold <= 2:
            raise ConfigError(f"squeeze guard: threshold must be in (0, 2], got {threshold}")
        self.model = model
        self.lower, self.upper = float(spec.lower), float(spec.upper)
        self.levels = 2**bits - 1
        self.median = median
        self.threshold = threshold

    def squeeze(self, x: NDArray[Any]) -> NDArray[Any]:
        span = self.upper - self.lower
        unit = (np.asarray(x, dtype=np.float64) - self.lower) / span
        out = np.round(unit * self.levels) / self.levels * span + self.lower
        if self.median:
            from scipy.ndimage import median_filter

            size = [1] * (out.ndim - 2) + [self.median, self.median]
            out = median_filter(out, size=size, mode="reflect")
        squeezed: NDArray[Any] = out.astype(x.dtype)
        return squeezed

    def flags(self, x: NDArray[Any], proba: NDArray[np.float64], score: Score) -> NDArray[Any]:
        squeezed = score(self.squeeze(x))
        flagged: NDArray[Any] = np.abs(proba - squeezed).sum(axis=1) > self.threshold
        return flagged

    def inspect(self, x: NDArray[Any]) -> None:
        """Refuse ``x`` (raise ``input_rejected``) if any row is flagged, scored by ``model``."""
        score = self.model.predict_proba
        if self.flags(x, score(x), score).any():
            raise rejected(self.name)
