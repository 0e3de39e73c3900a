"""Stage 7: the model. Blue-green versions with an atomic switch and rollback, a shadow model
whose disagreements are counted, and an optional moving-target ensemble.

Every version is loaded (and verified) before the server starts; the admin routes can only
choose among them, never load anything. The live choice is one tuple assigned under a lock,
so a request sees either the old or the new version, never a mix. Versions must agree on
input spec and classes, so switching cannot change the request schema under clients.
Moving target (after Sengupta et al., "MTDeep", GameSec 2017) answers each request from a
randomly chosen member of the ensemble, so an attacker cannot tailor inputs to one model.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.models import Model


def _compatible(a: Model, b: Model) -> bool:
    return a.input_spec == b.input_spec and tuple(a.classes) == tuple(b.classes)


class ModelVersions:
    """Named, preloaded models and which one is live."""

    def __init__(
        self,
        models: Mapping[str, Model],
        *,
        active: str | None = None,
        shadow: str | None = None,
        moving_target: Sequence[str] = (),
    ) -> None:
        if not models:
            raise ConfigError("the gateway needs at least one model version")
        self.models = dict(models)
        first = next(iter(self.models))
        active = active or first
        for role, name in (
            ("active", active),
            ("shadow", shadow),
            *(("moving_target", n) for n in moving_target),
        ):
            if name is not None and name not in self.models:
                raise ConfigError(f"{role} version {name!r} is not among {sorted(self.models)}")
        base = self.models[active]
        for name, model in self.models.items():
            if not _compatible(base, model):
                raise ConfigError(
                    f"version {name!r} has another input spec or classes than {active!r}; "
                    "versions of one gateway must be interchangeable"
                )
        self.shadow = shadow
        self.moving_target = tuple(moving_target)
        self._lock = threading.Lock()
        self._live: tuple[str, str | None] = (active, None)  # (active, previous)

    @property
    def active(self) -> str:
        return self._live[0]

    @property
    def previous(self) -> str | None:
        return self._live[1]

    @property
    def spec_model(self) -> Model:
        return self.models[self.active]

    def switch(self, name: str) -> str:
        """Make ``name`` live; return the version it replaced."""
        if name not in self.models:
            raise GatewayError("unknown_version", "no such model version", reason=f"{name!r:.80}")
        with self._lock:
            old = self._live[0]
            if name != old:
                self._live = (name, old)
        return old

    def rollback(self) -> str:
        """Go back to the version live before the last switch; return the restored one."""
        with self._lock:
            active, previous = self._live
            if previous is None:
                raise GatewayError(
                    "incompatible_version", "there is no previous version to roll back to"
                )
            self._live = (previous, active)
        return previous

    def describe(self) -> dict[str, Any]:
        active, previous = self._live
        return {
            "active": active,
            "previous": previous,
            "versions": sorted(self.models),
            "shadow": self.shadow,
            "moving_target": list(self.moving_target),
        }


class ModelRunner:
    """Scores a batch with the live version (or a random ensemble member)."""

    def __init__(self, versions: ModelVersions) -> None:
        self.versions = versions

    def predict(self, x: NDArray[Any]) -> tuple[str, NDArray[np.float64]]:
        members = self.versions.moving_target
        name = secrets.choice(members) if members else self.versions.active
        return name, self.versions.models[name].predict_proba(x)
