"""Label-only membership inference (Choquette-Choo, Tramèr, Carlini, Papernot 2021, "Label-Only
Membership Inference Attacks", ICML), and how to tell that a model's answers are degraded.

Threat model: black box, the target answers with a label (or with rounded or top-k scores,
which the score-based attacks read poorly). A model is more robust around its training
records: perturbed copies of a member keep the true label more often than copies of a
non-member. The attack queries ``copies`` perturbed copies of each record and scores it by
the share that the target still labels correctly (the paper's data-augmentation and
Gaussian-noise attacks); the "gap attack" (member if the label is right) is the baseline that
label-only outputs allow without extra queries.

- Perturbations: Gaussian noise on a ladder of scales relative to the data's standard
  deviation (the paper tunes one scale on shadow models; a ladder covers the useful range
  without them), plus one-pixel translations for image-shaped inputs (the paper's
  augmentations). Copies are clipped to the input range (the spec's bounds, else the observed
  range of each feature) and are the same for the target and every shadow model.
- ``LabelOnlyAttack`` ranks records by that share, so the audit's ROC sweeps every threshold;
  :func:`calibrated_accuracy` reports the accuracy at one threshold chosen as an attacker
  would: on shadow models' in/out answers, or without shadows on known members and
  non-members of a calibration half, evaluated on the other half.
- LiRA on augmented queries (``LiRA(statistic="augmented")``) fits LiRA's per-record
  Gaussians to the logit of the mean true-label probability over the same copies: for labels
  only this is the share of copies labelled right; for rounded scores the noise dithers the
  rounding, so the mean recovers resolution the rounding took away.

:func:`output_form` reads the answers: one-hot rows are labels; few distinct values overall
are rounded scores; rows that all hide some classes behind exact zeros are top-k; most rows
repeating a value (continuous scores almost never tie) are rounded too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError
from hauberk.core._finding import JSON
from hauberk.core._stats import Rate, clopper_pearson
from hauberk.models import InputSpec, Model
from hauberk.privacy._attack import TargetOutputs
from hauberk.privacy._shadow import ShadowSet

#: Noise scales, as multiples of the data's standard deviation, that the copies cycle through.
NOISE_LADDER = (0.25, 0.5, 0.75, 1.0)
#: At most this many distinct values in all answers (and 4 entries per value) means rounded.
ROUNDED_MAX_DISTINCT = 256


@dataclass(frozen=True)
class OutputForm:
    """What the model's answers reveal: ``kind`` is ``scores``, ``rounded``, ``top-k`` or
    ``labels``; the numbers are what the decision was made from."""

    kind: Literal["scores", "rounded", "top-k", "labels"]
    rows: int
    distinct_values: int
    max_nonzero: int
    one_hot_rows: float

    @property
    def degraded(self) -> bool:
        return self.kind != "scores"

    def to_dict(self) -> dict[str, JSON]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "distinct_values": self.distinct_values,
            "max_nonzero_per_row": self.max_nonzero,
            "one_hot_rows": round(self.one_hot_rows, 6),
        }


def output_form(proba: NDArray[Any]) -> OutputForm:
    """Classify the answers ``proba`` (rows of class scores) as full scores or degraded."""
    p = np.asarray(proba, dtype=np.float64)
    n, c = p.shape
    nonzero = (p > 0).sum(axis=1)
    one_hot = float(np.mean((nonzero == 1) & np.isclose(p.max(axis=1), 1.0))) if n else 0.0
    distinct = int(np.unique(p).size)
    max_nz = int(nonzero.max()) if n else 0
    kind: Literal["scores", "rounded", "top-k", "labels"] = "scores"
    if n and one_hot == 1.0:
        kind = "labels"
    elif n and distinct <= ROUNDED_MAX_DISTINCT and p.size >= 4 * distinct:
        kind = "rounded"
    elif n and c > 2 and max_nz < c:
        kind = "top-k"  # every row hides some classes behind exact zeros
    elif n and c > 2 and float(np.mean((np.diff(np.sort(p, axis=1), axis=1) == 0).any(1))) >= 0.5:
        kind = "rounded"  # most rows repeat a value: continuous scores almost never tie
    return OutputForm(kind, n, distinct, max_nz, one_hot)


class Perturber:
    """``copies`` perturbed copies of each record, identical for every model asked.

    ``fit`` reads the audited records once (scale and range); ``copies_of(x, offset)`` draws the
    copies of ``x``, the rows ``offset...`` of those records (``offset`` a multiple of
    ``BLOCK``, at most ``BLOCK`` rows), from a generator seeded by ``(seed, offset)``, so the
    same rows get the same copies whoever is queried.
    """

    BLOCK = 64

    def __init__(self, *, copies: int = 16, seed: int = 0) -> None:
        if not 1 <= copies <= 1024:
            raise ConfigError(f"copies must be within 1..1024, got {copies}")
        self.copies = copies
        self.seed = seed
        self._scale = 0.0
        self._low: NDArray[np.float64] | None = None
        self._high: NDArray[np.float64] | None = None
        self._image = False

    @staticmethod
    def unsupported(spec: InputSpec) -> str:
        """Why inputs of ``spec`` cannot be perturbed (``""`` when they can)."""
        if not spec.dtype.startswith("float"):
            return f"inputs of dtype {spec.dtype} cannot be perturbed with noise"
        return ""

    def fit(self, x: NDArray[Any], spec: InputSpec) -> Perturber:
        why = self.unsupported(spec)
        if why:
            raise ConfigError(why)
        data = np.asarray(x, dtype=np.float64)
        self._scale = float(data.std()) or 1.0
        low = data.min(axis=0) if spec.lower is None else np.full(data.shape[1:], spec.lower)
        high = data.max(axis=0) if spec.upper is None else np.full(data.shape[1:], spec.upper)
        self._low, self._high = np.asarray(low, float), np.asarray(high, float)
        # a (h, w) or (c, h, w) input with spatial sides of 4 or more is translated by a pixel
        self._image = len(spec.shape) >= 2 and min(spec.shape[-2:]) >= 4
        return self

    def copies_of(self, x: NDArray[Any], offset: int) -> NDArray[np.float64]:
        """``(copies, len(x), *shape)`` perturbed copies."""
        if self._low is None or self._high is None:
            raise ConfigError("Perturber.fit must run before copies_of")
        if offset % self.BLOCK or len(x) > self.BLOCK:
            raise ConfigError(f"copies are drawn in blocks of {self.BLOCK} rows")
        rng = np.random.default_rng([self.seed, offset])
        base = np.asarray(x, dtype=np.float64)
        out = np.empty((self.copies, *base.shape))
        shifts = [(0, 1), (0, -1), (1, 0), (-1, 0)] if self._image else []
        for j in range(self.copies):
            src = base
            if shifts and j % 2 == 1:  # every other copy is also translated by one pixel
                dy, dx = shifts[(j // 2) % len(shifts)]
                src = np.roll(base, (dy, dx), axis=(-2, -1))
            sigma = NOISE_LADDER[j % len(NOISE_LADDER)] * self._scale
            out[j] = np.clip(src + rng.normal(0.0, sigma, base.shape), self._low, self._high)
        return out


@dataclass(frozen=True)
class Robustness:
    """Per record: the share of copies labelled with the true class (``robust``) and the mean
    true-class probability over the copies (``mean_p``); ``done`` records were answered."""

    robust: NDArray[np.float64]
    mean_p: NDArray[np.float64]
    done: int

    @property
    def complete(self) -> bool:
        return self.done == len(self.robust)


def query_robustness(
    model: Model,
    x: NDArray[Any],
    y_idx: NDArray[np.int64],
    perturber: Perturber,
    *,
    aligned: Any = None,
) -> Robustness:
    """Ask ``model`` about every record's copies (``copies`` queries per record).

    ``aligned(model, batch)`` returns probabilities in the target's class order (shadow models
    may know fewer classes); the default reads ``model.predict_proba``. A query budget that
    runs out stops at a block boundary: ``done`` says how many records were answered.
    """
    chunk = perturber.BLOCK
    n = len(x)
    robust, mean_p = np.zeros(n), np.zeros(n)
    k = perturber.copies
    ask = aligned or (lambda m, b: m.predict_proba(b))
    done = 0
    try:
        for start in range(0, n, chunk):
            stop = min(start + chunk, n)
            copies = perturber.copies_of(x[start:stop], start)
            flat = copies.reshape(k * (stop - start), *copies.shape[2:])
            proba = np.asarray(ask(model, flat), dtype=np.float64).reshape(k, stop - start, -1)
            idx = y_idx[start:stop]
            rows = np.arange(stop - start)
            robust[start:stop] = (proba.argmax(axis=2) == idx).mean(axis=0)
            mean_p[start:stop] = proba[:, rows, idx].mean(axis=0)
            done = stop
    except BudgetExceeded:
        pass
    return Robustness(robust, mean_p, done)


def augmented_phi(share: NDArray[np.float64], copies: int) -> NDArray[np.float64]:
    """LiRA's logit scaling of a share of ``copies`` answers, kept finite: a share of 0 or 1
    is moved half a copy inwards."""
    eps = 0.5 / (copies + 1)
    p = np.clip(share, eps, 1 - eps)
    return np.asarray(np.log(p) - np.log1p(-p))


class LabelOnlyAttack:
    """``kind="robustness"``: the share of perturbed copies still labelled right (plus the
    record's own label as a tie-break), Choquette-Choo et al.'s attack; ``kind="gap"``: 1 if
    the model labels the record right, else 0 (their baseline)."""

    needs_shadows = False
    needs_perturbed = True

    def __init__(self, *, kind: Literal["robustness", "gap"] = "robustness") -> None:
        if kind not in ("robustness", "gap"):
            raise ConfigError(f"kind must be 'robustness' or 'gap', got {kind!r}")
        self.kind = kind
        self.needs_perturbed = kind == "robustness"

    @property
    def name(self) -> str:
        return "label_only" if self.kind == "robustness" else "gap"

    def scores(self, target: TargetOutputs, shadows: ShadowSet | None) -> NDArray[np.float64]:
        correct = target.correct.astype(np.float64)
        if self.kind == "gap":
            return correct
        if target.robust is None:
            raise ConfigError(
                "the label-only attack needs the target's answers on perturbed copies"
            )
        return np.asarray(target.robust + 1e-3 * correct)

    def shadow_scores(self, shadows: ShadowSet) -> NDArray[np.float64] | None:
        """The same statistic on the shadows (models x records), to calibrate a threshold."""
        if self.kind == "gap" or shadows.robust is None or shadows.correct is None:
            return None
        return np.asarray(shadows.robust + 1e-3 * shadows.correct)


def calibrated_accuracy(
    scores: NDArray[np.float64],
    members: NDArray[np.bool_],
    *,
    fixed: float | None = None,
    shadow_scores: NDArray[np.float64] | None = None,
    shadow_members: NDArray[np.bool_] | None = None,
    seed: int = 0,
) -> tuple[Rate, str]:
    """Attack accuracy at one threshold, with its Clopper-Pearson interval, and how the
    threshold was chosen: ``fixed`` (the gap attack's 0.5), the best threshold on the shadow
    models' answers, or the best on a random half of the records, evaluated on the other.

    Accuracy is measured on a balanced set (every record of the smaller side and as many
    random ones of the larger), as in the paper: on 600 members and 1,200 non-members,
    calling nobody a member would otherwise score 0.67."""
    rng = np.random.default_rng(seed)
    if fixed is None and (shadow_scores is None or shadow_members is None):
        order = rng.permutation(len(scores))
        cal, held = order[: len(order) // 2], order[len(order) // 2 :]
        t = _best_threshold(scores[cal], members[cal])
        how = "threshold calibrated on half of the known records, scored on the rest"
    else:
        held = np.arange(len(scores))
        if fixed is not None:
            t, how = fixed, f"fixed threshold {fixed:g}"
        else:
            assert shadow_scores is not None and shadow_members is not None
            t = _best_threshold(shadow_scores.reshape(-1), shadow_members.reshape(-1))
            how = "threshold calibrated on the shadow models"
    held = _balanced(held, members, rng)
    right = int(np.sum((scores[held] >= t) == members[held]))
    return clopper_pearson(right, len(held)), f"{how}; balanced members and non-members"


def _balanced(
    rows: NDArray[np.int64], members: NDArray[np.bool_], rng: np.random.Generator
) -> NDArray[np.int64]:
    m, n = rows[members[rows]], rows[~members[rows]]
    k = min(len(m), len(n))
    return np.concatenate([rng.permutation(m)[:k], rng.permutation(n)[:k]])


def _best_threshold(scores: NDArray[np.float64], members: NDArray[np.bool_]) -> float:
    """The threshold ``t`` (call "member" when ``score >= t``) with the highest accuracy."""
    order = np.argsort(-scores, kind="stable")
    s, m = scores[order], members[order]
    cut = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last row of each run of equal scores
    neg = int((~m).sum())
    right = np.cumsum(m)[cut] + neg - np.cumsum(~m)[cut]
    if right.size == 0 or neg >= right.max():
        return float("inf")  # calling nobody a member is as good as any threshold
    return float(s[cut[int(np.argmax(right))]])
