"""Stage 5: the request schema, generated from the model's :class:`InputSpec`.

``{"inputs": [sample, ...]}`` where each sample is a nested list of the spec's shape, every
value a JSON number (never a string, boolean or null), finite, integral for integer dtypes,
and inside ``[lower, upper]`` narrowed to what the dtype holds (a float32 model refuses 1e300
with ``invalid_inputs`` rather than seeing infinity). The same spec gives the JSON Schema in
the OpenAPI document, so clients and fuzzers see exactly what the server enforces.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.models import InputSpec

_INT_RANGE = {
    "int64": (-(2**63), 2**63 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "uint8": (0, 255),
}


def _invalid(message: str) -> GatewayError:
    return GatewayError("invalid_inputs", message)


def _bounds(spec: InputSpec) -> tuple[float | None, float | None]:
    """The spec's range, narrowed to what its dtype holds (1e300 is finite but not a float32)."""
    low, high = spec.lower, spec.upper
    lo: float
    hi: float
    if spec.dtype in _INT_RANGE:
        lo, hi = _INT_RANGE[spec.dtype]
    elif spec.dtype != "float64" and np.dtype(spec.dtype).kind == "f":
        hi = float(np.finfo(spec.dtype).max)
        lo = -hi
    else:
        return low, high
    low = lo if low is None else max(low, lo)
    high = hi if high is None else min(high, hi)
    return low, high


def request_schema(spec: InputSpec, *, max_batch: int) -> dict[str, Any]:
    """The JSON Schema of a prediction request for ``spec``."""
    leaf: dict[str, Any] = {"type": "integer" if spec.dtype in _INT_RANGE else "number"}
    low, high = _bounds(spec)
    if low is not None:
        leaf["minimum"] = low
    if high is not None:
        leaf["maximum"] = high
    sample = leaf
    for size in reversed(spec.shape):
        sample = {"type": "array", "items": sample, "minItems": size, "maxItems": size}
    return {
        "type": "object",
        "properties": {
            "inputs": {"type": "array", "items": sample, "minItems": 1, "maxItems": max_batch}
        },
        "required": ["inputs"],
        "additionalProperties": False,
    }


class SchemaValidator:
    """Turns a parsed request body into a batch array of the model's dtype, or refuses it."""

    def __init__(self, spec: InputSpec, *, max_batch: int = 256) -> None:
        if max_batch < 1:
            raise ConfigError(f"max_batch must be >= 1, got {max_batch}")
        self.spec = spec
        self.max_batch = max_batch
        self.bounds = _bounds(spec)

    def validate(self, payload: Any) -> NDArray[Any]:
        if not isinstance(payload, dict):
            raise _invalid('the body must be a JSON object {"inputs": [...]}')
        extra = sorted(set(payload) - {"inputs"})
        if extra:
            raise _invalid(f"unknown field {extra[0][:40]!r}; the body has only 'inputs'")
        inputs = payload.get("inputs")
        if not isinstance(inputs, list) or not inputs:
            raise _invalid("'inputs' must be a non-empty list of samples")
        if len(inputs) > self.max_batch:
            raise _invalid(f"at most {self.max_batch} samples per request, got {len(inputs)}")
        try:
            arr = np.array(inputs)
        except (ValueError, TypeError, OverflowError):
            raise _invalid(f"every sample must have shape {list(self.spec.shape)}") from None
        if arr.dtype.kind not in "iuf":
            raise _invalid("every value must be a JSON number (no strings, booleans or null)")
        if arr.shape[1:] != self.spec.shape:
            raise _invalid(
                f"every sample must have shape {list(self.spec.shape)}, got {list(arr.shape[1:])}"
            )
        values = arr.astype(np.float64)
        if not np.isfinite(values).all():
            raise GatewayError("non_finite", "every value must be finite")
        low, high = self.bounds
        if low is not None and float(values.min()) < low:
            raise _invalid(f"values must be >= {low}")
        if high is not None and float(values.max()) > high:
            raise _invalid(f"values must be <= {high}")
        if self.spec.dtype in _INT_RANGE:
            if arr.dtype.kind == "f" and not np.array_equal(values, np.floor(values)):
                raise _invalid(f"values must be integers for dtype {self.spec.dtype}")
            return arr.astype(self.spec.dtype)
        return values.astype(self.spec.dtype)
