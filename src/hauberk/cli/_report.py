"""``hauberk report convert``: one report.json into the other formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import FORMAT_HELP, FailOn, LegacyOutput, OutputDir, Quiet, output_dir

report_app = typer.Typer(help="Work with reports that hauberk wrote.", no_args_is_help=True)


@report_app.command("convert")
def convert(
    report: Annotated[Path, typer.Argument(help="A report.json written by hauberk.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "html",
    folder: OutputDir = Path(),
    legacy: LegacyOutput = None,
    fail_on: FailOn = None,
    quiet: Quiet = False,
) -> None:
    """Render REPORT as html, sarif, junit (or json again); exit code as for assess."""
    from hauberk.core import Policy, Severity, parse_formats, read_report, write_reports

    formats = parse_formats(fmt)
    output = output_dir(folder, legacy)
    loaded = read_report(report)
    paths = write_reports(loaded, formats, output)
    if not quiet:
        for path in paths:
            typer.echo(f"wrote {path.resolve()}")
    policy = Policy(fail_on=Severity.parse(fail_on or "high"))
    raise typer.Exit(policy.exit_code(loaded))
