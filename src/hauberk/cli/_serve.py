"""``hauberk serve`` (the secure inference gateway) and ``hauberk keys`` (its API keys).

Exit codes: 0 success, 1 the model failed verification (the server did not start), 2 usage or
input error. Heavy imports (FastAPI, uvicorn, the model adapters) happen inside the commands.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

keys_app = typer.Typer(
    help="Create, list and revoke API keys of the gateway (stored as hashes only).",
    no_args_is_help=True,
)

StoreOpt = Annotated[Path, typer.Option("--store", help="Key store file (JSON, mode 0600).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]


def _emit(text: str, output: Path | None, quiet: bool) -> None:
    if output is not None:
        from hauberk.core import write_atomic

        write_atomic(output, text + "\n", mode=0o600)
    elif not quiet:
        typer.echo(text)


def _known_role(role: str, config: Path | None) -> None:
    """A role no route grants would make a key that can do nothing: refuse it up front."""
    from hauberk.core import InputError
    from hauberk.gateway._config import DEFAULT_ROUTE_ROLES, load_config

    table = DEFAULT_ROUTE_ROLES if config is None else load_config(config).roles
    known = sorted({r for roles in table.values() for r in roles})
    if role not in known:
        where = f"in {config}" if config else "by the default routes (pass --config serve.toml)"
        raise InputError(f"--role {role!r} is granted no route {where}; known roles: "
                         f"{', '.join(known)}")  # fmt: skip


@keys_app.command("create")
def keys_create(
    store: StoreOpt,
    role: Annotated[str, typer.Option("--role", help="Role, e.g. predict or admin.")],
    rate: Annotated[
        str | None,
        typer.Option("--rate", help="Own rate limit: 10 (per second), 10/s, 600/m, 1000/h."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="serve.toml whose [roles] the role must be one of."),
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Create a key and print it once; only its hash is stored."""
    from hauberk.gateway import KeyStore, parse_rate

    _known_role(role, config)
    per_second = parse_rate(rate) if rate is not None else None
    record, key = KeyStore(store).create(role, rate=per_second)
    if fmt is Format.json:
        text = json.dumps({"id": record.id, "key": key, "role": record.role, "rate": record.rate})
    else:
        text = key
    _emit(text, output, quiet)
    if fmt is Format.text and not quiet:
        note = f"key id {record.id} (role {record.role}); the key is shown only now"
        print(note, file=sys.stderr)


@keys_app.command("list")
def keys_list(store: StoreOpt, fmt: FormatOpt = Format.text, output: OutputOpt = None) -> None:
    """List key ids, roles, rates and whether they are revoked (never the keys)."""
    from hauberk.core import InputError
    from hauberk.gateway import KeyStore

    if not store.is_file():
        raise InputError(f"--store {store}: no key store there; create one with "
                         f"`hauberk keys create --store {store} --role predict`")  # fmt: skip
    records = KeyStore(store).list()
    if fmt is Format.json:
        text = json.dumps([r.public() for r in records], indent=2)
    else:
        lines = [f"{'id':16}  {'role':10}  {'rate/s':>8}  {'created':20}  revoked"]
        for r in records:
            rate = "-" if r.rate is None else f"{r.rate:g}"
            lines.append(f"{r.id:16}  {r.role:10}  {rate:>8}  {r.created:20}  {r.revoked or '-'}")
        text = "\n".join(lines)
    _emit(text, output, False)


@keys_app.command("revoke")
def keys_revoke(
    store: StoreOpt,
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key id to revoke.")],
    quiet: QuietOpt = False,
) -> None:
    """Revoke a key; a running server refuses it from its next request on."""
    from hauberk.gateway import KeyStore

    keys = KeyStore(store)
    before = {r.id: r.revoked for r in keys.list()} if store.is_file() else {}
    record = keys.revoke(key_id)
    if before.get(key_id):
        _emit(f"{record.id} was already revoked at {record.revoked}; nothing changed", None, quiet)
    else:
        _emit(f"revoked {record.id} at {record.revoked}", None, quiet)


def serve_command(
    model: Annotated[Path, typer.Option("--model", help="Model file (ONNX, safetensors, ...).")],
    sha256: Annotated[
        str | None, typer.Option("--sha256", help="Expected SHA-256 of the model file.")
    ] = None,
    signature: Annotated[
        Path | None, typer.Option("--signature", help="model-signing signature bundle.")
    ] = None,
    key: Annotated[Path | None, typer.Option("--key", help="Public key for --signature.")] = None,
    pq_key: Annotated[
        list[Path] | None,
        typer.Option(
            "--pq-key",
            help="ML-DSA-65 public key: the signature is hybrid and its post-quantum part "
            "(SIG.mldsa65) must verify too (repeatable, for rotation).",
        ),
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="serve.toml.")] = None,
    keys: Annotated[Path | None, typer.Option("--keys", help="API key store file.")] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Address to bind [default: 127.0.0.1].")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port [default: 8000].")] = None,
    allow_unverified: Annotated[
        bool,
        typer.Option("--allow-unverified", help="Serve a model without digest or signature."),
    ] = False,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="Server certificate (PEM): serve HTTPS.")
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option("--tls-key", help="Private key of --tls-cert (PEM).")
    ] = None,
    client_ca: Annotated[
        Path | None,
        typer.Option("--client-ca", help="CA of client certificates (mutual TLS)."),
    ] = None,
    require_client_cert: Annotated[
        bool,
        typer.Option("--require-client-cert", help="Refuse connections without a client cert."),
    ] = False,
) -> None:
    """Serve a verified model behind the secure gateway (auth, limits, audit, ...)."""
    import logging

    from hauberk.core import ConfigError
    from hauberk.gateway import KeyStore, create_app, load_config, load_versions, serve

    logging.basicConfig(level=logging.WARNING, format="hauberk serve: %(levelname)s %(message)s")
    cfg = load_config(config)
    updates: dict[str, object] = {}
    if host is not None:
        updates["host"] = host
    if port is not None:
        if not 0 <= port <= 65535:
            raise ConfigError(f"--port must be in [0, 65535], got {port}")
        updates["port"] = port
    if tls_cert is not None or tls_key is not None or client_ca or require_client_cert:
        from hauberk.gateway import parse_config

        raw = cfg.model_dump(exclude={"base_dir"}, exclude_none=True)
        tls = dict(raw.get("tls") or {})
        for name, value in (("cert", tls_cert), ("key", tls_key), ("client_ca", client_ca)):
            if value is not None:
                tls[name] = value.resolve()
        if require_client_cert:
            tls["require_client_cert"] = True
        raw["tls"] = tls
        cfg = parse_config(raw, source="--tls options", base_dir=cfg.base_dir)
    if updates:
        cfg = cfg.model_copy(update=updates)
    if cfg.attestation is not None:  # before the key store, the model or any key file
        from hauberk.gateway import attest_before_keys

        attested = attest_before_keys(cfg, model)
        if attested is not None:
            label = "" if attested.secure else " (software test double, NOT a secure attestation)"
            print(f"hauberk serve: attested by {attested.platform}{label}", file=sys.stderr)
    store = KeyStore(keys) if keys is not None else None
    versions, loaded = load_versions(
        cfg,
        model,
        sha256=sha256,
        signature=signature,
        public_key=key,
        allow_unverified=allow_unverified,
        pq_keys=pq_key or (),
    )
    app = create_app(cfg, versions, keys=store)
    for v in loaded:
        state = "verified" if v.verified else "UNVERIFIED"
        print(f"hauberk serve: {v.name} sha256 {v.sha256} {state}", file=sys.stderr)
    scheme = "https" if cfg.tls is not None else "http"
    print(f"hauberk serve: listening on {scheme}://{cfg.host}:{cfg.port}", file=sys.stderr,
          flush=True)  # fmt: skip
    serve(app, host=cfg.host, port=cfg.port)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``keys`` group to the main CLI."""
    app.command("serve")(serve_command)
    app.add_typer(keys_app, name="keys")
