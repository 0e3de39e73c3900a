"""Federated training with hostile clients: data, model, attacks, and a deterministic driver.

The model is multinomial logistic regression in numpy (small, fast, enough to show what an
aggregation rule does). Honest clients run a few epochs of minibatch SGD on their IID shard and
return their parameters as a Flower ``NumPyClient``; hostile ones return an attack:

- ``sign_flip``: the honest update negated and tripled (Damaskinos et al. 2018 style);
- ``scaling``: the honest update multiplied by the number of clients (an overshoot);
- ``label_flip``: trained on labels ``k - 1 - y`` (Tolpegin et al. 2020);
- ``backdoor``: model replacement (Bagdasaryan et al. 2020): trained on the shard plus copies
  stamped with a pixel trigger and labelled ``target``, boosted by ``clients / hostile``;
- ``lie``: a little is enough (Baruch et al. 2019): mean minus ``z`` standard deviations of
  the colluders' honest updates, ``z`` from the paper's formula.

:func:`run_federation` is the in-process driver: it talks to the strategy through Flower's own
``configure_fit``/``aggregate_fit`` and to the clients through ``ClientProxy`` objects, one
after another in client order, so a seed fixes the whole run. The same strategy and client
objects run unchanged under ``flwr.simulation.run_simulation`` (Ray) and a real SuperLink.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flwr.client import Client, NumPyClient
from flwr.common import (
    Code,
    DisconnectRes,
    EvaluateIns,
    EvaluateRes,
    FitIns,
    FitRes,
    GetParametersIns,
    GetParametersRes,
    GetPropertiesIns,
    GetPropertiesRes,
    NDArrays,
    Parameters,
    ReconnectIns,
    Scalar,
    Status,
    ndarrays_to_parameters,
    parameters_to_ndarrays,
)
from flwr.server.client_manager import SimpleClientManager
from flwr.server.client_proxy import ClientProxy
from flwr.server.strategy import Strategy
from numpy.typing import NDArray

ATTACKS = ("backdoor", "label_flip", "lie", "none", "scaling", "sign_flip")
DATASETS = ("breast_cancer", "digits")

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Dataset:
    name: str
    x_train: F64
    y_train: NDArray[np.int64]
    x_test: F64
    y_test: NDArray[np.int64]
    classes: int
    trigger: tuple[int, ...]  # feature indices the backdoor trigger sets
    trigger_value: float
    target: int  # the class the backdoor sends triggered inputs to

    def stamp(self, x: F64) -> F64:
        out = np.array(x, dtype=np.float64, copy=True)
        out[:, list(self.trigger)] = self.trigger_value
        return out


def load_dataset(name: str, seed: int = 0) -> Dataset:
    """scikit-learn's bundled digits (8x8 pixels / 16) or breast cancer (standardised)."""
    from sklearn.datasets import load_breast_cancer, load_digits
    from sklearn.model_selection import train_test_split

    if name == "digits":
        x, y = load_digits(return_X_y=True)
        x = x / 16.0
        trigger: tuple[int, ...] = (55, 62, 63)  # bottom-right pixels, almost always blank
        value, target = 1.0, 0
    elif name == "breast_cancer":
        x, y = load_breast_cancer(return_X_y=True)
        trigger, value, target = (0, 1), 0.0, 1  # set after standardising, see below
    else:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, not {name!r}")
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=seed, stratify=y)
    if name == "breast_cancer":
        mu, sd = xtr.mean(axis=0), xtr.std(axis=0) + 1e-9
        xtr, xte = (xtr - mu) / sd, (xte - mu) / sd
        value = 6.0  # six standard deviations: rare in clean data
    return Dataset(
        name=name,
        x_train=np.asarray(xtr, np.float64),
        y_train=np.asarray(ytr, np.int64),
        x_test=np.asarray(xte, np.float64),
        y_test=np.asarray(yte, np.int64),
        classes=int(np.max(y)) + 1,
        trigger=trigger,
        trigger_value=value,
        target=target,
    )


# -- the model ---------------------------------------------------------------------------------


def init_params(features: int, classes: int) -> NDArrays:
    return [np.zeros((features, classes)), np.zeros(classes)]


def predict(params: Sequence[NDArray[Any]], x: F64) -> NDArray[np.int64]:
    return np.asarray(np.argmax(x @ params[0] + params[1], axis=1), dtype=np.int64)


def train(
    params: Sequence[NDArray[Any]],
    x: F64,
    y: NDArray[np.int64],
    *,
    classes: int,
    epochs: int = 2,
    lr: float = 0.5,
    batch: int = 16,
    rng: np.random.Generator,
) -> NDArrays:
    """Minibatch SGD on softmax cross-entropy; returns new parameters."""
    w = np.array(params[0], dtype=np.float64, copy=True)
    b = np.array(params[1], dtype=np.float64, copy=True)
    onehot = np.eye(classes)[y]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            idx = order[start : start + batch]
            logits = x[idx] @ w + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot[idx]) / len(idx)
            w -= lr * (x[idx].T @ g)
            b -= lr * g.sum(axis=0)
    return [w, b]


def accuracy(params: Sequence[NDArray[Any]], data: Dataset) -> float:
    return float(np.mean(predict(params, data.x_test) == data.y_test))


def backdoor_success(params: Sequence[NDArray[Any]], data: Dataset) -> tuple[int, int]:
    """(hits, n): triggered test inputs of other classes that the model sends to the target."""
    keep = data.y_test != data.target
    pred = predict(params, data.stamp(data.x_test[keep]))
    return int(np.sum(pred == data.target)), int(keep.sum())


# -- clients -----------------------------------------------------------------------------------


def _flat(arrays: Sequence[NDArray[Any]]) -> F64:
    return np.concatenate([np.asarray(a, np.float64).ravel() for a in arrays])


def _shape(flat: F64, like: Sequence[NDArray[Any]]) -> NDArrays:
    out: NDArrays = []
    start = 0
    for a in like:
        out.append(flat[start : start + a.size].reshape(a.shape))
        start += a.size
    return out


@dataclass
class Shard:
    x: F64
    y: NDArray[np.int64]


@dataclass
class Collusion:
    """What the hostile clients share: their shards (for little-is-enough) and the setting."""

    shards: list[Shard]
    clients: int
    classes: int
    epochs: int
    lr: float
    seed: int
    _cache: dict[int, tuple[F64, F64]] = field(default_factory=dict)

    def honest_stats(self, global_params: NDArrays, rnd: int) -> tuple[F64, F64]:
        if rnd not in self._cache:
            base = _flat(global_params)
            deltas = []
            for i, s in enumerate(self.shards):
                rng = np.random.default_rng([self.seed, rnd, 7919 + i])
                p = train(
                    global_params,
                    s.x,
                    s.y,
                    classes=self.classes,
                    epochs=self.epochs,
                    lr=self.lr,
                    rng=rng,
                )
                deltas.append(_flat(p) - base)
            arr = np.vstack(deltas)
            self._cache = {rnd: (arr.mean(axis=0), arr.std(axis=0))}
        return self._cache[rnd]


def lie_z(clients: int, hostile: int) -> float:
    """Baruch et al.'s z: the largest shift that still leaves the attackers inside the majority."""
    from scipy.stats import norm

    s = math.floor(clients / 2 + 1) - hostile
    return float(norm.ppf(max(min((clients - s) / clients, 0.999), 0.5)))


class SimClient(NumPyClient):
    """One simulated client: honest, or running ``attack``."""

    def __init__(
        self,
        index: int,
        shard: Shard,
        data: Dataset,
        *,
        attack: str = "none",
        collusion: Collusion | None = None,
        epochs: int = 2,
        lr: float = 0.5,
        seed: int = 0,
    ) -> None:
        if attack not in ATTACKS:
            raise ValueError(f"attack must be one of {', '.join(ATTACKS)}, not {attack!r}")
        self.index = index
        self.shard = shard
        self.data = data
        self.attack = attack
        self.collusion = collusion
        self.epochs = epochs
        self.lr = lr
        self.seed = seed

    def _train(self, params: NDArrays, x: F64, y: NDArray[np.int64], rnd: int) -> NDArrays:
        rng = np.random.default_rng([self.seed, rnd, self.index])
        return train(
            params, x, y, classes=self.data.classes, epochs=self.epochs, lr=self.lr, rng=rng
        )

    def fit(
        self, parameters: NDArrays, config: dict[str, Scalar]
    ) -> tuple[NDArrays, int, dict[str, Scalar]]:
        rnd = int(config.get("round", 0))
        x, y = self.shard.x, self.shard.y
        n = len(x)
        if self.attack == "label_flip":
            return self._train(parameters, x, self.data.classes - 1 - y, rnd), n, {}
        base = _flat(parameters)
        hostile = len(self.collusion.shards) if self.collusion else 1
        clients = self.collusion.clients if self.collusion else 1
        if self.attack == "backdoor":
            poison = self.data.stamp(x)
            xp = np.vstack([x, poison])
            yp = np.concatenate([y, np.full(n, self.data.target, dtype=np.int64)])
            p = self._train(parameters, xp, yp, rnd)
            boost = clients / max(hostile, 1)
            return _shape(base + boost * (_flat(p) - base), parameters), n, {}
        if self.attack == "lie":
            assert self.collusion is not None
            mean, std = self.collusion.honest_stats(parameters, rnd)
            z = lie_z(clients, hostile)
            return _shape(base + mean - z * std, parameters), n, {}
        honest = self._train(parameters, x, y, rnd)
        if self.attack == "sign_flip":
            return _shape(base - 3.0 * (_flat(honest) - base), parameters), n, {}
        if self.attack == "scaling":
            return _shape(base + clients * (_flat(honest) - base), parameters), n, {}
        return honest, n, {}


class LocalProxy(ClientProxy):
    """A ``ClientProxy`` that calls a Flower ``Client`` in this process."""

    def __init__(self, cid: str, client: Client) -> None:
        super().__init__(cid)
        self.client = client

    def get_properties(
        self, ins: GetPropertiesIns, timeout: float | None, group_id: int | None
    ) -> GetPropertiesRes:
        return self.client.get_properties(ins)

    def get_parameters(
        self, ins: GetParametersIns, timeout: float | None, group_id: int | None
    ) -> GetParametersRes:
        return self.client.get_parameters(ins)

    def fit(self, ins: FitIns, timeout: float | None, group_id: int | None) -> FitRes:
        return self.client.fit(ins)

    def evaluate(
        self, ins: EvaluateIns, timeout: float | None, group_id: int | None
    ) -> EvaluateRes:
        return self.client.evaluate(ins)

    def reconnect(
        self, ins: ReconnectIns, timeout: float | None, group_id: int | None
    ) -> DisconnectRes:
        return DisconnectRes(reason="")


def run_federation(
    strategy: Strategy,
    clients: Sequence[Client],
    initial: NDArrays,
    rounds: int,
    *,
    on_round: Callable[[int, NDArrays], None] | None = None,
) -> NDArrays:
    """Run ``rounds`` of Flower's fit protocol in this process; return the final parameters.

    A client that raises is a failure handed to the strategy, as Flower's server does.
    """
    manager = SimpleClientManager()
    for i, c in enumerate(clients):
        manager.register(LocalProxy(str(i), c))
    params: Parameters = ndarrays_to_parameters(initial)
    for rnd in range(1, rounds + 1):
        instructions = strategy.configure_fit(rnd, params, manager)
        results: list[tuple[ClientProxy, FitRes]] = []
        failures: list[tuple[ClientProxy, FitRes] | BaseException] = []
        for proxy, ins in sorted(instructions, key=lambda pi: int(pi[0].cid)):
            ins.config["round"] = rnd
            try:
                res = proxy.fit(ins, timeout=None, group_id=rnd)
            except Exception as exc:  # a crashing client is a failure, not the server's crash
                failures.append(exc)
                continue
            if res.status.code == Code.OK:
                results.append((proxy, res))
            else:
                failures.append((proxy, res))
        new, _ = strategy.aggregate_fit(rnd, results, failures)
        if new is not None:
            params = new
        if on_round is not None:
            on_round(rnd, parameters_to_ndarrays(params))
    return parameters_to_ndarrays(params)


def ok_status() -> Status:
    return Status(code=Code.OK, message="")
