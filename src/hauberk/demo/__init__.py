"""The built-in demo target: a small CNN trained on scikit-learn's bundled digits.

Everything comes from data that ships with scikit-learn, with fixed seeds, so ``make demo``
needs no network and builds the same model every time. The model is saved the way most torch
users save theirs (``torch.save(model.state_dict())``) and loaded back with
``weights_only=True`` into :class:`DigitsCNN`.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["INPUT_SHAPE", "DigitsCNN", "load_digits_split", "train_digits_cnn"]

INPUT_SHAPE = (1, 8, 8)
EPOCHS = 40
BATCH = 64


def load_digits_split(seed: int = 0) -> dict[str, tuple[NDArray[Any], NDArray[Any]]]:
    """Digits scaled to [0, 1], shaped (n, 1, 8, 8), split half members, half non-members."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.5, random_state=seed, stratify=y
    )
    return {"train": (x_train, y_train), "test": (x_test, y_test)}


def DigitsCNN() -> Any:  # noqa: N802 - reads as the class it builds
    """The demo network: two 3x3 convolutions, a pooling layer, two dense layers."""
    from torch import nn

    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 4 * 4, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )


def train_digits_cnn(x: NDArray[Any], y: NDArray[Any], *, epochs: int = EPOCHS) -> Any:
    """Train a fresh :func:`DigitsCNN` on ``(x, y)``: the demo's trainer for shadow models.

    The seed comes from the data itself, so the same data gives the same model and different
    shadow subsets give independently initialised ones.
    """
    from hauberk.models import torch_threads

    with torch_threads(1):  # small networks train far faster on one thread
        return _train(x, y, epochs)


def _train(x: NDArray[Any], y: NDArray[Any], epochs: int) -> Any:
    import torch
    from torch import nn

    xa = np.ascontiguousarray(x, dtype=np.float32).reshape(-1, *INPUT_SHAPE)
    ya = np.asarray(y, dtype=np.int64)
    seed = zlib.crc32(xa.tobytes()) ^ zlib.crc32(ya.tobytes())
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = DigitsCNN()
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    xt, yt = torch.from_numpy(xa), torch.from_numpy(ya)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(xt), generator=generator)
        for start in range(0, len(xt), BATCH):
            idx = order[start : start + BATCH]
            optimiser.zero_grad()
            loss = nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
    return model.eval()
