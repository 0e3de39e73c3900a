"""Data stage: integrity of training and evaluation data before a model learns from it."""

from hauberk.core import Check
from hauberk.data._hygiene import DataHygiene
from hauberk.data._label_noise import LabelNoise, suspect_labels
from hauberk.data._stage import DATA, DataSettings
from hauberk.data.pii import PersonalData


def checks() -> list[Check]:
    return [DataHygiene(), LabelNoise(), PersonalData()]


__all__ = [
    "DATA",
    "DataHygiene",
    "DataSettings",
    "LabelNoise",
    "PersonalData",
    "checks",
    "suspect_labels",
]
