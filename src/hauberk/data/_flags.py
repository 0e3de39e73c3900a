"""What every poisoning and data detector hands to the quarantine: rows, scores and a reason.

Detectors (label flips, backdoors, personal data, schema violations) each return one
``RowFlags``; ``hauberk data scan`` unions them into the quarantine set, keeping every
detector's score and reason per row. Rows are 0-based positions in the input file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class RowFlags:
    """Rows one detector suspects, with a score per row (higher is more suspect)."""

    detector: str  # e.g. "label_flip", "spectral_signature", "activation_clustering"
    reason: str  # one line a reviewer reads beside each quarantined row
    rows: NDArray[np.int64]
    scores: NDArray[np.float64]
    metrics: dict[str, Any] = field(default_factory=dict)  # what the detector measured

    def __post_init__(self) -> None:
        if self.rows.shape != self.scores.shape or self.rows.ndim != 1:
            raise ValueError("RowFlags: rows and scores must be 1-D arrays of the same length")

    @classmethod
    def none(cls, detector: str, reason: str) -> RowFlags:
        empty = np.zeros(0, dtype=np.int64)
        return cls(detector, reason, empty, np.zeros(0, dtype=np.float64))
