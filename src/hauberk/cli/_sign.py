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
KeyFileOpt = Annotated[
    Path | None, typer.Option("--key-file", help="File holding the AES-256 key (mode 0600).")
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


def _record(ledger: str | None, kind: str, body: dict[str, Any], principal: str | None) -> None:
    if ledger is None:
        return
    from hauberk.ledger import open_ledger

    if not principal:
        import getpass

        try:
            principal = getpass.getuser()
        except (KeyError, OSError):
            principal = "unknown"
    with open_ledger(ledger, create=True) as log:
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
            "checkpoints) or aes256 (encryption).",
        ),
    ] = KeyType.ecdsa_p256,
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
        result = {"type": key_type.value, "key": str(path)}
        _emit(result, f"wrote {path} (mode 0600)\n", fmt, output, quiet)
        return
    secret = _password() if password else None
    if password and not secret:
        raise ConfigError(f"--password needs the password in ${PASSWORD_ENV}")
    curves: dict[KeyType, Curve] = {
        KeyType.ecdsa_p256: "p256",
        KeyType.ecdsa_p384: "p384",
        KeyType.ecdsa_p521: "p521",
        KeyType.ed25519: "ed25519",
    }
    curve = curves[key_type]
    private, public = prefix.with_name(prefix.name + ".key"), prefix.with_name(prefix.name + ".pub")
    generate_signing_keypair(
        private,
        public,
        curve=curve,
        password=secret,
        overwrite=force,
    )
    result = {"type": key_type.value, "private_key": str(private), "public_key": str(public)}
    _emit(result, f"wrote {private} (mode 0600) and {public}\n", fmt, output, quiet)


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
    ledger: LedgerOpt = None,
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
    _record(ledger, "model.sign", result, principal)
    text = f"signed {len(signed.files)} file(s) of {model} -> {signature} ({signed.root_digest})\n"
    _emit(result, text, fmt, output, quiet)


def verify_command(
    model: Annotated[Path, typer.Argument(help="Model file or folder to verify.")],
    key: Annotated[Path, typer.Option("--key", help="ECDSA public key PEM.")],
    signature: Annotated[Path, typer.Option("--signature", help="Signature bundle to check.")],
    ledger: LedgerOpt = None,
    principal: PrincipalOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Verify a model against its signature; exit 1 naming every changed, added, removed or
    renamed file."""
    from hauberk.core import VerificationError
    from hauberk.supplychain import ManifestMismatch, verify_model

    try:
        signed = verify_model(model, public_key=key, signature=signature)
    except VerificationError as exc:
        problems = (
            [{"path": p.path, "kind": p.kind, "detail": p.detail} for p in exc.problems]
            if isinstance(exc, ManifestMismatch)
            else []
        )
        result: dict[str, Any] = {
            "model": str(model),
            "signature": str(signature),
            "verified": False,
            "error": str(exc),
            "problems": problems,
        }
        _record(ledger, "model.verify", result, principal)
        if fmt is Format.json or output is not None:
            _emit(result, "", fmt, output, quiet)
        print(f"hauberk: verification failed: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    result = {**_summary(model, signature, signed), "verified": True}
    _record(ledger, "model.verify", result, principal)
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
