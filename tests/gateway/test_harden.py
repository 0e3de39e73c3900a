"""Output hardening: the label never changes, the scores reveal less."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.core import ConfigError
from hauberk.gateway import OutputHardener
from hauberk.gateway._harden import Scores
from hauberk.theft import ReverseSigmoid


def reverse_sigmoid(p: np.ndarray, *, beta: float, gamma: float) -> np.ndarray:
    """The theft wrapper the gateway uses, applied to fixed scores."""
    return ReverseSigmoid(Scores(range(p.shape[1])), beta=beta, gamma=gamma).predict_proba(p)


probas = arrays(
    np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=st.floats(0.01, 1)
).map(lambda a: a / a.sum(axis=1, keepdims=True))


@given(probas, st.sampled_from(["plain", "noise", "reverse", "topk", "label"]))
@settings(max_examples=200, deadline=None)
def test_label_is_the_models_top_class(p: np.ndarray, mode: str) -> None:
    h = OutputHardener(
        list(range(p.shape[1])),
        label_only=mode == "label",
        top_k=1 if mode == "topk" else None,
        noise=0.2 if mode == "noise" else 0.0,
        reverse_sigmoid=(0.7, 0.4) if mode == "reverse" else None,
        seed=0,
    )
    out = h.harden(p)
    assert [o["label"] for o in out] == p.argmax(axis=1).tolist()
    for o in out:
        if mode == "label":
            assert set(o) == {"label"}
        else:
            scores = [s["score"] for s in o["scores"]]
            assert scores == sorted(scores, reverse=True)
            assert all(0 <= s <= 1 for s in scores)
            assert len(scores) == (1 if mode == "topk" else p.shape[1])


@given(probas)
@settings(max_examples=100, deadline=None)
def test_reverse_sigmoid_is_a_distribution(p: np.ndarray) -> None:
    q = reverse_sigmoid(p, beta=0.7, gamma=0.4)
    assert np.allclose(q.sum(axis=1), 1) and (q > 0).all()


def test_rounding_and_classes() -> None:
    h = OutputHardener(["cat", "dog"], decimals=2)
    out = h.harden(np.array([[0.123456, 0.876544]]))
    assert out == [
        {
            "label": "dog",
            "scores": [{"class": "dog", "score": 0.88}, {"class": "cat", "score": 0.12}],
        }
    ]


def test_reverse_sigmoid_changes_scores_but_not_label() -> None:
    p = np.array([[0.7, 0.2, 0.1]])
    q = reverse_sigmoid(p, beta=0.7, gamma=0.4)
    assert not np.allclose(p, q)


@pytest.mark.parametrize("kw", [{"top_k": 0}, {"decimals": 13}, {"noise": 2.0}])
def test_settings_are_checked(kw: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        OutputHardener([0, 1], **kw)  # type: ignore[arg-type]
