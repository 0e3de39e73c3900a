"""The attacker's copy: a small torch network trained on the victim's answers.

The default architecture is a two-layer perceptron over the flattened input, which is enough
for tabular data and small images (digits 8x8); give ``architecture`` (a function of
``(input_shape, classes) -> nn.Module`` returning logits) for anything larger. Soft labels
(probability rows) are fitted with cross-entropy against the full distribution, which is how
Knockoff Nets use the victim's scores; hard labels are one-hot rows. torch loads lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.models import InputSpec, TorchModel, torch_threads

Architecture = Callable[[tuple[int, ...], int], Any]


def require_torch() -> Any:
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is in the test environment
        raise InputError(
            "model extraction trains a torch copy: pip install 'hauberk[torch]'"
        ) from None
    return torch


def mlp(input_shape: tuple[int, ...], classes: int, hidden: int = 256) -> Any:
    torch = require_torch()
    features = int(np.prod(input_shape))
    return torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(features, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, classes),
    )


class SurrogateTrainer:
    """Fits a fresh copy on ``(x, soft labels)``: keyword-only settings, work in :meth:`fit`."""

    def __init__(
        self,
        *,
        architecture: Architecture | None = None,
        epochs: int = 40,
        batch_size: int = 64,
        learning_rate: float = 1e-3,
        threads: int | None = 1,
        seed: int = 0,
    ) -> None:
        if threads is not None and threads < 1:
            raise ConfigError(f"threads must be >= 1 or None, got {threads}")
        if not 1 <= epochs <= 10_000:
            raise ConfigError(f"epochs must be within 1..10000, got {epochs}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
        if not 0 < learning_rate < 10:
            raise ConfigError(f"learning_rate must be within (0, 10), got {learning_rate}")
        self.architecture = architecture or mlp
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.threads = threads
        self.seed = seed

    def new_module(self, spec: InputSpec, classes: int) -> Any:
        return self.architecture(spec.shape, classes)

    def fit(
        self,
        x: NDArray[Any],
        soft: NDArray[np.float64],
        *,
        spec: InputSpec,
        classes: tuple[Any, ...],
        module: Any = None,
    ) -> TorchModel:
        """Train ``module`` (a fresh one if ``None``) to match ``soft`` on ``x``."""
        with torch_threads(self.threads):
            return self._fit(x, soft, spec=spec, classes=classes, module=module)

    def _fit(
        self,
        x: NDArray[Any],
        soft: NDArray[np.float64],
        *,
        spec: InputSpec,
        classes: tuple[Any, ...],
        module: Any,
    ) -> TorchModel:
        torch = require_torch()
        if len(x) != len(soft) or len(x) == 0:
            raise InputError(
                f"surrogate training needs matching rows, got {len(x)} and {len(soft)}"
            )
        gen = torch.Generator().manual_seed(self.seed)
        if module is None:
            with torch.random.fork_rng():
                torch.manual_seed(self.seed)
                module = self.new_module(spec, len(classes))
        xt = torch.as_tensor(np.asarray(x, dtype=np.float32).reshape(len(x), *spec.shape))
        pt = torch.as_tensor(np.asarray(soft, dtype=np.float32))
        opt = torch.optim.Adam(module.parameters(), lr=self.learning_rate)
        module.train()
        steps_per_epoch = max(1, -(-len(xt) // self.batch_size))
        for _ in range(self.epochs):
            perm = torch.randperm(len(xt), generator=gen)
            for i in range(steps_per_epoch):
                idx = perm[i * self.batch_size : (i + 1) * self.batch_size]
                logp = torch.log_softmax(module(xt[idx]), dim=1)
                loss = -(pt[idx] * logp).sum(dim=1).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
        module.eval()
        return TorchModel(module, input_spec=spec, classes=classes, output="logits")


def input_gradient_sign(
    copy: TorchModel, x: NDArray[Any], labels: NDArray[np.int64]
) -> NDArray[Any]:
    """``sign(d logit[label] / dx)`` of the copy: Papernot's Jacobian direction."""
    torch = require_torch()
    xt = torch.as_tensor(np.asarray(x, dtype=np.float32)).requires_grad_(True)
    out = copy.module(xt)
    picked = out.gather(1, torch.as_tensor(labels, dtype=torch.int64).view(-1, 1)).sum()
    (grad,) = torch.autograd.grad(picked, xt)
    return np.asarray(np.sign(grad.numpy()))
