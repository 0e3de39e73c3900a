"""The ``evasion`` stage of ``hauberk assess``: robust accuracy against ε, and honesty checks.

Two checks share the stage. ``evasion.robustness`` runs the white-box ensemble (APGD-CE,
APGD-T, FAB-T, Square) on models with gradients, then the gradient-masking diagnostics, and
if any fires it re-runs the ensemble with BPDA (and EOT when outputs are random) and reports
the worse of the two. ``evasion.black_box`` runs Square and a transfer attack on models
without gradients. Settings live in the ``[evasion]`` table.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Finding,
    Lifecycle,
    Plot,
    Rule,
    Series,
    Severity,
    Stage,
    StageSettings,
)
from hauberk.evasion._masking import MaskingReport, diagnose
from hauberk.evasion._robust import (
    ATTACKS,
    CLASSES,
    ENSEMBLES,
    RobustAccuracy,
    check_norm,
    resolve_ensemble,
    robust_accuracy,
)
from hauberk.models import Differentiable, Target

PAPERS = (
    "Croce and Hein, Reliable evaluation of adversarial robustness with an ensemble of diverse "
    "parameter-free attacks, ICML 2020",
    "Madry et al., Towards Deep Learning Models Resistant to Adversarial Attacks, ICLR 2018",
)

ROBUSTNESS_RULE = Rule(
    id="HB-EV-ROBUST-ACCURACY",
    title="Robust accuracy below the required level",
    severity=Severity.HIGH,
    description=(
        "Small input perturbations, within the configured ε, change the model's prediction on "
        "more samples than [evasion] min_robust_accuracy allows."
    ),
    remediation=(
        "Train with adversarial examples (hauberk.evasion.pgd_at or trades), add certified "
        "randomised smoothing for high-stakes decisions, and re-assess; input guards alone "
        "do not stop adaptive attacks."
    ),
    atlas=("AML.T0015", "AML.T0043"),
    owasp=("ML01:2023",),
    papers=PAPERS,
)

MASKING_RULE = Rule(
    id="HB-EV-GRADIENT-MASKING",
    title="Gradient masking: robustness is probably overestimated",
    severity=Severity.HIGH,
    description=(
        "The model shows signs of obfuscated gradients (Carlini et al. 2019; Croce and Hein "
        "2020 checklists): gradient attacks are misled, so their robust accuracy is an "
        "overestimate. The evaluation was repeated with BPDA/EOT adaptive attacks."
    ),
    remediation=(
        "Do not rely on a defence that hides gradients (quantisation, randomness, saturating "
        "layers); use adversarial training or certified defences and evaluate them with "
        "adaptive attacks."
    ),
    atlas=("AML.T0015", "AML.T0043"),
    owasp=("ML01:2023",),
    papers=(
        "Athalye, Carlini and Wagner, Obfuscated Gradients Give a False Sense of Security, "
        "ICML 2018",
        "Carlini et al., On Evaluating Adversarial Robustness, arXiv:1902.06705, 2019",
    ),
)


class EvasionSettings(StageSettings):
    """The ``[evasion]`` table. ε values are in the model's input units."""

    epsilons: tuple[float, ...] = Field(
        default=(0.03, 0.1, 0.2, 0.3), min_length=1, description="perturbation sizes"
    )
    norm: Literal["linf", "l2"] = "linf"
    min_robust_accuracy: float = Field(
        default=0.5, ge=0.0, le=1.0, description="finding when robust accuracy is below this"
    )
    attacks: str | tuple[str, ...] | None = Field(
        default=None, description="ensemble name or attack names (default: fast / black-box)"
    )
    max_samples: int | None = Field(default=400, gt=0, description="evaluation rows to attack")
    diagnostics: bool = Field(default=True, description="run the gradient-masking checks")
    batch_size: int = Field(default=512, gt=0, le=1 << 16)

    @field_validator("epsilons")
    @classmethod
    def _positive(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not (0 < e < float("inf")) for e in v):
            raise ValueError("every ε must be a finite number > 0")
        return tuple(sorted(set(v)))

    @field_validator("attacks")
    @classmethod
    def _known(cls, v: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
        if isinstance(v, str) and v not in ENSEMBLES:
            raise ValueError(f"unknown ensemble {v!r}; known: {', '.join(ENSEMBLES)}")
        if isinstance(v, tuple):
            bad = [a for a in v if a not in ATTACKS]
            if bad or not v:
                raise ValueError(f"unknown attacks {bad}; known: {', '.join(ATTACKS)}")
        return v

    @model_validator(mode="after")
    def _norm_supported(self) -> EvasionSettings:
        if self.attacks is None:
            return self
        names = (
            [n for n, _ in ENSEMBLES[self.attacks]]
            if isinstance(self.attacks, str)
            else list(self.attacks)
        )
        try:
            check_norm(names, self.norm)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return self


STAGE = Stage(
    name="evasion",
    lifecycle=Lifecycle.INFERENCE,
    description="adversarial examples: robust accuracy against ε under an attack ensemble",
    settings=EvasionSettings,
)


def _fmt(eps: float) -> str:
    return f"{eps:g}"


def _sample(target: Target, ctx: CheckContext) -> tuple[Any, Any]:
    assert target.data is not None and target.data.y is not None
    x, y = target.data.x, target.data.y
    n = ctx.sample_limit(len(x))
    cap = getattr(ctx.settings, "max_samples", None)
    n = n if cap is None else min(n, cap)
    if n < len(x):
        keep = np.sort(ctx.rng().choice(len(x), size=n, replace=False))
        x, y = x[keep], y[keep]
    return x, y


def _adaptive(
    model: Differentiable,
    x: Any,
    y: Any,
    r: RobustAccuracy,
    settings: EvasionSettings,
    attacks: Any,
    report: MaskingReport,
    ctx: CheckContext,
) -> RobustAccuracy:
    """BPDA (and EOT for random outputs) gradient attacks on the samples still robust.

    Score-based attacks are left out: gradients play no part in them, so a rerun would find
    nothing new. The result covers all samples; those not attacked count as broken, as they
    already are in ``r``.
    """
    from dataclasses import replace

    names = [n for n, _ in resolve_ensemble(attacks, model) if CLASSES[n].threat == "white-box"]
    ensemble = [(n, s) for n, s in resolve_ensemble(attacks, model) if n in names]
    still = np.nonzero(r.robust[0])[0] if len(r.robust) else np.zeros(0, dtype=int)
    full = np.zeros_like(r.robust)
    if len(still) == 0 or not ensemble:
        return replace(r, robust=full, seconds=0.0, queries=0)
    sub = robust_accuracy(
        model,
        x[still],
        y[still],
        eps=r.epsilons,
        norm=r.norm,
        attacks=ensemble,
        seed=ctx.seed,
        batch_size=settings.batch_size,
        bpda=True,
        eot_iter=10 if report.randomised else 1,
        deadline=ctx.deadline,
    )
    k = len(sub.robust)
    full[:k, still] = sub.robust
    full[k:, still] = True  # ε values the budget did not reach stay as the first run left them
    return replace(sub, clean=r.clean, labels=r.labels, robust=full, epsilons=r.epsilons)


def _merge(a: RobustAccuracy, b: RobustAccuracy) -> RobustAccuracy:
    """Per-sample worst case of two evaluations over the same samples and ε values."""
    from dataclasses import replace

    k = min(len(a.robust), len(b.robust))
    robust = a.robust[:k] & b.robust[:k]
    return replace(
        a,
        epsilons=a.epsilons[:k],
        robust=robust,
        broken_by=a.broken_by[:k],
        seconds=a.seconds + b.seconds,
        queries=a.queries + b.queries,
        partial=a.partial or b.partial,
        reason=a.reason or b.reason,
    )


def _metrics(r: RobustAccuracy, classes: Any, settings: EvasionSettings) -> dict[str, Any]:
    m: dict[str, Any] = {
        "clean_accuracy": r.clean_accuracy,
        "robust_accuracy": list(r.accuracy),
        "epsilon": list(r.epsilons),
        "norm": r.norm,
        "samples": len(r.clean),
        "attacks": list(r.attacks),
        "min_robust_accuracy": settings.min_robust_accuracy,
        "clean_accuracy_by_class": r.clean_per_class(classes),
        "seconds_by_attack": dict(r.seconds_by_attack),
        "ensemble_queries": r.queries,
    }
    for eps, acc, by_class, broken in zip(
        r.epsilons, r.accuracy, r.per_class(classes), r.broken_by, strict=True
    ):
        m[f"robust_accuracy@eps={_fmt(eps)}"] = acc
        m[f"robust_accuracy_by_class@eps={_fmt(eps)}"] = by_class
        m[f"broken_by@eps={_fmt(eps)}"] = broken
    return m


def _plot(r: RobustAccuracy, extra: RobustAccuracy | None) -> Plot:
    series = [Series("attack ensemble", (0.0, *r.epsilons), (r.clean_accuracy, *r.accuracy))]
    if extra is not None:
        series.append(
            Series(
                "adaptive (BPDA/EOT)",
                (0.0, *extra.epsilons),
                (extra.clean_accuracy, *extra.accuracy),
            )
        )
    return Plot(
        title=f"Robust accuracy against ε ({r.norm})",
        kind="line",
        series=tuple(series),
        x_label="ε",
        y_label="accuracy",
    )


def _threshold_finding(r: RobustAccuracy, settings: EvasionSettings, target: str) -> list[Finding]:
    failing = [
        (e, a)
        for e, a in zip(r.epsilons, r.accuracy, strict=True)
        if a < settings.min_robust_accuracy
    ]
    if not failing:
        return []
    e0, a0 = failing[0]
    detail = (
        f"At ε={_fmt(e0)} ({r.norm}) robust accuracy is {a0:.1%} (clean {r.clean_accuracy:.1%}) "
        f"on {len(r.clean)} samples, below the required {settings.min_robust_accuracy:.0%}; "
        f"it is below at ε = {', '.join(_fmt(e) for e, _ in failing)}."
    )
    evidence = {
        "norm": r.norm,
        "epsilon": [e for e, _ in failing],
        "robust_accuracy": [a for _, a in failing],
        "clean_accuracy": r.clean_accuracy,
        "min_robust_accuracy": settings.min_robust_accuracy,
        "samples": len(r.clean),
        "attacks": list(r.attacks),
    }
    return [ROBUSTNESS_RULE.finding(target, detail, evidence)]


def _masking_finding(
    report: MaskingReport, target: str, before: list[float], after: list[float]
) -> Finding:
    names = ", ".join(report.flags)
    detail = (
        f"Gradient-masking signs: {names}. Robust accuracy under the standard ensemble "
        f"{[round(a, 4) for a in before]} drops to {[round(a, 4) for a in after]} with "
        "BPDA/EOT adaptive attacks; the lower numbers are reported."
    )
    evidence = {"flags": list(report.flags), **report.evidence, "before": before, "after": after}
    return MASKING_RULE.finding(target, detail, evidence)


class EvasionCheck:
    """White-box robust accuracy over ε with gradient-masking diagnostics."""

    name = "evasion.robustness"
    stage = STAGE
    needs = frozenset({"model", "data", "labels", "gradients"})
    rules = (ROBUSTNESS_RULE, MASKING_RULE)
    description = (
        "Robust accuracy against ε under APGD-CE, APGD-T, FAB-T and Square (worst case per "
        "sample), with gradient-masking diagnostics and BPDA/EOT re-evaluation"
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, EvasionSettings)
        model = target.model
        assert isinstance(model, Differentiable)
        x, y = _sample(target, ctx)
        attacks = settings.attacks if settings.attacks is not None else "fast"
        r = robust_accuracy(
            model,
            x,
            y,
            eps=settings.epsilons,
            norm=settings.norm,
            attacks=attacks,
            seed=ctx.seed,
            batch_size=settings.batch_size,
            deadline=ctx.deadline,
        )
        findings: list[Finding] = []
        metrics: dict[str, Any] = {}
        adaptive = None
        if settings.diagnostics and not r.partial:
            report = diagnose(model, x, y, r, seed=ctx.seed)
            metrics["gradient_masking"] = {"flags": list(report.flags), **report.evidence}
            if report.masked:
                adaptive = _adaptive(model, x, y, r, settings, attacks, report, ctx)
                before = list(r.accuracy)
                merged = _merge(r, adaptive)
                findings.append(
                    _masking_finding(report, target.name, before, list(merged.accuracy))
                )
                metrics["robust_accuracy_before_adaptive"] = before
                r = merged
        metrics = {**_metrics(r, model.classes, settings), **metrics}
        findings = _threshold_finding(r, settings, target.name) + findings
        return CheckResult.of(
            self.name,
            self.stage.name,
            findings,
            metrics,
            [_plot(r, adaptive)],
            partial=r.partial,
            reason=r.reason,
        )


class BlackBoxEvasionCheck:
    """Score-based robust accuracy (Square, transfer) for models that give no gradients."""

    name = "evasion.black_box"
    stage = STAGE
    needs = frozenset({"model", "data", "labels"})
    rules = (ROBUSTNESS_RULE,)
    description = (
        "Robust accuracy against ε under the Square attack and a transfer attack from a "
        "surrogate trained on the model's answers (models without gradients)"
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        if "gradients" in target.provides():
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                "the model gives gradients: evasion.robustness covers it",
            )
        settings = ctx.settings
        assert isinstance(settings, EvasionSettings)
        assert target.model is not None
        x, y = _sample(target, ctx)
        attacks = settings.attacks if settings.attacks is not None else "black-box"
        r = robust_accuracy(
            target.model,
            x,
            y,
            eps=settings.epsilons,
            norm=settings.norm,
            attacks=attacks,
            seed=ctx.seed,
            batch_size=settings.batch_size,
            deadline=ctx.deadline,
        )
        metrics = _metrics(r, target.model.classes, settings)
        return CheckResult.of(
            self.name,
            self.stage.name,
            _threshold_finding(r, settings, target.name),
            metrics,
            [_plot(r, None)],
            partial=r.partial,
            reason=r.reason,
        )


def checks() -> list[Any]:
    """The evasion checks, for the ``hauberk.checks`` entry point."""
    return [EvasionCheck(), BlackBoxEvasionCheck()]
