"""Loss and gradient outliers: rows a model finds unusually hard, or that pull its last layer
unusually hard (the per-example gradient norm that Chou et al.'s and Hammoudeh and Lowd's
training-data attribution surveys use as a poisoning signal).

Per class, the robust z-scores of each row's cross-entropy at its own label and of the norm of
the loss gradient with respect to the last linear layer (``‖p - e_y‖·‖h‖``, exact for a softmax
layer, no autograd needed); a row above ``backdoor_z`` on either is flagged. This finds rows
the model did not learn: flipped labels and poison that failed to take. A trigger that did take
is fitted, so its rows have small losses and this detector misses them; spectral signatures and
activation clustering are the detectors for those. The score is the larger of the two z-scores.
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

REASON = "loss or last-layer gradient far above its class's typical row"


def outlier_scores(rep: Representation, *, min_rows: int = 20) -> NDArray[np.float64]:
    scores = np.zeros(len(rep.labels))
    for c in np.unique(rep.labels):
        idx = np.flatnonzero(rep.labels == c)
        if len(idx) < min_rows:
            continue
        loss = robust_z(np.log(rep.loss[idx] + 1e-12))
        grad = robust_z(np.log(rep.grad_norm[idx] + 1e-12))
        scores[idx] = np.maximum(loss, grad)
    return scores


def flags_from(rep: Representation, settings: BackdoorSettings) -> RowFlags:
    scores = outlier_scores(rep, min_rows=settings.backdoor_min_class_rows)
    return z_flags("loss_gradient_outlier", REASON, scores, rep, settings)


def loss_gradient_outliers(
    x: NDArray[Any], y: NDArray[Any], model: Any | None, settings: BackdoorSettings
) -> RowFlags:
    """Rows of ``(x, y)`` with an outlying loss or last-layer gradient within their class."""
    return on_features(x, y, model, settings, lambda rep: flags_from(rep, settings))
