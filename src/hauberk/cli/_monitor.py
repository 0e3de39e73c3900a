"""``hauberk monitor drift | performance | traffic`` and ``hauberk report diff``.

``monitor drift REFERENCE CURRENT`` writes the same report formats as ``assess`` with one
``monitor.drift`` result; ``monitor performance`` one ``monitor.performance`` result (late
labels, prediction and confidence drift); ``monitor traffic`` one ``monitor.query_pattern``
result from the gateway's audit ledger. Exit codes: 0 no drift, 1 drift (a finding at or above
``--fail-on``) or a test that could not run (unless ``--allow-incomplete``), 2 input error.

``report diff OLD NEW`` prints new, fixed and unchanged findings and metric deltas; with
``--fail-on-regression`` it exits 1 when the new report regressed.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hauberk.cli._common import (
    FORMAT_HELP,
    AllowIncomplete,
    FailOn,
    LegacyOutput,
    OutputDir,
    OutputFile,
    Quiet,
)
from hauberk.cli._common import output_dir as folder_of

if TYPE_CHECKING:
    from hauberk.monitor import Batch

monitor_app = typer.Typer(
    help="Watch a deployed model: drift of inputs and outputs against a reference.",
    no_args_is_help=True,
)


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


@monitor_app.command("drift")
def drift_command(
    reference: Annotated[
        Path, typer.Argument(help="Reference batch: .csv, .parquet, .npz or a capture store.")
    ],
    current: Annotated[
        Path, typer.Argument(help="Current batch with the same columns, or a capture store.")
    ],
    alpha: Annotated[
        float, typer.Option("--alpha", help="False-alarm rate of the whole report.")
    ] = 0.05,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "json,html",
    output_dir: OutputDir = Path(),
    legacy: LegacyOutput = None,
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
    key: Annotated[
        Path | None,
        typer.Option("--key", help="AES key file of a capture store (hauberk keygen)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Capture rows from: ISO time, Unix seconds or an age like 2h, 30m."
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Capture rows before (same forms).")
    ] = None,
    reference_since: Annotated[
        str | None, typer.Option("--reference-since", help="Like --since, for REFERENCE.")
    ] = None,
    reference_until: Annotated[
        str | None, typer.Option("--reference-until", help="Like --until, for REFERENCE.")
    ] = None,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Compare CURRENT with REFERENCE: per-feature tests with Benjamini-Hochberg, optional
    whole-input tests, prediction/confidence drift and accuracy when outputs and labels are
    columns. Either may be the gateway's capture store (a directory; needs --key; rows
    chosen with --since/--until). Exit 0 no drift, 1 drift or incomplete, 2 input error."""
    import datetime as dt
    import time

    import hauberk
    from hauberk.core import Policy, Report, Severity, parse_formats, write_reports
    from hauberk.monitor import MONITORING, RULES, DriftDetector, drift_check_result

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
    from hauberk.monitor._capture import is_capture_store

    stores = {p for p in (reference, current) if is_capture_store(p)}
    if stores and key is None:
        raise typer.BadParameter(
            f"{sorted(map(str, stores))[0]} is a capture store: pass --key <AES key file>",
            param_hint="--key",
        )
    ref = _read(reference, key, reference_since, reference_until)
    cur = _read(current, key, since, until)
    if reference in stores and current not in stores:
        ref = ref.without([c for c in ref.names if c not in cur.columns])
    if current in stores and reference not in stores:
        cur = cur.without([c for c in cur.names if c not in ref.columns])
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
            "reference": _describe(reference, ref.rows, reference in stores),
            "current": _describe(current, cur.rows, current in stores),
            "columns": list(ref.names),
        },
        environment=_environment(seed),
        results=(check,),
        stages={MONITORING.name: MONITORING.lifecycle.value},
        rules={r.id: r for r in RULES},
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=started,
    )
    output_dir = folder_of(output_dir, legacy)
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


def _when(text: str | None, option: str) -> float | None:
    """``--since``/``--until``: ISO 8601, Unix seconds, or an age (``90s``, ``30m``, ``2h``,
    ``7d``) before now."""
    import datetime as dt
    import time

    if text is None:
        return None
    t = text.strip()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if t[-1:] in units and t[:-1].replace(".", "", 1).isdigit():
            return time.time() - float(t[:-1]) * units[t[-1]]
        if t.replace(".", "", 1).isdigit():
            return float(t)
        moment = dt.datetime.fromisoformat(t)
    except ValueError:
        moment = None
    if moment is None:
        raise typer.BadParameter(
            f"{text!r} is not an ISO time, Unix seconds or an age like 2h", param_hint=option
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def _read(path: Path, key: Path | None, since: str | None, until: str | None) -> Batch:
    from hauberk.monitor import read_batch
    from hauberk.monitor._capture import is_capture_store, read_capture

    if not is_capture_store(path):
        return read_batch(path)
    from hauberk.supplychain import load_encryption_key

    got = read_capture(
        path,
        load_encryption_key(key_file=key),
        since=_when(since, "--since"),
        until=_when(until, "--until"),
    )
    if got.open_tails > 1:
        typer.echo(
            f"warning: {path}: {got.open_tails} segments end without their closing record "
            "(a crash or a cut)",
            err=True,
        )
    return got.batch(str(path))


def _describe(path: Path, rows: int, store: bool) -> dict[str, object]:
    if store:
        return {"path": str(path), "rows": rows, "capture_store": True}
    return {"path": str(path), "rows": rows, "sha256": _sha256(path)}


def _finish(
    check: Any,
    target: dict[str, Any],
    *,
    fmt: str,
    output_dir: Path,
    fail_on: str | None,
    allow_incomplete: bool,
    quiet: bool,
    line: str,
    seed: int = 0,
) -> None:
    """Write a one-result monitoring report like ``monitor drift`` does; exit by policy."""
    import datetime as dt

    import hauberk
    from hauberk.core import Policy, Report, Severity, parse_formats, write_reports
    from hauberk.monitor import MONITORING, RULES

    formats = parse_formats(fmt)
    policy = Policy(fail_on=Severity.parse(fail_on or "high"), allow_incomplete=allow_incomplete)
    report = Report(
        target=target,
        environment=_environment(seed),
        results=(check,),
        stages={MONITORING.name: MONITORING.lifecycle.value},
        rules={r.id: r for r in RULES},
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = write_reports(report, formats, output_dir)
    if not quiet:
        typer.echo(line)
        if check.unfinished:
            typer.echo(f"incomplete: {check.reason}", err=True)
        for path in paths:
            typer.echo(f"wrote {path.resolve()}")
    raise typer.Exit(policy.exit_code(report))


FormatOpt = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)]


@monitor_app.command("performance")
def performance_command(
    predictions: Annotated[
        Path,
        typer.Argument(help="Predictions logged when made: request id, class or probabilities."),
    ],
    labels: Annotated[
        Path | None,
        typer.Option("--labels", help="Labels that arrived later: request id and label."),
    ] = None,
    reference_accuracy: Annotated[
        float | None,
        typer.Option("--reference-accuracy", help="Accuracy measured before deployment."),
    ] = None,
    reference_n: Annotated[
        int | None,
        typer.Option("--reference-n", help="Rows the reference accuracy was measured on."),
    ] = None,
    reference_predictions: Annotated[
        Path | None,
        typer.Option(
            "--reference-predictions",
            help="Predictions on reference traffic: prediction and confidence drift.",
        ),
    ] = None,
    id_column: Annotated[
        str, typer.Option("--id-column", help="Request id column.")
    ] = "request_id",
    label_column: Annotated[str, typer.Option("--label-column", help="Label column.")] = "label",
    prediction_column: Annotated[
        str | None, typer.Option("--prediction-column", help="Predicted class column.")
    ] = None,
    proba_columns: Annotated[
        str | None,
        typer.Option("--proba-columns", help="Class-probability columns in class order."),
    ] = None,
    max_drop: Annotated[float, typer.Option("--max-drop", help="Accuracy loss tolerated.")] = 0.02,
    min_labels: Annotated[
        int, typer.Option("--min-labels", help="Fewest labelled predictions judged.")
    ] = 30,
    alpha: Annotated[
        float, typer.Option("--alpha", help="False-alarm rate of drift tests.")
    ] = 0.05,
    fmt: FormatOpt = "json,html",
    output_dir: OutputDir = Path(),
    legacy: LegacyOutput = None,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Accuracy when labels arrive late (joined by request id, Clopper-Pearson interval, drop
    test against the reference) and prediction/confidence drift without labels. Too few
    labelled predictions is incomplete (exit 1), never ok."""
    import time

    from hauberk.core import ConfigError
    from hauberk.monitor import (
        join_labels,
        late_performance,
        output_drift,
        performance_check_result,
        read_batch,
    )

    proba = _split(proba_columns)
    if prediction_column is None and not proba:
        raise ConfigError("give --prediction-column or --proba-columns")
    if labels is None and reference_predictions is None:
        raise ConfigError("give --labels (with --reference-accuracy) or --reference-predictions")
    if labels is not None and reference_accuracy is None:
        raise ConfigError("--labels needs --reference-accuracy (and --reference-n if known)")
    clock = time.perf_counter()
    current = read_batch(predictions)
    perf = drift = None
    target: dict[str, Any] = {
        "name": str(predictions),
        "predictions": {
            "path": str(predictions),
            "rows": current.rows,
            "sha256": _sha256(predictions),
        },
    }
    if labels is not None:
        assert reference_accuracy is not None
        joined = join_labels(
            current,
            read_batch(labels),
            id_column=id_column,
            label_column=label_column,
            prediction=prediction_column,
            proba=proba,
        )
        perf = late_performance(
            joined,
            reference=reference_accuracy,
            reference_n=reference_n,
            max_drop=max_drop,
            min_labels=min_labels,
        )
        target["labels"] = {"path": str(labels), "sha256": _sha256(labels)}
    if reference_predictions is not None:
        drift = output_drift(
            read_batch(reference_predictions),
            current,
            prediction=prediction_column,
            proba=proba,
            alpha=alpha,
            min_rows=min_labels,
        )
        target["reference_predictions"] = {
            "path": str(reference_predictions),
            "sha256": _sha256(reference_predictions),
        }
    check = performance_check_result(perf, drift, target=str(predictions))
    check = check.timed(time.perf_counter() - clock, 0)
    parts = []
    if perf is not None:
        acc = perf.accuracy.describe() if perf.accuracy else "no labelled predictions"
        parts.append(f"accuracy {acc} vs reference {perf.reference:.3f}: {perf.verdict}")
    if drift is not None:
        moved = [t.name for t in drift.outputs if t.drifted]
        parts.append("output drift: " + (", ".join(moved) if moved else "none"))
    _finish(
        check,
        target,
        fmt=fmt,
        output_dir=folder_of(output_dir, legacy),
        fail_on=fail_on,
        allow_incomplete=allow_incomplete,
        quiet=quiet,
        line="; ".join(parts),
    )


@monitor_app.command("traffic")
def traffic_command(
    audit: Annotated[str, typer.Argument(help="The gateway's audit ledger (SQLite path or URL).")],
    min_queries: Annotated[
        int, typer.Option("--min-queries", help="Rows a principal must send to be judged.")
    ] = 200,
    start: Annotated[int, typer.Option("--start", help="First ledger entry to read.")] = 0,
    fmt: FormatOpt = "json,html",
    output_dir: OutputDir = Path(),
    legacy: LegacyOutput = None,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Per-principal query-pattern anomalies (the gateway's extraction monitor) from the audit
    ledger, as a monitor.query_pattern result."""
    import time

    from hauberk.core import ConfigError
    from hauberk.ledger import open_ledger
    from hauberk.monitor import query_pattern_result

    if "://" not in audit and not Path(audit).is_file():
        raise ConfigError(f"audit ledger {audit} does not exist")
    clock = time.perf_counter()
    with open_ledger(audit, read_only=True) as ledger:
        check = query_pattern_result(ledger, min_queries=min_queries, start=start, target=audit)
        size = ledger.head().size
    check = check.timed(time.perf_counter() - clock, 0)
    m = check.metrics
    line = (
        f"{m['principals_flagged']} of {m['principals']} principal(s) flagged; "
        f"{m['principals_judged']} judged (>= {min_queries} rows)"
    )
    _finish(
        check,
        {"name": audit, "ledger": {"size": size, "start": start}},
        fmt=fmt,
        output_dir=folder_of(output_dir, legacy),
        fail_on=fail_on,
        allow_incomplete=allow_incomplete,
        quiet=quiet,
        line=line,
    )


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


@monitor_app.command("rules")
def rules_command(
    output: OutputFile = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="serve.toml whose [drift] levels the rules use."),
    ] = None,
    job: Annotated[str, typer.Option("--job", help="Prometheus job that scrapes the gateway.")] = (
        "hauberk"
    ),
    for_: Annotated[
        str, typer.Option("--for", help="How long a condition holds before it fires.")
    ] = "10m",
) -> None:
    """Write a Prometheus alerting rules file (for Alertmanager) over the gateway's metrics:
    feature drift, guard-flag rates, alerts raised, extraction, capture health, scrape up."""
    from hauberk.core import write_atomic
    from hauberk.monitor._prometheus import alert_rules, check_rules, to_yaml

    psi_threshold, flag_threshold = 0.25, 0.05
    if config is not None:
        from hauberk.gateway import load_config

        drift = load_config(config).drift
        if drift is not None:
            psi_threshold, flag_threshold = drift.threshold, drift.flag_threshold
    doc = alert_rules(
        psi_threshold=psi_threshold, flag_threshold=flag_threshold, job=job, for_=for_
    )
    problems = check_rules(doc)
    assert not problems, problems  # our own generator's bug, not the user's input
    text = to_yaml(doc)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text.encode())
        typer.echo(f"wrote {output.resolve()}", err=True)
