from __future__ import annotations

import numpy as np

from hauberk.core import CheckContext
from hauberk.data import DataHygiene, DataSettings
from hauberk.models import Dataset, Split, Target


def ids(train: Split, test: Split) -> list[str]:
    target = Target(name="t", data=Dataset(train=train, test=test))
    result = DataHygiene().run(target, CheckContext(settings=DataSettings(), seed=0))
    return sorted(f.id for f in result.findings)


def test_clean_data_has_no_findings() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4))
    y = np.arange(200) % 4
    assert ids(Split(x[:100], y[:100]), Split(x[100:], y[100:])) == []


def test_each_problem_is_named() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4))
    y = np.arange(200) % 4
    x[3, 1] = np.nan
    x[10] = x[11]
    y[10], y[11] = 0, 1
    x[150] = x[20]
    y[:100][y[:100] == 3] = 2
    y[5] = 3  # a single sample of class 3 left in training
    found = ids(Split(x[:100], y[:100]), Split(x[100:], y[100:]))
    assert found == [
        "HB-DA-CLASS-IMBALANCE",
        "HB-DA-CONFLICTING-LABELS",
        "HB-DA-NONFINITE",
        "HB-DA-TRAIN-TEST-LEAKAGE",
    ]
