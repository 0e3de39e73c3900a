"""Privacy: membership inference (threshold, LiRA, RMIA, label-only), with shadow models
trained by the user's function or cloned from a scikit-learn estimator, and the metrics to
report it with their intervals."""

from hauberk.core import Check
from hauberk.privacy._attack import MembershipAttack, TargetOutputs
from hauberk.privacy._attribute import AttributeInference, AttributeReport
from hauberk.privacy._audit import (
    AttackResult,
    MembershipAudit,
    MembershipReport,
    default_attacks,
)
from hauberk.privacy._check import MembershipInference, PrivacySettings
from hauberk.privacy._dpsgd import DPTraining, check_privacy_target, train_dp
from hauberk.privacy._inversion import InversionReport, ModelInversion
from hauberk.privacy._labelonly import LabelOnlyAttack, OutputForm, output_form
from hauberk.privacy._leakage_checks import (
    AttributeLeakage,
    AttributeSettings,
    InversionSettings,
    ModelInversionCheck,
)
from hauberk.privacy._lira import LiRA
from hauberk.privacy._metrics import MembershipRates, Roc, membership_metrics, membership_rates, roc
from hauberk.privacy._rmia import RMIA
from hauberk.privacy._shadow import ShadowSet, ShadowTrainer, sklearn_trainer, train_shadows
from hauberk.privacy._threshold import ThresholdAttack


def checks() -> list[Check]:
    """The privacy checks for ``hauberk assess`` (the ``hauberk.checks`` entry point)."""
    return [MembershipInference(), AttributeLeakage(), ModelInversionCheck()]


__all__ = [
    "RMIA",
    "AttackResult",
    "AttributeInference",
    "AttributeLeakage",
    "AttributeReport",
    "AttributeSettings",
    "DPTraining",
    "InversionReport",
    "InversionSettings",
    "LabelOnlyAttack",
    "LiRA",
    "MembershipAttack",
    "MembershipAudit",
    "MembershipInference",
    "MembershipRates",
    "MembershipReport",
    "ModelInversion",
    "ModelInversionCheck",
    "OutputForm",
    "PrivacySettings",
    "Roc",
    "ShadowSet",
    "ShadowTrainer",
    "TargetOutputs",
    "ThresholdAttack",
    "check_privacy_target",
    "checks",
    "default_attacks",
    "membership_metrics",
    "membership_rates",
    "output_form",
    "roc",
    "sklearn_trainer",
    "train_dp",
    "train_shadows",
]
