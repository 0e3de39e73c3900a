"""Compliance evidence: which control of which framework hauberk's evidence speaks to.

The mapping is data (``compliance.toml`` in this package): per framework, a source and URL;
per control, its citation, the check-name patterns of ``hauberk assess``, the ledger entry
kinds and the documents that evidence it, and how old that evidence may be. :func:`assess`
reads one framework, a ``report.json``, a ledger and any documents given, and says per
control which items are covered, missing or stale. A check counts only when it ran to the
end (passed or failed); an errored, incomplete or skipped check is missing evidence, with its
reason. A ledger that fails verification gives no evidence. Evidence is what a control asks
to be shown; whether the control is met remains the owner's and auditor's judgement.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hauberk.core import ConfigError, InputError, Status

if TYPE_CHECKING:
    from hauberk.core import Report

COVERED, MISSING, STALE, PARTIAL = "covered", "missing", "stale", "partial"
KINDS = ("check", "ledger", "document")
#: Entries read from the newest end of a ledger to find the newest of each kind.
MAX_LEDGER_SCAN = 1_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Control(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    checks: tuple[str, ...] = ()
    ledger: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    max_age_days: int = Field(gt=0, le=3650)


class Framework(_Strict):
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")
    controls: tuple[Control, ...] = Field(min_length=1)


@cache
def frameworks() -> dict[str, Framework]:
    """The mapping shipped with hauberk, validated (a bad table is a bug: it raises)."""
    raw = tomllib.loads((files("hauberk.governance") / "compliance.toml").read_text("utf-8"))
    try:
        return {k: Framework.model_validate(v) for k, v in raw["frameworks"].items()}
    except ValidationError as exc:
        raise ConfigError(f"compliance.toml: {exc.errors()[0]}") from None


def framework(name: str) -> Framework:
    known = frameworks()
    if name not in known:
        raise ConfigError(f"--framework {name!r} is not one of {', '.join(sorted(known))}")
    return known[name]


@dataclass(frozen=True)
class Item:
    """One piece of evidence a control asks for, and what was found."""

    kind: Literal["check", "ledger", "document"]
    wanted: str
    status: str  # covered | missing | stale
    detail: str
    age_days: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "wanted": self.wanted,
            "status": self.status,
            "detail": self.detail,
            "age_days": None if self.age_days is None else round(self.age_days, 2),
        }


@dataclass(frozen=True)
class ControlResult:
    control: Control
    items: tuple[Item, ...]

    @property
    def status(self) -> str:
        states = {i.status for i in self.items}
        if states == {COVERED}:
            return COVERED
        if COVERED not in states and STALE not in states:
            return MISSING
        if states == {STALE} or states == {COVERED, STALE}:
            return STALE
        return PARTIAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.control.id,
            "title": self.control.title,
            "citation": self.control.citation,
            "status": self.status,
            "max_age_days": self.control.max_age_days,
            "evidence": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True)
class Compliance:
    name: str
    framework: Framework
    controls: tuple[ControlResult, ...]
    checked_at: str
    sources: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {COVERED: 0, PARTIAL: 0, STALE: 0, MISSING: 0}
        for c in self.controls:
            out[c.status] += 1
        return out

    @property
    def complete(self) -> bool:
        return all(c.status == COVERED for c in self.controls)

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.name,
            "title": self.framework.title,
            "source": self.framework.source,
            "url": self.framework.url,
            "checked_at": self.checked_at,
            "evidence_sources": self.sources,
            "summary": self.counts(),
            "controls": [c.to_dict() for c in self.controls],
        }


def parse_when(text: str, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{where}: {text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _age(now: dt.datetime, then: dt.datetime) -> float:
    return (now - then).total_seconds() / 86400


def ledger_kinds(path: str | Path) -> tuple[dict[str, dt.datetime], str]:
    """Newest timestamp of every entry kind in a verified ledger, and a one-line summary."""
    from hauberk.ledger import open_ledger

    newest: dict[str, dt.datetime] = {}
    with open_ledger(path, read_only=True) as log:
        audit = log.verify()
        if not audit.ok:
            problem = audit.problems[0]
            raise InputError(
                f"--ledger {path}: failed verification ({problem}); it gives no evidence"
            )
        size = log.head().size
        end, stop = size, max(0, size - MAX_LEDGER_SCAN)
        while end > stop:
            start = max(stop, end - 4096)
            for row in log.store.read_entries(start, end):
                when = parse_when(row.timestamp, f"--ledger {path} entry {row.index}")
                if row.kind not in newest or when > newest[row.kind]:
                    newest[row.kind] = when
            end = start
    return newest, f"{path} ({size} entries, verified)"


def assess(
    name: str,
    *,
    report: Report | None = None,
    ledger: Mapping[str, dt.datetime] | None = None,
    documents: Mapping[str, Path] | None = None,
    now: dt.datetime | None = None,
    sources: Mapping[str, str] | None = None,
) -> Compliance:
    """Covered, missing and stale evidence for every control of framework ``name``."""
    fw = framework(name)
    now = now or dt.datetime.now(dt.UTC)
    documents = documents or {}
    report_age: float | None = None
    if report is not None and report.created:
        report_age = _age(now, parse_when(report.created, "report created"))
    out = []
    for control in fw.controls:
        items: list[Item] = []
        for pattern in control.checks:
            items.append(_check_item(pattern, report, report_age, control.max_age_days))
        for pattern in control.ledger:
            items.append(_ledger_item(pattern, ledger, now, control.max_age_days))
        for kind in control.documents:
            items.append(_document_item(kind, documents.get(kind), now, control.max_age_days))
        out.append(ControlResult(control, tuple(items)))
    return Compliance(name, fw, tuple(out), now.isoformat(timespec="seconds"), dict(sources or {}))


def _check_item(pattern: str, report: Report | None, age: float | None, limit: int) -> Item:
    if report is None:
        return Item("check", pattern, MISSING, "no report: give --report report.json")
    matched = [r for r in report.results if fnmatch.fnmatchcase(r.check, pattern)]
    done = [r for r in matched if r.status in (Status.PASSED, Status.FAILED) and not r.partial]
    if not done:
        if not matched:
            why = f"the report holds no {pattern} result; run hauberk assess with that stage"
        else:
            why = "; ".join(
                f"{r.check} {r.status.value}: {r.reason or 'did not finish'}" for r in matched
            )
        return Item("check", pattern, MISSING, why)
    what = ", ".join(
        f"{r.check} {r.status.value}" + (f" ({len(r.findings)} findings)" if r.findings else "")
        for r in done
    )
    if age is None:
        return Item("check", pattern, STALE, f"{what}; the report records no creation time")
    if age > limit:
        return Item("check", pattern, STALE, f"{what}; report {age:.0f} days old > {limit}", age)
    return Item("check", pattern, COVERED, what, age)


def _ledger_item(
    pattern: str, ledger: Mapping[str, dt.datetime] | None, now: dt.datetime, limit: int
) -> Item:
    if ledger is None:
        return Item("ledger", pattern, MISSING, "no ledger: give --ledger ledger.db")
    hits = {k: t for k, t in ledger.items() if fnmatch.fnmatchcase(k, pattern)}
    if not hits:
        return Item("ledger", pattern, MISSING, f"no {pattern} entry in the ledger")
    kind, when = max(hits.items(), key=lambda kv: kv[1])
    age = _age(now, when)
    detail = f"newest {kind} at {when.isoformat(timespec='seconds')}"
    if age > limit:
        return Item("ledger", pattern, STALE, f"{detail}, {age:.0f} days old > {limit}", age)
    return Item("ledger", pattern, COVERED, detail, age)


def _document_item(kind: str, path: Path | None, now: dt.datetime, limit: int) -> Item:
    if path is None:
        return Item("document", kind, MISSING, f"give --document {kind}=PATH")
    if not path.is_file():
        raise InputError(f"--document {kind}={path}: no such file")
    when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    age = _age(now, when)
    if age > limit:
        return Item("document", kind, STALE, f"{path}: {age:.0f} days old > {limit}", age)
    return Item("document", kind, COVERED, str(path), age)


def parse_documents(specs: list[str]) -> dict[str, Path]:
    """``KIND=PATH`` pairs of ``--document``; a malformed one is a ``ConfigError``."""
    out: dict[str, Path] = {}
    for spec in specs:
        kind, eq, path = spec.partition("=")
        if not eq or not kind.strip() or not path.strip():
            raise ConfigError(f"--document {spec!r}: give KIND=PATH, e.g. dpia=dpia.md")
        out[kind.strip()] = Path(path.strip())
    return out


def render_text(result: Compliance) -> str:
    lines = [f"{result.framework.title} ({result.framework.source})"]
    for c in result.controls:
        lines.append(f"{c.status.upper():8} {c.control.id:14} {c.control.title}")
        for i in c.items:
            if i.status != COVERED:
                lines.append(f"{'':9}{i.status}: {i.kind} {i.wanted}: {i.detail}")
    counts = result.counts()
    lines.append(", ".join(f"{v} {k}" for k, v in counts.items()) + " controls")
    return "\n".join(lines) + "\n"
