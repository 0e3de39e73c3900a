"""The fail-on policy that turns a report into an exit code, kept as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hauberk.core._finding import Finding
from hauberk.core._report import Report
from hauberk.core._result import CheckResult
from hauberk.core._severity import Severity

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Policy:
    """``fail_on``: the lowest severity that fails the run. ``ignore`` drops rule ids;
    ``overrides`` re-rates rule ids (for example to accept a known, documented risk);
    ``allow_incomplete`` lets checks that errored or were cut short exit 0 (they are still
    graded "incomplete" and listed in every report format)."""

    fail_on: Severity = Severity.HIGH
    ignore: frozenset[str] = frozenset()
    overrides: Mapping[str, Severity] = field(default_factory=dict)
    allow_incomplete: bool = False

    def severity_of(self, finding: Finding) -> Severity:
        return self.overrides.get(finding.id, finding.severity)

    def blocking(self, report: Report) -> list[Finding]:
        """Findings at or above the fail level, after ignores and overrides."""
        return [
            f
            for f in report.findings
            if f.id not in self.ignore and self.severity_of(f) >= self.fail_on
        ]

    def unfinished(self, report: Report) -> list[CheckResult]:
        """Checks that errored or did not finish their work: they block the run unless
        ``allow_incomplete`` (a crash or a cut budget is never a pass)."""
        return [r for r in report.results if r.unfinished]

    def exit_code(self, report: Report) -> int:
        """0 only when every selected check completed and nothing reached ``fail_on``."""
        if self.blocking(report):
            return EXIT_FINDINGS
        if not self.allow_incomplete and self.unfinished(report):
            return EXIT_FINDINGS
        return EXIT_OK
