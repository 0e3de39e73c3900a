"""Test doubles for the check contract (checks whose behaviour a test chooses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hauberk.core import (
    CheckContext,
    CheckResult,
    Lifecycle,
    Rule,
    Severity,
    Stage,
    StageSettings,
)

DEMO_RULE = Rule(
    id="HB-TEST-DEMO",
    title="test rule",
    severity=Severity.HIGH,
    description="a rule for tests",
    remediation="none needed",
    atlas=("AML.T0015",),
    owasp=("ML01:2023",),
    also=tuple((s, "tests pick any severity") for s in Severity if s is not Severity.HIGH),
)


class ToySettings(StageSettings):
    level: str = "high"


TOY_STAGE = Stage("toy", Lifecycle.INFERENCE, "checks used by tests", ToySettings)


@dataclass
class ToyCheck:
    """A check whose behaviour the test chooses: emit a finding, crash, or spend queries."""

    name: str = "toy.emit"
    stage: Stage = TOY_STAGE
    needs: frozenset[str] = field(default_factory=frozenset)
    rules: tuple[Rule, ...] = (DEMO_RULE,)
    description: str = "test check"
    behaviour: str = "emit"

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        if self.behaviour == "crash":
            raise RuntimeError("boom")
        if self.behaviour == "query":
            assert target.model is not None
            for _ in range(100):
                target.model.predict_proba(target.data.x[:10])
        severity = Severity.parse(getattr(ctx.settings, "level", "high"))
        finding = DEMO_RULE.finding("model", "found", {"seed": ctx.seed}, severity=severity)
        return CheckResult.of(self.name, self.stage.name, [finding], {"value": 1.0})
