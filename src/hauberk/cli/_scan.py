"""``hauberk scan PATH...``: scan model files for code that runs on load, without running it.

The gate that model hubs and CI pipelines run on every file, so it starts fast: the console
entry point sends ``hauberk scan`` here without importing Typer, Rich, NumPy or pydantic, and
this module parses its options with argparse. The Typer app lists the command and forwards
to the same parser (:func:`register`), so the options have one definition; the shared ones
(``--format/-f``, ``--output/-o``, ``--quiet/-q``, ``--fail-on``, ``--allow-incomplete``) take
their flags and help from :mod:`hauberk.cli._options`, as the Typer commands do.

Exit codes: 0 nothing at or above ``--fail-on`` and every file analysed in full; 1 something
is, or a path could not be read or a file could not be vouched for (a scan limit, a container
or decompression error, a scanner error: those are also high findings) unless
``--allow-incomplete``; 2 usage or input error. Files in formats the scanner does not know
are ``not vouched for``: listed, counted, never clean, and they do not change the exit code.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hauberk.cli import _options as opt

if TYPE_CHECKING:
    import typer

#: What ``--format`` accepts: the terminal text, or one of the core report renderers.
SCAN_FORMATS = ("text", "json", "sarif", "junit", "html")
SUMMARY = (
    "Scan model files (pickle, torch, joblib, NumPy, Keras/HDF5, ONNX, safetensors, GGUF, "
    "archives) for code that runs on load; nothing scanned is imported or executed."
)
EPILOG = (
    "exit codes: 0 nothing at or above --fail-on and every file inspected in full; 1 a "
    "finding at or above it, or a file that could not be vouched for (unless "
    "--allow-incomplete); 2 usage or input error. Files in formats hauberk does not read are "
    "'not vouched for': listed and counted, never clean, and they do not change the exit code."
)
ALLOW_INCOMPLETE_HELP = (
    "Exit 0 even if a path could not be read or a file not fully inspected (findings at or "
    "above --fail-on still exit 1)."
)


def _jobs(text: str) -> int | str:
    if text == "auto":
        return text
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"--jobs takes a number of at least 1 or 'auto', not {text!r}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    """``hauberk scan``'s options: the one definition, for the fast path and for Typer."""
    parser = argparse.ArgumentParser(
        prog="hauberk scan", description=SUMMARY, epilog=EPILOG, allow_abbrev=False
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH",
        help="Files or folders to scan (folders are walked).",
    )  # fmt: skip
    parser.add_argument(
        *opt.FORMAT.flags, dest="format", default="text", choices=SCAN_FORMATS,
        metavar="FORMAT", help=f"Output format, one of {', '.join(SCAN_FORMATS)} [default: text].",
    )  # fmt: skip
    parser.add_argument(
        *opt.OUTPUT_FILE.flags, dest="output", type=Path, default=None, metavar="FILE",
        help=opt.OUTPUT_FILE.help,
    )  # fmt: skip
    parser.add_argument(*opt.FAIL_ON.flags, dest="fail_on", default=None, metavar="LEVEL",
                        help=opt.FAIL_ON.help)  # fmt: skip
    parser.add_argument(*opt.QUIET.flags, dest="quiet", action="store_true", help=opt.QUIET.help)
    parser.add_argument(*opt.ALLOW_INCOMPLETE.flags, dest="allow_incomplete",
                        action="store_true", help=ALLOW_INCOMPLETE_HELP)  # fmt: skip
    parser.add_argument(
        "--verbose", "-v", action="store_true",
        help="List clean files too (text format; by default only files that are not clean).",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", "-j", type=_jobs, default="auto", metavar="N",
        help="Processes to scan with; 'auto' (default): one per 250 files, at most one per idle "
        "CPU (CPUs less the load average) and 8, so one below 500 files. The report is the "
        "same for any N.",
    )  # fmt: skip
    return parser


def run(argv: list[str]) -> int:
    """Run ``hauberk scan`` with ``argv`` (what follows ``scan``) and return the exit code;
    argparse exits 2 itself on a usage error, and a bad path or level raises InputError."""
    args = build_parser().parse_args(argv)
    from hauberk.core._errors import InputError
    from hauberk.core._severity import Severity
    from hauberk.supplychain._scanner import scan

    level = Severity.parse(args.fail_on or "high")
    paths: list[Path] = args.paths
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}; check the path")
    if args.output is not None and args.output.is_dir():
        raise InputError(f"--output {args.output} is a folder; give a file name")
    start = time.perf_counter()
    result = scan(paths, jobs=args.jobs)
    seconds = time.perf_counter() - start
    text = render(result, paths, args.format, seconds=seconds, verbose=args.verbose)
    if args.output is not None:
        from hauberk.core._io import write_atomic

        write_atomic(args.output, text)
        if not args.quiet and args.format != "text":
            print(result.summary_line(seconds), file=sys.stderr)
    elif not args.quiet:
        sys.stdout.write(text)
        sys.stdout.flush()
    for error in result.errors:
        print(f"hauberk scan: {error}", file=sys.stderr)
    if result.at_or_above(level):
        return 1
    if result.unfinished and not args.allow_incomplete:
        print(
            f"hauberk scan: {len(result.unvouched)} file(s) could not be vouched for and "
            f"{len(result.errors)} error(s); exiting 1 (--allow-incomplete to accept)",
            file=sys.stderr,
        )
        return 1
    return 0


def render(result: Any, paths: list[Path], fmt: str, *, seconds: float, verbose: bool) -> str:
    """The report text in ``fmt``: the terminal listing, or a core renderer's output (the
    renderer's own libraries, such as jinja2 for HTML, load only when it is asked for)."""
    if fmt == "text":
        return str(result.to_text(verbose=verbose, seconds=seconds))
    from hauberk.supplychain._report import scan_json

    report = result.to_report(paths, seconds=seconds)
    if fmt == "json":
        return scan_json(report, result)
    from hauberk.core._render import RENDERERS

    return RENDERERS[fmt].render(report)


def register(app: typer.Typer) -> None:
    """List ``hauberk scan`` in the Typer app; it forwards everything after ``scan`` to the
    one parser above (so ``hauberk scan --help`` shows the same options either way)."""
    import typer

    settings = {"ignore_unknown_options": True, "allow_extra_args": True}

    def scan_command(ctx: typer.Context) -> None:
        code = run(list(ctx.args))
        if code:
            raise typer.Exit(code)

    # this module imports typer only here: give Typer the annotation as an object
    scan_command.__annotations__ = {"ctx": typer.Context, "return": None}
    app.command("scan", help=SUMMARY, context_settings=settings, add_help_option=False)(
        scan_command
    )
