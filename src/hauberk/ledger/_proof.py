"""Inclusion and consistency proofs as values: JSON in and out, and self-verification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hauberk.core import InputError
from hauberk.ledger._merkle import HASH_SIZE, verify_consistency, verify_inclusion


def _hex(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise InputError(f"{what} must be a hex string")
    try:
        raw = bytes.fromhex(value)
    except ValueError as exc:
        raise InputError(f"{what} is not hex: {exc}") from exc
    if len(raw) != HASH_SIZE:
        raise InputError(f"{what} must be {HASH_SIZE} bytes, got {len(raw)}")
    return raw


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"proof field {key!r} must be a non-negative integer")
    return value


def _path(data: Mapping[str, Any]) -> tuple[bytes, ...]:
    path = data.get("path")
    if not isinstance(path, list) or len(path) > 64:
        raise InputError("proof field 'path' must be a list of at most 64 hex hashes")
    return tuple(_hex(p, "path element") for p in path)


@dataclass(frozen=True)
class InclusionProof:
    """Entry ``index`` (leaf hash ``leaf_hash``) is in the tree of ``size`` with ``root``."""

    index: int
    size: int
    leaf_hash: bytes
    path: tuple[bytes, ...]
    root: bytes

    def verify(self) -> None:
        """Raise :class:`~hauberk.core.VerificationError` unless the proof holds."""
        verify_inclusion(self.leaf_hash, self.index, self.size, self.path, self.root)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "size": self.size,
            "leaf_hash": self.leaf_hash.hex(),
            "path": [p.hex() for p in self.path],
            "root": self.root.hex(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InclusionProof:
        return cls(
            index=_int(data, "index"),
            size=_int(data, "size"),
            leaf_hash=_hex(data.get("leaf_hash"), "leaf_hash"),
            path=_path(data),
            root=_hex(data.get("root"), "root"),
        )


@dataclass(frozen=True)
class ConsistencyProof:
    """The tree of ``new_size`` (``new_root``) extends the tree of ``old_size`` (``old_root``)."""

    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    path: tuple[bytes, ...]

    def verify(self) -> None:
        verify_consistency(self.old_size, self.new_size, self.path, self.old_root, self.new_root)

    def to_json(self) -> dict[str, Any]:
        return {
            "old_size": self.old_size,
            "new_size": self.new_size,
            "old_root": self.old_root.hex(),
            "new_root": self.new_root.hex(),
            "path": [p.hex() for p in self.path],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConsistencyProof:
        return cls(
            old_size=_int(data, "old_size"),
            new_size=_int(data, "new_size"),
            old_root=_hex(data.get("old_root"), "old_root"),
            new_root=_hex(data.get("new_root"), "new_root"),
            path=_path(data),
        )
