"""``hauberk data schema infer`` and ``hauberk data validate``: pandera schemas for tables, and
a batch checked against its schema and, given the trusted snapshot, against its distribution.

``validate`` writes the same report formats as ``assess`` with a ``data.schema`` result (one
finding per failing column, every violation by row and column in the metrics) and, with
``--reference``, a ``monitor.drift`` result (per-feature tests from ``hauberk.monitor``).
Exit codes: 0 nothing at or above ``--fail-on``, 1 violations or drift (or a drift test that
could not run, unless ``--allow-incomplete``), 2 input error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import FORMAT_HELP, AllowIncomplete, FailOn, OutputDir, Quiet

MAX_SHOWN = 20


def infer_command(
    snapshot: Annotated[Path, typer.Argument(help="Trusted table: .csv, .parquet or .npz.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="schema.yaml or schema.json (default: YAML on stdout)."
        ),
    ] = None,
    margin: Annotated[
        float, typer.Option("--margin", help="Widen float ranges by this share of their span.")
    ] = 0.1,
    max_categories: Annotated[
        int, typer.Option("--max-categories", help="Most distinct values a category column has.")
    ] = 50,
    quiet: Quiet = False,
) -> None:
    """Infer types, ranges, categories, uniqueness and nulls from a trusted snapshot, for review."""
    from hauberk.data._schema import infer_schema, save_schema
    from hauberk.data._tables import read_table

    schema = infer_schema(
        read_table(snapshot), name=snapshot.name, margin=margin, max_categories=max_categories
    )
    if output is None or str(output) == "-":
        typer.echo(schema.to_yaml(), nl=False)
        return
    save_schema(schema, output)
    if not quiet:
        typer.echo(f"wrote {output} ({len(schema.columns)} columns); review it before use")


def validate_command(
    batch: Annotated[Path, typer.Argument(help="Batch to check: .csv, .parquet or .npz.")],
    schema: Annotated[
        Path | None, typer.Option("--schema", help="Reviewed schema (.yaml or .json).")
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            help="Trusted snapshot: distribution checks against it (and the schema, if none).",
        ),
    ] = None,
    alpha: Annotated[
        float, typer.Option("--alpha", help="False-alarm rate of the drift tests.")
    ] = 0.05,
    min_rows: Annotated[
        int, typer.Option("--min-rows", help="Fewest values a feature is drift-tested on.")
    ] = 30,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "json",
    output_dir: OutputDir = Path(),
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """List every schema violation by row and column; with --reference, test each feature's
    distribution against the snapshot. Exit 0 clean, 1 violations or drift, 2 input error."""
    import datetime as dt
    import time

    import hauberk
    from hauberk.cli._common import check_output_dir
    from hauberk.core import (
        ConfigError,
        Policy,
        Report,
        Severity,
        parse_formats,
        write_reports,
    )
    from hauberk.data._rules import SCHEMA_VIOLATION
    from hauberk.data._schema import infer_schema, load_schema, schema_check_result, validate_table
    from hauberk.data._stage import DATA
    from hauberk.data._tables import read_table

    if schema is None and reference is None:
        raise ConfigError("give --schema (a reviewed schema) or --reference (a trusted snapshot)")
    formats = parse_formats(fmt)
    policy = Policy(fail_on=Severity.parse(fail_on or "high"), allow_incomplete=allow_incomplete)
    check_output_dir(output_dir, "--output-dir")
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    frame = read_table(batch)
    if len(frame) == 0:
        from hauberk.core import InputError

        raise InputError(f"{batch}: no rows (an empty batch)")
    snapshot = read_table(reference) if reference is not None else None
    if schema is not None:
        rules_of = load_schema(schema)
        schema_source = str(schema)
    else:
        assert snapshot is not None and reference is not None
        rules_of = infer_schema(snapshot, name=reference.name)
        schema_source = f"the schema inferred from {reference}"
    validation = validate_table(rules_of, frame, source=str(batch))
    results = [schema_check_result(validation, schema_source=schema_source)
               .timed(time.perf_counter() - clock, 0)]  # fmt: skip
    rules = {SCHEMA_VIOLATION.id: SCHEMA_VIOLATION}
    stages = {DATA.name: DATA.lifecycle.value}
    drift = None
    if reference is not None:
        from hauberk.data._schema import drift_columns
        from hauberk.monitor import MONITORING, RULES, Batch, DriftDetector, drift_check_result

        assert snapshot is not None
        clock = time.perf_counter()
        ref_cols, kinds = drift_columns(rules_of, snapshot)
        cur_cols, _ = drift_columns(rules_of, frame)
        drift = DriftDetector(alpha=alpha, min_rows=min_rows).compare(
            Batch(ref_cols, str(reference), kinds), Batch(cur_cols, str(batch), kinds)
        )
        results.append(drift_check_result(drift).timed(time.perf_counter() - clock, 0))
        rules.update({r.id: r for r in RULES})
        stages[MONITORING.name] = MONITORING.lifecycle.value
    report = Report(
        target={
            "name": str(batch),
            "rows": validation.rows,
            "columns": list(validation.columns),
            "schema": schema_source,
            "reference": str(reference) if reference is not None else None,
        },
        environment={"hauberk": hauberk.__version__, "seed": 0},
        results=tuple(results),
        stages=stages,
        rules=rules,
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=started,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = write_reports(report, formats, output_dir)
    if not quiet:
        bad = validation.bad_rows
        typer.echo(
            f"{len(validation.violations)} violation(s) in {len(bad)} of {validation.rows} rows "
            f"of {batch}"
        )
        for v in validation.violations[:MAX_SHOWN]:
            typer.echo(f"  {v}")
        if len(validation.violations) > MAX_SHOWN:
            typer.echo(f"  ... and {len(validation.violations) - MAX_SHOWN} more (see the report)")
        if drift is not None:
            moved = [f.name for f in drift.drifted_features]
            typer.echo(
                f"drift: {len(moved)} of {len(drift.features)} features"
                + (f" ({', '.join(moved[:10])})" if moved else "")
                + f"; α={alpha:g}"
            )
            for u in drift.untested:
                typer.echo(f"  not tested: {u.name}: {u.reason}", err=True)
        for path in paths:
            typer.echo(f"wrote {path.resolve()}")
    raise typer.Exit(policy.exit_code(report))


def register(data_app: typer.Typer) -> None:
    schema_app = typer.Typer(help="Table schemas (pandera): infer from a trusted snapshot.",
                             no_args_is_help=True)  # fmt: skip
    schema_app.command("infer")(infer_command)
    data_app.add_typer(schema_app, name="schema")
    data_app.command("validate")(validate_command)
