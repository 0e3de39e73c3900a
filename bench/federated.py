"""Federated training with hostile clients: hauberk's RobustStrategy rules against Flower's
built-in strategies on the same clients, data and seeds (one process, one run).

For each dataset (scikit-learn's digits and breast cancer) and federation (clients, hostile
fraction) every strategy trains a softmax-regression model for R rounds under each attack;
the tables give final test accuracy per attack, the backdoor's success rate (triggered test
inputs of other classes sent to the target class), the worst accuracy drop below attack-free
FedAvg and the number of honest clients the screen flagged. Then DP-FedAvg (server-side
clipping and noise, ours and Flower's wrapper) and client-side DP-SGD (Opacus): accuracy
against ε.

    python bench/federated.py            # full run (a few minutes on 2 cores)
    python bench/federated.py --quick    # one small federation, for a smoke run
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from _record import recorded
from hauberk.federated._dp import server_epsilon
from hauberk.federated._scenario import RECOMMENDED, STRATEGIES, simulate

ATTACKS = ("sign_flip", "scaling", "label_flip", "lie", "backdoor")
ROUNDS = 10


def _run(**kw: Any) -> Any:
    try:
        return simulate(rounds=ROUNDS, **kw)
    except Exception as exc:  # e.g. Flower's Bulyan refuses n < 4f + 3
        return f"{type(exc).__name__}"


def federation_table(dataset: str, clients: int, hostile: float) -> None:
    clean = simulate(
        dataset=dataset,
        clients=clients,
        hostile=0.0,
        attack="none",
        strategy="flwr_fedavg",
        rounds=ROUNDS,
    )
    base = clean.accuracy
    print(
        f"\n### {dataset}, {clients} clients, {hostile:.0%} hostile, {ROUNDS} rounds "
        f"(attack-free FedAvg accuracy {base:.4f}, n={clean.test_n})\n"
    )
    head = [
        "strategy",
        "no attack",
        *ATTACKS,
        "backdoor success",
        "worst drop",
        "honest flagged",
        "s/run",
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in STRATEGIES:
        t = time.perf_counter()
        runs = {
            a: _run(dataset=dataset, clients=clients, hostile=hostile, attack=a, strategy=name)
            for a in ("none", *ATTACKS)
        }
        per = (time.perf_counter() - t) / len(runs)
        if any(isinstance(r, str) for r in runs.values()):
            err = next(r for r in runs.values() if isinstance(r, str))
            print(f"| {name} | " + " | ".join(["error: " + err] + [""] * (len(head) - 2)) + " |")
            continue
        accs = [runs[a].accuracy for a in ("none", *ATTACKS)]
        bd = runs["backdoor"].backdoor
        worst = base - min(accs)
        honest = max(r.to_dict()["flagged_honest"] for r in runs.values())
        mark = " (default)" if name == RECOMMENDED else ""
        cells = [
            f"{name}{mark}",
            *(f"{a:.4f}" for a in accs),
            f"{bd.value:.3f} [{bd.low:.3f}, {bd.high:.3f}]",
            f"{worst:+.4f}",
            str(honest),
            f"{per:.2f}",
        ]
        print("| " + " | ".join(cells) + " |")


def dp_table(dataset: str, clients: int) -> None:
    print(
        f"\n### DP-FedAvg on {dataset}, {clients} clients, no attack, {ROUNDS} rounds "
        "(client-level ε at δ=1e-5, every client every round)\n"
    )
    print("| noise multiplier | ε | hauberk dp_fedavg | Flower DP fixed clipping | ratio |")
    print("|---|---|---|---|---|")
    for z in (0.1, 0.3, 0.5, 1.0, 2.0):
        ours, peer = (
            simulate(
                dataset=dataset,
                clients=clients,
                hostile=0.0,
                attack="none",
                strategy=strategy,
                noise_multiplier=z,
                rounds=ROUNDS,
            )
            for strategy in ("dp_fedavg", "flwr_dp_fixed")
        )
        eps = server_epsilon(z, ROUNDS)
        print(
            f"| {z} | {eps:.1f} | {ours.accuracy:.4f} | {peer.accuracy:.4f} | "
            f"{ours.accuracy / max(peer.accuracy, 1e-9):.3f} |"
        )


def client_dp_table(dataset: str, clients: int) -> None:
    print(
        f"\n### Client-side DP-SGD (Opacus) on {dataset}, {clients} clients, no attack, "
        f"{ROUNDS} rounds (per-round local ε at δ=1e-5; FedAvg)\n"
    )
    print("| noise multiplier | local ε per round | accuracy | vs non-private |")
    print("|---|---|---|---|")
    plain = simulate(
        dataset=dataset,
        clients=clients,
        hostile=0.0,
        attack="none",
        strategy="flwr_fedavg",
        rounds=ROUNDS,
    )
    from hauberk.federated._dp import OpacusClient
    from hauberk.federated._simulate import load_dataset

    data = load_dataset(dataset)
    for z in (0.5, 1.0, 2.0):
        r = simulate(
            dataset=dataset,
            clients=clients,
            hostile=0.0,
            attack="none",
            strategy="flwr_fedavg",
            client_noise=z,
            rounds=ROUNDS,
        )
        n = (len(data.x_train) - 100) // clients
        probe = OpacusClient(
            data.x_train[:n], data.y_train[:n], classes=data.classes, noise_multiplier=z
        )
        from hauberk.federated._simulate import init_params

        probe.fit(init_params(data.x_train.shape[1], data.classes), {"round": 1})
        print(
            f"| {z} | {probe.epsilon:.2f} | {r.accuracy:.4f} | {r.accuracy - plain.accuracy:+.4f} |"
        )


def main() -> None:
    logging.getLogger("flwr").setLevel(logging.ERROR)
    logging.getLogger("hauberk.federated").setLevel(logging.ERROR)
    quick = "--quick" in sys.argv
    if quick:
        federation_table("breast_cancer", 10, 0.2)
        return
    for dataset, clients, hostile in (
        ("digits", 10, 0.2),
        ("digits", 30, 0.1),
        ("digits", 50, 0.3),
        ("breast_cancer", 20, 0.2),
    ):
        federation_table(dataset, clients, hostile)
    dp_table("digits", 50)
    client_dp_table("digits", 10)


if __name__ == "__main__":
    import warnings

    warnings.filterwarnings("ignore")
    with recorded("federated"):
        main()
