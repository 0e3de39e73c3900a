"""The valid input domain an evaluation attacks inside, and where its bounds came from.

An adversarial example outside the values a model can ever receive proves nothing: a pixel at
-0.3 or a tabular feature far past anything in the data breaks models that are robust on every
real input, and the robust accuracy comes out too low (issue 12: an adversarially trained
digits MLP measured 77.3% unbounded against 84.3-84.7% inside [0, 1]). The bounds are, in
order of preference: the model's ``[model] lower``/``upper`` (its ``InputSpec``), else the range
the data actually spans: per feature for tabular inputs (one axis per sample), one global
min/max for image-like inputs (two or more axes), where every position takes the same kind of
value. A bound the model declares wins over the data's on that side. Features constant in the
data stay pinned: there is no evidence the model ever sees another value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.evasion._constraints import FeatureConstraints
from hauberk.models import InputSpec

MODEL = "model input range ([model] lower/upper)"
PER_FEATURE = "observed data range, per feature"
GLOBAL = "observed data range, global min/max"


@dataclass(frozen=True)
class InputDomain:
    """Per-feature (flattened) ``lower``/``upper`` bounds and a sentence on their source."""

    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    source: str
    per_feature: bool

    @property
    def from_model(self) -> bool:
        return self.source == MODEL

    def constraints(self) -> FeatureConstraints | None:
        """The bounds as constraints for the attacks (``None`` when the model's own range
        already holds them: every attack clips to it)."""
        if self.from_model:
            return None
        return FeatureConstraints(
            n_features=len(self.lower), lower=self.lower.tolist(), upper=self.upper.tolist()
        )

    def contains(self, x: NDArray[Any], tol: float = 1e-6) -> bool:
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        return bool(((flat >= self.lower - tol) & (flat <= self.upper + tol)).all())

    def describe(self) -> dict[str, Any]:
        """JSON-able: the source, and the bounds (one number each when they are uniform)."""

        def short(v: NDArray[np.float64]) -> float | list[float]:
            return float(v[0]) if np.ptp(v) == 0 else [float(a) for a in v]

        return {
            "source": self.source,
            "per_feature": self.per_feature,
            "lower": short(self.lower),
            "upper": short(self.upper),
            "pinned_features": int((self.lower == self.upper).sum()),
        }


def input_domain(spec: InputSpec, data: Sequence[NDArray[Any]]) -> InputDomain:
    """The domain of ``spec``, completed from ``data`` (arrays of samples) where it is open."""
    n = spec.features
    if spec.lower is not None and spec.upper is not None:
        return InputDomain(
            np.full(n, float(spec.lower)), np.full(n, float(spec.upper)), MODEL, False
        )
    # in the model's own dtype first: bounds the model's inputs can hold exactly, so a sample
    # cast for the model never lies a rounding error outside them
    flats = [
        np.asarray(d).astype(spec.dtype).astype(np.float64).reshape(len(d), -1)
        for d in data
        if len(d)
    ]
    flats = [f for f in flats if f.shape[1] == n]
    if not flats:
        raise ValueError(
            "input_domain: no data with the model's feature count to take a range from"
        )
    rows = np.concatenate(flats)
    per_feature = len(spec.shape) == 1
    if per_feature:
        lo, hi = rows.min(axis=0), rows.max(axis=0)
    else:
        lo, hi = np.full(n, rows.min()), np.full(n, rows.max())
    source = PER_FEATURE if per_feature else GLOBAL
    if spec.lower is not None:
        lo = np.full(n, float(spec.lower))
        source = f"lower from the model, upper from the {source}"
    if spec.upper is not None:
        hi = np.full(n, float(spec.upper))
        source = f"upper from the model, lower from the {source}"
    return InputDomain(lo, np.maximum(lo, hi), source, per_feature)
