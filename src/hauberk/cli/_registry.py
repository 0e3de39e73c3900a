"""``hauberk registry register | approve | promote | rollback | archive | list | show | verify``.

The registry lives in the ledger named by ``registry.toml`` (``--config`` or
``HAUBERK_REGISTRY``); every transition is a ledger entry signed with ``--key`` (an Ed25519 key
from ``hauberk keygen --type ed25519``, or ``HAUBERK_REGISTRY_KEY``; its password from
``HAUBERK_KEY_PASSWORD``) whose principal the role store names. Exit codes: 0 done; 1 a gate
or role refused the change (every failed condition is printed; nothing was written) or
``verify`` found a problem; 2 usage or input error (nothing written).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from hauberk.governance._registry import Registry

PASSWORD_ENV = "HAUBERK_KEY_PASSWORD"  # noqa: S105 - a variable name, not a secret

registry_app = typer.Typer(
    help="Model registry in the ledger: versions, gated promotion, approvals, rollback.",
    no_args_is_help=True,
)

ConfigOpt = Annotated[
    Path,
    typer.Option(
        "--config", "-c", envvar="HAUBERK_REGISTRY", help="Registry config (registry.toml)."
    ),
]
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        envvar="HAUBERK_REGISTRY_KEY",
        help="Ed25519 private key PEM that signs the entry (hauberk keygen --type ed25519).",
    ),
]
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="Model name.")]
VersionArg = Annotated[int, typer.Argument(metavar="VERSION", help="Version number.")]
StageOpt = Annotated[str, typer.Option("--stage", help="staging or production.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]


@contextmanager
def _registry(config: Path, key: Path | None, *, read_only: bool = False) -> Iterator[Registry]:
    from hauberk.core import ConfigError
    from hauberk.governance._mlflow import MlflowMirror
    from hauberk.governance._registry import Registry, load_registry_config
    from hauberk.ledger import Signer, load_private_key, open_ledger

    loaded = load_registry_config(config)
    db = loaded.ledger_url()
    if "://" not in db and not Path(db).is_file():
        raise ConfigError(f"ledger {db} does not exist; create it with `hauberk ledger init {db}`")
    signer = None
    if key is not None:
        password = os.environ.get(PASSWORD_ENV)
        private = load_private_key(key, password=password.encode() if password else None)
        signer = Signer(private, principal="registry")
    settings = loaded.settings
    mirror = None
    if settings.mlflow is not None:
        mirror = MlflowMirror(settings.mlflow, experiment=settings.mlflow_experiment)
    ledger = open_ledger(db, read_only=read_only)
    try:
        yield Registry(ledger, loaded.roles, settings, signer=signer, mirror=mirror)
    finally:
        ledger.close()
        if mirror is not None:
            mirror.close()


def _emit(data: Any, text: str, fmt: Format, output: Path | None, quiet: bool) -> None:
    body = json.dumps(data, indent=2) if fmt is Format.json else text
    if output is not None:
        from hauberk.core import write_atomic

        write_atomic(output, body if body.endswith("\n") else body + "\n")
    elif not quiet:
        typer.echo(body)


def _refused(exc: Exception) -> None:
    from hauberk.governance._registry import GateFailed

    if isinstance(exc, GateFailed):
        typer.echo(str(exc).split(" Failed:")[0], err=True)
        for cond in exc.failed:
            typer.echo(f"  FAILED {cond.name}: {cond.detail}", err=True)
        raise typer.Exit(1) from None
    raise exc


@registry_app.command("register")
def register_command(
    name: NameArg,
    model: Annotated[Path, typer.Argument(metavar="MODEL", help="The model file.")],
    config: ConfigOpt = Path("registry.toml"),
    key: KeyOpt = None,
    signature: Annotated[
        Path | None, typer.Option("--signature", help="Its model-signing bundle (hauberk sign).")
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Register MODEL as the next version of NAME (stage: registered)."""
    with _registry(config, key) as reg:
        try:
            version = reg.register(name, model, signature=signature)
        except Exception as exc:
            _refused(exc)
            raise
    text = f"{name} v{version.version} registered (sha256 {version.sha256[:16]}...)"
    _emit(version.to_json(), text, fmt, output, quiet)


@registry_app.command("approve")
def approve_command(
    name: NameArg,
    version: VersionArg,
    config: ConfigOpt = Path("registry.toml"),
    stage: StageOpt = "production",
    key: KeyOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Approve VERSION of NAME for a stage (a signed entry by a 'promote' holder)."""
    with _registry(config, key) as reg:
        try:
            index = reg.approve(name, version, stage)
        except Exception as exc:
            _refused(exc)
            raise
    if not quiet:
        typer.echo(f"{name} v{version} approved for {stage} (ledger entry {index})")


@registry_app.command("promote")
def promote_command(
    name: NameArg,
    version: VersionArg,
    config: ConfigOpt = Path("registry.toml"),
    stage: StageOpt = "production",
    key: KeyOpt = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="report.json of `hauberk assess` on it.")
    ] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model file to verify (default: registered).")
    ] = None,
    signature: Annotated[
        Path | None, typer.Option("--signature", help="Signature bundle (default: registered).")
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Move VERSION of NAME to a stage if every gate of [registry.gates.STAGE] holds."""
    with _registry(config, key) as reg:
        try:
            found = reg.promote(
                name, version, stage, report=report, model=model, signature=signature
            )
        except Exception as exc:
            _refused(exc)
            raise
    _emit(found.to_json(), f"{name} v{version} is now {found.stage}", fmt, output, quiet)


@registry_app.command("rollback")
def rollback_command(
    name: NameArg,
    config: ConfigOpt = Path("registry.toml"),
    key: KeyOpt = None,
    to: Annotated[int | None, typer.Option("--to", help="Version to put back.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Put back the version that held production before the current one."""
    with _registry(config, key) as reg:
        try:
            found = reg.rollback(name, to=to)
        except Exception as exc:
            _refused(exc)
            raise
    if not quiet:
        typer.echo(f"{name} v{found.version} is production again")


@registry_app.command("archive")
def archive_command(
    name: NameArg,
    version: VersionArg,
    config: ConfigOpt = Path("registry.toml"),
    key: KeyOpt = None,
    reason: Annotated[str, typer.Option("--reason", help="Why it is retired.")] = "retired",
    quiet: QuietOpt = False,
) -> None:
    """Retire VERSION of NAME: it can no longer be promoted or rolled back to."""
    with _registry(config, key) as reg:
        try:
            reg.archive(name, version, reason=reason)
        except Exception as exc:
            _refused(exc)
            raise
    if not quiet:
        typer.echo(f"{name} v{version} archived")


@registry_app.command("list")
def list_command(
    config: ConfigOpt = Path("registry.toml"),
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Every model with its production and staging versions."""
    with _registry(config, None, read_only=True) as reg:
        models = reg.models()
    lines = []
    for state in models.values():
        staging = [v.version for v in state.versions.values() if v.stage == "staging"]
        lines.append(
            f"{state.name}: {len(state.versions)} versions, production "
            f"{state.production or '-'}, staging {staging or '-'}"
        )
    data = [s.to_json() for s in models.values()]
    _emit(data, "\n".join(lines) or "no models registered", fmt, output, False)


@registry_app.command("show")
def show_command(
    name: NameArg,
    config: ConfigOpt = Path("registry.toml"),
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Every version of NAME, its stage and its history (ledger indices)."""
    with _registry(config, None, read_only=True) as reg:
        state = reg.model(name)
    lines = [f"{name}: production {state.production or '-'}"]
    for v in state.versions.values():
        why = f" ({v.reason})" if v.reason else ""
        lines.append(f"  v{v.version} {v.stage}{why} sha256 {v.sha256[:16]}...")
        lines += [f"    #{s.index} {s.kind} -> {s.stage} by {s.principal}" for s in v.history]
    _emit(state.to_json(), "\n".join(lines), fmt, output, False)


@registry_app.command("verify")
def verify_command(config: ConfigOpt = Path("registry.toml"), quiet: QuietOpt = False) -> None:
    """Verify the ledger, every registry entry's signature and key owner, and MLflow."""
    with _registry(config, None, read_only=True) as reg:
        problems = reg.verify()
    for problem in problems:
        typer.echo(f"PROBLEM {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    if not quiet:
        typer.echo("registry verified: ledger, signatures and key owners match")


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
