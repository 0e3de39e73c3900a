"""Red team, issue 13 item 6: a half-written JWKS file turned JWT requests into 500s.

The gateway re-reads the JWKS file when it changes; a writer caught half way (or any invalid
content) made the re-read raise inside authentication, and every JWT request ended in an
unrecorded 500. Now the last good keys stay in force (logged once, ``/readyz`` says
``not_ready``): a token signed by a known key is served, any other credential is a 401 with
a stable code, and a good file is picked up again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from tests.gateway._support import AUDIENCE, ISSUER, bearer, config, jwks_keys, make_token

from hauberk.gateway import create_app
from hauberk.models import InputSpec, SklearnModel

GOOD = {"inputs": [[5.1, 3.5, 1.4, 0.2]]}


def test_half_written_jwks_keeps_the_last_good_keys(tmp_path: Path, iris_model: Any) -> None:
    jwks, private = jwks_keys(tmp_path)
    whole = jwks.read_text()
    cfg = config(
        tmp_path,
        auth={"jwt": {"jwks": str(jwks), "issuer": ISSUER, "audience": AUDIENCE, "leeway": 5}},
    )
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    token = make_token(private["rsa"], "rsa", "RS256", roles=["predict"])
    with TestClient(create_app(cfg, model), raise_server_exceptions=False) as client:
        assert client.post("/v1/predict", json=GOOD, headers=bearer(token)).status_code == 200
        jwks.write_text(whole[: len(whole) // 2])  # a writer caught half way
        for _ in range(3):
            r = client.post("/v1/predict", json=GOOD, headers=bearer(token))
            assert r.status_code == 200
        forged = make_token(private["ec"], "other", "ES256", roles=["predict"])
        r = client.post("/v1/predict", json=GOOD, headers=bearer(forged))
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"
        # The writer finishes, without the RSA key: picked up at once.
        keys = json.loads(whole)["keys"]
        jwks.write_text(json.dumps({"keys": [k for k in keys if k["kid"] != "rsa"]}))
        r = client.post("/v1/predict", json=GOOD, headers=bearer(token))
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
        assert client.get("/readyz").status_code == 200
