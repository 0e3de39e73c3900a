"""The ``privacy`` stage's membership-inference check for ``hauberk assess``.

Needs the members (``[data]`` ``train``) and non-members (``test``) with labels. Shadow models
come from ``[privacy] trainer``, else the target's ``[model] trainer``, else a clone of a
scikit-learn estimator; with none of them only the threshold attack runs and the result says
that LiRA and RMIA were skipped.

Metrics are ``<attack>.auc``, ``<attack>.tpr_at_fpr_0.001`` and ``<attack>.tpr_at_fpr_0.01``
for each attack that ran (``threshold``, ``lira``, ``rmia``, ``lira_offline``,
``rmia_offline``, and on labels or coarse scores ``label_only``, ``gap``, ``lira_augmented``),
each with ``_ci`` (its 95% interval), and under the bare names ``auc``, ``tpr_at_fpr_0.001``,
``tpr_at_fpr_0.01`` the worst case (highest value) over those attacks. A TPR at an FPR that
the non-members cannot resolve (fewer than ``10 / FPR``) is absent; ``..._missing`` says why.

Each limit is judged on the interval, not the point: a finding when some attack's whole
interval is above the limit; a pass only when every attack's interval is at or below it.
An interval that straddles a limit, or a limited TPR that could not be measured, leaves the
result ``incomplete`` (unless a finding fails it), with the sample size that would decide. A
limit of 1 or more is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from hauberk.core._stats import Rate, Verdict, samples_to_decide
from hauberk.models import Target
from hauberk.privacy._attack import MembershipAttack
from hauberk.privacy._audit import MembershipAudit, MembershipReport
from hauberk.privacy._labelonly import LabelOnlyAttack
from hauberk.privacy._lira import LiRA
from hauberk.privacy._rmia import RMIA
from hauberk.privacy._rules import MEMBERSHIP
from hauberk.privacy._shadow import ShadowTrainer, sklearn_trainer
from hauberk.privacy._threshold import ThresholdAttack

AttackName = Literal[
    "threshold", "confidence", "lira", "lira_offline", "rmia", "rmia_offline",
    "label_only", "gap", "lira_augmented",
]  # fmt: skip


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
    label_only: Literal["auto", "always", "never"] = Field(
        default="auto", description="label-only attacks: when answers are degraded, always, never"
    )
    label_only_copies: int = Field(
        default=16, ge=1, le=256, description="perturbed copies queried per record"
    )
    lira_variance: Literal["auto", "fixed", "per-example"] = "auto"
    rmia_a: float = Field(default=0.3, ge=0, le=1, description="RMIA offline correction")
    rmia_gamma: float = Field(default=1.0, gt=0, description="RMIA pairwise threshold")
    max_records: int = Field(default=2000, ge=20, description="members + non-members audited")
    max_auc: float = Field(default=0.6, ge=0.5, le=1, description="finding above")
    max_tpr_at_fpr_0_01: float = Field(default=0.05, ge=0, le=1, description="finding above")
    # Not judged by default (1 = off): TPR at 0.1% FPR needs 10,000 non-members, which
    # ordinary data sets lack, so a default limit would leave nearly every run incomplete.
    # It is still measured and reported whenever the non-members allow it.
    max_tpr_at_fpr_0_001: float = Field(
        default=1.0, ge=0, le=1, description="finding above (1 = not judged)"
    )
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
        "label_only": LabelOnlyAttack(),
        "gap": LabelOnlyAttack(kind="gap"),
        "lira_augmented": LiRA(statistic="augmented", variance=settings.lira_variance),
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
            copies=settings.label_only_copies,
            label_only={"auto": None, "always": True, "never": False}[settings.label_only],
        )
        remaining = ctx.deadline.remaining
        seconds = (
            settings.shadow_seconds
            if remaining is None
            else min(remaining, settings.shadow_seconds)
        )
        report = audit.run(
            target.model,
            (train.x, train.y),
            (test.x, test.y),
            deadline=Deadline(seconds),
            executor=ctx.executor,
        )
        metrics: dict[str, Any] = report.metrics()
        metrics["trainer"] = source or "none"
        if report.skipped:
            metrics["skipped_attacks"] = sorted(report.skipped)
        metrics["most_exposed"] = report.most_exposed(settings.top_k)
        reasons = []
        untrained = sorted(k for k, v in report.skipped.items() if v.startswith("no trainer"))
        if untrained:
            reasons.append(
                f"{', '.join(untrained)} skipped: no trainer was given (set "
                "[privacy] trainer = 'module:function' returning a model fitted on (x, y))"
            )
        if report.reason:
            reasons.append(report.reason)
        judged = judge(report, settings)
        metrics["undecided"] = judged.undecided
        findings = self._findings(target.name, settings, report, judged)
        partial = report.partial
        if judged.undecided and not any(f.severity >= Severity.LOW for f in findings):
            partial = True
            reasons += judged.undecided
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, [report.roc_plot()],
            partial=partial, reason="; ".join(reasons),
        )  # fmt: skip

    def _findings(
        self, where: str, settings: PrivacySettings, report: MembershipReport, judged: Judged
    ) -> list[Finding]:
        m = report.metrics()
        evidence: dict[str, Any] = {
            k: v for k, v in m.items() if "." in k or k in ("members", "non_members")
        }
        evidence["rates"] = report.rates()
        evidence["most_exposed"] = report.most_exposed(min(settings.top_k, 5))
        if report.outputs is not None:
            evidence["outputs"] = report.outputs.to_dict()
        sizes = f"{m['members']} members and {m['non_members']} non-members"
        if not judged.over:
            if not judged.inconclusive:
                return []
            evidence["inconclusive"] = judged.inconclusive
            detail = f"inconclusive over {sizes}: " + "; ".join(judged.undecided)
            return [
                MEMBERSHIP.finding(
                    where, detail, evidence, severity=Severity.INFO,
                    title="Membership inference inconclusive: the sample cannot decide",
                )
            ]  # fmt: skip
        best = report.strongest()
        auc = best.rates.auc
        tpr = best.rates.tpr.get("tpr_at_fpr_0.01")
        if tpr is not None:
            lead = (
                f"{best.name} identifies {tpr.describe()} of training records at 1% false "
                f"positives (AUC {auc.describe()})"
            )
        else:
            lead = f"{best.name} reaches AUC {auc.describe()}"
        detail = f"{lead} over {sizes}; over the limits: {', '.join(judged.over)}"
        if judged.undecided:
            detail += "; also " + "; ".join(judged.undecided)
        evidence["strongest_attack"] = best.name
        strong = [r.rates.tpr.get("tpr_at_fpr_0.01") for r in report.results.values()]
        high = any(t is not None and t.low >= HIGH_TPR_AT_1PCT for t in strong) or any(
            r.rates.auc.low >= HIGH_AUC for r in report.results.values()
        )
        severity = Severity.HIGH if high else MEMBERSHIP.severity
        return [MEMBERSHIP.finding(where, detail, evidence, severity=severity)]


@dataclass(frozen=True)
class Judged:
    """Limits judged on intervals: ``over`` (firmly above: a finding), ``inconclusive``
    (straddling, with the sample size that would decide) and ``undecided`` (the sentences
    for the result's reason: inconclusive limits and limited TPRs that were not measured)."""

    over: list[str]
    inconclusive: list[dict[str, Any]]
    undecided: list[str]


def limits(settings: PrivacySettings) -> tuple[tuple[str, float, str], ...]:
    return (
        ("auc", settings.max_auc, "max_auc"),
        ("tpr_at_fpr_0.01", settings.max_tpr_at_fpr_0_01, "max_tpr_at_fpr_0_01"),
        ("tpr_at_fpr_0.001", settings.max_tpr_at_fpr_0_001, "max_tpr_at_fpr_0_001"),
    )


def judge(report: MembershipReport, settings: PrivacySettings) -> Judged:
    over: list[str] = []
    unsure: list[dict[str, Any]] = []
    undecided: list[str] = []
    for key, limit, option in limits(settings):
        if limit >= 1.0 or not report.results:
            continue
        rated = [(n, r) for n, res in report.results.items() if (r := res.rates.get(key))]
        if not rated:
            why = next(iter(report.results.values())).rates.missing.get(key, "not measured")
            undecided.append(f"{key} {why}; set {option} = 1 to judge without it")
            continue
        above = [(n, r) for n, r in rated if r.verdict(limit, strict=True) is Verdict.ABOVE]
        if above:
            n, r = max(above, key=lambda nr: nr[1].value)
            over.append(f"{n} {key} {r.describe()} > {limit:g}")
            continue
        here = [
            _inconclusive(n, key, r, limit)
            for n, r in rated
            if r.verdict(limit, strict=True) is Verdict.INCONCLUSIVE
        ]
        unsure += here
        if here:  # the strongest attack is the one that could still settle it as a finding
            undecided.append(max(here, key=lambda u: u["rate"]["value"])["sentence"])
    return Judged(over, unsure, undecided)


def _inconclusive(
    attack: str, key: str, rate: Rate, limit: float, unit: str = ""
) -> dict[str, Any]:
    """What an interval straddling ``limit`` means, and the sample size that would decide."""
    need = samples_to_decide(rate, limit)
    unit = unit or ("records (members and non-members)" if key == "auc" else "members")
    decide = (
        f"about {need} {unit} would decide if the rate held"
        if need
        else "it sits on the limit, which no sample size decides"
    )
    what = f"{attack} {key}" if attack else key
    sentence = f"{what} {rate.describe()} is inconclusive against {limit:g}: {decide}"
    return {"attack": attack, "metric": key, "rate": rate.to_dict(), "limit": limit,
            "needed": need, "sentence": sentence}  # fmt: skip
