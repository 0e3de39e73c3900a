"""Stage 2: authentication. ``Authorization: Bearer <credential>``, an API key or a JWT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._principal import Principal

MAX_HEADER = 16384


class CredentialVerifier(Protocol):
    def authenticate(self, token: str) -> Principal: ...


class CertificateVerifier(Protocol):
    def authenticate(self, cert: Mapping[str, Any]) -> Principal: ...


class Authenticator:
    """Picks the verifier by the credential's form: ``hbk_`` keys, else three-part JWTs."""

    def __init__(
        self,
        *,
        api_keys: CredentialVerifier | None,
        jwt: CredentialVerifier | None,
        certs: CertificateVerifier | None = None,
    ) -> None:
        if api_keys is None and jwt is None and certs is None:
            raise ConfigError(
                "authentication needs an API key store ([auth] keys or --keys), a JWKS "
                "([auth.jwt]) or client certificates ([tls] client_ca and [tls.clients]); "
                "the gateway never serves without authentication"
            )
        self.api_keys = api_keys
        self.jwt = jwt
        self.certs = certs

    def authenticate(
        self, header: str | None, client_cert: Mapping[str, Any] | None = None
    ) -> Principal:
        """The principal of ``header``; without one, of the verified client certificate."""
        no_header = header is None or not header.strip()
        if no_header and client_cert is not None and self.certs is not None:
            return self.certs.authenticate(client_cert)
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
