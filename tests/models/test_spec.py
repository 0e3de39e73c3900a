from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.core import InputError
from hauberk.models import InputSpec, softmax
from hauberk.models._spec import check_proba


def test_check_reshapes_flat_rows_of_the_right_size() -> None:
    spec = InputSpec(shape=(1, 2, 2))
    assert spec.check(np.zeros((3, 4))).shape == (3, 1, 2, 2)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((3, 5)), "each sample must have shape"),
        (np.array([["a", "b", "c", "d"]]), "expected numbers"),
        (np.full((1, 4), np.nan), "NaN"),
    ],
)
def test_check_says_what_is_wrong(x: np.ndarray, message: str) -> None:
    with pytest.raises(InputError, match=message):
        InputSpec(shape=(4,)).check(x)


def test_spec_validates_itself() -> None:
    with pytest.raises(InputError, match="lower"):
        InputSpec(shape=(2,), lower=1.0, upper=0.0)
    with pytest.raises(InputError, match="dtype"):
        InputSpec(shape=(2,), dtype="complex64")


@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)),
              elements=st.floats(-50, 50)))  # fmt: skip
def test_softmax_rows_are_probabilities(z: np.ndarray) -> None:
    p = softmax(z)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert (p >= 0).all()
    assert (p.argmax(1) == z.argmax(1)).all() or np.isclose(
        np.sort(z, axis=1)[:, -1], np.sort(z, axis=1)[:, -2]
    ).any()


def test_check_proba_refuses_scores() -> None:
    with pytest.raises(InputError, match="not probabilities"):
        check_proba(np.array([[2.0, -1.0]]), 1, (0, 1), source="m")
    with pytest.raises(InputError, match="2 classes"):
        check_proba(np.array([[0.2, 0.3, 0.5]]), 1, (0, 1), source="m")
