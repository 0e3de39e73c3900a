from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError
from hauberk.theft import (
    JacobianAugmentation,
    KnockoffNets,
    Prada,
    QueryMonitor,
    SurrogateTrainer,
    Watched,
    js_divergence,
)

from .conftest import digits

FAST = SurrogateTrainer(epochs=8)


def benign(model: Any, detector: Any, clients: int = 4, queries: int = 300) -> int:
    """Clients asking natural digits in batches of 10; returns how many were flagged."""
    x, _ = digits()
    rng = np.random.default_rng(1)
    flagged = 0
    for c in range(clients):
        w = Watched(model, detector, client=f"benign-{c}")
        idx = rng.choice(np.arange(900, 1797), queries, replace=False)
        for i in range(0, queries, 10):
            w.predict_proba(x[idx[i : i + 10]])
        flagged += w.alarmed
    return flagged


def test_prada_flags_jacobian_augmentation_not_benign_clients(victim: Any) -> None:
    model, pool, ex, _ = victim
    det = Prada(delta=0.9)
    assert benign(model, det) == 0
    attacker = Watched(model, det, client="jbda")
    JacobianAugmentation(surrogate=FAST, seed_size=50).run(
        attacker, pool, queries=800, eval_x=ex[:100], checkpoints=(800,)
    )
    delay = det.alarm_at("jbda")
    assert delay is not None and delay <= 900  # 100 evaluation queries + 800 attack queries
    assert det.statistic("jbda") < 0.9


def test_prada_misses_knockoff_on_natural_data(victim: Any) -> None:
    """The known limit (Orekondy et al. 2019): natural queries look natural."""
    model, pool, ex, _ = victim
    det = Prada(delta=0.9)
    attacker = Watched(model, det, client="knockoff")
    KnockoffNets(surrogate=FAST, mixup=False).run(
        attacker, pool, queries=400, eval_x=ex[:100], checkpoints=(400,)
    )
    assert det.alarm_at("knockoff") is None


def test_monitor_flags_random_probing_and_skewed_labels(victim: Any) -> None:
    model, _, _, _ = victim
    x, _ = digits()
    ref = x[:900]
    mon = QueryMonitor(ref, model.predict_proba(ref).argmax(axis=1), classes=10, min_queries=50)
    assert benign(model, mon) == 0
    probe = Watched(model, mon, client="probe")
    probe.predict_proba(np.random.default_rng(0).uniform(0, 1, (60, 64)))
    assert mon.alarm_at("probe") == 60 and mon.stats("probe")["ood_rate"] > 0.9
    skew = Watched(model, mon, client="skew")
    skew.predict_proba(x[1000:1797][model.predict_proba(x[1000:1797]).argmax(axis=1) == 3][:60])
    assert mon.alarm_at("skew") is not None and mon.stats("skew")["divergence"] > 0.5


@given(
    st.lists(st.integers(0, 50), min_size=3, max_size=3),
    st.lists(st.integers(0, 50), min_size=3, max_size=3),
)
def test_js_divergence_is_a_bounded_symmetric_measure(a: list[int], b: list[int]) -> None:
    if sum(a) == 0 or sum(b) == 0:
        return
    pa, pb = np.asarray(a, float), np.asarray(b, float)
    d = js_divergence(pa, pb)
    assert 0.0 <= d <= 1.0 and d == pytest.approx(js_divergence(pb, pa))
    assert js_divergence(pa, pa * 3) == pytest.approx(0.0, abs=1e-12)


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="delta"):
        Prada(delta=1.5)
    with pytest.raises(ConfigError, match="min_distances"):
        Prada(min_distances=5)
    with pytest.raises(InputError, match="reference"):
        QueryMonitor(np.zeros((5, 3)), np.zeros(5, int), classes=2)
