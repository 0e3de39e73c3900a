"""CVE-2022-29217 (pyjwt) and CVE-2015-9235 (node-jsonwebtoken): a verifier that lets the token
choose the algorithm accepts an HS256 token keyed with the server's public key. The gateway
derives the one algorithm from the key type and never accepts HS* or none."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from hauberk.gateway import GatewayError, JwtAuthenticator


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize("kind", ["rsa", "ed25519"])
def test_hmac_with_the_public_key_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        alg = "RS256"
    else:
        key = ed25519.Ed25519PrivateKey.generate()  # type: ignore[assignment]
        alg = "EdDSA"
    jwk = {**json.loads(jwt.get_algorithm_by_name(alg).to_jwk(key.public_key())), "kid": "k"}
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
    auth = JwtAuthenticator(jwks=tmp_path / "jwks.json", issuer="i", audience="a")
    claims = {"iss": "i", "aud": "a", "sub": "m", "exp": int(time.time()) + 60, "roles": "admin"}
    for encoding in (serialization.Encoding.PEM, serialization.Encoding.OpenSSH):
        fmt = (
            serialization.PublicFormat.SubjectPublicKeyInfo
            if encoding is serialization.Encoding.PEM
            else serialization.PublicFormat.OpenSSH
        )
        secret = key.public_key().public_bytes(encoding, fmt)
        for hs in ("HS256", "HS384", "HS512"):
            head = _b64(json.dumps({"alg": hs, "kid": "k", "typ": "JWT"}).encode())
            body = _b64(json.dumps(claims).encode())
            digest = getattr(hashlib, "sha" + hs[2:])
            sig = _b64(hmac.new(secret, f"{head}.{body}".encode(), digest).digest())
            with pytest.raises(GatewayError) as err:
                auth.authenticate(f"{head}.{body}.{sig}")
            assert err.value.code == "invalid_credentials"
