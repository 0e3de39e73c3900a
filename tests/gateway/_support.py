"""Helpers: configs, key stores, and a real uvicorn server on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from hauberk.gateway import GatewayConfig, KeyStore, parse_config, server_config


def config(tmp_path: Path, **tables: Any) -> GatewayConfig:
    raw: dict[str, Any] = {"audit": {"ledger": str(tmp_path / "audit.db")}}
    for key, value in tables.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    return parse_config(raw, source="test", base_dir=tmp_path)


@dataclass
class Keys:
    store: KeyStore
    predict: str
    admin: str
    predict_id: str


def make_keys(tmp_path: Path) -> Keys:
    store = KeyStore(tmp_path / "keys.json")
    rec, predict = store.create("predict")
    _, admin = store.create("admin")
    return Keys(store, predict, admin, rec.id)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Live:
    url: str
    app: Any
    client: httpx.Client

    def predict(self, key: str | None, inputs: Any, **kw: Any) -> httpx.Response:
        headers = bearer(key) if key else {}
        return self.client.post(
            f"{self.url}/v1/predict", json={"inputs": inputs}, headers=headers, **kw
        )


@contextmanager
def live_server(app: Any) -> Iterator[Live]:
    """uvicorn with the production settings, in a thread, on a free loopback port."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        with httpx.Client(timeout=10) as client:
            yield Live(f"http://127.0.0.1:{port}", app, client)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def jwks_keys(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A JWKS file with one RSA, one EC P-256 and one Ed25519 public key; the private keys."""
    import json

    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    private = {
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec": ec.generate_private_key(ec.SECP256R1()),
        "ed": ed25519.Ed25519PrivateKey.generate(),
    }
    algs = {"rsa": "RS256", "ec": "ES256", "ed": "EdDSA"}
    keys = []
    for kid, key in private.items():
        jwk = json.loads(jwt.get_algorithm_by_name(algs[kid]).to_jwk(key.public_key()))
        keys.append({**jwk, "kid": kid})
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": keys}))
    return path, private


ISSUER = "https://issuer.test"
AUDIENCE = "hauberk-gateway"


def make_token(private: Any, kid: str, alg: str, **claims: Any) -> str:
    import jwt

    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": now + 300, "iat": now}
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, private, algorithm=alg, headers={"kid": kid})


def iris_onnx(path: Path, estimator: Any) -> Path:
    """The fitted logistic regression as an ONNX graph (Gemm + Softmax), built by hand."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.asarray(estimator.coef_.T, dtype=np.float32), "W")
    b = numpy_helper.from_array(np.asarray(estimator.intercept_, dtype=np.float32), "B")
    graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["x", "W", "B"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ],
        "iris",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 4])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["n", 3])],
        initializer=[w, b],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path
