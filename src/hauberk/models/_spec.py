"""What a model accepts: per-sample shape, dtype and valid value range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError

DTYPES = ("float32", "float64", "int64", "int32", "uint8")


@dataclass(frozen=True)
class InputSpec:
    """Shape of one sample (no batch axis), dtype, and the valid range of every value.

    ``lower``/``upper`` bound the input domain (for example ``0..1`` for scaled pixels); attacks
    clip to them and the gateway rejects values outside them. ``None`` means unbounded.
    """

    shape: tuple[int, ...]
    dtype: str = "float32"
    lower: float | None = None
    upper: float | None = None
    feature_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.shape or any(int(d) <= 0 for d in self.shape):
            raise InputError(f"input shape must be positive sizes, got {self.shape}")
        object.__setattr__(self, "shape", tuple(int(d) for d in self.shape))
        if self.dtype not in DTYPES:
            raise InputError(f"input dtype {self.dtype!r} is not one of {', '.join(DTYPES)}")
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise InputError(f"input range lower={self.lower} must be below upper={self.upper}")

    @property
    def features(self) -> int:
        return int(np.prod(self.shape))

    def check(self, x: Any, *, where: str = "inputs") -> NDArray[Any]:
        """Return ``x`` as an array of this spec's dtype with a batch axis, or say what is wrong."""
        arr = np.asarray(x)
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
        ):
            raise InputError(f"{where}: expected numbers, got dtype {arr.dtype}")
        if arr.shape[1:] != self.shape:
            if arr.ndim >= 1 and arr.shape[1:] and int(np.prod(arr.shape[1:])) == self.features:
                arr = arr.reshape((arr.shape[0], *self.shape))
            else:
                raise InputError(
                    f"{where}: each sample must have shape {self.shape}, got batch shape "
                    f"{arr.shape}; reshape the data or set the model's input_shape"
                )
        arr = arr.astype(self.dtype, copy=False)
        if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
            raise InputError(f"{where}: contains NaN or infinite values")
        return arr

    def in_range(self, x: NDArray[Any], tol: float = 1e-6) -> bool:
        low_ok = self.lower is None or float(x.min(initial=np.inf)) >= self.lower - tol
        high_ok = self.upper is None or float(x.max(initial=-np.inf)) <= self.upper + tol
        return low_ok and high_ok

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": list(self.shape),
            "dtype": self.dtype,
            "lower": self.lower,
            "upper": self.upper,
        }

    @classmethod
    def infer(
        cls, x: NDArray[Any], *, lower: float | None = None, upper: float | None = None
    ) -> InputSpec:
        """A spec from example data: its sample shape, float32, and the given bounds."""
        return cls(shape=tuple(x.shape[1:]), dtype="float32", lower=lower, upper=upper)


class NonFiniteOutputError(InputError):
    """The model's outputs for these inputs hold NaN or infinity (e.g. a float32 overflow)."""


def softmax(z: NDArray[Any]) -> NDArray[np.float64]:
    z = np.asarray(z, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return out


def check_proba(p: Any, rows: int, classes: Sequence[Any] | None, *, source: str) -> NDArray[Any]:
    """Refuse outputs that are not one probability row per input."""
    arr = np.asarray(p, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != rows:
        raise InputError(f"{source}: expected outputs of shape ({rows}, classes), got {arr.shape}")
    if classes is not None and arr.shape[1] != len(classes):
        raise InputError(f"{source}: {arr.shape[1]} output columns but {len(classes)} classes")
    if not np.isfinite(arr).all():
        raise NonFiniteOutputError(f"{source}: outputs contain NaN or infinity")
    if (arr < -1e-6).any() or (arr > 1 + 1e-6).any() or not np.allclose(arr.sum(1), 1, atol=1e-3):
        raise InputError(
            f"{source}: outputs are not probabilities (rows must be in [0, 1] and sum to 1); "
            "declare output='logits' if the model returns scores"
        )
    return arr
