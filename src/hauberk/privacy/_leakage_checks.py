"""The ``privacy`` stage's attribute-inference and model-inversion checks.

- ``privacy.attribute`` runs when ``[privacy] sensitive_column`` names a discrete column of a
  tabular model's input: the confidence-based attack against the imputation baseline on the
  members and non-members. Metrics ``attribute.*``; a finding when the attack's advantage
  over imputation exceeds ``max_attribute_advantage``.
- ``privacy.inversion`` runs on differentiable image-like models (input of 2 or more
  dimensions): MI-Face reconstructions of every class, judged by an independent logistic
  regression trained on the held-out data (``inversion_starts`` reconstructions per class).
  Metrics ``inversion.*``; a finding when the evaluator recognises more than
  ``max_inversion_accuracy`` of the reconstructions.

Both limits are judged on 95% intervals (bootstrap for the advantage, Clopper-Pearson for the
evaluator's accuracy): an interval straddling the limit leaves the result incomplete, with
the sample size that would decide, and an info finding saying so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    Finding,
    Rule,
    Severity,
    Stage,
    StageSettings,
)
from hauberk.core._stats import Rate, Verdict
from hauberk.models import Differentiable, SklearnModel, Target
from hauberk.privacy._attribute import AttributeInference
from hauberk.privacy._check import PRIVACY, _inconclusive
from hauberk.privacy._inversion import ModelInversion
from hauberk.privacy._rules import ATTRIBUTE, INVERSION


class AttributeSettings(StageSettings):
    sensitive_column: int | None = Field(
        default=None, ge=0, description="input column whose value the attack guesses"
    )
    max_attribute_advantage: float = Field(default=0.1, ge=0, le=1, description="finding above")
    attribute_records: int = Field(default=400, ge=20, description="records attacked")


class InversionSettings(StageSettings):
    inversion_steps: int = Field(default=300, ge=1, le=100_000, description="gradient steps")
    max_inversion_accuracy: float = Field(default=0.8, ge=0, le=1, description="finding above")
    inversion_starts: int = Field(
        default=4, ge=1, le=64, description="reconstructions per class (1 neutral + random)"
    )


def _stage(settings: type[StageSettings]) -> Stage:
    """The ``privacy`` stage, with this check's own settings table."""
    return replace(PRIVACY, settings=settings)


class AttributeLeakage:
    name = "privacy.attribute"
    stage = _stage(AttributeSettings)
    needs = frozenset({"model", "data", "labels", "membership"})
    rules = (ATTRIBUTE,)
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
        rates = report.rates()
        evidence = metrics | {"rates": {k: r.to_dict() for k, r in rates.items()}}
        findings: list[Finding] = []
        limit = settings.max_attribute_advantage
        adv = rates["advantage"]
        verdict = adv.verdict(limit, strict=True)
        if verdict is Verdict.ABOVE:
            detail = (
                f"guessing column {report.column} from the model's confidence is right for "
                f"{rates['member_accuracy'].describe('.1%')} of training records, against "
                f"{rates['baseline_accuracy'].describe('.1%')} by imputation without the model "
                f"(advantage {adv.describe()} > {limit:g})"
            )
            findings.append(ATTRIBUTE.finding(target.name, detail, evidence))
        return _result(ATTRIBUTE, self.name, self.stage.name, target.name, findings, metrics,
                       evidence, report.partial, verdict, ("", "attribute.advantage", adv, limit,
                       "members attacked"))  # fmt: skip


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
        inversion = ModelInversion(
            steps=settings.inversion_steps, starts=settings.inversion_starts, seed=ctx.seed
        )
        report = inversion.run(model, evaluator)
        metrics: dict[str, Any] = dict(report.metrics())
        rate = report.eval_rate
        evidence = metrics | {"rates": {"eval_accuracy": rate.to_dict()}}
        findings: list[Finding] = []
        limit = settings.max_inversion_accuracy
        verdict = rate.verdict(limit, strict=True)
        if verdict is Verdict.ABOVE:
            detail = (
                f"an independent classifier recognises {rate.describe('.1%')} of the class "
                f"representatives reconstructed from the model (baseline "
                f"{report.baseline_eval_accuracy:.0%}, limit {limit:.0%})"
            )
            findings.append(INVERSION.finding(target.name, detail, evidence))
        judged = ("", "inversion.eval_accuracy", rate, limit,
                  "reconstructions (raise inversion_starts)")  # fmt: skip
        return _result(INVERSION, self.name, self.stage.name, target.name, findings, metrics,
                       evidence, report.partial, verdict, judged)  # fmt: skip


def _result(
    rule: Rule,
    check: str,
    stage: str,
    where: str,
    findings: list[Finding],
    metrics: dict[str, Any],
    evidence: dict[str, Any],
    budget_cut: bool,
    verdict: Verdict,
    judged: tuple[str, str, Rate, float, str],
) -> CheckResult:
    """The result: failed on a finding; incomplete when the budget ran out or the interval
    straddles the limit (with an info finding naming the sample size that would decide)."""
    reasons = ["query budget ran out"] if budget_cut else []
    if verdict is Verdict.INCONCLUSIVE and not findings:
        unsure = _inconclusive(*judged)
        reasons.append(unsure["sentence"])
        findings.append(
            rule.finding(
                where, unsure["sentence"], evidence | {"inconclusive": unsure},
                severity=Severity.INFO, title="Inconclusive: the sample cannot decide",
            )
        )  # fmt: skip
    partial = bool(reasons) and not any(f.severity >= Severity.LOW for f in findings)
    return CheckResult.of(
        check, stage, findings, metrics, partial=partial or budget_cut, reason="; ".join(reasons)
    )
