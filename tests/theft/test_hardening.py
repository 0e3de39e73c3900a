from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.core import ConfigError
from hauberk.models import CallableModel, InputSpec, Model
from hauberk.theft import LabelOnly, NoisyOutput, ReverseSigmoid, Rounding, TopK

SPEC = InputSpec(shape=(5,), dtype="float64")


def fixed(rows: np.ndarray) -> CallableModel:
    """A model that answers ``rows`` whatever it is asked (the input picks nothing)."""
    return CallableModel(lambda x: rows[: len(x)], classes=range(rows.shape[1]), input_spec=SPEC)


def defences(m: Model) -> list[Any]:
    return [TopK(m, k=1), TopK(m, k=2), Rounding(m, decimals=1), LabelOnly(m),
            NoisyOutput(m, sigma=2.0), ReverseSigmoid(m)]  # fmt: skip


logits = arrays(np.float64, (6, 4), elements=st.floats(-8, 8))


@given(logits)
@settings(max_examples=60, deadline=None)
def test_every_defence_keeps_top1_and_returns_probabilities(z: np.ndarray) -> None:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    # distinct top-1 (ties make "the" label ambiguous)
    top2 = np.sort(p, axis=1)[:, -2:]
    if np.any(top2[:, 1] - top2[:, 0] < 1e-3):
        return
    m = fixed(p)
    for d in defences(m):
        out = d.predict_proba(np.zeros((6, 5)))
        assert out.shape == p.shape and np.allclose(out.sum(axis=1), 1.0)
        assert (out >= 0).all()
        if not isinstance(d, ReverseSigmoid):
            assert (out.argmax(axis=1) == p.argmax(axis=1)).all(), type(d).__name__


def test_what_each_defence_reveals() -> None:
    p = np.array([[0.52, 0.31, 0.17, 0.0]])
    m = fixed(p)
    q = np.zeros((1, 5))
    assert np.count_nonzero(TopK(m, k=2).predict_proba(q)) == 2
    assert LabelOnly(m).predict_proba(q).tolist() == [[1.0, 0.0, 0.0, 0.0]]
    r = Rounding(m, decimals=1).predict_proba(q)[0]
    assert r == pytest.approx(np.array([0.5, 0.3, 0.2, 0.0]) / 1.0)
    rs = ReverseSigmoid(m).predict_proba(q)[0]
    assert not np.allclose(rs, p[0]) and rs.argmax() == 0


def test_wrappers_share_the_query_counter() -> None:
    m = fixed(np.full((3, 2), 0.5))
    d = LabelOnly(TopK(m, k=1))
    d.predict_proba(np.zeros((3, 5)))
    assert m.counter.total == 3 and d.counter is m.counter and d.classes == m.classes


def test_settings_are_checked() -> None:
    m = fixed(np.full((1, 3), 1 / 3))
    with pytest.raises(ConfigError, match="k must"):
        TopK(m, k=4)
    with pytest.raises(ConfigError, match="decimals"):
        Rounding(m, decimals=-1)
    with pytest.raises(ConfigError, match="sigma"):
        NoisyOutput(m, sigma=0)
    with pytest.raises(ConfigError, match="beta"):
        ReverseSigmoid(m, beta=0)
    with pytest.raises(ConfigError, match="hauberk Model"):
        LabelOnly(object())  # type: ignore[arg-type]
