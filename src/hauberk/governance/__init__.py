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
from hauberk.governance._mlflow import LocalMlflowServer, MlflowMirror
from hauberk.governance._performance import (
    PERFORMANCE,
    Performance,
    PerformanceSettings,
    calibration,
)
from hauberk.governance._registry import (
    Condition,
    GateFailed,
    GatePolicy,
    Registry,
    RegistrySettings,
    load_registry_config,
)
from hauberk.governance._roles import LIFECYCLE_ROLES, Principal, RoleStore, load_roles
from hauberk.governance._spdx import build_spdx, validate_spdx


def checks() -> list[Check]:
    return [Performance(), Fairness(), Explanations()]


__all__ = [
    "EXPLANATIONS",
    "FAIRNESS",
    "LIFECYCLE_ROLES",
    "PERFORMANCE",
    "BomInvalid",
    "CardConfig",
    "Condition",
    "Evidence",
    "ExplanationSettings",
    "Explanations",
    "Fairness",
    "FairnessMeasure",
    "FairnessSettings",
    "GateFailed",
    "GatePolicy",
    "LocalMlflowServer",
    "Measurement",
    "Mitigation",
    "MlflowMirror",
    "Performance",
    "PerformanceSettings",
    "Principal",
    "Registry",
    "RegistrySettings",
    "RoleStore",
    "build_bom",
    "build_spdx",
    "calibration",
    "card_context",
    "checks",
    "gather",
    "load_registry_config",
    "load_roles",
    "measure_fairness",
    "measurements",
    "mitigate",
    "render_card",
    "validate_spdx",
]
