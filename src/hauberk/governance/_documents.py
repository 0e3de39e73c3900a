"""Pre-filled DPIA (GDPR Art. 35(7)) and technical documentation (EU AI Act Annex IV).

Both are Markdown skeletons filled from an assessment report and a compliance result: what
was measured (metrics with intervals, findings with remediation, checks that did not
finish) goes in; what only the controller or provider can state is marked **TO COMPLETE**
rather than invented or left blank.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hauberk.core import Report
    from hauberk.governance._comply import Compliance

DOCUMENTS = ("dpia", "techdoc")
RISK_CHECKS = ("privacy.", "governance.fairness", "governance.explanations", "data.pii")


def _context(report: Report | None, compliance: Compliance) -> dict[str, Any]:
    from hauberk.governance._evidence import measurements

    found, missing = measurements(report) if report is not None else ([], [])
    results = list(report.results) if report is not None else []
    target = dict(report.target) if report is not None else {}
    data = target.get("data") if isinstance(target.get("data"), dict) else {}
    artifacts = report.environment.get("artifacts") if report is not None else None
    packages = report.environment.get("packages") if report is not None else None
    measured = [f"{m.check} {m.name}: {m.describe()}" for m in found]
    measured += [f"{m.check} {m.name}: not measured ({m.reason})" for m in missing]
    pii = [
        f"{r.check}: {r.status.value}, {len(r.findings)} finding(s)"
        for r in results
        if r.check == "data.pii"
    ]
    return {
        "name": str(target.get("name", "unnamed model")),
        "today": dt.datetime.now(dt.UTC).date().isoformat(),
        "report_line": "no assessment report"
        if report is None
        else f"the assessment report of {report.created or 'an unrecorded time'}",
        "artifacts": dict(artifacts) if isinstance(artifacts, dict) else {},
        "packages": ", ".join(f"{k} {v}" for k, v in sorted(packages.items())[:30])
        if isinstance(packages, dict)
        else "",
        "data": {str(k): v for k, v in (data or {}).items()},
        "pii": pii,
        "findings": [
            {
                "severity": f.severity.label,
                "id": f.id,
                "title": f.title,
                "target": f.target,
                "detail": f.detail,
                "remediation": f.remediation,
            }
            for f in (report.findings if report is not None else [])
        ],
        "risk_metrics": [m for m in measured if m.startswith(RISK_CHECKS)],
        "measured": measured,
        "oversight": [
            f"{r.check}: {r.status.value}" for r in results if r.check.startswith("monitor.")
        ],
        "unfinished": [
            f"{r.check} ({r.status.value}): {r.reason or 'did not finish'}"
            for r in results
            if r.unfinished or r.status.value == "skipped"
        ],
        "checks": [{"check": r.check, "status": r.status.value} for r in results],
        "framework": compliance.framework.title,
        "controls": [
            {
                "id": c.control.id,
                "title": c.control.title,
                "citation": c.control.citation,
                "status": c.status,
            }
            for c in compliance.controls
        ],
    }


def render_document(kind: str, report: Report | None, compliance: Compliance) -> str:
    """``dpia`` or ``techdoc`` as Markdown."""
    from hauberk.core import ConfigError
    from hauberk.governance._card import _environment

    if kind not in DOCUMENTS:
        raise ConfigError(f"document {kind!r} is not one of {', '.join(DOCUMENTS)}")
    env = _environment(False)
    return env.get_template(f"{kind}.md.j2").render(**_context(report, compliance))
