"""Red team, issue 13 item 2: connection exhaustion.

uvicorn's httptools protocol applied no header or body timeout and ignored the header-size
bound (only h11 reads it): 2,100 silent connections from one address reached
``limit_concurrency`` and every legitimate request got a plain-text 503; a Content-Length
larger than the body sent waited forever; an 8 MB header was accepted. Now each connection
has a header and a body deadline, header size is bounded by the server's own protocol, and
one address may hold only ``max_connections_per_address`` connections: with a few hundred
silent connections open from 127.0.0.1 (more than the server-wide cap), a client on
127.0.0.2 is served at once. Everything here is bounded to a few seconds.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from pathlib import Path
from typing import Any

import httpx
from tests.gateway._support import bearer, config, live_server, make_keys

from hauberk.gateway import create_app
from hauberk.models import InputSpec, SklearnModel

LIMITS = {"header_timeout": 1.0, "body_timeout": 1.0, "max_connections": 128,
          "max_connections_per_address": 32}  # fmt: skip
GOOD = {"inputs": [[5.1, 3.5, 1.4, 0.2]]}


def _connect(port: int, source: str = "127.0.0.1") -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
    return s


def _answer(s: socket.socket, limit: float = 5.0) -> bytes:
    """What the server sends before it closes (b"" if it closes or resets without a word)."""
    s.settimeout(limit)
    data = b""
    with contextlib.suppress(OSError):
        while part := s.recv(65536):
            data += part
    return data


def _closed(s: socket.socket, limit: float) -> bool:
    """Whether the server closes ``s`` within ``limit`` seconds."""
    s.settimeout(limit)
    try:
        while s.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        pass
    return True


def _code(reply: bytes) -> str:
    return str(json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["code"])


def test_slow_and_silent_connections_cannot_starve_clients(tmp_path: Path, iris_model: Any) -> None:
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path, limits=LIMITS), model, keys=keys.store)
    with live_server(app) as live:
        port = int(live.url.rsplit(":", 1)[1])
        silent = [_connect(port) for _ in range(300)]  # > max_connections
        try:
            time.sleep(0.2)
            # A legitimate client elsewhere is served at once, on fresh connections.
            other = httpx.HTTPTransport(local_address="127.0.0.2")
            with httpx.Client(transport=other, timeout=5) as client:
                for _ in range(3):
                    start = time.perf_counter()
                    r = client.post(
                        live.url + "/v1/predict",
                        json=GOOD,
                        headers={**bearer(keys.predict), "connection": "close"},
                    )
                    assert r.status_code == 200 and time.perf_counter() - start < 1.0
            # The flooding address is at its cap: a further connection is refused at once.
            extra = _connect(port)
            reply = _answer(extra, 2.0)
            assert reply == b"" or _code(reply) == "too_many_connections"
            extra.close()
            # Silent connections are closed by the header deadline (1 s here).
            closed = [_closed(s, 3.0) for s in silent]
            assert all(closed), [i for i, c in enumerate(closed) if not c][:20]
        finally:
            for s in silent:
                s.close()

        # Slowloris: headers that never end are answered 408.
        with _connect(port) as s:
            s.sendall(b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nX-Slow: 1")
            start = time.perf_counter()
            reply = _answer(s)
            assert reply.startswith(b"HTTP/1.1 408") and _code(reply) == "request_timeout"
            assert time.perf_counter() - start < 3.0

        # A Content-Length larger than the body sent times out with 408.
        with _connect(port) as s:
            s.sendall(
                b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n" + json.dumps(GOOD).encode()
            )
            start = time.perf_counter()
            reply = _answer(s)
            assert reply.startswith(b"HTTP/1.1 408") and _code(reply) == "request_timeout"
            assert time.perf_counter() - start < 3.0

        # An 8 MB header is refused (431), never handed to the app.
        with _connect(port) as s:
            head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (8 << 20) + b"\r\n\r\n"
            with contextlib.suppress(OSError):
                s.sendall(head)
            reply = _answer(s)
            assert reply.startswith(b"HTTP/1.1 431"), reply[:100]
            assert _code(reply) == "headers_too_large"

        # And the server still answers.
        assert live.client.get(live.url + "/healthz").status_code == 200
