"""``hauberk data scan DATA --label-column y``: quarantine rows that look poisoned.

Exit codes: 0 nothing quarantined, 1 rows quarantined, 2 usage or input error (nothing
written). The clean set, the quarantine set and the report are written together or not at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hauberk.cli._common import Format, Quiet, check_output_dir

if TYPE_CHECKING:
    from hauberk.data._table import Table
    from hauberk.models import Model

FACTORY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


def load_scan_model(spec: str, table: Table, *, allow_pickle: bool) -> Model:
    """``--model``: what ``assess`` takes for a model (a file, or ``module:factory``)."""
    from pydantic import ValidationError

    from hauberk.assess._config import AssessConfig, ModelSection
    from hauberk.assess._target import _options, build_model
    from hauberk.core import ConfigError
    from hauberk.models import Dataset, Split

    python = FACTORY.match(spec) is not None and not Path(spec).exists()
    try:
        section = ModelSection(
            path=None if python else Path(spec).resolve(),
            python=spec if python else None,
            allow_pickle=allow_pickle,
        )
    except ValidationError as exc:
        raise ConfigError(f"--model {spec}: {exc.errors()[0]['msg']}") from None
    config = AssessConfig(model=section, base_dir=Path.cwd(), origin="cli")
    data = Dataset(single=Split(table.x.reshape(len(table.x), -1), table.y))
    return build_model(config, _options(config, data), data)


def scan_command(
    data: Annotated[Path, typer.Argument(help="Data file: .csv, .parquet or .npz (x and y).")],
    label_column: Annotated[
        str,
        typer.Option("--label-column", help="Column (NPZ: array) holding the labels."),
    ],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Model file or module:factory, as for assess (default: a small model trained "
            "on the data with cross-validation).",
        ),
    ] = None,
    allow_pickle: Annotated[
        bool,
        typer.Option("--allow-pickle", help="Load a pickle/joblib --model after its scan."),
    ] = False,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            help="Folder for clean.<ext>, quarantine.<ext> and report.<format>.",
        ),
    ] = Path(),
    fmt: Format = "json",
    quiet: Quiet = False,
) -> None:
    """Run every poisoning detector on a labelled data set; write the clean rows, the
    quarantined rows (with each detector's reason and score) and a report."""
    from hauberk.core import parse_formats
    from hauberk.data._scan import scan_report, scan_rows, write_scan
    from hauberk.data._table import read_table

    formats = parse_formats(fmt)
    check_output_dir(output_dir, "--output-dir")
    table = read_table(data, label=label_column)
    loaded = load_scan_model(model, table, allow_pickle=allow_pickle) if model else None
    result = scan_rows(table.x, table.y, model=loaded)
    report = scan_report(str(data), result, model=model)
    paths = write_scan(table, result, report, output_dir, formats)
    quarantined = len(result.quarantined)
    if not quiet:
        per = ", ".join(f"{f.detector} {len(f.rows)}" for f in result.flags)
        typer.echo(
            f"{quarantined} of {result.rows} rows quarantined ({per}); wrote "
            + ", ".join(str(p) for p in paths)
        )
    raise typer.Exit(1 if quarantined else 0)


def register(data_app: typer.Typer) -> None:
    """Add ``hauberk data scan``."""
    data_app.command("scan")(scan_command)
