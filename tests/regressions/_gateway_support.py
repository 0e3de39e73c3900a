"""Shared by the gateway audit red-team regressions: raw sockets and reading the ledger back."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from hauberk.ledger import Entry, open_ledger
from hauberk.models import InputSpec, SklearnModel

REQUEST_KINDS = {"serve.request", "serve.admin"}


def unbounded(iris_model: Any) -> SklearnModel:
    """Iris without input bounds: a huge finite input reaches the model and its outputs overflow."""
    return SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))


def raw(url: str, data: bytes, *, close_after_send: bool = False, timeout: float = 5.0) -> bytes:
    """Send ``data`` on a fresh connection; read until the server closes (or just close)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(data)
        if close_after_send:
            return b""
        out = b""
        while True:
            try:
                part = s.recv(65536)
            except TimeoutError:
                break
            if not part:
                break
            out += part
        return out


def request_records(db: Path) -> list[Entry]:
    """Every per-request record in the audit ledger (alerts left out), verified first."""
    with open_ledger(db, read_only=True) as ledger:
        assert ledger.verify().ok
        entries = [ledger.entry(i) for i in range(ledger.head().size)]
    return [e for e in entries if e.kind in REQUEST_KINDS]


def by_id(entries: list[Entry]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for e in entries:
        body: Any = e.body
        assert body["request_id"] not in out, f"two records for {body['request_id']}"
        out[body["request_id"]] = e
    return out
