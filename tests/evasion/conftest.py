"""Tiny models trained once per session on scikit-learn's digits (8x8, scaled to [0, 1])."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.models import InputSpec, TorchModel

SPEC = InputSpec(shape=(1, 8, 8), dtype="float32", lower=0.0, upper=1.0)


def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    x = (data.data / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    y = data.target.astype(np.int64)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    return xtr, ytr, xte, yte


def small_cnn() -> Any:
    import torch

    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1, stride=2),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(32 * 4 * 4, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )


def train(module: Any, x: np.ndarray, y: np.ndarray, *, epochs: int = 15, seed: int = 0) -> Any:
    import torch

    torch.manual_seed(seed)
    opt = torch.optim.Adam(module.parameters(), lr=3e-3)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    gen = torch.Generator().manual_seed(seed)
    module.train()
    for _ in range(epochs):
        perm = torch.randperm(len(xt), generator=gen)
        for i in range(0, len(xt), 64):
            idx = perm[i : i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(module(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return module.eval()


@pytest.fixture(scope="session")
def digits_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return digits()


@pytest.fixture(scope="session")
def digits_module(digits_data: Any) -> Any:
    import torch

    torch.set_num_threads(1)
    xtr, ytr, _, _ = digits_data
    return train(small_cnn(), xtr, ytr)


@pytest.fixture
def digits_model(digits_module: Any) -> TorchModel:
    """A fresh adapter (fresh query counter) around the session's trained CNN."""
    return TorchModel(digits_module, input_spec=SPEC, classes=range(10))
