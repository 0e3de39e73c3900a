"""Governance: what a model card and a release decision need to state, measured."""

from hauberk.core import Check
from hauberk.governance._performance import (
    PERFORMANCE,
    Performance,
    PerformanceSettings,
    calibration,
)


def checks() -> list[Check]:
    return [Performance()]


__all__ = ["PERFORMANCE", "Performance", "PerformanceSettings", "calibration", "checks"]
