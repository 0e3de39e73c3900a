"""``monitor.query_pattern``: per-principal query-pattern anomalies, from the gateway's audit
trail.

The gateway's extraction monitor (``hauberk.gateway``'s PRADA stage) writes a ``serve.alert``
entry (``"monitor": "prada"``, the Shapiro-Wilk ``w`` and the query count) when a principal's
queries stop looking natural, next to one ``serve.request`` entry per request. This monitor
reads those entries from the audit ledger (a responder has the ledger, not the live process)
and turns them into a result: one finding per flagged principal citing its alert entries, and
per principal the requests and rows it sent.

Fail closed: a principal is judged only once it sent at least ``min_queries`` rows (PRADA's
own minimum; fewer and the test has nothing to say); a ledger with no answered predictions,
or in which no principal reached the minimum and none was flagged, is incomplete, never
"no anomaly".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hauberk.core import CheckResult, ConfigError
from hauberk.ledger import Ledger
from hauberk.monitor._rules import QUERY_PATTERN

CHECK = "monitor.query_pattern"
STAGE = "monitoring"
ALERT_KINDS = ("serve.alert", "alert")
_CHUNK = 1024


@dataclass
class PrincipalTraffic:
    principal: str
    requests: int = 0
    answered_rows: int = 0
    refused: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, min_queries: int) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "answered_rows": self.answered_rows,
            "refused": self.refused,
            "alerts": len(self.alerts),
            "judged": self.answered_rows >= min_queries or bool(self.alerts),
        }


def _entries(ledger: Ledger, start: int, end: int) -> Iterator[tuple[int, Any]]:
    for low in range(start, end, _CHUNK):
        for row in ledger.store.read_entries(low, min(end, low + _CHUNK)):
            if row.kind == "serve.request" or row.kind in ALERT_KINDS:
                yield row.index, row


def traffic_by_principal(
    ledger: Ledger, *, start: int = 0, end: int | None = None
) -> dict[str, PrincipalTraffic]:
    """Requests, answered rows, refusals and extraction alerts per principal in
    ledger entries ``[start, end)``."""
    size = ledger.head().size
    end = size if end is None else min(end, size)
    if not 0 <= start <= end:
        raise ConfigError(f"entry range [{start}, {end}) is not within the ledger's {size}")
    seen: dict[str, PrincipalTraffic] = {}
    for index, row in _entries(ledger, start, end):
        body = row.entry().body
        if not isinstance(body, dict) or row.principal == "anonymous":
            continue
        who = seen.setdefault(row.principal, PrincipalTraffic(row.principal))
        if row.kind == "serve.request":
            who.requests += 1
            if body.get("outcome") == "ok":
                who.answered_rows += int(body.get("rows") or 0)
            else:
                who.refused += 1
        elif body.get("monitor") == "prada" or body.get("kind") == "prada":
            who.alerts.append(
                {
                    "ledger": index,
                    "timestamp": row.timestamp,
                    "w": body.get("w"),
                    "queries": body.get("queries"),
                }
            )
    return seen


def query_pattern_result(
    ledger: Ledger,
    *,
    min_queries: int = 200,
    start: int = 0,
    end: int | None = None,
    target: str = "audit ledger",
) -> CheckResult:
    """The per-principal query-pattern result over ledger entries ``[start, end)``."""
    if min_queries < 1:
        raise ConfigError(f"min_queries must be at least 1, got {min_queries}")
    traffic = traffic_by_principal(ledger, start=start, end=end)
    findings = []
    for who in sorted(traffic.values(), key=lambda t: t.principal):
        if not who.alerts:
            continue
        last = who.alerts[-1]
        findings.append(
            QUERY_PATTERN.finding(
                f"{target}#principal:{who.principal}",
                f"The extraction monitor flagged principal {who.principal!r} "
                f"{len(who.alerts)} time(s); last at ledger entry {last['ledger']} "
                f"(Shapiro-Wilk W={last['w']} after {last['queries']} query distances), "
                f"over {who.requests} requests and {who.answered_rows} answered rows.",
                {
                    "principal": who.principal,
                    **who.to_dict(min_queries),
                    "alert_entries": who.alerts[:50],
                },
            )
        )
    judged = [t for t in traffic.values() if t.answered_rows >= min_queries or t.alerts]
    light = sorted(t.principal for t in traffic.values() if t not in judged)
    answered = sum(t.answered_rows for t in traffic.values())
    reasons = []
    if answered == 0 and not findings:
        reasons.append("the ledger holds no answered prediction requests in the range")
    elif not judged:
        reasons.append(
            f"no principal sent the {min_queries} rows the extraction test needs "
            f"({len(light)} principal(s) below it)"
        )
    metrics: dict[str, Any] = {
        "principals": len(traffic),
        "principals_judged": len(judged),
        "principals_flagged": len(findings),
        "principals_below_minimum": light[:200],
        "min_queries": min_queries,
        "answered_rows": answered,
        "by_principal": {
            t.principal: t.to_dict(min_queries)
            for t in sorted(traffic.values(), key=lambda t: -t.answered_rows)[:500]
        },
        "range": {"start": start, "end": ledger.head().size if end is None else end},
    }
    return CheckResult.of(
        CHECK, STAGE, findings, metrics, partial=bool(reasons), reason="; ".join(reasons)
    )
