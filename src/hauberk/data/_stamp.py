"""Stamped triggers: pixels that a group of one class's rows share exactly, and that move other
classes' rows to the class when stamped on them.

BadNets (Gu et al. 2017) and the label-consistent attack of Turner, Tsipras and Madry (2019)
*stamp* their trigger: the same pixels are overwritten with the same values on every poison
row. Turner et al. first perturb the rows adversarially, which keeps their residuals (the row
minus its nearest other-class row) apart, so trigger transfer's median residual finds no
trigger at 1% poisoning of MNIST; and when a whole class is poison with a weakly learned
trigger, no cluster's median residual moves half of the probed rows. The stamp itself survives
both unchanged. This detector looks for it the way ``_tabular_backdoor`` looks for a trigger
value in a table, on the image's pixels:

1. **pairs**: every (pixel, exact value) shared by at least ``MIN_ROWS`` rows of which at least
   ``PURITY`` carry one class (a background value is shared by every class and drops out);
2. **stamps**: per class, the pairs whose row sets overlap the class's largest remaining pair's
   (Jaccard at least ``SAME_ROWS``) seed one stamp, if they are at least ``MIN_PIXELS``
   pixels; the stamp then takes every other pixel where at least ``PURITY`` of the rows
   carrying the seed share one value that at most ``RARE`` of the other classes' rows have
   there (a 3x3 patch on 8x8 digits overlaps the strokes of other digits, so only 4 of its 9
   pixels are pure; the other 5 join here);
3. **transfer**: the stamp's values are written on up to ``backdoor_probe_rows`` rows of other
   classes that the model does not already put in the class; the stamp is a trigger when at
   least ``backdoor_stamp_rate`` of them flip to its class.

Rows of the class that carry at least half of a confirmed stamp's pixels are flagged. Score:
the stamp's transfer rate on those rows, 0 elsewhere.

Where the constants come from: the bench's (``bench/data_backdoor.py``) seeds 0 and 4 and the
demo's three clean digit splits. Clean digits (raw, and the demo's [0, 1] splits) and clean
MNIST14 offer no stamp candidate at all, so the bar is not set against clean data; it is set
at the attack success the bench calls implanted (0.3). On seeds 0 and 4 a stamp's rate was
0.69-1.00 where a patch or an adversarial clean-label attack implanted on digits, within 0.03
of the attack's success on MNIST14, 0.03-0.51 for plain clean-label poison on digits that
reached 0.00-0.23, and 0.01-0.28 for the exact values a blend leaves on dark pixels; no row
it flagged on those seeds was clean. Cost: one ``np.unique`` per pixel and one prediction of
the other classes' rows per stamp tried (about 1-4 s on the bench's MNIST14 CNN, loaded).

**Banded pass** (round 7): the same three steps on value *bands* instead of exact values, for a
trigger whose pixels vary a little (BadNets' patch with each pixel drawn per row up to two
grey levels below white, the bench's ``patch-jitter``):

- a band is ``BAND`` (0.2) of the data's value range wide, on ``OFFSETS`` (3) grids shifted by
  a third of a band, so any cluster spread over less than two thirds of a band falls in one
  band of one grid; per class and pixel the band with most rows is kept;
- a stamp's seed is the class's largest band; it takes every band whose rows lie mostly
  (``SAME_ROWS``) among the seed's (a patch shifted by a pixel keeps its core pixels on every
  poison row and its rim on some);
- its shape and the values written are the median of the rows that carry it in place; the
  rows flagged carry at least half the pixels (and ``MIN_BAND_PIXELS``) at their best
  placement up to ``SHIFT`` (1) pixel off, so a trigger that moves by a pixel is still found.

**Data-only rule** (``backdoor_stamp_data_only``): a stamp the model did not learn moves nothing
but its rows still carry it. A stamp of at least ``DATA_PIXELS`` (6) pixels that at most
``DATA_OUTSIDE`` (1%) of other classes' rows carry is flagged without transfer (score: the
stamp bar). Clean digits, the demo's six splits and clean MNIST14 offer no candidate in
either pass, so it has nothing to fire on there (28x28 MNIST offers one 4-pixel band stamp,
below the 6). On seeds 0 and 4 it flagged plain clean-label poison at 1-5% (attack success
0.00-0.15) and the exact values a blend leaves on dark pixels, no clean row. All banded and
data-only constants were chosen on the bench's seeds 0 and 4 only.

**Spread rule** (both passes): a stamp's rows must vary outside it at least ``SPREAD`` (0.5)
as much as their class (``rest_spread``). On 8x8 patches of scikit-learn's two sample photos
(no poison) patches of sky share exact and banded values and move 72-100% of other patches to
their class: 305-423 of 4,000 clean rows were flagged; their spread is 0-0.26. Every stamp
candidate on the bench's seeds 0 and 4 (all poison) has 0.79-1.44.

What it cannot see: a trigger that varies more than two thirds of a band or sits more than
a pixel away (a blend over bright pixels, noise, a resampled image: trigger transfer and
Neural Cleanse judge those); a stamp smaller than 6 pixels that the model did not learn. A
genuine mark that only one class carries (a logo or watermark) looks like a stamp and is
flagged, by the data-only rule even when the model ignores it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.data._features import BackdoorSettings, Representation, on_features
from hauberk.data._flags import RowFlags

REASON = "stamped trigger: carries exact pixel values its class shares, which move other classes"
MIN_ROWS = 5
PURITY = 0.9
SAME_ROWS = 0.8
MIN_PIXELS = 2
RARE = 0.25  # a stamp's extra pixel: its value is on at most this share of other classes' rows
MAX_STAMPS = 3  # stamps tried per class, largest first
MAX_SEEDS = 200  # pairs per class that may start a stamp (bounds the pairwise overlap work)
BAND = 0.2  # banded pass: a value band is this share of the data's value range
OFFSETS = 3  # banded pass: band grids, each shifted by BAND / OFFSETS
SHIFT = 1  # banded pass: a stamp may sit this many pixels off its place on each image axis
MIN_BAND_PIXELS = 3  # banded pass: a row carries at least this many of the stamp's pixels
DATA_PIXELS = 6  # data-only: a stamp of at least this many pixels ...
DATA_OUTSIDE = 0.01  # ... carried by at most this share of other classes' rows is flagged
CARRY = 0.5  # banded pass: a row carries a stamp with this share of its seed rows' median count
SPREAD = 0.5  # a stamp's rows vary outside it at least this much of their class's variation


def _pure(
    inverse: NDArray[np.int64], code: NDArray[np.int64], n_values: int, n_classes: int
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which of ``n_values`` groups (a row's group: ``inverse``, its class: ``code``) hold at
    least ``MIN_ROWS`` rows of which at least ``PURITY`` carry one class, and that class."""
    counts = np.bincount(inverse * n_classes + code, minlength=n_values * n_classes).reshape(
        n_values, n_classes
    )
    total = counts.sum(axis=1)
    best = counts.argmax(axis=1)
    keep = (total >= MIN_ROWS) & (counts[np.arange(n_values), best] >= PURITY * total)
    return keep, best


def _pairs(
    flat: NDArray[np.float64], labels: NDArray[np.int64]
) -> list[tuple[int, int, float, NDArray[np.int64]]]:
    """``(class, pixel, value, rows)`` for every pure, shared exact pixel value."""
    out = []
    classes, code = np.unique(labels, return_inverse=True)
    for j in range(flat.shape[1]):
        values, inverse = np.unique(flat[:, j], return_inverse=True)
        keep, best = _pure(inverse, code, len(values), len(classes))
        for k in np.flatnonzero(keep):
            rows = np.flatnonzero(inverse == k).astype(np.int64)
            out.append((int(classes[best[k]]), j, float(values[k]), rows))
    return out


def _band_pairs(
    flat: NDArray[np.float64], labels: NDArray[np.int64], lo: float, width: float
) -> list[tuple[int, int, float, float, NDArray[np.int64]]]:
    """``(class, pixel, low, high, rows)`` for every pure value band shared by at least
    ``MIN_ROWS`` rows: bands ``width`` wide on ``OFFSETS`` grids shifted by ``width /
    OFFSETS``, so any cluster of values spread over less than ``width * (1 - 1 / OFFSETS)``
    falls inside one band of one grid. Per class and pixel only the band with most rows."""
    out = []
    classes, code = np.unique(labels, return_inverse=True)
    for j in range(flat.shape[1]):
        best_band: dict[int, tuple[float, float, NDArray[np.int64]]] = {}
        for o in range(OFFSETS):
            shift = width * o / OFFSETS
            q = np.floor((flat[:, j] - lo + shift) / width).astype(np.int64)
            values, inverse = np.unique(q, return_inverse=True)
            keep, best = _pure(inverse, code, len(values), len(classes))
            for k in np.flatnonzero(keep):
                c = int(classes[best[k]])
                rows = np.flatnonzero(inverse == k).astype(np.int64)
                if c not in best_band or len(rows) > len(best_band[c][2]):
                    low = lo + values[k] * width - shift
                    best_band[c] = (float(low), float(low + width), rows)
        out += [(c, j, a, b, rows) for c, (a, b, rows) in best_band.items()]
    return out


def _band_stamps(
    pairs: list[tuple[int, int, float, float, NDArray[np.int64]]],
) -> list[
    tuple[int, NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]
]:
    """Per class, up to ``MAX_STAMPS`` groups: the largest remaining band seeds a group, which
    takes every band whose rows lie mostly (``SAME_ROWS``) among the seed's (a trigger shifted
    by a pixel leaves a core pixel on every poison row and its rim pixels on some of them).
    ``(class, pixels, lows, highs, seed rows)``."""
    out = []
    for c in sorted({p[0] for p in pairs}):
        mine = sorted((p for p in pairs if p[0] == c), key=lambda p: -len(p[4]))
        used = np.zeros(len(mine), dtype=bool)
        tried = 0
        for i, (_, _, _, _, rows) in enumerate(mine[:MAX_SEEDS]):
            if used[i] or tried >= MAX_STAMPS:
                continue
            group = [
                k
                for k, (_, _, _, _, other) in enumerate(mine)
                if not used[k]
                and len(np.intersect1d(rows, other, assume_unique=True)) >= SAME_ROWS * len(other)
            ]
            used[group] = True
            if len(group) < MIN_PIXELS:
                continue
            tried += 1
            out.append(
                (
                    c,
                    np.array([mine[k][1] for k in group], dtype=np.int64),
                    np.array([mine[k][2] for k in group]),
                    np.array([mine[k][3] for k in group]),
                    rows,
                )
            )
    return out


def _stamps(
    pairs: list[tuple[int, int, float, NDArray[np.int64]]],
) -> list[tuple[int, NDArray[np.int64], NDArray[np.float64]]]:
    """Per class, up to ``MAX_STAMPS`` groups of pairs with overlapping rows: ``(class,
    pixels, values)``."""
    out = []
    for c in sorted({p[0] for p in pairs}):
        mine = sorted((p for p in pairs if p[0] == c), key=lambda p: -len(p[3]))
        used = np.zeros(len(mine), dtype=bool)
        tried = 0
        for i, (_, _, _, rows) in enumerate(mine[:MAX_SEEDS]):
            if used[i] or tried >= MAX_STAMPS:
                continue
            group = []
            for k, (_, _, _, other) in enumerate(mine):
                if used[k]:
                    continue
                inter = len(np.intersect1d(rows, other, assume_unique=True))
                if inter / (len(rows) + len(other) - inter) >= SAME_ROWS:
                    group.append(k)
            used[group] = True
            if len(group) < MIN_PIXELS:
                continue
            tried += 1
            pixels = np.array([mine[k][1] for k in group], dtype=np.int64)
            values = np.array([mine[k][2] for k in group])
            out.append((c, pixels, values))
    return out


def _extend(
    flat: NDArray[np.float64],
    labels: NDArray[np.int64],
    c: int,
    rows: NDArray[np.int64],
    pixels: NDArray[np.int64],
    values: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The stamp's other pixels: where at least ``PURITY`` of its rows share one exact value
    that at most ``RARE`` of the other classes' rows have there (a stamp that overlaps the
    digits' own strokes is impure on those pixels, a background value is common outside)."""
    other = flat[labels != c]
    more_p, more_v = [], []
    for j in range(flat.shape[1]):
        if j in pixels:
            continue
        vals, counts = np.unique(flat[rows, j], return_counts=True)
        k = int(np.argmax(counts))
        if counts[k] >= PURITY * len(rows) and (other[:, j] == vals[k]).mean() <= RARE:
            more_p.append(j)
            more_v.append(float(vals[k]))
    return (
        np.concatenate([pixels, np.array(more_p, dtype=np.int64)]),
        np.concatenate([values, np.array(more_v)]),
    )


def _band_extend(
    flat: NDArray[np.float64],
    labels: NDArray[np.int64],
    c: int,
    rows: NDArray[np.int64],
    pixels: NDArray[np.int64],
    lows: NDArray[np.float64],
    highs: NDArray[np.float64],
    width: float,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """``_extend`` with bands: a pixel joins where ``PURITY`` of the stamp's rows lie within
    one band's width and at most ``RARE`` of the other classes' rows lie in that range."""
    other = flat[labels != c]
    tail = (1 - PURITY) / 2
    more_p, more_lo, more_hi = [], [], []
    for j in range(flat.shape[1]):
        if j in pixels:
            continue
        a, b = np.quantile(flat[rows, j], [tail, 1 - tail])
        if b - a > width * (1 - 1 / OFFSETS):
            continue
        if ((other[:, j] >= a) & (other[:, j] <= b)).mean() <= RARE:
            more_p.append(j)
            more_lo.append(float(a))
            more_hi.append(float(b))
    return (
        np.concatenate([pixels, np.array(more_p, dtype=np.int64)]),
        np.concatenate([lows, np.array(more_lo)]),
        np.concatenate([highs, np.array(more_hi)]),
    )


def _carry(
    flat: NDArray[np.float64],
    rows: NDArray[np.int64],
    pixels: NDArray[np.int64],
    lows: NDArray[np.float64],
    highs: NDArray[np.float64],
    shape: tuple[int, ...] = (),
) -> NDArray[np.int64]:
    """How many of the stamp's pixels each of ``rows`` carries (value within the pixel's
    range, ends included). With an image ``shape`` (height, width last), the stamp may sit up
    to ``SHIFT`` pixels away on each axis, and a row's count is its best placement's."""
    best: NDArray[np.int64] = np.zeros(len(rows), dtype=np.int64)
    shifts = [(0, 0)]
    if len(shape) >= 2 and SHIFT > 0:
        shifts = [(a, b) for a in range(-SHIFT, SHIFT + 1) for b in range(-SHIFT, SHIFT + 1)]
    h, w = (shape[-2], shape[-1]) if len(shape) >= 2 else (1, flat.shape[1])
    plane = h * w
    for dy, dx in shifts:
        r, c = (pixels % plane) // w + dy, pixels % w + dx
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        moved = (pixels - pixels % plane + r * w + c)[inside]
        v = flat[np.ix_(rows, moved)]
        best = np.maximum(best, ((v >= lows[inside]) & (v <= highs[inside])).sum(axis=1))
    return best


def candidates(
    flat: NDArray[np.float64],
    labels: NDArray[np.int64],
    min_class_rows: int,
    shape: tuple[int, ...] = (),
) -> list[dict[str, Any]]:
    """Every stamp candidate: exact ones (``_pairs``/``_stamps``/``_extend``) and banded ones
    (``_band_pairs``/``_band_stamps``/``_band_extend``). Each is a dict with ``mode``,
    ``class``, ``pixels``, ``lows``/``highs`` (the range a carrying row's value lies in),
    ``values`` (what transfer writes: the carrying rows' median) and ``rows`` (the class's rows
    that carry it)."""
    out: list[dict[str, Any]] = []
    for c, pixels, values in _stamps(_pairs(flat, labels)):
        if (labels == c).sum() < min_class_rows:
            continue
        idx = np.flatnonzero(labels == c)
        carries = (flat[np.ix_(idx, pixels)] == values).mean(axis=1) >= 0.5
        pixels, values = _extend(flat, labels, c, idx[carries], pixels, values)
        carries = (flat[np.ix_(idx, pixels)] == values).mean(axis=1) >= 0.5
        out.append(
            {
                "mode": "exact",
                "class": c,
                "pixels": pixels,
                "lows": values,
                "highs": values,
                "values": values,
                "rows": idx[carries],
                "need": 0.5 * len(pixels),
                "shape": (),
            }
        )
    lo, hi = float(flat.min()), float(flat.max())
    width = BAND * (hi - lo)
    if width <= 0 or len(shape) < 2:  # bands of one value range and shifts need an image
        return out
    for c, pixels, lows, highs, seed in _band_stamps(_band_pairs(flat, labels, lo, width)):
        if (labels == c).sum() < min_class_rows:
            continue
        idx = np.flatnonzero(labels == c)
        # the stamp's shape and values come from the rows that carry it in place; the rows
        # it flags may carry it shifted
        need = max(MIN_PIXELS, CARRY * float(np.median(_carry(flat, seed, pixels, lows, highs))))
        rows = idx[_carry(flat, idx, pixels, lows, highs) >= need]
        pixels, lows, highs = _band_extend(flat, labels, c, rows, pixels, lows, highs, width)
        counts = _carry(flat, rows, pixels, lows, highs)
        need = max(MIN_BAND_PIXELS, CARRY * float(np.median(counts)))
        rows = idx[_carry(flat, idx, pixels, lows, highs) >= need]
        if len(rows) == 0:
            continue
        values = np.median(flat[np.ix_(rows, pixels)], axis=0)
        rows = idx[_carry(flat, idx, pixels, lows, highs, shape) >= need]
        out.append(
            {
                "mode": "band",
                "class": c,
                "pixels": pixels,
                "lows": lows,
                "highs": highs,
                "values": values,
                "rows": rows,
                "need": need,
                "shape": shape,
            }
        )
    return out


def stamp_scores(
    x: NDArray[Any], rep: Representation, settings: BackdoorSettings, *, seed: int = 0
) -> tuple[NDArray[np.int64], NDArray[np.float64], dict[str, Any]]:
    """Flagged rows, every row's score, and each stamp tried."""
    if rep.predict is None:
        raise ValueError("stamped-trigger search needs the model's predictions (rep.predict)")
    x = np.asarray(x)
    flat = x.reshape(len(x), -1).astype(np.float64)
    labels = rep.labels
    scores = np.zeros(len(x))
    flagged = np.zeros(len(x), dtype=bool)
    rng = np.random.default_rng(seed)
    tried: list[dict[str, Any]] = []
    for cand in candidates(flat, labels, settings.backdoor_min_class_rows, x.shape[1:]):
        c, pixels, rows = cand["class"], cand["pixels"], cand["rows"]
        other = np.flatnonzero(labels != c)
        already = rep.predict(x[other]) == c
        pool = other[~already]
        if len(pool) == 0:
            continue
        probe = rng.choice(pool, min(settings.backdoor_probe_rows, len(pool)), replace=False)
        stamped = flat[probe].copy()
        stamped[:, pixels] = cand["values"]
        rate = float(
            (rep.predict(stamped.reshape(len(probe), *x.shape[1:]).astype(x.dtype)) == c).mean()
        )
        outside = float(
            (
                _carry(flat, other, pixels, cand["lows"], cand["highs"], cand["shape"])
                >= cand["need"]
            ).mean()
        )
        spread = rest_spread(flat, rows, pixels, np.flatnonzero(labels == c))
        tried.append(
            {
                "mode": cand["mode"],
                "class": c,
                "pixels": len(pixels),
                "rows": len(rows),
                "class_share": round(len(rows) / int((labels == c).sum()), 4),
                "outside_share": round(outside, 4),
                "rate": rate,
                "spread": round(spread, 3),
            }
        )
        confirmed = None
        if spread < SPREAD:
            pass  # one kind of content (a sky, a blank page), not a mark written on many
        elif rate >= settings.backdoor_stamp_rate:
            confirmed, score = "transfer", rate
        elif (
            settings.backdoor_stamp_data_only
            and x.ndim >= 3  # images only: a table's exclusive values can be a real rule
            and len(pixels) >= DATA_PIXELS
            and outside <= DATA_OUTSIDE
            and len(rows) >= MIN_ROWS
        ):
            confirmed, score = "data", settings.backdoor_stamp_rate
        tried[-1]["confirmed"] = confirmed
        if confirmed is not None:
            flagged[rows] = True
            scores[rows] = np.maximum(scores[rows], score)
    return np.flatnonzero(flagged).astype(np.int64), scores, {"stamps": tried}


def rest_spread(
    flat: NDArray[np.float64],
    rows: NDArray[np.int64],
    pixels: NDArray[np.int64],
    class_rows: NDArray[np.int64],
) -> float:
    """How much the stamp's rows vary outside it, against the whole class: the mean per-pixel
    standard deviation over the other pixels, rows over class. A trigger is written on images
    as varied as their class (about 1); a patch of sky or of blank paper is uniform around its
    shared values too (near 0), and a stamp that covers the image leaves nothing to vary (0)."""
    rest = np.setdiff1d(np.arange(flat.shape[1]), pixels)
    if len(rest) == 0 or len(rows) < 2:
        return 0.0
    whole = float(flat[np.ix_(class_rows, rest)].std(axis=0).mean())
    if whole <= 1e-12:  # the class itself is uniform there: nothing to compare with
        return 0.0
    return float(flat[np.ix_(rows, rest)].std(axis=0).mean()) / whole


def union_score(scores: NDArray[np.float64], settings: BackdoorSettings) -> NDArray[np.float64]:
    """The stamp score on the backdoor union's scale: 5 at ``backdoor_stamp_rate``, more above
    (0 stays 0)."""
    out: NDArray[np.float64] = 5.0 * scores / settings.backdoor_stamp_rate
    return out


def flags_from(x: NDArray[Any], rep: Representation, settings: BackdoorSettings) -> RowFlags:
    rows, scores, metrics = stamp_scores(x, rep, settings)
    return RowFlags("stamp", REASON, rows, scores[rows], {"features": rep.source, **metrics})


def stamped_triggers(
    x: NDArray[Any], y: NDArray[Any], model: Any | None, settings: BackdoorSettings
) -> RowFlags:
    """Rows of ``(x, y)`` that carry exact pixel values their class shares and that move other
    classes' rows to the class when written on them."""
    return on_features(x, y, model, settings, lambda rep: flags_from(np.asarray(x), rep, settings))
