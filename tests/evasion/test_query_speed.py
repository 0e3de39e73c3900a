"""The speed-ups behind black-box evasion (issue 14) change no answer and no attack outcome.

A scikit-learn forest is scored without joblib (``hauberk.models._sklearn``): the scores must
equal the forest's own ``predict_proba`` exactly, and anything the shortcut does not cover
must keep scikit-learn's path. The transfer attack trains on one torch thread and must hand
torch its thread setting back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.evasion import Square, TransferAttack
from hauberk.models import SklearnModel


def _data() -> tuple[Any, np.ndarray]:
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=True)
    return data.data.iloc[:200, :6], data.target.to_numpy()[:200]


@pytest.mark.parametrize("kind", ["random", "extra"])
@pytest.mark.parametrize("frame", [True, False])
def test_forest_scores_equal_scikit_learn_exactly(kind: str, frame: bool) -> None:
    from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier

    x, y = _data()
    cls = RandomForestClassifier if kind == "random" else ExtraTreesClassifier
    forest = cls(n_estimators=15, random_state=0).fit(x if frame else x.to_numpy(), y)
    model = SklearnModel(forest)
    assert model._trees is not None  # the shortcut is taken
    rows = np.random.default_rng(0).normal(x.mean(), x.std() * 2, size=(300, x.shape[1]))
    want = forest.predict_proba(type(x)(rows, columns=x.columns) if frame else rows)
    assert np.array_equal(model.predict_proba(rows), want)


def test_forest_shortcut_left_out_where_it_does_not_apply() -> None:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    x, y = _data()
    arr = x.to_numpy()
    parallel = RandomForestClassifier(n_estimators=5, n_jobs=2, random_state=0).fit(arr, y)
    assert SklearnModel(parallel)._trees is None

    class Tempered(RandomForestClassifier):  # type: ignore[misc]
        def predict_proba(self, X: Any) -> Any:  # noqa: N803 (scikit-learn name)
            p = super().predict_proba(X) ** 2
            return p / p.sum(axis=1, keepdims=True)

    tempered = Tempered(n_estimators=5, random_state=0).fit(arr, y)
    model = SklearnModel(tempered)
    assert model._trees is None
    assert np.array_equal(model.predict_proba(arr[:20]), tempered.predict_proba(arr[:20]))
    assert SklearnModel(DecisionTreeClassifier(random_state=0).fit(arr, y))._trees is None


def test_square_on_a_forest_fools_and_stops_early() -> None:
    from sklearn.ensemble import RandomForestClassifier

    x, y = _data()
    arr = x.to_numpy()
    arr = (arr - arr.mean(axis=0)) / arr.std(axis=0)
    model = SklearnModel(RandomForestClassifier(n_estimators=20, random_state=0).fit(arr, y))
    adv = Square(eps=1.0, n_queries=200, seed=0)(model, arr[:40], y[:40])
    fooled = model.predict_proba(adv).argmax(axis=1) != y[:40]
    assert fooled.mean() > 0.3
    # a sample leaves the search once fooled: far fewer rows than 40 x 200 are queried
    assert model.counter.total < 40 * 200 * 0.9


def test_transfer_restores_torch_threads() -> None:
    import torch
    from sklearn.ensemble import RandomForestClassifier

    x, y = _data()
    arr = x.to_numpy()
    model = SklearnModel(RandomForestClassifier(n_estimators=5, random_state=0).fit(arr, y))
    before = torch.get_num_threads()
    TransferAttack(eps=1.0, n_queries=200, epochs=2, hidden=8, steps=2, checkpoints=1)(
        model, arr[:10], y[:10]
    )
    assert torch.get_num_threads() == before
    with pytest.raises(ConfigError, match="threads"):
        TransferAttack(eps=1.0, threads=0)
