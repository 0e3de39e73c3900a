"""Running the app with uvicorn, with the settings a public-facing server needs.

``proxy_headers=False``: ``X-Forwarded-For`` is never trusted, so per-address limits key on
the real peer address and cannot be dodged by a header. No ``Server`` header, no access log
of bearer tokens (uvicorn's access log does not log headers; it is off anyway), keep-alive
and header-size limits bounded, no WebSocket protocol.
"""

from __future__ import annotations

import gc
import ipaddress
import logging
import socket
from typing import Any

log = logging.getLogger("hauberk.gateway")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_config(app: Any, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> Any:
    import uvicorn

    from hauberk.gateway._audit import audited_protocol

    return uvicorn.Config(
        app,
        http=audited_protocol(),  # the parser's own 400s reach the audit trail too
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        access_log=False,
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=2048,
        h11_max_incomplete_event_size=16 * 1024,
        lifespan="on",
        ws="none",
        workers=workers,
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
