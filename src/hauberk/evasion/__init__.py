"""Evasion: adversarial attacks, robust-accuracy evaluation, and defences measured by them.

One attack per public module (``hauberk.evasion.pgd`` holds PGD, and so on); every attack
derives from :class:`Attack`, whose final ``__call__`` keeps results inside the ε-ball, the
input range and the feature constraints, and within the query budget. Importing this package
does not import torch; attacks load it when they run.
"""

from hauberk.evasion._attack import Attack, AttackRun
from hauberk.evasion._check import (
    BlackBoxEvasionCheck,
    EvasionCheck,
    EvasionSettings,
    checks,
)
from hauberk.evasion._constraints import FeatureConstraints, ball_norm, project
from hauberk.evasion._masking import MaskingReport, diagnose
from hauberk.evasion._robust import ATTACKS, ENSEMBLES, RobustAccuracy, robust_accuracy
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
    "HopSkipJump",
    "MaskingReport",
    "RobustAccuracy",
    "Square",
    "TransferAttack",
    "ball_norm",
    "checks",
    "diagnose",
    "project",
    "robust_accuracy",
]
