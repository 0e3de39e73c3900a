"""Flower's simulation engine (Ray backend, ray 2.60) runs the apps with SecAgg+: the server
sees only the unmasked sum (every reply carries the same aggregate), and the model is
FedAvg's up to SecAgg+'s quantisation."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pytest

pytest.importorskip("ray")


def _chain(exc: BaseException | None) -> str:
    out = []
    while exc is not None:
        out.append(str(exc))
        exc = exc.__cause__ or exc.__context__
    return " | ".join(out)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_secaggplus_under_the_simulation_engine() -> None:
    from flwr.simulation import run_simulation

    from hauberk.federated._apps import client_app, server_app
    from hauberk.federated._scenario import build_federation, simulate
    from hauberk.federated._simulate import accuracy

    cfg = {
        "dataset": "breast_cancer",
        "clients": 4,
        "hostile": 0.0,
        "attack": "none",
        "strategy": "screened_fedavg",
        "rounds": 2,
        "seed": 0,
    }
    seen: dict[str, Any] = {}

    def done(strategy: Any, fed: Any, final: list[Any]) -> None:
        seen["history"] = strategy.history
        seen["final"] = final
        seen["data"] = fed.data

    logging.getLogger("flwr").setLevel(logging.ERROR)
    try:
        run_simulation(
            server_app=server_app(on_done=done, secagg=True, **cfg),
            client_app=client_app(secagg=True, **cfg),
            num_supernodes=4,
            backend_config={"client_resources": {"num_cpus": 1}},
        )
    except RuntimeError as exc:
        # ray 2.60 waits a hard-coded 30 s for its raylet; on an overloaded machine it gives
        # up before the federation starts. That says nothing about the code under test
        # (test_superlink.py runs the same SecAgg+ apps without Ray).
        if "timed out during startup" in _chain(exc):
            pytest.skip("Ray's raylet did not start within its 30 s (machine overloaded)")
        raise
    history = seen["history"]
    assert len(history) == 2
    # SecAgg+ hands every client's reply the same unmasked aggregate: the server never
    # holds an individual update, so the screen sees 4 identical ones
    assert all(len(r.participants) == 4 for r in history)
    assert all(len(set(r.update_digests.values())) == 1 for r in history)
    plain = simulate(
        dataset="breast_cancer",
        clients=4,
        hostile=0.0,
        attack="none",
        strategy="flwr_fedavg",
        rounds=2,
    )
    fed = build_federation(dataset="breast_cancer", clients=4, hostile=0.0, attack="none")
    secure = accuracy(seen["final"], fed.data)
    assert abs(secure - plain.accuracy) <= 0.02
    assert np.all(np.isfinite(seen["final"][0]))
