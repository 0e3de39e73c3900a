"""The ``privacy`` stage's membership-inference check for ``hauberk assess``.

Needs the members (``[data]`` ``train``) and non-members (``test``) with labels. Shadow models
come from ``[privacy] trainer``, else the target's ``[model] trainer``, else a clone of a
scikit-learn estimator; with none of them only the threshold attack runs and the result says
that LiRA and RMIA were skipped.

Metrics are ``<attack>.auc``, ``<attack>.tpr_at_fpr_0.001`` and ``<attack>.tpr_at_fpr_0.01``
for each attack that ran (``threshold``, ``lira``, ``rmia``, ``lira_offline``,
``rmia_offline``), and under the bare names ``auc``, ``tpr_at_fpr_0.001``,
``tpr_at_fpr_0.01`` the worst case (highest value) over those attacks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Deadline,
    Finding,
    Lifecycle,
    Severity,
    Stage,
    StageSettings,
    import_object,
)
from hauberk.models import Target
from hauberk.privacy._attack import MembershipAttack
from hauberk.privacy._audit import MembershipAudit, MembershipReport
from hauberk.privacy._lira import LiRA
from hauberk.privacy._rmia import RMIA
from hauberk.privacy._rules import MEMBERSHIP
from hauberk.privacy._shadow import ShadowTrainer, sklearn_trainer
from hauberk.privacy._threshold import ThresholdAttack

AttackName = Literal["threshold", "confidence", "lira", "lira_offline", "rmia", "rmia_offline"]


class PrivacySettings(StageSettings):
    trainer: str | None = Field(
        default=None, description="module:function(x, y) -> fitted model, for shadow models"
    )
    shadow_models: int = Field(default=4, ge=2, le=256, description="shadow models to train")
    shadow_seconds: float = Field(
        default=40.0, gt=0, description="time for shadow training; fewer shadows after it"
    )
    attacks: tuple[AttackName, ...] = Field(
        default=("threshold", "lira", "rmia"), min_length=1, description="attacks to run"
    )
    lira_variance: Literal["auto", "fixed", "per-example"] = "auto"
    rmia_a: float = Field(default=0.3, ge=0, le=1, description="RMIA offline correction")
    rmia_gamma: float = Field(default=1.0, gt=0, description="RMIA pairwise threshold")
    max_records: int = Field(default=2000, ge=20, description="members + non-members audited")
    max_auc: float = Field(default=0.6, ge=0.5, le=1, description="finding above")
    max_tpr_at_fpr_0_01: float = Field(default=0.05, ge=0, le=1, description="finding above")
    max_tpr_at_fpr_0_001: float = Field(default=0.01, ge=0, le=1, description="finding above")
    top_k: int = Field(default=10, ge=0, le=1000, description="most exposed records listed")


PRIVACY = Stage(
    name="privacy",
    lifecycle=Lifecycle.TRAINING,
    description="What the trained model leaks about its training data (membership, attributes).",
    settings=PrivacySettings,
)

#: Severity by the strongest attack's TPR at 1% FPR (the paper's headline number) or AUC.
HIGH_TPR_AT_1PCT = 0.2
HIGH_AUC = 0.8


def build_attacks(settings: PrivacySettings) -> list[MembershipAttack]:
    table: dict[str, MembershipAttack] = {
        "threshold": ThresholdAttack(statistic="loss"),
        "confidence": ThresholdAttack(statistic="confidence"),
        "lira": LiRA(online=True, variance=settings.lira_variance),
        "lira_offline": LiRA(online=False, variance=settings.lira_variance),
        "rmia": RMIA(online=True, a=settings.rmia_a, gamma=settings.rmia_gamma),
        "rmia_offline": RMIA(online=False, a=settings.rmia_a, gamma=settings.rmia_gamma),
    }
    return [table[name] for name in dict.fromkeys(settings.attacks)]


def resolve_trainer(
    target: Target, settings: PrivacySettings, base_dir: Path
) -> tuple[ShadowTrainer | None, str]:
    """The shadow trainer and where it came from (``""`` when there is none)."""
    if settings.trainer:
        fn = import_object(settings.trainer, key="[privacy] trainer", search=base_dir)
        if not callable(fn):
            raise ConfigError(f"[privacy] trainer: {settings.trainer!r} is not a function")
        return fn, "[privacy] trainer"
    if target.trainer is not None:
        return target.trainer, "[model] trainer"
    estimator = getattr(target.model, "estimator", None)
    if estimator is not None and hasattr(estimator, "get_params"):
        assert target.model is not None
        spec = target.model.input_spec
        return sklearn_trainer(estimator, input_spec=spec), "clone of the scikit-learn estimator"
    return None, ""


class MembershipInference:
    name = "privacy.membership"
    stage = PRIVACY
    needs = frozenset({"model", "data", "labels", "membership"})
    rules = (MEMBERSHIP,)
    description = (
        "Membership inference (loss threshold, LiRA, RMIA) on the training (member) and test "
        "(non-member) splits: AUC and TPR at 0.1% and 1% FPR, ROC, most exposed records."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, PrivacySettings)
        assert target.model is not None and target.data is not None
        train, test = target.data.train, target.data.test
        assert train is not None and test is not None
        trainer, source = resolve_trainer(target, settings, ctx.base_dir)
        audit = MembershipAudit(
            attacks=build_attacks(settings),
            trainer=trainer,
            shadow_models=settings.shadow_models,
            max_records=ctx.sample_limit(settings.max_records),
            seed=ctx.seed,
        )
        remaining = ctx.deadline.remaining
        seconds = (
            settings.shadow_seconds
            if remaining is None
            else min(remaining, settings.shadow_seconds)
        )
        report = audit.run(
            target.model, (train.x, train.y), (test.x, test.y), deadline=Deadline(seconds)
        )
        metrics: dict[str, Any] = report.metrics()
        metrics["trainer"] = source or "none"
        if report.skipped:
            metrics["skipped_attacks"] = sorted(report.skipped)
        metrics["most_exposed"] = report.most_exposed(settings.top_k)
        reasons = []
        if report.skipped:
            reasons.append(
                f"{', '.join(sorted(report.skipped))} skipped: no trainer was given (set "
                "[privacy] trainer = 'module:function' returning a model fitted on (x, y))"
            )
        if report.reason:
            reasons.append(report.reason)
        findings = self._findings(target.name, settings, report)
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, [report.roc_plot()],
            partial=report.partial, reason="; ".join(reasons),
        )  # fmt: skip

    def _findings(
        self, where: str, settings: PrivacySettings, report: MembershipReport
    ) -> list[Finding]:
        m = report.metrics()
        over = []
        limits = (
            ("auc", settings.max_auc),
            ("tpr_at_fpr_0.01", settings.max_tpr_at_fpr_0_01),
            ("tpr_at_fpr_0.001", settings.max_tpr_at_fpr_0_001),
        )
        for key, limit in limits:
            if m[key] > limit:
                over.append(f"{key} {m[key]:.3f} > {limit:g}")
        if not over:
            return []
        best = report.strongest()
        high = m["tpr_at_fpr_0.01"] >= HIGH_TPR_AT_1PCT or m["auc"] >= HIGH_AUC
        detail = (
            f"{best.name} identifies {best.metrics['tpr_at_fpr_0.01']:.1%} of training records "
            f"at 1% false positives (AUC {best.metrics['auc']:.3f}) over {m['members']} members "
            f"and {m['non_members']} non-members; over the limits: {', '.join(over)}"
        )
        evidence = {k: v for k, v in m.items() if "." in k or k in ("members", "non_members")}
        evidence["strongest_attack"] = best.name
        evidence["most_exposed"] = report.most_exposed(min(settings.top_k, 5))
        severity = Severity.HIGH if high else MEMBERSHIP.severity
        return [MEMBERSHIP.finding(where, detail, evidence, severity=severity)]
