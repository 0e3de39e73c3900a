"""Authentication by JWT bearer token (RFC 7519), verified against a JWKS file with pyjwt.

Algorithm confusion is closed off by construction: the JWKS may hold only asymmetric keys
(RSA of at least 2048 bits, EC P-256, Ed25519); each key implies exactly one algorithm
(RS256, ES256, EdDSA), which must also be in the configured allowlist; the token's ``kid``
picks the key and its header ``alg`` must equal that key's algorithm; pyjwt is then called
with that single algorithm. ``none``, every HS* algorithm and an RSA public key reused as an
HMAC secret therefore never verify. ``exp``, ``iss``, ``aud`` and ``sub`` are required,
``nbf`` is honoured when present, all with a small leeway for clock skew.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._principal import Principal

log = logging.getLogger("hauberk.gateway")
MAX_JWKS_BYTES = 1 << 20
ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class _Key:
    algorithm: str
    key: Any


def _algorithm_of(jwk: dict[str, Any]) -> str:
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "RSA":
        alg = "RS256"
    elif kty == "EC" and crv == "P-256":
        alg = "ES256"
    elif kty == "OKP" and crv == "Ed25519":
        alg = "EdDSA"
    else:
        raise ConfigError(
            f"JWKS key {jwk.get('kid')!r}: kty={kty!r} crv={crv!r} is not allowed; use RSA "
            "(RS256), EC P-256 (ES256) or OKP Ed25519 (EdDSA). Symmetric keys are refused."
        )
    declared = jwk.get("alg")
    if declared is not None and declared != alg:
        raise ConfigError(f"JWKS key {jwk.get('kid')!r} declares alg {declared!r}, expected {alg}")
    return alg


def load_jwks(path: Path, allowed: tuple[str, ...]) -> dict[str, _Key]:
    """Keys by ``kid``; every key must be asymmetric and its algorithm allowed."""
    import jwt

    if not path.is_file():
        raise ConfigError(f"JWKS file {path} does not exist")
    if path.stat().st_size > MAX_JWKS_BYTES:
        raise ConfigError(f"JWKS file {path} is larger than {MAX_JWKS_BYTES} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"JWKS file {path} is not JSON: {exc}") from None
    except RecursionError:  # json nests without limit: a file of "[" overflows the stack
        raise ConfigError(f"JWKS file {path} is not JSON: nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list) or not data["keys"]:
        raise ConfigError(f"JWKS file {path} must be {{'keys': [...]}} with at least one key")
    keys: dict[str, _Key] = {}
    for jwk in data["keys"]:
        if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str) or not jwk["kid"]:
            raise ConfigError(f"JWKS file {path}: every key needs a non-empty string 'kid'")
        if "d" in jwk:
            raise ConfigError(f"JWKS file {path}: key {jwk['kid']!r} holds a private key")
        alg = _algorithm_of(jwk)
        if alg not in allowed:
            raise ConfigError(f"JWKS key {jwk['kid']!r} needs {alg}, not in algorithms {allowed}")
        try:
            key = jwt.PyJWK(jwk, algorithm=alg).key
        except (jwt.PyJWKError, ValueError, TypeError) as exc:
            raise ConfigError(f"JWKS key {jwk['kid']!r} is malformed: {exc}") from None
        if alg == "RS256" and key.key_size < _MIN_RSA_BITS:
            raise ConfigError(f"JWKS key {jwk['kid']!r} is RSA-{key.key_size}; use >= 2048 bits")
        if jwk["kid"] in keys:
            raise ConfigError(f"JWKS file {path}: kid {jwk['kid']!r} appears twice")
        keys[jwk["kid"]] = _Key(alg, key)
    return keys


def _refuse(reason: str) -> GatewayError:
    return GatewayError("invalid_credentials", "the credentials are not valid", reason=reason)


class JwtAuthenticator:
    """Turns a signed JWT into a :class:`Principal` whose roles come from ``roles_claim``."""

    def __init__(
        self,
        *,
        jwks: str | Path,
        issuer: str,
        audience: str,
        algorithms: tuple[str, ...] = ("RS256", "ES256", "EdDSA"),
        leeway: float = 30.0,
        roles_claim: str = "roles",
        max_token_bytes: int = 8192,
    ) -> None:
        bad = set(algorithms) - {"RS256", "ES256", "EdDSA"}
        if bad or not algorithms:
            raise ConfigError(f"algorithms must be among RS256, ES256, EdDSA; got {algorithms}")
        if not 0 <= leeway <= 300:
            raise ConfigError(f"leeway must be in [0, 300] seconds, got {leeway}")
        self.jwks = Path(jwks)
        self.issuer = issuer
        self.audience = audience
        self.algorithms = tuple(algorithms)
        self.leeway = leeway
        self.roles_claim = roles_claim
        self.max_token_bytes = max_token_bytes
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = self._file_stamp()
        self._keys = load_jwks(self.jwks, self.algorithms)
        self.problem: str | None = None  # why the file on disk is not in force

    def _file_stamp(self) -> tuple[int, int, int]:
        info = self.jwks.stat()
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def _current_keys(self) -> dict[str, _Key]:
        """The keys, re-read when the file changes. A file that is missing, half written or
        invalid keeps the last good keys in force (logged once per version of the file, and
        reported by ``/readyz`` through :attr:`problem`): a token signed by a key we know still
        verifies, any other is a 401, never a 500."""
        try:
            stamp = self._file_stamp()
        except OSError:
            self.problem = f"JWKS file {self.jwks} is missing"
            self._stamp = None  # read it again when it is back
            return self._keys
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    try:
                        self._keys = load_jwks(self.jwks, self.algorithms)
                        self.problem = None
                    except (ConfigError, OSError) as exc:
                        self.problem = str(exc)
                        log.warning("%s; keeping the %d keys read before", exc, len(self._keys))
                    self._stamp = stamp
        return self._keys

    def authenticate(self, token: str) -> Principal:
        import jwt

        if len(token) > self.max_token_bytes:
            raise _refuse("token too long")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _refuse("malformed token header") from None
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str) or alg not in self.algorithms:
            raise _refuse(f"algorithm {alg!r:.20} not allowed")
        keys = self._current_keys()
        entry = keys.get(kid) if isinstance(kid, str) else None
        if entry is None:
            raise _refuse("unknown kid")
        if entry.algorithm != alg:
            raise _refuse(f"algorithm {alg} does not match key {kid:.40}")
        try:
            claims = jwt.decode(
                token,
                key=entry.key,
                algorithms=[entry.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise _refuse("token expired") from None
        except jwt.PyJWTError as exc:
            raise _refuse(f"token rejected: {type(exc).__name__}") from None
        sub = claims.get("sub")
        if not isinstance(sub, str) or not 0 < len(sub) <= 200 or not sub.isprintable():
            raise _refuse("sub claim must be 1-200 printable characters")
        raw = claims.get(self.roles_claim, ())
        listed = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        roles = frozenset(r for r in listed if isinstance(r, str) and ROLE.match(r))
        return Principal(id=f"jwt:{sub}", roles=roles)
