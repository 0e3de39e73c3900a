"""The API key store: a JSON file of key hashes, roles and rates. Keys themselves are never kept.

A key looks like ``hbk_<id>_<secret>``: ``id`` is 16 public hex digits that name the key in
listings, logs and the audit trail; ``secret`` is 32 random bytes (base64url). The store holds
SHA-256 of the whole key: with 256 bits of entropy a slow password hash adds nothing (the
same reasoning GitHub applies to its tokens). Lookups compare digests with
:func:`hmac.compare_digest`, also for an unknown id, so timing says nothing about the secret.

Writers (``hauberk keys`` and the admin revoke route) take an exclusive ``flock`` on
``STORE.lock`` and replace the file atomically; a running server notices the new file (inode,
size, mtime) on the next request and reloads it, so a revocation needs no restart.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hauberk.core import ConfigError, InputError, write_atomic

KEY_FORMAT = re.compile(r"^hbk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")
KEY_ID = re.compile(r"^[0-9a-f]{16}$")
ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# a bare number is per second, as users type it ("--rate 10")
# without spaces at its ends: "\s*" on both sides of an optional part backtracked as the square
# of a long run of spaces (6,000 characters: 0.5 s)
RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?")
MAX_RATE_CHARS = 64
PER = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0}
PER |= {"h": 3600.0, "hour": 3600.0}
STORE_VERSION = 1
MAX_STORE_BYTES = 16 << 20
log = logging.getLogger("hauberk.gateway")
_DUMMY = hashlib.sha256(b"hauberk: no such key").hexdigest()


def parse_rate(text: str) -> float:
    """``"10"``, ``"10/s"``, ``"600/m"`` or ``"1000/h"`` as requests per second."""
    match = RATE.fullmatch(text.strip()) if len(text) <= MAX_RATE_CHARS else None
    if match is None:
        raise InputError(f"rate {text[:MAX_RATE_CHARS]!r} must look like 10, 10/s, 600/m or 1000/h")
    value = float(match.group(1)) / PER[match.group(2) or "s"]
    if not 0 < value <= 1e6:
        raise InputError(f"rate {text!r} must be above 0 and at most 1000000/s")
    return value


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KeyRecord:
    """One key as stored: its public id, the hash of the key, role, rate, dates."""

    id: str
    sha256: str
    role: str
    rate: float | None
    created: str
    revoked: str | None = None

    @classmethod
    def from_json(cls, raw: Any) -> KeyRecord:
        if not isinstance(raw, dict):
            raise InputError("key store: each key must be an object")
        try:
            record = cls(
                id=str(raw["id"]),
                sha256=str(raw["sha256"]),
                role=str(raw["role"]),
                rate=None if raw.get("rate") is None else float(raw["rate"]),
                created=str(raw["created"]),
                revoked=None if raw.get("revoked") is None else str(raw["revoked"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"key store: a key entry is incomplete or malformed ({exc})") from None
        if not KEY_ID.match(record.id) or not re.fullmatch(r"[0-9a-f]{64}", record.sha256):
            raise InputError(f"key store: key {record.id!r:.40} has a malformed id or hash")
        if not ROLE.match(record.role):
            raise InputError(f"key store: key {record.id} has a malformed role")
        return record

    def public(self) -> dict[str, Any]:
        """Everything but the hash, for listings."""
        data = asdict(self)
        del data["sha256"]
        return data


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_records(path: Path) -> dict[str, KeyRecord]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return {}
    if size > MAX_STORE_BYTES:
        raise InputError(f"key store {path} is larger than {MAX_STORE_BYTES} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"key store {path} is not valid JSON: {exc}") from None
    except RecursionError:  # json nests without limit: a file of "[" overflows the stack
        raise InputError(f"key store {path} is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
        raise InputError(f"key store {path}: expected {{'version': {STORE_VERSION}, 'keys': []}}")
    keys = data.get("keys")
    if not isinstance(keys, list):
        raise InputError(f"key store {path}: 'keys' must be a list")
    records = [KeyRecord.from_json(k) for k in keys]
    return {r.id: r for r in records}


class KeyStore:
    """The key store file at ``path``; safe to share between CLI writers and server readers."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._records: dict[str, KeyRecord] = {}
        self.problem: str | None = None  # why the file on disk is not in force

    # -- writing (CLI, admin route) ------------------------------------------------------------

    @contextmanager
    def _exclusive(self) -> Iterator[dict[str, KeyRecord]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            records = _read_records(self.path)
            yield records
            body = {"version": STORE_VERSION, "keys": [asdict(r) for r in records.values()]}
            write_atomic(self.path, json.dumps(body, indent=2) + "\n", mode=0o600)
        finally:
            os.close(fd)

    def create(self, role: str, *, rate: float | None = None) -> tuple[KeyRecord, str]:
        """Add a key; return its record and the key itself (shown once, never stored)."""
        if not ROLE.match(role):
            raise InputError(f"role {role!r} must be lower-case letters, digits, '-' or '_'")
        if rate is not None and not 0 < rate <= 1e6:
            raise InputError(f"rate must be above 0 and at most 1000000/s, got {rate}")
        with self._exclusive() as records:
            key_id = secrets.token_hex(8)
            while key_id in records:
                key_id = secrets.token_hex(8)
            key = f"hbk_{key_id}_{secrets.token_urlsafe(32)}"
            record = KeyRecord(
                id=key_id, sha256=key_digest(key), role=role, rate=rate, created=_now()
            )
            records[key_id] = record
        return record, key

    def revoke(self, key_id: str) -> KeyRecord:
        """Mark ``key_id`` revoked (kept for the record); unknown ids are an input error."""
        if not KEY_ID.match(key_id):
            raise InputError(
                f"key id {key_id!r:.40} must be 16 hex digits (see `hauberk keys list`)"
            )
        with self._exclusive() as records:
            record = records.get(key_id)
            if record is None:
                raise InputError(f"no key with id {key_id} in {self.path}")
            if record.revoked is None:
                record = replace(record, revoked=_now())
                records[key_id] = record
        return record

    def list(self) -> list[KeyRecord]:
        return sorted(_read_records(self.path).values(), key=lambda r: (r.created, r.id))

    # -- reading (server) ----------------------------------------------------------------------

    def _fresh(self) -> dict[str, KeyRecord]:
        """The records, re-read only when the file's (inode, size, mtime) changes.

        A file that cannot be read or parsed (half written by an editor, say) keeps the
        records read before in force, is logged once, and makes :meth:`check` fail (so
        ``/readyz`` says so) until a good file replaces it. A missing file means no keys.
        """
        try:
            info = self.path.stat()
            stamp: tuple[int, int, int] | None = (info.st_ino, info.st_size, info.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._load(stamp)
        return self._records

    def _load(self, stamp: tuple[int, int, int] | None) -> None:
        try:
            self._records = _read_records(self.path) if stamp is not None else {}
            self.problem = None
        except (InputError, OSError) as exc:
            self.problem = str(exc)
            log.warning("%s; keeping the %d keys read before", exc, len(self._records))
        self._stamp = stamp

    def check(self) -> None:
        """Raise if the store is missing or unreadable (start-up and ``/readyz``).

        Cheap: one ``stat`` unless the file changed; ``/readyz`` calls it on every probe.
        """
        if not self.path.is_file():
            raise ConfigError(f"key store {self.path} does not exist; create a key first")
        self._fresh()
        if self.problem is not None:
            raise InputError(self.problem)

    def lookup(self, key: str) -> KeyRecord | None:
        """The live record for ``key``, or ``None`` (unknown, wrong secret or revoked)."""
        match = KEY_FORMAT.match(key)
        key_id = match.group(1) if match else ""
        record = self._fresh().get(key_id)
        presented = key_digest(key)
        stored = record.sha256 if record is not None else _DUMMY
        same = hmac.compare_digest(presented, stored)
        if record is None or not same or record.revoked is not None:
            return None
        return record
