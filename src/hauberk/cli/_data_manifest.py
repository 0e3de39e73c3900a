"""``hauberk data ingest | diff | mark-good | quarantine | rollback``: where data came from,
what it was, and getting back to the last version someone vouched for.

Sources are an allowlist in ``[data.sources]`` of the config (``--config``, default
``data.toml``); see :mod:`hauberk.data._sources`. Exit codes: 0 success (``diff``: no
difference), 1 a signature did not verify or ``diff`` found differences, 2 usage or input
error (a location outside the allowlist, an unreadable file, a bad manifest).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hauberk.cli._common import OutputFile, Quiet

if TYPE_CHECKING:
    from hauberk.data._manifest import DatasetManifest, DataStore
    from hauberk.data._sources import DataConfig

PASSWORD_ENV = "HAUBERK_KEY_PASSWORD"  # noqa: S105 - a variable name, not a secret


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config with the [data.sources] allowlist [default: data.toml]."),
]
LedgerOpt = Annotated[
    str | None,
    typer.Option("--ledger", help="Ledger (SQLite path or URL) [default: [data] ledger]."),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Content-addressed store of ingested files [default: [data] store]."
    ),
]
PrincipalOpt = Annotated[
    str | None, typer.Option("--principal", help="Who acts (default: the OS user).")
]
FormatOpt = Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")]
LedgerKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger-key",
        help="Ed25519 private key PEM that signs the ledger entry (needed when the ledger has "
        "a role policy: data.* entries need a key holding ingest or respond).",
    ),
]


def _principal(value: str | None) -> str:
    if value:
        return value
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _emit(
    data: dict[str, Any], text: str, fmt: TextOrJson, output: Path | None, quiet: bool
) -> None:
    body = json.dumps(data, indent=2, sort_keys=True) + "\n" if fmt is TextOrJson.json else text
    if not body.endswith("\n"):
        body += "\n"
    if output is not None and str(output) != "-":
        from hauberk.core import write_atomic

        write_atomic(output, body)
    elif not quiet:
        typer.echo(body, nl=False)


def _setup(
    config: Path | None, store: Path | None, ledger: str | None
) -> tuple[DataConfig, DataStore, str | None]:
    from hauberk.data._manifest import DataStore
    from hauberk.data._sources import load_data_config

    cfg = load_data_config(config)
    return cfg, DataStore(store or cfg.store), ledger or cfg.data.ledger


def _need_ledger(ledger: str | None, command: str) -> str:
    from hauberk.core import ConfigError

    if not ledger:
        raise ConfigError(
            f"data {command} records in a ledger: pass --ledger DB or set ledger in [data]"
        )
    return ledger


def _signer(
    ledger: str | None,
    kinds: tuple[str, ...],
    key: Path | None,
    principal: str | None,
    *,
    create: bool = False,
) -> tuple[Any, str]:
    """The ledger Signer of ``key`` (``None`` without one) and who acts, checked against the
    ledger's role policy before the command does anything: a record the ledger would refuse
    stops the command before a file is stored, restored or an entry written."""
    from hauberk.core import ConfigError

    if not ledger:
        if key is not None:
            raise ConfigError(
                "--ledger-key signs a ledger entry: give --ledger or set [data] ledger"
            )
        return None, _principal(principal)
    from hauberk.cli._ledger import checked_signer

    signer = checked_signer(ledger, kinds, key, principal, create=create)
    return signer, signer.principal if signer is not None else _principal(principal)


def _manifest(arg: str, store: DataStore) -> DatasetManifest:
    """A manifest file, or a manifest id (or unique prefix of 8+ hex digits) in the store."""
    import re

    from hauberk.core import InputError
    from hauberk.data._manifest import load_manifest

    path = Path(arg)
    if path.is_file():
        return load_manifest(path)
    if re.fullmatch(r"[0-9a-f]{8,64}", arg):
        folder = store.root / "manifests"
        found = sorted(folder.glob(f"{arg}*.json")) if folder.is_dir() else []
        if len(found) == 1:
            return store.find_manifest(found[0].stem)
        if len(found) > 1:
            raise InputError(f"manifest id prefix {arg} is ambiguous in {folder}; give more digits")
    raise InputError(f"{arg}: no such manifest file, nor a manifest id in the store {store.root}")


def _signature_info(
    location: Path, signature: Path, public_key: Path, manifest: DatasetManifest
) -> dict[str, Any]:
    """Verify the model-signing bundle against what was ingested; raise on any mismatch."""
    import hashlib

    from hauberk.core import VerificationError
    from hauberk.data._manifest import signed_problems
    from hauberk.supplychain import read_signature, verify_model

    signed = read_signature(signature, public_key=public_key)
    if signed.method == "files" and signed.algorithm == "sha256":
        problems = signed_problems(manifest, dict(signed.resources))
        if problems:
            listed = "; ".join(f"{p}: {what}" for p, what in problems[:20])
            raise VerificationError(
                f"{location} does not match its signature {signature}: {listed}. "
                "Refusing the data; restore the signed files or have the source re-sign."
            )
    else:  # shards or blake3: let the supply-chain verifier re-hash the location itself
        verify_model(location, public_key=public_key, signature=signature)
    return {
        "verified": True,
        "signature": str(signature),
        "signature_sha256": hashlib.sha256(signature.read_bytes()).hexdigest(),
        "public_key_sha256": hashlib.sha256(public_key.read_bytes()).hexdigest(),
        "method": signed.method,
        "algorithm": signed.algorithm,
        "root_digest": signed.root_digest,
    }


def ingest_command(
    location: Annotated[str, typer.Argument(help="File, folder, or URL of the data.")],
    source: Annotated[str, typer.Option("--source", help="Source name in [data.sources].")],
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Data set name (default: the source name).")
    ] = None,
    signature: Annotated[
        Path | None,
        typer.Option(
            "--signature",
            help="model-signing bundle of the data (default: LOCATION.sig beside it, if any).",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option("--key", help="Ed25519 private key PEM that attests the manifest."),
    ] = None,
    config: ConfigOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    principal: PrincipalOpt = None,
    ledger_key: LedgerKeyOpt = None,
    fmt: FormatOpt = TextOrJson.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Admit data from an allowed source: hash and keep every file, verify its signature,
    write the manifest to the store and append it to the ledger."""
    from hauberk.core import ConfigError, VerificationError, write_atomic
    from hauberk.data._manifest import attest, ingest
    from hauberk.data._provenance import INGEST, REFUSE, record_ingest
    from hauberk.data._sources import download, is_url

    cfg, data_store, ledger_db = _setup(config, store, ledger)
    src = cfg.source(source)
    signer, who = _signer(ledger_db, (INGEST, REFUSE), ledger_key, principal, create=True)
    private = None
    if key is not None:
        from hauberk.ledger import load_private_key

        secret = os.environ.get(PASSWORD_ENV)
        private = load_private_key(key, password=secret.encode() if secret else None)
    staging: Path | None = None
    try:
        if is_url(location):
            url = src.admit_url(location)
            staging = data_store.root / "incoming" / secrets.token_hex(8)
            staging.mkdir(parents=True)
            path = download(
                url,
                staging,
                max_bytes=cfg.data.max_download_bytes,
                timeout=cfg.data.download_timeout,
            )
            origin = url
        else:
            path = src.admit_path(Path(location))
            origin = str(path)
            if signature is None:
                beside = path.with_name(path.name + ".sig")
                signature = beside if beside.is_file() else None
        if signature is not None and src.public_key is None:
            raise ConfigError(
                f"{location} comes with the signature {signature} but source {source!r} has "
                "no public_key to verify it; add public_key to its [data.sources] entry"
            )
        if signature is None and src.require_signature:
            raise VerificationError(
                f"source {source!r} requires a signature and {location} has none "
                f"(looked for --signature and {Path(location).name}.sig beside it); refusing it"
            )
        exclude = [signature] if signature is not None else []
        manifest = ingest(
            path,
            store=data_store,
            source=source,
            origin=origin,
            dataset=dataset,
            principal=who,
            exclude=exclude,
        )
        if signature is not None:
            assert src.public_key is not None
            info = _signature_info(path, signature, src.public_key, manifest)
            manifest = manifest.model_copy(update={"signature": info})
        if private is not None:
            manifest = attest(manifest, private)
    except VerificationError as exc:
        if ledger_db:  # a refused delivery is evidence for incident response: record it
            from hauberk.data._provenance import append
            from hauberk.ledger import open_ledger

            body = {"source": source, "location": str(location), "dataset": dataset or source,
                    "reason": str(exc)[:4000]}  # fmt: skip
            with open_ledger(ledger_db, create=True) as log:
                append(log, REFUSE, body, principal=who, signer=signer)
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    index = None
    if ledger_db:
        from hauberk.ledger import open_ledger

        with open_ledger(ledger_db, create=True) as log:
            index = record_ingest(log, manifest, principal=who, signer=signer)
    saved = data_store.save_manifest(manifest)
    if output is not None and str(output) != "-":
        write_atomic(output, manifest.to_json())
    result = {**manifest.summary(), "manifest_path": str(saved), "ledger_index": index}
    text = (
        f"ingested {len(manifest.files)} file(s), {manifest.rows} row(s) of {origin} from "
        f"source {source}: manifest {manifest.id}\n  saved {saved}"
        + (f"\n  ledger entry {index}" if index is not None else "")
        + ("\n  signature verified" if manifest.signature else "")
    )
    if output is not None and str(output) != "-":
        text += f"\n  wrote {output}"
    _emit(result, text, fmt, None, quiet)


def diff_command(
    old: Annotated[str, typer.Argument(help="Earlier manifest: file, or id in the store.")],
    new: Annotated[str, typer.Argument(help="Later manifest: file, or id in the store.")],
    config: ConfigOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = TextOrJson.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Files added, removed and changed between two manifests, with row and schema changes.
    Exit 0 when the same, 1 when they differ."""
    from hauberk.data._manifest import diff_manifests

    _, data_store, _ = _setup(config, store, None)
    diff = diff_manifests(_manifest(old, data_store), _manifest(new, data_store))
    _emit(diff.to_dict(), diff.to_text(), fmt, output, quiet)
    raise typer.Exit(0 if diff.same else 1)


def mark_good_command(
    manifest: Annotated[str, typer.Argument(help="Manifest file, or id in the store.")],
    config: ConfigOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    principal: PrincipalOpt = None,
    ledger_key: LedgerKeyOpt = None,
    fmt: FormatOpt = TextOrJson.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Record a reviewed manifest as good: what `data rollback` returns to."""
    from hauberk.core import InputError
    from hauberk.data._provenance import MARK_GOOD, mark_good
    from hauberk.ledger import open_ledger

    _, data_store, ledger_db = _setup(config, store, ledger)
    found = _manifest(manifest, data_store)
    db = _need_ledger(ledger_db, "mark-good")
    signer, who = _signer(db, (MARK_GOOD,), ledger_key, principal)
    missing = [f.path for f in found.files if not data_store.object_path(f.sha256).is_file()]
    if missing:
        raise InputError(
            f"the store {data_store.root} lacks {missing[0]} of manifest {found.id}; a good "
            "mark must be restorable (ingest it into this store)"
        )
    with open_ledger(db) as log:
        index = mark_good(log, found, principal=who, signer=signer)
    result = {"manifest": found.id, "dataset": found.dataset, "ledger_index": index}
    text = f"marked good: manifest {found.id} of {found.dataset} (ledger entry {index})"
    _emit(result, text, fmt, output, quiet)


def quarantine_command(
    manifest: Annotated[str, typer.Argument(help="Manifest file, or id in the store.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the data is withdrawn.")],
    config: ConfigOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    principal: PrincipalOpt = None,
    ledger_key: LedgerKeyOpt = None,
    fmt: FormatOpt = TextOrJson.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Withdraw a manifest: a ledger entry with the reason; it is never again 'last good'."""
    from hauberk.data._provenance import QUARANTINE, quarantine
    from hauberk.ledger import open_ledger

    _, data_store, ledger_db = _setup(config, store, ledger)
    found = _manifest(manifest, data_store)
    db = _need_ledger(ledger_db, "quarantine")
    signer, who = _signer(db, (QUARANTINE,), ledger_key, principal)
    with open_ledger(db) as log:
        index = quarantine(log, found, reason=reason, principal=who, signer=signer)
    result = {"manifest": found.id, "dataset": found.dataset, "reason": reason,
              "ledger_index": index}  # fmt: skip
    text = f"quarantined: manifest {found.id} of {found.dataset} (ledger entry {index})"
    _emit(result, text, fmt, output, quiet)


def rollback_command(
    dataset: Annotated[str, typer.Option("--dataset", help="Data set to roll back.")],
    target: Annotated[
        Path | None,
        typer.Argument(help="Folder or file to restore (default: where the manifest was read)."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only say which files changed; restore nothing.")
    ] = False,
    config: ConfigOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    principal: PrincipalOpt = None,
    ledger_key: LedgerKeyOpt = None,
    fmt: FormatOpt = TextOrJson.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Restore the last manifest marked good (and not quarantined) from the store, saying
    which files changed since; the replaced contents are kept beside the target."""
    from hauberk.core import InputError
    from hauberk.data._manifest import changes_since, rollback
    from hauberk.data._provenance import ROLLBACK, last_good, record_rollback
    from hauberk.data._sources import is_url
    from hauberk.ledger import open_ledger

    _, data_store, ledger_db = _setup(config, store, ledger)
    db = _need_ledger(ledger_db, "rollback")
    # --check writes no entry; a restore is refused before any file moves.
    signer, who = _signer(db, () if check else (ROLLBACK,), ledger_key, principal)
    with open_ledger(db) as log:
        manifest_id, mark = last_good(log, dataset)
        manifest = data_store.find_manifest(manifest_id)
        if target is None:
            if is_url(manifest.location):
                raise InputError(
                    f"manifest {manifest_id} was downloaded from {manifest.location}; "
                    "give the folder or file to restore"
                )
            target = Path(manifest.location)
        if check:
            changed, added, removed = changes_since(manifest, target)
            body: dict[str, Any] = {
                "manifest": manifest.id, "dataset": dataset, "target": str(target),
                "changed": changed, "added": added, "removed": removed, "restored": False,
            }  # fmt: skip
        else:
            done = rollback(manifest, target, data_store)
            body = done.to_dict()
            body["good_mark"] = mark
            body["ledger_index"] = record_rollback(log, body, principal=who, signer=signer)
    lines = [f"last good manifest of {dataset}: {manifest.id} (marked at ledger entry {mark})"]
    for key in ("changed", "added", "removed"):
        for path in body[key]:
            lines.append(f"  {key:8} {path}")
    if not (body["changed"] or body["added"] or body["removed"]):
        lines.append(f"  {target} already matches it; nothing to restore")
    elif body.get("restored"):
        lines.append(f"restored {target} ({ROLLBACK} at ledger entry {body['ledger_index']})")
        if body.get("displaced"):
            lines.append(f"  the replaced contents are kept in {body['displaced']}")
    else:
        lines.append("not restored (--check)")
    _emit(body, "\n".join(lines), fmt, output, quiet)


def register(data_app: typer.Typer) -> None:
    data_app.command("ingest")(ingest_command)
    data_app.command("diff")(diff_command)
    data_app.command("mark-good")(mark_good_command)
    data_app.command("quarantine")(quarantine_command)
    data_app.command("rollback")(rollback_command)
