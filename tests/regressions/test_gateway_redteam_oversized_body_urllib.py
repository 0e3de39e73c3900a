"""Red team, issue 13 item 6: a client that sends an oversized body whole before reading
(Python's urllib) could not read the 413.

The gateway refused on the declared ``Content-Length`` without reading the body, uvicorn closed
the connection (urllib sends ``Connection: close``) while the client was still writing, and
the kernel reset it: the client saw a broken pipe or a reset instead of the answer. The server
now closes lingering: it shuts down its side and discards what the client still sends, for a
bounded time and number of bytes, so the client reads the 413.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tests.gateway._support import config, live_server, make_keys

from hauberk.gateway import create_app
from hauberk.models import InputSpec, SklearnModel


def test_urllib_reads_the_413(tmp_path: Path, iris_model: Any) -> None:
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path), model, keys=keys.store)
    with live_server(app) as live:
        for size in (2 << 20, 8 << 20):
            req = urllib.request.Request(
                live.url + "/v1/predict",
                data=b" " * size,
                headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
            )
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(req, timeout=10)
            assert err.value.code == 413
            assert json.loads(err.value.read())["error"]["code"] == "body_too_large"
