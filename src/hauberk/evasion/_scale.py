"""ε in units of each feature's spread, for tabular inputs.

An absolute ε means nothing on a table whose features run from 0.003 to 4,000: 0.1 is half the
range of one column and a rounding error of another, so robust accuracy measures the units of
the columns, not the model (issue 14). By default the evaluation attacks tabular models in
rescaled coordinates ``z = x / s``, where ``s`` is each feature's robust spread in the data, so
ε = 0.1 moves every feature by at most a tenth of its spread (ℓ∞) and an ℓ2 ball weighs every
feature alike. ``auto`` does so when feature ranges differ more than 100-fold (mixed units);
features already in one unit (pixels of a flattened image) keep ε in input units. Attacks are
untouched: they see a model that takes ``z`` (:class:`Rescaled`),
and bounds and constraints are rescaled with it. Features are not centred, so an integer
feature stays on a grid (of step ``1/s``) and one-hot columns keep their 0/1 values (they are
never rescaled: a category change is a category change).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import QueryCounter
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.models import InputSpec

ScaleKind = Literal["auto", "iqr", "std", "range", "none"]
#: Feature ranges that differ more than this are in mixed units: ``auto`` rescales them, and
#: an absolute ε on them gets a warning.
MIXED_UNITS_RATIO = 100.0


def feature_spread(rows: NDArray[Any], kind: ScaleKind) -> NDArray[np.float64]:
    """Each column's spread: IQR/1.349 (the normal σ, robust to outliers) for ``auto`` and
    ``iqr``, else the standard deviation or the range; a zero spread falls back to the next
    measure and finally to 1, so no feature is frozen by its scale (constant ones are pinned by
    the domain instead)."""
    flat = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)
    q1, q3 = np.percentile(flat, [25, 75], axis=0)
    measures = {
        "iqr": (q3 - q1) / 1.349,
        "std": flat.std(axis=0),
        "range": flat.max(axis=0) - flat.min(axis=0),
    }
    order: dict[str, tuple[str, ...]] = {"auto": ("iqr", "std", "range")}
    order["iqr"] = order["auto"]
    order |= {"std": ("std", "range"), "range": ("range",)}
    out = np.ones(flat.shape[1])
    unset = np.ones(flat.shape[1], dtype=bool)
    for name in order[kind]:
        m = measures[name]
        take = unset & np.isfinite(m) & (m > 1e-12)
        out[take] = m[take]
        unset &= ~take
    return out


@dataclass(frozen=True)
class Scaling:
    """The per-feature scale an evaluation used, and how it was chosen (for the report)."""

    scale: NDArray[np.float64]
    kind: str
    source: str

    @property
    def identity(self) -> bool:
        return bool(np.all(self.scale == 1.0))

    def describe(self, names: Sequence[str] = ()) -> dict[str, Any]:
        per = {
            (names[i] if i < len(names) else str(i)): float(f"{v:.6g}")
            for i, v in enumerate(self.scale)
        }
        return {"kind": self.kind, "source": self.source, "per_feature": per}

    def constraints(self, c: FeatureConstraints) -> FeatureConstraints:
        """``c`` in rescaled coordinates: bounds divided by the scale, integer features on
        their ``1/s`` grid."""
        lo, hi = c.bounds()
        return FeatureConstraints(
            n_features=c.n_features,
            lower=(lo / self.scale).tolist(),
            upper=(hi / self.scale).tolist(),
            integer=c.integer,
            categorical=c.categorical,
            immutable=c.immutable,
            integer_step=(1.0 / self.scale).tolist(),
        )


def range_ratio(rows: NDArray[Any]) -> float:
    """Largest over smallest feature range among features that vary (1 when fewer than two
    do): about 1-20 for pixels or features already in one unit (digits 16, iris 2.5), 10^3 and
    more for raw tables in mixed units (wine 2.6e3, breast cancer 1.4e5)."""
    flat = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)
    r = flat.max(axis=0) - flat.min(axis=0)
    r = r[r > 1e-12]
    return float(r.max() / r.min()) if len(r) > 1 else 1.0


def rescaled(model: Any, scale: NDArray[np.float64]) -> Any:
    """``model`` seen through ``z = x / scale``; differentiable when ``model`` is."""
    from hauberk.models import Differentiable

    if isinstance(model, Differentiable):
        return RescaledDifferentiable(model, scale)
    return Rescaled(model, scale)


class Rescaled:
    """``model`` seen through ``z = x / scale``: the same classifier in rescaled inputs.
    Scores and query counts are the model's own, so budgets hold."""

    def __init__(self, model: Any, scale: NDArray[np.float64]) -> None:
        self.inner = model
        self.scale = np.asarray(scale, dtype=np.float64)
        spec = model.input_spec
        self._spec = InputSpec(shape=spec.shape, dtype=spec.dtype, feature_names=spec.feature_names)

    @property
    def classes(self) -> tuple[Any, ...]:
        return tuple(self.inner.classes)

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        counter: QueryCounter = self.inner.counter
        return counter

    def _x(self, z: NDArray[Any]) -> NDArray[Any]:
        flat = np.asarray(z, dtype=np.float64).reshape(len(z), -1) * self.scale
        return flat.reshape(np.shape(z)).astype(self.inner.input_spec.dtype)

    def predict_proba(self, z: NDArray[Any]) -> NDArray[np.float64]:
        out: NDArray[np.float64] = self.inner.predict_proba(self._x(z))
        return out


class RescaledDifferentiable(Rescaled):
    """:class:`Rescaled` with gradients by the chain rule and a torch module that multiplies
    by the scale before the model."""

    def logits(self, z: NDArray[Any]) -> NDArray[np.float64]:
        out: NDArray[np.float64] = self.inner.logits(self._x(z))
        return out

    def loss_gradient(self, z: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
        g = np.asarray(self.inner.loss_gradient(self._x(z), y), dtype=np.float64)
        out: NDArray[np.float64] = (g.reshape(len(g), -1) * self.scale).reshape(g.shape)
        return out

    def torch_module(self) -> Any:
        import torch

        inner = self.inner.torch_module()
        shape = self.inner.input_spec.shape
        factor = torch.as_tensor(self.scale.reshape(shape), dtype=torch.float32)

        class _Scale(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.register_buffer("factor", factor)
                self.inner = inner

            def forward(self, z: Any) -> Any:
                return self.inner(z * self.factor.to(z.dtype))

        return _Scale().eval()
