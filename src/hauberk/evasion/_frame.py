"""What an evaluation attacks in: the sample, the domain, the constraints and the ε units.

Tabular models are attacked with ε in units of each feature's spread (:mod:`._scale`) unless
``[evasion] scale = "none"``; ``[evasion.features]`` adds per-feature bounds, integer and
immutable features and the user's own scale, by feature name (or index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

from hauberk.core import ConfigError
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._domain import InputDomain
from hauberk.evasion._scale import (
    MIXED_UNITS_RATIO,
    ScaleKind,
    Scaling,
    feature_spread,
    range_ratio,
    rescaled,
)

SCALE_NAMES = {
    "auto": "IQR/1.349 of the data, per feature",
    "iqr": "IQR/1.349 of the data, per feature",
    "std": "standard deviation of the data, per feature",
    "range": "range of the data, per feature",
}


class FeatureSetting(BaseModel):
    """One ``[evasion.features] NAME = {...}`` entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: float | None = Field(default=None, gt=0, description="ε = 1 moves it this much")
    min: float | None = None
    max: float | None = None
    integer: bool = False
    immutable: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> FeatureSetting:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must be at or below max")
        return self


@dataclass(frozen=True)
class Frame:
    """The model and sample as the attacks see them, and what the report says about it."""

    model: Any
    x: NDArray[Any]
    constraints: FeatureConstraints | None
    scaling: Scaling | None
    warning: str | None
    kind: str = "none"

    def to_attack(self, rows: NDArray[Any]) -> NDArray[Any]:
        """Other rows (a surrogate's training data) in the attacks' coordinates."""
        if self.scaling is None:
            return rows
        return _divide(rows, self.scaling.scale)

    def describe(self, names: tuple[str, ...]) -> dict[str, Any]:
        if self.scaling is None:
            source = "ε in the model's input units"
            if self.kind == "auto":
                source += f" (feature ranges within {MIXED_UNITS_RATIO:g}-fold: one unit)"
            out: dict[str, Any] = {"kind": self.kind, "source": source}
        else:
            out = self.scaling.describe(names)
        if self.warning:
            out["warning"] = self.warning
        return out

    def sentence(self) -> str:
        if self.scaling is None:
            return " ε is in the model's input units."
        return f" ε is in units of each feature's spread ({self.scaling.source})."


def _divide(rows: NDArray[Any], scale: NDArray[np.float64]) -> NDArray[Any]:
    flat = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1) / scale
    return flat.reshape(np.shape(rows))


def _index(name: str, names: tuple[str, ...], n: int) -> int:
    if name in names:
        return names.index(name)
    if name.isdigit() and int(name) < n:
        return int(name)
    known = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") if names else "none"
    raise ConfigError(
        f"[evasion.features] {name!r} is not a feature of the model (names: {known}; or use "
        f"an index 0..{n - 1})"
    )


def _constraints(
    domain: InputDomain, features: dict[str, FeatureSetting], names: tuple[str, ...]
) -> FeatureConstraints | None:
    """The domain's bounds narrowed by the user's per-feature settings."""
    n = len(domain.lower)
    lo, hi = domain.lower.copy(), domain.upper.copy()
    integer, immutable = [], []
    for name, f in features.items():
        i = _index(name, names, n)
        lo[i] = lo[i] if f.min is None else max(lo[i], f.min)
        hi[i] = hi[i] if f.max is None else min(hi[i], f.max)
        integer += [i] if f.integer else []
        immutable += [i] if f.immutable else []
    if not features and domain.from_model:
        return None
    return FeatureConstraints(
        n_features=n,
        lower=lo.tolist(),
        upper=np.maximum(lo, hi).tolist(),
        integer=sorted(integer),
        immutable=sorted(immutable),
    )


def _scaling(
    kind: ScaleKind,
    features: dict[str, FeatureSetting],
    names: tuple[str, ...],
    rows: NDArray[Any],
) -> Scaling | None:
    n = int(np.prod(rows.shape[1:]))
    own = {_index(k, names, n): f.scale for k, f in features.items() if f.scale is not None}
    if kind == "none" and not own:
        return None
    scale = np.ones(n) if kind == "none" else feature_spread(rows, kind)
    for i, s in own.items():
        scale[i] = s
    source = SCALE_NAMES.get(kind, "1 per feature")
    if own:
        source += f"; your own scale for {len(own)} feature(s)"
    return Scaling(scale, kind, source)


def frame(
    model: Any,
    x: NDArray[Any],
    domain: InputDomain,
    rows: NDArray[Any],
    *,
    kind: ScaleKind,
    features: dict[str, FeatureSetting],
) -> Frame:
    """Build the frame: ``rows`` is all the data the target has (for the spreads)."""
    spec = model.input_spec
    names = tuple(spec.feature_names)
    if not domain.per_feature:
        if features:
            raise ConfigError(
                "[evasion.features] applies to tabular inputs (one axis per sample); this "
                f"model takes inputs shaped {spec.shape}"
            )
        return Frame(model, x, domain.constraints(), None, None)
    constraints = _constraints(domain, features, names)
    ratio = range_ratio(rows)
    mixed = ratio > MIXED_UNITS_RATIO
    scaling = _scaling("none" if kind == "auto" and not mixed else kind, features, names, rows)
    if scaling is None:
        warning = None
        if mixed:
            warning = (
                f"feature ranges differ {ratio:,.0f}-fold and ε is absolute: the small "
                "features can move across their whole range while the large ones cannot "
                'move; set [evasion] scale = "auto" or per-feature scales'
            )
        return Frame(model, x, constraints, None, warning, kind)
    if constraints is None:
        constraints = FeatureConstraints(
            n_features=len(domain.lower), lower=domain.lower.tolist(), upper=domain.upper.tolist()
        )
    return Frame(
        rescaled(model, scaling.scale),
        _divide(x, scaling.scale),
        scaling.constraints(constraints),
        scaling,
        None,
    )
