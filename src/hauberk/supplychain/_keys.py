"""Key material: ECDSA signing key pairs and AES-256 encryption keys.

Signing keys are ECDSA on NIST P-256 (``secp256r1``) by default, P-384 or P-521 on request:
those are the curves that ``model_signing``'s key signer accepts (it refuses Ed25519, see
sigstore/model-transparency#385), so a hauberk key pair works with ``model_signing sign key``
and ``model_signing verify key`` unchanged. Keys are PEM files: PKCS#8 for the private key,
SubjectPublicKeyInfo for the public key.

Private keys and encryption keys are written with mode 0600 (the temporary file that
:func:`hauberk.core.write_atomic` renames into place is created 0600), and a key file that
group or others can read is refused when loaded. Secrets never travel on the command line:
encryption keys come from a file or from an environment variable, key passwords likewise.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, mldsa

from hauberk.core import ConfigError, InputError, write_atomic

Curve = Literal["p256", "p384", "p521", "ed25519", "ml-dsa-65"]

_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "p256": ec.SECP256R1,
    "p384": ec.SECP384R1,
    "p521": ec.SECP521R1,
}

ENCRYPTION_KEY_BYTES = 32
DEFAULT_KEY_ENV = "HAUBERK_ENCRYPTION_KEY"
_MAX_KEY_FILE = 64 * 1024


def _refuse_existing(paths: tuple[Path, ...], overwrite: bool) -> None:
    if overwrite:
        return
    for path in paths:
        if path.exists():
            raise ConfigError(
                f"{path} already exists; refusing to overwrite a key. "
                "Choose another path or pass overwrite=True (--force)."
            )


def generate_signing_keypair(
    private_key: Path,
    public_key: Path,
    *,
    curve: Curve = "p256",
    password: bytes | None = None,
    overwrite: bool = False,
) -> None:
    """Write a new ECDSA key pair: ``private_key`` (PEM, mode 0600) and ``public_key`` (PEM).

    ``curve="ed25519"`` makes an Ed25519 pair instead, for ledger checkpoints
    (``hauberk ledger checkpoint``); model signing needs an ECDSA curve.
    ``curve="ml-dsa-65"`` makes a post-quantum ML-DSA-65 (FIPS 204) pair, the second
    signature of hybrid checkpoints and hybrid model signatures.
    ``password`` encrypts the private key (PKCS#8, best available encryption); pass the same
    password to :func:`hauberk.supplychain.sign_model`.
    """
    if curve not in (*_CURVES, "ed25519", "ml-dsa-65"):
        raise ConfigError(
            f"unknown curve {curve!r}; expected one of: {', '.join(_CURVES)}, ed25519, ml-dsa-65"
        )
    private_key, public_key = Path(private_key), Path(public_key)
    if private_key.resolve() == public_key.resolve():
        raise ConfigError("private and public key paths must differ")
    _refuse_existing((private_key, public_key), overwrite)
    key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | mldsa.MLDSA65PrivateKey
    if curve == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    elif curve == "ml-dsa-65":
        key = mldsa.MLDSA65PrivateKey.generate()
    else:
        key = ec.generate_private_key(_CURVES[curve]())
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    write_atomic(private_key, private_pem)
    os.chmod(private_key, 0o600)
    write_atomic(public_key, public_pem)
    os.chmod(public_key, 0o644)


def generate_encryption_key(path: Path, *, overwrite: bool = False) -> None:
    """Write a fresh random AES-256 key to ``path`` as 64 hex digits (mode 0600)."""
    path = Path(path)
    _refuse_existing((path,), overwrite)
    write_atomic(path, secrets.token_bytes(ENCRYPTION_KEY_BYTES).hex() + "\n")
    os.chmod(path, 0o600)


def _check_private_permissions(path: Path) -> None:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"key file {path} can be read by group or others "
            f"(mode {stat.S_IMODE(mode):o}); run `chmod 600 {path}` and retry"
        )


def parse_encryption_key(text: bytes, *, source: str) -> bytes:
    """Decode a 256-bit key written as 64 hex digits, as base64, or as 32 raw bytes."""
    if len(text) == ENCRYPTION_KEY_BYTES:
        return bytes(text)
    stripped = text.strip()
    candidates: list[bytes] = []
    with contextlib.suppress(binascii.Error, ValueError):
        candidates.append(binascii.unhexlify(stripped))
    with contextlib.suppress(binascii.Error, ValueError):
        candidates.append(base64.b64decode(stripped, validate=True))
    for key in candidates:
        if len(key) == ENCRYPTION_KEY_BYTES:
            return key
    raise ConfigError(
        f"{source} does not hold a 256-bit key: expected 64 hex digits, base64 of 32 bytes, "
        "or 32 raw bytes; create one with `hauberk keygen --type aes256`"
    )


def load_encryption_key(*, key_file: Path | None = None, env: str | None = None) -> bytes:
    """Load an AES-256 key from ``key_file`` or from the environment variable ``env``.

    Exactly one source is used; with neither given, the variable ``HAUBERK_ENCRYPTION_KEY``
    is read. A key file readable by group or others is refused.
    """
    if key_file is not None and env is not None:
        raise ConfigError("give the encryption key either as a file or as a variable, not both")
    if key_file is not None:
        path = Path(key_file)
        if not path.is_file():
            raise InputError(f"encryption key file {path} does not exist or is not a file")
        _check_private_permissions(path)
        if path.stat().st_size > _MAX_KEY_FILE:
            raise ConfigError(f"{path} is too large to be a key file")
        return parse_encryption_key(path.read_bytes(), source=f"key file {path}")
    name = env or DEFAULT_KEY_ENV
    value = os.environ.get(name)
    if not value:
        raise ConfigError(
            f"no encryption key: environment variable {name} is unset or empty; "
            "set it to 64 hex digits or pass a key file"
        )
    return parse_encryption_key(value.encode("ascii", "replace"), source=f"variable {name}")


def load_password(*, password_file: Path | None = None, env: str | None = None) -> bytes | None:
    """A private key's password from a file (first line) or a variable; None if neither."""
    if password_file is not None and env is not None:
        raise ConfigError("give the key password either as a file or as a variable, not both")
    if password_file is not None:
        path = Path(password_file)
        if not path.is_file():
            raise InputError(f"password file {path} does not exist or is not a file")
        _check_private_permissions(path)
        lines = path.read_bytes().splitlines()
        return lines[0] if lines else b""
    if env is not None:
        value = os.environ.get(env)
        if value is None:
            raise ConfigError(f"environment variable {env} (key password) is not set")
        return value.encode("utf-8")
    return None


def load_private_key(path: Path, *, password: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    """Load and check a PEM ECDSA private key (curve P-256, P-384 or P-521)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"private key {path} does not exist or is not a file")
    _check_private_permissions(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password)
    except TypeError as exc:
        raise ConfigError(
            f"private key {path}: {exc}; pass the key's password (or none if it has none)"
        ) from None
    except ValueError as exc:
        raise InputError(f"private key {path} is not a usable PEM key: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name not in {
        "secp256r1",
        "secp384r1",
        "secp521r1",
    }:
        raise InputError(
            f"private key {path} is not an ECDSA P-256/P-384/P-521 key, the only kind the "
            "model-signing format accepts; create one with `hauberk keygen`"
        )
    return key


def load_public_key(path: Path) -> ec.EllipticCurvePublicKey:
    """Load and check a PEM ECDSA public key (curve P-256, P-384 or P-521)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"public key {path} does not exist or is not a file")
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except ValueError as exc:
        raise InputError(f"public key {path} is not a usable PEM key: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name not in {
        "secp256r1",
        "secp384r1",
        "secp521r1",
    }:
        raise InputError(
            f"public key {path} is not an ECDSA P-256/P-384/P-521 key, the only kind the "
            "model-signing format accepts"
        )
    return key
