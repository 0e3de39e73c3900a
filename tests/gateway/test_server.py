"""The gateway's HTTP protocol (``_server``): deadlines on later requests of a connection,
skipping an unread body, and refusals in the gateway's error shape."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hauberk.gateway import create_app
from hauberk.models import SklearnModel

from ._support import Live, config, live_server, make_keys


@pytest.fixture
def fast(tmp_path: Path, iris_clf: SklearnModel) -> Iterator[Live]:
    cfg = config(tmp_path, limits={"header_timeout": 0.5, "body_timeout": 0.5, "idle_timeout": 5})
    with live_server(create_app(cfg, iris_clf, keys=make_keys(tmp_path).store)) as live:
        yield live


def _connect(live: Live) -> socket.socket:
    port = int(live.url.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=3)


def _response(s: socket.socket) -> tuple[int, dict[str, Any] | None]:
    """One response read off ``s`` (status, JSON body or None)."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = s.recv(65536)
        if not part:
            raise ConnectionError("closed")
        data += part
    head, rest = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length")))  # fmt: skip
    while len(rest) < length:
        rest += s.recv(65536)
    body = json.loads(rest[:length]) if head.lower().find(b"application/json") > 0 else None
    return int(head.split(b" ")[1]), body


HEALTH = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"


def test_a_later_request_on_a_connection_has_its_own_header_deadline(fast: Live) -> None:
    with _connect(fast) as s:
        s.sendall(HEALTH)
        assert _response(s)[0] == 200
        s.sendall(b"GET /healthz HTTP/1.1\r\nHo")  # and nothing more
        start = time.perf_counter()
        status, body = _response(s)
        assert status == 408 and body is not None and body["error"]["code"] == "request_timeout"
        assert time.perf_counter() - start < 2.0


def test_an_unread_body_is_skipped_and_the_connection_stays_usable(fast: Live) -> None:
    size = 2 << 20  # over max_body_bytes: refused on the declared length, before reading
    with _connect(fast) as s:
        s.sendall(b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % size)  # fmt: skip
        status, body = _response(s)
        assert status == 413 and body is not None and body["error"]["code"] == "body_too_large"
        s.sendall(b" " * size + HEALTH)
        assert _response(s)[0] == 200


def test_parser_errors_are_answered_in_the_error_shape(fast: Live) -> None:
    with _connect(fast) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
        status, body = _response(s)
        assert status == 400 and body == {
            "error": {"code": "bad_request", "message": "the request is malformed"}
        }
