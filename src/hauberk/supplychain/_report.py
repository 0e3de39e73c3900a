"""Scan results as data: one :class:`FileScan` per file or archive member, one report per run."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hauberk import __version__
from hauberk.core import Finding, Rule, Severity

JSON = Any
_SARIF_LEVEL = {
    Severity.INFO: "note",
    Severity.LOW: "note",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}


#: Rules that say part of the file was not inspected: the scanner cannot vouch for it.
UNVOUCHED = frozenset({"HB-SC-UNVERIFIABLE", "HB-SC-LIMIT", "HB-SC-ARCHIVE-BOMB"})
#: Formats the scanner recognises but has nothing to analyse in, or does not recognise.
NOT_ANALYSED = frozenset({"unknown"})


@dataclass(frozen=True)
class FileScan:
    """What the scanner found in one file (``archive!member`` for a member of an archive).

    ``status`` is ``clean`` only when the file was analysed and nothing was found;
    ``not analysed`` for a format the scanner does not know; ``could not vouch`` when part of
    the file was not inspected (a limit, a container or decompression error, a scanner
    error), whatever else was found; ``findings`` otherwise.
    """

    path: str
    format: str
    findings: tuple[Finding, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", tuple(self.findings))

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    @property
    def status(self) -> str:
        if any(f.id in UNVOUCHED for f in self.findings):
            return "could not vouch"
        if self.findings:
            return "findings"
        if self.format in NOT_ANALYSED:
            return "not analysed"
        return "clean"

    def to_dict(self) -> dict[str, JSON]:
        return {
            "path": self.path,
            "format": self.format,
            "status": self.status,
            "findings": [
                {
                    "id": f.id,
                    "severity": f.severity.label,
                    "title": f.title,
                    "detail": f.detail,
                    "evidence": dict(f.evidence),
                }
                for f in self.findings
            ],
        }


@dataclass
class ScanReport:
    """Every file scanned, in order, and the files that could not be read at all."""

    files: list[FileScan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for scan in self.files for f in scan.findings]

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def at_or_above(self, level: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity >= level]

    @property
    def unvouched(self) -> list[FileScan]:
        """Files (and members) that were not fully inspected."""
        return [s for s in self.files if s.status == "could not vouch"]

    @property
    def unfinished(self) -> bool:
        """Whether any path could not be read or any file could not be vouched for."""
        return bool(self.errors) or bool(self.unvouched)

    def to_dict(self) -> dict[str, JSON]:
        return {"files": [s.to_dict() for s in self.files], "errors": list(self.errors)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def to_text(self, *, min_severity: Severity = Severity.INFO) -> str:
        lines: list[str] = []
        for scan in self.files:
            shown = [f for f in scan.findings if f.severity >= min_severity]
            status = scan.status
            if scan.findings:
                status = f"{status}, worst {scan.worst}"
            lines.append(f"{scan.path} [{scan.format}] {status}")
            for f in sorted(shown, key=lambda f: -f.severity):
                lines.append(f"  {f.severity.label.upper():8} {f.id}: {f.detail}")
        for error in self.errors:
            lines.append(f"error: {error}")
        worst = self.worst
        unknown = sum(1 for s in self.files if s.status == "not analysed")
        lines.append(
            f"{len(self.files)} files, {len(self.findings)} findings, "
            f"{len(self.errors)} errors, {len(self.unvouched)} could not vouch, "
            f"{unknown} not analysed, worst: {worst.label if worst is not None else 'none'}"
        )
        return "\n".join(lines) + "\n"

    def to_sarif(self, rules: Iterable[Rule] = ()) -> dict[str, JSON]:
        """SARIF 2.1.0: one run, one result per finding, located at the file (or member)."""
        known = {r.id: r for r in rules}
        used = sorted({f.id for f in self.findings})
        rule_objs = []
        for rid in used:
            rule = known.get(rid)
            entry: dict[str, JSON] = {"id": rid}
            if rule is not None:
                entry["shortDescription"] = {"text": rule.title}
                entry["fullDescription"] = {"text": rule.description}
                entry["help"] = {"text": rule.remediation}
                entry["properties"] = {"tags": list(rule.references)}
            rule_objs.append(entry)
        results = []
        for scan in self.files:
            uri = scan.path.split("!", 1)[0]
            for f in scan.findings:
                results.append(
                    {
                        "ruleId": f.id,
                        "level": _SARIF_LEVEL[f.severity],
                        "message": {"text": f"{f.title}: {f.detail}"},
                        "locations": [
                            {
                                "physicalLocation": {"artifactLocation": {"uri": uri}},
                                "logicalLocations": [{"fullyQualifiedName": scan.path}],
                            }
                        ],
                        "properties": _properties(f),
                    }
                )
        notes = [
            {"level": "error", "message": {"text": e}, "descriptor": {"id": "scan-error"}}
            for e in self.errors
        ]
        return {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "hauberk scan",
                            "version": __version__,
                            "rules": rule_objs,
                        }
                    },
                    "results": results,
                    "invocations": [
                        {
                            "executionSuccessful": not self.unfinished,
                            "toolExecutionNotifications": notes,
                        }
                    ],
                }
            ],
        }


def _properties(finding: Finding) -> dict[str, JSON]:
    props: dict[str, JSON] = {"severity": finding.severity.label}
    props.update(finding.evidence)
    return props
