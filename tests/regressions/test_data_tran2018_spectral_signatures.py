"""Tran, Li, Madry, "Spectral Signatures in Backdoor Attacks" (NeurIPS 2018): a pixel-pattern
trigger relabelled into one class leaves a direction in that class's learned features. Their
setting: a few percent of the target class poisoned, a network trained on it, the poison found
along the top singular vector. Here: 27 stamped digits (2% of the data, 17% of class 0) in a
small MLP's features; the spectral scores must rank them above the class's clean rows. At 1%
(9% of the class, Tran's 10%) this MLP's top direction is still natural variation (AUC 0.56):
a limit of the small default network, which the bench shows."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score
from tests._backdoor import TARGET, patched, trained

from hauberk.data import BackdoorSettings
from hauberk.data._features import represent
from hauberk.data._spectral import flags_from, spectral_scores


def test_spectral_signature_of_a_patch_trigger_in_its_target_class() -> None:
    x, y, truth = patched(0.02)
    rep = represent(x, y, trained(0.02))
    scores = spectral_scores(rep)
    in_class = y == TARGET
    auc = roc_auc_score(truth[in_class], scores[in_class])
    assert auc >= 0.9, auc
    flags = flags_from(rep, BackdoorSettings())
    assert len(flags.rows) / len(x) <= 0.01  # the robust-z rule stays quiet elsewhere
    assert np.all(flags.scores > BackdoorSettings().backdoor_z)
