from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

from hauberk.models import InputSpec, SklearnModel


def digits() -> tuple[Any, Any]:
    x, y = load_digits(return_X_y=True)
    order = np.random.default_rng(0).permutation(len(x))
    return x[order] / 16.0, y[order]


def make_victim() -> tuple[SklearnModel, Any, Any, Any]:
    """A digits classifier, the attacker's unlabelled pool, and labelled evaluation rows."""
    x, y = digits()
    est = LogisticRegression(max_iter=500).fit(x[:900], y[:900])
    spec = InputSpec(shape=(64,), dtype="float64", lower=0.0, upper=1.0)
    return SklearnModel(est, input_spec=spec), x[900:1300], x[1300:1600], y[1300:1600]


@pytest.fixture(scope="session")
def victim() -> tuple[SklearnModel, Any, Any, Any]:
    return make_victim()
