"""Run every row detector on one data set and split it into clean and quarantined rows.

Detectors register in ``DETECTORS``: each is a callable ``(x, y, model, settings) ->
RowFlags`` (``model`` is the user's model or ``None``; feature-based detectors then train
their own small default model on the data). The quarantine is the union of every detector's
rows; each quarantined row keeps every detector's score and reason. A detector that raises
makes the whole scan fail: a clean set is only written when every detector looked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.data._flags import RowFlags
from hauberk.data._label_flip import label_flips
from hauberk.data._stage import DataSettings
from hauberk.data._table import Table, render, write_together
from hauberk.models import Model

if TYPE_CHECKING:
    from hauberk.core import Report

Detector = Callable[[NDArray[Any], NDArray[Any], Model | None, DataSettings], RowFlags]


def model_probabilities(model: Model, x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
    """The model's probabilities with columns reordered to the sorted distinct labels of ``y``.

    Every label must be one of the model's classes; classes the data does not use are
    dropped and each row renormalised."""
    from hauberk.models import label_indices

    label_indices(model, y)  # an unknown label is an InputError naming it
    probs = np.asarray(model.predict_proba(x.reshape((len(x), *model.input_spec.shape))))
    lookup = {c: i for i, c in enumerate(model.classes)}
    columns = [lookup[c] for c in np.unique(y).tolist()]
    picked = probs[:, columns]
    total = picked.sum(axis=1, keepdims=True)
    return np.asarray(picked / np.where(total > 0, total, 1.0), dtype=np.float64)


def detect_label_flips(
    x: NDArray[Any], y: NDArray[Any], model: Model | None, settings: DataSettings
) -> RowFlags:
    """Confident learning on the model's (or a cross-validated default model's) probabilities
    fused with neighbour agreement (``hauberk.data._label_flip``)."""
    probs = model_probabilities(model, x, y) if model is not None else None
    return label_flips(
        x,
        y,
        probabilities=probs,
        neighbours=settings.neighbours,
        folds=settings.label_folds,
        seed=0,  # the scan is reproducible: same file, same quarantine
    )


def detect_backdoor(
    x: NDArray[Any], y: NDArray[Any], model: Model | None, settings: DataSettings
) -> RowFlags:
    """The backdoor union (spectral signatures, trigger transfer with its clean-label support,
    Neural Cleanse) on the model's penultimate features (a torch model), or on a small default
    network trained on the data (``hauberk.data._backdoor``); on flat tables without a torch
    model, value triggers (``_tabular_backdoor``)."""
    from hauberk.data._backdoor import backdoor_flags
    from hauberk.data._features import BackdoorSettings

    if x.ndim < 3 and not hasattr(model, "torch_module"):
        # Measured on flat tables (scikit-learn's wine), the default network's features flag
        # 12% of clean rows: flat rows get the tabular detector (value triggers) instead.
        from hauberk.data._tabular_backdoor import tabular_backdoor

        return tabular_backdoor(x.reshape(len(x), -1), y, BackdoorSettings())
    return backdoor_flags(x, y, model, BackdoorSettings())


#: Every row detector ``hauberk data scan`` runs, in order. Others append theirs here.
DETECTORS: tuple[Detector, ...] = (detect_label_flips, detect_backdoor)


@dataclass(frozen=True)
class ScanResult:
    """What the detectors found: the per-detector flags and the union of their rows."""

    rows: int
    flags: tuple[RowFlags, ...]

    @property
    def quarantined(self) -> NDArray[np.int64]:
        found = [f.rows for f in self.flags]
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(found)).astype(np.int64)

    @property
    def clean(self) -> NDArray[np.int64]:
        keep = np.ones(self.rows, dtype=bool)
        keep[self.quarantined] = False
        return np.flatnonzero(keep).astype(np.int64)

    def reasons(self, rows: NDArray[np.int64]) -> list[str]:
        """Per row: every flagging detector's ``detector: reason``, joined by ``; ``."""
        by_row: dict[int, list[str]] = {}
        for flag in self.flags:
            for r in flag.rows.tolist():
                by_row.setdefault(int(r), []).append(f"{flag.detector}: {flag.reason}")
        return ["; ".join(by_row.get(int(r), [])) for r in rows.tolist()]

    def scores(self, rows: NDArray[np.int64]) -> dict[str, NDArray[np.float64]]:
        """Per detector, each row's score (NaN where that detector did not flag the row)."""
        out: dict[str, NDArray[np.float64]] = {}
        for flag in self.flags:
            lookup = dict(zip(flag.rows.tolist(), flag.scores.tolist(), strict=True))
            out[flag.detector] = np.asarray(
                [lookup.get(int(r), np.nan) for r in rows.tolist()], dtype=np.float64
            )
        return out


def scan_rows(
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    model: Model | None = None,
    settings: DataSettings | None = None,
    detectors: tuple[Detector, ...] | None = None,
) -> ScanResult:
    """Run ``detectors`` (default: every registered one) on ``x`` and labels ``y``."""
    settings = settings or DataSettings()
    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) == 0:
        raise InputError("the data set has no rows; nothing to scan")
    if len(x) != len(y):
        raise InputError(f"{len(x)} rows of features but {len(y)} labels")
    flags = []
    for detector in detectors if detectors is not None else DETECTORS:
        flag = detector(x, y, model, settings)
        if len(flag.rows) and (flag.rows.min() < 0 or flag.rows.max() >= len(x)):
            raise ValueError(f"detector {flag.detector} flagged rows outside 0..{len(x) - 1}")
        flags.append(flag)
    return ScanResult(rows=len(x), flags=tuple(flags))


def scan_report(source: str, result: ScanResult, *, model: str | None = None) -> Report:
    """The scan as a ``core.Report``: one result per detector, one finding per detector that
    quarantined rows (rows counted with their 95% interval)."""
    import datetime as dt
    import platform

    import hauberk
    from hauberk.core import CheckResult, Report, clopper_pearson
    from hauberk.data._rules import QUARANTINED
    from hauberk.data._stage import DATA

    results = []
    for flag in result.flags:
        share = clopper_pearson(len(flag.rows), result.rows)
        findings = []
        if len(flag.rows):
            findings.append(
                QUARANTINED.finding(
                    source,
                    f"{len(flag.rows)} of {result.rows} rows, {share.describe('.3f')}, "
                    f"quarantined by {flag.detector}: {flag.reason}.",
                    {
                        "detector": flag.detector,
                        "share": share.to_dict(),
                        "first_rows": flag.rows[:50].tolist(),
                    },
                )
            )
        metrics = {**flag.metrics, "flagged": len(flag.rows), "share_ci": share.to_dict()}
        results.append(CheckResult.of(f"data.scan.{flag.detector}", DATA.name, findings, metrics))
    return Report(
        target={
            "name": source,
            "rows": result.rows,
            "quarantined": len(result.quarantined),
            "clean": len(result.clean),
            "model": model or "default (cross-validated logistic regression)",
        },
        environment={
            "python": platform.python_version(),
            "platform": platform.platform(),
            "hauberk": hauberk.__version__,
            "seed": 0,
            "detectors": [f.detector for f in result.flags],
        },
        results=tuple(results),
        stages={DATA.name: DATA.lifecycle.value},
        rules={QUARANTINED.id: QUARANTINED},
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def write_scan(
    table: Table,
    result: ScanResult,
    report: Report,
    out_dir: Path,
    formats: Sequence[str] = ("json",),
    *,
    _between: Callable[[], None] | None = None,
) -> list[Path]:
    """``clean.<ext>``, ``quarantine.<ext>`` and ``report.<fmt>`` in ``out_dir``: all of them
    or, if anything fails, none (``_table.write_together``)."""
    from hauberk.core import RENDERERS

    quarantined = result.quarantined
    extra: dict[str, NDArray[Any]] = {"reasons": np.asarray(result.reasons(quarantined), dtype=str)}
    for detector, scores in result.scores(quarantined).items():
        extra[f"score_{detector}"] = scores
    ext = table.extension
    files = {
        out_dir / f"clean.{ext}": render(table, result.clean),
        out_dir / f"quarantine.{ext}": render(table, quarantined, extra),
    }
    for name in formats:
        renderer = RENDERERS[name]
        files[out_dir / f"report.{renderer.extension}"] = renderer.render(report).encode("utf-8")
    write_together(files, _between=_between)
    return list(files)
