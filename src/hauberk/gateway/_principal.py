"""Who is asking: the identity every later stage (limits, monitor, audit) keys on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. ``id`` is public (``key:<id>`` or ``jwt:<iss>#<sub>``)."""

    id: str
    roles: frozenset[str]
    rate: float | None = None
