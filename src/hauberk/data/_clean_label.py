"""Clean-label backdoors: which rows of a class carry the trigger that trigger transfer found.

Turner, Tsipras and Madry ("Label-Consistent Backdoor Attacks", 2019) poison a class without
relabelling anything: rows that really belong to the target class are first perturbed
adversarially (PGD within an L-inf budget on a surrogate model, so a model cannot learn them
from their natural features) and then stamped with the trigger, so the model learns the
trigger instead. Trigger transfer (``_trigger_transfer``) confirms such a class: the recovered
pattern still sends other classes' rows to it. Its per-row test, the projection of a row's
residual (the row minus its nearest other-class row) on the trigger, misses many of these rows:
the adversarial perturbation is large (0.3 of the pixel range on every pixel) and partly shared
by the poison rows, so the recovered trigger and each residual carry perturbation and digit
shape besides the stamp, and a row's projection falls under a half (bench seed 0: 12% of the
rows missed at 5% poisoning of digits, 44% at 10%).

This detector keeps only the trigger's *support*: the pixels where the median residual of the
rows trigger transfer already flagged is at least ``SUPPORT`` of its largest value (for a
stamped patch, the patch: its pixels are overwritten, so the perturbation does not reach
them). A row of that class is flagged when its residual on the support carries at least
``CARRIES`` of the trigger there. A support wider than ``MAX_SUPPORT`` of the pixels is not a
local stamp (a blended trigger's median residual carries the class's shape: on seed 0's
digits blend the support was 24 of 64 pixels and the rule raised the false alarms from 2% to
7%), and the class is left to trigger transfer. It runs only in a class where trigger transfer
flagged at least ``MIN_SEEDS`` rows, so on a clean set (no transferable trigger) it flags
nothing.

What it does not do: detect the adversarial perturbation itself (a poison whose trigger the
model did not learn has no transfer and stays unflagged; at 1% poisoning of MNIST14 the
trigger did not implant, attack success 0.12), nor feature-collision poisons (Shafahi et al.
2018), which carry no trigger. ``bench/data_backdoor.py`` (attack ``clean-label-adv``)
measures it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.data._features import Representation
from hauberk.data._flags import RowFlags

REASON = "clean-label backdoor: carries its class's recovered trigger on the trigger's pixels"
SUPPORT = 0.5  # a pixel is on the trigger's support when |median residual| >= this x the max
CARRIES = 0.5  # a row carries the trigger when its support residual projects to >= this
MIN_SEEDS = 5  # trigger-transfer rows a class needs before its trigger is re-estimated
MAX_SUPPORT = 0.15  # a trigger spread over more of the pixels is not a local stamp: left alone


def support_scores(
    x: NDArray[Any], rep: Representation, seeds: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], dict[str, Any]]:
    """Flagged rows, every row's score (its clipped projection on its class's trigger support,
    0 in a class without one) and per-class measurements. ``seeds`` are the rows trigger
    transfer flagged."""
    from sklearn.neighbors import NearestNeighbors

    x = np.asarray(x)
    flat = x.reshape(len(x), -1).astype(np.float64)
    scores = np.zeros(len(x))
    flagged = np.zeros(len(x), dtype=bool)
    per_class: dict[str, Any] = {}
    for c in np.unique(rep.labels[seeds]):
        idx = np.flatnonzero(rep.labels == c)
        other = np.flatnonzero(rep.labels != c)
        seeded = np.isin(idx, seeds)
        if seeded.sum() < MIN_SEEDS or len(other) == 0:
            continue
        _, nb = NearestNeighbors(n_neighbors=1).fit(flat[other]).kneighbors(flat[idx])
        residual = flat[idx] - flat[other[nb[:, 0]]]
        trigger = np.median(residual[seeded], axis=0)
        peak = float(np.abs(trigger).max())
        if peak <= 1e-12:
            continue
        on = np.abs(trigger) >= SUPPORT * peak
        per_class[str(int(c))] = {"seed_rows": int(seeded.sum()), "support_pixels": int(on.sum())}
        if on.mean() > MAX_SUPPORT:
            continue
        t = trigger[on]
        carried = residual[:, on] @ t / float(t @ t)
        flagged[idx[carried >= CARRIES]] = True
        scores[idx] = np.clip(carried, 0.0, 1.0)
        per_class[str(int(c))]["carrying_rows"] = int((carried >= CARRIES).sum())
    return np.flatnonzero(flagged).astype(np.int64), scores, per_class


def flags_from(x: NDArray[Any], rep: Representation, seeds: NDArray[np.int64]) -> RowFlags:
    rows, scores, per_class = support_scores(x, rep, seeds)
    return RowFlags(
        "clean_label",
        REASON,
        rows,
        scores[rows],
        {"features": rep.source, "rows": len(scores), "classes": per_class},
    )
