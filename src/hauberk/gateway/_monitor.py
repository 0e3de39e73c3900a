"""Stage 9: the extraction monitor per principal, with throttling and an alert event."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.gateway._errors import GatewayError
from hauberk.gateway._prada import PradaMonitor, Verdict
from hauberk.gateway._ratelimit import Limiter


class ExtractionAlert(GatewayError):
    """The monitor flagged a principal; carries the verdict for the alert event."""

    def __init__(self, principal: str, verdict: Verdict, cooldown: float) -> None:
        super().__init__(
            "extraction_throttled",
            "this credential is throttled: its queries look like a model extraction attempt",
            reason=f"PRADA W={verdict.w} after {verdict.queries} queries",
            retry_after=cooldown,
        )
        self.principal = principal
        self.verdict = verdict


class ExtractionWatch:
    """Feeds each answered batch to PRADA; on an alarm, blocks the principal for ``cooldown``
    seconds in the rate limiter (shared across replicas with Redis) and refuses the batch."""

    def __init__(self, monitor: PradaMonitor, limiter: Limiter, *, cooldown: float) -> None:
        self.monitor = monitor
        self.limiter = limiter
        self.cooldown = cooldown

    def watch(self, principal: str, x: NDArray[Any], proba: NDArray[np.float64]) -> None:
        verdict = self.monitor.observe(principal, x, proba.argmax(axis=1))
        if verdict.alert:
            self.limiter.block(principal, self.cooldown)
            self.monitor.forget(principal)
            raise ExtractionAlert(principal, verdict, self.cooldown)
