"""Red team (issue 13, item 4): whole classes of requests left no audit record.

500s (also authenticated ones where the model had already run), client disconnects mid-body,
routing's 404/405/307 and the HTTP parser's own 400s were missing from the ledger. A mixed
attack run now counts exactly one record per request: every response's request id is in the
ledger once, the requests without a response (disconnects, parser errors) are there with their
outcome, and whenever a valid key was presented the record names its principal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hauberk.gateway import create_app

from ..gateway._support import bearer, config, live_server, make_keys
from ._gateway_support import by_id, raw, request_records, unbounded

GOOD = [[5.1, 3.5, 1.4, 0.2]]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # sklearn on the overflowing rows
def test_mixed_attack_run_has_exactly_one_record_per_request(
    tmp_path: Path, iris_model: Any
) -> None:
    keys = make_keys(tmp_path)
    cfg = config(tmp_path, limits={"max_body_bytes": 4096})
    principal = f"key:{keys.predict_id}"
    answered: list[tuple[Any, str | None]] = []  # (response, principal expected)
    with live_server(create_app(cfg, unbounded(iris_model), keys=keys.store)) as live:
        c, url = live.client, live.url
        pk, junk = bearer(keys.predict), bearer("hbk_0123456789abcdef_nope")
        js = {"content-type": "application/json"}

        def sent(r: Any, who: str | None) -> None:
            answered.append((r, who))

        sent(live.predict(keys.predict, GOOD), principal)  # 200
        sent(live.predict("hbk_0123456789abcdef_nope", GOOD), None)  # 401 invalid key
        sent(live.predict(None, GOOD), None)  # 401 no key
        sent(c.get(url + "/nope", headers=pk), principal)  # 404 with a valid key
        sent(c.post(url + "/models/register", headers=junk), None)  # 404, invalid key
        sent(c.get(url + "/v1/predict", headers=pk), principal)  # 405
        sent(c.post(url + "/v1/predict/", json={"inputs": GOOD}, headers=pk), principal)
        sent(c.post(url + "/v1/predict", content=b"[" * 5000, headers={**pk, **js}), principal)
        sent(c.post(url + "/v1/predict", content=b'{"inputs": [[1,2', headers={**pk, **js}),
             principal)  # fmt: skip
        sent(live.predict(keys.predict, [[1e308] * 4]), principal)  # outputs overflow: 500/422
        sent(live.predict(keys.predict, [[-1e308] * 4]), principal)
        for method, path in (
            ("GET", "/admin/versions"),
            ("POST", "/admin/keys/revoke"),
            ("GET", "/metrics"),
            ("POST", "/admin/versions/rollback"),
        ):
            body = {"id": "0123456789abcdef"} if method == "POST" else None
            sent(c.request(method, url + path, headers=pk, json=body), principal)  # 403
        sent(c.get(url + "/healthz"), None)
        sent(c.get(url + "/readyz"), None)
        # Without a response: a body cut off mid-way, and requests the HTTP parser refuses.
        head = (
            f"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {keys.predict}\r\nContent-Length: 1000\r\n\r\n"
        )
        raw(url, head.encode() + b'{"inputs": [[1', close_after_send=True)
        assert raw(url, b"GARBAGE\x01 / HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400")
        bad_chunk = (f"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Authorization: Bearer {keys.predict}\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "zz\r\n{}\r\n0\r\n\r\n")  # fmt: skip
        assert raw(url, bad_chunk.encode()).startswith(b"HTTP/1.1 400")
        statuses = [r.status_code for r, _ in answered]
    assert statuses[:9] == [200, 401, 401, 404, 404, 405, statuses[6], 413, 400], statuses
    assert statuses[6] in (307, 404)  # trailing slash: a redirect, or refused outright
    assert statuses[9] in (422, 500) and statuses[10] in (422, 500)
    assert statuses[11:15] == [403] * 4

    records = request_records(tmp_path / "audit.db")
    seen = "; ".join(f"{e.body['outcome']} {e.body['route']} {e.body['status']}" for e in records)  # type: ignore[index]
    assert len(records) == len(answered) + 3, seen  # 3 requests got no JSON answer
    index = by_id(records)
    for r, who in answered:
        entry = index.pop(r.headers["x-request-id"])
        body: Any = entry.body
        assert body["status"] == r.status_code, (body, r.text)
        assert entry.principal == (who or "anonymous"), body
        code = r.json()["error"]["code"] if r.status_code >= 400 else None
        assert body["outcome"] == (code or ("redirect" if r.status_code == 307 else "ok")), body
        if r.status_code >= 300:
            assert body["reason"], body
    rest = sorted(index.values(), key=lambda e: e.body["outcome"])  # type: ignore[index]
    outcomes = [(e.body["outcome"], e.principal) for e in rest]  # type: ignore[index]
    assert outcomes == [("bad_request", "anonymous"), ("bad_request", principal),
                        ("client_disconnected", principal)], outcomes  # fmt: skip
    for r, _ in answered[9:11]:
        overflow: Any = by_id(records)[r.headers["x-request-id"]].body
        assert overflow["rows"] == 1  # validated and sent to the model
    assert all("5.1" not in e.body_json for e in records)
    assert json.dumps([e.body for e in records])  # plain JSON throughout
