"""``hauberk keygen | sign | verify | encrypt | decrypt``: model signing and encryption at rest.

Secrets never go on the command line: a private key's password comes from the variable
``HAUBERK_KEY_PASSWORD``, an encryption key from ``--key-file`` or a variable (``--key-env``,
default ``HAUBERK_ENCRYPTION_KEY``). Exit codes: 0 success, 1 ``verify`` found the model or
signature does not match (the files are named), 2 usage or input error.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from hauberk.supplychain import SignedManifest
    from hauberk.supplychain._keys import Curve

PASSWORD_ENV = "HAUBERK_KEY_PASSWORD"  # noqa: S105 - a variable name, not a secret


class KeyType(StrEnum):
    ecdsa_p256 = "ecdsa-p256"
    ecdsa_p384 = "ecdsa-p384"
    ecdsa_p521 = "ecdsa-p521"
    ed25519 = "ed25519"
    ml_dsa_65 = "ml-dsa-65"
    aes256 = "aes256"


class Format(StrEnum):
    text = "text"
    json = "json"


class HashName(StrEnum):
    sha256 = "sha256"
    blake3 = "blake3"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Result format.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
LedgerOpt = Annotated[
    str | None,
    typer.Option("--ledger", help="Also record the result in this ledger (SQLite path or URL)."),
]
PrincipalOpt = Annotated[
    str | None, typer.Option(help="Who records the ledger entry (default: the OS user).")
]
LedgerKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger-key",
        help="Ed25519 private key PEM that signs the ledger entry (needed when the ledger has "
        "a role policy: its principal must hold a role the entry kind needs).",
    ),
]
KeyFileOpt = Annotated[
    Path | None, typer.Option("--key-file", help="File holding the AES-256 key (mode 0600).")
]
PqKeyOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--pq-key",
        help="ML-DSA-65 public key PEM: require the post-quantum part too (repeat to trust "
        "old and new keys while rotating).",
    ),
]
PqSignatureOpt = Annotated[
    Path | None,
    typer.Option(
        "--pq-signature", help="Post-quantum part of a hybrid signature [default: SIG.mldsa65]."
    ),
]
KeyEnvOpt = Annotated[
    str | None,
    typer.Option("--key-env", help="Variable holding the key [default: HAUBERK_ENCRYPTION_KEY]."),
]


def _password() -> bytes | None:
    value = os.environ.get(PASSWORD_ENV)
    return value.encode("utf-8") if value else None


def _emit(data: dict[str, Any], text: str, fmt: Format, output: Path | None, quiet: bool) -> None:
    body = json.dumps(data, indent=2, sort_keys=True) + "\n" if fmt is Format.json else text
    if output is not None:
        from hauberk.core import write_atomic

        write_atomic(output, body if body.endswith("\n") else body + "\n")
    elif not quiet:
        typer.echo(body, nl=not body.endswith("\n"))


def _summary(model: Path, signature: Path, signed: SignedManifest) -> dict[str, Any]:
    import hashlib

    return {
        "model": str(model),
        "model_name": signed.model_name,
        "signature": str(signature),
        "signature_sha256": hashlib.sha256(signature.read_bytes()).hexdigest(),
        "root_digest": signed.root_digest,
        "method": signed.method,
        "algorithm": signed.algorithm,
        "shard_size": signed.shard_size,
        "files": len(signed.files),
    }


def _may_record(
    ledger: str | None, kind: str, principal: str | None, ledger_key: Path | None
) -> Any:
    """Refuse before any work when the ledger's role policy would refuse the entry, so that
    a refused record never leaves a signature behind that the ledger does not know of.
    Returns the ledger Signer of ``ledger_key`` (``None`` without one) for :func:`_record`."""
    if ledger is None:
        if ledger_key is not None:
            from hauberk.core import ConfigError

            raise ConfigError("--ledger-key signs a ledger entry: give --ledger too")
        return None
    from hauberk.cli._ledger import checked_signer

    return checked_signer(ledger, (kind,), ledger_key, principal, create=True)


def _record(
    ledger: str | None, kind: str, body: dict[str, Any], principal: str | None, signer: Any
) -> None:
    if ledger is None:
        return
    from hauberk.ledger import open_ledger

    with open_ledger(ledger, create=True) as log:
        if signer is not None:
            body["ledger_index"] = log.submit_signed(signer, kind, dict(body)).result()
            return
        if not principal:
            import getpass

            try:
                principal = getpass.getuser()
            except (KeyError, OSError):
                principal = "unknown"
        body["ledger_index"] = log.record(kind, dict(body), principal=principal)


def keygen_command(
    prefix: Annotated[
        Path, typer.Argument(help="Path prefix: writes PREFIX.key and PREFIX.pub (or PREFIX.aes).")
    ] = Path("hauberk"),
    key_type: Annotated[
        KeyType,
        typer.Option(
            "--type",
            help="ecdsa-p256 (model signing, default), ecdsa-p384/p521, ed25519 (ledger "
            "checkpoints), ml-dsa-65 (post-quantum second signature) or aes256 (encryption).",
        ),
    ] = KeyType.ecdsa_p256,
    rotate: Annotated[
        bool,
        typer.Option(
            "--rotate",
            help="Keep the existing pair as PREFIX.retired-<UTC time>.key/.pub and write a new "
            "one; verifiers trust both until the old public key is dropped.",
        ),
    ] = False,
    password: Annotated[
        bool,
        typer.Option("--password", help=f"Encrypt the private key with ${PASSWORD_ENV}."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Create a key pair (PEM, private key mode 0600) or an AES-256 key."""
    from hauberk.core import ConfigError
    from hauberk.supplychain import generate_encryption_key, generate_signing_keypair

    if key_type is KeyType.aes256:
        path = prefix.with_name(prefix.name + ".aes")
        generate_encryption_key(path, overwrite=force)
        _emit({"type": key_type.value, "key": str(path)}, f"wrote {path} (mode 0600)\n", fmt,
              output, quiet)  # fmt: skip
        return
    secret = _password() if password else None
    if password and not secret:
        raise ConfigError(f"--password needs the password in ${PASSWORD_ENV}")
    curves: dict[KeyType, Curve] = {
        KeyType.ecdsa_p256: "p256",
        KeyType.ecdsa_p384: "p384",
        KeyType.ecdsa_p521: "p521",
        KeyType.ed25519: "ed25519",
        KeyType.ml_dsa_65: "ml-dsa-65",
    }
    curve = curves[key_type]
    private, public = prefix.with_name(prefix.name + ".key"), prefix.with_name(prefix.name + ".pub")
    retired: dict[str, str] = {}
    if rotate:
        retired = _retire(private, public)
    generate_signing_keypair(
        private,
        public,
        curve=curve,
        password=secret,
        overwrite=force or rotate,
    )
    result: dict[str, Any] = {
        "type": key_type.value,
        "private_key": str(private),
        "public_key": str(public),
    }
    text = f"wrote {private} (mode 0600) and {public}\n"
    if retired:
        result["retired"] = retired
        old_private, old_public = retired["private_key"], retired["public_key"]
        text += f"retired the previous pair as {old_private} and {old_public}\n"
    _emit(result, text, fmt, output, quiet)


def _retire(private: Path, public: Path) -> dict[str, str]:
    """Rename an existing key pair to ``PREFIX.retired-<UTC time>.key/.pub`` (rotation)."""
    from datetime import UTC, datetime

    from hauberk.core import ConfigError

    if not private.exists() or not public.exists():
        raise ConfigError(f"--rotate needs an existing pair {private} and {public} to retire")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = private.name[: -len(".key")]
    old_private = private.with_name(f"{stem}.retired-{stamp}.key")
    old_public = public.with_name(f"{stem}.retired-{stamp}.pub")
    if old_private.exists() or old_public.exists():
        raise ConfigError(f"{old_private} already exists; wait a second and rotate again")
    os.replace(public, old_public)
    os.replace(private, old_private)
    return {"private_key": str(old_private), "public_key": str(old_public)}


def sign_command(
    model: Annotated[Path, typer.Argument(help="Model file or folder to sign.")],
    key: Annotated[Path, typer.Option("--key", help="ECDSA private key PEM (hauberk keygen).")],
    signature: Annotated[
        Path, typer.Option("--signature", help="Where to write the signature bundle.")
    ],
    shard_size: Annotated[
        int | None,
        typer.Option(
            help="Hash files in shards of this many bytes (parallel inside big files; verify "
            "with hauberk or model_signing's Python API)."
        ),
    ] = None,
    hash_name: Annotated[
        HashName, typer.Option("--hash", help="Digest: sha256 (default) or blake3.")
    ] = HashName.sha256,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Path inside the model folder to leave out (repeatable)."),
    ] = None,
    ignore_git: Annotated[
        bool, typer.Option("--ignore-git/--no-ignore-git", help="Leave out git metadata.")
    ] = True,
    workers: Annotated[int | None, typer.Option(help="Hashing threads.")] = None,
    pq_key: Annotated[
        Path | None,
        typer.Option(
            "--pq-key",
            help="ML-DSA-65 private key PEM: also write the post-quantum part (hybrid).",
        ),
    ] = None,
    pq_signature: PqSignatureOpt = None,
    ledger: LedgerOpt = None,
    ledger_key: LedgerKeyOpt = None,
    principal: PrincipalOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Sign a model file or folder in the OpenSSF model-signing format."""
    from hauberk.core import ConfigError
    from hauberk.supplychain import HashSettings, sign_model

    settings = (
        HashSettings(method="shards", shard_size=shard_size, workers=workers)
        if shard_size
        else HashSettings(method="files", algorithm=hash_name.value, workers=workers)
    )
    if shard_size and hash_name is not HashName.sha256:
        raise ConfigError("--shard-size hashes with sha256; drop --hash blake3 or --shard-size")
    record_signer = _may_record(ledger, "model.sign", principal, ledger_key)
    pq_private = None
    if pq_key is not None:
        from hauberk.ledger import load_mldsa_private_key

        pq_private = load_mldsa_private_key(pq_key, password=_password())
    signed = sign_model(
        model,
        private_key=key,
        signature=signature,
        password=_password(),
        settings=settings,
        ignore_paths=ignore or (),
        ignore_git_paths=ignore_git,
    )
    result = _summary(model, signature, signed)
    text = f"signed {len(signed.files)} file(s) of {model} -> {signature} ({signed.root_digest})\n"
    if pq_private is not None:
        from hauberk.supplychain import sign_bundle_pq

        pq_path = sign_bundle_pq(signature, pq_private, output=pq_signature)
        result["pq_signature"] = str(pq_path)
        text += f"post-quantum part (ML-DSA-65) -> {pq_path}\n"
    _record(ledger, "model.sign", result, principal, record_signer)
    _emit(result, text, fmt, output, quiet)


def verify_command(
    model: Annotated[Path, typer.Argument(help="Model file or folder to verify.")],
    key: Annotated[Path, typer.Option("--key", help="ECDSA public key PEM.")],
    signature: Annotated[Path, typer.Option("--signature", help="Signature bundle to check.")],
    pq_key: PqKeyOpt = None,
    pq_signature: PqSignatureOpt = None,
    ledger: LedgerOpt = None,
    ledger_key: LedgerKeyOpt = None,
    principal: PrincipalOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Verify a model against its signature; exit 1 naming every changed, added, removed or
    renamed file. With --pq-key both the OpenSSF bundle and the ML-DSA-65 part must verify;
    a failure names the part."""
    from hauberk.core import VerificationError
    from hauberk.supplychain import (
        HybridSignatureError,
        ManifestMismatch,
        verify_hybrid_model,
        verify_model,
    )

    record_signer = _may_record(ledger, "model.verify", principal, ledger_key)
    try:
        if pq_key:
            from hauberk.ledger import load_mldsa_public_key

            trusted = [load_mldsa_public_key(p) for p in pq_key]
            signed = verify_hybrid_model(
                model,
                public_key=key,
                signature=signature,
                pq_keys=trusted,
                pq_signature=pq_signature,
            )
        else:
            signed = verify_model(model, public_key=key, signature=signature)
    except VerificationError as exc:
        cause = exc.classical if isinstance(exc, HybridSignatureError) else exc
        problems = (
            [{"path": p.path, "kind": p.kind, "detail": p.detail} for p in cause.problems]
            if isinstance(cause, ManifestMismatch)
            else []
        )
        result: dict[str, Any] = {
            "model": str(model),
            "signature": str(signature),
            "verified": False,
            "error": str(exc),
            "problems": problems,
        }
        if isinstance(exc, HybridSignatureError):
            result["failed_parts"] = exc.parts
        _record(ledger, "model.verify", result, principal, record_signer)
        if fmt is Format.json or output is not None:
            _emit(result, "", fmt, output, quiet)
        print(f"hauberk: verification failed: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    result = {**_summary(model, signature, signed), "verified": True}
    if pq_key:
        result["hybrid"] = True
    _record(ledger, "model.verify", result, principal, record_signer)
    _emit(result, f"verified {len(signed.files)} file(s) of {model}\n", fmt, output, quiet)


def encrypt_command(
    source: Annotated[Path, typer.Argument(help="File to encrypt.")],
    target: Annotated[Path, typer.Argument(help="Encrypted file to write.")],
    key_file: KeyFileOpt = None,
    key_env: KeyEnvOpt = None,
    chunk_size: Annotated[int, typer.Option(help="Plaintext bytes per authenticated chunk.")] = 1024
    * 1024,
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET.")] = False,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Encrypt a file with AES-256-GCM in authenticated chunks."""
    from hauberk.supplychain import encrypt_file, load_encryption_key

    key = load_encryption_key(key_file=key_file, env=key_env)
    size = encrypt_file(source, target, key, chunk_size=chunk_size, force=force)
    result = {"source": str(source), "target": str(target), "bytes": size}
    _emit(result, f"encrypted {size} bytes -> {target}\n", fmt, output, quiet)


def decrypt_command(
    source: Annotated[Path, typer.Argument(help="Encrypted file.")],
    target: Annotated[Path, typer.Argument(help="Plaintext file to write (only if all is well).")],
    key_file: KeyFileOpt = None,
    key_env: KeyEnvOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET.")] = False,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Decrypt a file; on a wrong key or any tampering nothing is written and exit is 1."""
    from hauberk.supplychain import decrypt_file, load_encryption_key

    key = load_encryption_key(key_file=key_file, env=key_env)
    size = decrypt_file(source, target, key, force=force)
    result = {"source": str(source), "target": str(target), "bytes": size}
    _emit(result, f"decrypted {size} bytes -> {target}\n", fmt, output, quiet)


def register(app: typer.Typer) -> None:
    """Add ``keygen``, ``sign``, ``verify``, ``encrypt`` and ``decrypt`` to ``app``."""
    app.command("keygen")(keygen_command)
    app.command("sign")(sign_command)
    app.command("verify")(verify_command)
    app.command("encrypt")(encrypt_command)
    app.command("decrypt")(decrypt_command)
