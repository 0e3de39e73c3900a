"""``monitor.drift`` as a check of ``hauberk assess``: the target's data is the current batch,
the reference comes from the stage's settings (``[monitoring] reference = "file.csv"``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Lifecycle,
    Stage,
    StageSettings,
)
from hauberk.monitor._bh import CORRECTIONS
from hauberk.monitor._drift import TESTS, WHOLE_INPUT, DriftDetector
from hauberk.monitor._findings import CHECK, drift_check_result
from hauberk.monitor._frame import Batch, read_batch
from hauberk.monitor._rules import DRIFT_RULES, QUERY_PATTERN
from hauberk.monitor._traffic import CHECK as TRAFFIC_CHECK
from hauberk.monitor._traffic import query_pattern_result


class MonitoringSettings(StageSettings):
    reference: Path | None = Field(
        default=None, description="reference batch (.csv, .parquet, .npz) to compare with"
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="false-alarm rate of a report")
    test: str = Field(default="ks", description="numeric decision test: " + ", ".join(TESTS))
    correction: str = Field(default="bh", description="one of " + ", ".join(CORRECTIONS))
    whole_input: tuple[str, ...] = Field(
        default=(), description="whole-input tests: " + ", ".join(WHOLE_INPUT)
    )
    min_rows: int = Field(default=30, ge=5, description="fewest values a feature is tested on")
    bins: int = Field(default=20, ge=2, le=1000)
    resamples: int = Field(default=1000, ge=100)
    label_column: str | None = Field(
        default=None, description="the reference's label column (matched to the data's labels)"
    )
    max_accuracy_drop: float = Field(default=0.02, ge=0, lt=1)
    audit_ledger: str | None = Field(
        default=None,
        description="the gateway's audit ledger (SQLite path or postgresql:// URL) for "
        "monitor.query_pattern",
    )
    min_queries: int = Field(
        default=200, ge=1, description="rows a principal must send to be judged (PRADA)"
    )


MONITORING = Stage(
    name="monitoring",
    lifecycle=Lifecycle.GOVERNANCE,
    description="Drift of the current data against a reference batch, per feature and whole.",
    settings=MonitoringSettings,
)


class DriftCheck:
    name = CHECK
    stage = MONITORING
    needs = frozenset({"data"})
    rules = DRIFT_RULES
    description = (
        "Per-feature drift (KS/chi-squared, PSI, JS, Wasserstein) with Benjamini-Hochberg, "
        "optional MMD and classifier tests, against [monitoring] reference."
    )

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, MonitoringSettings)
        if settings.reference is None:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                'no reference batch: set [monitoring] reference = "reference.csv" to compare '
                "the target's data with it",
            )
        path = settings.reference
        if not path.is_absolute():
            path = ctx.base_dir / path
        reference = read_batch(path)
        split = target.data.eval
        label = settings.label_column
        names = [n for n in reference.names if n != label]
        if split.x.ndim != 2 or split.x.shape[1] != len(names):
            raise ConfigError(
                f"[monitoring] reference {path} has {len(names)} feature columns but the "
                f"target's data has shape {tuple(split.x.shape[1:])}"
            )
        columns: dict[str, Any] = {n: split.x[:, i] for i, n in enumerate(names)}
        kinds = {n: reference.kinds[n] for n in names}
        use_label = label is not None and split.y is not None
        if use_label:
            assert label is not None
            columns[label] = split.y
            kinds[label] = reference.kinds[label]
        elif label is not None:
            reference = reference.without([label])
        current = Batch(columns, source=str(target.name), kinds=kinds)
        rows = ctx.sample_limit(current.rows)
        if rows < current.rows:
            current = current.take(ctx.rng().permutation(current.rows)[:rows])
        detector = DriftDetector(
            alpha=settings.alpha,
            test=settings.test,
            correction=settings.correction,
            whole_input=settings.whole_input,
            min_rows=settings.min_rows,
            bins=settings.bins,
            resamples=settings.resamples,
            max_accuracy_drop=settings.max_accuracy_drop,
            seed=ctx.seed,
        )
        result = detector.compare(reference, current, label=label if use_label else None)
        return drift_check_result(result, self.name, self.stage.name)


class QueryPatternCheck:
    """The extraction monitor's verdicts per principal, read from the gateway's audit ledger,
    so an assessment of a deployed model covers who has been probing it."""

    name = TRAFFIC_CHECK
    stage = MONITORING
    needs: frozenset[str] = frozenset()
    rules = (QUERY_PATTERN,)
    description = (
        "Per-principal query-pattern anomalies (PRADA alerts of the gateway) in "
        "[monitoring] audit_ledger."
    )

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, MonitoringSettings)
        audit = settings.audit_ledger
        if audit is None:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                'no audit ledger: set [monitoring] audit_ledger = "audit.db" (the gateway\'s '
                "[audit] ledger) to check who has been probing the model",
            )
        from hauberk.ledger import open_ledger

        if "://" not in audit:
            path = Path(audit) if Path(audit).is_absolute() else ctx.base_dir / audit
            if not path.is_file():
                raise ConfigError(f"[monitoring] audit_ledger {path} does not exist")
            audit = str(path)
        with open_ledger(audit, read_only=True) as ledger:
            return query_pattern_result(ledger, min_queries=settings.min_queries, target=audit)
