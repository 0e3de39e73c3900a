"""The report: what was assessed, where, with which versions and seeds, and every result."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hauberk.core._errors import InputError
from hauberk.core._finding import JSON, Finding, Rule, jsonable
from hauberk.core._lifecycle import Lifecycle
from hauberk.core._result import CheckResult, Status
from hauberk.core._severity import Severity

SCHEMA_VERSION = "1.0"
GRADES = {None: "A", Severity.INFO: "A", Severity.LOW: "B", Severity.MEDIUM: "C",
          Severity.HIGH: "D", Severity.CRITICAL: "F"}  # fmt: skip


INCOMPLETE_GRADE = "incomplete"


def grade(worst: Severity | None) -> str:
    """A school grade for a lifecycle phase from its worst finding."""
    return GRADES[worst]


def phase_grade(results: Sequence[CheckResult]) -> str:
    """The grade of the checks that ran in one phase: "incomplete" if any of them errored or
    was cut short (no letter is earned on work that was not done), else the letter of the
    worst finding; "n/a" when nothing ran."""
    if not results:
        return "n/a"
    if any(r.unfinished for r in results):
        return INCOMPLETE_GRADE
    return grade(max((f.severity for r in results for f in r.findings), default=None))


def rule_to_dict(rule: Rule) -> dict[str, JSON]:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.label,
        "description": rule.description,
        "remediation": rule.remediation,
        "atlas": list(rule.atlas),
        "owasp": list(rule.owasp),
        "papers": list(rule.papers),
        "also": [{"severity": sev.label, "when": when} for sev, when in rule.also],
    }


def rule_from_dict(data: Mapping[str, Any]) -> Rule:
    return Rule(
        id=data["id"],
        title=data["title"],
        severity=Severity.parse(data["severity"]),
        description=data["description"],
        remediation=data["remediation"],
        atlas=tuple(data["atlas"]),
        owasp=tuple(data["owasp"]),
        papers=tuple(data.get("papers", ())),
        also=tuple((Severity.parse(a["severity"]), a["when"]) for a in data.get("also", ())),
    )


@dataclass(frozen=True)
class Report:
    """Everything one assessment produced. Renderers read it; nothing else writes it."""

    target: Mapping[str, JSON]
    environment: Mapping[str, JSON]
    results: tuple[CheckResult, ...]
    stages: Mapping[str, str] = field(default_factory=dict)  # stage name -> lifecycle phase
    rules: Mapping[str, Rule] = field(default_factory=dict)
    tool: Mapping[str, str] = field(default_factory=lambda: {"name": "hauberk"})
    created: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "results", tuple(self.results))
        object.__setattr__(self, "target", jsonable(dict(self.target), "report target"))
        object.__setattr__(self, "environment", jsonable(dict(self.environment), "environment"))

    @property
    def findings(self) -> list[Finding]:
        """Every finding, worst first, in a stable order."""
        found = [f for r in self.results for f in r.findings]
        return sorted(found, key=lambda f: (-f.severity, f.id, f.target))

    def lifecycle_of(self, result: CheckResult) -> str:
        return self.stages.get(result.stage, Lifecycle.INFERENCE.value)

    def summary(self) -> dict[str, JSON]:
        by_severity = Counter(f.severity.label for f in self.findings)
        by_status = Counter(r.status.value for r in self.results)
        phases: dict[str, dict[str, JSON]] = {}
        for phase in Lifecycle:
            ran = [
                r
                for r in self.results
                if self.lifecycle_of(r) == phase.value and r.status is not Status.SKIPPED
            ]
            worst = max((f.severity for r in ran for f in r.findings), default=None)
            phases[phase.value] = {
                "grade": phase_grade(ran),
                "checks": len(ran),
                "errors": sum(r.status is Status.ERROR for r in ran),
                "incomplete": sum(r.unfinished and r.status is not Status.ERROR for r in ran),
                "worst": worst.label if worst is not None else None,
            }
        worst_all = max((f.severity for f in self.findings), default=None)
        return {
            "findings": sum(by_severity.values()),
            "by_severity": {s.label: by_severity.get(s.label, 0) for s in reversed(Severity)},
            "checks": {s.value: by_status.get(s.value, 0) for s in Status},
            "worst": worst_all.label if worst_all is not None else None,
            "complete": not any(r.unfinished for r in self.results),
            "lifecycle": phases,
        }

    def to_dict(self) -> dict[str, JSON]:
        used = sorted({f.id for f in self.findings})
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": dict(self.tool),
            "created": self.created,
            "target": dict(self.target),
            "environment": dict(self.environment),
            "summary": self.summary(),
            "stages": dict(self.stages),
            "rules": [rule_to_dict(self.rules[i]) for i in used if i in self.rules],
            "results": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=False, allow_nan=False) + "\n"

    def to_html(self) -> str:
        """The self-contained HTML report (what ``report.html`` holds)."""
        from hauberk.core._html import to_html

        return to_html(self)

    def _repr_html_(self) -> str:
        """Notebooks show the HTML report inline, in a frame of its own so that its styles
        and scripts stay inside it."""
        import html

        doc = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{doc}" style="width:100%;height:720px;border:1px solid #ccc" '
            'sandbox="allow-scripts"></iframe>'
        )

    def save(
        self, path: str | os.PathLike[str], formats: str | Sequence[str] = "json,html"
    ) -> list[Path]:
        """Write the report. A path ending in ``.json``, ``.html``, ``.sarif`` or ``.xml``
        (JUnit) is that one file; any other path is a folder that receives
        ``report.<ext>`` for each of ``formats``. Every file is written atomically."""
        from hauberk.core._io import write_atomic
        from hauberk.core._render import RENDERERS, parse_formats, write_reports

        target = Path(path)
        by_suffix = {".json": "json", ".html": "html", ".sarif": "sarif", ".xml": "junit"}
        if target.suffix.lower() in by_suffix:
            if target.is_dir():
                raise InputError(f"save: {target} is a folder; give a file name or its folder")
            renderer = RENDERERS[by_suffix[target.suffix.lower()]]
            write_atomic(target, renderer.render(self))
            return [target]
        if target.exists() and not target.is_dir():
            raise InputError(f"save: {target} is a file; give a folder or a .json/.html name")
        target.mkdir(parents=True, exist_ok=True)
        return write_reports(self, parse_formats(formats), target)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise InputError(
                f"report schema_version {version!r} is not supported; this hauberk reads "
                f"{SCHEMA_VERSION.split('.')[0]}.x"
            )
        rules = [rule_from_dict(r) for r in data.get("rules", ())]
        return cls(
            target=data["target"],
            environment=data["environment"],
            results=tuple(CheckResult.from_dict(r) for r in data["results"]),
            stages=dict(data.get("stages", {})),
            rules={r.id: r for r in rules},
            tool=dict(data["tool"]),
            created=str(data.get("created", "")),
        )


def worst_first(results: Sequence[CheckResult]) -> list[CheckResult]:
    """Results ordered for people: errors and worst findings first."""

    def key(r: CheckResult) -> tuple[int, int, int, str]:
        worst = r.worst
        rank = -(worst if worst is not None else -1)
        return (r.status is not Status.ERROR, not r.unfinished, rank, r.check)

    return sorted(results, key=key)
