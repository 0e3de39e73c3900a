from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.privacy import RMIA, ShadowSet, TargetOutputs, membership_metrics
from hauberk.privacy._shadow import assign_halves


def outputs(p: np.ndarray) -> TargetOutputs:
    return TargetOutputs(proba=np.stack([1 - p, p], axis=1), y_idx=np.ones(len(p), np.int64))


@given(st.lists(st.floats(0.01, 0.99), min_size=3, max_size=40), st.floats(0.5, 3.0))
@settings(max_examples=100, deadline=None)
def test_score_is_the_share_of_population_dominated(p: list[float], gamma: float) -> None:
    pt = np.asarray(p)
    n = len(pt)
    ref = np.full((4, n), 0.5)
    shadows = ShadowSet(keep=assign_halves(n, 4, np.random.default_rng(0)), p_true=ref, phi=ref)
    s = RMIA(gamma=gamma).scores(outputs(pt), shadows)
    ratio = pt / 0.5
    for i in range(n):
        others = np.delete(ratio, i)
        assert s[i] == pytest.approx(np.mean(ratio[i] / others > gamma), abs=1e-9)


def test_rmia_uses_reference_models_to_calibrate_per_record_difficulty() -> None:
    rng = np.random.default_rng(0)
    n, k = 400, 8
    hard = rng.uniform(0.05, 0.95, n)  # each record's probability when not trained on
    keep = assign_halves(n, k, rng)
    ref = np.clip(hard + 0.04 * keep + rng.normal(0, 0.01, (k, n)), 1e-3, 1 - 1e-3)
    members = rng.random(n) < 0.5
    pt = np.clip(hard + 0.04 * members + rng.normal(0, 0.01, n), 1e-3, 1 - 1e-3)
    shadows = ShadowSet(keep=keep, p_true=ref, phi=ref)
    online = membership_metrics(RMIA().scores(outputs(pt), shadows), members)
    offline = membership_metrics(RMIA(online=False, a=1.0).scores(outputs(pt), shadows), members)
    plain = membership_metrics(pt, members)
    assert online["auc"] > 0.9 and offline["auc"] > 0.9 and plain["auc"] < 0.65


def test_offline_marginal_is_the_linear_correction() -> None:
    keep = np.array([[True, False], [False, True], [False, False]])
    p = np.array([[0.9, 0.2], [0.4, 0.8], [0.6, 0.4]])
    shadows = ShadowSet(keep=keep, p_true=p, phi=p)
    got = RMIA(online=False, a=0.5).marginal(shadows)
    out_mean = np.array([(0.4 + 0.6) / 2, (0.2 + 0.4) / 2])
    assert got == pytest.approx(0.5 * (1.5 * out_mean + 0.5))
    assert RMIA().marginal(shadows) == pytest.approx(p.mean(axis=0))


@pytest.mark.parametrize(("kwargs", "name"), [({"a": 1.5}, "a must"), ({"gamma": 0}, "gamma")])
def test_bad_settings(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        RMIA(**kwargs)
