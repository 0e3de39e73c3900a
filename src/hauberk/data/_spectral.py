"""Spectral signatures (Tran, Li, Madry, "Spectral Signatures in Backdoor Attacks", NeurIPS 2018).

Threat model: a poisoner adds inputs carrying a trigger, relabelled to a target class, to the
training data. In the penultimate features of a model trained on that data, the poisoned rows of
the target class share a direction that clean rows lack, so they stand out along the top
singular vector of the class's centred feature matrix.

Per class: centre the features, take the top right singular vector ``v``, project each row on
it. Tran et al. score a row by the squared projection and drop the ``1.5·ε·n`` highest, which
needs the poisoning rate ``ε``. Not knowing ``ε``, this detector flags a row when the robust
z-score of its projection, ``|p - median(p)| / (1.4826·MAD(p))``, is above ``backdoor_z``
(default 4.5: Iglewicz and Hoaglin's 3.5 for normal data, raised because feature projections
have heavier tails; at 4 a style of 9s in clean digits put 8 of 135 rows above it, at 4.5 one).
The median and MAD belong to the clean majority while the poison is under half the class, so
the rule needs no ``ε``; ``bench/data_backdoor.py`` measures its false-positive rate.
The row score is that robust z-score, comparable across classes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.data._features import (
    BackdoorSettings,
    Representation,
    on_features,
    robust_z,
    z_flags,
)
from hauberk.data._flags import RowFlags

REASON = "spectral signature: outlier along the top singular vector of its class's features"


def spectral_scores(rep: Representation, *, min_rows: int = 20) -> NDArray[np.float64]:
    """Per-row robust z-score of the projection on its class's top singular vector."""
    scores = np.zeros(len(rep.labels))
    for c in np.unique(rep.labels):
        idx = np.flatnonzero(rep.labels == c)
        if len(idx) < min_rows:
            continue
        centred = rep.features[idx] - rep.features[idx].mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        scores[idx] = np.abs(robust_z(centred @ vt[0]))
    return scores


def flags_from(rep: Representation, settings: BackdoorSettings) -> RowFlags:
    scores = spectral_scores(rep, min_rows=settings.backdoor_min_class_rows)
    return z_flags("spectral_signature", REASON, scores, rep, settings)


def spectral_signatures(
    x: NDArray[Any], y: NDArray[Any], model: Any | None, settings: BackdoorSettings
) -> RowFlags:
    """Rows of ``(x, y)`` whose features carry a class's spectral signature."""
    return on_features(x, y, model, settings, lambda rep: flags_from(rep, settings))
