"""Fixtures shared by every test package: small real models on data that packages ship."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import settings

# `make test` draws the same examples on every run: a property that fails fails on every
# machine and every rerun, not on one CI run in twenty (round 17's columnar reader was failed
# by one draw in three hundred). HYPOTHESIS_PROFILE=explore draws new examples each run.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


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


@pytest.fixture(scope="session")
def demo_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo target as `make demo` builds it: assess.toml, digits_cnn.pt, digits.npz."""
    out = tmp_path_factory.mktemp("demo") / "target"
    subprocess.run(
        [sys.executable, "-m", "hauberk.demo", "build", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(autouse=True, scope="session")
def _pickle_builds_agree() -> Iterator[None]:
    """With the compiled pickle interpreter running, every pickle stream any test analyses is
    also run through the pure-Python build of the same modules, and the two must agree on
    every field (findings, errors, limits, offsets, opcode counts)."""
    from hauberk.supplychain import _pickle

    if not _pickle.COMPILED:
        yield
        return
    from tests.supplychain.pickle_canon import both_builds_agree

    compiled = _pickle.Interpreter
    pure = _pickle.implementation(pure=True)
    assert pure is not None

    class Both:
        def __init__(self, data: Any, **options: Any) -> None:
            self.runs = compiled(data, **options), pure.Interpreter(data, **options)

        def run(self) -> Any:
            fast, slow = (interpreter.run() for interpreter in self.runs)
            both_builds_agree(fast, slow)
            return fast

    _pickle.Interpreter = Both
    try:
        yield
    finally:
        _pickle.Interpreter = compiled
