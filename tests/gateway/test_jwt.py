"""JWT bearer tokens: asymmetric algorithms only, claims checked, no algorithm confusion."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest

from hauberk.core import ConfigError
from hauberk.gateway import GatewayError, JwtAuthenticator

from ._support import AUDIENCE, ISSUER, jwks_keys, make_token


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[JwtAuthenticator, dict[str, Any], Path]:
    tmp = tmp_path_factory.mktemp("jwt")
    path, private = jwks_keys(tmp)
    auth = JwtAuthenticator(jwks=path, issuer=ISSUER, audience=AUDIENCE, leeway=5)
    return auth, private, path


def _refused(auth: JwtAuthenticator, token: str) -> str:
    with pytest.raises(GatewayError) as err:
        auth.authenticate(token)
    assert err.value.code == "invalid_credentials"
    return err.value.reason


@pytest.mark.parametrize(("kid", "alg"), [("rsa", "RS256"), ("ec", "ES256"), ("ed", "EdDSA")])
def test_valid_tokens_authenticate(setup: Any, kid: str, alg: str) -> None:
    auth, private, _ = setup
    principal = auth.authenticate(make_token(private[kid], kid, alg, roles=["predict", "BAD!"]))
    assert principal.id == "jwt:alice"
    assert principal.roles == frozenset({"predict"})


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_alg_none_is_refused(setup: Any) -> None:
    auth, _, _ = setup
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "exp": now + 60, "roles": "admin"}
    for alg in ("none", "None", "NONE"):
        token = f"{_b64({'alg': alg, 'kid': 'rsa'})}.{_b64(claims)}."
        assert "not allowed" in _refused(auth, token)


def test_hs256_signed_with_the_rsa_public_key_is_refused(setup: Any) -> None:
    """The classic RS/HS confusion (CVE-2015-9235, CVE-2022-29217): HMAC keyed with the PEM."""
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import serialization

    auth, private, _ = setup
    pem = (
        private["rsa"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "exp": now + 60, "roles": "admin"}
    signing_input = f"{_b64({'alg': 'HS256', 'kid': 'rsa', 'typ': 'JWT'})}.{_b64(claims)}"
    sig = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    token = signing_input + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode()
    _refused(auth, token)


def test_key_type_must_match_the_header_algorithm(setup: Any) -> None:
    auth, private, _ = setup
    token = make_token(private["ec"], "rsa", "ES256")  # claims the RSA key's kid
    assert "does not match" in _refused(auth, token)


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"aud": "someone-else"}, "InvalidAudience"),
        ({"iss": "https://evil.test"}, "InvalidIssuer"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"nbf": int(time.time()) + 3600}, "ImmatureSignature"),
        ({"exp": None}, "MissingRequiredClaim"),
        ({"aud": None}, "MissingRequiredClaim"),
        ({"sub": None}, "MissingRequiredClaim"),
    ],
)
def test_claims_are_checked(setup: Any, claims: dict[str, Any], why: str) -> None:
    auth, private, _ = setup
    assert why in _refused(auth, make_token(private["rsa"], "rsa", "RS256", **claims))


def test_small_clock_skew_is_tolerated(setup: Any) -> None:
    auth, private, _ = setup
    token = make_token(private["rsa"], "rsa", "RS256", exp=int(time.time()) - 2)
    assert auth.authenticate(token).id == "jwt:alice"


def test_tampered_unknown_kid_and_garbage(setup: Any) -> None:
    auth, private, _ = setup
    token = make_token(private["rsa"], "rsa", "RS256")
    head, body, sig = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=="))
    forged["roles"] = ["admin"]
    _refused(auth, f"{head}.{_b64(forged)}.{sig}")
    _refused(auth, make_token(private["rsa"], "other", "RS256"))
    _refused(auth, "a.b.c")
    _refused(auth, "x" * 10_000)


def test_algorithm_allowlist_is_honoured(setup: Any, tmp_path: Path) -> None:
    _, private, path = setup
    only_ed = path.with_name("ed.json")
    keys = json.loads(path.read_text())["keys"]
    only_ed.write_text(json.dumps({"keys": [k for k in keys if k["kid"] == "ed"]}))
    auth = JwtAuthenticator(jwks=only_ed, issuer=ISSUER, audience=AUDIENCE, algorithms=("EdDSA",))
    _refused(auth, make_token(private["rsa"], "rsa", "RS256"))
    assert auth.authenticate(make_token(private["ed"], "ed", "EdDSA")).id == "jwt:alice"


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "oct", "kid": "h", "k": "c2VjcmV0"},
        {"kty": "EC", "crv": "P-384", "kid": "p", "x": "AA", "y": "AA"},
        {"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB", "alg": "HS256"},
        {"kty": "OKP", "crv": "Ed25519", "kid": "d", "x": "AA", "d": "AA"},
    ],
)
def test_unsafe_jwks_entries_are_refused(tmp_path: Path, jwk: dict[str, Any]) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    with pytest.raises(ConfigError):
        JwtAuthenticator(jwks=path, issuer=ISSUER, audience=AUDIENCE)


def test_short_rsa_keys_are_refused(tmp_path: Path) -> None:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    jwk = {**json.loads(jwt.get_algorithm_by_name("RS256").to_jwk(key.public_key())), "kid": "s"}
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    with pytest.raises(ConfigError, match="2048"):
        JwtAuthenticator(jwks=path, issuer=ISSUER, audience=AUDIENCE)


def _drop_key(path: Path, kid: str, *, replace: bool) -> None:
    doc = json.loads(path.read_text())
    doc["keys"] = [k for k in doc["keys"] if k["kid"] != kid]
    if replace:  # how deployment tools rotate: write a new file, rename it over the old one
        tmp = path.with_suffix(".new")
        tmp.write_text(json.dumps(doc))
        tmp.replace(path)
    else:  # an editor writing in place
        path.write_text(json.dumps(doc))


@pytest.mark.parametrize("replace", [True, False])
def test_jwks_reload_on_change(tmp_path: Path, replace: bool) -> None:
    path, private = jwks_keys(tmp_path)
    auth = JwtAuthenticator(jwks=path, issuer=ISSUER, audience=AUDIENCE, leeway=5)
    ec_token = make_token(private["ec"], "ec", "ES256")
    assert auth.authenticate(ec_token).id == "jwt:alice"
    _drop_key(path, "ec", replace=replace)
    assert _refused(auth, ec_token) == "unknown kid"  # removed from the file: refused at once
    assert auth.authenticate(make_token(private["rsa"], "rsa", "RS256")).id == "jwt:alice"
    path.unlink()  # the file briefly missing keeps the last good keys, not an open door
    assert _refused(auth, ec_token) == "unknown kid"
    assert auth.authenticate(make_token(private["ed"], "ed", "EdDSA")).id == "jwt:alice"


def test_jwks_reload_on_a_running_server(tmp_path: Path, iris_clf: Any) -> None:
    """End to end: a key removed from the JWKS file stops working without a restart."""
    from hauberk.gateway import create_app

    from ._support import config, live_server, make_keys

    path, private = jwks_keys(tmp_path)
    cfg = config(tmp_path, auth={"jwt": {"jwks": str(path), "issuer": ISSUER,
                                         "audience": AUDIENCE, "leeway": 5}})  # fmt: skip
    app = create_app(cfg, iris_clf, keys=make_keys(tmp_path).store)
    rsa = make_token(private["rsa"], "rsa", "RS256", roles=["predict"])
    ed = make_token(private["ed"], "ed", "EdDSA", roles=["predict"])
    with live_server(app) as live:
        assert live.predict(rsa, [[5.1, 3.5, 1.4, 0.2]]).status_code == 200
        _drop_key(path, "rsa", replace=True)
        gone = live.predict(rsa, [[5.1, 3.5, 1.4, 0.2]])
        assert gone.status_code == 401 and gone.json()["error"]["code"] == "invalid_credentials"
        assert live.predict(ed, [[5.1, 3.5, 1.4, 0.2]]).status_code == 200


def test_jwks_nested_deeper_than_json_goes_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "jwks.json"  # round 28: escaped as a RecursionError
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ConfigError, match="not JSON: nested too deeply"):
        JwtAuthenticator(jwks=path, issuer=ISSUER, audience=AUDIENCE)
