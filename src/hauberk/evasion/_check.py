"""The ``evasion`` stage of ``hauberk assess``: robust accuracy against ε, and honesty checks.

Two checks share the stage. ``evasion.robustness`` runs the white-box ensemble (APGD-CE,
APGD-T, FAB-T, Square) on models with gradients, then the gradient-masking diagnostics, and
if any fires the adaptive phase (BPDA/EOT, transfer from a distilled surrogate, Square at
5,000 queries: :mod:`hauberk.evasion._adaptive`). The reported robust accuracy is the
per-sample worst case over every attack the check ran, the diagnostics' probes included.
``evasion.black_box`` runs Square and a transfer attack on models without gradients. Both
attack inside the model's input range or, when it declares none, the range the data spans
(:mod:`hauberk.evasion._domain`). Settings live in the ``[evasion]`` table.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from hauberk.core import (
    BudgetExceeded,
    CheckContext,
    CheckResult,
    ConfigError,
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
from hauberk.evasion._adaptive import adaptive
from hauberk.evasion._domain import InputDomain, input_domain
from hauberk.evasion._frame import FeatureSetting, Frame, frame
from hauberk.evasion._masking import MaskingReport, diagnose
from hauberk.evasion._robust import (
    ATTACKS,
    ENSEMBLES,
    RobustAccuracy,
    check_norm,
    fold,
    robust_accuracy,
)
from hauberk.evasion._scale import ScaleKind
from hauberk.evasion._split import split_sweep
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
        "overestimate. The evaluation was repeated with adaptive attacks (BPDA/EOT, transfer "
        "from a surrogate distilled from the model's outputs, Square at 5,000 queries)."
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
    """The ``[evasion]`` table. ε values are in the model's input units for images and in
    units of each feature's spread for tabular inputs (``scale``)."""

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
    split: int = Field(
        default=0,
        ge=0,
        description="rows per task: run the ε sweep as tasks of this many rows on the "
        "executor (0: one sweep); the same split gives the same answers on every executor",
    )
    scale: ScaleKind = Field(
        default="auto",
        description="tabular ε units: auto (IQR/1.349 per feature), iqr, std, range or none "
        "(absolute, in the model's input units)",
    )
    features: dict[str, FeatureSetting] = Field(
        default_factory=dict,
        description="per-feature scale, min, max, integer, immutable, by name or index",
    )

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


def _all_data(target: Target) -> list[Any]:
    """Every split the target gives (the evaluation split first)."""
    assert target.data is not None
    d = target.data
    splits = [d.eval, *(s for s in (d.test, d.single, d.train) if s is not None)]
    seen: set[int] = set()
    out = []
    for split in splits:
        if id(split) not in seen:
            seen.add(id(split))
            out.append(split.x)
    return out


def _domain(target: Target) -> InputDomain:
    assert target.model is not None
    return input_domain(target.model.input_spec, _all_data(target))


def _frame(target: Target, model: Any, x: Any, settings: EvasionSettings) -> Frame:
    rows = [np.asarray(r, dtype=np.float64).reshape(len(r), -1) for r in _all_data(target)]
    n = model.input_spec.features
    data = np.concatenate([r for r in rows if r.shape[1] == n])
    return frame(model, x, _domain(target), data, kind=settings.scale, features=settings.features)


def _other(target: Target, spec: Any) -> Any:
    """The rows outside the evaluation split, for the surrogate to learn from."""
    assert target.data is not None
    splits = (target.data.train, target.data.test, target.data.single)
    rows = [s.x for s in splits if s is not None and s.x is not target.data.x]
    if not rows:
        return np.zeros((0, *spec.shape))
    return np.concatenate(
        [np.asarray(r, dtype=np.float64).reshape(len(r), *spec.shape) for r in rows]
    )


def _not_reached(r: RobustAccuracy, wanted: tuple[float, ...]) -> list[float]:
    return [e for e in wanted if e not in r.epsilons]


def _metrics(
    r: RobustAccuracy,
    classes: Any,
    settings: EvasionSettings,
    domain: InputDomain,
    fr: Frame | None = None,
    names: tuple[str, ...] = (),
) -> dict[str, Any]:
    m: dict[str, Any] = {
        "clean_accuracy": r.clean_accuracy,
        "robust_accuracy": list(r.accuracy),
        "epsilon": list(r.epsilons),
        "epsilon_not_evaluated": _not_reached(r, settings.epsilons),
        "norm": r.norm,
        "samples": len(r.clean),
        "attacks": list(r.attacks),
        "input_bounds": domain.describe(),
        "min_robust_accuracy": settings.min_robust_accuracy,
        "clean_accuracy_by_class": r.clean_per_class(classes),
        "seconds_by_attack": dict(r.seconds_by_attack),
        "ensemble_queries": r.queries,
    }
    if fr is not None:
        m["perturbation_scale"] = fr.describe(names)
    for eps, rate, by_class, broken in zip(
        r.epsilons, _rates(r), r.per_class(classes), r.broken_by, strict=True
    ):
        m[f"robust_accuracy@eps={_fmt(eps)}"] = rate.value
        m[f"robust_accuracy_ci@eps={_fmt(eps)}"] = rate.to_dict()
        m[f"robust_accuracy_by_class@eps={_fmt(eps)}"] = by_class
        m[f"broken_by@eps={_fmt(eps)}"] = broken
    return m


def _rates(r: RobustAccuracy) -> list[Rate]:
    n = len(r.clean)
    return [clopper_pearson(int(row.sum()), n) for row in r.robust] if n else []


def _plot(r: RobustAccuracy, before: RobustAccuracy | None) -> Plot:
    series = []
    if before is not None:
        series.append(
            Series(
                "attack ensemble",
                (0.0, *before.epsilons),
                (before.clean_accuracy, *before.accuracy),
            )
        )
    label = "worst case with adaptive attacks" if before is not None else "attack ensemble"
    series.append(Series(label, (0.0, *r.epsilons), (r.clean_accuracy, *r.accuracy)))
    return Plot(
        title=f"Robust accuracy against ε ({r.norm})",
        kind="line",
        series=tuple(series),
        x_label="ε",
        y_label="accuracy",
    )


def _threshold_finding(
    r: RobustAccuracy,
    settings: EvasionSettings,
    target: str,
    domain: InputDomain,
    fr: Frame | None = None,
) -> list[Finding]:
    rates = _rates(r)
    failing = [
        (e, rate)
        for e, rate in zip(r.epsilons, rates, strict=True)
        if rate.value < settings.min_robust_accuracy
    ]
    if not failing:
        return []
    e0, r0 = failing[0]
    verdict = r0.verdict(settings.min_robust_accuracy)
    sure = (
        ""
        if verdict is Verdict.BELOW
        else (
            f" The interval reaches the threshold: inconclusive at this sample size (about "
            f"{samples_to_decide(r0, settings.min_robust_accuracy)} samples would decide)."
        )
    )
    detail = (
        f"At ε={_fmt(e0)} ({r.norm}) robust accuracy is {r0.describe()} (clean "
        f"{r.clean_accuracy:.1%}), below the required {settings.min_robust_accuracy:.0%}; "
        f"it is below at ε = {', '.join(_fmt(e) for e, _ in failing)}. Attacks stayed inside "
        f"the {domain.source}.{fr.sentence() if fr else ''}{sure}"
    )
    evidence = {
        "norm": r.norm,
        "epsilon": [e for e, _ in failing],
        "robust_accuracy": [rate.value for _, rate in failing],
        "robust_accuracy_ci": [rate.to_dict() for _, rate in failing],
        "verdict": [rate.verdict(settings.min_robust_accuracy).value for _, rate in failing],
        "clean_accuracy": r.clean_accuracy,
        "min_robust_accuracy": settings.min_robust_accuracy,
        "samples": len(r.clean),
        "attacks": list(r.attacks),
        "input_bounds": domain.describe(),
    }
    return [ROBUSTNESS_RULE.finding(target, detail, evidence)]


def _masking_finding(
    report: MaskingReport,
    target: str,
    before: list[float],
    after: list[float],
    phases: list[str],
) -> Finding:
    names = ", ".join(report.flags)
    detail = (
        f"Gradient-masking signs: {names}. Robust accuracy under the standard ensemble "
        f"{[round(a, 4) for a in before]} drops to {[round(a, 4) for a in after]} with the "
        f"adaptive attacks ({', '.join(phases) or 'none finished'}); the lower numbers, the "
        "per-sample worst case over every attack, are reported."
    )
    evidence = {
        "flags": list(report.flags),
        **report.evidence,
        "before": before,
        "after": after,
        "adaptive_attacks": phases,
    }
    return MASKING_RULE.finding(target, detail, evidence)


def _nothing_done(
    check: Any, exc: BudgetExceeded, settings: EvasionSettings, domain: InputDomain, n: int
) -> CheckResult:
    """The budget ran out before the clean predictions: nothing was measured."""
    eps = ", ".join(_fmt(e) for e in settings.epsilons)
    metrics = {
        "robust_accuracy": [],
        "epsilon": [],
        "epsilon_not_evaluated": list(settings.epsilons),
        "samples": n,
        "input_bounds": domain.describe(),
    }
    reason = (
        f"{exc}: before the clean predictions; evaluated ε = none; not run: the ensemble at "
        f"ε = {eps}; the gradient-masking diagnostics"
    )
    return CheckResult.of(
        check.name, check.stage.name, [], metrics, [], partial=True, reason=reason
    )


class EvasionCheck:
    """White-box robust accuracy over ε with gradient-masking diagnostics."""

    name = "evasion.robustness"
    stage = STAGE
    needs = frozenset({"model", "data", "labels", "gradients"})
    rules = (ROBUSTNESS_RULE, MASKING_RULE)
    description = (
        "Robust accuracy against ε under APGD-CE, APGD-T, FAB-T and Square (worst case per "
        "sample), with gradient-masking diagnostics and an adaptive phase (BPDA/EOT, "
        "distilled-surrogate transfer, Square at 5,000 queries)"
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, EvasionSettings)
        assert isinstance(target.model, Differentiable)
        x, y = _sample(target, ctx)
        domain = _domain(target)
        fr = _frame(target, target.model, x, settings)
        model, x, constraints = fr.model, fr.x, fr.constraints
        names = tuple(target.model.input_spec.feature_names)
        attacks = settings.attacks if settings.attacks is not None else "fast"
        try:
            sweep: dict[str, Any] = {
                "eps": settings.epsilons,
                "norm": settings.norm,
                "attacks": attacks,
                "batch_size": settings.batch_size,
                "constraints": constraints,
            }
            if 0 < settings.split < len(x):
                r = split_sweep(model, x, y, ctx, split=settings.split, **sweep)
            else:
                r = robust_accuracy(model, x, y, seed=ctx.seed, deadline=ctx.deadline, **sweep)
        except BudgetExceeded as exc:
            return _nothing_done(self, exc, settings, domain, len(x))
        findings: list[Finding] = []
        metrics: dict[str, Any] = {}
        not_done: list[str] = []
        stopped = r.reason
        before = None
        if r.partial:
            missing = _not_reached(r, settings.epsilons)
            not_done.append(f"the ensemble at ε = {', '.join(_fmt(e) for e in missing)}")
            if settings.diagnostics:
                not_done.append("the gradient-masking diagnostics")
        elif settings.diagnostics:
            try:
                report = diagnose(model, x, y, r, seed=ctx.seed, constraints=constraints)
            except BudgetExceeded as exc:
                stopped = str(exc)
                not_done.append("the gradient-masking diagnostics and any adaptive attacks")
                report = None
            if report is not None:
                metrics["gradient_masking"] = {"flags": list(report.flags), **report.evidence}
                if report.broken is not None:
                    r = fold(r, "diagnostics (apgd 3x100)", report.broken)
                if report.masked:
                    before = r
                    outcome = adaptive(
                        model,
                        x,
                        r,
                        report=report,
                        attacks=attacks,
                        constraints=constraints,
                        other=fr.to_attack(_other(target, model.input_spec)),
                        seed=ctx.seed,
                        batch_size=settings.batch_size,
                        deadline=ctx.deadline,
                    )
                    r = outcome.result
                    if outcome.partial:
                        stopped = outcome.reason
                        not_done.append(f"the adaptive attacks {', '.join(outcome.not_done)}")
                    metrics["adaptive_attacks"] = outcome.done
                    metrics["robust_accuracy_before_adaptive"] = list(before.accuracy)
                    findings.append(
                        _masking_finding(
                            report,
                            target.name,
                            list(before.accuracy),
                            list(r.accuracy),
                            outcome.done,
                        )
                    )
        metrics = {**_metrics(r, model.classes, settings, domain, fr, names), **metrics}
        findings = _threshold_finding(r, settings, target.name, domain, fr) + findings
        reason = ""
        if not_done:
            done = ", ".join(_fmt(e) for e in r.epsilons) or "none"
            reason = (
                f"{stopped or 'budget exhausted'}: evaluated ε = {done}; not run: "
                f"{'; '.join(not_done)}"
            )
        return CheckResult.of(
            self.name,
            self.stage.name,
            findings,
            metrics,
            [_plot(r, before)],
            partial=bool(not_done),
            reason=reason,
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
        domain = _domain(target)
        fr = _frame(target, target.model, x, settings)
        attacks = settings.attacks if settings.attacks is not None else "black-box"
        try:
            r = robust_accuracy(
                fr.model,
                fr.x,
                y,
                eps=settings.epsilons,
                norm=settings.norm,
                attacks=attacks,
                seed=ctx.seed,
                batch_size=settings.batch_size,
                constraints=fr.constraints,
                deadline=ctx.deadline,
            )
        except BudgetExceeded as exc:
            return _nothing_done(self, exc, settings, domain, len(x))
        names = tuple(target.model.input_spec.feature_names)
        metrics = _metrics(r, target.model.classes, settings, domain, fr, names)
        reason = ""
        if r.partial:
            missing = ", ".join(_fmt(e) for e in _not_reached(r, settings.epsilons))
            done = ", ".join(_fmt(e) for e in r.epsilons) or "none"
            reason = f"{r.reason}: evaluated ε = {done}; not run: the attacks at ε = {missing}"
        return CheckResult.of(
            self.name,
            self.stage.name,
            _threshold_finding(r, settings, target.name, domain, fr),
            metrics,
            [_plot(r, None)],
            partial=r.partial,
            reason=reason,
        )


def checks() -> list[Any]:
    """The evasion checks, for the ``hauberk.checks`` entry point."""
    return [EvasionCheck(), BlackBoxEvasionCheck()]
