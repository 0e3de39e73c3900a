"""Data stage: integrity of training and evaluation data before a model learns from it."""

from hauberk.core import Check
from hauberk.data._hygiene import DataHygiene
from hauberk.data._label_flip import label_flips
from hauberk.data._label_noise import LabelNoise, suspect_labels
from hauberk.data._scan import DETECTORS, ScanResult, scan_rows
from hauberk.data._stage import DATA, DataSettings


def checks() -> list[Check]:
    return [DataHygiene(), LabelNoise()]


__all__ = [
    "DATA",
    "DETECTORS",
    "DataHygiene",
    "DataSettings",
    "LabelNoise",
    "ScanResult",
    "checks",
    "label_flips",
    "scan_rows",
    "suspect_labels",
]
