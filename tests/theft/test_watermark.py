from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from hauberk.core import ConfigError
from hauberk.models import InputSpec, SklearnModel
from hauberk.theft import Dawn, KnockoffNets, SurrogateTrainer, TriggerSet, binomial_verdict

from .conftest import digits

SPEC = InputSpec(shape=(64,), dtype="float64", lower=0.0, upper=1.0)
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def mlp(x: Any, y: Any, seed: int) -> SklearnModel:
    return SklearnModel(
        MLPClassifier((64,), max_iter=200, random_state=seed).fit(x, y), input_spec=SPEC
    )


def test_trigger_set_proves_the_watermarked_model_and_clears_an_independent_one() -> None:
    x, y = digits()
    triggers = TriggerSet.generate(SPEC, range(10), size=40, seed=7)
    xw, yw = triggers.embed(x[:900], y[:900], repeat=5)
    assert len(xw) == 900 + 200
    marked, clean = mlp(xw, yw, 0), mlp(x[:900], y[:900], 1)
    accuracy = np.mean(marked.predict_proba(x[1300:]).argmax(axis=1) == y[1300:])
    assert accuracy > 0.9  # the watermark costs little accuracy
    yes, no = triggers.verify(marked), triggers.verify(clean)
    assert yes.derived() and yes.p_value < 1e-20 and yes.agreement > 0.9
    assert not no.derived() and no.p_value > 0.01


def test_dawn_marks_answers_consistently_and_catches_a_copy_fitted_to_them() -> None:
    x, y = digits()
    victim = SklearnModel(LogisticRegression(max_iter=500).fit(x[:900], y[:900]), input_spec=SPEC)
    api = Dawn(victim, key=b"s" * 32, rate=0.05, client="client-1")
    first = api.predict_proba(x[900:1300])
    again = api.predict_proba(x[900:1300])
    assert np.array_equal(first, again)  # the same question gets the same answer
    changed = np.mean(first.argmax(1) != victim.predict_proba(x[900:1300]).argmax(1))
    assert 0.02 < changed < 0.09
    marks_x, marks_y = api.watermarks()
    assert len(marks_x) == round(changed * 400) and (np.unique(marks_y) < 10).all()
    copy = (
        KnockoffNets(surrogate=SurrogateTrainer(epochs=100), mixup=False)
        .run(api, x[900:1300], queries=400, eval_x=x[1300:], checkpoints=(400,))
        .copy
    )
    assert copy is not None
    assert api.verify(copy).derived()
    independent = SklearnModel(
        LogisticRegression(max_iter=500).fit(x[1300:], y[1300:]), input_spec=SPEC
    )
    assert not api.verify(independent).derived(alpha=0.01)


def test_dawn_keys_differ_per_client() -> None:
    x, _ = digits()
    victim = SklearnModel(
        LogisticRegression(max_iter=200).fit(x[:300], np.arange(300) % 10), input_spec=SPEC
    )
    a = Dawn(victim, key=b"s" * 32, rate=0.2, client="a")
    b = Dawn(victim, key=b"s" * 32, rate=0.2, client="b")
    a.predict_proba(x[:200])
    b.predict_proba(x[:200])
    assert not np.array_equal(a.watermarks()[0], b.watermarks()[0])


@given(st.integers(0, 60), st.integers(1, 60), st.sampled_from([0.1, 0.5]))
def test_binomial_p_value(matched: int, total: int, chance: float) -> None:
    matched = min(matched, total)
    v = binomial_verdict(matched, total, chance)
    assert 0.0 <= v.p_value <= 1.0 + 1e-12
    if matched > 0:
        assert v.p_value <= binomial_verdict(matched - 1, total, chance).p_value + 1e-12
    assert binomial_verdict(0, total, chance).p_value == pytest.approx(1.0)


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="size"):
        TriggerSet.generate(SPEC, range(10), size=1)
    with pytest.raises(ConfigError, match="key"):
        Dawn(SklearnModel(LogisticRegression().fit(np.eye(64)[:2], [0, 1])), key=b"short")
