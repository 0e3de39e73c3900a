"""Red team, issue 13 item 1: pre-authentication CPU exhaustion.

The regex that blanked JSON strings before the depth check, ``"(?:[^"\\]|\\.)*"``, ran on the
raw body on the event loop before authentication. On ``"`` followed by many ``\\"`` pairs
with no closing quote it failed and was retried from every later quote: quadratic, 64 KB froze
every route for 13 s (the 1 MB cap allowed close to an hour). The admin routes share the path.
Now one unauthenticated 64 KB body of that shape, on the prediction and on an admin route,
is answered 400 well within a second, and the server keeps answering meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from tests.gateway._support import config, live_server, make_keys

from hauberk.gateway import JsonParser, create_app
from hauberk.models import InputSpec, SklearnModel

ATTACK = b'"' + b'\\"' * (32 << 10)  # 64 KB, no closing quote


def test_the_exact_body_parses_in_well_under_a_second() -> None:
    start = time.perf_counter()
    with pytest.raises(Exception, match="not valid UTF-8 JSON"):
        JsonParser(max_depth=8).parse(ATTACK)
    assert time.perf_counter() - start < 0.5  # the old code: 13 s


def test_unauthenticated_attack_is_answered_at_once(tmp_path: Path, iris_model: Any) -> None:
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    app = create_app(config(tmp_path), model, keys=make_keys(tmp_path).store)
    with live_server(app) as live:
        for path in ("/v1/predict", "/admin/versions/switch", "/admin/keys/revoke"):
            start = time.perf_counter()
            r = live.client.post(
                live.url + path, content=ATTACK, headers={"content-type": "application/json"}
            )
            assert time.perf_counter() - start < 1.0, path
            assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"
        assert live.client.get(live.url + "/healthz").status_code == 200
