"""Scan results as data: one :class:`FileScan` per file or archive member, one report per run.

:meth:`ScanReport.to_report` turns a scan into the core :class:`~hauberk.core.Report` that
every renderer reads (``hauberk scan`` has no renderer of its own but the terminal text).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hauberk import __version__
from hauberk.core._finding import Finding
from hauberk.core._severity import Severity

if TYPE_CHECKING:  # loaded when a report is built, not for the terminal listing
    from hauberk.core._report import Report
    from hauberk.core._result import CheckResult

JSON = Any

#: The name and stage of the scan as one check, in ``hauberk scan``'s report and in
#: ``hauberk assess`` (the ``supplychain.scan`` check of the ``artifact`` stage).
CHECK_NAME = "supplychain.scan"
STAGE_NAME = "artifact"

#: Rules that say part of the file was not inspected: the scanner cannot vouch for it.
UNVOUCHED = frozenset({"HB-SC-UNVERIFIABLE", "HB-SC-LIMIT", "HB-SC-ARCHIVE-BOMB"})
#: Formats the scanner does not recognise: nothing vouches for what their loader does.
NOT_ANALYSED = frozenset({"unknown"})
#: The verdicts of one file, in the order the summary line counts them.
VERDICTS = ("clean", "findings", "could not vouch", "not vouched for")


@dataclass(frozen=True)
class FileScan:
    """What the scanner found in one file (``archive!member`` for a member of an archive).

    ``status`` is ``clean`` only when the file was analysed and nothing was found;
    ``not vouched for`` for a format the scanner does not know (it was still checked as a
    pickle from byte 0, but nothing vouches for what its own loader does with it; never
    clean); ``could not vouch`` when part of
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
            return "not vouched for"
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

    def counts(self) -> dict[str, int]:
        """Files (and archive members) by verdict, every verdict present."""
        out = dict.fromkeys(VERDICTS, 0)
        for scan in self.files:
            out[scan.status] += 1
        return out

    def summary_line(self, seconds: float | None = None) -> str:
        """One line: how many files, by verdict, errors, the worst finding, the time."""
        counts = self.counts()
        worst = self.worst
        took = f" in {seconds:.2f} s" if seconds is not None else ""
        return (
            f"scanned {len(self.files)} file(s){took}: "
            + ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
            + f", {len(self.errors)} error(s); worst: {worst.label if worst else 'none'}"
        )

    def to_text(
        self,
        *,
        min_severity: Severity = Severity.INFO,
        verbose: bool = False,
        seconds: float | None = None,
    ) -> str:
        """Every file that is not clean with its findings, worst first (clean files too with
        ``verbose``), the errors, then the summary line."""
        lines: list[str] = []
        for scan in self.files:
            status = scan.status
            if status == "clean" and not verbose:
                continue
            if scan.findings:
                status = f"{status}, worst {scan.worst}"
            elif status == "not vouched for":
                status += ": a format hauberk does not read"
            lines.append(f"{scan.path} [{scan.format}] {status}")
            shown = [f for f in scan.findings if f.severity >= min_severity]
            for f in sorted(shown, key=lambda f: -f.severity):
                lines.append(f"  {f.severity.label.upper():8} {f.id}: {f.detail}")
        for error in self.errors:
            lines.append(f"error: {error}")
        lines.append(self.summary_line(seconds))
        return "\n".join(lines) + "\n"

    def to_check_result(self, *, reason_limit: int = 5) -> CheckResult:
        """The scan as one check result (what ``hauberk assess`` reports for its artifacts):
        failed with findings, incomplete when a path could not be read or a file could not
        be vouched for, else passed."""
        from hauberk.core._result import CheckResult

        formats: dict[str, int] = {}
        for item in self.files:
            formats[item.format] = formats.get(item.format, 0) + 1
        counts = self.counts()
        unvouched = [s.path for s in self.unvouched]
        metrics = {
            "files": len(self.files),
            "errors": len(self.errors),
            "formats": formats,
            "findings": len(self.findings),
            "clean": counts["clean"],
            "could_not_vouch": len(unvouched),
            "not_vouched_for": counts["not vouched for"],
        }
        reasons = list(self.errors[:reason_limit])
        if unvouched and not reasons:
            reasons = [f"could not vouch for {', '.join(unvouched[:reason_limit])}"]
        return CheckResult.of(
            CHECK_NAME,
            STAGE_NAME,
            self.findings,
            metrics,
            partial=self.unfinished,
            reason="; ".join(reasons),
        )

    def to_report(self, paths: Iterable[str | os.PathLike[str]], *, seconds: float = 0.0) -> Report:
        """The scan as a core :class:`~hauberk.core.Report` (rendered by the same JSON, SARIF,
        JUnit and HTML renderers as ``hauberk assess``), its target the scanned paths."""
        import datetime as dt

        from hauberk.core._lifecycle import Lifecycle
        from hauberk.core._report import Report
        from hauberk.supplychain._rules import ALL_RULES

        artifacts = [os.fspath(p) for p in paths]
        return Report(
            target={"name": ", ".join(artifacts) or "(nothing)", "artifacts": artifacts},
            environment={
                "python": ".".join(map(str, sys.version_info[:3])),
                "hauberk": __version__,
                "platform": sys.platform,
                "seed": None,
            },
            results=(self.to_check_result().timed(seconds, 0),),
            stages={STAGE_NAME: Lifecycle.ARTIFACT.value},
            rules={r.id: r for r in ALL_RULES},
            tool={"name": "hauberk", "version": __version__},
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )


def scan_json(report: Report, scan: ScanReport) -> str:
    """``hauberk scan --format json``: the core report (it reads back with ``hauberk report
    convert``) with the scan's own ``files`` and ``errors`` lists, as documented."""
    data = report.to_dict()
    listing = scan.to_dict()
    data["files"] = listing["files"]
    data["errors"] = listing["errors"]
    return json.dumps(data, indent=2, allow_nan=False) + "\n"
