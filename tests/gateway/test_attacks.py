"""The real server on 127.0.0.1, attacked: every attempt is refused with a stable 4xx code,
no internals leak, the server keeps serving, and every decision is in the ledger."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from hauberk.gateway import KeyStore, create_app
from hauberk.ledger import open_ledger
from hauberk.models import SklearnModel

from ._support import (
    AUDIENCE,
    ISSUER,
    Keys,
    Live,
    bearer,
    config,
    jwks_keys,
    live_server,
    make_keys,
    make_token,
)

LEAKS = ("Traceback", "/work/", ".py", 'File "', "sqlite", "numpy", "Exception")
GOOD = [[5.1, 3.5, 1.4, 0.2]]


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, iris_clf: SklearnModel
) -> Iterator[tuple[Live, Keys, dict[str, Any], Path]]:
    tmp = tmp_path_factory.mktemp("attacks")
    keys = make_keys(tmp)
    jwks, private = jwks_keys(tmp)
    cfg = config(
        tmp,
        auth={"jwt": {"jwks": str(jwks), "issuer": ISSUER, "audience": AUDIENCE, "leeway": 5}},
        rate={"principal_rate": 1000, "principal_burst": 1000, "address_rate": 1000,
              "address_burst": 1000},
        limits={"max_body_bytes": 65536, "max_json_depth": 6},
    )  # fmt: skip
    app = create_app(cfg, iris_clf, keys=keys.store)
    with live_server(app) as live:
        yield live, keys, private, tmp


def refused(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["code"] == code
    assert set(body) <= {"error", "request_id"}
    for leak in LEAKS:
        assert leak not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "server" not in r.headers


def post_raw(live: Live, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return live.client.post(
        f"{live.url}/v1/predict",
        content=body,
        headers={"content-type": "application/json", **headers},
    )


# -- credentials --------------------------------------------------------------------------------


def test_missing_credentials(world: Any) -> None:
    live, *_ = world
    r = live.predict(None, GOOD)
    refused(r, 401, "missing_credentials")
    assert r.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer hbk_short",
        "Bearer hbk_0123456789abcdef_" + "A" * 43,
        "bearer a.b.c",
        "Bearer " + "x" * 20_000,
        "Token abc",
    ],
)
def test_malformed_credentials(world: Any, header: str) -> None:
    live, *_ = world
    r = post_raw(live, json.dumps({"inputs": GOOD}).encode(), {"authorization": header})
    assert r.status_code in (400, 401, 431)
    if r.status_code == 401:
        refused(r, 401, r.json()["error"]["code"])


def test_revoked_key_is_refused_without_restart(world: Any) -> None:
    live, _, _, tmp = world
    cli_store = KeyStore(tmp / "keys.json")  # another process's view, as `hauberk keys` has
    record, key = cli_store.create("predict")
    assert live.predict(key, GOOD).status_code == 200
    cli_store.revoke(record.id)
    refused(live.predict(key, GOOD), 401, "invalid_credentials")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_jwt_attacks(world: Any) -> None:
    live, _, private, _ = world
    now = int(time.time())
    good = make_token(private["ec"], "ec", "ES256", roles=["predict"])
    assert live.predict(good, GOOD).status_code == 200
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "m", "exp": now + 60, "roles": ["admin"]}
    attacks = {
        "none": f"{_b64({'alg': 'none', 'kid': 'rsa'})}.{_b64(claims)}.",
        "expired": make_token(private["rsa"], "rsa", "RS256", exp=now - 600, roles=["predict"]),
        "audience": make_token(private["rsa"], "rsa", "RS256", aud="other", roles=["predict"]),
        "issuer": make_token(private["rsa"], "rsa", "RS256", iss="https://x", roles=["predict"]),
        "not yet": make_token(private["ed"], "ed", "EdDSA", nbf=now + 600, roles=["predict"]),
    }
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import serialization

    pem = (
        private["rsa"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    signing_input = f"{_b64({'alg': 'HS256', 'kid': 'rsa'})}.{_b64(claims)}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    attacks["hs/rs confusion"] = (
        signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    )
    for name, token in attacks.items():
        r = live.predict(token, GOOD)
        assert r.status_code == 401, name
        refused(r, 401, "invalid_credentials")


# -- authorisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/metrics", None),
        ("GET", "/admin/versions", None),
        ("POST", "/admin/versions/switch", {"version": "v1"}),
        ("POST", "/admin/versions/rollback", None),
        ("POST", "/admin/keys/revoke", {"id": "0123456789abcdef"}),
    ],
)
def test_role_escalation_to_admin_routes(world: Any, method: str, path: str, body: Any) -> None:
    live, keys, private, _ = world
    jwt_predict = make_token(private["rsa"], "rsa", "RS256", roles=["predict"])
    jwt_wrong_claim = make_token(private["rsa"], "rsa", "RS256", role="admin", scope="admin")
    for cred in (keys.predict, jwt_predict, jwt_wrong_claim):
        r = live.client.request(method, live.url + path, json=body, headers=bearer(cred))
        refused(r, 403, "forbidden")
    r = live.client.request(method, live.url + path, json=body)
    refused(r, 401, "missing_credentials")


def test_jwt_without_roles_cannot_predict(world: Any) -> None:
    live, _, private, _ = world
    refused(live.predict(make_token(private["rsa"], "rsa", "RS256"), GOOD), 403, "forbidden")


def test_admin_key_reaches_admin_routes(world: Any) -> None:
    live, keys, _, _ = world
    r = live.client.get(live.url + "/admin/versions", headers=bearer(keys.admin))
    assert r.status_code == 200 and r.json()["active"] == "v1"
    r = live.client.get(live.url + "/metrics", headers=bearer(keys.admin))
    assert r.status_code == 200 and "hauberk_denials_total" in r.text


# -- bodies ---------------------------------------------------------------------------------


def test_oversized_bodies(world: Any) -> None:
    live, keys, _, _ = world
    big = json.dumps({"inputs": [[1.0, 2.0, 3.0, 4.0]] * 10_000}).encode()
    refused(post_raw(live, big, bearer(keys.predict)), 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer encoding
        for _ in range(100):
            yield b" " * 4096

    r = live.client.post(
        f"{live.url}/v1/predict",
        content=chunks(),
        headers={"content-type": "application/json", **bearer(keys.predict)},
    )
    refused(r, 413, "body_too_large")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"inputs": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400, "json_too_deep"),
        (b'{"inputs": [[NaN, 1, 1, 1]]}', 400, "non_finite"),
        (b'{"inputs": [[Infinity, 1, 1, 1]]}', 400, "non_finite"),
        (b'{"inputs": [[1e999, 1, 1, 1]]}', 400, "non_finite"),
        (b'{"inputs": [[1, 2, 3]]}', 422, "invalid_inputs"),
        (b'{"inputs": [[1, 2, 3, 4, 5]]}', 422, "invalid_inputs"),
        (b'{"inputs": [["1", 2, 3, 4]]}', 422, "invalid_inputs"),
        (b'{"inputs": [[true, 2, 3, 4]]}', 422, "invalid_inputs"),
        (b'{"inputs": [[null, 2, 3, 4]]}', 422, "invalid_inputs"),
        (b'{"inputs": [[1, 2, 3, 400]]}', 422, "invalid_inputs"),
        (b'{"inputs": [1, 2, 3, 4]}', 422, "invalid_inputs"),
        (b'{"inputs": "AAAA"}', 422, "invalid_inputs"),
        (b'{"inputs": [[1, 2, 3, 4]], "__proto__": 1}', 422, "invalid_inputs"),
        (b"[1, 2]", 422, "invalid_inputs"),
        (b"{", 400, "malformed_json"),
        (b"", 400, "malformed_json"),
        (b"\xff\xfe\x00", 400, "malformed_json"),
    ],
)
def test_bad_bodies(world: Any, body: bytes, status: int, code: str) -> None:
    live, keys, _, _ = world
    refused(post_raw(live, body, bearer(keys.predict)), status, code)


def test_wrong_content_type(world: Any) -> None:
    live, keys, _, _ = world
    r = live.client.post(
        f"{live.url}/v1/predict",
        content=b'{"inputs": [[1,2,3,4]]}',
        headers={"content-type": "text/plain", **bearer(keys.predict)},
    )
    refused(r, 415, "unsupported_media_type")


def test_unknown_routes_and_methods(world: Any) -> None:
    live, keys, _, _ = world
    refused(live.client.get(live.url + "/v1/predict", headers=bearer(keys.admin)), 405,
            "method_not_allowed")  # fmt: skip
    for path in ("/v1/models", "/models/register", "/docs", "/openapi.json", "/../etc/passwd"):
        refused(live.client.post(live.url + path, headers=bearer(keys.admin)), 404, "not_found")


# -- headers --------------------------------------------------------------------------------


def _raw_request(live: Live, request: bytes) -> bytes:
    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                part = s.recv(65536)
            except TimeoutError:
                break
            if not part:
                break
            data += part
    return data


def test_header_injection(world: Any) -> None:
    live, keys, _, _ = world
    body = json.dumps({"inputs": GOOD}).encode()
    head = (
        b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n"
    )
    # A bare CR smuggling a second header, and an obs-fold continuation: refused by the parser.
    for evil in (
        b"Authorization: Bearer " + keys.predict.encode() + b"\rX-Role: admin\r\n",
        b"Authorization: Bearer\r\n " + keys.predict.encode() + b"\r\n",
        b"Authorization: Bearer " + keys.predict.encode() + b"\x00\r\n",
    ):
        reply = _raw_request(live, head + evil + b"\r\n" + body)
        status = reply.split(b" ", 2)[1] if reply else b""
        assert status in (b"400", b"401", b""), reply[:200]
    # A client-chosen request id is not reflected; ours is generated.
    r = live.client.post(
        f"{live.url}/v1/predict",
        json={"inputs": GOOD},
        headers={**bearer(keys.predict), "x-request-id": "attacker-chosen"},
    )
    assert r.status_code == 200 and r.headers["x-request-id"] != "attacker-chosen"
    assert live.client.get(live.url + "/healthz").status_code == 200


def test_x_forwarded_for_does_not_dodge_the_address_limit(
    tmp_path: Path, iris_clf: SklearnModel
) -> None:
    keys = make_keys(tmp_path)
    many = [keys.store.create("predict")[1] for _ in range(12)]
    cfg = config(tmp_path, rate={"address_rate": 0.01, "address_burst": 5, "principal_rate": 100,
                                 "principal_burst": 100})  # fmt: skip
    with live_server(create_app(cfg, iris_clf, keys=keys.store)) as live:
        codes = []
        for i, key in enumerate(many):  # a fresh key and a fresh forged address every time
            r = live.client.post(
                f"{live.url}/v1/predict",
                json={"inputs": GOOD},
                headers={
                    **bearer(key),
                    "x-forwarded-for": f"10.0.0.{i}",
                    "x-real-ip": f"10.1.{i}.1",
                },
            )
            codes.append(r.status_code)
    assert codes[:5] == [200] * 5
    assert set(codes[5:]) == {429}


# -- rate limit and extraction --------------------------------------------------------------


def test_burst_past_the_rate_limit(tmp_path: Path, iris_clf: SklearnModel) -> None:
    keys = make_keys(tmp_path)
    cfg = config(tmp_path, rate={"principal_rate": 2, "principal_burst": 5, "penalty_after": 3,
                                 "penalty_base": 30})  # fmt: skip
    with live_server(create_app(cfg, iris_clf, keys=keys.store)) as live:
        replies = [live.predict(keys.predict, GOOD) for _ in range(12)]
        other = live.predict(keys.admin, GOOD)  # another principal is unaffected
    codes = [r.status_code for r in replies]
    assert codes[:5] == [200] * 5
    assert codes.count(429) >= 6
    limited = [r for r in replies if r.status_code == 429]
    for r in limited:
        refused(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) >= 1
    assert int(limited[-1].headers["retry-after"]) >= 30  # repeat offender: blocked
    assert other.status_code == 200


def test_extraction_attempt_is_caught(
    tmp_path: Path, digits_data: Any, digits_clf: SklearnModel
) -> None:
    from .test_prada import jbda_queries

    x, _ = digits_data
    keys = make_keys(tmp_path)
    benign_key = keys.store.create("predict")[1]
    cfg = config(tmp_path, rate={"principal_rate": 1000, "principal_burst": 1000},
                 monitor={"cooldown": 120}, audit={"durable": False})  # fmt: skip
    attack = jbda_queries(x[1500:], 400)
    benign = x[900:1300]
    with live_server(create_app(cfg, digits_clf, keys=keys.store)) as live:
        caught_at = None
        for i in range(0, len(attack), 4):
            r = live.predict(keys.predict, attack[i : i + 4].tolist())
            b = live.predict(benign_key, benign[i : i + 4].tolist())
            assert b.status_code == 200, b.text  # natural traffic is never throttled
            if r.status_code != 200:
                refused(r, 429, "extraction_throttled")
                caught_at = i + 4
                break
        assert caught_at is not None and caught_at <= 250
        after = live.predict(keys.predict, attack[:1].tolist())
        refused(after, 429, "rate_limited")
        assert int(after.headers["retry-after"]) > 60
        metrics = live.client.get(live.url + "/metrics", headers=bearer(keys.admin)).text
        assert "hauberk_extraction_alerts_total 1.0" in metrics
    with open_ledger(tmp_path / "audit.db") as ledger:
        kinds = [ledger.entry(i).kind for i in range(ledger.head().size)]
    assert kinds.count("serve.alert") == 1


# -- the aftermath ------------------------------------------------------------------------------


def test_timing_of_key_comparison_does_not_depend_on_the_secret(tmp_path: Path) -> None:
    """Wrong secrets differing in the first or the last character take the same time."""
    store = KeyStore(tmp_path / "keys.json")
    _, key = store.create("predict")
    early = key[:21] + ("A" if key[21] != "A" else "B") + key[22:]
    late = key[:-1] + ("A" if key[-1] != "A" else "B")

    def best(candidate: str) -> float:
        t = time.perf_counter()
        for _ in range(300):
            store.lookup(candidate)
        return time.perf_counter() - t

    a, b = [], []
    for _ in range(15):  # interleaved, best of 15 batches of 300: robust to a busy machine
        a.append(best(early))
        b.append(best(late))
    assert 0.7 < min(a) / min(b) < 1.4


def test_every_decision_is_audited_and_server_keeps_serving(
    tmp_path: Path, iris_clf: SklearnModel
) -> None:
    keys = make_keys(tmp_path)
    with live_server(create_app(config(tmp_path), iris_clf, keys=keys.store)) as live:
        sent = [
            live.predict(None, GOOD),
            live.predict("junk", GOOD),
            post_raw(live, b"[" * 100 + b"]" * 100, bearer(keys.predict)),
            live.predict(keys.predict, [[float("1e308")] * 4]),
            post_raw(live, json.dumps({"inputs": GOOD}).encode(), bearer(keys.predict)),
            live.client.get(live.url + "/metrics", headers=bearer(keys.predict)),
        ]
        assert [r.status_code for r in sent] == [401, 401, 400, 422, 200, 403]
        sent.append(live.client.get(live.url + "/readyz"))
        assert sent[-1].status_code == 200
        ids = [r.headers["x-request-id"] for r in sent]
    with open_ledger(tmp_path / "audit.db") as ledger:
        assert ledger.verify().ok
        entries = [ledger.entry(i) for i in range(ledger.head().size)]
    assert [e.body["request_id"] for e in entries] == ids
    outcomes = [e.body["outcome"] for e in entries]
    assert outcomes == ["missing_credentials", "invalid_credentials", "json_too_deep",
                        "invalid_inputs", "ok", "forbidden", "ok"]  # fmt: skip
    assert entries[5].principal == f"key:{keys.predict_id}"  # the 403 names the key
    ok = entries[4]
    assert ok.principal == f"key:{keys.predict_id}" and ok.body["model_version"] == "v1"
    assert (
        ok.body["input_sha256"]
        == __import__("hashlib").sha256(json.dumps({"inputs": GOOD}).encode()).hexdigest()
    )
    assert all("5.1" not in e.body_json and "1e+308" not in e.body_json for e in entries)


def test_numpy_inputs_roundtrip(world: Any) -> None:
    live, keys, _, _ = world
    r = live.predict(keys.predict, np.array(GOOD).tolist())
    assert r.status_code == 200
    body = r.json()
    assert body["model_version"] == "v1" and body["outputs"][0]["label"] == 0
