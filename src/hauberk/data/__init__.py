"""Data stage: integrity of training and evaluation data before a model learns from it."""

from hauberk.core import Check
from hauberk.data._hygiene import DataHygiene
from hauberk.data._label_noise import LabelNoise, suspect_labels
from hauberk.data._stage import DATA, DataSettings


def checks() -> list[Check]:
    return [DataHygiene(), LabelNoise()]


__all__ = ["DATA", "DataHygiene", "DataSettings", "LabelNoise", "checks", "suspect_labels"]
