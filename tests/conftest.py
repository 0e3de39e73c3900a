"""Fixtures shared by every test package: small real models on data that packages ship."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest


@pytest.fixture(scope="session")
def iris() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    data = load_iris()
    return data.data.astype(np.float64), data.target


@pytest.fixture(scope="session")
def iris_model(iris: tuple[np.ndarray, np.ndarray]) -> Any:
    from sklearn.linear_model import LogisticRegression

    x, y = iris
    return LogisticRegression(max_iter=500).fit(x, y)


@pytest.fixture(scope="session")
def digits_split() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from hauberk.demo import load_digits_split

    return load_digits_split()


@pytest.fixture(scope="session")
def digits_cnn(digits_split: dict[str, tuple[np.ndarray, np.ndarray]]) -> Any:
    from hauberk.demo import train_digits_cnn

    x, y = digits_split["train"]
    return train_digits_cnn(x, y, epochs=8)
