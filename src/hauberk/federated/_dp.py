"""Differential privacy for federated training: Opacus on the client, RDP accounting on the
server.

- :class:`OpacusClient` trains the same softmax-regression model as the simulated clients,
  with DP-SGD from Opacus (per-sample clipping and Gaussian noise; Abadi et al. 2016), and
  reports the ε Opacus' accountant gives for its local data.
- :func:`server_epsilon` is the user-level ε of DP-FedAvg with server-side fixed clipping
  (McMahan et al. 2018) after ``rounds`` rounds, from Opacus' RDP analysis (Mironov 2017).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from flwr.client import NumPyClient
from flwr.common import NDArrays, Scalar

_ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))


def server_epsilon(
    noise_multiplier: float, rounds: int, *, delta: float = 1e-5, sample_rate: float = 1.0
) -> float:
    """ε after ``rounds`` of the sampled Gaussian mechanism (client-level DP); inf without noise."""
    if noise_multiplier <= 0:
        return float("inf")
    from opacus.accountants.analysis.rdp import compute_rdp, get_privacy_spent

    rdp = compute_rdp(
        q=sample_rate, noise_multiplier=noise_multiplier, steps=rounds, orders=_ORDERS
    )
    eps, _ = get_privacy_spent(orders=_ORDERS, rdp=rdp, delta=delta)
    return float(eps)


class OpacusClient(NumPyClient):
    """An honest client that trains with Opacus DP-SGD (``noise_multiplier``, ``max_grad_norm``)."""

    def __init__(
        self,
        x: Any,
        y: Any,
        *,
        classes: int,
        noise_multiplier: float,
        max_grad_norm: float = 1.0,
        epochs: int = 2,
        lr: float = 0.5,
        batch: int = 16,
        delta: float = 1e-5,
        seed: int = 0,
    ) -> None:
        self.x = np.asarray(x, dtype=np.float32)
        self.y = np.asarray(y, dtype=np.int64)
        self.classes = classes
        self.noise_multiplier = noise_multiplier
        self.max_grad_norm = max_grad_norm
        self.epochs = epochs
        self.lr = lr
        self.batch = batch
        self.delta = delta
        self.seed = seed
        self.epsilon = 0.0

    def fit(
        self, parameters: NDArrays, config: dict[str, Scalar]
    ) -> tuple[NDArrays, int, dict[str, Scalar]]:
        import torch
        from opacus import PrivacyEngine
        from torch.utils.data import DataLoader, TensorDataset

        torch.manual_seed(self.seed * 100003 + int(config.get("round", 0)))
        model = torch.nn.Linear(self.x.shape[1], self.classes)
        with torch.no_grad():
            model.weight.copy_(torch.as_tensor(np.asarray(parameters[0]).T, dtype=torch.float32))
            model.bias.copy_(torch.as_tensor(np.asarray(parameters[1]), dtype=torch.float32))
        loader = DataLoader(
            TensorDataset(torch.from_numpy(self.x), torch.from_numpy(self.y)),
            batch_size=self.batch,
            shuffle=True,
        )
        optimizer = torch.optim.SGD(model.parameters(), lr=self.lr)
        engine = PrivacyEngine(accountant="rdp")
        model, optimizer, loader = engine.make_private(
            module=model,
            optimizer=optimizer,
            data_loader=loader,
            noise_multiplier=self.noise_multiplier,
            max_grad_norm=self.max_grad_norm,
        )
        loss_fn = torch.nn.CrossEntropyLoss()
        for _ in range(self.epochs):
            for xb, yb in loader:
                if len(xb) == 0:
                    continue
                optimizer.zero_grad()
                loss_fn(model(xb), yb).backward()
                optimizer.step()
        self.epsilon = float(engine.get_epsilon(self.delta))
        inner = model._module if hasattr(model, "_module") else model
        w = inner.weight.detach().numpy().T.astype(np.float64)
        b = inner.bias.detach().numpy().astype(np.float64)
        return [w, b], len(self.x), {"epsilon": self.epsilon}
