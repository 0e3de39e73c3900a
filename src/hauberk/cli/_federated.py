"""``hauberk federated simulate``: train a federation with hostile clients, print the outcome.

Exit codes: 0 done; 2 usage or input error (unknown attack or strategy, a fraction out of
range), one line on stderr.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from hauberk.cli._common import Format

federated_app = typer.Typer(
    help="Federated learning with Flower: simulate hostile clients against a strategy.",
    no_args_is_help=True,
)


@federated_app.command("simulate")
def simulate_command(
    dataset: Annotated[str, typer.Option(help="digits or breast_cancer (bundled).")] = "digits",
    clients: Annotated[int, typer.Option(help="Number of clients (3-200).")] = 10,
    hostile: Annotated[float, typer.Option(help="Fraction of hostile clients, [0, 0.5).")] = 0.2,
    attack: Annotated[
        str, typer.Option(help="backdoor, label_flip, lie, none, scaling or sign_flip.")
    ] = "backdoor",
    strategy: Annotated[
        str | None, typer.Option(help="Aggregation strategy (omitted: the recommended one).")
    ] = None,
    rounds: Annotated[int, typer.Option(help="Federated rounds (1-200).")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the whole run.")] = 0,
    ledger: Annotated[
        str | None, typer.Option(help="Ledger (SQLite path) that gets one entry per round.")
    ] = None,
    fmt: Format = "text",
) -> None:
    """Run one federated scenario in process and print accuracy and backdoor success."""
    import logging

    from hauberk.core import InputError

    if fmt not in ("json", "text"):
        raise InputError(f"--format must be json or text, not {fmt!r}")
    from hauberk.federated._scenario import RECOMMENDED, check_options, simulate
    from hauberk.federated._simulate import DATASETS

    name = strategy or RECOMMENDED
    if dataset not in DATASETS:
        raise InputError(f"--dataset must be one of {', '.join(DATASETS)}, not {dataset!r}")
    try:
        check_options(clients=clients, hostile=hostile, attack=attack, strategy=name, rounds=rounds)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    logging.getLogger("flwr").setLevel(logging.ERROR)
    if ledger is not None:
        from hauberk.ledger import open_ledger

        with open_ledger(ledger, create=True) as log:
            result = simulate(
                dataset=dataset,
                clients=clients,
                hostile=hostile,
                attack=attack,
                strategy=name,
                rounds=rounds,
                seed=seed,
                ledger=log,
            )
    else:
        result = simulate(
            dataset=dataset,
            clients=clients,
            hostile=hostile,
            attack=attack,
            strategy=name,
            rounds=rounds,
            seed=seed,
        )
    out = result.to_dict()
    if fmt == "json":
        typer.echo(json.dumps(out, indent=2, sort_keys=True))
        return
    typer.echo(
        f"{out['dataset']}: {clients} clients, {len(out['hostile_clients'])} hostile "
        f"({attack}), strategy {name}, {rounds} rounds\n"
        f"accuracy {out['accuracy']:.4f} (n={out['test_n']}), backdoor success "
        f"{out['backdoor_success']:.4f} (95% CI {out['backdoor_success_ci'][0]:.4f}-"
        f"{out['backdoor_success_ci'][1]:.4f}, n={out['backdoor_n']})\n"
        f"flagged clients: {out['flagged_clients']} (hostile: {out['hostile_clients']})"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(federated_app, name="federated")
