"""A plain Python function as a model: anything that maps a batch to scores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models._batching import predict_batched
from hauberk.models._spec import InputSpec

OUTPUTS = ("probabilities", "logits")


class CallableModel:
    """``fn(batch) -> (n, k)`` probabilities or logits (say which with ``output``)."""

    def __init__(
        self,
        fn: Callable[[NDArray[Any]], Any],
        *,
        classes: Sequence[Any],
        input_spec: InputSpec,
        output: str = "probabilities",
        batch_size: int = 1024,
        query_limit: int | None = None,
    ) -> None:
        if output not in OUTPUTS:
            raise ConfigError(f"output must be one of {OUTPUTS}, got {output!r}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
        if len(classes) < 2:
            raise ConfigError(f"a classifier needs at least 2 classes, got {len(classes)}")
        self.fn = fn
        self._classes = tuple(classes)
        self._spec = input_spec
        self.output = output
        self.batch_size = batch_size
        self._counter = QueryCounter(query_limit)

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return predict_batched(
            x,
            spec=self._spec,
            counter=self._counter,
            batch_size=self.batch_size,
            forward=self.fn,
            classes=self._classes,
            output=self.output,
            source="model function",
        )
