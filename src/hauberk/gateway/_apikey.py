"""Authentication by API key, against the hashed key store (see ``_keys``)."""

from __future__ import annotations

from hauberk.gateway._errors import GatewayError
from hauberk.gateway._keys import KeyStore
from hauberk.gateway._principal import Principal


class ApiKeyAuthenticator:
    """Turns a presented ``hbk_...`` key into a :class:`Principal`, or refuses it."""

    def __init__(self, store: KeyStore) -> None:
        self.store = store

    def authenticate(self, token: str) -> Principal:
        record = self.store.lookup(token)
        if record is None:
            raise GatewayError(
                "invalid_credentials",
                "the credentials are not valid",
                reason="api key unknown, wrong or revoked",
            )
        return Principal(id=f"key:{record.id}", roles=frozenset({record.role}), rate=record.rate)
