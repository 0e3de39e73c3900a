"""Rates with their uncertainty: every rate a finding quotes carries its sample size and a 95%
interval, and a threshold decision whose interval straddles the threshold is inconclusive.

Clopper–Pearson (exact binomial) intervals for proportions, as ML Privacy Meter and
RobustBench report them; a percentile bootstrap for statistics without a closed form (AUC).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hauberk.core._finding import JSON

CONFIDENCE = 0.95


class Verdict(enum.StrEnum):
    """Where an interval lies relative to a threshold."""

    ABOVE = "above"  # the whole interval is at or above the threshold
    BELOW = "below"  # the whole interval is below it
    INCONCLUSIVE = "inconclusive"  # it straddles the threshold


@dataclass(frozen=True)
class Rate:
    """``value`` measured on ``n`` samples, with a ``confidence`` interval ``[low, high]``."""

    value: float
    n: int
    low: float
    high: float
    method: str
    confidence: float = CONFIDENCE

    def verdict(self, threshold: float, *, strict: bool = False) -> Verdict:
        """ABOVE when the whole interval reaches ``threshold`` (passes it, if ``strict``: for
        limits of the form "a finding above"), BELOW when none of it does, else INCONCLUSIVE."""
        if self.low > threshold or (not strict and self.low >= threshold):
            return Verdict.ABOVE
        if self.high < threshold or (strict and self.high <= threshold):
            return Verdict.BELOW
        return Verdict.INCONCLUSIVE

    def to_dict(self) -> dict[str, JSON]:
        return {
            "value": self.value,
            "n": self.n,
            "ci_low": self.low,
            "ci_high": self.high,
            "confidence": self.confidence,
            "method": self.method,
        }

    def describe(self, fmt: str = ".3f") -> str:
        """``0.412 (95% CI 0.371-0.455, n=500)`` for a finding's detail."""
        pct = round(self.confidence * 100)
        return f"{self.value:{fmt}} ({pct}% CI {self.low:{fmt}}-{self.high:{fmt}}, n={self.n})"


def clopper_pearson(successes: int, n: int, confidence: float = CONFIDENCE) -> Rate:
    """The exact binomial interval for ``successes`` out of ``n``."""
    if n <= 0:
        raise ValueError(f"a rate needs at least one sample, got n={n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be in [0, {n}], got {successes}")
    from scipy.stats import beta

    alpha = 1.0 - confidence
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, n - successes + 1))
    high = 1.0 if successes == n else float(beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    return Rate(successes / n, n, low, high, "clopper-pearson", confidence)


def bootstrap(
    statistic: Callable[[np.ndarray], float],
    n: int,
    *,
    rounds: int = 1000,
    seed: int = 0,
    confidence: float = CONFIDENCE,
) -> Rate:
    """A percentile bootstrap interval of ``statistic(indices)`` over ``n`` resampled rows.

    ``statistic`` receives an index array (with repeats) into the caller's data; rounds on
    which it is undefined (for example an AUC on a resample with one class) return NaN and
    are dropped.
    """
    if n <= 0:
        raise ValueError(f"a bootstrap needs at least one sample, got n={n}")
    rng = np.random.default_rng(seed)
    value = float(statistic(np.arange(n)))
    draws = np.array([statistic(rng.integers(0, n, n)) for _ in range(rounds)], dtype=float)
    draws = draws[np.isfinite(draws)]
    if draws.size == 0:
        return Rate(value, n, math.nan, math.nan, "bootstrap", confidence)
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail])
    return Rate(value, n, float(low), float(high), "bootstrap", confidence)


def bootstrap_auc(
    labels: np.ndarray, scores: np.ndarray, *, rounds: int = 1000, seed: int = 0
) -> Rate:
    """ROC AUC of ``scores`` for binary ``labels`` with a bootstrap interval.

    The AUC is the Mann-Whitney statistic with ties counted half (equal to scikit-learn's
    ``roc_auc_score``), from ranks: one sort per round instead of a ROC curve.
    """
    from scipy.stats import rankdata

    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=float)
    if y.shape != s.shape or y.ndim != 1:
        raise ValueError(f"labels {y.shape} and scores {s.shape} must be equal 1-d shapes")

    def auc(idx: np.ndarray) -> float:
        yi = y[idx]
        pos = int(yi.sum())
        neg = yi.size - pos
        if pos == 0 or neg == 0:
            return math.nan
        ranks = rankdata(s[idx])
        return float((ranks[yi].sum() - pos * (pos + 1) / 2) / (pos * neg))

    return bootstrap(auc, y.size, rounds=rounds, seed=seed)


def min_negatives_for(fpr: float) -> int:
    """The fewest negatives that let a TPR at ``fpr`` mean anything: 10 false positives'
    worth (LiRA's and ML Privacy Meter's rule of thumb)."""
    if not 0 < fpr < 1:
        raise ValueError(f"fpr must be in (0, 1), got {fpr}")
    return math.ceil(10 / fpr)


def samples_to_decide(rate: Rate, threshold: float, confidence: float = CONFIDENCE) -> int:
    """About how many samples would make an interval around ``rate.value`` clear
    ``threshold`` if the observed rate held (at least ``rate.n + 1``; 0 when the value sits
    on the threshold, which no finite sample decides).

    Clopper-Pearson rates are searched exactly (the normal approximation is far off near 0
    and 1, where low-FPR rates live). Other rates (bootstrap) scale their own interval: its
    half-width on the threshold's side shrinks as ``1 / sqrt(n)``, which needs no model of the
    statistic's variance (an AUC's or a difference's is not ``p (1 - p)``).
    """
    gap = abs(rate.value - threshold)
    if gap == 0:
        return 0
    z = float(np.sqrt(2) * _erfinv(confidence))
    p = min(max(rate.value, 1e-6), 1 - 1e-6)
    normal = max(rate.n + 1, math.ceil(z * z * p * (1 - p) / (gap * gap)))
    if rate.method != "clopper-pearson":
        half = rate.value - rate.low if threshold < rate.value else rate.high - rate.value
        if not math.isfinite(half) or half <= 0:
            return normal
        return max(rate.n + 1, math.ceil(rate.n * (half / gap) ** 2))

    def decided(m: int) -> bool:
        k = min(m, max(0, round(rate.value * m)))
        return clopper_pearson(k, m, confidence).verdict(threshold) is not Verdict.INCONCLUSIVE

    low, high = rate.n, normal
    while not decided(high):
        if high > 10**9:
            return high
        low, high = high, high * 2
    while high - low > 1:  # the smallest size that decides, between a failing and a passing one
        mid = (low + high) // 2
        low, high = (low, mid) if decided(mid) else (mid, high)
    return max(high, rate.n + 1)


def _erfinv(x: float) -> float:
    from scipy.special import erfinv

    return float(erfinv(x))
