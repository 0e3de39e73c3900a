"""No check prints more than one line per distinct warning (a forest fitted on a DataFrame
used to print 4,042 scikit-learn feature-name warnings during one assess)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.support import ToyCheck

from hauberk.assess import assess, parse_config
from hauberk.core import CheckContext, CheckResult, Registry, default_registry


def frame_forest() -> Any:
    pytest.importorskip("pandas")
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier

    data = load_iris(as_frame=True)
    return RandomForestClassifier(n_estimators=10, random_state=0).fit(data.data, data.target)


def iris_xy() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    return load_iris(return_X_y=True)  # type: ignore[no-any-return]


def test_forest_fitted_on_a_dataframe_raises_no_feature_name_warning() -> None:
    raw = {
        "model": {"python": "tests.assess.test_warnings:frame_forest"},
        "data": {"python": "tests.assess.test_warnings:iris_xy"},
        "assess": {"stages": ["performance"]},
    }
    cfg = parse_config(raw, default_registry(), source="t", base_dir=Path.cwd())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assess(cfg)
    names = [str(w.message) for w in caught if "feature names" in str(w.message)]
    assert names == []


@dataclass
class Noisy(ToyCheck):
    name: str = "toy.noisy"

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        for _ in range(500):
            warnings.warn("same thing again", RuntimeWarning, stacklevel=1)
        warnings.warn("another thing", FutureWarning, stacklevel=1)
        return CheckResult.of(self.name, self.stage.name, [], {})


def test_each_distinct_warning_is_issued_once_with_its_count() -> None:
    registry = Registry()
    registry.extend([Noisy()])
    raw = {"data": {"python": "tests.assess.test_warnings:iris_xy"}}
    cfg = parse_config(raw, registry, source="t", base_dir=Path.cwd())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assess(cfg, registry=registry)
    texts = sorted(str(w.message) for w in caught)
    assert texts == ["another thing", "same thing again (500 times)"]
    assert all(w.filename == "<toy.noisy>" for w in caught)


def test_a_pipeline_fitted_on_a_dataframe_gets_its_columns_back(iris: Any) -> None:
    pd = pytest.importorskip("pandas")
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from hauberk.models import SklearnModel

    x, y = iris
    frame = pd.DataFrame(x, columns=["a", "b", "c", "d"])
    pipe = make_pipeline(
        ColumnTransformer([("scale", StandardScaler(), ["a", "c"])], remainder="passthrough"),
        LogisticRegression(max_iter=500),
    ).fit(frame, y)
    forest = frame_forest()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = SklearnModel(pipe).predict_proba(x[:5])
        q = SklearnModel(forest).predict_proba(x[:5])
    assert np.allclose(p, pipe.predict_proba(frame[:5]))
    assert hasattr(forest, "feature_names_in_")  # the user's estimator is untouched
    assert q.shape == (5, 3)
