"""Stage 10: the audit trail. Every request that reaches the application becomes exactly one
entry in the tamper-evident ledger.

An entry (kind ``serve.request`` or ``serve.admin``; extraction alerts add ``serve.alert``)
holds the request id, route, client address, whether a credential was presented and valid,
outcome (``ok`` or the refusal code), the internal reason, HTTP status, SHA-256 of the body,
model version and row count; never the inputs themselves. The principal of the entry is the
caller's whenever a valid credential was presented, whatever the outcome (a 403, a 429, a 413
or a 404 too), and ``anonymous`` otherwise.

Exactly one record per request is kept in one place, :class:`AuditMiddleware`, the outermost
ASGI layer: pipeline stages only annotate the request's :class:`AuditNote`, and the middleware
writes it when the response starts (routing 404/405/307, handled refusals, 500s after the
model ran) or, for a request that ends without a response (the client went away mid-body), when
the application returns. Requests the HTTP parser rejects below ASGI (uvicorn's plain-text 400)
are recorded by :func:`audited_protocol`, a subclass of uvicorn's protocol class; a protocol
class that answers other refusals itself (deadlines, header size) calls
:func:`record_protocol_refusal` where it answers. A streamed answer (the chat route's
``stream: true``) marks its note ``deferred``: its outcome is known only at the end, so the
route writes the record when the stream ends, before the final ``[DONE]`` (waiting for the
commit when the trail says so; a failed commit ends the stream with an error event instead),
and the middleware writes it when the stream stops early (the client left).

With ``[audit] key`` every record is a signed entry (:mod:`hauberk.ledger._signed`) by the
gateway's key, on behalf of the caller it names; a ledger with a role policy needs that (the
key's principal must hold ``deploy``), and the gateway refuses to start without it.

Durability: the ledger group-commits entries on its own thread (one transaction and fsync per
batch). With ``durable=True`` a response starts only after its record is committed. Off the
path (the default) the response goes out while the record is queued, but the backlog of
answered-but-uncommitted records is capped: once ``max_backlog`` records are uncommitted, or
the oldest uncommitted one is ``max_backlog_ms`` old, further responses wait for their own
commit (back-pressure). A crash therefore loses at most ``max_backlog`` acknowledged records,
all submitted within ``max_backlog_ms`` of each other. A record that cannot be committed turns
a waiting response into a 503, and after a failed commit every response waits until a commit
succeeds again (fail closed).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError

if TYPE_CHECKING:
    from hauberk.ledger import Signer

log = logging.getLogger("hauberk.gateway")

#: Where the request's :class:`AuditNote` lives in the ASGI scope.
NOTE_KEY = "hauberk.audit"
REFUSAL_KEY = "hauberk.protocol_refusal"  # set by the protocol before the note exists
MAX_TEXT = 200  # route, reason and other attacker-influenced text in a record

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


class AuditSink(Protocol):
    """Where records go; ``submit`` returns a future that resolves once the record is durable."""

    def submit(self, kind: str, body: dict[str, Any], *, principal: str) -> Future[int]: ...

    def close(self) -> None: ...


class LedgerSink:
    """An :class:`AuditSink` on ``hauberk.ledger`` (SQLite path or ``postgresql://`` URL)."""

    def __init__(self, db: str, *, create: bool = True, signer: Signer | None = None) -> None:
        from pathlib import Path

        from hauberk.ledger import open_ledger

        if "://" not in db:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.signer = signer
        self.ledger = open_ledger(db, create=create) if create else open_ledger(db)
        # A ledger with a role policy refuses unsigned records: refuse to start instead of
        # answering every request with a 503.
        problem = self.ledger.may_append(signer, "serve.request")
        if problem is not None:
            self.ledger.close()
            raise ConfigError(f"[audit] ledger {db}: {problem}; set [audit] key")

    def submit(self, kind: str, body: dict[str, Any], *, principal: str) -> Future[int]:
        if self.signer is not None:
            return self.ledger.submit_signed(self.signer, kind, body, principal=principal)
        from hauberk.ledger import Entry

        return self.ledger.submit(Entry.create(kind, body, principal=principal))

    def close(self) -> None:
        self.ledger.close()


class AuditTrail:
    """Records one decision: off the request path under a backlog cap, or awaiting durability.

    Off the path, a failed commit (disk full, database gone) switches the trail to waiting
    for durability, so from the next request on nothing is answered without its record: it
    fails closed (503) until a commit succeeds again. The record of a response already sent
    when the failure surfaced is lost, and logged.
    """

    def __init__(
        self,
        sink: AuditSink,
        *,
        durable: bool = False,
        max_backlog: int = 256,
        max_backlog_ms: float = 100.0,
    ) -> None:
        if not 1 <= max_backlog <= 100_000:
            raise ConfigError(f"max_backlog must be in [1, 100000] records, got {max_backlog}")
        if not 0 < max_backlog_ms <= 60_000:
            raise ConfigError(f"max_backlog_ms must be in (0, 60000], got {max_backlog_ms}")
        self.sink = sink
        self.durable = durable
        self.max_backlog = max_backlog
        self.max_backlog_s = max_backlog_ms / 1000.0
        self.degraded = False  # a commit failed and none has succeeded since
        self.waited = 0  # responses held back by the backlog cap
        # Uncommitted records in submission order (the ledger commits in that order).
        self._pending: deque[tuple[float, Future[int]]] = deque()

    def backlog(self) -> int:
        """Records submitted and not yet committed (or failed)."""
        self._prune()
        return len(self._pending)

    def _prune(self) -> None:
        pending = self._pending
        while pending and pending[0][1].done():
            pending.popleft()

    def _over_cap(self, future: Future[int]) -> bool:
        now = time.monotonic()
        self._prune()
        self._pending.append((now, future))
        pending = self._pending
        return len(pending) > self.max_backlog or now - pending[0][0] > self.max_backlog_s

    async def record(self, kind: str, body: dict[str, Any], *, principal: str) -> None:
        try:
            future = self.sink.submit(kind, body, principal=principal)
        except Exception as exc:
            self.degraded = True
            raise self._unavailable(exc) from None
        over = self._over_cap(future)
        if not (self.durable or self.degraded or over):
            future.add_done_callback(self._settled)
            return
        if over and not self.durable:
            self.waited += 1
        try:
            await asyncio.wrap_future(future)
        except Exception as exc:
            self.degraded = True
            raise self._unavailable(exc) from None
        self.degraded = False

    def record_nowait(self, kind: str, body: dict[str, Any], *, principal: str) -> None:
        """Queue a record of a request that got no response (nothing was acknowledged)."""
        try:
            future = self.sink.submit(kind, body, principal=principal)
        except Exception as exc:
            self.degraded = True
            log.error("audit record was not queued: %s", exc)
            return
        self._over_cap(future)
        future.add_done_callback(self._settled)

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


# -- one record per request ---------------------------------------------------------------------


@dataclass
class AuditNote:
    """What the stages learned about one request; written once as its audit record.

    ``fields`` holds the record's ``input_sha256``, ``model_version`` and ``rows``; the
    pipeline fills them as it goes, so a request that fails after the model ran still names
    the version and rows. ``credential`` is ``none``, ``valid`` or ``invalid`` once known.
    """

    request_id: str
    route: str
    client: str
    authorization: str | None = None
    kind: str = "serve.request"
    principal: str | None = None
    credential: str | None = None
    outcome: str | None = None
    reason: str | None = None
    fields: dict[str, Any] = field(
        default_factory=lambda: {"input_sha256": None, "model_version": None, "rows": 0}
    )
    body_complete: bool = False
    disconnected: bool = False
    protocol_refusal: tuple[str, int, str] | None = None  # code, status, reason
    settled: bool = False
    # A streamed answer: its outcome is known when the stream ends, so the record is written
    # then (by the route, or by the middleware if the stream stops early), not at the start.
    deferred: bool = False

    def refuse(self, outcome: str, reason: str | None = None, *, force: bool = False) -> None:
        """Set the outcome unless a stage closer to the request already did (or ``force``)."""
        if self.outcome is None or force:
            self.outcome, self.reason = outcome, reason


def note_of(scope: Scope) -> AuditNote:
    """The request's note; the audit middleware always puts one there."""
    note = scope.get(NOTE_KEY)
    if not isinstance(note, AuditNote):
        raise RuntimeError("the audit middleware is not installed: requests would go unrecorded")
    return note


def _outcome_of_status(status: int | None) -> str:
    if status is None:
        return "no_response"
    if status < 300:
        return "ok"
    if status < 400:
        return "redirect"
    return {404: "not_found", 405: "method_not_allowed", 503: "unavailable"}.get(
        status, "bad_request" if status < 500 else "internal"
    )


Identify = Callable[[str | None, bool], tuple[str | None, str]]


class AuditRecorder:
    """Builds notes and writes each exactly once to an :class:`AuditTrail`.

    ``identify(authorization_header, cheap)`` returns ``(principal id or None, "none" |
    "valid" | "invalid" | "unchecked")``; it names the caller of a request that was refused
    before authentication ran (routing, body limits, the address bucket; ``cheap`` for the
    latter: API keys only, no signature check). ``new_id`` makes request ids.
    """

    def __init__(self, trail: AuditTrail, *, identify: Identify, new_id: Callable[[], str]):
        self.trail = trail
        self.identify = identify
        self.new_id = new_id

    def note(self, scope: Scope) -> AuditNote:
        client = scope.get("client")
        authorization = None
        for name, value in scope.get("headers") or ():
            if name == b"authorization":
                authorization = value.decode("latin-1")
                break
        route = f"{scope.get('method', '?')} {scope.get('path', '')}"
        return AuditNote(
            request_id=self.new_id(),
            route=route[:MAX_TEXT],
            client=client[0] if client else "unknown",
            authorization=authorization,
            protocol_refusal=scope.get(REFUSAL_KEY),
        )

    def _entry(self, note: AuditNote, status: int | None) -> tuple[dict[str, Any], str]:
        if note.credential is None:
            cheap = note.outcome == "rate_limited"  # the address bucket: stay cheap
            note.principal, note.credential = self.identify(note.authorization, cheap)
        outcome, reason = note.outcome, note.reason
        if note.protocol_refusal is not None:
            outcome, status, reason = note.protocol_refusal
        elif note.disconnected and not note.body_complete:
            outcome, reason, status = (
                "client_disconnected",
                "the client closed the connection before the body was complete",
                None,
            )
        elif outcome is None or (outcome == "ok" and (status or 0) >= 400):
            # Nothing more specific was noted, or the answer failed after the work succeeded.
            outcome = _outcome_of_status(status)
            reason = None if outcome == "ok" else f"HTTP {status}"
        body = {
            "request_id": note.request_id,
            "route": note.route,
            "client": note.client,
            "credential": note.credential,
            **note.fields,
            "outcome": outcome,
            "reason": None if reason is None else reason[:MAX_TEXT],
            "status": status,
        }
        return body, note.principal or "anonymous"

    async def write(self, note: AuditNote, status: int | None) -> GatewayError | None:
        """Write ``note`` (once); the error if it could not be committed when it had to be."""
        if note.settled:
            return None
        note.settled = True
        body, principal = self._entry(note, status)
        try:
            await self.trail.record(note.kind, body, principal=principal)
        except GatewayError as exc:
            return exc
        return None

    def write_nowait(self, note: AuditNote, status: int | None) -> None:
        if note.settled:
            return
        note.settled = True
        body, principal = self._entry(note, status)
        self.trail.record_nowait(note.kind, body, principal=principal)

    def protocol_refusal(
        self, client: str, refusal: tuple[str, int, str], target: str | None
    ) -> None:
        """Record a request the HTTP layer refused before the application saw it."""
        code, status, reason = refusal
        note = AuditNote(
            request_id=self.new_id(),
            route=f"(unparsed) {target or ''}".strip()[:MAX_TEXT],
            client=client,
            credential="none",
            outcome=code,
            reason=reason,
        )
        self.write_nowait(note, status)


class AuditMiddleware:
    """The outermost ASGI layer: exactly one audit record for every HTTP request.

    The record is written when the response starts (awaiting the commit when the trail says
    so; if that commit fails the response becomes a 503 ``audit_unavailable``), or, for a
    request that ends without a response, when the application returns or raises.
    """

    def __init__(self, app: Asgi, recorder: AuditRecorder) -> None:
        self.app = app
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        recorder = self.recorder
        note = recorder.note(scope)
        scope[NOTE_KEY] = note
        replaced = False
        status: int | None = None

        async def receive_noted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                if not message.get("more_body", False):
                    note.body_complete = True
            elif message["type"] == "http.disconnect":
                note.disconnected = True
            return message

        async def send_noted(message: Message) -> None:
            nonlocal replaced, status
            if replaced:
                return
            if message["type"] == "http.response.start":
                status = int(message["status"])
                failure = None if note.deferred else await recorder.write(note, status)
                if failure is not None:
                    replaced = True
                    await _send_refusal(send, failure, note.request_id)
                    return
                headers = list(message.get("headers") or ())
                if not any(name == b"x-request-id" for name, _ in headers):
                    headers.append((b"x-request-id", note.request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive_noted, send_noted)
        except BaseException as exc:
            note.refuse("internal", f"unhandled {type(exc).__name__}", force=note.outcome == "ok")
            raise
        finally:
            recorder.write_nowait(note, status)


async def _send_refusal(send: Send, error: GatewayError, request_id: str) -> None:
    import json

    body = json.dumps(
        {"error": {"code": error.code, "message": error.message}, "request_id": request_id},
        separators=(",", ":"),
    ).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"cache-control", b"no-store"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-request-id", request_id.encode("ascii")),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


# -- below ASGI: the HTTP parser's own 400s -----------------------------------------------------


def audited_protocol(base: type[Any] | None = None) -> type[Any]:
    """uvicorn's HTTP protocol class (``base``, default the one uvicorn picks) with its
    parser-error 400 recorded in the audit trail of the application it serves.

    A parse error while the application handles the request (a broken chunked body) is
    recorded on that request's note instead, so the request still has exactly one record.
    """
    if base is None:
        from uvicorn.protocols.http.auto import AutoHTTPProtocol

        base = AutoHTTPProtocol

    class AuditedProtocol(base):  # type: ignore[misc, valid-type]
        def send_400_response(self, msg: str) -> None:
            record_protocol_refusal(self, "bad_request", f"http parser: {msg}", status=400)
            super().send_400_response(msg)

    AuditedProtocol.__name__ = AuditedProtocol.__qualname__ = f"Audited{base.__name__}"
    return AuditedProtocol


def record_protocol_refusal(protocol: Any, code: str, reason: str, *, status: int) -> None:
    """Record a refusal the HTTP protocol layer answers itself (a parser error, or a header or
    body deadline), from inside a uvicorn protocol object; never raises.

    If the application already has the request (the refusal comes mid-body), the request's own
    note carries the refusal, so it still has exactly one record; otherwise a record of its
    own is written, route ``(unparsed) <target read so far>``.
    """
    try:
        refusal = (code, status, reason[:MAX_TEXT])
        cycle = getattr(protocol, "cycle", None)
        if cycle is not None and not cycle.response_complete:
            note = cycle.scope.get(NOTE_KEY)
            if isinstance(note, AuditNote):
                note.protocol_refusal = refusal
            else:  # the application task has not started yet: the note will pick it up
                cycle.scope[REFUSAL_KEY] = refusal
            return
        recorder = getattr(getattr(protocol.app, "state", None), "audit", None)
        if not isinstance(recorder, AuditRecorder):
            return
        client = protocol.client[0] if getattr(protocol, "client", None) else "unknown"
        url = getattr(protocol, "url", None)
        target = url.decode("latin-1")[:MAX_TEXT] if isinstance(url, bytes | bytearray) else None
        recorder.protocol_refusal(client, refusal, target)
    except Exception:  # the refusal must go out whatever happens to its record
        log.exception("could not record a refusal of the HTTP layer")
