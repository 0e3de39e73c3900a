"""The simulated federation as a Flower ``ServerApp`` and ``ClientApp``.

The same apps run under ``flwr.simulation.run_simulation`` (Ray backend) and under real
``flower-superlink`` / ``flower-supernode`` processes (``flwr run``). A client rebuilds its
shard from the run's settings and its ``partition-id`` (the seed fixes the split), so no data
crosses the wire. With ``secagg=True`` the server runs Flower's SecAgg+ workflow
(``SecAggPlusWorkflow``) and the clients the ``secaggplus_mod``: the server then sees only the
sum of the updates (Flower hands every client's reply the same aggregate), so the update
screen and robust rules cannot tell clients apart: use ``fedavg`` or ``dp_clip`` there.

Settings come from the run config (``flwr run --run-config``) with these keys and defaults:
``dataset`` (digits), ``clients`` (10), ``hostile`` (0.2), ``attack`` (none), ``strategy``
(fltrust), ``rounds`` (3), ``seed`` (0), ``secagg`` (false), ``result`` (a JSON file the
server writes the final accuracy and backdoor success to, if set).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flwr.client import Client, ClientApp
from flwr.client.mod import secaggplus_mod
from flwr.clientapp.typing import Mod
from flwr.common import Context
from flwr.server import Grid, LegacyContext, ServerApp, ServerConfig
from flwr.server.strategy import Strategy
from flwr.server.workflow import DefaultWorkflow, SecAggPlusWorkflow
from flwr.server.workflow.constant import MAIN_PARAMS_RECORD

DEFAULTS: dict[str, Any] = {
    "dataset": "digits",
    "clients": 10,
    "hostile": 0.2,
    "attack": "none",
    "strategy": "fltrust",
    "rounds": 3,
    "seed": 0,
    "secagg": False,
    "result": "",
}


def _settings(run_config: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in run_config.items() if k in DEFAULTS})
    out.update(overrides)
    return out


def _federation(cfg: Mapping[str, Any]) -> Any:
    from hauberk.federated._scenario import build_federation

    return build_federation(
        dataset=str(cfg["dataset"]),
        clients=int(cfg["clients"]),
        hostile=float(cfg["hostile"]),
        attack=str(cfg["attack"]),
        seed=int(cfg["seed"]),
    )


def client_app(**overrides: Any) -> ClientApp:
    """A ClientApp whose node ``partition-id`` picks the simulated client."""

    def client_fn(context: Context) -> Client:
        cfg = _settings(context.run_config, overrides)
        fed = _federation(cfg)
        index = int(context.node_config.get("partition-id", 0))
        client: Client = fed.clients[index]
        return client

    mods: list[Mod] = [secaggplus_mod] if overrides.get("secagg") else []
    return ClientApp(client_fn=client_fn, mods=mods)


def server_app(
    *, on_done: Callable[[Strategy, Any, list[Any]], None] | None = None, **overrides: Any
) -> ServerApp:
    """A ServerApp running the configured strategy (optionally inside SecAgg+)."""
    app = ServerApp()

    @app.main()
    def main(grid: Grid, context: Context) -> None:
        from hauberk.federated._scenario import STRATEGIES
        from hauberk.federated._simulate import accuracy, backdoor_success

        cfg = _settings(context.run_config, overrides)
        fed = _federation(cfg)
        strategy = STRATEGIES[str(cfg["strategy"])](fed.setting)
        legacy = LegacyContext(
            context=context, config=ServerConfig(num_rounds=int(cfg["rounds"])), strategy=strategy
        )
        if cfg["secagg"]:
            n = int(cfg["clients"])
            workflow = DefaultWorkflow(
                fit_workflow=SecAggPlusWorkflow(
                    num_shares=n, reconstruction_threshold=max(2, n // 2 + 1)
                )
            )
        else:
            workflow = DefaultWorkflow()
        workflow(grid, legacy)
        final = legacy.state.array_records[MAIN_PARAMS_RECORD].to_numpy_ndarrays()
        if on_done is not None:
            on_done(strategy, fed, final)
        if cfg["result"]:
            hits, n_bd = backdoor_success(final, fed.data)
            _write_json(
                Path(str(cfg["result"])),
                {
                    "accuracy": accuracy(final, fed.data),
                    "backdoor_hits": hits,
                    "backdoor_n": n_bd,
                    "rounds": int(cfg["rounds"]),
                },
            )

    return app


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


# For ``flwr run``: the app's pyproject names these (module:attribute).
app_client = client_app()
app_server = server_app()
app_client_secagg = client_app(secagg=True)
app_server_secagg = server_app(secagg=True)
