"""The ``privacy`` stage's attribute-inference and model-inversion checks.

- ``privacy.attribute`` runs when ``[privacy] sensitive_column`` names a discrete column of a
  tabular model's input: the confidence-based attack against the imputation baseline on the
  members and non-members. Metrics ``attribute.*``; a finding when the attack's advantage
  over imputation exceeds ``max_attribute_advantage``.
- ``privacy.inversion`` runs on differentiable image-like models (input of 2 or more
  dimensions): MI-Face reconstructions of every class, judged by an independent logistic
  regression trained on the held-out data. Metrics ``inversion.*``; a finding when the
  evaluator recognises more than ``max_inversion_accuracy`` of the reconstructions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    Severity,
    Stage,
    StageSettings,
)
from hauberk.models import Differentiable, SklearnModel, Target
from hauberk.privacy._attribute import AttributeInference
from hauberk.privacy._check import PRIVACY
from hauberk.privacy._inversion import ModelInversion
from hauberk.privacy._rules import INVERSION


class AttributeSettings(StageSettings):
    sensitive_column: int | None = Field(
        default=None, ge=0, description="input column whose value the attack guesses"
    )
    max_attribute_advantage: float = Field(default=0.1, ge=0, le=1, description="finding above")
    attribute_records: int = Field(default=400, ge=20, description="records attacked")


class InversionSettings(StageSettings):
    inversion_steps: int = Field(default=300, ge=1, le=100_000, description="gradient steps")
    max_inversion_accuracy: float = Field(default=0.8, ge=0, le=1, description="finding above")


def _stage(settings: type[StageSettings]) -> Stage:
    """The ``privacy`` stage, with this check's own settings table."""
    return replace(PRIVACY, settings=settings)


class AttributeLeakage:
    name = "privacy.attribute"
    stage = _stage(AttributeSettings)
    needs = frozenset({"model", "data", "labels", "membership"})
    rules = (INVERSION,)
    description = (
        "Attribute inference on a sensitive tabular column, against the imputation baseline "
        "(set [privacy] sensitive_column)."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, AttributeSettings)
        if settings.sensitive_column is None:
            return CheckResult.skipped(
                self.name, self.stage.name, "no [privacy] sensitive_column was given"
            )
        assert target.model is not None and target.data is not None
        train, test = target.data.train, target.data.test
        assert train is not None and test is not None
        if train.x.ndim != 2:
            return CheckResult.skipped(self.name, self.stage.name, "needs flat tabular inputs")
        attack = AttributeInference(
            column=settings.sensitive_column,
            max_records=ctx.sample_limit(settings.attribute_records),
        )
        report = attack.run(target.model, (train.x, train.y), (test.x, test.y), seed=ctx.seed)
        metrics: dict[str, Any] = dict(report.metrics())
        findings = []
        if report.advantage > settings.max_attribute_advantage:
            detail = (
                f"guessing column {report.column} from the model's confidence is right for "
                f"{report.member_accuracy:.1%} of training records, against "
                f"{report.baseline_accuracy:.1%} by imputation without the model "
                f"(advantage {report.advantage:.3f} > {settings.max_attribute_advantage:g})"
            )
            findings.append(
                INVERSION.finding(target.name, detail, metrics, severity=Severity.MEDIUM)
            )
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, partial=report.partial,
            reason="query budget ran out" if report.partial else "",
        )  # fmt: skip


class ModelInversionCheck:
    name = "privacy.inversion"
    stage = _stage(InversionSettings)
    needs = frozenset({"model", "gradients", "data", "labels"})
    rules = (INVERSION,)
    description = (
        "Model inversion (MI-Face) of every class, scored by an independent classifier "
        "trained on the held-out data."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, InversionSettings)
        model = target.model
        assert isinstance(model, Differentiable) and target.data is not None
        if len(model.input_spec.shape) < 2:
            return CheckResult.skipped(self.name, self.stage.name, "needs image-like inputs")
        from sklearn.linear_model import LogisticRegression

        split = target.data.eval
        assert split.y is not None
        n = ctx.sample_limit(len(split))
        rows = ctx.rng().permutation(len(split))[:n]
        flat = split.x[rows].reshape(n, -1).astype(np.float64)
        evaluator = SklearnModel(
            LogisticRegression(max_iter=1000).fit(flat, split.y[rows]),
            input_spec=model.input_spec,
        )
        report = ModelInversion(steps=settings.inversion_steps).run(model, evaluator)
        metrics: dict[str, Any] = dict(report.metrics())
        findings = []
        if report.eval_accuracy > settings.max_inversion_accuracy:
            detail = (
                f"an independent classifier recognises {report.eval_accuracy:.0%} of the class "
                f"representatives reconstructed from the model (baseline "
                f"{report.baseline_eval_accuracy:.0%}, limit {settings.max_inversion_accuracy:.0%})"
            )
            findings.append(INVERSION.finding(target.name, detail, metrics, severity=Severity.LOW))
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, partial=report.partial,
            reason="query budget ran out" if report.partial else "",
        )  # fmt: skip
