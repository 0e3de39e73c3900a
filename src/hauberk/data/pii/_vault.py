"""Reversible tokenisation: values swapped for tokens, the originals kept in an encrypted vault.

A token is ``[tok:TYPE:xxxxxxxxxxxxxxxxxxxxxxxxxx]``: an HMAC of the value under a subkey of the
vault key, so the same value gets the same token in every batch (joins survive) and a token
says nothing about its value. :meth:`Vault.detokenise` needs the key.

File format (version 1), written atomically with mode 0600::

    magic "HBVAULT" | version u8 = 1 | salt 32 bytes | nonce 12 bytes | AES-256-GCM(JSON)

The JSON body maps each token to its value. The file key is HKDF-SHA256 of the vault key with
the file's salt; the GCM tag (last 16 bytes) authenticates the header and the whole body, so a
changed, truncated, reordered or extended vault fails to open and nothing is returned. Every
save draws a fresh salt and nonce. One writer at a time: two processes saving the same vault
keep whichever renamed last.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import struct
from pathlib import Path

from hauberk.core import InputError, VerificationError, write_atomic
from hauberk.data.pii._detect import Entity, find
from hauberk.data.pii._keys import KEY_BYTES, subkey

MAGIC = b"HBVAULT"
VERSION = 1
SALT_BYTES = 32
NONCE_BYTES = 12
_HEADER = struct.Struct(f">{len(MAGIC)}sB{SALT_BYTES}s{NONCE_BYTES}s")
MAX_VAULT_BYTES = 1 << 30
TOKEN = re.compile(r"\[tok:([A-Z_]{1,32}):([a-z2-7]{26})\]")


class Vault:
    """Tokens in, values out: ``tokenise`` anywhere, ``detokenise`` only with the key.

    ``Vault(key)`` starts empty; ``Vault.open(path, key)`` reads and authenticates a saved one
    (a missing file gives an empty vault that :meth:`save` will create).
    """

    def __init__(self, key: bytes, *, path: Path | None = None) -> None:
        self._master = bytes(key)
        self._token_key = subkey(key, "token")
        self.path = path
        self._values: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._values)

    @classmethod
    def open(cls, path: Path, key: bytes, *, create: bool = True) -> Vault:
        path = Path(path)
        vault = cls(key, path=path)
        if not path.exists():
            if not create:
                raise InputError(f"vault {path} does not exist")
            return vault
        if path.stat().st_size > MAX_VAULT_BYTES:
            raise InputError(f"vault {path} is larger than {MAX_VAULT_BYTES} bytes; not a vault")
        raw = path.read_bytes()
        if not raw.startswith(MAGIC):
            raise InputError(f"{path} is not a hauberk token vault (no HBVAULT header)")
        if len(raw) < _HEADER.size + 16:
            raise VerificationError(f"vault {path} is truncated")
        _magic, version, salt, nonce = _HEADER.unpack(raw[: _HEADER.size])
        if version != VERSION:
            raise InputError(f"vault {path} has format version {version}; this reads {VERSION}")
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            body = AESGCM(vault._file_key(salt)).decrypt(
                nonce, raw[_HEADER.size :], raw[: _HEADER.size]
            )
        except InvalidTag:
            raise VerificationError(
                f"vault {path} failed authentication: wrong key, or the file was modified"
            ) from None
        values = json.loads(body)
        if not isinstance(values, dict):
            raise VerificationError(f"vault {path} holds no token table")
        vault._values = {str(k): str(v) for k, v in values.items()}
        return vault

    def _file_key(self, salt: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(
            algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"hauberk/pii/vault/v1"
        ).derive(self._master)

    def token_for(self, value: str, entity: str) -> str:
        """The token ``value`` gets (without storing it)."""
        if not re.fullmatch(r"[A-Z_]{1,32}", entity):
            raise ValueError(f"entity type {entity!r} must be upper-case letters and _")
        mac = hmac.new(
            self._token_key, entity.encode() + b"\x00" + value.encode("utf-8"), hashlib.sha256
        ).digest()
        return f"[tok:{entity}:{base64.b32encode(mac).decode('ascii').lower()[:26]}]"

    def tokenise(self, value: str, entity: str) -> str:
        """Store ``value`` and return its token."""
        token = self.token_for(value, entity)
        self._values[token] = value
        return token

    def apply(
        self, text: str, entities: list[Entity] | None = None, *, column: str | None = None
    ) -> str:
        """``text`` with each entity replaced by its token."""
        from hauberk.data.pii._pseudonym import _replace

        found = find(text, column=column) if entities is None else entities
        return _replace(text, found, lambda e: self.tokenise(e.text, e.type))

    def detokenise(self, token: str) -> str:
        """The value behind ``token``; ``KeyError`` if this vault never issued it."""
        try:
            return self._values[token]
        except KeyError:
            raise KeyError(f"token {token} is not in this vault") from None

    def detokenise_text(self, text: str) -> str:
        """``text`` with every token this vault issued replaced by its value."""
        return TOKEN.sub(lambda m: self._values.get(m.group(0), m.group(0)), text)

    def save(self, path: Path | None = None) -> Path:
        """Encrypt and write the vault atomically (mode 0600)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path: give save() one or open the vault from a file")
        salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
        header = _HEADER.pack(MAGIC, VERSION, salt, nonce)
        body = json.dumps(self._values, sort_keys=True, separators=(",", ":")).encode()
        sealed = AESGCM(self._file_key(salt)).encrypt(nonce, body, header)
        write_atomic(target, header + sealed, mode=0o600)
        self.path = target
        return target
