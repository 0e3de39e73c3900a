"""Governance: what a model card and a release decision need to state, measured."""

from hauberk.core import Check
from hauberk.governance._bom import BomInvalid, build_bom
from hauberk.governance._card import card_context, render_card
from hauberk.governance._evidence import CardConfig, Evidence, Measurement, gather, measurements
from hauberk.governance._performance import (
    PERFORMANCE,
    Performance,
    PerformanceSettings,
    calibration,
)


def checks() -> list[Check]:
    return [Performance()]


__all__ = [
    "PERFORMANCE",
    "BomInvalid",
    "CardConfig",
    "Evidence",
    "Measurement",
    "Performance",
    "PerformanceSettings",
    "build_bom",
    "calibration",
    "card_context",
    "checks",
    "gather",
    "measurements",
    "render_card",
]
