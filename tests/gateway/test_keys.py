"""The API key store: hashes only, revocation without restart, constant-time comparison."""

from __future__ import annotations

import hmac
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from hauberk.core import InputError
from hauberk.gateway import ApiKeyAuthenticator, GatewayError, KeyStore, _keys, parse_rate


def test_create_stores_only_a_hash(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    record, key = store.create("predict", rate=5.0)
    text = (tmp_path / "keys.json").read_text()
    assert record.id in text and key.startswith(f"hbk_{record.id}_")
    # The secret is URL-safe base64 and may itself contain "_", so cut the prefix rather than
    # splitting on "_" (a split once left the one-character tail "0", found in the JSON).
    secret = key.removeprefix(f"hbk_{record.id}_")
    assert len(secret) >= 40
    assert key not in text and secret not in text
    assert stat.S_IMODE(os.stat(tmp_path / "keys.json").st_mode) == 0o600
    assert store.lookup(key) == record
    assert json.loads(text)["keys"][0]["rate"] == 5.0


def test_wrong_unknown_and_revoked_keys_are_refused(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    record, key = store.create("predict")
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert store.lookup(tampered) is None
    assert store.lookup("hbk_0000000000000000_" + "A" * 43) is None
    assert store.lookup("not a key") is None
    store.revoke(record.id)
    assert store.lookup(key) is None
    assert store.list()[0].revoked is not None


def test_revocation_by_another_writer_is_seen_without_restart(tmp_path: Path) -> None:
    server_view = KeyStore(tmp_path / "keys.json")
    cli_view = KeyStore(tmp_path / "keys.json")
    record, key = cli_view.create("predict")
    auth = ApiKeyAuthenticator(server_view)
    assert auth.authenticate(key).id == f"key:{record.id}"
    cli_view.revoke(record.id)
    with pytest.raises(GatewayError) as err:
        auth.authenticate(key)
    assert err.value.code == "invalid_credentials"


def test_every_lookup_compares_digests_in_constant_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = KeyStore(tmp_path / "keys.json")
    _, key = store.create("predict")
    calls: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(_keys.hmac, "compare_digest", spy)
    store.lookup(key)
    store.lookup("hbk_0000000000000000_" + "A" * 43)  # unknown id: still one comparison
    store.lookup("garbage")
    assert len(calls) == 3
    assert all(len(a) == len(b) == 64 for a, b in calls)


def test_revoke_unknown_or_malformed_id(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    store.create("admin")
    with pytest.raises(InputError, match="no key"):
        store.revoke("0" * 16)
    with pytest.raises(InputError, match="16 hex"):
        store.revoke("../../etc")


def test_malformed_store_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"version": 1, "keys": [{"id": "x"}]}')
    with pytest.raises(InputError):
        KeyStore(path).check()
    path.write_text("[")
    with pytest.raises(InputError):
        KeyStore(path).list()


@pytest.mark.parametrize(
    ("text", "value"),
    [("10/s", 10.0), ("600/m", 10.0), ("36/hour", 0.01), (" 2.5 / sec ", 2.5), ("10", 10.0)],
)
def test_parse_rate(text: str, value: float) -> None:
    assert parse_rate(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["0/s", "-1/s", "10/day", "1e9/s", "10/", "/s", "1" + "\r\n" * 3000 + "x", "1" * 65]
)
def test_parse_rate_rejects(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        parse_rate(text)
    assert time.perf_counter() - start < 0.1 and len(str(err.value)) < 200


def test_key_store_nested_deeper_than_json_goes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"  # round 28: escaped as a RecursionError
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(InputError, match="not valid JSON: nested too deeply"):
        KeyStore(path).list()
