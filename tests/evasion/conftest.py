"""Fixtures of the evasion tests: the shared digits CNN behind a fresh adapter per test."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.models import TorchModel
from tests.evasion.helpers import SPEC


@pytest.fixture(scope="session")
def digits_data(
    digits_split: dict[str, tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test) of the demo's digits split, inputs in [0, 1]."""
    (xtr, ytr), (xte, yte) = digits_split["train"], digits_split["test"]
    return xtr, ytr, xte, yte


@pytest.fixture(scope="session")
def digits_module(digits_cnn: Any) -> Any:
    """The demo CNN, trained once per session by the root conftest."""
    import torch

    torch.set_num_threads(1)
    return digits_cnn


@pytest.fixture
def digits_model(digits_module: Any) -> TorchModel:
    """A fresh adapter (fresh query counter) around the session's trained CNN."""
    return TorchModel(digits_module, input_spec=SPEC, classes=range(10))
