"""A ledger entry and its leaf bytes (RFC 8785 canonical JSON of the whole entry).

The leaf is ``{"body":...,"kind":...,"principal":...,"timestamp":...,"v":1}`` in JCS form, so
anyone can recompute a leaf hash from the four stored columns with any RFC 8785 library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hauberk.core import InputError
from hauberk.ledger._jcs import canonical_text, parse_json
from hauberk.ledger._merkle import leaf_hash

#: Entry kinds look like ``model.sign``, ``data.ingest``, ``serve.request``.
KIND = re.compile(r"^[a-z][a-z0-9_-]{0,31}(\.[a-z0-9][a-z0-9_-]{0,31}){0,3}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
#: Largest canonical body accepted, in bytes (size limit on untrusted input).
MAX_BODY_BYTES = 1 << 20
MAX_PRINCIPAL = 256
LEAF_VERSION = 1


def format_timestamp(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and ``Z``: ``2025-01-31T12:00:00.000000Z``."""
    if moment.tzinfo is None:
        raise InputError("timestamp must be timezone-aware; pass datetime.now(UTC)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class Entry:
    """One record in the ledger. ``body_json`` is the body's canonical JSON text.

    Build entries with :meth:`create`; the constructor checks every field so a row read back
    from a database is held to the same rules as a new one.
    """

    kind: str
    timestamp: str
    principal: str
    body_json: str

    def __post_init__(self) -> None:
        self._check_fields()
        try:
            datetime.strptime(self.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ")
        except ValueError as exc:
            raise InputError(f"entry timestamp {self.timestamp!r} is not a real date") from exc
        if canonical_text(parse_json(self.body_json)) != self.body_json:
            raise InputError("entry body is not RFC 8785 canonical JSON; build it with create()")

    def _check_fields(self) -> None:
        if not isinstance(self.kind, str) or not KIND.match(self.kind):
            raise InputError(
                f"entry kind {self.kind!r} must be dotted lower-case words like 'model.sign'"
            )
        if not isinstance(self.timestamp, str) or not TIMESTAMP.match(self.timestamp):
            raise InputError(
                f"entry timestamp {self.timestamp!r} must be RFC 3339 UTC with microseconds, "
                "like 2025-01-31T12:00:00.000000Z"
            )
        if (
            not isinstance(self.principal, str)
            or not 0 < len(self.principal) <= MAX_PRINCIPAL
            or any(ord(ch) < 0x20 or ch == "\x7f" for ch in self.principal)
        ):
            raise InputError(
                f"entry principal must be 1 to {MAX_PRINCIPAL} printable characters, "
                f"got {self.principal!r:.80}"
            )
        if not isinstance(self.body_json, str):
            raise InputError("entry body_json must be a str of canonical JSON")
        if len(self.body_json) > MAX_BODY_BYTES:
            raise InputError(f"entry body is larger than {MAX_BODY_BYTES} bytes; store a digest")

    @classmethod
    def create(
        cls,
        kind: str,
        body: Any,
        *,
        principal: str,
        timestamp: datetime | str | None = None,
    ) -> Entry:
        """An entry for ``body`` (any JSON value) stamped now unless ``timestamp`` is given."""
        if isinstance(timestamp, str):  # from outside: held to every rule, like a stored row
            return cls(kind=kind, timestamp=timestamp, principal=principal,
                       body_json=canonical_text(body))  # fmt: skip
        stamp = format_timestamp(timestamp or datetime.now(UTC))
        # The body text and the stamp were just made canonical here: skip re-parsing them (the
        # gateway's audit trail builds one entry per request).
        entry = object.__new__(cls)
        for name, value in (("kind", kind), ("timestamp", stamp), ("principal", principal),
                            ("body_json", canonical_text(body))):  # fmt: skip
            object.__setattr__(entry, name, value)
        entry._check_fields()
        return entry

    @property
    def body(self) -> Any:
        """The body as Python objects (a fresh copy each call)."""
        return parse_json(self.body_json)

    def leaf(self) -> bytes:
        """The leaf bytes: RFC 8785 canonical JSON of the whole entry."""
        # Members in JCS order (body, kind, principal, timestamp, v); body is already canonical.
        return (
            '{"body":'
            + self.body_json
            + ',"kind":'
            + canonical_text(self.kind)
            + ',"principal":'
            + canonical_text(self.principal)
            + ',"timestamp":'
            + canonical_text(self.timestamp)
            + f',"v":{LEAF_VERSION}}}'
        ).encode("utf-8")

    def leaf_hash(self) -> bytes:
        """``SHA-256(0x00 || leaf)``."""
        return leaf_hash(self.leaf())

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "timestamp": self.timestamp,
            "principal": self.principal,
            "body": self.body,
        }
