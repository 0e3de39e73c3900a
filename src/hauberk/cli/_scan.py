"""``hauberk scan PATH...``: scan model files for code that runs on load, without running it.

Exit codes: 0 nothing at or above ``--fail-on`` and every file analysed in full; 1 something
is, or a path could not be read or a file could not be vouched for (a scan limit, a container
or decompression error, a scanner error: those are also high findings) unless
``--allow-incomplete``; 2 usage or input error. Files in formats the scanner does not know are
listed as ``not analysed`` and do not change the exit code.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ScanFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def scan_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to scan (folders are walked).")
    ],
    fmt: Annotated[
        ScanFormat, typer.Option("--format", "-f", help="Output format: text, json or sarif.")
    ] = ScanFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any finding is at or above: info, low, medium, high, critical.",
        ),
    ] = "high",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            help="Exit 0 even if a path could not be read or a file not fully inspected "
            "(findings at or above --fail-on still exit 1).",
        ),
    ] = False,
) -> None:
    """Scan model files (pickle, torch, joblib, NumPy, Keras/HDF5, ONNX, safetensors, GGUF,
    archives) for code that runs on load; nothing scanned is imported or executed."""
    import sys

    from hauberk.core import InputError, Severity, write_atomic
    from hauberk.supplychain import scan
    from hauberk.supplychain._rules import ALL_RULES

    level = Severity.parse(fail_on)
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}; check the path")
    report = scan(paths)
    if fmt is ScanFormat.json:
        text = report.to_json()
    elif fmt is ScanFormat.sarif:
        text = json.dumps(report.to_sarif(ALL_RULES), indent=2) + "\n"
    else:
        text = report.to_text()
    if output is not None:
        write_atomic(output, text)
    elif not quiet:
        typer.echo(text, nl=False)
    for error in report.errors:
        print(f"hauberk scan: {error}", file=sys.stderr)
    if report.at_or_above(level):
        raise typer.Exit(1)
    if report.unfinished and not allow_incomplete:
        print(
            f"hauberk scan: {len(report.unvouched)} file(s) could not be vouched for and "
            f"{len(report.errors)} error(s); exiting 1 (--allow-incomplete to accept)",
            file=sys.stderr,
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``hauberk scan`` to the main app."""
    app.command("scan")(scan_command)
