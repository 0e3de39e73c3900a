"""The input domain attacks stay in, and the per-sample worst case that folds every attack."""

from __future__ import annotations

import numpy as np
import pytest

from hauberk.evasion._domain import GLOBAL, MODEL, PER_FEATURE, input_domain
from hauberk.evasion._robust import RobustAccuracy, fold
from hauberk.models import InputSpec


def test_model_bounds_win_and_need_no_constraints() -> None:
    d = input_domain(InputSpec(shape=(3,), lower=0.0, upper=1.0), [np.full((2, 3), 5.0)])
    assert d.source == MODEL and d.constraints() is None
    assert d.describe()["lower"] == 0.0 and d.describe()["upper"] == 1.0


def test_tabular_data_bounds_each_feature_and_pins_constants() -> None:
    a = np.array([[0.0, 1.0, 2.0], [1.0, 1.0, 5.0]])
    b = np.array([[-1.0, 1.0, 3.0]])
    d = input_domain(InputSpec(shape=(3,)), [a, b])
    assert d.source == PER_FEATURE and d.per_feature
    np.testing.assert_array_equal(d.lower, [-1.0, 1.0, 2.0])
    np.testing.assert_array_equal(d.upper, [1.0, 1.0, 5.0])
    assert d.describe()["pinned_features"] == 1
    c = d.constraints()
    assert c is not None and c.n_features == 3
    assert d.contains(a) and not d.contains(a + 0.5)


def test_image_like_data_uses_one_global_range() -> None:
    x = np.zeros((4, 1, 2, 2))
    x[0, 0, 0, 0], x[1, 0, 1, 1] = -0.5, 2.0
    d = input_domain(InputSpec(shape=(1, 2, 2)), [x])
    assert d.source == GLOBAL and not d.per_feature
    assert d.describe()["lower"] == -0.5 and d.describe()["upper"] == 2.0


def test_one_declared_bound_is_kept() -> None:
    d = input_domain(InputSpec(shape=(2,), lower=0.0), [np.array([[0.2, 3.0], [0.5, 4.0]])])
    np.testing.assert_array_equal(d.lower, [0.0, 0.0])
    np.testing.assert_array_equal(d.upper, [0.5, 4.0])
    assert "lower from the model" in d.source


def test_no_usable_data_is_an_error() -> None:
    with pytest.raises(ValueError, match="no data"):
        input_domain(InputSpec(shape=(2,)), [np.zeros((3, 5))])


def result(robust: list[list[bool]]) -> RobustAccuracy:
    arr = np.array(robust, dtype=bool)
    return RobustAccuracy(
        norm="linf",
        epsilons=tuple(0.1 * (i + 1) for i in range(len(arr))),
        clean=np.ones(arr.shape[1], dtype=bool),
        robust=arr,
        labels=np.zeros(arr.shape[1], dtype=np.int64),
        broken_by=tuple({"apgd-ce": 0} for _ in arr),
        attacks=("apgd-ce",),
        seconds=1.0,
        queries=10,
    )


def test_fold_is_a_worst_case_monotone_in_eps() -> None:
    r = result([[True, True, True, False], [True, True, False, False]])
    broken = np.array([[False, True, False, False], [True, False, False, False]])
    out = fold(r, "probe", broken, seconds=0.5, queries=3)
    # sample 1 broken at the small ε is broken at the large one too; sample 0 only at the large
    np.testing.assert_array_equal(
        out.robust, [[True, False, True, False], [False, False, False, False]]
    )
    assert out.broken_by == ({"apgd-ce": 0, "probe": 1}, {"apgd-ce": 0, "probe": 2})
    assert out.attacks == ("apgd-ce", "probe") and out.queries == 13
    assert out.seconds_by_attack["probe"] == 0.5
    assert out.accuracy[1] <= r.accuracy[1]
    # folding what is already broken changes nothing
    again = fold(out, "probe", broken)
    np.testing.assert_array_equal(again.robust, out.robust)


def test_bounds_are_exact_in_the_model_dtype() -> None:
    """Large tabular values round when cast to float32; the bounds must round the same way,
    or the clean samples themselves would fall outside them."""
    import torch

    from hauberk.evasion import APGD
    from hauberk.models import TorchModel

    rng = np.random.default_rng(0)
    x = rng.uniform(1e4, 2e4, size=(20, 3))
    d = input_domain(InputSpec(shape=(3,)), [x])
    c = d.constraints()
    assert c is not None
    c.check(x.astype(np.float32))
    module = torch.nn.Sequential(torch.nn.Linear(3, 2))
    model = TorchModel(module, input_spec=InputSpec(shape=(3,)), classes=(0, 1))
    adv = APGD(eps=500.0, steps=3, constraints=c)(model, x, (x[:, 0] > 1.5e4).astype(int))
    assert d.contains(adv, tol=0.0)
