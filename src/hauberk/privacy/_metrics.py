"""The membership-inference metrics the research community reports (Carlini et al. 2022, S&P):
AUC, TPR at a low FPR, and the full ROC curve, meant for log-log axes.

TPR at FPR ``f`` is the highest true-positive rate among thresholds whose false-positive rate
is at most ``f``. With ``m`` non-members the smallest measurable FPR above zero is ``1/m``;
when ``f < 1/m`` the value is the TPR at zero false positives, which is what the attack would
achieve with a threshold no non-member passes.

What a report quotes comes from :func:`membership_rates`: the AUC with a bootstrap 95%
interval, and the TPR at ``f`` with a Clopper-Pearson interval over the members, but only when
there are at least ``min_negatives_for(f) = 10 / f`` non-members (ten false positives' worth,
the rule of thumb of LiRA and ML Privacy Meter); below that the TPR at ``f`` is a measurement
of one or two non-members' scores and is reported missing, with how many would be needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.core._stats import Rate, bootstrap_auc, clopper_pearson, min_negatives_for

#: The FPR levels reported for every attack, and the metric name of each.
FPR_LEVELS: tuple[tuple[float, str], ...] = (
    (0.001, "tpr_at_fpr_0.001"),
    (0.01, "tpr_at_fpr_0.01"),
)


@dataclass(frozen=True)
class Roc:
    """A ROC curve: ``fpr[i]``/``tpr[i]`` for the ``i``-th threshold, from strictest to loosest."""

    fpr: NDArray[np.float64]
    tpr: NDArray[np.float64]

    @property
    def auc(self) -> float:
        return float(np.trapezoid(self.tpr, self.fpr))

    def tpr_at(self, fpr: float) -> float:
        ok = self.fpr <= fpr + 1e-12
        return float(self.tpr[ok].max()) if ok.any() else 0.0


def _check(scores: Any, members: Any) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    m = np.asarray(members).reshape(-1)
    if s.shape != m.shape:
        raise InputError(f"scores ({s.shape[0]}) and membership labels ({m.shape[0]}) differ")
    if not np.isin(m, (0, 1, True, False)).all():
        raise InputError("membership labels must be 0/1 or booleans")
    mb = m.astype(bool)
    if mb.all() or not mb.any():
        raise InputError("membership metrics need both members and non-members")
    if np.isnan(s).any():
        raise InputError("membership scores contain NaN")
    return s, mb


def roc(scores: Any, members: Any) -> Roc:
    """ROC of ``scores`` (higher means "member") against the true ``members`` mask.

    Ties share one threshold, so a constant score gives the chance diagonal, not a staircase.
    """
    s, mb = _check(scores, members)
    order = np.argsort(-s, kind="stable")
    s_sorted, m_sorted = s[order], mb[order]
    # last index of each run of equal scores: one ROC point per distinct threshold
    cut = np.r_[np.nonzero(np.diff(s_sorted))[0], len(s_sorted) - 1]
    tp = np.cumsum(m_sorted)[cut]
    fp = np.cumsum(~m_sorted)[cut]
    tpr = np.r_[0.0, tp / mb.sum()]
    fpr = np.r_[0.0, fp / (~mb).sum()]
    return Roc(fpr=fpr.astype(np.float64), tpr=tpr.astype(np.float64))


def membership_metrics(scores: Any, members: Any) -> dict[str, float]:
    """``auc``, ``tpr_at_fpr_0.001`` and ``tpr_at_fpr_0.01`` of one attack's scores."""
    curve = roc(scores, members)
    out = {"auc": curve.auc}
    for level, name in FPR_LEVELS:
        out[name] = curve.tpr_at(level)
    return out


@dataclass(frozen=True)
class MembershipRates:
    """The rates a report may quote for one attack: ``auc`` always, ``tpr[name]`` for each FPR
    level the non-members allow, and ``missing[name]`` saying why a level is absent."""

    auc: Rate
    tpr: dict[str, Rate]
    missing: dict[str, str]
    members: int
    non_members: int

    def get(self, name: str) -> Rate | None:
        return self.auc if name == "auc" else self.tpr.get(name)


def missing_reason(level: float, non_members: int) -> str:
    need = min_negatives_for(level)
    return (
        f"not measured: TPR at {level:.1%} FPR needs at least {need} non-members (10 false "
        f"positives), the audit had {non_members}"
    )


def membership_rates(
    scores: Any,
    members: Any,
    *,
    rounds: int = 1000,
    seed: int = 0,
    curve: Roc | None = None,
    levels: tuple[tuple[float, str], ...] = FPR_LEVELS,
) -> MembershipRates:
    """AUC with its bootstrap interval and, where the non-members allow, TPR at each FPR level
    (``levels``: ``(fpr, metric name)`` pairs) with its Clopper-Pearson interval over the
    members."""
    s, mb = _check(scores, members)
    curve = curve or roc(s, mb)
    pos, neg = int(mb.sum()), int((~mb).sum())
    tpr: dict[str, Rate] = {}
    missing: dict[str, str] = {}
    for level, name in levels:
        if neg < min_negatives_for(level):
            missing[name] = missing_reason(level, neg)
        else:
            tpr[name] = clopper_pearson(round(curve.tpr_at(level) * pos), pos)
    auc = bootstrap_auc(mb, s, rounds=rounds, seed=seed)
    return MembershipRates(auc, tpr, missing, pos, neg)


def log_roc_points(curve: Roc, max_points: int = 200) -> tuple[list[float], list[float]]:
    """ROC points with both rates above zero (drawable on log axes), thinned to ``max_points``
    spaced evenly in log FPR, always keeping the first and last."""
    keep = (curve.fpr > 0) & (curve.tpr > 0)
    fpr, tpr = curve.fpr[keep], curve.tpr[keep]
    if len(fpr) > max_points:
        grid = np.geomspace(fpr[0], fpr[-1], max_points)
        idx = np.unique(np.r_[np.searchsorted(fpr, grid, side="right") - 1, len(fpr) - 1])
        idx = idx[idx >= 0]
        fpr, tpr = fpr[idx], tpr[idx]
    return fpr.tolist(), tpr.tolist()
