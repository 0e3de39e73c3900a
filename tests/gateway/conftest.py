"""Real models, real key stores, real ledgers, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.gateway import create_app
from hauberk.models import InputSpec, SklearnModel

from ._support import Keys, Live, config, live_server, make_keys


@pytest.fixture(scope="session")
def iris_clf(iris_model: Any) -> SklearnModel:
    return SklearnModel(
        iris_model, input_spec=InputSpec(shape=(4,), dtype="float64", lower=0, upper=10)
    )


@pytest.fixture(scope="session")
def digits_data() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return x.astype(np.float64), y


@pytest.fixture(scope="session")
def digits_clf(digits_data: tuple[np.ndarray, np.ndarray]) -> SklearnModel:
    from sklearn.linear_model import LogisticRegression

    x, y = digits_data
    est = LogisticRegression(max_iter=2000).fit(x[:900], y[:900])
    return SklearnModel(est, input_spec=InputSpec(shape=(64,), dtype="float64", lower=0, upper=16))


@pytest.fixture
def served(tmp_path: Path, iris_clf: SklearnModel) -> Iterator[tuple[Live, Keys]]:
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path), iris_clf, keys=keys.store)
    with live_server(app) as live:
        yield live, keys
