"""The artifact scan as a registered ``hauberk assess`` check (stage ``artifact``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hauberk.core import CheckContext, CheckResult, Lifecycle, Rule, Stage, StageSettings
from hauberk.supplychain._limits import ScanLimits
from hauberk.supplychain._report import CHECK_NAME, STAGE_NAME
from hauberk.supplychain._rules import ALL_RULES

#: The artifact stage. Other supply-chain checks must use this same object (a registry
#: rejects two different stages with one name).
ARTIFACT = Stage(
    name=STAGE_NAME,
    lifecycle=Lifecycle.ARTIFACT,
    description="The files that ship: unsafe serialisation, tampering, malformed formats.",
    settings=StageSettings,
)


@dataclass(frozen=True)
class ArtifactScanCheck:
    """Scans every artifact of the target (files and folders) with :func:`scan`."""

    limits: ScanLimits = field(default_factory=ScanLimits)
    name: str = CHECK_NAME
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
        return scan(tuple(target.artifacts), limits=limits).to_check_result()


def checks() -> list[ArtifactScanCheck]:
    """The supply-chain checks for the ``hauberk.checks`` entry point."""
    return [ArtifactScanCheck()]
