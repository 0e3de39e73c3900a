"""Layer 4: the ``hauberk`` command line, a thin shell over the library.

Exit codes: 0 nothing at or above ``--fail-on``, 1 findings at or above it, 2 usage or input
error. Heavy imports happen inside commands so that ``hauberk --help`` stays fast.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Annotated

import typer

import hauberk
from hauberk.cli._assess import assess_command
from hauberk.cli._checks import checks_command
from hauberk.cli._explain import explain_command
from hauberk.cli._init import init_command
from hauberk.cli._report import report_app

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
COMMAND_MODULES: tuple[str, ...] = ("_data", "_ledger", "_monitor", "_scan", "_serve", "_sign")
for _name in COMMAND_MODULES:
    import_module(f"hauberk.cli.{_name}").register(app)

_state = {"debug": False}


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
    _state["debug"] = _state["debug"] or debug


def _say_when_interrupted() -> None:
    """One line on SIGINT saying what stopped; typer then exits 130 (it swallows the
    KeyboardInterrupt silently). Reports are written atomically, so none is left half-way."""
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return  # ignored (a background job) or someone else's handler: leave it alone

    def interrupted(signum: int, frame: object) -> None:
        command = next((a for a in sys.argv[1:] if not a.startswith("-")), "hauberk")
        print(f"hauberk: interrupted: {command} stopped before it finished; no report was "
              "written for the unfinished run", file=sys.stderr, flush=True)  # fmt: skip
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)


def main() -> None:
    """Entry point: one clear line on error, exit 2; a traceback only with --debug."""
    from hauberk.core._errors import HauberkError

    _say_when_interrupted()
    # --debug works anywhere on the line (before or after the subcommand, as users type it)
    argv = sys.argv[1:]
    if "--debug" in argv[: argv.index("--") if "--" in argv else len(argv)]:
        argv.remove("--debug")
        _state["debug"] = True
    try:
        app(args=argv)
    except HauberkError as exc:
        if _state["debug"]:
            raise
        print(f"hauberk: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if _state["debug"]:
            raise
        print(f"hauberk: internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
              file=sys.stderr)  # fmt: skip
        sys.exit(2)


__all__ = ["app", "main"]
