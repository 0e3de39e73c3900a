"""Encryption at rest: AES-256-GCM in fixed-size chunks with the STREAM construction.

Format (version 1). A 51-byte header, then one sealed chunk per ``chunk_size`` plaintext
bytes (the last one may be shorter, and an empty file still has one empty last chunk)::

    magic "HBENC" | version u8 = 1 | algorithm u8 = 1 | nonce scheme u8 = 1
    | chunk size u32 BE | salt 32 bytes | nonce prefix 7 bytes

- Algorithm 1: a per-file key ``HKDF-SHA256(master key, salt, "hauberk/encrypt/v1")``
  and AES-256-GCM. Fresh random salts mean nonces never repeat under one key, however many
  files the master key encrypts.
- Nonce scheme 1 is STREAM (Hoang, Reyhanitabar, Rogaway and Vizár, "Online
  Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015; the same
  layout as Tink's streaming AEAD): ``nonce = prefix(7) || chunk index u32 BE ||
  last-chunk flag u8``. Each chunk's associated data is the whole header, the chunk index
  (u64 BE) and the flag, so a changed header, a reordered, dropped, duplicated or appended
  chunk, and a stream cut at a chunk boundary all fail authentication.

Memory is two chunks whatever the file size. :func:`decrypt_file` writes to a temporary file
in the target folder and renames it into place only after the last chunk authenticated; on
any failure the temporary file is removed and nothing is left behind.
"""

from __future__ import annotations

import os
import secrets
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hauberk.core import ConfigError, InputError, VerificationError

MAGIC = b"HBENC"
FORMAT_VERSION = 1
ALGORITHM_AES256GCM_HKDF = 1
NONCE_SCHEME_STREAM = 1
TAG_BYTES = 16
SALT_BYTES = 32
PREFIX_BYTES = 7
MIN_CHUNK_SIZE = 64
MAX_CHUNK_SIZE = 64 * 1024 * 1024
DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_CHUNKS = 1 << 32
_HEADER = struct.Struct(f">{len(MAGIC)}sBBBI{SALT_BYTES}s{PREFIX_BYTES}s")
HEADER_BYTES = _HEADER.size
_INFO = b"hauberk/encrypt/v1"


@dataclass(frozen=True)
class Header:
    """The authenticated header of an encrypted file."""

    chunk_size: int
    salt: bytes
    prefix: bytes
    version: int = FORMAT_VERSION
    algorithm: int = ALGORITHM_AES256GCM_HKDF
    nonce_scheme: int = NONCE_SCHEME_STREAM

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC,
            self.version,
            self.algorithm,
            self.nonce_scheme,
            self.chunk_size,
            self.salt,
            self.prefix,
        )

    @classmethod
    def unpack(cls, raw: bytes) -> Header:
        if not raw.startswith(MAGIC):
            raise InputError("not a hauberk encrypted file (no HBENC header)")
        if len(raw) < HEADER_BYTES:
            raise VerificationError("encrypted file is truncated inside its header")
        _magic, version, algorithm, scheme, chunk_size, salt, prefix = _HEADER.unpack(raw)
        if version != FORMAT_VERSION:
            raise InputError(
                f"encrypted file format version {version} is not supported (this hauberk "
                f"reads version {FORMAT_VERSION}); upgrade hauberk"
            )
        if algorithm != ALGORITHM_AES256GCM_HKDF or scheme != NONCE_SCHEME_STREAM:
            raise InputError(
                f"unknown algorithm {algorithm} or nonce scheme {scheme} in encrypted header"
            )
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
            raise InputError(
                f"encrypted header claims a chunk size of {chunk_size} bytes, outside "
                f"{MIN_CHUNK_SIZE}..{MAX_CHUNK_SIZE}: the file is corrupt or not ours"
            )
        return cls(chunk_size=chunk_size, salt=salt, prefix=prefix)


def _check_chunk_size(chunk_size: int) -> None:
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ConfigError(
            f"chunk_size must be between {MIN_CHUNK_SIZE} and {MAX_CHUNK_SIZE} bytes, "
            f"got {chunk_size}"
        )


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != 32:
        raise ConfigError("the encryption key must be exactly 32 bytes (AES-256)")


class _Sealer:
    """Seals or opens chunk ``index`` of a stream under one header."""

    def __init__(self, key: bytes, header: Header) -> None:
        file_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=header.salt, info=_INFO).derive(
            bytes(key)
        )
        self._aead = AESGCM(file_key)
        self._header = header.pack()
        self._prefix = header.prefix

    def _nonce_aad(self, index: int, last: bool) -> tuple[bytes, bytes]:
        if index >= MAX_CHUNKS:
            raise InputError(f"stream has more than {MAX_CHUNKS} chunks; use a larger chunk size")
        flag = b"\x01" if last else b"\x00"
        nonce = self._prefix + struct.pack(">I", index) + flag
        return nonce, self._header + struct.pack(">Q", index) + flag

    def seal(self, index: int, last: bool, plaintext: bytes) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        return self._aead.encrypt(nonce, plaintext, aad)

    def open(self, index: int, last: bool, sealed: bytes) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        try:
            return self._aead.decrypt(nonce, sealed, aad)
        except InvalidTag:
            where = "last chunk" if last else "chunk"
            raise VerificationError(
                f"{where} {index} failed authentication: wrong key, or the encrypted file "
                "was modified, truncated, reordered or extended; nothing was written"
            ) from None


def _read_exact(src: BinaryIO, size: int) -> bytes:
    """Read up to ``size`` bytes, looping over short reads; fewer only at end of stream."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        data = src.read(remaining)
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


def encrypt_stream(
    src: BinaryIO, dst: BinaryIO, key: bytes, *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> int:
    """Encrypt everything readable from ``src`` into ``dst``. Returns plaintext bytes read."""
    _check_key(key)
    _check_chunk_size(chunk_size)
    header = Header(
        chunk_size=chunk_size,
        salt=secrets.token_bytes(SALT_BYTES),
        prefix=secrets.token_bytes(PREFIX_BYTES),
    )
    sealer = _Sealer(key, header)
    dst.write(header.pack())
    total, index = 0, 0
    current = _read_exact(src, chunk_size)
    while True:
        following = _read_exact(src, chunk_size) if len(current) == chunk_size else b""
        last = not following
        dst.write(sealer.seal(index, last, current))
        total += len(current)
        if last:
            return total
        current, index = following, index + 1


def decrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes) -> int:
    """Decrypt ``src`` into ``dst``; returns plaintext bytes written.

    Chunks are written as they authenticate, so if this raises, ``dst`` holds a verified
    prefix only: use :func:`decrypt_file` to get all-or-nothing output.
    """
    _check_key(key)
    header = Header.unpack(_read_exact(src, HEADER_BYTES))
    sealer = _Sealer(key, header)
    sealed_size = header.chunk_size + TAG_BYTES
    total, index = 0, 0
    current = _read_exact(src, sealed_size)
    while True:
        following = _read_exact(src, sealed_size) if len(current) == sealed_size else b""
        last = not following
        if len(current) < TAG_BYTES:
            raise VerificationError(
                f"encrypted stream is truncated at chunk {index}; nothing was written"
            )
        plaintext = sealer.open(index, last, current)
        dst.write(plaintext)
        total += len(plaintext)
        if last:
            return total
        current, index = following, index + 1


def _atomic_stream(
    src: Path, dst: Path, work: Callable[[BinaryIO, BinaryIO], int], *, force: bool
) -> int:
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise InputError(f"{src} does not exist or is not a file")
    if dst.exists() and dst.resolve() == src.resolve():
        raise ConfigError("input and output are the same file; write to another path")
    if dst.exists() and not force:
        raise ConfigError(f"{dst} already exists; choose another output or pass --force")
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            count = work(inp, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def encrypt_file(
    src: Path,
    dst: Path,
    key: bytes,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    force: bool = False,
) -> int:
    """Encrypt file ``src`` to ``dst`` (written atomically, mode 0600). Returns its size."""
    _check_key(key)
    _check_chunk_size(chunk_size)
    return _atomic_stream(
        src,
        dst,
        lambda inp, out: encrypt_stream(inp, out, key, chunk_size=chunk_size),
        force=force,
    )


def decrypt_file(src: Path, dst: Path, key: bytes, *, force: bool = False) -> int:
    """Decrypt ``src`` to ``dst``: all or nothing. Raises :class:`VerificationError` on any
    tampering or a wrong key, leaving no output behind. Returns the plaintext size."""
    _check_key(key)
    return _atomic_stream(src, dst, lambda inp, out: decrypt_stream(inp, out, key), force=force)


def decrypt_bytes(data: bytes, key: bytes) -> bytes:
    """Decrypt a whole encrypted blob held in memory (for small artifacts and tests)."""
    import io

    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, key)
    return out.getvalue()


def encrypt_bytes(data: bytes, key: bytes, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> bytes:
    """Encrypt bytes held in memory into the chunked format."""
    import io

    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key, chunk_size=chunk_size)
    return out.getvalue()
