"""Layer 4: the ``hauberk`` command line, a thin shell over the library.

Exit codes: 0 nothing at or above ``--fail-on``, 1 findings at or above it, 2 usage or input
error. Heavy imports happen inside commands so that ``hauberk --help`` stays fast.

``hauberk scan`` is the gate that hubs and CI pipelines run on every file, so :func:`main`
sends it straight to its own small argparse parser (:mod:`hauberk.cli._scan`) without
importing Typer, Rich or anything scanning does not need; the Typer app (:mod:`hauberk.cli._app`)
lists the same command in ``hauberk --help`` and forwards to the same parser, so the options
have one definition.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from hauberk.cli._state import STATE

if TYPE_CHECKING:
    from hauberk.cli._app import app


def __getattr__(name: str) -> Any:
    if name == "app":
        from hauberk.cli._app import app

        return app
    raise AttributeError(f"module 'hauberk.cli' has no attribute {name!r}")


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


def _dispatch(argv: list[str]) -> None:
    if argv[:1] == ["scan"]:  # the fast path: no Typer, no Rich
        from hauberk.cli._scan import run

        try:
            code = run(argv[1:])
        except KeyboardInterrupt:
            code = 130  # what typer exits with on SIGINT (the handler above said why)
        sys.exit(code)
    from hauberk.cli._app import app

    app(args=argv)


def main() -> None:
    """Entry point: one clear line on error, exit 2; a traceback only with --debug."""
    from hauberk.core._errors import HauberkError

    _say_when_interrupted()
    # --debug works anywhere on the line (before or after the subcommand, as users type it)
    argv = sys.argv[1:]
    if "--debug" in argv[: argv.index("--") if "--" in argv else len(argv)]:
        argv.remove("--debug")
        STATE["debug"] = True
    try:
        _dispatch(argv)
    except HauberkError as exc:
        if STATE["debug"]:
            raise
        print(f"hauberk: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if STATE["debug"]:
            raise
        print(f"hauberk: internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
              file=sys.stderr)  # fmt: skip
        sys.exit(2)


__all__ = ["app", "main"]
