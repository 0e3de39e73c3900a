"""Authentication by API key, against the hashed key store (see ``_keys``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hauberk.gateway._errors import GatewayError
from hauberk.gateway._keys import KeyStore
from hauberk.gateway._principal import Principal

if TYPE_CHECKING:
    from hauberk.governance import RoleStore


class ApiKeyAuthenticator:
    """Turns a presented ``hbk_...`` key into a :class:`Principal`, or refuses it.

    With ``roles`` (the lifecycle role store shared with ``hauberk registry``), a key whose id
    a principal lists under ``api_keys`` also holds that principal's roles (``deploy``...).
    """

    def __init__(self, store: KeyStore, roles: RoleStore | None = None) -> None:
        self.store = store
        self.roles = roles

    def authenticate(self, token: str) -> Principal:
        record = self.store.lookup(token)
        if record is None:
            raise GatewayError(
                "invalid_credentials",
                "the credentials are not valid",
                reason="api key unknown, wrong or revoked",
            )
        held = frozenset({record.role})
        if self.roles is not None:
            held |= self.roles.gateway_roles(record.id)
        return Principal(id=f"key:{record.id}", roles=held, rate=record.rate)
