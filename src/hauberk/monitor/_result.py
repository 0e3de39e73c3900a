"""What a drift comparison found, as data: per-feature tests, whole-input and output tests,
what could not be tested and why, histograms for the report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hauberk.core import Rate


@dataclass(frozen=True)
class FeatureTest:
    """One feature's decision test, its adjusted p-value and its effect sizes."""

    name: str
    kind: str
    test: str
    statistic: float
    p_value: float
    p_adjusted: float
    drifted: bool
    rows: tuple[int, int]
    effects: Mapping[str, float] = field(default_factory=dict)
    missing: tuple[float, float] = (0.0, 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "test": self.test,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "p_adjusted": self.p_adjusted,
            "drifted": self.drifted,
            "rows_reference": self.rows[0],
            "rows_current": self.rows[1],
            "missing_reference": self.missing[0],
            "missing_current": self.missing[1],
            **dict(self.effects),
        }


@dataclass(frozen=True)
class WholeTest:
    """A test of the whole input (or of the model's outputs) in the same corrected family."""

    name: str
    statistic: float
    p_value: float
    p_adjusted: float
    drifted: bool
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statistic": self.statistic,
            "p_value": self.p_value,
            "p_adjusted": self.p_adjusted,
            "drifted": self.drifted,
            **dict(self.detail),
        }


@dataclass(frozen=True)
class Untested:
    """A feature or test that could not run: why, and the rows it would need."""

    name: str
    reason: str
    rows_needed: int


@dataclass(frozen=True)
class Histogram:
    name: str
    kind: str
    edges: tuple[float, ...]
    reference: tuple[float, ...]
    current: tuple[float, ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class PerformanceDrift:
    """Accuracy on the reference and on the current batch, and the drop between them with a
    Newcombe interval; ``verdict`` compares the interval with the tolerated drop:
    ``dropped`` (all of it above), ``stable`` (all of it below) or ``inconclusive``."""

    reference: Rate
    current: Rate
    drop: float
    drop_low: float
    drop_high: float
    max_drop: float
    verdict: str
    rows_to_decide: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy_reference": self.reference.to_dict(),
            "accuracy_current": self.current.to_dict(),
            "accuracy_drop": {
                "value": self.drop,
                "ci_low": self.drop_low,
                "ci_high": self.drop_high,
                "confidence": self.reference.confidence,
                "method": "newcombe-hybrid-score",
                "n": self.current.n,
            },
            "max_accuracy_drop": self.max_drop,
            "verdict": self.verdict,
            "rows_to_decide": self.rows_to_decide,
        }


@dataclass(frozen=True)
class DriftResult:
    """Everything one comparison found; :func:`hauberk.monitor.drift_check_result` turns it
    into a core ``CheckResult``."""

    reference: str
    current: str
    rows: tuple[int, int]
    alpha: float
    correction: str
    test: str
    features: tuple[FeatureTest, ...]
    whole_input: tuple[WholeTest, ...]
    outputs: tuple[WholeTest, ...]
    performance: PerformanceDrift | None
    untested: tuple[Untested, ...]
    histograms: tuple[Histogram, ...]
    settings: Mapping[str, Any]

    @property
    def drifted_features(self) -> list[FeatureTest]:
        return [f for f in self.features if f.drifted]

    @property
    def drift(self) -> bool:
        """Some adjusted p-value is at most α (inputs, whole input or outputs)."""
        return any(f.drifted for f in self.features) or any(
            t.drifted for t in (*self.whole_input, *self.outputs)
        )

    @property
    def complete(self) -> bool:
        return not self.untested and (
            self.performance is None or self.performance.verdict != "inconclusive"
        )
