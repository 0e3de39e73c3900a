"""The answer of a guard: flagged or not, a score in [0, 1], and the signals that fired."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GuardVerdict:
    """``flagged`` is ``score >= threshold`` or a hard rule (unreadable, oversize, a secret).

    ``signals`` names everything that fired, in a stable order: decoding steps
    (``base64``, ``zero_width``...), detectors (``classifier``, ``rule:ignore_instructions``,
    ``secret:github_token``...), and where it fired for context documents and earlier turns
    (``context[2]:classifier``, ``split_payload``).
    """

    flagged: bool
    score: float
    signals: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"flagged": self.flagged, "score": round(self.score, 6), "signals": list(self.signals)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))
