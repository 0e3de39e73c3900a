"""Feature constraints and the projection: property tests over random inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.core import ConfigError, InputError
from hauberk.evasion import FeatureConstraints, ball_norm, project
from tests.evasion.helpers import TAB, tabular


def assert_valid(x: np.ndarray, out: np.ndarray, eps: float, norm: str) -> None:
    assert (ball_norm(out - x, norm) <= eps + 1e-9).all()
    lo, hi = TAB.bounds()
    assert (out >= lo - 1e-12).all() and (out <= hi + 1e-12).all()
    np.testing.assert_array_equal(out[:, 3:5], np.round(out[:, 3:5]))
    block = out[:, 5:8]
    assert np.isin(block, (0.0, 1.0)).all() and (block.sum(1) == 1).all()
    np.testing.assert_array_equal(out[:, 8], x[:, 8])
    TAB.check(out)


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    eps=st.floats(1e-3, 4.0),
    norm=st.sampled_from(["linf", "l2"]),
    noise=st.floats(0.0, 10.0),
)
def test_projection_always_lands_in_ball_range_and_constraints(
    seed: int, eps: float, norm: str, noise: float
) -> None:
    x = tabular(8, seed)
    rng = np.random.default_rng(seed + 1)
    adv = x + rng.normal(0, noise, size=x.shape)
    adv[rng.random(adv.shape) < 0.05] = np.inf
    out = project(x, adv, eps=eps, norm=norm, lower=None, upper=None, constraints=TAB)
    assert_valid(x, out, eps, norm)


@settings(max_examples=100, deadline=None)
@given(
    x=arrays(np.float64, (5, 7), elements=st.floats(-1, 1)),
    d=arrays(np.float64, (5, 7), elements=st.floats(-100, 100)),
    eps=st.floats(1e-4, 10),
    norm=st.sampled_from(["linf", "l2"]),
)
def test_projection_without_constraints(
    x: np.ndarray, d: np.ndarray, eps: float, norm: str
) -> None:
    out = project(x, x + d, eps=eps, norm=norm, lower=-1.0, upper=1.0)
    assert (ball_norm(out - x, norm) <= eps * (1 + 1e-9) + 1e-12).all()
    assert out.min() >= -1.0 and out.max() <= 1.0


def test_projection_keeps_points_already_inside() -> None:
    x = np.zeros((1, 4))
    inside = np.array([[0.05, -0.05, 0.0, 0.01]])
    np.testing.assert_allclose(project(x, inside, eps=0.1, norm="linf", lower=-1, upper=1), inside)


def test_category_change_needs_room_in_the_ball() -> None:
    x = tabular(1, 0)
    adv = x.copy()
    adv[0, 5:8] = [0.0, 0.0, 0.0]
    adv[0, 5 + (int(np.argmax(x[0, 5:8])) + 1) % 3] = 5.0
    small = project(x, adv, eps=0.5, norm="linf", lower=None, upper=None, constraints=TAB)
    np.testing.assert_array_equal(small[0, 5:8], x[0, 5:8])  # a flip costs 1 > 0.5
    big = project(x, adv, eps=1.5, norm="l2", lower=None, upper=None, constraints=TAB)
    assert not np.array_equal(big[0, 5:8], x[0, 5:8])  # √2 <= 1.5: the flip is allowed
    assert_valid(x, big, 1.5, "l2")


def test_integers_round_but_never_leave_the_ball() -> None:
    x = tabular(1, 0)
    adv = x.copy()
    adv[0, 3] = x[0, 3] + 0.6  # rounds to +1, which is outside an ε of 0.6
    out = project(x, adv, eps=0.6, norm="linf", lower=None, upper=None, constraints=TAB)
    assert out[0, 3] == x[0, 3]
    out = project(x, adv, eps=1.0, norm="linf", lower=None, upper=None, constraints=TAB)
    assert out[0, 3] == min(x[0, 3] + 1, 5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_features": 0}, "n_features"),
        ({"n_features": 3, "integer": [5]}, "outside"),
        ({"n_features": 3, "categorical": [[0]]}, "at least 2"),
        ({"n_features": 4, "categorical": [[0, 1], [1, 2]]}, "overlap"),
        ({"n_features": 3, "integer": [0], "categorical": [[0, 1]]}, "both"),
        ({"n_features": 3, "lower": [0, 0]}, "one bound per feature"),
        ({"n_features": 2, "lower": 1, "upper": 0}, "below"),
        ({"n_features": 3, "immutable": [1, 1]}, "repeat"),
    ],
)
def test_bad_constraints(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        FeatureConstraints(**kwargs)  # type: ignore[arg-type]


def test_clean_data_must_satisfy_the_constraints() -> None:
    x = tabular(3, 0)
    x[0, 3] = 1.5
    with pytest.raises(InputError, match="integer"):
        TAB.check(x)
    x = tabular(3, 0)
    x[1, 5:8] = 1.0
    with pytest.raises(InputError, match="one-hot"):
        TAB.check(x)
