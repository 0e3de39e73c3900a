"""Shared by every adapter: validate, charge the counter, run in batches, check the output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import QueryCounter
from hauberk.models._spec import InputSpec, check_proba, softmax


def predict_batched(
    x: Any,
    *,
    spec: InputSpec,
    counter: QueryCounter,
    batch_size: int,
    forward: Callable[[NDArray[Any]], Any],
    classes: tuple[Any, ...] | None,
    output: str,
    source: str,
) -> NDArray[np.float64]:
    """Run ``forward`` over ``x`` in batches; ``output`` says whether it returns logits."""
    arr = spec.check(x)
    parts = []
    for start in range(0, len(arr), batch_size):
        batch = arr[start : start + batch_size]
        counter.charge(len(batch))
        raw = np.asarray(forward(batch), dtype=np.float64)
        if output == "logits":
            raw = softmax(raw.reshape(len(batch), -1))
        parts.append(check_proba(raw, len(batch), classes, source=source))
    if not parts:
        width = len(classes) if classes else 0
        return np.zeros((0, width), dtype=np.float64)
    return np.concatenate(parts)
