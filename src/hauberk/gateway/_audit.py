"""Stage 10: the audit trail. Every decision becomes one entry in the tamper-evident ledger.

An entry (kind ``serve.request``, ``serve.admin`` or ``serve.alert``) holds the request id,
route, client address, outcome (``ok`` or the refusal code, plus the internal reason), HTTP
status, SHA-256 of the body, model version and row count; never the inputs themselves. The
ledger group-commits entries on its own thread (one transaction and fsync per batch), so the
request path only queues (the default). With ``durable=True`` a response leaves only after
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


class AuditTrail:
    """Records one decision: off the request path, or awaiting durability when ``durable``.

    Off the path, a failed commit (disk full, database gone) switches the trail to waiting
    for durability, so from the next request on nothing is answered without its record: it
    fails closed (503) until a commit succeeds again. The record of a response already sent
    when the failure surfaced is lost, and logged.
    """

    def __init__(self, sink: AuditSink, *, durable: bool = False) -> None:
        self.sink = sink
        self.durable = durable
        self.degraded = False  # a commit failed and none has succeeded since

    async def record(self, kind: str, body: dict[str, Any], *, principal: str) -> None:
        try:
            future = self.sink.submit(kind, body, principal=principal)
        except Exception as exc:
            self.degraded = True
            raise self._unavailable(exc) from None
        if not (self.durable or self.degraded):
            future.add_done_callback(self._settled)
            return
        try:
            await asyncio.wrap_future(future)
        except Exception as exc:
            self.degraded = True
            raise self._unavailable(exc) from None
        self.degraded = False

    def _settled(self, future: Future[int]) -> None:
        exc = future.exception()
        if exc is not None:
            self.degraded = True
            log.error("audit record was not committed (response already sent): %s", exc)

    @staticmethod
    def _unavailable(exc: BaseException) -> GatewayError:
        log.error("audit record was not committed: %s", exc)
        return GatewayError(
            "audit_unavailable",
            "the audit trail is unavailable; the request was not served",
            reason=f"audit: {type(exc).__name__}",
        )
