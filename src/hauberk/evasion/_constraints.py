"""Feature constraints for tabular inputs, and the one projection every attack ends with.

An adversarial example must stay a valid input: inside the ε-ball around the original, inside
the model's value range, and, for tabular data, true to what each feature means (integers stay
integers, a one-hot group keeps exactly one hot column, immutable features such as age or a
customer id do not move). :func:`project` enforces all of it; the attack base class calls it on
every output, so no attack can break it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError

NORMS = ("linf", "l2")
_TOL = 1e-6


def _bounds(value: float | Sequence[float] | None, n: int, name: str, fill: float) -> NDArray[Any]:
    if value is None:
        return np.full(n, fill, dtype=np.float64)
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(n, float(arr), dtype=np.float64)
    if arr.shape != (n,):
        raise ConfigError(
            f"constraints {name}: expected one bound per feature ({n}), got {arr.shape}"
        )
    return arr


def _indices(values: Sequence[int], n: int, name: str) -> tuple[int, ...]:
    out = tuple(int(v) for v in values)
    bad = [v for v in out if not 0 <= v < n]
    if bad:
        raise ConfigError(f"constraints {name}: feature indices {bad} outside 0..{n - 1}")
    if len(set(out)) != len(out):
        raise ConfigError(f"constraints {name}: feature indices repeat: {sorted(out)}")
    return out


@dataclass(frozen=True)
class FeatureConstraints:
    """What each feature of a (flattened) sample may do under attack.

    ``lower``/``upper`` are per-feature (or scalar) bounds on top of the model's input range
    (equal bounds pin a feature, as for a column that is constant in the data);
    ``integer`` features take whole values; each ``categorical`` group is a one-hot block of
    0/1 columns with exactly one 1; ``immutable`` features never change. Indices refer to the
    flattened sample. A categorical group that contains an immutable feature is immutable.
    ``integer_step`` (per feature, default 1) is the grid integer features live on: ``1/s``
    when the evaluation attacks in coordinates rescaled by ``s``.
    """

    n_features: int
    lower: float | Sequence[float] | None = None
    upper: float | Sequence[float] | None = None
    integer: Sequence[int] = ()
    categorical: Sequence[Sequence[int]] = ()
    immutable: Sequence[int] = ()
    integer_step: float | Sequence[float] | None = None
    _lo: NDArray[Any] = field(init=False, repr=False, compare=False)
    _hi: NDArray[Any] = field(init=False, repr=False, compare=False)
    _step: NDArray[Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = int(self.n_features)
        if n < 1:
            raise ConfigError(f"constraints n_features must be >= 1, got {self.n_features}")
        lo = _bounds(self.lower, n, "lower", -np.inf)
        hi = _bounds(self.upper, n, "upper", np.inf)
        if (lo > hi).any():
            raise ConfigError(
                "constraints: every lower bound must be at or below its upper bound "
                "(equal bounds pin a feature)"
            )
        integer = _indices(self.integer, n, "integer")
        immutable = _indices(self.immutable, n, "immutable")
        groups = tuple(_indices(g, n, "categorical group") for g in self.categorical)
        if any(len(g) < 2 for g in groups):
            raise ConfigError("constraints: a categorical group needs at least 2 columns")
        flat = [i for g in groups for i in g]
        if len(set(flat)) != len(flat):
            raise ConfigError("constraints: categorical groups overlap")
        if set(flat) & set(integer):
            raise ConfigError("constraints: a feature cannot be both integer and categorical")
        object.__setattr__(self, "n_features", n)
        object.__setattr__(self, "integer", integer)
        object.__setattr__(self, "immutable", immutable)
        object.__setattr__(self, "categorical", groups)
        step = _bounds(self.integer_step, n, "integer_step", 1.0)
        if not (np.isfinite(step) & (step > 0)).all():
            raise ConfigError("constraints integer_step: every step must be a finite number > 0")
        object.__setattr__(self, "_lo", lo)
        object.__setattr__(self, "_hi", hi)
        object.__setattr__(self, "_step", step)

    @property
    def frozen_mask(self) -> NDArray[np.bool_]:
        """Features no attack may move: immutable ones and whole groups that contain one."""
        mask = np.zeros(self.n_features, dtype=bool)
        mask[list(self.immutable)] = True
        for g in self.categorical:
            if mask[list(g)].any():
                mask[list(g)] = True
        return mask

    @property
    def continuous_mask(self) -> NDArray[np.bool_]:
        """Features a gradient step may move freely (not frozen, not categorical)."""
        mask = ~self.frozen_mask
        for g in self.categorical:
            mask[list(g)] = False
        return mask

    def bounds(self) -> tuple[NDArray[Any], NDArray[Any]]:
        return self._lo.copy(), self._hi.copy()

    @property
    def steps(self) -> NDArray[np.float64]:
        """The grid step of every feature (only integer features use it)."""
        out: NDArray[np.float64] = self._step.copy()
        return out

    def check(self, x: NDArray[Any], *, where: str = "x") -> None:
        """Raise :class:`InputError` if clean inputs already break the constraints."""
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        if flat.shape[1] != self.n_features:
            raise InputError(
                f"{where}: constraints are for {self.n_features} features, samples have "
                f"{flat.shape[1]}"
            )
        if (flat < self._lo - _TOL).any() or (flat > self._hi + _TOL).any():
            raise InputError(f"{where}: values outside the per-feature bounds of the constraints")
        ints = list(self.integer)
        on_grid = flat[:, ints] / self._step[ints]
        if ints and not np.allclose(on_grid, np.round(on_grid), atol=_TOL):
            raise InputError(f"{where}: integer features {ints} hold non-integer values")
        for g in self.categorical:
            block = flat[:, list(g)]
            ok = np.isin(block, (0.0, 1.0)).all(axis=1) & (block.sum(axis=1) == 1)
            if not ok.all():
                raise InputError(
                    f"{where}: categorical group {list(g)} is not one-hot in every row"
                )


def ball_norm(delta: NDArray[Any], norm: str) -> NDArray[np.float64]:
    """Per-row ℓ∞ or ℓ2 norm of a batch of perturbations."""
    flat = np.asarray(delta, dtype=np.float64).reshape(len(delta), -1)
    out: NDArray[np.float64] = (
        np.abs(flat).max(axis=1, initial=0.0) if norm == "linf" else np.sqrt((flat**2).sum(axis=1))
    )
    return out


def project(
    x: NDArray[Any],
    x_adv: NDArray[Any],
    *,
    eps: float,
    norm: str,
    lower: float | None,
    upper: float | None,
    constraints: FeatureConstraints | None = None,
) -> NDArray[np.float64]:
    """Bring ``x_adv`` back into the ε-ball around ``x``, the value range and the constraints.

    ``x`` must satisfy the constraints. Non-finite values fall back to ``x``. Categorical
    groups take their arg-max column; a group change costs 1 (ℓ∞) or √2 (ℓ2) and is kept only
    while the ball has room for it. Integers are rounded, or truncated towards ``x`` where
    rounding would leave the ball, so the result never leaves the ball.
    """
    n = len(x)
    shape = x.shape
    x0 = np.asarray(x, dtype=np.float64).reshape(n, -1)
    xa = np.asarray(x_adv, dtype=np.float64).reshape(n, -1)
    xa = np.where(np.isfinite(xa), xa, x0)
    d = xa - x0
    nf = x0.shape[1]
    lo = np.full(nf, -np.inf if lower is None else float(lower))
    hi = np.full(nf, np.inf if upper is None else float(upper))
    free = np.ones(nf, dtype=bool)
    if constraints is not None:
        clo, chi = constraints.bounds()
        lo, hi = np.maximum(lo, clo), np.minimum(hi, chi)
        free = constraints.continuous_mask
        d[:, constraints.frozen_mask] = 0.0
    cat_cost = np.zeros(n)  # squared ℓ2 (or ℓ∞) cost of category changes, per row
    if constraints is not None:
        frozen = constraints.frozen_mask
        for g in constraints.categorical:
            cols = list(g)
            if frozen[cols].any():
                continue
            orig = x0[:, cols]
            new = np.zeros_like(orig)
            new[np.arange(n), np.argmax(xa[:, cols], axis=1)] = 1.0
            changed = (new != orig).any(axis=1)
            step = 1.0 if norm == "linf" else 2.0
            allowed = changed & (
                step <= eps + _TOL if norm == "linf" else cat_cost + step <= eps**2
            )
            d[:, cols] = np.where(allowed[:, None], new - orig, 0.0)
            if norm == "l2":
                cat_cost += np.where(allowed, step, 0.0)
    dc = d[:, free]
    if norm == "linf":
        dc = np.clip(dc, -eps, eps)
    else:
        radius = np.sqrt(np.maximum(eps**2 - cat_cost, 0.0))
        size = np.sqrt((dc**2).sum(axis=1))
        scale = np.minimum(1.0, radius / np.maximum(size, 1e-30))
        dc = dc * scale[:, None]
    xc = np.clip(x0[:, free] + dc, lo[free], hi[free])
    d[:, free] = xc - x0[:, free]
    if constraints is not None and constraints.integer:
        ints = np.asarray(constraints.integer)
        ints = ints[free[ints]]
        if len(ints):
            step = constraints.steps[ints]
            di = d[:, ints] / step  # in grid steps; x0 lies on the grid
            ilo = np.ceil(lo[ints] / step - _TOL) - x0[:, ints] / step
            ihi = np.floor(hi[ints] / step + _TOL) - x0[:, ints] / step
            rounded = np.clip(np.round(di), np.round(ilo), np.round(ihi)) * step
            trunc = np.trunc(di) * step
            if norm == "linf":
                d[:, ints] = np.where(np.abs(rounded) <= eps + _TOL, rounded, trunc)
            else:
                trial = d.copy()
                trial[:, ints] = rounded
                over = np.sqrt((trial**2).sum(axis=1)) > eps + _TOL
                d[:, ints] = np.where(over[:, None], trunc, rounded)
    return (x0 + d).reshape(shape)
