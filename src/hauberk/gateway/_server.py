"""Running the app with uvicorn, with the settings a public-facing server needs.

``proxy_headers=False``: ``X-Forwarded-For`` is never trusted, so per-address limits key on
the real peer address and cannot be dodged by a header. No ``Server`` header, no access log
of bearer tokens (uvicorn's access log does not log headers; it is off anyway), keep-alive
bounded, no WebSocket protocol.

uvicorn's httptools protocol applies no header or body timeout and ignores the header-size
bound (only its h11 protocol reads ``h11_max_incomplete_event_size``), so the server runs
:class:`GuardedHttpToolsProtocol`, which adds, per connection and whatever the parser:

- a cap on open connections per client address (IPv4 address or IPv6 /64), checked when the
  connection is accepted: silent or slow connections from one address cannot use up the
  server-wide ``limit_concurrency`` that legitimate clients need;
- a header deadline (``header_timeout``) from the connection, or from the first byte of a
  later request on it, to the end of its headers: a silent connection is closed, a slowloris
  answered 408;
- a body deadline (``body_timeout``) from the end of the headers to the last body byte: a
  ``Content-Length`` larger than the body sent is answered 408;
- a header-size bound (``max_header_bytes``) on the request line and headers, counted exactly
  from the parser's callbacks and, while the headers are incomplete, from the raw bytes, so an
  endless header is refused (431) after at most one read beyond the bound;
- an answer sent before the request body was read (a 413, or any early refusal) leaves the
  connection usable: the rest of the body is skipped as it arrives, up to ``LINGER_BYTES``
  and within the body deadline. When the connection is to close after the answer
  (``Connection: close``), it closes lingering, as nginx and Apache do: the server shuts down
  its sending side and reads and discards what the client still sends, for at most
  ``LINGER_SECONDS`` and ``LINGER_BYTES``. Without it a client that writes its whole body
  before reading (Python's urllib) gets a connection reset instead of the 413.

Every refusal written here has the gateway's ``{"error": {"code", "message"}}`` shape and
``Connection: close``.
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import json
import logging
import socket
from collections import Counter
from typing import Any, cast

from hauberk.gateway._config import LimitsConfig, TlsConfig
from hauberk.gateway._errors import ERROR_STATUS
from hauberk.gateway._ratelimit import client_address
from hauberk.gateway._tls import peer_certificate, uvicorn_ssl_options

log = logging.getLogger("hauberk.gateway")

LINGER_SECONDS = 2.0
LINGER_BYTES = 64 << 20
_PHRASES = {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large",
            503: "Service Unavailable"}  # fmt: skip


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal(code: str, message: str) -> bytes:
    """A complete HTTP/1.1 response in the gateway's error shape, closing the connection."""
    status = ERROR_STATUS[code]
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {_PHRASES.get(status, '')}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "cache-control: no-store\r\nx-content-type-options: nosniff\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class ConnectionGuard:
    """Limits shared by the connections of one server (all on its event loop thread)."""

    def __init__(self, limits: LimitsConfig) -> None:
        self.limits = limits
        self.open: Counter[str] = Counter()
        self.refused = 0

    def admit(self, address: str) -> bool:
        if self.open[address] >= self.limits.max_connections_per_address:
            self.refused += 1
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


def _protocol_class(guard: ConnectionGuard) -> type[Any]:
    """uvicorn's httptools protocol with the guards above (imported lazily, like uvicorn)."""
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from hauberk.gateway._audit import audited_protocol, record_protocol_refusal

    class _Lingering:
        """The connection's transport, whose ``close`` lingers while a request body is due."""

        def __init__(self, real: asyncio.Transport, protocol: Guarded) -> None:
            self._real = real
            self._protocol = protocol

        def __getattr__(self, name: str) -> Any:
            return getattr(self._real, name)

        def write(self, data: bytes | bytearray | memoryview) -> None:  # the hot path
            self._real.write(data)

        def is_closing(self) -> bool:
            return self._protocol.lingering or self._real.is_closing()

        def close(self) -> None:
            p = self._protocol
            if p.lingering or self._real.is_closing():
                return
            if p.cycle is not None and p.cycle.more_body and p.cycle.response_complete:
                p.linger()
            else:
                self._real.close()

    # the parser's own 400s reach the audit trail too
    class Guarded(audited_protocol(HttpToolsProtocol)):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.address: str | None = None  # counted against the cap while open
            self.real: asyncio.Transport | None = None
            self.deadline: asyncio.TimerHandle | None = None
            self.in_message = False  # between a message's first byte and its end
            self.in_head = True  # between a message's first byte (or the connect) and headers
            self.head_seen = 0  # raw bytes received while in_head
            self.head_size = 0  # exact size of the request line and headers so far
            self.lingering = False  # closing: reading only to discard, for a while
            self.discarding = False  # keeping the connection: skipping an unread body
            self.linger_left = 0
            self.refused = False
            self.peer_cert: dict[str, Any] | None = None  # verified client certificate (mTLS)

        # -- connection ---------------------------------------------------------------------

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            self.real = transport
            self.peer_cert = peer_certificate(transport)
            self.transport = cast(asyncio.Transport, _Lingering(transport, self))
            host = self.client[0] if self.client else "unknown"
            address = client_address(host)
            if not guard.admit(address):
                self.refuse("too_many_connections", "too many open connections from this address")
                return
            self.address = address
            self.arm(guard.limits.header_timeout, self.head_expired)

        def connection_lost(self, exc: Exception | None) -> None:
            self.disarm()
            if self.address is not None:
                guard.release(self.address)
                self.address = None
            super().connection_lost(exc)

        def arm(self, seconds: float, callback: Any) -> None:
            self.disarm()
            self.deadline = self.loop.call_later(seconds, callback)

        def disarm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

        def refuse(self, code: str, message: str) -> None:
            """Answer ``code`` now (unless the app already answered) and close."""
            self.disarm()
            real = self.real
            if real is None or real.is_closing() or self.refused:
                return
            self.refused = True
            if self.address is not None:  # a connection over the cap is not worth a record
                record_protocol_refusal(self, code, message, status=ERROR_STATUS[code])
            cycle = self.cycle  # the previous request's once it is answered
            if cycle is None or cycle.response_complete or not cycle.response_started:
                real.write(refusal(code, message))
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True  # the app sees http.disconnect and sends nothing
                cycle.message_event.set()
            if self.address is None:
                real.close()  # over the per-address cap: spend nothing more on it
            else:
                self.linger()  # so that a client still sending can read the answer

        def linger(self) -> None:
            assert self.real is not None
            if self.lingering:
                return
            self.lingering = True
            self.linger_left = LINGER_BYTES
            self.arm(LINGER_SECONDS, self.real.close)
            if self.real.can_write_eof():
                self.real.write_eof()
            self.flow.resume_reading()

        def eof_received(self) -> None:
            if self.lingering and self.real is not None:
                self.real.close()

        # -- deadlines ----------------------------------------------------------------------

        def head_expired(self) -> None:
            self.deadline = None
            if self.head_seen == 0 and (self.cycle is None or self.cycle.response_complete):
                if self.real is not None:
                    self.real.close()  # silent: nothing to answer
                return
            self.refuse("request_timeout", "the request headers took too long")

        def body_expired(self) -> None:
            self.deadline = None
            self.refuse("request_timeout", "the request body took too long")

        # -- parsing ------------------------------------------------------------------------

        def data_received(self, data: bytes) -> None:
            if self.lingering:
                self.linger_left -= len(data)
                if self.linger_left < 0 and self.real is not None:
                    self.real.close()
                return
            if self.refused:
                return
            if self.in_head:
                self.head_seen += len(data)
            elif self.discarding:
                self.linger_left -= len(data)
                if self.linger_left < 0 and self.real is not None:
                    self.real.close()  # answered already; enough skipping
                    return
            super().data_received(data)
            if self.in_head and self.head_seen > guard.limits.max_header_bytes:
                self.refuse("headers_too_large", "the request headers are too large")
            elif self.in_message and self.deadline is None and not self.refused:
                # Armed after the read, not in the callbacks: a request that arrives whole in
                # one read (the common case) costs no timer at all.
                if self.in_head:
                    self.arm(guard.limits.header_timeout, self.head_expired)
                else:
                    self.arm(guard.limits.body_timeout, self.body_expired)

        def send_400_response(self, msg: str) -> None:
            self.refuse("bad_request", "the request is malformed")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self.peer_cert is not None:
                self.scope["extensions"] = {"tls": {"client_cert": self.peer_cert}}
            self.in_message = True
            self.in_head = True
            self.head_size = 0

        def grow(self, size: int) -> None:
            self.head_size += size
            if self.head_size > guard.limits.max_header_bytes:
                self.refuse("headers_too_large", "the request headers are too large")
                raise httptools.HttpParserError("headers too large")  # stops the parser

        def on_url(self, url: bytes) -> None:
            self.grow(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self.grow(len(name) + len(value) + 4)
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self.in_head = False
            self.head_seen = 0
            self.disarm()
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self.disarm()
            self.discarding = False
            self.in_message = False
            self.in_head = True  # what comes next is the next request's head
            self.head_seen = 0
            super().on_message_complete()

        def on_response_complete(self) -> None:
            cycle = self.cycle
            if cycle is not None and cycle.more_body and not self.transport.is_closing():
                # Answered before the body was read, and the connection stays open: the rest
                # of the body is discarded as it arrives (the parser skips it), up to
                # LINGER_BYTES and within the body deadline.
                self.discarding = True
                self.linger_left = LINGER_BYTES
            super().on_response_complete()

    return Guarded


def server_config(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    limits: LimitsConfig | None = None,
    tls: TlsConfig | None = None,
) -> Any:
    """uvicorn settings; ``limits`` and ``tls`` default to those of the app's gateway config."""
    import uvicorn

    gateway = getattr(getattr(app, "state", None), "gateway", None)
    if limits is None:
        limits = gateway.config.limits if gateway is not None else LimitsConfig()
    ssl_options: dict[str, Any] = {}
    if tls is None and gateway is not None:
        tls = gateway.config.tls
    if tls is not None:
        resolve = gateway.config.resolve if gateway is not None else (lambda p: p)
        ssl_options = uvicorn_ssl_options(tls, resolve)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=_protocol_class(ConnectionGuard(limits)),
        proxy_headers=False,
        server_header=False,
        access_log=False,
        log_level="warning",
        timeout_keep_alive=limits.idle_timeout,
        limit_concurrency=limits.max_connections,
        h11_max_incomplete_event_size=limits.max_header_bytes,
        lifespan="on",
        ws="none",
        workers=workers,
        **ssl_options,
    )


def serve(
    app: Any, *, host: str = "127.0.0.1", port: int = 8000, sock: socket.socket | None = None
) -> None:
    """Serve until interrupted; binds loopback unless told otherwise."""
    import uvicorn

    if not is_loopback(host):
        log.warning("binding %s: the gateway is reachable from other machines", host)
    server = uvicorn.Server(server_config(app, host=host, port=port))
    # Everything built so far (modules, model, app) lives as long as the server: keep it out
    # of the collector's full passes, which otherwise stall requests by tens of milliseconds
    # (the p99 in bench/gateway.py).
    gc.collect()
    gc.freeze()
    server.run(sockets=[sock] if sock is not None else None)
