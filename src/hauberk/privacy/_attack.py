"""What every membership-inference attack reads, and the protocol it implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from hauberk.privacy._scores import cross_entropy, logit_confidence, true_class_proba
from hauberk.privacy._shadow import ShadowSet


@dataclass(frozen=True)
class TargetOutputs:
    """The target model's probabilities on the audited records and their label columns.

    ``robust`` and ``aug_phi`` are filled when the audit queried perturbed copies of the
    records (label-only attacks): the share of copies labelled right, and LiRA's logit
    scaling of that share.
    """

    proba: NDArray[np.float64]
    y_idx: NDArray[np.int64]
    robust: NDArray[np.float64] | None = None
    aug_phi: NDArray[np.float64] | None = None

    @property
    def correct(self) -> NDArray[np.bool_]:
        return np.asarray(self.proba.argmax(axis=1) == self.y_idx)

    @property
    def p_true(self) -> NDArray[np.float64]:
        return true_class_proba(self.proba, self.y_idx)

    @property
    def loss(self) -> NDArray[np.float64]:
        return cross_entropy(self.proba, self.y_idx)

    @property
    def phi(self) -> NDArray[np.float64]:
        return logit_confidence(self.proba, self.y_idx)


class MembershipAttack(Protocol):
    """Scores each record: the higher, the more likely it was a training member.

    ``name`` is the prefix of the attack's metrics (``lira.auc``); attacks that need shadow
    models say so with ``needs_shadows`` and get the :class:`ShadowSet` trained on the
    audited records (in the same order as ``target``'s rows).
    """

    @property
    def name(self) -> str: ...

    @property
    def needs_shadows(self) -> bool: ...

    def scores(self, target: TargetOutputs, shadows: ShadowSet | None) -> NDArray[np.float64]: ...
