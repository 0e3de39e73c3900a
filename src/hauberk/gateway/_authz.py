"""Stage 3: authorisation. Roles per route from a table; a route not in it is denied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hauberk.gateway._errors import GatewayError
from hauberk.gateway._principal import Principal


class Authorizer:
    """``roles["POST /v1/predict"] = ("predict", "admin")``; deny by default."""

    def __init__(self, roles: Mapping[str, Sequence[str]]) -> None:
        self.roles = {route: frozenset(allowed) for route, allowed in roles.items()}

    def authorize(self, principal: Principal, route: str) -> None:
        allowed = self.roles.get(route, frozenset())
        if not allowed & principal.roles:
            raise GatewayError(
                "forbidden",
                "this credential may not use this route",
                reason=f"roles {sorted(principal.roles)} not in {sorted(allowed)} for {route}",
            )
