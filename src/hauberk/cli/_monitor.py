"""``hauberk monitor drift`` and ``hauberk report diff``.

``monitor drift REFERENCE CURRENT`` writes the same report formats as ``assess`` with one
``monitor.drift`` result. Exit codes: 0 no drift, 1 drift (a finding at or above
``--fail-on``) or a test that could not run (unless ``--allow-incomplete``), 2 input error.

``report diff OLD NEW`` prints new, fixed and unchanged findings and metric deltas; with
``--fail-on-regression`` it exits 1 when the new report regressed.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import FORMAT_HELP, AllowIncomplete, FailOn, Quiet

monitor_app = typer.Typer(
    help="Watch a deployed model: drift of inputs and outputs against a reference.",
    no_args_is_help=True,
)


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


@monitor_app.command("drift")
def drift_command(
    reference: Annotated[Path, typer.Argument(help="Reference batch: .csv, .parquet or .npz.")],
    current: Annotated[Path, typer.Argument(help="Current batch with the same columns.")],
    alpha: Annotated[
        float, typer.Option("--alpha", help="False-alarm rate of the whole report.")
    ] = 0.05,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "json,html",
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir", "--output", "-o", help="Directory to write report.<ext> files into."
        ),
    ] = Path(),
    label_column: Annotated[
        str | None, typer.Option("--label-column", help="Column holding the labels.")
    ] = None,
    proba_columns: Annotated[
        str | None,
        typer.Option("--proba-columns", help="Model class-probability columns, comma-separated."),
    ] = None,
    prediction_column: Annotated[
        str | None, typer.Option("--prediction-column", help="Column of predicted classes.")
    ] = None,
    test: Annotated[
        str, typer.Option("--test", help="Numeric decision test: ks, psi, js, wasserstein.")
    ] = "ks",
    correction: Annotated[
        str, typer.Option("--correction", help="Multiple testing: bh, bonferroni, none.")
    ] = "bh",
    whole_input: Annotated[
        str | None,
        typer.Option("--whole-input", help="Whole-input tests, comma-separated: mmd, classifier."),
    ] = None,
    min_rows: Annotated[
        int, typer.Option("--min-rows", help="Fewest values a feature is tested on.")
    ] = 30,
    seed: Annotated[int, typer.Option("--seed", help="Seed for resampling tests.")] = 0,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Compare CURRENT with REFERENCE: per-feature tests with Benjamini-Hochberg, optional
    whole-input tests, prediction/confidence drift and accuracy when outputs and labels are
    columns. Exit 0 no drift, 1 drift or incomplete, 2 input error."""
    import datetime as dt
    import time

    import hauberk
    from hauberk.core import Policy, Report, Severity, parse_formats, write_reports
    from hauberk.monitor import MONITORING, RULES, DriftDetector, drift_check_result, read_batch

    formats = parse_formats(fmt)
    policy = Policy(fail_on=Severity.parse(fail_on or "high"), allow_incomplete=allow_incomplete)
    detector = DriftDetector(
        alpha=alpha,
        test=test,
        correction=correction,
        whole_input=_split(whole_input),
        min_rows=min_rows,
        seed=seed,
    )
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    ref, cur = read_batch(reference), read_batch(current)
    result = detector.compare(
        ref,
        cur,
        label=label_column,
        proba=_split(proba_columns),
        prediction=prediction_column,
    )
    check = drift_check_result(result).timed(time.perf_counter() - clock, 0)
    report = Report(
        target={
            "name": str(current),
            "reference": {"path": str(reference), "rows": ref.rows, "sha256": _sha256(reference)},
            "current": {"path": str(current), "rows": cur.rows, "sha256": _sha256(current)},
            "columns": list(ref.names),
        },
        environment=_environment(seed),
        results=(check,),
        stages={MONITORING.name: MONITORING.lifecycle.value},
        rules={r.id: r for r in RULES},
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=started,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = write_reports(report, formats, output_dir)
    if not quiet:
        drifted = [f.name for f in result.drifted_features]
        others = [t.name for t in (*result.whole_input, *result.outputs) if t.drifted]
        word = "drift" if result.drift else "no drift"
        names = ", ".join(drifted[:10]) + (" ..." if len(drifted) > 10 else "")
        typer.echo(
            f"{word}: {len(drifted)} of {len(result.features)} features"
            + (f" ({names})" if names else "")
            + (f"; also {', '.join(others)}" if others else "")
            + f"; α={alpha:g} ({correction})"
        )
        if check.unfinished:
            typer.echo(f"incomplete: {check.reason}", err=True)
        for path in paths:
            typer.echo(f"wrote {path.resolve()}")
    raise typer.Exit(policy.exit_code(report))


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _environment(seed: int) -> dict[str, object]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import hauberk

    packages = {}
    for name in ("numpy", "scipy", "scikit-learn", "pyarrow"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            continue
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "hauberk": hauberk.__version__,
        "packages": packages,
        "seed": seed,
    }


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier report.json.")],
    new: Annotated[Path, typer.Argument(help="The later report.json.")],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = DiffFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the diff to this file.")
    ] = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 when a new finding is at or above --fail-on, a tracked metric got "
            "worse beyond its interval, or a check no longer finished.",
        ),
    ] = False,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """New, fixed and unchanged findings (by rule id and target) and metric deltas (with
    intervals where the metrics carry them) between OLD and NEW."""
    import json

    from hauberk.core import Severity, read_report, write_atomic
    from hauberk.monitor import diff_reports

    level = Severity.parse(fail_on or "high")
    diff = diff_reports(read_report(old), read_report(new))
    regressions = diff.regressions(level, allow_incomplete=allow_incomplete)
    if fmt is DiffFormat.json:
        body = json.dumps({**diff.to_dict(), "regressions": regressions}, indent=2) + "\n"
    else:
        body = diff.to_text() + "".join(f"regression: {r}\n" for r in regressions)
    if output is not None:
        write_atomic(output, body)
    elif not quiet:
        typer.echo(body, nl=False)
    if fail_on_regression and regressions:
        if quiet or output is not None:
            print(f"hauberk report diff: {len(regressions)} regression(s)", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``hauberk monitor ...`` and ``hauberk report diff`` to the main app."""
    from hauberk.cli._report import report_app

    app.add_typer(monitor_app, name="monitor")
    report_app.command("diff")(diff_command)
