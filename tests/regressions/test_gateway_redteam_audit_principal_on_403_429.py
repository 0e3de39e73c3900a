"""Red team (issue 13, item 4): a 403 or a 429 was recorded as principal "anonymous", so a
key probing admin routes or hammering the service could not be identified from the ledger.
Now every record names the caller whenever the credential presented was valid, whichever
stage refused it: authorisation (403), the principal's bucket (429), and the per-address
bucket or body checks that run before authentication (429, 413, 415).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hauberk.gateway import create_app

from ..gateway._support import (
    AUDIENCE,
    ISSUER,
    bearer,
    config,
    jwks_keys,
    live_server,
    make_keys,
    make_token,
)
from ._gateway_support import by_id, request_records, unbounded

GOOD = [[5.1, 3.5, 1.4, 0.2]]
JSON = {"content-type": "application/json"}


def _principals(db: Path, responses: list[Any]) -> list[tuple[int, str, str]]:
    index = by_id(request_records(db))
    out = []
    for r in responses:
        e = index[r.headers["x-request-id"]]
        body: Any = e.body
        assert body["status"] == r.status_code
        out.append((r.status_code, body["outcome"], e.principal))
    return out


def test_admin_probes_and_rate_limits_name_the_key(tmp_path: Path, iris_model: Any) -> None:
    keys = make_keys(tmp_path)
    rate = {"principal_rate": 0.01, "principal_burst": 2, "penalty_after": 100}
    app = create_app(config(tmp_path, rate=rate), unbounded(iris_model), keys=keys.store)
    with live_server(app) as live:
        pk = bearer(keys.predict)
        sent = [
            live.client.get(live.url + "/admin/versions", headers=pk),
            live.client.post(live.url + "/admin/keys/revoke", json={"id": "0" * 16}, headers=pk),
            live.predict(keys.predict, GOOD),
            live.predict(keys.predict, GOOD),
            live.predict(keys.predict, GOOD),
            live.predict("hbk_0123456789abcdef_guess", GOOD),
        ]
    me = f"key:{keys.predict_id}"
    assert _principals(tmp_path / "audit.db", sent) == [
        (403, "forbidden", me),
        (403, "forbidden", me),
        (200, "ok", me),
        (200, "ok", me),
        (429, "rate_limited", me),
        (401, "invalid_credentials", "anonymous"),
    ]


def test_refusals_before_authentication_name_the_key(tmp_path: Path, iris_model: Any) -> None:
    keys = make_keys(tmp_path)
    cfg = config(tmp_path, rate={"address_rate": 0.01, "address_burst": 3, "penalty_after": 100},
                 limits={"max_body_bytes": 1024})  # fmt: skip
    with live_server(create_app(cfg, unbounded(iris_model), keys=keys.store)) as live:
        pk = bearer(keys.predict)
        url = live.url + "/v1/predict"
        sent = [
            live.client.post(url, content=b"x" * 2048, headers={**pk, **JSON}),
            live.client.post(url, content=b"{}", headers={**pk, "content-type": "text/plain"}),
            live.predict(keys.predict, GOOD),
            live.predict(keys.predict, GOOD),  # the address bucket is empty now
            live.predict(None, GOOD),
        ]
    me = f"key:{keys.predict_id}"
    got = _principals(tmp_path / "audit.db", sent)
    assert got[0] == (413, "body_too_large", me)
    assert got[1] == (415, "unsupported_media_type", me)
    assert got[2] == (200, "ok", me)
    assert got[3] == (429, "rate_limited", me)
    assert got[4] == (429, "rate_limited", "anonymous")


def test_jwt_callers_are_named_too(tmp_path: Path, iris_model: Any) -> None:
    jwks, private = jwks_keys(tmp_path)
    jwt = {"jwks": str(jwks), "issuer": ISSUER, "audience": AUDIENCE}
    cfg = config(tmp_path, auth={"jwt": jwt},
                 rate={"address_rate": 0.01, "address_burst": 2, "penalty_after": 100})  # fmt: skip
    token = make_token(private["ed"], "ed", "EdDSA", roles=["predict"])
    with live_server(create_app(cfg, unbounded(iris_model))) as live:
        sent = [
            live.client.get(live.url + "/admin/versions", headers=bearer(token)),  # 403
            live.predict(token, GOOD),  # 200
            live.predict(token, GOOD),  # 429 from the address bucket, before authentication
        ]
    got = _principals(tmp_path / "audit.db", sent)
    me = "jwt:alice"
    assert got[:2] == [(403, "forbidden", me), (200, "ok", me)]
    assert got[2] == (429, "rate_limited", "anonymous")  # a JWT is not verified just for that
    body: Any = by_id(request_records(tmp_path / "audit.db"))[sent[2].headers["x-request-id"]].body
    assert body["credential"] == "unchecked"
