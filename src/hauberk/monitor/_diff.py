"""What changed between two reports: new, fixed and unchanged findings, metric deltas with
intervals, and checks that stopped finishing. For CI: a retrained model that lost robustness
or privacy fails the pipeline.

Findings match by rule id and target. A metric that carries a rate with its interval
(``{"value", "n", "ci_low", "ci_high"}``, as ``hauberk.core.Rate.to_dict`` writes) gets an
interval for its change by MOVER (Zou & Donner 2008): the two reported intervals combined
without a normal approximation; with Wilson intervals this is Newcombe's method 10. Whether
higher or lower is better is a table (``DIRECTIONS``), reviewed as data; a metric is a
regression only when its direction is known and the whole interval of the change lies on the
worse side of zero. Metrics without intervals are listed but never gate (noise would).
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hauberk.core import Finding, Report, Severity

#: (check name pattern, metric name pattern, better direction); the first match wins. The
#: metric name is the last dotted part of its path.
DIRECTIONS: tuple[tuple[str, str, str], ...] = (
    ("evasion.*", r"(min_)?robust_accuracy|clean_accuracy|accuracy", "higher"),
    ("privacy.*", r"auc|tpr_at_fpr_[0-9.]+|advantage|accuracy", "lower"),
    ("theft.*", r"fidelity|accuracy|agreement", "lower"),
    ("governance.*", r"accuracy|balanced_accuracy", "higher"),
    ("governance.*", r"ece", "lower"),
    ("monitor.*", r"features_drifted", "lower"),
    ("monitor.performance", r"accuracy", "higher"),
)


def direction_of(check: str, metric: str) -> str | None:
    name = metric.rsplit(".", 1)[-1]
    for pattern, regex, better in DIRECTIONS:
        if fnmatch.fnmatchcase(check, pattern) and re.fullmatch(regex, name):
            return better
    return None


@dataclass(frozen=True)
class MetricDelta:
    check: str
    metric: str
    old: float
    new: float
    low: float | None = None  # interval of new − old, when both carry intervals
    high: float | None = None
    better: str | None = None  # "higher", "lower" or unknown

    @property
    def delta(self) -> float:
        return self.new - self.old

    @property
    def worse(self) -> bool:
        """Worse beyond its interval: the whole interval of the change is on the bad side."""
        if self.better is None or self.low is None or self.high is None:
            return False
        return self.high < 0 if self.better == "higher" else self.low > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "metric": self.metric,
            "old": self.old,
            "new": self.new,
            "delta": self.delta,
            "ci_low": self.low,
            "ci_high": self.high,
            "better": self.better,
            "worse": self.worse,
        }


@dataclass(frozen=True)
class StatusChange:
    check: str
    old: str  # status, or "absent"
    new: str
    unfinished: bool  # the new report cannot vouch for what the old one did

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "old": self.old, "new": self.new,
                "unfinished": self.unfinished}  # fmt: skip


@dataclass(frozen=True)
class ReportDiff:
    new: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    unchanged: tuple[tuple[Finding, Finding], ...]  # (old, new)
    metrics: tuple[MetricDelta, ...]
    statuses: tuple[StatusChange, ...] = ()
    targets: tuple[Any, Any] = field(default=(None, None))

    def regressions(self, fail_on: Severity, *, allow_incomplete: bool = False) -> list[str]:
        """Why ``--fail-on-regression`` fails: one line per reason (empty: no regression)."""
        out = [f"new finding {f.id} ({f.severity.label}) on {f.target}"
               for f in self.new if f.severity >= fail_on]  # fmt: skip
        out += [
            f"finding {new.id} on {new.target} rose from {old.severity.label} to "
            f"{new.severity.label}"
            for old, new in self.unchanged
            if new.severity >= fail_on and new.severity > old.severity
        ]
        out += [
            f"{m.check} {m.metric} got worse: {m.old:.4g} -> {m.new:.4g} (change "
            f"{m.delta:+.4g}, 95% CI {m.low:+.4g} to {m.high:+.4g}; {m.better} is better)"
            for m in self.metrics
            if m.worse
        ]
        if not allow_incomplete:
            out += [f"{s.check} {s.old} -> {s.new}: the new report cannot vouch for it"
                    for s in self.statuses if s.unfinished]  # fmt: skip
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "new": [f.to_dict() for f in self.new],
            "fixed": [f.to_dict() for f in self.fixed],
            "unchanged": [
                {
                    "id": n.id,
                    "target": n.target,
                    "old_severity": o.severity.label,
                    "new_severity": n.severity.label,
                }
                for o, n in self.unchanged
            ],
            "metrics": [m.to_dict() for m in self.metrics],
            "statuses": [s.to_dict() for s in self.statuses],
        }

    def to_text(self, *, limit: int = 50) -> str:
        lines = [
            f"findings: {len(self.new)} new, {len(self.fixed)} fixed, "
            f"{len(self.unchanged)} unchanged"
        ]
        for tag, group in (("new", self.new), ("fixed", self.fixed)):
            for f in group[:limit]:
                lines.append(f"  {tag:5} {f.severity.label:8} {f.id} {f.target}")
        for o, n in self.unchanged[:limit]:
            change = "" if o.severity == n.severity else f" ({o.severity.label} -> "
            change += "" if o.severity == n.severity else f"{n.severity.label})"
            lines.append(f"  same  {n.severity.label:8} {n.id} {n.target}{change}")
        moved = [m for m in self.metrics if m.delta != 0]
        worse = sum(m.worse for m in self.metrics)
        lines.append(
            f"metrics: {len(self.metrics)} compared, {len(moved)} changed, "
            f"{worse} worse beyond their interval"
        )
        ranked = sorted(moved, key=lambda m: (not m.worse, m.better is None, m.check, m.metric))
        for m in ranked[:limit]:
            ci = "" if m.low is None else f" [95% CI {m.low:+.4g}, {m.high:+.4g}]"
            mark = " WORSE" if m.worse else ""
            lines.append(
                f"  {m.check} {m.metric}: {m.old:.4g} -> {m.new:.4g} ({m.delta:+.4g}){ci}{mark}"
            )
        for s in self.statuses:
            lines.append(f"status: {s.check} {s.old} -> {s.new}")
        return "\n".join(lines) + "\n"


def _is_rate(value: Any) -> bool:
    return isinstance(value, Mapping) and {"value", "ci_low", "ci_high"} <= set(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _walk(metrics: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in metrics.items():
        path = f"{prefix}{key}"
        if _is_rate(value) or not isinstance(value, Mapping):
            yield path, value
        else:
            yield from _walk(value, path + ".")


def _mover(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[float, float] | None:
    """Interval of new − old from two independent intervals (MOVER)."""
    vals = [_number(old.get(k)) for k in ("value", "ci_low", "ci_high")]
    vals += [_number(new.get(k)) for k in ("value", "ci_low", "ci_high")]
    if any(v is None for v in vals):
        return None
    o, ol, oh, n, nl, nh = (float(v) for v in vals)  # type: ignore[arg-type]
    d = n - o
    low = d - math.sqrt((n - nl) ** 2 + (oh - o) ** 2)
    high = d + math.sqrt((nh - n) ** 2 + (o - ol) ** 2)
    return low, high


def _metric_deltas(old: Report, new: Report) -> list[MetricDelta]:
    before = {r.check: r for r in old.results}
    out: list[MetricDelta] = []
    for result in new.results:
        prev = before.get(result.check)
        if prev is None:
            continue
        old_metrics = dict(_walk(prev.metrics))
        for path, value in _walk(result.metrics):
            if path not in old_metrics:
                continue
            was = old_metrics[path]
            better = direction_of(result.check, path)
            if _is_rate(value) and _is_rate(was):
                a, b = _number(was["value"]), _number(value["value"])
                if a is None or b is None:
                    continue
                ci = _mover(was, value)
                low, high = ci if ci is not None else (None, None)
                out.append(MetricDelta(result.check, path, a, b, low, high, better))
                continue
            a, b = _number(was), _number(value)
            if a is not None and b is not None:
                out.append(MetricDelta(result.check, path, a, b, None, None, better))
    return out


def _statuses(old: Report, new: Report) -> list[StatusChange]:
    after = {r.check: r for r in new.results}
    out = []
    for prev in old.results:
        cur = after.get(prev.check)
        if cur is None:
            if prev.status.value != "skipped":
                out.append(StatusChange(prev.check, prev.status.value, "absent", True))
            continue
        if cur.status != prev.status or cur.partial != prev.partial:
            unfinished = cur.unfinished and not prev.unfinished
            out.append(StatusChange(prev.check, prev.status.value, cur.status.value, unfinished))
    return out


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Compare two reports of the same target (findings by rule id and target)."""

    def key(f: Finding) -> tuple[str, str]:
        return (f.id, f.target)

    old_by = {key(f): f for f in old.findings}
    new_by = {key(f): f for f in new.findings}
    return ReportDiff(
        new=tuple(f for k, f in new_by.items() if k not in old_by),
        fixed=tuple(f for k, f in old_by.items() if k not in new_by),
        unchanged=tuple((old_by[k], f) for k, f in new_by.items() if k in old_by),
        metrics=tuple(_metric_deltas(old, new)),
        statuses=tuple(_statuses(old, new)),
        targets=(old.target.get("name"), new.target.get("name")),
    )
