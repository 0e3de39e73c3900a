"""Evasion: adversarial attacks, robust-accuracy evaluation, and defences measured by them.

One attack per public module (``hauberk.evasion.pgd`` holds PGD, and so on); every attack
derives from :class:`Attack`, whose final ``__call__`` keeps results inside the ε-ball, the
input range and the feature constraints, and within the query budget. Importing this package
does not import torch; attacks load it when they run.
"""

from hauberk.evasion._adversarial_training import adversarial_training, pgd_at, trades
from hauberk.evasion._attack import Attack, AttackRun
from hauberk.evasion._check import (
    BlackBoxEvasionCheck,
    EvasionCheck,
    EvasionSettings,
    checks,
)
from hauberk.evasion._constraints import FeatureConstraints, ball_norm, project
from hauberk.evasion._guard_eval import Guard, GuardEvaluation, evaluate_guard
from hauberk.evasion._mahalanobis import MahalanobisDetector
from hauberk.evasion._masking import MaskingReport, diagnose
from hauberk.evasion._robust import ATTACKS, ENSEMBLES, RobustAccuracy, robust_accuracy
from hauberk.evasion._smoothing import (
    RandomizedSmoothing,
    SmoothingEvaluation,
    evaluate_smoothing,
    gaussian_augmentation,
)
from hauberk.evasion._squeezing import FeatureSqueezing
from hauberk.evasion.apgd import APGD, APGDT
from hauberk.evasion.cw import CarliniWagnerL2
from hauberk.evasion.deepfool import DeepFool
from hauberk.evasion.fab import FAB
from hauberk.evasion.fgsm import FGSM
from hauberk.evasion.hopskipjump import HopSkipJump
from hauberk.evasion.pgd import PGD
from hauberk.evasion.square import Square
from hauberk.evasion.transfer import TransferAttack

__all__ = [
    "APGD",
    "APGDT",
    "ATTACKS",
    "ENSEMBLES",
    "FAB",
    "FGSM",
    "PGD",
    "Attack",
    "AttackRun",
    "BlackBoxEvasionCheck",
    "CarliniWagnerL2",
    "DeepFool",
    "EvasionCheck",
    "EvasionSettings",
    "FeatureConstraints",
    "FeatureSqueezing",
    "Guard",
    "GuardEvaluation",
    "HopSkipJump",
    "MahalanobisDetector",
    "MaskingReport",
    "RandomizedSmoothing",
    "RobustAccuracy",
    "SmoothingEvaluation",
    "Square",
    "TransferAttack",
    "adversarial_training",
    "ball_norm",
    "checks",
    "diagnose",
    "evaluate_guard",
    "evaluate_smoothing",
    "gaussian_augmentation",
    "pgd_at",
    "project",
    "robust_accuracy",
    "trades",
]
