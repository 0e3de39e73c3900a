"""JUnit XML: one test case per check, grouped in one suite per stage, for CI dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from hauberk.core._report import Report
from hauberk.core._result import CheckResult, Status


def _case(result: CheckResult) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=f"hauberk.{result.stage}",
        name=result.check,
        time=f"{result.duration_s:.3f}",
    )
    if result.status is Status.FAILED:
        worst = result.worst
        label = worst.label if worst is not None else "low"
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{len(result.findings)} finding(s), worst {label}",
            type=label,
        )
        failure.text = "\n".join(
            f"[{f.severity.label}] {f.id} {f.target}: {f.title}. {f.detail}"
            for f in result.findings
        )
    if result.status is Status.ERROR:
        ET.SubElement(case, "error", message=result.reason or "check crashed", type="error")
    elif result.unfinished:
        # pytest's convention: work that could not be completed is an error, not a pass
        ET.SubElement(
            case, "error", message=result.reason or "check did not finish", type="incomplete"
        )
    elif result.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", message=result.reason)
    return case


def to_junit(report: Report) -> str:
    by_stage: dict[str, list[CheckResult]] = defaultdict(list)
    for result in report.results:
        by_stage[result.stage].append(result)
    root = ET.Element("testsuites", name="hauberk")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for stage, results in sorted(by_stage.items()):
        counts = {
            "tests": len(results),
            "failures": sum(r.status is Status.FAILED for r in results),
            "errors": sum(r.unfinished for r in results),
            "skipped": sum(r.status is Status.SKIPPED for r in results),
        }
        attrs = {k: str(v) for k, v in counts.items()}
        attrs["name"] = f"hauberk.{stage}"
        attrs["time"] = f"{sum(r.duration_s for r in results):.3f}"
        suite = ET.SubElement(root, "testsuite", attrs)
        suite.extend(_case(r) for r in results)
        for key, value in counts.items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{sum(r.duration_s for r in report.results):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
