"""Data hygiene: non-finite values, conflicting duplicates, train/test leakage, imbalance."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import CheckContext, CheckResult, Finding
from hauberk.data import _rules as rules
from hauberk.data._stage import DATA, DataSettings
from hauberk.models import Dataset, Split, Target


def _row_keys(x: NDArray[Any]) -> list[bytes]:
    flat = np.ascontiguousarray(x.reshape(len(x), -1))
    return [row.tobytes() for row in flat]


def _splits(data: Dataset) -> dict[str, Split]:
    named = {"train": data.train, "test": data.test, "data": data.single}
    return {k: v for k, v in named.items() if v is not None}


def nonfinite(name: str, split: Split) -> list[Finding]:
    x = split.x
    if not np.issubdtype(x.dtype, np.floating):
        return []
    bad = ~np.isfinite(x.reshape(len(x), -1)).all(axis=1)
    if not bad.any():
        return []
    rows = np.flatnonzero(bad)
    return [
        rules.NONFINITE.finding(
            f"data:{name}",
            f"{len(rows)} of {len(x)} rows hold NaN or infinity.",
            {"rows": len(rows), "first_rows": rows[:20].tolist()},
        )
    ]


def conflicting_labels(name: str, split: Split) -> list[Finding]:
    if split.y is None:
        return []
    seen: dict[bytes, set[Any]] = {}
    for key, label in zip(_row_keys(split.x), split.y.tolist(), strict=True):
        seen.setdefault(key, set()).add(label)
    conflicts = sum(1 for labels in seen.values() if len(labels) > 1)
    if not conflicts:
        return []
    return [
        rules.CONFLICTING_LABELS.finding(
            f"data:{name}",
            f"{conflicts} distinct inputs appear with more than one label.",
            {"conflicting_inputs": conflicts, "rows": len(split)},
        )
    ]


def leakage(data: Dataset) -> list[Finding]:
    if data.train is None or data.test is None:
        return []
    train = set(_row_keys(data.train.x))
    shared = [i for i, key in enumerate(_row_keys(data.test.x)) if key in train]
    if not shared:
        return []
    share = len(shared) / len(data.test)
    return [
        rules.LEAKAGE.finding(
            "data:test",
            f"{len(shared)} of {len(data.test)} test rows ({share:.1%}) also occur in training.",
            {"shared_rows": len(shared), "share": share, "first_rows": shared[:20]},
        )
    ]


def imbalance(name: str, split: Split, min_share: float) -> list[Finding]:
    if split.y is None:
        return []
    counts = Counter(split.y.tolist())
    mean = len(split) / max(len(counts), 1)
    rare = {str(c): n for c, n in counts.items() if n < min_share * mean}
    if not rare:
        return []
    return [
        rules.IMBALANCE.finding(
            f"data:{name}",
            f"{len(rare)} class(es) have fewer than {min_share:.0%} of the mean count "
            f"({mean:.0f} rows per class).",
            {"rare_classes": rare, "mean_count": mean},
        )
    ]


class DataHygiene:
    """Cheap, exact checks every data set should pass before anyone trains on it."""

    name = "data.hygiene"
    stage = DATA
    needs = frozenset({"data"})
    rules = (rules.NONFINITE, rules.CONFLICTING_LABELS, rules.LEAKAGE, rules.IMBALANCE)
    description = "NaN/inf, conflicting duplicate labels, train/test leakage, class imbalance."

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        assert target.data is not None
        settings = ctx.settings
        assert isinstance(settings, DataSettings)
        findings: list[Finding] = []
        metrics: dict[str, Any] = {}
        for name, split in _splits(target.data).items():
            findings += nonfinite(name, split)
            findings += conflicting_labels(name, split)
            findings += imbalance(name, split, settings.min_class_share)
            metrics[f"{name}.rows"] = len(split)
            metrics[f"{name}.duplicate_rows"] = len(split) - len(set(_row_keys(split.x)))
        findings += leakage(target.data)
        return CheckResult.of(self.name, self.stage.name, findings, metrics)
