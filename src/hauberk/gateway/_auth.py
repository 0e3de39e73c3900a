"""Stage 2: authentication. ``Authorization: Bearer <credential>``, an API key or a JWT."""

from __future__ import annotations

from typing import Protocol

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._principal import Principal

MAX_HEADER = 16384


class CredentialVerifier(Protocol):
    def authenticate(self, token: str) -> Principal: ...


class Authenticator:
    """Picks the verifier by the credential's form: ``hbk_`` keys, else three-part JWTs."""

    def __init__(
        self, *, api_keys: CredentialVerifier | None, jwt: CredentialVerifier | None
    ) -> None:
        if api_keys is None and jwt is None:
            raise ConfigError(
                "authentication needs an API key store ([auth] keys or --keys) or a JWKS "
                "([auth.jwt]); the gateway never serves without authentication"
            )
        self.api_keys = api_keys
        self.jwt = jwt

    def authenticate(self, header: str | None) -> Principal:
        if header is None or not header.strip():
            raise GatewayError("missing_credentials", "send Authorization: Bearer <key or token>")
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(header) > MAX_HEADER:
            raise GatewayError(
                "invalid_credentials",
                "the Authorization header must be 'Bearer <key or token>'",
                reason="malformed authorization header",
            )
        if token.startswith("hbk_"):
            if self.api_keys is not None:
                return self.api_keys.authenticate(token)
        elif token.count(".") == 2 and self.jwt is not None:
            return self.jwt.authenticate(token)
        raise GatewayError(
            "invalid_credentials", "the credentials are not valid", reason="unknown credential form"
        )
