"""The artifact scan as a registered ``hauberk assess`` check (stage ``artifact``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hauberk.core import CheckContext, CheckResult, Lifecycle, Rule, Stage, StageSettings
from hauberk.supplychain._limits import ScanLimits
from hauberk.supplychain._rules import ALL_RULES

#: The artifact stage. Other supply-chain checks must use this same object (a registry
#: rejects two different stages with one name).
ARTIFACT = Stage(
    name="artifact",
    lifecycle=Lifecycle.ARTIFACT,
    description="The files that ship: unsafe serialisation, tampering, malformed formats.",
    settings=StageSettings,
)


@dataclass(frozen=True)
class ArtifactScanCheck:
    """Scans every artifact of the target (files and folders) with :func:`scan`."""

    limits: ScanLimits = field(default_factory=ScanLimits)
    name: str = "supplychain.scan"
    stage: Stage = ARTIFACT
    needs: frozenset[str] = frozenset({"artifacts"})
    rules: tuple[Rule, ...] = ALL_RULES
    description: str = (
        "Scans model files for code that runs on load (pickle globals, Keras Lambda layers, "
        "Jinja templates), malformed formats and archive tricks, without executing anything."
    )

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        from hauberk.supplychain._scanner import scan

        limits = self.limits
        remaining = ctx.deadline.remaining
        if remaining is not None and remaining < limits.max_seconds:
            from dataclasses import replace

            limits = replace(limits, max_seconds=max(0.01, remaining))
        report = scan(tuple(target.artifacts), limits=limits)
        formats: dict[str, int] = {}
        for item in report.files:
            formats[item.format] = formats.get(item.format, 0) + 1
        unvouched = [s.path for s in report.unvouched]
        metrics = {
            "files": len(report.files),
            "errors": len(report.errors),
            "formats": formats,
            "findings": len(report.findings),
            "could_not_vouch": len(unvouched),
            "not_analysed": sum(1 for s in report.files if s.status == "not analysed"),
        }
        reasons = list(report.errors[:5])
        if unvouched and not reasons:
            reasons = [f"could not vouch for {', '.join(unvouched[:5])}"]
        return CheckResult.of(
            self.name,
            self.stage.name,
            report.findings,
            metrics,
            partial=report.unfinished,
            reason="; ".join(reasons),
        )


def checks() -> list[ArtifactScanCheck]:
    """The supply-chain checks for the ``hauberk.checks`` entry point."""
    return [ArtifactScanCheck()]
