"""Data stage: integrity of training and evaluation data before a model learns from it."""

from hauberk.core import Check
from hauberk.data._activation_clustering import activation_clustering
from hauberk.data._backdoor import DataBackdoor, backdoor_flags
from hauberk.data._features import BackdoorSettings
from hauberk.data._hygiene import DataHygiene
from hauberk.data._label_noise import LabelNoise, suspect_labels
from hauberk.data._loss_outliers import loss_gradient_outliers
from hauberk.data._spectral import spectral_signatures
from hauberk.data._stage import DATA, DataSettings
from hauberk.data._strip import Strip


def checks() -> list[Check]:
    return [DataHygiene(), LabelNoise(), DataBackdoor()]


__all__ = [
    "DATA",
    "BackdoorSettings",
    "DataBackdoor",
    "DataHygiene",
    "DataSettings",
    "LabelNoise",
    "Strip",
    "activation_clustering",
    "backdoor_flags",
    "checks",
    "loss_gradient_outliers",
    "spectral_signatures",
    "suspect_labels",
]
