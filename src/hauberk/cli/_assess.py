"""``hauberk assess``: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hauberk.cli._common import (
    FORMAT_HELP,
    AllowIncomplete,
    FailOn,
    LegacyOutput,
    OutputDir,
    Quiet,
    check_output_dir,
    output_dir,
    terminal_progress,
)

if TYPE_CHECKING:
    from hauberk.core import Report


def _overlay(raw: dict[str, Any], table: str, key: str, value: Any) -> None:
    if value is not None:
        raw.setdefault(table, {})[key] = value


def assess_command(
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="assess.toml to read.")
    ] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model file (overrides [model] path).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option("--data", help="Data file (overrides [data] path).")
    ] = None,
    stages: Annotated[
        str | None, typer.Option("--stages", help="Stages to run, comma-separated.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for every check.")] = None,
    allow_pickle: Annotated[
        bool,
        typer.Option(
            "--allow-pickle",
            help="Load a pickle/joblib model (after the artifact scan passed it).",
        ),
    ] = False,
    executor: Annotated[
        str | None,
        typer.Option("--executor", help="Where checks run: local, processes or ray."),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option("--ray", help="Run on the Ray cluster at this address (HOST:PORT)."),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="targets.toml: assess many targets, one report each."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "json,html",
    folder: OutputDir = Path(),
    legacy: LegacyOutput = None,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Red-team a model, its files and its data; write the report; gate on findings."""
    from hauberk.assess import assess, parse_config
    from hauberk.assess._config import read_toml
    from hauberk.cli._summary import print_summary
    from hauberk.core import (
        ConfigError,
        InputError,
        Policy,
        Severity,
        default_registry,
        parse_formats,
    )
    from hauberk.core import write_reports as write

    formats = parse_formats(fmt)
    output = output_dir(folder, legacy)
    check_output_dir(output)
    if ray is not None:
        executor = executor or "ray"
        if executor != "ray":
            raise ConfigError(f"--ray goes with --executor ray, not --executor {executor}")
    if batch is not None:
        if config is not None or model is not None or data is not None:
            raise ConfigError(
                "--batch takes its targets from targets.toml: drop --config/--model/--data"
            )
        _batch(batch, output, formats, executor, ray, fail_on, allow_incomplete, quiet)
    raw: dict[str, Any] = read_toml(config) if config is not None else {}
    if model is not None:
        for key in ("python", "url"):
            raw.setdefault("model", {}).pop(key, None)
        _overlay(raw, "model", "path", str(model.resolve()))
    if data is not None:
        for key in ("python", "train", "test"):
            raw.setdefault("data", {}).pop(key, None)
        _overlay(raw, "data", "path", str(data.resolve()))
    if stages is not None:
        _overlay(raw, "assess", "stages", [s.strip() for s in stages.split(",") if s.strip()])
    _overlay(raw, "assess", "seed", seed)
    if allow_pickle:
        _overlay(raw, "model", "allow_pickle", True)
    _overlay(raw, "assess", "executor", executor)
    _overlay(raw, "assess", "address", ray)
    if not raw.get("model") and not raw.get("data"):
        raise ConfigError("nothing to assess: give --config assess.toml, or --model/--data")
    registry = default_registry()
    base = config.parent.resolve() if config is not None else Path.cwd()
    parsed = parse_config(raw, registry, source=str(config or "flags"), base_dir=base, origin="cli")
    policy = Policy(
        fail_on=Severity.parse(fail_on or parsed.assess.fail_on),
        allow_incomplete=allow_incomplete,
    )
    with terminal_progress(quiet=quiet) as progress:
        report = assess(parsed, registry=registry, progress=progress)
    paths = write(report, formats, output)
    if not quiet:
        print_summary(report, policy, paths)
    same = common_failure(report)
    if same is not None:
        # the input, not the model, is at fault: a usage error, said once
        raise InputError(f"every check failed the same way: {same}; the report says no more")
    raise typer.Exit(policy.exit_code(report))


def _batch(
    path: Path,
    output: Path,
    formats: list[str],
    executor: str | None,
    ray: str | None,
    fail_on: str | None,
    allow_incomplete: bool,
    quiet: bool,
) -> None:
    """``--batch``: every target's reports in OUTPUT_DIR/NAME/, and index.json/html."""
    from hauberk.assess._batch import load_batch, run_batch
    from hauberk.assess._distributed import close_executor
    from hauberk.core import Policy, Severity, default_registry, make_executor

    registry = default_registry()
    targets = load_batch(path, registry)  # every config parsed before any work
    policy = Policy(fail_on=Severity.parse(fail_on or "high"), allow_incomplete=allow_incomplete)
    running = make_executor(executor or "local", address=ray)
    try:
        with terminal_progress(quiet=quiet) as progress:
            index, code = run_batch(
                targets, output, formats=formats, policy=policy, registry=registry,
                executor=running, progress=progress,
            )  # fmt: skip
    finally:
        close_executor(running)
    if not quiet:
        for row in index["targets"]:
            typer.echo(f"{row['name']}: worst {row['worst'] or '-'}, exit {row['exit_code']}")
        typer.echo(f"wrote {output / 'index.html'} and {output / 'index.json'}")
    raise typer.Exit(code)


def common_failure(report: Report) -> str | None:
    """The one reason shared by every check that ran, when all of them (two or more) errored
    with it; such a run says more about the input than about the model."""
    from hauberk.core import Status

    ran = [r for r in report.results if r.status is not Status.SKIPPED]
    if len(ran) < 2 or any(r.status is not Status.ERROR for r in ran):
        return None
    reasons = {r.reason for r in ran}
    return reasons.pop() if len(reasons) == 1 else None
