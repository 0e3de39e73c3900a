"""``hauberk attest measure``: the values an ``[attestation]`` table must expect.

Prints the code measurement, the model digest and the gateway config digest (the
``[attestation]`` table left out) as ``hauberk serve`` computes them before it loads any key;
copy them into ``serve.toml`` as ``measurement``, ``model_sha256`` and ``config_sha256``.
Exit codes: 0 printed, 2 usage or input error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import OutputFile

attest_app = typer.Typer(
    help="Attestation before key loading (confidential computing; see "
    "docs/confidential-computing.md).",
    no_args_is_help=True,
)


@attest_app.command("measure")
def measure_command(
    model: Annotated[Path, typer.Option("--model", help="Model file the gateway will serve.")],
    config: Annotated[Path | None, typer.Option("--config", help="serve.toml.")] = None,
    output: OutputFile = None,
) -> None:
    """Print {code_measurement, model_sha256, config_sha256} as JSON."""
    from hauberk.core import InputError, write_atomic
    from hauberk.gateway import load_config, measure

    if not model.is_file():
        raise InputError(f"--model {model} does not exist or is not a file")
    values = measure(load_config(config), model)
    body = json.dumps(values, indent=2, sort_keys=True)
    if output is not None and str(output) != "-":
        write_atomic(output, body + "\n")
    else:
        typer.echo(body)


def register(app: typer.Typer) -> None:
    """Add the ``attest`` command group to ``app``."""
    app.add_typer(attest_app, name="attest")
