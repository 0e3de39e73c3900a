"""The ``theft`` stage's extraction check for ``hauberk assess``.

The evaluation data is split in two: the attacker's pool (unlabelled natural data it may
query) and a held-out part on which the copy's fidelity (top-1 agreement with the model) and,
when labels exist, accuracy are measured. Metrics: ``<attack>.fidelity``, ``<attack>.queries``
and ``<attack>.accuracy`` for each attack (``knockoff``, ``jacobian``), each rate with ``_ci``
(its Clopper-Pearson 95% interval over ``eval_rows``); ``fidelity`` and ``queries`` are those
of the attack that reached the highest fidelity.

The limit ``max_fidelity`` is judged on the interval: a finding at the first checkpoint whose
whole interval reaches it; a pass only when every checkpoint's interval stays below it. An
interval that straddles the limit leaves the result ``incomplete`` (unless a finding fails
it), with the number of evaluation rows that would decide.

The copy trained at each query budget (checkpoint) is one task of ``ctx.executor``; the queries
themselves are spent in order in the check, so the budget holds exactly.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from hauberk.core import (
    CheckContext,
    CheckResult,
    Finding,
    InputError,
    Lifecycle,
    Plot,
    Series,
    Severity,
    Stage,
    StageSettings,
)
from hauberk.core._stats import Rate, Verdict, samples_to_decide
from hauberk.models import Target
from hauberk.theft._extraction import CurvePoint, ExtractionAttack, ExtractionResult
from hauberk.theft._jacobian import JacobianAugmentation
from hauberk.theft._knockoff import KnockoffNets
from hauberk.theft._rules import EXTRACTION
from hauberk.theft._surrogate import SurrogateTrainer

MIN_EVAL = 20
MIN_POOL = 10


class TheftSettings(StageSettings):
    attacks: tuple[Literal["knockoff", "jacobian"], ...] = Field(
        default=("knockoff", "jacobian"), min_length=1, description="extraction attacks to run"
    )
    queries: int = Field(default=2000, ge=10, le=10_000_000, description="per attack")
    checkpoints: tuple[int, ...] | None = Field(
        default=None, description="query counts to measure at (default: 4 halvings)"
    )
    eval_fraction: float = Field(default=0.33, gt=0, lt=1, description="data held out to score")
    epochs: int = Field(default=30, ge=1, le=1000, description="copy training epochs")
    jacobian_seed_size: int = Field(default=100, ge=1, description="Papernot seed set")
    max_fidelity: float = Field(default=0.9, gt=0, le=1, description="finding at or above")

    @model_validator(mode="after")
    def _checkpoints_within_budget(self) -> TheftSettings:
        bad = [c for c in self.checkpoints or () if not 1 <= c <= self.queries]
        if bad:
            raise ValueError(f"checkpoints {bad} must lie within 1..queries ({self.queries})")
        return self


THEFT = Stage(
    name="theft",
    lifecycle=Lifecycle.INFERENCE,
    description="How cheaply the model's function can be copied through its prediction API.",
    settings=TheftSettings,
)


def build_attacks(settings: TheftSettings, seed: int) -> list[ExtractionAttack]:
    surrogate = SurrogateTrainer(epochs=settings.epochs, seed=seed)
    table: dict[str, ExtractionAttack] = {
        "knockoff": KnockoffNets(surrogate=surrogate, seed=seed),
        "jacobian": JacobianAugmentation(
            surrogate=surrogate, seed_size=settings.jacobian_seed_size, seed=seed
        ),
    }
    return [table[name] for name in dict.fromkeys(settings.attacks)]


def curve_plot(results: list[ExtractionResult]) -> Plot:
    series = [
        Series(r.attack, tuple(p.queries for p in r.curve), tuple(p.fidelity for p in r.curve))
        for r in results
    ]
    series += [
        Series(
            f"{r.attack} accuracy",
            tuple(p.queries for p in r.curve),
            tuple(p.accuracy for p in r.curve if p.accuracy is not None),
        )
        for r in results
        if r.curve and all(p.accuracy is not None for p in r.curve)
    ]
    return Plot(
        title="Extraction: fidelity of the copy against queries",
        kind="line",
        series=tuple(series),
        x_label="queries to the model",
        y_label="top-1 agreement (fidelity) / accuracy",
        x_log=True,
    )


class ModelExtraction:
    name = "theft.extraction"
    stage = THEFT
    needs = frozenset({"model", "data"})
    rules = (EXTRACTION,)
    description = (
        "Extraction under a query budget (Knockoff Nets, Papernot's Jacobian augmentation): "
        "fidelity and accuracy of the copy against queries spent."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, TheftSettings)
        assert target.model is not None and target.data is not None
        try:
            import torch  # noqa: F401
        except ImportError:  # pragma: no cover - torch is in the test environment
            return CheckResult.skipped(self.name, self.stage.name, "needs torch for the copy")
        split = target.data.eval
        n = ctx.sample_limit(len(split))
        rows = ctx.rng().permutation(len(split))[:n]
        n_eval = round(n * settings.eval_fraction)
        if n_eval < MIN_EVAL or n - n_eval < MIN_POOL:
            raise InputError(
                f"{n} data rows are too few to extract and score a copy: need at least "
                f"{MIN_EVAL} held-out and {MIN_POOL} pool rows (check eval_fraction, max_samples)"
            )
        ev, pool = rows[:n_eval], rows[n_eval:]
        eval_y = None if split.y is None else split.y[ev]
        results: list[ExtractionResult] = []
        for attack in build_attacks(settings, ctx.seed):
            results.append(
                attack.run(
                    target.model,
                    split.x[pool],
                    queries=settings.queries,
                    eval_x=split.x[ev],
                    eval_y=eval_y,
                    checkpoints=settings.checkpoints,
                    executor=ctx.executor,
                )
            )
        metrics: dict[str, Any] = {}
        for r in results:
            metrics[f"{r.attack}.fidelity"] = round(r.fidelity, 6)
            if r.fidelity_rate is not None:
                metrics[f"{r.attack}.fidelity_ci"] = _ci(r.fidelity_rate)
            metrics[f"{r.attack}.queries"] = r.queries
            if r.accuracy is not None and r.curve[-1].accuracy_rate is not None:
                metrics[f"{r.attack}.accuracy"] = round(r.accuracy, 6)
                metrics[f"{r.attack}.accuracy_ci"] = _ci(r.curve[-1].accuracy_rate)
        best = max(results, key=lambda r: (r.fidelity, -r.queries))
        metrics["fidelity"] = round(best.fidelity, 6)
        if best.fidelity_rate is not None:
            metrics["fidelity_ci"] = _ci(best.fidelity_rate)
        metrics["queries"] = best.queries
        metrics["eval_rows"] = int(n_eval)
        metrics["pool_rows"] = len(pool)
        reasons = [f"{r.attack}: {r.reason}" for r in results if r.partial]
        findings, undecided = self._findings(target.name, settings, results)
        partial = bool(reasons)
        if undecided and not any(f.severity >= Severity.LOW for f in findings):
            partial = True
            reasons.append(undecided)
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, [curve_plot(results)],
            partial=partial, reason="; ".join(reasons),
        )  # fmt: skip

    def _findings(
        self, where: str, settings: TheftSettings, results: list[ExtractionResult]
    ) -> tuple[list[Finding], str]:
        """The finding (if a checkpoint's whole interval reaches the limit) and the sentence
        saying what is undecided (``""`` when every interval is clear of the limit)."""
        limit = settings.max_fidelity
        hits: list[tuple[int, ExtractionResult, CurvePoint]] = []
        unsure: list[tuple[ExtractionResult, CurvePoint]] = []
        for r in results:
            verdicts = [(p, p.fidelity_rate.verdict(limit)) for p in r.curve if p.rows]
            first = next((p for p, v in verdicts if v is Verdict.ABOVE), None)
            if first is not None:
                hits.append((first.queries, r, first))
            unsure += [(r, p) for p, v in verdicts if v is Verdict.INCONCLUSIVE]
        undecided = ""
        if unsure:
            r, p = max(unsure, key=lambda rp: rp[1].fidelity)
            rate = p.fidelity_rate
            need = samples_to_decide(rate, limit)
            decide = (
                f"about {need} evaluation rows would decide if the rate held"
                if need
                else "it sits on the limit, which no sample size decides"
            )
            undecided = (
                f"inconclusive: {r.attack} fidelity {rate.describe()} after {p.queries} queries "
                f"straddles the limit {limit:g}: {decide}"
            )
        evidence: dict[str, Any] = {
            "eval_rows": results[0].curve[-1].rows if results and results[0].curve else 0,
            "curves": {
                x.attack: [[p.queries, round(p.fidelity, 4)] for p in x.curve] for x in results
            },
            "rates": {
                x.attack: [
                    {"queries": p.queries, "fidelity": p.fidelity_rate.to_dict()}
                    for p in x.curve
                    if p.rows
                ]
                for x in results
            },
        }
        if not hits:
            if not undecided:
                return [], ""
            detail = undecided
            info = EXTRACTION.finding(
                where, detail, evidence, severity=Severity.INFO,
                title="Model extraction inconclusive: too few evaluation rows to decide",
            )  # fmt: skip
            return [info], undecided
        queries, r, point = min(hits, key=lambda h: h[0])
        cheap = queries <= settings.queries / 4
        rate = point.fidelity_rate
        detail = (
            f"{r.attack} copied the model to {rate.describe('.1%')} top-1 agreement with "
            f"{queries} queries (limit {limit:.0%}, budget {settings.queries})"
        )
        evidence |= {
            "attack": r.attack,
            "queries_to_limit": queries,
            "fidelity": point.fidelity,
            "fidelity_rate": rate.to_dict(),
        }
        acc = point.accuracy_rate
        if acc is not None:
            evidence["copy_accuracy"] = float(np.round(acc.value, 4))
            evidence["copy_accuracy_rate"] = acc.to_dict()
        severity = Severity.HIGH if cheap else EXTRACTION.severity
        return [EXTRACTION.finding(where, detail, evidence, severity=severity)], undecided


def _ci(rate: Rate) -> list[float]:
    return [round(rate.low, 6), round(rate.high, 6)]
