"""RobustStrategy inside Flower's fit protocol: bad clients dropped, the round goes on, the
ledger gets one entry per round; simulated attacks and defences behave as measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flwr.client import NumPyClient
from flwr.common import ndarrays_to_parameters

from hauberk.federated._scenario import simulate
from hauberk.federated._screen import digest
from hauberk.federated._simulate import run_federation
from hauberk.federated._strategy import RobustStrategy
from hauberk.ledger import open_ledger


class Fixed(NumPyClient):
    def __init__(self, make: Any) -> None:
        self.make = make

    def fit(self, parameters: Any, config: Any) -> Any:
        return self.make(parameters), 10, {}


def test_bad_clients_are_dropped_and_the_round_continues(tmp_path: Path) -> None:
    init = [np.zeros(3)]
    good = [Fixed(lambda p: [p[0] + 1.0]).to_client() for _ in range(4)]
    bad = [
        Fixed(lambda p: [np.full(3, np.nan)]).to_client(),
        Fixed(lambda p: [np.zeros(4)]).to_client(),
        Fixed(lambda p: [p[0] + 1e9]).to_client(),
    ]

    class Crash(NumPyClient):
        def fit(self, parameters: Any, config: Any) -> Any:
            raise RuntimeError("client crashed")

    with open_ledger(str(tmp_path / "l.db"), create=True) as ledger:
        strategy = RobustStrategy(
            rule="median",
            ledger=ledger,
            min_fit_clients=8,
            min_available_clients=8,
            initial_parameters=ndarrays_to_parameters(init),
        )
        strategy.screen.max_norm = 100.0
        final = run_federation(strategy, [*good, *bad, Crash().to_client()], init, 2)
        np.testing.assert_allclose(final[0], np.full(3, 2.0))
        assert ledger.head().size == 2
        entry = ledger.entry(1)
    record = strategy.history[1]
    assert set(record.dropped) == {"4", "5", "6"}
    assert record.aggregated == ("0", "1", "2", "3")
    assert record.aggregate_digest == digest([np.full(3, 2.0)])
    assert entry.kind == "federated.round"
    assert entry.body == record.body()
    assert entry.body["update_digests"]["0"] == digest([np.full(3, 2.0)])


def test_rule_needs_its_settings() -> None:
    with pytest.raises(ValueError, match="clip"):
        RobustStrategy(rule="dp_clip")
    with pytest.raises(ValueError, match="root_update"):
        RobustStrategy(rule="fltrust")
    with pytest.raises(ValueError, match="rule"):
        RobustStrategy(rule="mean")


def test_backdoor_beats_fedavg_and_not_the_recommended_default() -> None:
    common: dict[str, Any] = {"dataset": "digits", "clients": 10, "hostile": 0.2, "rounds": 5}
    plain = simulate(attack="backdoor", strategy="flwr_fedavg", **common)
    robust = simulate(attack="backdoor", **common)
    assert plain.backdoor.value > 0.5
    assert robust.backdoor.value < 0.05
    assert set(robust.flagged) >= set(robust.hostile_ids)


def test_sign_flipping_ruins_fedavg_but_not_krum() -> None:
    common: dict[str, Any] = {
        "dataset": "breast_cancer",
        "clients": 10,
        "hostile": 0.3,
        "rounds": 5,
        "attack": "sign_flip",
    }
    clean = simulate(
        dataset="breast_cancer",
        clients=10,
        hostile=0.0,
        rounds=5,
        attack="none",
        strategy="flwr_fedavg",
    )
    plain = simulate(strategy="flwr_fedavg", **common)
    krum = simulate(strategy="multi_krum", **common)
    assert plain.accuracy < clean.accuracy - 0.05
    assert krum.accuracy >= clean.accuracy - 0.03


def test_same_seed_same_run() -> None:
    a = simulate(dataset="digits", clients=5, rounds=2, attack="lie", strategy="median", seed=3)
    b = simulate(dataset="digits", clients=5, rounds=2, attack="lie", strategy="median", seed=3)
    assert a.to_dict() == b.to_dict()
