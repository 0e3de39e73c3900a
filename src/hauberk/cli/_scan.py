"""``hauberk scan PATH...``: scan model files for code that runs on load, without running it.

Exit codes: 0 nothing at or above ``--fail-on``, 1 something is, 2 usage or input error.
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


def register(app: typer.Typer) -> None:
    """Add ``hauberk scan`` to the main app."""
    app.command("scan")(scan_command)
