"""What a check returns: status, findings, metrics, plots, cost."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from hauberk.core._finding import JSON, Finding, jsonable
from hauberk.core._severity import Severity


class Status(enum.StrEnum):
    """How a check ended. Only ``passed`` means "looked and found nothing"."""

    PASSED = "passed"  # the work was done and found nothing at or above its thresholds
    FAILED = "failed"  # findings (possibly on partial work: see ``partial``)
    ERROR = "error"  # it could not run; ``reason`` says why
    INCOMPLETE = "incomplete"  # a budget, limit or sample size cut the work short
    SKIPPED = "skipped"  # not applicable to this target; ``reason`` says how to enable it


#: Results that did not finish their work: never graded, never exit 0 by default.
UNFINISHED = frozenset({Status.ERROR, Status.INCOMPLETE})


@dataclass(frozen=True)
class Series:
    """One line of a plot: ``x`` against ``y``, with a legend label."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y):
            raise ValueError(f"series {self.label!r}: x has {len(self.x)} points, y {len(self.y)}")
        object.__setattr__(self, "x", tuple(float(v) for v in self.x))
        object.__setattr__(self, "y", tuple(float(v) for v in self.y))


@dataclass(frozen=True)
class Plot:
    """A picture as data: the HTML renderer draws it, JSON keeps the numbers.

    ``kind`` is ``line`` (curves such as robust accuracy against ε or ROC) or ``bar``
    (histograms: ``x`` holds bin left edges, ``y`` counts).
    """

    title: str
    kind: str
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    x_log: bool = False
    y_log: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ("line", "bar"):
            raise ValueError(f"plot kind must be 'line' or 'bar', not {self.kind!r}")

    def to_dict(self) -> dict[str, JSON]:
        return {
            "title": self.title,
            "kind": self.kind,
            "x_label": self.x_label,
            "y_label": self.y_label,
            "x_log": self.x_log,
            "y_log": self.y_log,
            "series": [{"label": s.label, "x": list(s.x), "y": list(s.y)} for s in self.series],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plot:
        return cls(
            title=data["title"],
            kind=data["kind"],
            x_label=data.get("x_label", ""),
            y_label=data.get("y_label", ""),
            x_log=bool(data.get("x_log", False)),
            y_log=bool(data.get("y_log", False)),
            series=tuple(Series(s["label"], tuple(s["x"]), tuple(s["y"])) for s in data["series"]),
        )


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check on one target.

    Checks build it with :meth:`of`; the runner fills in ``duration_s`` and ``queries`` and
    turns crashes into ``error`` results, so a check never sets those itself.
    """

    check: str
    stage: str
    status: Status
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, JSON] = field(default_factory=dict)
    plots: tuple[Plot, ...] = ()
    duration_s: float = 0.0
    queries: int = 0
    reason: str = ""
    partial: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "metrics", jsonable(dict(self.metrics), f"metrics of {self.check}")
        )
        object.__setattr__(self, "findings", tuple(self.findings))
        object.__setattr__(self, "plots", tuple(self.plots))

    @classmethod
    def of(
        cls,
        check: str,
        stage: str,
        findings: Sequence[Finding] = (),
        metrics: Mapping[str, JSON] | None = None,
        plots: Sequence[Plot] = (),
        *,
        partial: bool = False,
        reason: str = "",
    ) -> CheckResult:
        """``failed`` if any finding is ``low`` or worse; otherwise ``incomplete`` when the work
        was cut short (``partial``, with ``reason`` saying what was not done), else ``passed``.

        A failed result that is also ``partial`` keeps the flag: the findings stand, and the
        run is still unfinished for grading and the exit code.
        """
        if partial and not reason:
            raise ValueError(f"check {check}: a partial result must say why (reason)")
        failing = any(f.severity >= Severity.LOW for f in findings)
        status = Status.FAILED if failing else Status.INCOMPLETE if partial else Status.PASSED
        return cls(
            check=check,
            stage=stage,
            status=status,
            findings=tuple(findings),
            metrics=metrics or {},
            plots=tuple(plots),
            partial=partial,
            reason=reason,
        )

    @classmethod
    def skipped(cls, check: str, stage: str, reason: str) -> CheckResult:
        return cls(check=check, stage=stage, status=Status.SKIPPED, reason=reason)

    @classmethod
    def error(cls, check: str, stage: str, reason: str) -> CheckResult:
        return cls(check=check, stage=stage, status=Status.ERROR, reason=reason)

    @property
    def unfinished(self) -> bool:
        """True when the work behind this result was not all done (error, incomplete or
        partial): such a result never counts as a pass."""
        return self.status in UNFINISHED or self.partial

    def timed(self, duration_s: float, queries: int) -> CheckResult:
        return replace(self, duration_s=round(duration_s, 6), queries=int(queries))

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, JSON]:
        return {
            "check": self.check,
            "stage": self.stage,
            "status": self.status.value,
            "reason": self.reason,
            "partial": self.partial,
            "metrics": dict(self.metrics),
            "findings": [f.to_dict() for f in self.findings],
            "plots": [p.to_dict() for p in self.plots],
            "duration_s": self.duration_s,
            "queries": self.queries,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        return cls(
            check=data["check"],
            stage=data["stage"],
            status=Status(data["status"]),
            reason=data.get("reason", ""),
            partial=bool(data.get("partial", False)),
            metrics=data.get("metrics", {}),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            plots=tuple(Plot.from_dict(p) for p in data.get("plots", ())),
            duration_s=float(data.get("duration_s", 0.0)),
            queries=int(data.get("queries", 0)),
        )
