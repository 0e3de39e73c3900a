"""Robust and private aggregation as a Flower strategy (``flwr.server.strategy.FedAvg``).

:class:`RobustStrategy` keeps Flower's client sampling, configuration and evaluation, and
replaces ``aggregate_fit``: every reply goes through the :class:`UpdateScreen` (malformed
updates dropped with a logged reason, outliers flagged and by default left out), the rest are
turned into deltas from the current global model and combined by one rule of
``_aggregators.py``; each round is written to a ledger (participants, update digests,
aggregate digest) when one is given. It works anywhere a Flower strategy does: in
``ServerApp(server_fn=...)``, under the simulation engine, with a real SuperLink, and inside
the SecAgg+ workflow (where the server sees only the sum, so only ``fedavg``/``dp_clip``
apply; robust rules need individual updates).

Where Flower ships the same rule (``FedMedian``, ``FedTrimmedAvg``, ``Krum``, ``Bulyan``,
``DifferentialPrivacyServerSideFixedClipping``) ``bench/federated.py`` runs both on the same
clients; see docs/federated.md for which is used where.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flwr.common import (
    FitIns,
    FitRes,
    NDArrays,
    Parameters,
    Scalar,
    ndarrays_to_parameters,
    parameters_to_ndarrays,
)
from flwr.server.client_manager import ClientManager
from flwr.server.client_proxy import ClientProxy
from flwr.server.strategy import FedAvg

from hauberk.federated import _aggregators as agg
from hauberk.federated._screen import LOG, UpdateScreen, digest

#: Aggregation rules :class:`RobustStrategy` knows.
RULES = (
    "clipped_median",
    "dp_clip",
    "fedavg",
    "fltrust",
    "krum",
    "median",
    "multi_krum",
    "trimmed_mean",
)

RootUpdate = Callable[[NDArrays], NDArrays]


@dataclass(frozen=True)
class RoundRecord:
    """What the server did in one round; the ledger entry's body."""

    round: int
    rule: str
    participants: tuple[str, ...]
    aggregated: tuple[str, ...]
    dropped: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, str] = field(default_factory=dict)
    update_digests: dict[str, str] = field(default_factory=dict)
    aggregate_digest: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "rule": self.rule,
            "participants": list(self.participants),
            "aggregated": list(self.aggregated),
            "dropped": dict(self.dropped),
            "flagged": dict(self.flagged),
            "update_digests": dict(self.update_digests),
            "aggregate_digest": self.aggregate_digest,
        }


class RobustStrategy(FedAvg):
    """FedAvg's protocol with a screened, robust aggregation rule.

    ``rule`` is one of :data:`RULES`. ``byzantine`` is the number of hostile clients Krum
    assumes; ``keep`` how many Multi-Krum averages (default ``n - byzantine``); ``beta`` the
    fraction trimmed from each side; ``clip`` the L2 bound of ``dp_clip`` and
    ``clipped_median``; ``noise_multiplier`` the Gaussian noise of ``dp_clip`` in units of
    ``clip / n``; ``root_update`` (FLTrust) trains the global model on the server's small clean
    root dataset and returns the new parameters. ``ledger`` is a :class:`hauberk.ledger.Ledger`.
    """

    def __init__(
        self,
        *,
        rule: str = "fltrust",
        byzantine: int = 0,
        keep: int | None = None,
        beta: float = 0.2,
        clip: float | None = None,
        noise_multiplier: float = 0.0,
        root_update: RootUpdate | None = None,
        screen: UpdateScreen | None = None,
        exclude_flagged: bool = True,
        ledger: Any = None,
        principal: str = "federated-server",
        seed: int = 0,
        **fedavg: Any,
    ) -> None:
        if rule not in RULES:
            raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
        if byzantine < 0:
            raise ValueError(f"byzantine must be >= 0, not {byzantine}")
        if rule in ("dp_clip", "clipped_median") and (clip is None or clip <= 0):
            raise ValueError(f"rule {rule} needs clip > 0")
        if rule == "fltrust" and root_update is None:
            raise ValueError("rule fltrust needs root_update (training on the server's root data)")
        if not 0 <= beta < 0.5:
            raise ValueError(f"beta must be in [0, 0.5), not {beta}")
        if noise_multiplier < 0:
            raise ValueError(f"noise_multiplier must be >= 0, not {noise_multiplier}")
        fedavg.setdefault("fraction_evaluate", 0.0)
        super().__init__(**fedavg)
        self.rule = rule
        self.byzantine = byzantine
        self.keep = keep
        self.beta = beta
        self.clip = clip
        self.noise_multiplier = noise_multiplier
        self.root_update = root_update
        self.screen = screen if screen is not None else UpdateScreen()
        self.exclude_flagged = exclude_flagged
        self.ledger = ledger
        self.principal = principal
        self.history: list[RoundRecord] = []
        self._rng = np.random.default_rng(seed)
        self._global: NDArrays | None = None

    def __repr__(self) -> str:
        return f"RobustStrategy(rule={self.rule!r})"

    def initialize_parameters(self, client_manager: ClientManager) -> Parameters | None:
        params = super().initialize_parameters(client_manager)
        if params is not None:
            self._global = parameters_to_ndarrays(params)
        return params

    def configure_fit(
        self, server_round: int, parameters: Parameters, client_manager: ClientManager
    ) -> list[tuple[ClientProxy, FitIns]]:
        self._global = parameters_to_ndarrays(parameters)
        return super().configure_fit(server_round, parameters, client_manager)

    def aggregate_fit(
        self,
        server_round: int,
        results: list[tuple[ClientProxy, FitRes]],
        failures: list[tuple[ClientProxy, FitRes] | BaseException],
    ) -> tuple[Parameters | None, dict[str, Scalar]]:
        if self._global is None:
            raise RuntimeError("aggregate_fit before configure_fit: no global model to compare")
        for failure in failures:
            LOG.warning("round %d: a client failed: %r", server_round, failure)
        base = [np.asarray(a, np.float64) for a in self._global]
        replies = [
            (proxy.cid, parameters_to_ndarrays(res.parameters), res) for proxy, res in results
        ]
        screened = self.screen.screen([(cid, arrays) for cid, arrays, _ in replies], base)
        use = [
            (cid, arrays, res)
            for cid, arrays, res in replies
            if cid in screened.kept and not (self.exclude_flagged and cid in screened.flagged)
        ]
        if not use:  # everything was dropped or flagged: keep the model, say so
            use = [r for r in replies if r[0] in screened.kept] if screened.kept else []
        new: NDArrays | None = None
        if use:
            deltas = np.vstack(
                [
                    np.concatenate(
                        [
                            (np.asarray(a, np.float64) - b).ravel()
                            for a, b in zip(arr, base, strict=True)
                        ]
                    )
                    for _, arr, _ in use
                ]
            )
            weights = np.array([max(res.num_examples, 0) for _, _, res in use], dtype=np.float64)
            step = self._combine(deltas, weights, base)
            new = _unflatten(np.concatenate([b.ravel() for b in base]) + step, base)
        record = RoundRecord(
            round=server_round,
            rule=self.rule,
            participants=tuple(cid for cid, _, _ in replies),
            aggregated=tuple(cid for cid, _, _ in use),
            dropped=dict(screened.dropped),
            flagged=dict(screened.flagged),
            update_digests={cid: digest(arrays) for cid, arrays, _ in replies},
            aggregate_digest=digest(new) if new is not None else "",
        )
        self.history.append(record)
        if self.ledger is not None:
            self.ledger.record("federated.round", record.body(), principal=self.principal)
        if new is None:
            LOG.warning("round %d: no update could be aggregated; model unchanged", server_round)
            return None, {"dropped": len(screened.dropped), "flagged": len(screened.flagged)}
        self._global = new
        return ndarrays_to_parameters(new), {
            "aggregated": len(use),
            "dropped": len(screened.dropped),
            "flagged": len(screened.flagged),
        }

    def _combine(self, deltas: agg.Array, weights: agg.Array, base: NDArrays) -> agg.Array:
        n = deltas.shape[0]
        if self.rule == "fedavg":
            return agg.weighted_mean(deltas, weights if weights.sum() > 0 else None)
        if self.rule == "median":
            return agg.coordinate_median(deltas)
        if self.rule == "trimmed_mean":
            return agg.trimmed_mean(deltas, self.beta)
        if self.rule in ("krum", "multi_krum"):
            f = min(self.byzantine, max(n - 3, 0))
            keep = 1 if self.rule == "krum" else (self.keep or max(n - f, 1))
            return agg.multi_krum(deltas, f, min(keep, n))[0]
        if self.rule == "dp_clip":
            assert self.clip is not None
            return agg.clipped_gaussian_mean(deltas, self.clip, self.noise_multiplier, self._rng)
        if self.rule == "clipped_median":
            assert self.clip is not None
            return agg.clipped_median(deltas, self.clip)
        assert self.root_update is not None  # fltrust
        root = self.root_update([b.copy() for b in base])
        root_delta = np.concatenate(
            [(np.asarray(a, np.float64) - b).ravel() for a, b in zip(root, base, strict=True)]
        )
        return agg.fltrust(deltas, root_delta)[0]


def _unflatten(flat: agg.Array, like: NDArrays) -> NDArrays:
    out: NDArrays = []
    start = 0
    for a in like:
        out.append(flat[start : start + a.size].reshape(a.shape))
        start += a.size
    return out
