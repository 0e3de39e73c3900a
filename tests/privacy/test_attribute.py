from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier

from hauberk.core import ConfigError, InputError
from hauberk.models import SklearnModel
from hauberk.privacy import AttributeInference


def tabular(n: int = 400, seed: int = 0) -> tuple[Any, Any]:
    """Column 0 is a sensitive 4-valued attribute that the label depends on, but that the other
    features do not reveal: imputation only has the label to go by."""
    rng = np.random.default_rng(seed)
    s = rng.integers(0, 4, n).astype(float)
    x = np.column_stack([s, rng.normal(size=(n, 4))])
    y = ((x[:, 1] + 0.8 * s + rng.normal(0, 1, n)) > 1.5).astype(int)
    return x, y


def test_attack_beats_imputation_on_members_of_an_overfit_model() -> None:
    x, y = tabular()
    est = RandomForestClassifier(40, random_state=0).fit(x[:200], y[:200])
    report = AttributeInference(column=0, max_records=200).run(
        SklearnModel(est), (x[:200], y[:200]), (x[200:], y[200:])
    )
    assert report.values == (0.0, 1.0, 2.0, 3.0)
    assert report.baseline_accuracy < 0.45  # only the label hints at it
    assert report.member_accuracy > report.non_member_accuracy
    assert report.advantage > 0.1
    m = report.metrics()
    assert m["attribute.advantage"] == pytest.approx(report.advantage, abs=1e-6)


def test_bad_input_is_named() -> None:
    x, y = tabular(100)
    model = SklearnModel(RandomForestClassifier(5, random_state=0).fit(x, y))
    with pytest.raises(InputError, match="distinct values"):
        AttributeInference(column=1).run(model, (x[:50], y[:50]), (x[50:], y[50:]))
    with pytest.raises(InputError, match="labels"):
        AttributeInference(column=0).run(model, (x[:50], None), (x[50:], y[50:]))
    with pytest.raises(InputError, match="column 9"):
        AttributeInference(column=9).run(model, (x[:50], y[:50]), (x[50:], y[50:]))
    with pytest.raises(ConfigError, match="values"):
        AttributeInference(column=0, values=(1.0,))


def test_query_budget_gives_partial_result() -> None:
    x, y = tabular(200)
    est = RandomForestClassifier(5, random_state=0).fit(x[:100], y[:100])
    model = SklearnModel(est, query_limit=4 * 100)
    report = AttributeInference(column=0).run(model, (x[:100], y[:100]), (x[100:], y[100:]))
    assert report.members == 50 and report.non_members == 50 and report.partial
    assert model.counter.total == 400
    capped = SklearnModel(est, query_limit=7)
    with pytest.raises(InputError, match="single attribute guess"):
        AttributeInference(column=0).run(capped, (x[:100], y[:100]), (x[100:], y[100:]))
