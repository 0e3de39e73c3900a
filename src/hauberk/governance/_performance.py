"""Held-out performance and calibration: the numbers a model card must state.

Expected calibration error follows Guo et al. 2017 (equal-width confidence bins). A badly
calibrated model misleads whoever acts on its scores, and over-confidence on training data is
what membership-inference attacks feed on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    Finding,
    Lifecycle,
    Plot,
    Rate,
    Rule,
    Series,
    Severity,
    Stage,
    StageSettings,
    Verdict,
    clopper_pearson,
    samples_to_decide,
)
from hauberk.models import Target, label_indices


class PerformanceSettings(StageSettings):
    min_accuracy: float | None = Field(default=None, ge=0, le=1, description="finding below")
    max_ece: float = Field(default=0.1, gt=0, le=1, description="finding above")
    min_class_recall_ratio: float = Field(
        default=0.5, gt=0, le=1, description="finding when a class recall < ratio x mean"
    )
    bins: int = Field(default=15, ge=2, le=100)


PERFORMANCE = Stage(
    name="performance",
    lifecycle=Lifecycle.GOVERNANCE,
    description="Held-out accuracy, calibration and per-class behaviour for the model card.",
    settings=PerformanceSettings,
)

LOW_ACCURACY = Rule(
    id="HB-GV-LOW-ACCURACY",
    title="Held-out accuracy is below the required level",
    severity=Severity.MEDIUM,
    description="The model is less accurate on held-out data than the configured minimum.",
    remediation="Do not release; retrain or revisit data quality, and re-run the assessment.",
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
)
MISCALIBRATED = Rule(
    id="HB-GV-MISCALIBRATED",
    title="Scores are poorly calibrated",
    severity=Severity.LOW,
    description=(
        "Confidence does not match accuracy (expected calibration error above the limit); "
        "over-confidence also widens the gap that membership inference exploits."
    ),
    remediation="Calibrate (temperature scaling, isotonic) on held-out data; expose labels only.",
    atlas=("AML.T0031", "AML.T0024.000"),
    owasp=("ML08:2023", "ML04:2023"),
    papers=("Guo et al. 2017, On Calibration of Modern Neural Networks",),
)
BELOW_BASELINE = Rule(
    id="HB-GV-BELOW-BASELINE",
    title="The model does no better than always answering the most common class",
    severity=Severity.MEDIUM,
    description=(
        "Held-out accuracy is at or below the majority-class baseline (the accuracy of a "
        "constant answer): the model has learnt nothing usable, or its input or labels are "
        "wired wrong. Accuracy carries a Clopper-Pearson 95% interval."
    ),
    remediation=(
        "Check that the data's columns and labels match what the model was trained on, then "
        "retrain; do not release a model that a constant beats."
    ),
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
)
WEAK_CLASS = Rule(
    id="HB-GV-WEAK-CLASS",
    title="A class is recognised far worse than the others",
    severity=Severity.LOW,
    description="Recall of at least one class is well below the mean recall across classes.",
    remediation="Collect data for the weak class and report per-class metrics in the model card.",
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
)


def calibration(
    proba: NDArray[np.float64], y: NDArray[np.int64], bins: int
) -> tuple[float, NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """ECE, and per non-empty bin the mean confidence, accuracy and count."""
    conf = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, bins - 1)
    counts = np.bincount(which, minlength=bins)
    conf_sum = np.bincount(which, weights=conf, minlength=bins)
    acc_sum = np.bincount(which, weights=correct, minlength=bins)
    full = counts > 0
    mean_conf = conf_sum[full] / counts[full]
    mean_acc = acc_sum[full] / counts[full]
    ece = float(np.sum(counts[full] * np.abs(mean_acc - mean_conf)) / len(y))
    return ece, mean_conf, mean_acc, counts[full]


class Performance:
    name = "governance.performance"
    stage = PERFORMANCE
    needs = frozenset({"model", "data", "labels"})
    rules = (LOW_ACCURACY, BELOW_BASELINE, MISCALIBRATED, WEAK_CLASS)
    description = "Held-out accuracy, balanced accuracy, calibration (ECE), per-class recall."

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        assert target.model is not None
        assert target.data is not None
        settings = ctx.settings
        assert isinstance(settings, PerformanceSettings)
        split = target.data.eval
        assert split.y is not None
        n = ctx.sample_limit(len(split))
        rows = ctx.rng().permutation(len(split))[:n]
        y = label_indices(target.model, split.y[rows])
        proba = target.model.predict_proba(split.x[rows])
        pred = proba.argmax(axis=1)
        recall = {
            str(target.model.classes[c]): float((pred[y == c] == c).mean()) for c in np.unique(y)
        }
        accuracy = float((pred == y).mean())
        rate = clopper_pearson(int((pred == y).sum()), int(n))
        counts = np.bincount(y, minlength=len(target.model.classes))
        majority = int(counts.argmax())
        baseline = float(counts[majority] / n)
        ece, conf, acc, _ = calibration(proba, y, settings.bins)
        metrics: dict[str, Any] = {
            "accuracy": accuracy,
            "accuracy_ci": rate.to_dict(),
            "majority_baseline": baseline,
            "majority_class": str(target.model.classes[majority]),
            "balanced_accuracy": float(np.mean(list(recall.values()))),
            "ece": ece,
            "samples": int(n),
            "recall_per_class": recall,
        }
        findings = self._baseline(target.name, rate, baseline, metrics["majority_class"])
        findings += self._findings(target.name, settings, accuracy, ece, recall)
        plot = Plot(
            title="Reliability: accuracy against confidence",
            kind="line",
            x_label="mean confidence in bin",
            y_label="accuracy in bin",
            series=(Series("model", tuple(conf), tuple(acc)), Series("ideal", (0, 1), (0, 1))),
        )
        return CheckResult.of(self.name, self.stage.name, findings, metrics, [plot])

    def _baseline(self, where: str, rate: Rate, baseline: float, cls: str) -> list[Finding]:
        """A finding when accuracy is at or below always answering the majority class."""
        if rate.value > baseline:
            return []
        verdict = rate.verdict(baseline)
        decide = ""
        if verdict is Verdict.INCONCLUSIVE and rate.value < baseline:
            decide = f"; inconclusive: about {samples_to_decide(rate, baseline)} rows would decide"
        return [
            BELOW_BASELINE.finding(
                where,
                f"Accuracy {rate.describe()} is not above the majority-class baseline "
                f"{baseline:.3f} (always answering {cls!r}){decide}.",
                {
                    "accuracy": rate.to_dict(),
                    "majority_baseline": baseline,
                    "majority_class": cls,
                    "verdict": verdict.value,
                },
            )
        ]

    def _findings(
        self,
        where: str,
        settings: PerformanceSettings,
        accuracy: float,
        ece: float,
        recall: dict[str, float],
    ) -> list[Finding]:
        findings = []
        if settings.min_accuracy is not None and accuracy < settings.min_accuracy:
            findings.append(
                LOW_ACCURACY.finding(
                    where,
                    f"Accuracy {accuracy:.3f} is below the required {settings.min_accuracy:.3f}.",
                    {"accuracy": accuracy, "min_accuracy": settings.min_accuracy},
                )
            )
        if ece > settings.max_ece:
            findings.append(
                MISCALIBRATED.finding(
                    where,
                    f"Expected calibration error {ece:.3f} exceeds {settings.max_ece:.3f}.",
                    {"ece": ece, "max_ece": settings.max_ece},
                )
            )
        mean = float(np.mean(list(recall.values())))
        weak = {c: r for c, r in recall.items() if r < settings.min_class_recall_ratio * mean}
        if weak:
            findings.append(
                WEAK_CLASS.finding(
                    where,
                    f"{len(weak)} class(es) have recall below "
                    f"{settings.min_class_recall_ratio:.0%} of the mean ({mean:.3f}).",
                    {"weak_classes": weak, "mean_recall": mean},
                )
            )
        return findings
