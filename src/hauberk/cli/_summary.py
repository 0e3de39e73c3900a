"""The terminal summary printed after a run: results on stdout, nothing else."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from hauberk.core import Policy, Report

STATUS_STYLE = {"passed": "green", "failed": "red", "error": "bold red",
                "incomplete": "bold magenta", "skipped": "dim"}  # fmt: skip
SEVERITY_STYLE = {"critical": "bold white on red", "high": "red", "medium": "yellow",
                  "low": "cyan", "info": "dim"}  # fmt: skip


def _why(reason: str | None, width: int = 90) -> str:
    from rich.markup import escape

    text = reason or ""
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def print_summary(report: Report, policy: Policy, paths: list[Path]) -> None:
    console = Console(highlight=False, soft_wrap=True)
    table = Table(title=f"hauberk assess: {report.target.get('name', 'model')}")
    for column in ("check", "stage", "status", "findings", "worst", "time", "why"):
        table.add_column(column, overflow="fold")
    for r in report.results:
        worst = r.worst.label if r.worst is not None else ""
        status = r.status.value + (" (partial)" if r.partial and r.status.value == "failed" else "")
        table.add_row(
            r.check,
            r.stage,
            f"[{STATUS_STYLE[r.status.value]}]{status}[/]",
            str(len(r.findings)),
            f"[{SEVERITY_STYLE[worst]}]{worst}[/]" if worst else "",
            f"{r.duration_s:.1f}s",
            _why(r.reason) if r.status.value != "passed" else "",
        )
    console.print(table)
    summary = report.summary()
    grades = "  ".join(f"{k}: {v['grade']}" for k, v in summary["lifecycle"].items())
    console.print(f"grades  {grades}")
    blocking = policy.blocking(report)
    verdict = (
        f"[red]{len(blocking)} finding(s) at or above {policy.fail_on.label}[/]"
        if blocking
        else f"[green]nothing at or above {policy.fail_on.label}[/]"
    )
    console.print(f"{summary['findings']} finding(s); {verdict}")
    unfinished = policy.unfinished(report)
    if unfinished:
        outcome = "allowed by --allow-incomplete" if policy.allow_incomplete else "the run fails"
        console.print(
            f"[bold magenta]{len(unfinished)} check(s) did not finish ({outcome}):[/] "
            + "; ".join(f"{r.check}: {r.status.value}, {r.reason or 'partial'}" for r in unfinished)
        )
    for path in paths:
        console.print(f"wrote {path.resolve()}")
