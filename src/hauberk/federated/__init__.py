"""Federated learning on Flower that survives hostile clients.

Robust aggregation rules as a Flower strategy (:class:`RobustStrategy`: FLTrust, Krum,
Multi-Krum, coordinate-wise median, trimmed mean, norm clipping with server-side Gaussian
noise), a client-update screen that drops malformed updates and flags outliers, a ledger entry
per round, Flower apps with SecAgg+, client-side DP with Opacus, simulated hostile clients,
and the ``federated.robustness`` check of ``hauberk assess``.

Public names load lazily: importing this package (the check registry does) does not import
Flower; using a name does (``pip install 'hauberk[federated]'``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hauberk.core import Check
    from hauberk.federated._dp import OpacusClient, server_epsilon
    from hauberk.federated._scenario import (
        RECOMMENDED,
        STRATEGIES,
        SimulationResult,
        build_federation,
        simulate,
    )
    from hauberk.federated._screen import Screened, UpdateScreen, digest
    from hauberk.federated._simulate import ATTACKS, SimClient, run_federation
    from hauberk.federated._strategy import RULES, RobustStrategy, RoundRecord

_WHERE = {
    "ATTACKS": "hauberk.federated._simulate",
    "OpacusClient": "hauberk.federated._dp",
    "RECOMMENDED": "hauberk.federated._scenario",
    "RULES": "hauberk.federated._strategy",
    "RobustStrategy": "hauberk.federated._strategy",
    "RoundRecord": "hauberk.federated._strategy",
    "STRATEGIES": "hauberk.federated._scenario",
    "Screened": "hauberk.federated._screen",
    "SimClient": "hauberk.federated._simulate",
    "SimulationResult": "hauberk.federated._scenario",
    "UpdateScreen": "hauberk.federated._screen",
    "build_federation": "hauberk.federated._scenario",
    "digest": "hauberk.federated._screen",
    "run_federation": "hauberk.federated._simulate",
    "server_epsilon": "hauberk.federated._dp",
    "simulate": "hauberk.federated._scenario",
}


def checks() -> list[Check]:
    from hauberk.federated._check import FederatedCheck

    return [FederatedCheck()]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'hauberk.federated' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ATTACKS",
    "RECOMMENDED",
    "RULES",
    "STRATEGIES",
    "OpacusClient",
    "RobustStrategy",
    "RoundRecord",
    "Screened",
    "SimClient",
    "SimulationResult",
    "UpdateScreen",
    "build_federation",
    "checks",
    "digest",
    "run_federation",
    "server_epsilon",
    "simulate",
]
