"""Model theft: extraction attacks under a query budget (Knockoff Nets, Jacobian augmentation)
with fidelity-against-queries curves, output hardening wrappers for any Model, and
extraction detection (PRADA, a per-client query-distribution monitor), and ownership
evidence (trigger-set watermarks, DAWN, boundary fingerprints)."""

from hauberk.core import Check
from hauberk.theft._check import ModelExtraction, TheftSettings
from hauberk.theft._dawn import Dawn
from hauberk.theft._extraction import (
    CurvePoint,
    ExtractionAttack,
    ExtractionResult,
    Oracle,
    fidelity,
)
from hauberk.theft._fingerprint import Fingerprint
from hauberk.theft._fingerprint import rates as fingerprint_rates
from hauberk.theft._hardening import (
    LabelOnly,
    NoisyOutput,
    OutputDefence,
    ReverseSigmoid,
    Rounding,
    TopK,
)
from hauberk.theft._jacobian import JacobianAugmentation
from hauberk.theft._knockoff import KnockoffNets
from hauberk.theft._monitor import QueryMonitor, js_divergence
from hauberk.theft._prada import Prada, Watched
from hauberk.theft._surrogate import SurrogateTrainer, mlp
from hauberk.theft._watermark import TriggerSet, WatermarkVerdict, binomial_verdict


def checks() -> list[Check]:
    """The theft checks for ``hauberk assess`` (the ``hauberk.checks`` entry point)."""
    return [ModelExtraction()]


__all__ = [
    "CurvePoint",
    "Dawn",
    "ExtractionAttack",
    "ExtractionResult",
    "Fingerprint",
    "JacobianAugmentation",
    "KnockoffNets",
    "LabelOnly",
    "ModelExtraction",
    "NoisyOutput",
    "Oracle",
    "OutputDefence",
    "Prada",
    "QueryMonitor",
    "ReverseSigmoid",
    "Rounding",
    "SurrogateTrainer",
    "TheftSettings",
    "TopK",
    "TriggerSet",
    "Watched",
    "WatermarkVerdict",
    "binomial_verdict",
    "checks",
    "fidelity",
    "fingerprint_rates",
    "js_divergence",
    "mlp",
]
