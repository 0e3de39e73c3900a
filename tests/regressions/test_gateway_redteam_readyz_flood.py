"""Red team, issue 13 item 6: ``/readyz`` re-parsed the whole key store on every call.

``/readyz`` needs no credential and had no rate limit; each call forced a fresh parse of the
key store, so with 20,000 keys a flood of probes made predictions 750 times slower. Now a
probe costs a ``stat`` of the store (parsed again only when the file changes) and a cached
ping: the store is parsed once however many probes arrive, and a change is still seen.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from tests.gateway._support import config

from hauberk.gateway import KeyStore, create_app
from hauberk.gateway import _keys as keys_module
from hauberk.models import InputSpec, SklearnModel


def test_readyz_does_not_reparse_the_key_store(
    tmp_path: Path, iris_model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.json"
    records = [
        {"id": secrets.token_hex(8), "sha256": secrets.token_hex(32), "role": "predict",
         "rate": None, "created": "2026-01-01T00:00:00Z", "revoked": None}
        for _ in range(20_000)
    ]  # fmt: skip
    path.write_text(json.dumps({"version": 1, "keys": records}))
    parses = []
    real = keys_module._read_records

    def counting(p: Path) -> Any:
        parses.append(p)
        return real(p)

    monkeypatch.setattr(keys_module, "_read_records", counting)
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    app = create_app(config(tmp_path), model, keys=KeyStore(path))
    with TestClient(app) as client:
        start = len(parses)
        for _ in range(300):
            assert client.get("/readyz").status_code == 200
        assert len(parses) == start  # not once per probe
        path.write_text("{")  # an unreadable store is still noticed
        assert client.get("/readyz").status_code == 503
        assert len(parses) == start + 1
