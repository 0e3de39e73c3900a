"""Robust membership inference, RMIA (Zarifzadeh, Liu, Mahloujifar, Shokri 2024, "Low-Cost
High-Power Membership Inference Attacks", ICML).

Threat model: black box, probabilities only, a few reference (shadow) models and a population
of records ``z``. For a record ``x`` with label ``y`` the attack compares

    ratio(x) = Pr(y | x, target) / Pr(x),  Pr(x) = mean over reference models of Pr(y | x, ref)

with the same ratio of every population record, and scores ``x`` by the fraction of ``z`` it
dominates: ``score(x) = mean_z [ratio(x) / ratio(z) > gamma]``.

- ``online=True`` averages over all reference models (each record is "in" half of them).
- ``online=False`` uses only the reference models that did not train on the record and
  corrects for their bias with the paper's linear approximation
  ``Pr(x) = ((1 + a) * Pr_out(x) + (1 - a)) / 2`` (section 4, "offline"), ``a`` in [0, 1].

The population ``z`` is the audited records themselves, used without their membership labels
(the paper samples ``z`` from the population; here that population is the audited data).
A record is not compared with itself.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.privacy._attack import TargetOutputs
from hauberk.privacy._shadow import ShadowSet

EPS = 1e-30


class RMIA:
    """Pairwise likelihood-ratio test against population records."""

    needs_shadows = True

    def __init__(self, *, online: bool = True, a: float = 0.3, gamma: float = 1.0) -> None:
        if not 0.0 <= a <= 1.0:
            raise ConfigError(f"RMIA offline factor a must be within [0, 1], got {a}")
        if gamma <= 0:
            raise ConfigError(f"RMIA gamma must be > 0, got {gamma}")
        self.online = online
        self.a = a
        self.gamma = gamma

    @property
    def name(self) -> str:
        return "rmia" if self.online else "rmia_offline"

    def marginal(self, shadows: ShadowSet) -> NDArray[np.float64]:
        """``Pr(x)``: the reference models' mean probability of each record's label."""
        if self.online:
            return np.asarray(shadows.p_true.mean(axis=0))
        out = ~shadows.keep
        counts = out.sum(axis=0)
        mean_out = np.where(out, shadows.p_true, 0.0).sum(axis=0) / np.maximum(counts, 1)
        # a record with no "out" reference (early-stopped training) falls back to all of them
        mean_out = np.where(counts > 0, mean_out, shadows.p_true.mean(axis=0))
        return np.asarray(0.5 * ((1.0 + self.a) * mean_out + (1.0 - self.a)))

    def scores(self, target: TargetOutputs, shadows: ShadowSet | None) -> NDArray[np.float64]:
        if shadows is None:
            raise ConfigError("RMIA needs reference models: give a trainer")
        p = target.p_true
        if shadows.p_true.shape[1] != len(p):
            raise ConfigError("reference outputs and target outputs cover different records")
        ratio = (p + EPS) / (self.marginal(shadows) + EPS)
        population = np.sort(ratio)
        # ratio(x) / ratio(z) > gamma  <=>  ratio(z) < ratio(x) / gamma
        dominated = np.searchsorted(population, ratio / self.gamma, side="left").astype(float)
        if self.gamma < 1.0:
            dominated -= 1.0  # x itself satisfies ratio(x) < ratio(x) / gamma
        return np.asarray(dominated / max(len(population) - 1, 1))
