"""The Likelihood Ratio Attack, LiRA (Carlini, Chien, Nasr, Song, Terzis, Tramèr 2022,
"Membership Inference Attacks From First Principles", IEEE S&P).

Threat model: black box, probabilities only; the adversary can train shadow models on data
from the same distribution (here: random halves of the audited records). For each record it
fits Gaussians to the logit-scaled confidence ``phi`` of the shadows that trained on it ("in")
and of those that did not ("out"), and scores the target's ``phi`` by their likelihood ratio.

- ``online=True`` (the paper's strongest form) uses both Gaussians. ``online=False`` uses only
  the "out" shadows, so they can be trained once, before the records to audit are known, and
  scores with the one-sided test of section VI-C: how far above the "out" mean the target's
  ``phi`` lies, in standard deviations.
- ``variance="per-example"`` estimates a variance per record, ``"fixed"`` one pooled variance
  per side (within-record deviations pooled over all records); the paper recommends fixed
  variance below about 64 shadows, which ``"auto"`` follows.

``statistic="augmented"`` is LiRA on augmented queries for targets that answer with labels or
coarse scores: ``phi`` is computed from the mean true-class probability over the same
perturbed copies of the record, asked of the target and of every shadow (see ``_labelonly``).

Means are medians of the shadow observations, as in the authors' reference code. A record
without any "in" (or "out") observation, which happens only when a time budget stopped the
shadow training early, borrows the average in-out offset of the other records.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.privacy._attack import TargetOutputs
from hauberk.privacy._shadow import ShadowSet

VARIANCES = ("auto", "fixed", "per-example")
AUTO_PER_EXAMPLE_FROM = 64
MIN_STD = 1e-6


def _masked_median(values: NDArray[np.float64], mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    data = np.where(mask, values, np.nan)
    with np.errstate(all="ignore"):
        counts = mask.sum(axis=0)
        out = np.full(values.shape[1], np.nan)
        has = counts > 0
        out[has] = np.nanmedian(data[:, has], axis=0)
    return out


def _fill_missing(mean: NDArray[np.float64], other: NDArray[np.float64], sign: float) -> None:
    missing = np.isnan(mean)
    if missing.any():
        both = ~np.isnan(mean) & ~np.isnan(other)
        offset = float(np.mean(mean[both] - other[both])) if both.any() else sign * 1.0
        mean[missing] = other[missing] + offset


def _std(
    values: NDArray[np.float64], mask: NDArray[np.bool_], centre: NDArray[np.float64], fixed: bool
) -> NDArray[np.float64]:
    dev2 = np.where(mask, (values - centre) ** 2, 0.0)
    counts = mask.sum(axis=0)
    if fixed or (counts < 2).any():
        pooled = float(np.sqrt(dev2.sum() / max(int(counts.sum()), 1)))
        per = np.full(values.shape[1], pooled)
        if not fixed:
            ok = counts >= 2
            per[ok] = np.sqrt(dev2[:, ok].sum(axis=0) / counts[ok])
        return np.asarray(np.maximum(per, MIN_STD))
    return np.asarray(np.maximum(np.sqrt(dev2.sum(axis=0) / counts), MIN_STD))


def _log_normal(
    x: NDArray[np.float64], mean: NDArray[np.float64], std: NDArray[np.float64]
) -> NDArray[np.float64]:
    z = (x - mean) / std
    return np.asarray(-0.5 * z * z - np.log(std))


class LiRA:
    """Likelihood-ratio membership scores from shadow models' logit-scaled confidences."""

    needs_shadows = True
    needs_perturbed = False

    def __init__(
        self,
        *,
        online: bool = True,
        variance: Literal["auto", "fixed", "per-example"] = "auto",
        statistic: Literal["confidence", "augmented"] = "confidence",
    ) -> None:
        if variance not in VARIANCES:
            raise ConfigError(f"variance must be one of {VARIANCES}, got {variance!r}")
        if statistic not in ("confidence", "augmented"):
            raise ConfigError(f"statistic must be 'confidence' or 'augmented', got {statistic!r}")
        self.online = online
        self.variance = variance
        self.statistic = statistic
        self.needs_perturbed = statistic == "augmented"

    @property
    def name(self) -> str:
        base = "lira" if self.online else "lira_offline"
        return f"{base}_augmented" if self.statistic == "augmented" else base

    def fixed_variance(self, shadows: ShadowSet) -> bool:
        if self.variance == "auto":
            return shadows.models < AUTO_PER_EXAMPLE_FROM
        return self.variance == "fixed"

    def scores(self, target: TargetOutputs, shadows: ShadowSet | None) -> NDArray[np.float64]:
        if shadows is None:
            raise ConfigError("LiRA needs shadow models: give a trainer")
        if self.statistic == "augmented":
            if target.aug_phi is None or shadows.aug_phi is None:
                raise ConfigError("LiRA on augmented queries needs answers on perturbed copies")
            phi, observed = target.aug_phi, shadows.aug_phi
        else:
            phi, observed = target.phi, shadows.phi
        if observed.shape[1] != len(phi):
            raise ConfigError("shadow outputs and target outputs cover different records")
        fixed = self.fixed_variance(shadows)
        keep = shadows.keep
        mean_out = _masked_median(observed, ~keep)
        if not self.online:
            _fill_missing(mean_out, _masked_median(observed, keep), -1.0)
            std_out = _std(observed, ~keep, mean_out, fixed)
            return np.asarray((phi - mean_out) / std_out)
        mean_in = _masked_median(observed, keep)
        _fill_missing(mean_in, mean_out, 1.0)
        _fill_missing(mean_out, mean_in, -1.0)
        std_in = _std(observed, keep, mean_in, fixed)
        std_out = _std(observed, ~keep, mean_out, fixed)
        return _log_normal(phi, mean_in, std_in) - _log_normal(phi, mean_out, std_out)
