"""Backdoors in flat tables: a trigger of one to a few feature values, found by stamping it on
other classes' rows (the tabular analogue of trigger transfer) and confirmed by exclusion.

Threat model: a poisoner sets one or a few columns of some rows to a fixed value (out of the
column's range, or a rare value inside it) and relabels the rows to a target class; a model
trained on the table learns "this value means the target class", and at inference time the
poisoner stamps the value on any row to get that class (Chen et al. 2017's targeted backdoor,
applied to tabular features as in Cohen et al. 2023, "Backdoor attacks and defenses on
tabular data").

The image detectors (spectral signatures, trigger transfer on penultimate features) do not
carry over: on scikit-learn's wine, the default network's features flagged 12% of clean rows.
This detector asks the question the attack answers, on the table itself:

1. **models**: a random forest (scikit-learn, 100 fully grown trees, fixed seed) and
   hauberk's default MLP (``_features.train_default``, on standardised columns), both trained
   on the table; a forest dilutes a one-column trigger over its trees (on digits, a trigger
   that moved 96% of rows in the MLP moved 13% in the forest), a network learns it readily;
2. **candidates**: per feature, every exact value shared by at least ``MIN_ROWS`` rows of which
   at least ``PURITY`` carry one class (the value is "over-represented in a class"); per
   class, candidates whose row sets overlap (Jaccard >= ``SAME_ROWS``) also form a
   multi-column candidate of up to ``MAX_COLUMNS`` columns;
3. **transfer**: each candidate's value(s) are stamped on up to ``backdoor_probe_rows`` rows
   of other classes that the model does not already put in the class; a candidate transfers
   when, in either model, at least ``backdoor_transfer_rate`` (0.5) of them flip to its
   class, or at least ``FLOOR`` (0.1) and ``backdoor_transfer_z`` (8) robust deviations above
   the other candidates' rates (most clean values move no row at all);
4. **exclusion**: a forest trained without the candidate's rows and without its columns
   classifies those rows; poison rows are other classes' rows relabelled, so most of them
   (``RECLASSIFIED``, 0.75) get another class, and their own class gets little probability
   (on average at most ``OWN_CLASS``, 0.25; poison on the bench's seed 0 got 0.01-0.08,
   values of a clean rounded synthetic table and of clean wine that passed the first three
   steps got 0.48-0.96). A genuine, strongly discriminative value of the class (iris
   setosa's petal lengths move more than half of other flowers) transfers but fails here:
   its rows really are the class.

Rows of the class carrying a confirmed candidate's value(s) are flagged. Score: the
candidate's transfer rate (0 for rows no confirmed candidate covers).

The check reports every confirmed trigger as a finding: the decision is the two rules above,
and the finding quotes the transfer rate with its interval. The constants were set on
seed 0 of ``bench/data_tabular_backdoor.py`` and on clean wine, breast cancer, digits and
iris (no row flagged on any of them).

What it cannot see: a trigger that is not an exact value (a range, or values with noise),
one or two poisoned rows (``MIN_ROWS``), a legitimate rule that is the only evidence for its
rows (a category that alone decides the class looks like a trigger to exclusion),
a trigger spread over more than ``MAX_COLUMNS`` columns, clean-label poison (rows of the
class itself: exclusion keeps them in the class), and a trigger neither model learned
(then the attack failed on those models too). ``bench/data_tabular_backdoor.py`` measures it
against IsolationForest and ART's defences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import (
    CheckContext,
    CheckResult,
    InputError,
    clopper_pearson,
)
from hauberk.data import _rules as rules
from hauberk.data._features import BACKDOOR, BackdoorSettings, blas_threads, label_indices
from hauberk.data._flags import RowFlags
from hauberk.models import Target

REASON = (
    "tabular backdoor: carries a feature value of its class that, stamped on other classes' "
    "rows, moves them to its class, while its other features say another class"
)
MIN_ROWS = 3  # rows a value must share to be a candidate (2 rows at a rounded extreme of a
# clean 20,000-row synthetic table passed every other step)
PURITY = 0.9  # share of a value's rows in one class
SAME_ROWS = 0.8  # Jaccard of two values' row sets to stamp them together
MAX_COLUMNS = 4  # columns of a multi-column candidate
MAX_CANDIDATES = 2000  # single-value candidates tested, most rows first
MAX_CONFIRM = 5  # transferring candidates per class checked by exclusion, highest rate first
RECLASSIFIED = 0.75  # share of a candidate's rows a forest without them puts elsewhere
OWN_CLASS = 0.25  # and the most probability of their class it may give them, on average
EXCLUSION_ROWS = 5_000  # rows the exclusion forest is trained on (a random sample beyond)
EXCLUSION_TREES = 50
TREES = 100
EPOCHS = 20  # of the second transfer model, the default MLP, up to 2,000 rows; fewer beyond
STEPS = 40_000  # rows x epochs above 2,000 rows (at least 5 epochs)
FLOOR = 0.1  # lowest transfer rate the relative rule accepts
NULL_SCALE = 0.02  # smallest robust deviation of the candidates' rates
MAX_ROWS = 1_000_000  # larger tables are refused (sample them first)
FIT_ROWS = 50_000  # rows each model is trained on (a random sample beyond)
BATCH = 200_000  # stamped rows per prediction call


@dataclass(frozen=True)
class Trigger:
    """One candidate: ``columns`` set to ``values`` sends rows to class index ``label``."""

    label: int
    columns: tuple[int, ...]
    values: tuple[float, ...]
    rows: NDArray[np.int64]  # rows of the class carrying the value(s)
    probed: int  # other-class rows stamped
    moved: int  # of which the forest put in ``label``
    reclassified: float = float("nan")  # share of ``rows`` a forest without them puts elsewhere
    model: str = "random forest"  # the transfer model that moved the rows

    @property
    def rate(self) -> float:
        return self.moved / self.probed if self.probed else 0.0

    def describe(self, names: list[str] | None = None) -> str:
        cols = [names[c] if names else f"column {c}" for c in self.columns]
        return " and ".join(f"{c} = {v:g}" for c, v in zip(cols, self.values, strict=True))


def _forest(seed: int, trees: int = TREES) -> Any:
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=trees, random_state=seed, n_jobs=1)


def _sample(rows: NDArray[np.int64], seed: int, limit: int = 0) -> NDArray[np.int64]:
    """``rows``, or a random ``limit`` (default ``FIT_ROWS``) of them."""
    limit = limit or FIT_ROWS
    if len(rows) <= limit:
        return rows
    picked = np.random.default_rng(seed).choice(rows, limit, replace=False)
    return np.sort(picked).astype(np.int64)


def _check(x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
    if x.ndim != 2 or len(x) == 0:
        raise InputError(f"tabular backdoor detection needs rows of features, got shape {x.shape}")
    if y.shape != (len(x),):
        raise InputError(f"labels must be one per row: {len(x)} rows, labels of shape {y.shape}")
    if len(x) > MAX_ROWS:
        raise InputError(f"{len(x)} rows is above the {MAX_ROWS} this detector takes; sample them")
    flat = np.asarray(x, dtype=np.float64)
    if not np.isfinite(flat).all():
        raise InputError("tabular backdoor detection: x holds NaN or infinite values")
    if len(np.unique(y)) < 2:
        raise InputError("backdoor detection needs at least two classes in the labels")
    return flat


def _singles(x: NDArray[np.float64], labels: NDArray[np.int64], k: int) -> list[Trigger]:
    """Every (column, value) shared by >= MIN_ROWS rows, >= PURITY of them in one class."""
    out: list[tuple[int, Trigger]] = []
    for j in range(x.shape[1]):
        values, inverse, counts = np.unique(x[:, j], return_inverse=True, return_counts=True)
        if len(values) < 2:
            continue
        per_class = np.zeros((len(values), k), dtype=np.int64)
        np.add.at(per_class, (inverse, labels), 1)
        best = per_class.argmax(axis=1)
        pure = per_class[np.arange(len(values)), best]
        keep = np.flatnonzero((pure >= MIN_ROWS) & (pure >= PURITY * counts))
        for v in keep:
            c = int(best[v])
            rows = np.flatnonzero((inverse == v) & (labels == c)).astype(np.int64)
            out.append((len(rows), Trigger(c, (j,), (float(values[v]),), rows, 0, 0)))
    out.sort(key=lambda t: -t[0])
    return [t for _, t in out[:MAX_CANDIDATES]]


def _groups(singles: list[Trigger]) -> list[Trigger]:
    """Per class, singles whose rows overlap (Jaccard >= SAME_ROWS), stamped together."""
    out = []
    by_class: dict[int, list[Trigger]] = {}
    for t in singles:
        by_class.setdefault(t.label, []).append(t)
    for c, items in by_class.items():
        used = np.zeros(len(items), dtype=bool)
        sets = [set(t.rows.tolist()) for t in items]
        for i in range(len(items)):
            if used[i]:
                continue
            members = [i]
            for j in range(i + 1, len(items)):
                if not used[j] and len(members) < MAX_COLUMNS:
                    inter = len(sets[i] & sets[j])
                    if inter / len(sets[i] | sets[j]) >= SAME_ROWS:
                        members.append(j)
            if len(members) < 2:
                continue
            used[members] = True
            cols = tuple(items[m].columns[0] for m in members)
            if len(set(cols)) < len(cols):
                continue
            rows = np.asarray(sorted(set.intersection(*(sets[m] for m in members))), np.int64)
            if len(rows) >= MIN_ROWS:
                vals = tuple(items[m].values[0] for m in members)
                out.append(Trigger(c, cols, vals, rows, 0, 0))
    return out


class _Network:
    """hauberk's default MLP (``_features.train_default``) on per-column standardised rows,
    with a forest's ``predict``: the second transfer model."""

    def __init__(self, x: NDArray[np.float64], labels: NDArray[np.int64], seed: int) -> None:
        from hauberk.data._features import train_default

        self.mu = x.mean(axis=0)
        sd = x.std(axis=0)
        self.sd = np.where(sd > 0, sd, 1.0)
        epochs = EPOCHS if len(x) <= 2000 else max(5, min(EPOCHS, STEPS // len(x)))
        self.module = train_default(self._scale(x), labels, epochs=epochs, seed=seed, threads=1)

    def _scale(self, x: NDArray[np.float64]) -> NDArray[np.float32]:
        return np.asarray((x - self.mu) / self.sd, dtype=np.float32)

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.int64]:
        import torch

        from hauberk.models import torch_threads

        with torch_threads(1), torch.no_grad():
            out = self.module(torch.as_tensor(self._scale(x))).argmax(dim=1).numpy()
        return np.asarray(out, dtype=np.int64)


def _transfer(
    forest: Any,
    x: NDArray[np.float64],
    labels: NDArray[np.int64],
    predicted: NDArray[np.int64],
    candidates: list[Trigger],
    probe_rows: int,
    rng: np.random.Generator,
    name: str,
) -> list[Trigger]:
    """Each candidate with how many probe rows its stamp moved to its class (one forest call
    per class: all of the class's candidates stamped in one batch)."""
    out = []
    by_class: dict[int, list[Trigger]] = {}
    for t in candidates:
        by_class.setdefault(t.label, []).append(t)
    for c, items in by_class.items():
        pool = np.flatnonzero((labels != c) & (predicted != c))
        if len(pool) == 0:
            out += items
            continue
        probe = x[rng.choice(pool, min(probe_rows, len(pool)), replace=False)]
        step = max(1, BATCH // len(probe))
        for start in range(0, len(items), step):
            chunk = items[start : start + step]
            batch = np.repeat(probe[None], len(chunk), axis=0)
            for i, t in enumerate(chunk):
                batch[i][:, list(t.columns)] = t.values
            pred = forest.predict(batch.reshape(-1, x.shape[1])).reshape(len(chunk), len(probe))
            moved = (pred == c).sum(axis=1)
            out += [
                Trigger(t.label, t.columns, t.values, t.rows, len(probe), int(m), model=name)
                for t, m in zip(chunk, moved.tolist(), strict=True)
            ]
    return out


def _exclusion(
    x: NDArray[np.float64], labels: NDArray[np.int64], t: Trigger, seed: int
) -> tuple[float, float]:
    """Share of ``t.rows`` that a forest trained without them and without ``t.columns``
    puts in another class, and its mean probability of their class."""
    keep = np.ones(len(x), dtype=bool)
    keep[t.rows] = False
    cols = np.setdiff1d(np.arange(x.shape[1]), t.columns)
    rows = _sample(np.flatnonzero(keep), seed, EXCLUSION_ROWS)
    if len(cols) == 0 or t.label not in labels[rows] or len(np.unique(labels[rows])) < 2:
        return 0.0, 1.0
    forest = _forest(seed, EXCLUSION_TREES).fit(x[rows][:, cols], labels[rows])
    proba = forest.predict_proba(x[t.rows][:, cols])
    pred = forest.classes_[proba.argmax(axis=1)]
    own = proba[:, int(np.searchsorted(forest.classes_, t.label))]
    return float((pred != t.label).mean()), float(own.mean())


def transferring(tested: list[Trigger], settings: BackdoorSettings) -> list[Trigger]:
    """Candidates whose stamp moves at least ``backdoor_transfer_rate`` of the probe rows,
    or at least ``FLOOR`` and ``backdoor_transfer_z`` robust deviations above the other
    candidates' rates (a forest dilutes a one-column trigger over its trees: on digits, a
    trigger that moved 96% of rows in a network moved 13% in the forest, every clean value 0%)."""
    rates = np.array([t.rate for t in tested])
    out = []
    for i, t in enumerate(tested):
        if t.rate >= settings.backdoor_transfer_rate:
            out.append(t)
            continue
        null = np.delete(rates, i)
        if t.rate < FLOOR or len(null) == 0:
            continue
        med = float(np.median(null))
        scale = max(1.4826 * float(np.median(np.abs(null - med))), NULL_SCALE)
        if (t.rate - med) / scale >= settings.backdoor_transfer_z:
            out.append(t)
    return out


@dataclass(frozen=True)
class TabularScan:
    """What the detector found: flagged rows, every row's score, the triggers it confirmed,
    the candidates it tested and the forest's training accuracy."""

    rows: NDArray[np.int64]
    scores: NDArray[np.float64]
    confirmed: tuple[Trigger, ...]
    tested: tuple[Trigger, ...]
    transferring: int
    labels: NDArray[np.int64]
    classes: NDArray[Any]
    train_accuracy: float


def tabular_scan(
    x: NDArray[Any],
    y: NDArray[Any],
    settings: BackdoorSettings | None = None,
    *,
    seed: int = 0,
    networks: bool = True,
) -> TabularScan:
    """Run the detector on ``(x, y)`` (rows of numeric features, one label per row)."""
    settings = settings or BackdoorSettings()
    y = np.asarray(y)
    flat = _check(np.asarray(x), y)
    labels, classes = label_indices(y)
    with blas_threads(settings.backdoor_threads):
        fit = _sample(np.arange(len(flat), dtype=np.int64), seed)
        forest = _forest(seed).fit(flat[fit], labels[fit])
        predicted = forest.predict(flat).astype(np.int64)
        singles = _singles(flat, labels, len(classes))
        candidates = singles + _groups(singles)
        over_by: dict[tuple[int, tuple[int, ...], tuple[float, ...]], Trigger] = {}
        tested: list[Trigger] = []
        models: list[Any] = [forest]
        if candidates and networks:
            models.append(_Network(flat[fit], labels[fit], seed))
        for model in models:
            own = model.predict(flat).astype(np.int64)
            name = "random forest" if model is forest else "default network"
            found = _transfer(model, flat, labels, own, candidates, settings.backdoor_probe_rows,
                              np.random.default_rng(seed), name)  # fmt: skip
            tested = tested or found
            for t in transferring(found, settings):
                key = (t.label, t.columns, t.values)
                if key not in over_by or t.rate > over_by[key].rate:
                    over_by[key] = t
        over = sorted(over_by.values(), key=lambda t: -t.rate)
        confirmed: list[Trigger] = []
        checked: dict[int, int] = {}
        for t in over:
            if checked.get(t.label, 0) >= MAX_CONFIRM:
                continue
            checked[t.label] = checked.get(t.label, 0) + 1
            share, own = _exclusion(flat, labels, t, seed)
            if share >= RECLASSIFIED and own <= OWN_CLASS:
                confirmed.append(
                    Trigger(t.label, t.columns, t.values, t.rows, t.probed, t.moved, share, t.model)
                )
    scores = np.zeros(len(flat))
    for t in confirmed:
        scores[t.rows] = np.maximum(scores[t.rows], t.rate)
    return TabularScan(
        rows=np.flatnonzero(scores > 0).astype(np.int64),
        scores=scores,
        confirmed=tuple(confirmed),
        tested=tuple(tested),
        transferring=len(over),
        labels=labels,
        classes=classes,
        train_accuracy=float((predicted == labels).mean()),
    )


def _trigger_dict(t: Trigger, classes: NDArray[Any]) -> dict[str, Any]:
    return {
        "class": str(classes[t.label]),
        "columns": list(t.columns),
        "values": list(t.values),
        "rows": len(t.rows),
        "transfer_rate": clopper_pearson(t.moved, t.probed).to_dict(),
        "transfer_model": t.model,
        "reclassified_without_them": t.reclassified,
    }


def tabular_backdoor(
    x: NDArray[Any], y: NDArray[Any], settings: BackdoorSettings | None = None, *, seed: int = 0
) -> RowFlags:
    """Rows of ``(x, y)`` carrying a confirmed tabular trigger (``data scan``'s detector)."""
    found = tabular_scan(x, y, settings, seed=seed)
    return RowFlags(
        "tabular_backdoor",
        REASON,
        found.rows,
        found.scores[found.rows],
        {
            "model": "random forest",
            "rows": len(found.scores),
            "candidates": len(found.tested),
            "transferring": found.transferring,
            "triggers": [_trigger_dict(t, found.classes) for t in found.confirmed],
        },
    )


class TabularBackdoor:
    name = "data.tabular_backdoor"
    stage = BACKDOOR
    needs = frozenset({"data", "labels"})
    rules = (rules.TABULAR_BACKDOOR,)
    description = (
        "Backdoor triggers in flat tables: feature values over-represented in a class that, "
        "stamped on other classes' rows, move a random forest to that class."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, BackdoorSettings)
        assert target.data is not None
        split = target.data.train or target.data.single
        if split is None:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                "no training data: give the data the model was trained on as 'train'",
            )
        if split.y is None:
            raise ValueError("the training data has no labels")
        if np.asarray(split.x).ndim != 2:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                "the rows are image-shaped, not a flat table; data.backdoor judges those",
            )
        n = ctx.sample_limit(len(split))
        rows = np.sort(ctx.rng().permutation(len(split))[:n])
        x, y = np.asarray(split.x)[rows], np.asarray(split.y)[rows]
        found = tabular_scan(x, y, settings, seed=ctx.seed)
        ctx.check_time()
        where = "data:train" if target.data.train is not None else "data"
        findings = []
        # The decision is the detector's (transfer, then exclusion); the intervals are quoted.
        for t in found.confirmed:
            rate = clopper_pearson(t.moved, t.probed)
            label = found.classes[t.label]
            findings.append(
                rules.TABULAR_BACKDOOR.finding(
                    where,
                    f"class {label}: {len(t.rows)} rows carry {t.describe()}; stamped on "
                    f"{t.probed} rows of other classes it moved {rate.describe('.3f')} of them "
                    f"to class {label}, and a model trained without those rows puts "
                    f"{t.reclassified:.0%} of them in another class.",
                    {
                        **_trigger_dict(t, found.classes),
                        "sample_rows": rows[t.rows][:50].tolist(),
                    },
                )
            )
        share = clopper_pearson(len(found.rows), len(x))
        metrics = {
            "samples": len(x),
            "model": "random forest",
            "model_train_accuracy": found.train_accuracy,
            "candidates": len(found.tested),
            "transferring": found.transferring,
            "confirmed": len(found.confirmed),
            "flagged": len(found.rows),
            "flagged_share": share.to_dict(),
        }
        cut = (
            [f"looked at {n} of {len(split)} training rows (max_samples)"] if n < len(split) else []
        )
        if cut:
            return CheckResult.of(
                self.name, self.stage.name, findings, metrics, partial=True, reason=cut[0]
            )
        return CheckResult.of(self.name, self.stage.name, findings, metrics)
