"""The Typer application behind every ``hauberk`` command but the fast path of ``scan``."""

from __future__ import annotations

from importlib import import_module
from typing import Annotated

import typer

import hauberk
from hauberk.cli._assess import assess_command
from hauberk.cli._checks import checks_command
from hauberk.cli._explain import explain_command
from hauberk.cli._init import init_command
from hauberk.cli._report import report_app
from hauberk.cli._state import STATE

app = typer.Typer(
    name="hauberk",
    help="Secure machine-learning models: assess them, protect them, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich's help renderer alone costs ~0.5 s
)
app.command("assess")(assess_command)
app.command("checks")(checks_command)
app.command("explain")(explain_command)
app.command("init")(init_command)
app.add_typer(report_app, name="report")

# Command groups contributed by technique packages; each module has register(app).
COMMAND_MODULES: tuple[str, ...] = (
    "_data",
    "_governance",
    "_incident",
    "_ledger",
    "_llm",
    "_monitor",
    "_scan",
    "_serve",
    "_sign",
)
for _name in COMMAND_MODULES:
    import_module(f"hauberk.cli.{_name}").register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hauberk {hauberk.__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks on errors (anywhere on the line).")
    ] = False,
) -> None:
    STATE["debug"] = STATE["debug"] or debug


__all__ = ["app"]
