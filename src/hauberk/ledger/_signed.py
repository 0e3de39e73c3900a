"""Signed ledger entries: who wrote an entry, proven by an Ed25519 signature in its body.

The ledger proves an entry was not changed after it was appended; the signature says who wrote
it. An entry this module signs carries ``body["signature"]``::

    {"alg": "ed25519", "key_id": <16 hex>, "public_key": <base64 raw key>, "value": <base64>}

over the RFC 8785 canonical JSON of ``{"body": <body without the signature>, "kind",
"principal", "timestamp"}``. Keys are the Ed25519 PEM files that ``hauberk keygen --type
ed25519`` writes (the same keys that sign ledger checkpoints).

Incident records (:mod:`hauberk.monitor`), registry transitions (:mod:`hauberk.governance`),
signed gateway audit records and role policies (:mod:`hauberk.ledger._policy`) all use this one
format, so the ledger itself can check who may append what.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hauberk.ledger._entry import Entry
from hauberk.ledger._jcs import canonical_json


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The raw 32-byte form of an Ed25519 public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(raw_public_key(key)).hexdigest()[:16]


def signed_payload(kind: str, principal: str, timestamp: str, body: Mapping[str, Any]) -> bytes:
    """The bytes an entry signature covers (the body without its ``signature`` member)."""
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return canonical_json(
        {"body": unsigned, "kind": kind, "principal": principal, "timestamp": timestamp}
    )


class Signer:
    """Makes signed entries with one Ed25519 private key, for ``principal``."""

    def __init__(self, key: Ed25519PrivateKey, *, principal: str) -> None:
        self.key = key
        self.principal = principal
        self.public_raw = raw_public_key(key.public_key())
        self.key_id = key_id(key.public_key())
        self._public_b64 = base64.b64encode(self.public_raw).decode()

    def entry(self, kind: str, body: Mapping[str, Any], *, principal: str | None = None) -> Entry:
        """A signed entry; ``principal`` overrides the signer's (a gateway recording the
        caller of a request signs on the caller's behalf)."""
        who = self.principal if principal is None else principal
        stamp = _stamp()
        signature = self.key.sign(signed_payload(kind, who, stamp, body))
        signed = {
            **body,
            "signature": {
                "alg": "ed25519",
                "key_id": self.key_id,
                "public_key": self._public_b64,
                "value": base64.b64encode(signature).decode(),
            },
        }
        return Entry.create(kind, signed, principal=who, timestamp=stamp)


@dataclass(frozen=True)
class SignatureCheck:
    """Whether an entry's signature verified; ``raw`` is the signing key's raw bytes."""

    ok: bool
    key_id: str | None
    reason: str = ""
    raw: bytes | None = None


def check_signature(entry: Entry, trusted: Sequence[Ed25519PublicKey] = ()) -> SignatureCheck:
    """Whether ``entry`` carries a valid signature (by one of ``trusted``, when given)."""
    body = entry.body
    sig = body.get("signature") if isinstance(body, dict) else None
    if not isinstance(sig, dict) or sig.get("alg") != "ed25519":
        return SignatureCheck(False, None, "not signed")
    try:
        raw = base64.b64decode(str(sig["public_key"]), validate=True)
        value = base64.b64decode(str(sig["value"]), validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except (KeyError, ValueError) as exc:
        return SignatureCheck(False, None, f"malformed signature ({exc})")
    kid = key_id(public)
    if sig.get("key_id") != kid:
        return SignatureCheck(False, kid, "key id does not match the public key", raw)
    if trusted and all(raw_public_key(t) != raw for t in trusted):
        return SignatureCheck(False, kid, f"signed by key {kid}, which is not trusted", raw)
    try:
        public.verify(value, signed_payload(entry.kind, entry.principal, entry.timestamp, body))
    except InvalidSignature:
        return SignatureCheck(False, kid, "signature does not verify (entry changed?)", raw)
    return SignatureCheck(True, kid, "", raw)
