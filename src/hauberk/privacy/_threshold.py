"""Loss-threshold membership inference (Yeom et al. 2018, "Privacy Risk in Machine Learning:
Analyzing the Connection to Overfitting", CSF).

Threat model: black box, one query per record, no shadow models. A record is called a member
when the target's loss on it is low. Sweeping the threshold over all records gives the ROC; a
deployed attacker would pick one threshold, so the curve is an upper bound for this attack and
a lower bound for what an adversary with shadow models achieves (see LiRA, RMIA).

``statistic="confidence"`` uses the highest class probability instead (Salem et al. 2019,
"ML-Leaks"), which needs no labels of the records but is weaker.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.privacy._attack import TargetOutputs
from hauberk.privacy._shadow import ShadowSet

STATISTICS = ("loss", "confidence")


class ThresholdAttack:
    """Score = ``-loss`` (or the top-class probability): no shadows, one query per record."""

    needs_shadows = False

    def __init__(self, *, statistic: Literal["loss", "confidence"] = "loss") -> None:
        if statistic not in STATISTICS:
            raise ConfigError(f"statistic must be one of {STATISTICS}, got {statistic!r}")
        self.statistic = statistic

    @property
    def name(self) -> str:
        return "threshold" if self.statistic == "loss" else "confidence"

    def scores(self, target: TargetOutputs, shadows: ShadowSet | None) -> NDArray[np.float64]:
        if self.statistic == "loss":
            return -target.loss
        return np.asarray(target.proba.max(axis=1), dtype=np.float64)
