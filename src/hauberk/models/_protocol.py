"""The two protocols every check talks to: ``Model`` (scores) and ``Differentiable`` (gradients)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from hauberk.core import QueryCounter
from hauberk.models._spec import InputSpec


@runtime_checkable
class Model(Protocol):
    """A classifier seen through its scores.

    ``predict_proba`` takes a batch shaped ``(n, *input_spec.shape)`` and returns ``(n, k)``
    probabilities whose column ``i`` belongs to ``classes[i]``. Every call charges ``counter``
    with ``n`` rows before it runs, so budgets hold for local and remote models alike.
    """

    @property
    def classes(self) -> tuple[Any, ...]: ...

    @property
    def input_spec(self) -> InputSpec: ...

    @property
    def counter(self) -> QueryCounter: ...

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]: ...


@runtime_checkable
class Differentiable(Model, Protocol):
    """A model that also gives logits and input gradients (white-box attacks).

    ``torch_module()`` returns an ``nn.Module`` mapping an input tensor to logits, for attacks
    that run natively in torch; callers charge ``counter`` themselves for each forward pass.
    """

    def logits(self, x: NDArray[Any]) -> NDArray[np.float64]: ...

    def loss_gradient(self, x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]: ...

    def torch_module(self) -> Any: ...


def label_indices(model: Model, y: NDArray[Any]) -> NDArray[np.int64]:
    """Map class labels to output column indices; unknown labels are an input error."""
    from hauberk.core import InputError

    lookup = {c: i for i, c in enumerate(model.classes)}
    try:
        return np.fromiter((lookup[v] for v in np.asarray(y).tolist()), dtype=np.int64)
    except KeyError as exc:
        raise InputError(
            f"label {exc.args[0]!r} is not one of the model's classes {list(model.classes)[:20]}"
        ) from None
