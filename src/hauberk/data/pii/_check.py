"""``data.pii``: personal data in the data set an assessment is given."""

from __future__ import annotations

from typing import Any

import numpy as np

from hauberk.core import CheckContext, CheckResult
from hauberk.data import _rules as rules
from hauberk.data._stage import DATA, DataSettings
from hauberk.data.pii._columns import findings, scan_frame
from hauberk.models import Target


def _columns(x: Any) -> dict[str, list[Any]]:
    """A 2-D sample array as named columns (``x[:, j]`` is column ``"x[:,j]"``).

    Numbers can hold personal data only as integers of seven digits or more (a card or an
    SSN stored as a number): numeric columns without such values are left out at array
    speed, so an image data set costs one vectorised pass, not a Python call per pixel."""
    arr = np.asarray(x)
    flat = arr.reshape(len(arr), -1)
    if np.issubdtype(flat.dtype, np.number) and not np.issubdtype(flat.dtype, np.complexfloating):
        with np.errstate(invalid="ignore"):
            big = np.isfinite(flat) & (np.abs(flat) >= 1e6) & (flat == np.round(flat))
        return {
            f"x[:,{j}]": np.where(big[:, j], flat[:, j], np.nan).tolist()
            for j in np.flatnonzero(big.any(axis=0))
        }
    return {f"x[:,{j}]": flat[:, j].tolist() for j in range(flat.shape[1])}


class PersonalData:
    name = "data.pii"
    stage = DATA
    needs = frozenset({"data"})
    rules = (rules.PII_IDENTIFIER, rules.PII_CONTACT, rules.PII_ONLINE, rules.PII_COLUMN_NAME)
    description = "Personal data (cards, IBANs, national ids, e-mail, phones, IPs) per column."

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        data = target.data
        assert data is not None
        settings = ctx.settings
        assert isinstance(settings, DataSettings)
        splits = {"train": data.train, "test": data.test, "data": data.single}
        present = {k: v for k, v in splits.items() if v is not None}
        if not present:
            return CheckResult.error(self.name, self.stage.name, "the data set has no rows")
        found = []
        metrics: dict[str, Any] = {}
        cut: list[str] = []
        counts: dict[str, int] = {}
        for where, split in present.items():
            ctx.check_time()
            n = len(split)
            limit = min(ctx.sample_limit(n), settings.pii_max_rows)
            report = scan_frame(
                _columns(split.x),
                sample=None if limit >= n else limit,
                seed=ctx.seed,
                tick=ctx.check_time,
            )
            if report.sampled:
                cut.append(f"{where}: {limit} of {n} rows scanned")
            found += findings(report, f"data:{where}")
            metrics[f"{where}.rows"] = n
            metrics[f"{where}.rows_scanned"] = min(limit, n)
            metrics[f"{where}.personal_columns"] = [c.column for c in report.personal_columns]
            metrics[f"{where}.columns"] = [c.to_dict() for c in report.personal_columns]
            for entity, count in report.entities.items():
                counts[entity] = counts.get(entity, 0) + count
        metrics["entities"] = counts
        reason = ""
        if cut:
            reason = (
                "; ".join(cut)
                + "; rows not scanned may hold personal data (raise [ingestion] pii_max_rows "
                "or max_samples to scan them all)"
            )
        return CheckResult.of(
            self.name, self.stage.name, found, metrics, partial=bool(cut), reason=reason
        )
