"""Signed checkpoints: C2SP ``tlog-checkpoint`` bodies in C2SP ``signed-note`` envelopes.

A checkpoint commits to a tree head::

    <origin>
    <tree size in decimal>
    <base64 root hash>
    [extension lines]

and a signed note appends a blank line and one line per signature,
``— <key name> <base64(key id || signature)>``. With Ed25519 the key id is the first four bytes
of ``SHA-256(<key name> || 0x0A || 0x01 || <32-byte public key>)`` and the signature covers the
checkpoint text including its final newline. The output is byte-compatible with Go's
``golang.org/x/mod/sumdb/note`` and the transparency-dev tooling (tested against the reference
example). Keys are the PEM files ``hauberk keygen`` writes: PKCS#8 private keys and
SubjectPublicKeyInfo public keys, Ed25519 only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.ledger._merkle import HASH_SIZE

EM_DASH = "\u2014"
ALG_ED25519 = 0x01
#: Notes larger than this are refused before parsing (untrusted input).
MAX_NOTE_BYTES = 1 << 16
MAX_SIGNATURES = 100
_DECIMAL = re.compile(r"^(0|[1-9][0-9]{0,19})$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
_MAX_KEY_FILE = 1 << 16


def check_key_name(name: str) -> str:
    """A signed-note key name: non-empty, no white space, no ``+``."""
    if not name or any(ch.isspace() or ch == "+" for ch in name) or len(name) > 256:
        raise InputError(
            f"key name {name!r} must be 1-256 characters without spaces or '+' "
            "(C2SP signed-note); the log origin, like example.com/log, is the usual choice"
        )
    return name


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def note_key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte signed-note key id of an Ed25519 key."""
    check_key_name(name)
    digest = hashlib.sha256(
        name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + _raw_public(public_key)
    ).digest()
    return digest[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The ``name+hexid+base64key`` verifier key string Go's note package and witnesses read."""
    key_id = note_key_id(name, public_key).hex()
    encoded = base64.b64encode(bytes([ALG_ED25519]) + _raw_public(public_key)).decode()
    return f"{name}+{key_id}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, Ed25519PublicKey]:
    """Parse a ``name+hexid+base64key`` verifier key; check its key id."""
    parts = vkey.strip().split("+", 2)  # the base64 key itself may contain '+'
    if len(parts) != 3:
        raise InputError("verifier key must look like name+1a2b3c4d+base64key")
    name, key_id, encoded = parts
    raw = _b64decode(encoded, "verifier key")
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise InputError("verifier key is not an Ed25519 key (type 0x01, 32 bytes)")
    public = Ed25519PublicKey.from_public_bytes(raw[1:])
    if note_key_id(name, public).hex() != key_id.lower():
        raise InputError(f"verifier key id {key_id} does not match its name and key")
    return name, public


def _b64decode(text: str, what: str) -> bytes:
    if not _BASE64.match(text) or len(text) % 4:
        raise InputError(f"{what} is not standard padded base64")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise InputError(f"{what} is not standard base64: {exc}") from exc


@dataclass(frozen=True)
class Checkpoint:
    """A tree head bound to its log: ``origin``, ``size`` and ``root`` (32 bytes)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin or self.origin != self.origin.strip():
            raise InputError(f"checkpoint origin {self.origin!r} must be one non-empty line")
        if self.size < 0:
            raise InputError(f"checkpoint size must be >= 0, got {self.size}")
        if len(self.root) != HASH_SIZE:
            raise InputError(f"checkpoint root must be {HASH_SIZE} bytes, got {len(self.root)}")
        for line in self.extensions:
            if not line or "\n" in line:
                raise InputError("checkpoint extension lines must be non-empty single lines")

    def text(self) -> str:
        """The checkpoint body, the exact bytes a signature covers."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "".join(line + "\n" for line in (*lines, *self.extensions))


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes


def sign_checkpoint(checkpoint: Checkpoint, key: Ed25519PrivateKey, *, name: str) -> str:
    """Return the signed note for ``checkpoint``, signed by ``key`` under the key ``name``."""
    check_key_name(name)
    body = checkpoint.text()
    signature = key.sign(body.encode("utf-8"))
    blob = note_key_id(name, key.public_key()) + signature
    return f"{body}\n{EM_DASH} {name} {base64.b64encode(blob).decode()}\n"


def parse_note(note: str | bytes) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text and its signature lines (C2SP signed-note rules)."""
    raw = note.encode("utf-8") if isinstance(note, str) else note
    if len(raw) > MAX_NOTE_BYTES:
        raise InputError(f"signed note is larger than {MAX_NOTE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("signed note is not UTF-8") from exc
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise InputError("signed note holds control characters other than newline")
    split = text.rfind("\n\n")
    if split < 0 or not text.endswith("\n"):
        raise InputError("signed note needs text, a blank line and signature lines")
    body, sig_block = text[: split + 1], text[split + 2 :]
    signatures: list[NoteSignature] = []
    for line in sig_block.splitlines():
        if not line.startswith(EM_DASH + " "):
            raise InputError(f"signature line must start with '{EM_DASH} ': {line[:60]!r}")
        fields = line[2:].split(" ")
        if len(fields) != 2:
            raise InputError(f"signature line must be '{EM_DASH} name base64': {line[:60]!r}")
        name, encoded = fields
        check_key_name(name)
        blob = _b64decode(encoded, "signature")
        if len(blob) < 5:
            raise InputError("signature is too short to hold a key id and a signature")
        signatures.append(NoteSignature(name, blob[:4], blob[4:]))
    if not signatures:
        raise InputError("signed note has no signature lines")
    if len(signatures) > MAX_SIGNATURES:
        raise InputError(f"signed note has more than {MAX_SIGNATURES} signatures")
    return body, signatures


def parse_checkpoint_text(body: str) -> Checkpoint:
    """Parse a checkpoint body (no signatures) with the C2SP rules."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise InputError("checkpoint needs an origin line, a size line and a root hash line")
    origin, size_text, root_text, *extensions = lines[:-1]
    if not _DECIMAL.match(size_text):
        raise InputError(f"checkpoint size {size_text!r} is not a decimal without leading zeros")
    root = _b64decode(root_text, "checkpoint root hash")
    return Checkpoint(origin=origin, size=int(size_text), root=root, extensions=tuple(extensions))


def verify_checkpoint(
    note: str | bytes, public_key: Ed25519PublicKey, *, name: str | None = None
) -> Checkpoint:
    """Return the checkpoint if a signature by ``public_key`` verifies; raise otherwise.

    ``name`` is the key name; it defaults to the checkpoint's origin.
    """
    body, signatures = parse_note(note)
    checkpoint = parse_checkpoint_text(body)
    key_name = name if name is not None else checkpoint.origin
    key_id = note_key_id(key_name, public_key)
    candidates = [s for s in signatures if s.name == key_name and s.key_id == key_id]
    if not candidates:
        raise VerificationError(
            f"checkpoint has no signature by key {key_name!r} ({key_id.hex()}); "
            "check that --key is the log's public key"
        )
    for sig in candidates:
        try:
            public_key.verify(sig.signature, body.encode("utf-8"))
        except InvalidSignature:
            continue
        return checkpoint
    raise VerificationError(
        f"checkpoint signature by {key_name!r} does not verify: the checkpoint was altered"
    )


def _read_key_file(path: Path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_KEY_FILE:
            raise InputError(f"{path} is too large to be a PEM key")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read key file {path}: {exc.strerror}") from exc


def read_pem_private_key(
    path: Path, key_type: type, wrong_type: str, *, password: bytes | None = None
) -> Any:
    """A PKCS#8 PEM private key of ``key_type``; ``wrong_type`` ends the message for another
    kind. A key file that group or others can read is refused (``hauberk keygen`` writes
    0600)."""
    data = _read_key_file(path)
    mode = Path(path).stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"private key {path} can be read by group or others (mode {stat.S_IMODE(mode):o}); "
            f"run `chmod 600 {path}` and retry"
        )
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{path} is not a PEM private key (or its password is wrong/missing): {exc}"
        ) from exc
    if not isinstance(key, key_type):
        raise InputError(f"{path} holds a {type(key).__name__}{wrong_type}")
    return key


def read_pem_public_key(
    path: Path,
    key_type: type,
    wrong_type: str,
    from_private: Callable[..., Any],
    *,
    password: bytes | None = None,
) -> Any:
    """A SubjectPublicKeyInfo PEM public key of ``key_type``, or the public half of the
    private key file ``from_private`` loads."""
    data = _read_key_file(path)
    if b"PRIVATE KEY" in data:
        return from_private(path, password=password).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise InputError(f"{path} is not a PEM public key: {exc}") from exc
    if not isinstance(key, key_type):
        raise InputError(f"{path} holds a {type(key).__name__}{wrong_type}")
    return key


def load_private_key(path: Path, *, password: bytes | None = None) -> Ed25519PrivateKey:
    """Load an Ed25519 PKCS#8 PEM private key (as written by ``hauberk keygen``)."""
    key: Ed25519PrivateKey = read_pem_private_key(
        path, Ed25519PrivateKey, "; checkpoints need Ed25519", password=password
    )
    return key


def load_public_key(path: Path, *, password: bytes | None = None) -> Ed25519PublicKey:
    """Load an Ed25519 public key from SubjectPublicKeyInfo PEM, or derive it from a private key."""
    key: Ed25519PublicKey = read_pem_public_key(
        path, Ed25519PublicKey, "; checkpoints need Ed25519", load_private_key, password=password
    )
    return key
