"""One federated scenario end to end: dataset, clients (some hostile), a strategy, R rounds.

``STRATEGIES`` names every strategy the CLI, the check and the bench can run: hauberk's
:class:`RobustStrategy` rules and Flower's own built-ins (``flwr_*``), built on the same
clients. ``RECOMMENDED`` is the default ``hauberk federated simulate`` uses when
``--strategy`` is omitted, chosen from ``bench/federated.py``'s numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flwr.common import NDArrays, ndarrays_to_parameters
from flwr.server.strategy import (
    Bulyan,
    DifferentialPrivacyServerSideFixedClipping,
    FedAvg,
    FedMedian,
    FedTrimmedAvg,
    Krum,
    Strategy,
)

from hauberk.core import Rate, clopper_pearson
from hauberk.federated._screen import UpdateScreen
from hauberk.federated._simulate import (
    ATTACKS,
    Collusion,
    Dataset,
    Shard,
    SimClient,
    accuracy,
    backdoor_success,
    init_params,
    load_dataset,
    run_federation,
    train,
)
from hauberk.federated._strategy import RobustStrategy

RECOMMENDED = "fltrust"
ROOT_SIZE = 100  # clean examples the server holds (FLTrust's root dataset; Cao et al. use 100)


@dataclass(frozen=True)
class Setting:
    """What a strategy builder may use: the federation's size and the server's root data."""

    clients: int
    hostile: int
    root: Dataset
    root_x: Any
    root_y: Any
    clip: float
    initial: NDArrays
    epochs: int
    lr: float
    seed: int
    noise_multiplier: float = 0.0
    ledger: Any = None


def _common(s: Setting) -> dict[str, Any]:
    return {
        "fraction_fit": 1.0,
        "fraction_evaluate": 0.0,
        "min_fit_clients": s.clients,
        "min_available_clients": s.clients,
        "initial_parameters": ndarrays_to_parameters(s.initial),
    }


def _root_update(s: Setting) -> Callable[[NDArrays], NDArrays]:
    counter = [0]

    def update(params: NDArrays) -> NDArrays:
        counter[0] += 1
        rng = np.random.default_rng([s.seed, counter[0], 104729])
        return train(
            params, s.root_x, s.root_y, classes=s.root.classes, epochs=s.epochs, lr=s.lr, rng=rng
        )

    return update


def _robust(rule: str, **extra: Any) -> Callable[[Setting], Strategy]:
    def build(s: Setting) -> Strategy:
        kwargs: dict[str, Any] = dict(extra)
        if rule == "fltrust":
            kwargs["root_update"] = _root_update(s)
        if rule in ("dp_clip", "clipped_median"):
            kwargs["clip"] = s.clip
        if rule == "dp_clip":
            kwargs["noise_multiplier"] = s.noise_multiplier
        return RobustStrategy(
            rule=rule, byzantine=s.hostile, ledger=s.ledger, seed=s.seed, **kwargs, **_common(s)
        )

    return build


def _flwr_dp(s: Setting) -> Strategy:
    return DifferentialPrivacyServerSideFixedClipping(
        FedAvg(**_common(s)),
        noise_multiplier=s.noise_multiplier,
        clipping_norm=s.clip,
        num_sampled_clients=s.clients,
    )


STRATEGIES: dict[str, Callable[[Setting], Strategy]] = {
    # hauberk's RobustStrategy (update screen on; flagged updates left out)
    "screened_fedavg": _robust("fedavg"),
    "krum": _robust("krum"),
    "multi_krum": _robust("multi_krum"),
    "median": _robust("median"),
    "trimmed_mean": _robust("trimmed_mean", beta=0.3),
    "fltrust": _robust("fltrust"),
    "clipped_median": _robust("clipped_median"),
    "dp_fedavg": _robust(
        "dp_clip", screen=UpdateScreen(z_threshold=1e9, min_cosine=-1.0), exclude_flagged=False
    ),
    # Flower's built-ins, unchanged
    "flwr_fedavg": lambda s: FedAvg(**_common(s)),
    "flwr_krum": lambda s: Krum(
        num_malicious_clients=s.hostile, num_clients_to_keep=0, **_common(s)
    ),
    "flwr_multi_krum": lambda s: Krum(
        num_malicious_clients=s.hostile,
        num_clients_to_keep=max(s.clients - s.hostile, 1),
        **_common(s),
    ),
    "flwr_median": lambda s: FedMedian(**_common(s)),
    "flwr_trimmed_mean": lambda s: FedTrimmedAvg(beta=0.3, **_common(s)),
    "flwr_bulyan": lambda s: Bulyan(num_malicious_clients=s.hostile, to_keep=0, **_common(s)),
    "flwr_dp_fixed": _flwr_dp,
}


@dataclass(frozen=True)
class SimulationResult:
    dataset: str
    clients: int
    hostile_ids: tuple[int, ...]
    attack: str
    strategy: str
    rounds: int
    seed: int
    accuracy: float
    test_n: int
    backdoor: Rate
    flagged: tuple[int, ...]
    dropped: dict[str, str] = field(default_factory=dict)
    accuracy_by_round: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        hostile = set(self.hostile_ids)
        return {
            "accuracy": round(self.accuracy, 4),
            "backdoor_success": round(self.backdoor.value, 4),
            "backdoor_success_ci": [round(self.backdoor.low, 4), round(self.backdoor.high, 4)],
            "backdoor_n": self.backdoor.n,
            "flagged_clients": list(self.flagged),
            "flagged_hostile": sum(1 for c in self.flagged if c in hostile),
            "flagged_honest": sum(1 for c in self.flagged if c not in hostile),
            "hostile_clients": list(self.hostile_ids),
            "dropped": dict(self.dropped),
            "dataset": self.dataset,
            "clients": self.clients,
            "attack": self.attack,
            "strategy": self.strategy,
            "rounds": self.rounds,
            "seed": self.seed,
            "test_n": self.test_n,
            "accuracy_by_round": [round(a, 4) for a in self.accuracy_by_round],
        }


def check_options(*, clients: int, hostile: float, attack: str, strategy: str, rounds: int) -> None:
    """Raise ValueError naming the bad option and the allowed values."""
    if attack not in ATTACKS:
        raise ValueError(f"--attack must be one of {', '.join(ATTACKS)}, not {attack!r}")
    if strategy not in STRATEGIES:
        raise ValueError(f"--strategy must be one of {', '.join(STRATEGIES)}, not {strategy!r}")
    if not 0.0 <= hostile < 0.5:
        raise ValueError(f"--hostile must be a fraction in [0, 0.5), not {hostile}")
    if not 3 <= clients <= 200:
        raise ValueError(f"--clients must be between 3 and 200, not {clients}")
    if not 1 <= rounds <= 200:
        raise ValueError(f"--rounds must be between 1 and 200, not {rounds}")


@dataclass(frozen=True)
class Federation:
    """Everything a run needs, rebuilt identically from the same arguments (and seed)."""

    data: Dataset
    clients: list[Any]  # flwr Client objects, index = client id = partition id
    hostile_ids: tuple[int, ...]
    setting: Setting


def build_federation(
    *,
    dataset: str | Dataset = "digits",
    clients: int = 10,
    hostile: float = 0.2,
    attack: str = "backdoor",
    seed: int = 0,
    epochs: int = 2,
    lr: float = 0.5,
    noise_multiplier: float = 0.0,
    client_noise: float = 0.0,
    ledger: Any = None,
) -> Federation:
    """The data split, the clients (hostile ones attacking) and the server's setting."""
    data = load_dataset(dataset, seed) if isinstance(dataset, str) else dataset
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(data.x_train))
    root_idx, rest = order[:ROOT_SIZE], order[ROOT_SIZE:]
    parts = np.array_split(rest, clients)
    if min(len(p) for p in parts) < 2:
        raise ValueError(f"--clients {clients} leaves fewer than 2 training rows per client")
    n_hostile = round(hostile * clients) if attack != "none" else 0
    hostile_ids = tuple(sorted(int(i) for i in rng.permutation(clients)[:n_hostile]))
    shards = [Shard(data.x_train[p], data.y_train[p]) for p in parts]
    collusion = Collusion(
        shards=[shards[i] for i in hostile_ids],
        clients=clients,
        classes=data.classes,
        epochs=epochs,
        lr=lr,
        seed=seed,
    )
    sims = [
        SimClient(
            i,
            shards[i],
            data,
            attack=attack if i in hostile_ids else "none",
            collusion=collusion,
            epochs=epochs,
            lr=lr,
            seed=seed,
        ).to_client()
        for i in range(clients)
    ]
    if client_noise > 0:
        from hauberk.federated._dp import OpacusClient

        for i in range(clients):
            if i not in hostile_ids:
                sims[i] = OpacusClient(
                    shards[i].x,
                    shards[i].y,
                    classes=data.classes,
                    noise_multiplier=client_noise,
                    epochs=epochs,
                    lr=lr,
                    seed=seed * 1000 + i,
                ).to_client()
    initial = init_params(data.x_train.shape[1], data.classes)
    root_x, root_y = data.x_train[root_idx], data.y_train[root_idx]
    first = train(
        initial,
        root_x,
        root_y,
        classes=data.classes,
        epochs=epochs,
        lr=lr,
        rng=np.random.default_rng(seed),
    )
    clip = float(
        np.sqrt(sum(float(np.sum((a - b) ** 2)) for a, b in zip(first, initial, strict=True)))
    )
    setting = Setting(
        clients=clients,
        hostile=n_hostile,
        root=data,
        root_x=root_x,
        root_y=root_y,
        clip=clip,
        initial=initial,
        epochs=epochs,
        lr=lr,
        seed=seed,
        noise_multiplier=noise_multiplier,
        ledger=ledger,
    )
    return Federation(data=data, clients=sims, hostile_ids=hostile_ids, setting=setting)


def simulate(
    *,
    dataset: str | Dataset = "digits",
    clients: int = 10,
    hostile: float = 0.2,
    attack: str = "backdoor",
    strategy: str = RECOMMENDED,
    rounds: int = 10,
    seed: int = 0,
    epochs: int = 2,
    lr: float = 0.5,
    noise_multiplier: float = 0.0,
    client_noise: float = 0.0,
    ledger: Any = None,
) -> SimulationResult:
    """Train a federation of ``clients`` (a ``hostile`` fraction running ``attack``).

    ``noise_multiplier`` is the server-side noise of ``dp_fedavg``/``flwr_dp_fixed``;
    ``client_noise`` > 0 makes the honest clients train with Opacus DP-SGD at that noise.
    """
    check_options(clients=clients, hostile=hostile, attack=attack, strategy=strategy, rounds=rounds)
    fed = build_federation(
        dataset=dataset,
        clients=clients,
        hostile=hostile,
        attack=attack,
        seed=seed,
        epochs=epochs,
        lr=lr,
        noise_multiplier=noise_multiplier,
        client_noise=client_noise,
        ledger=ledger,
    )
    data, sims, hostile_ids, setting = fed.data, fed.clients, fed.hostile_ids, fed.setting
    initial = setting.initial
    strat = STRATEGIES[strategy](setting)
    by_round: list[float] = []
    final = run_federation(
        strat, sims, initial, rounds, on_round=lambda _r, p: by_round.append(accuracy(p, data))
    )
    hits, n = backdoor_success(final, data)
    flagged: set[int] = set()
    dropped: dict[str, str] = {}
    for record in getattr(strat, "history", ()):
        flagged.update(int(c) for c in record.flagged)
        for cid, why in record.dropped.items():
            dropped.setdefault(cid, f"round {record.round}: {why}")
    return SimulationResult(
        dataset=data.name,
        clients=clients,
        hostile_ids=hostile_ids,
        attack=attack,
        strategy=strategy,
        rounds=rounds,
        seed=seed,
        accuracy=accuracy(final, data),
        test_n=len(data.y_test),
        backdoor=clopper_pearson(hits, n),
        flagged=tuple(sorted(flagged)),
        dropped=dropped,
        accuracy_by_round=tuple(by_round),
    )
