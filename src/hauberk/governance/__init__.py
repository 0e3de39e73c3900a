"""Governance: what a model card and a release decision need to state, measured."""

from hauberk.core import Check
from hauberk.governance._bom import BomInvalid, build_bom
from hauberk.governance._card import card_context, render_card
from hauberk.governance._evidence import CardConfig, Evidence, Measurement, gather, measurements
from hauberk.governance._explain import (
    EXPLANATIONS,
    Explanations,
    ExplanationSettings,
)
from hauberk.governance._fairness import (
    FAIRNESS,
    Fairness,
    FairnessMeasure,
    FairnessSettings,
    Mitigation,
    measure_fairness,
    mitigate,
)
from hauberk.governance._performance import (
    PERFORMANCE,
    Performance,
    PerformanceSettings,
    calibration,
)


def checks() -> list[Check]:
    return [Performance(), Fairness(), Explanations()]


__all__ = [
    "EXPLANATIONS",
    "FAIRNESS",
    "PERFORMANCE",
    "BomInvalid",
    "CardConfig",
    "Evidence",
    "ExplanationSettings",
    "Explanations",
    "Fairness",
    "FairnessMeasure",
    "FairnessSettings",
    "Measurement",
    "Mitigation",
    "Performance",
    "PerformanceSettings",
    "build_bom",
    "calibration",
    "card_context",
    "checks",
    "gather",
    "measure_fairness",
    "measurements",
    "mitigate",
    "render_card",
]
