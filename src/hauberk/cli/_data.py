"""``hauberk data ...``: check a data set before it reaches training.

Each subcommand lives in its own module listing ``register(data_app)``; add the module name to
``DATA_COMMANDS``.
"""

from __future__ import annotations

from importlib import import_module

import typer

data_app = typer.Typer(
    help="Check data before training: integrity, provenance, personal data, poisoning.",
    no_args_is_help=True,
)

DATA_COMMANDS: tuple[str, ...] = ("_data_manifest", "_data_pii", "_data_scan", "_data_schema")


def register(app: typer.Typer) -> None:
    for name in DATA_COMMANDS:
        import_module(f"hauberk.cli.{name}").register(data_app)
    if DATA_COMMANDS:
        app.add_typer(data_app, name="data")
