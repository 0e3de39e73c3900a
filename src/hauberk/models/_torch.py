"""A torch ``nn.Module`` classifier: scores, logits and input gradients. torch loads lazily."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models._batching import predict_batched
from hauberk.models._spec import InputSpec

OUTPUTS = ("logits", "probabilities")


class TorchModel:
    """Wraps a module that maps ``(n, *input_shape)`` float tensors to ``(n, k)`` logits.

    The module is put in ``eval()`` mode; gradients are taken with respect to the input only.
    """

    def __init__(
        self,
        module: Any,
        *,
        input_spec: InputSpec,
        classes: Sequence[Any] | None = None,
        output: str = "logits",
        device: str = "cpu",
        batch_size: int = 256,
        query_limit: int | None = None,
    ) -> None:
        import torch

        if not isinstance(module, torch.nn.Module):
            raise ConfigError(f"expected a torch.nn.Module, got {type(module).__name__}")
        if output not in OUTPUTS:
            raise ConfigError(f"output must be one of {OUTPUTS}, got {output!r}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
        self.module = module.to(device).eval()
        self.device = device
        self.output = output
        self.batch_size = batch_size
        self._spec = input_spec
        self._counter = QueryCounter(query_limit)
        if classes is None:
            probe = np.zeros((1, *input_spec.shape), dtype=np.float32)
            classes = range(self._raw(probe).shape[1])
        self._classes = tuple(classes)

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def torch_module(self) -> Any:
        """The module as logits; wraps a probability-output module with a log."""
        if self.output == "logits":
            return self.module
        import torch

        inner = self.module

        class _Log(torch.nn.Module):
            def forward(self, x: Any) -> Any:
                return torch.log(inner(x).clamp_min(1e-12))

        return _Log().eval()

    def _raw(self, batch: NDArray[Any]) -> NDArray[np.float64]:
        import torch

        with torch.no_grad():
            t = torch.as_tensor(np.asarray(batch, dtype=np.float32), device=self.device)
            out = self.module(t)
        return np.asarray(out.detach().cpu().numpy(), dtype=np.float64)

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return predict_batched(
            x,
            spec=self._spec,
            counter=self._counter,
            batch_size=self.batch_size,
            forward=self._raw,
            classes=self._classes,
            output=self.output,
            source=f"torch {type(self.module).__name__}",
        )

    def logits(self, x: NDArray[Any]) -> NDArray[np.float64]:
        arr = self._spec.check(x)
        self._counter.charge(len(arr))
        out = self._raw(arr)
        return np.log(np.clip(out, 1e-12, None)) if self.output == "probabilities" else out

    def loss_gradient(self, x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
        """Gradient of the mean cross-entropy with respect to ``x``; ``y`` are column indices."""
        import torch

        arr = self._spec.check(x)
        self._counter.charge(len(arr))
        xt = torch.as_tensor(np.asarray(arr, dtype=np.float32), device=self.device)
        xt.requires_grad_(True)
        yt = torch.as_tensor(np.asarray(y, dtype=np.int64), device=self.device)
        loss = torch.nn.functional.cross_entropy(self.torch_module()(xt), yt, reduction="sum")
        (grad,) = torch.autograd.grad(loss, xt)
        return np.asarray(grad.cpu().numpy(), dtype=np.float64)
