"""Stage 10: the audit trail. Every decision becomes one entry in the tamper-evident ledger.

An entry (kind ``serve.request``, ``serve.admin`` or ``serve.alert``) holds the request id,
route, client address, outcome (``ok`` or the refusal code, plus the internal reason), HTTP
status, SHA-256 of the body, model version and row count; never the inputs themselves. The
ledger group-commits entries on its own thread (one transaction and fsync per batch), so the
request path only queues. With ``durable=True`` (the default) a response leaves only after
its record is committed; a record that cannot be committed turns the response into a 503.
Each entry is appended whole or not at all.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from typing import Any, Protocol

from hauberk.gateway._errors import GatewayError

log = logging.getLogger("hauberk.gateway")


class AuditSink(Protocol):
    """Where records go; ``submit`` returns a future that resolves once the record is durable."""

    def submit(self, kind: str, body: dict[str, Any], *, principal: str) -> Future[int]: ...

    def close(self) -> None: ...


class LedgerSink:
    """An :class:`AuditSink` on ``hauberk.ledger`` (SQLite path or ``postgresql://`` URL)."""

    def __init__(self, db: str, *, create: bool = True) -> None:
        from pathlib import Path

        from hauberk.ledger import open_ledger

        if "://" not in db:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.ledger = open_ledger(db, create=create) if create else open_ledger(db)

    def submit(self, kind: str, body: dict[str, Any], *, principal: str) -> Future[int]:
        from hauberk.ledger import Entry

        return self.ledger.submit(Entry.create(kind, body, principal=principal))

    def close(self) -> None:
        self.ledger.close()


def _log_failure(future: Future[int]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("audit record was not committed: %s", exc)


class AuditTrail:
    """Records one decision; awaits durability when ``durable`` is set."""

    def __init__(self, sink: AuditSink, *, durable: bool = True) -> None:
        self.sink = sink
        self.durable = durable

    async def record(self, kind: str, body: dict[str, Any], *, principal: str) -> None:
        try:
            future = self.sink.submit(kind, body, principal=principal)
        except Exception as exc:
            raise self._unavailable(exc) from None
        if not self.durable:
            future.add_done_callback(_log_failure)
            return
        try:
            await asyncio.wrap_future(future)
        except Exception as exc:
            raise self._unavailable(exc) from None

    @staticmethod
    def _unavailable(exc: BaseException) -> GatewayError:
        log.error("audit record was not committed: %s", exc)
        return GatewayError(
            "audit_unavailable",
            "the audit trail is unavailable; the request was not served",
            reason=f"audit: {type(exc).__name__}",
        )
