"""The one secret behind pseudonyms and the token vault: 32 bytes in a private key file.

Same file format as ``hauberk keygen --type aes256`` writes (64 hex digits, base64 of 32
bytes, or 32 raw bytes), so one key file serves both. Purpose-bound subkeys come from
HKDF-SHA256 so the pseudonym key, the token key and the vault's encryption key never coincide.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import stat
from pathlib import Path

from hauberk.core import ConfigError, InputError, write_atomic

KEY_BYTES = 32
MAX_KEY_FILE = 4096


def parse_key(raw: bytes, *, source: str) -> bytes:
    if len(raw) == KEY_BYTES:
        return bytes(raw)
    text = raw.strip()
    for decode in (binascii.unhexlify, lambda t: base64.b64decode(t, validate=True)):
        with contextlib.suppress(binascii.Error, ValueError):
            key = decode(text)
            if len(key) == KEY_BYTES:
                return key
    raise ConfigError(
        f"{source} does not hold a 256-bit key: expected 64 hex digits, base64 of 32 bytes or "
        "32 raw bytes; create one with `hauberk keygen NAME --type aes256` (writes NAME.aes)"
    )


def load_key(path: Path) -> bytes:
    """Read a 32-byte key from ``path``; a file readable by group or others is refused."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"key file {path} does not exist or is not a file")
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"key file {path} can be read by group or others (mode {stat.S_IMODE(mode):o}); "
            f"run `chmod 600 {path}` and retry"
        )
    if path.stat().st_size > MAX_KEY_FILE:
        raise ConfigError(f"{path} is too large to be a key file")
    return parse_key(path.read_bytes(), source=f"key file {path}")


def new_key_file(path: Path) -> None:
    """Write a fresh random key as 64 hex digits, mode 0600 (refuses to overwrite)."""
    path = Path(path)
    if path.exists():
        raise ConfigError(f"{path} exists; refusing to overwrite a key")
    write_atomic(path, secrets.token_hex(KEY_BYTES) + "\n", mode=0o600)


def subkey(key: bytes, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ConfigError(f"the key must be exactly {KEY_BYTES} bytes")
    info = f"hauberk/pii/{purpose}/v1".encode()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(
        bytes(key)
    )
