"""Federated learning on Flower that survives hostile clients.

Robust aggregation rules as a Flower strategy (:class:`RobustStrategy`: Krum, Multi-Krum,
coordinate-wise median, trimmed mean, FLTrust, norm clipping with server-side Gaussian noise),
a client-update screen that drops malformed updates and flags outliers, a ledger entry per
round, simulated hostile clients, and the ``federated.robustness`` check of ``hauberk assess``.
Importing this package imports Flower (``pip install 'hauberk[federated]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hauberk.core import Check


def checks() -> list[Check]:
    from hauberk.federated._check import FederatedCheck

    return [FederatedCheck()]
