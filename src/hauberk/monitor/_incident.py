"""Incident records kept in the ledger: open, note, act, verify, close, each a signed entry.

An incident is the ledger entry of kind ``incident.open``; its id is that entry's index. Every
later step is an entry whose body names the incident (``{"incident": 12, ...}``), so the
record of an incident is rebuilt from the ledger alone. ``incident list`` uses an index kept in
the ledger's metadata (:meth:`IncidentLog.index`): a cache of which entries belong to which
incident, checked entry by entry when read and extended by scanning only newer entries;
``--full`` rebuilds it from the whole log.

Evidence is cited by ledger index with the cited entry's leaf hash (an alert, an audit
record, an earlier step), or a report file is hashed and appended first as an
``assess.report`` entry (its SHA-256, its findings by rule and target, its check statuses).

Each entry this module writes is a signed entry of :mod:`hauberk.ledger._signed`: an
Ed25519 signature in its body says who wrote it (keys from ``hauberk keygen --type ed25519``).

Closing requires a verification: a report made after the incident opened, not already cited
in it, in which a check able to find the incident's rule ran to completion and found nothing
of that rule (see :func:`verification_problems`), and about the same subject as the reports
the incident was opened or noted with (:func:`report_subject`: the assessed target, or for a
monitoring report its reference), unless the close says the new subject ``replaces`` the old
one (a retrained model at a new path), which the verification records. A refused close is
recorded too (``incident.verify`` with ``"outcome": "refused"``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hauberk.core import ConfigError, InputError, Report
from hauberk.ledger import Entry, Ledger, SignatureCheck, Signer, check_signature

OPEN = "incident.open"
NOTE = "incident.note"
ACT = "incident.act"
VERIFY = "incident.verify"
CLOSE = "incident.close"
REPORT = "assess.report"
STEP_KINDS = (NOTE, ACT, VERIFY, CLOSE)
#: Largest report file hashed and summarised as evidence.
MAX_REPORT_BYTES = 512 * 1024 * 1024
MAX_TEXT = 4000
MAX_LISTED = 200  # findings and results copied into an evidence entry
_CHUNK = 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MODEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
#: Key of the incident index in the ledger's metadata.
INDEX_KEY = "incident_index"
log = logging.getLogger("hauberk.monitor")


@dataclass(frozen=True)
class Step:
    """One ledger entry of an incident, with its signature check."""

    index: int
    kind: str
    timestamp: str
    principal: str
    body: Mapping[str, Any]
    signature: SignatureCheck

    def to_dict(self) -> dict[str, Any]:
        body = {k: v for k, v in self.body.items() if k != "signature"}
        return {
            "ledger": self.index,
            "kind": self.kind,
            "timestamp": self.timestamp,
            "principal": self.principal,
            "signed_by": self.signature.key_id,
            "signature_ok": self.signature.ok,
            **({"signature_problem": self.signature.reason} if not self.signature.ok else {}),
            "body": body,
        }


@dataclass
class Incident:
    """An incident as rebuilt from the ledger."""

    id: int
    opened: Step
    steps: list[Step] = field(default_factory=list)

    @property
    def rule(self) -> str | None:
        value = self.opened.body.get("rule")
        return str(value) if value else None

    @property
    def alert(self) -> str | None:
        value = self.opened.body.get("alert")
        return str(value) if value else None

    @property
    def trigger(self) -> str:
        return self.rule or f"alert:{self.alert}"

    @property
    def title(self) -> str:
        return str(self.opened.body.get("title", ""))

    @property
    def closed(self) -> Step | None:
        return next((s for s in self.steps if s.kind == CLOSE), None)

    @property
    def status(self) -> str:
        return "closed" if self.closed is not None else "open"

    @property
    def actions(self) -> list[Step]:
        return [s for s in self.steps if s.kind == ACT]

    def every_step(self) -> list[Step]:
        return [self.opened, *self.steps]

    def evidence_digests(self) -> set[str]:
        out = set()
        for step in self.every_step():
            for ref in step.body.get("evidence", ()) or ():
                if isinstance(ref, dict) and ref.get("sha256"):
                    out.add(str(ref["sha256"]))
        return out

    def signatures_ok(self) -> bool:
        return all(s.signature.ok for s in self.every_step())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "trigger": self.trigger,
            "rule": self.rule,
            "alert": self.alert,
            "title": self.title,
            "opened": self.opened.timestamp,
            "closed": self.closed.timestamp if self.closed else None,
            "signatures_ok": self.signatures_ok(),
            "steps": [s.to_dict() for s in self.every_step()],
        }


def _rows(ledger: Ledger, start: int = 0, end: int | None = None) -> Iterator[tuple[int, Entry]]:
    """Incident entries from ``start`` on; other kinds (a gateway's audit records sharing the
    ledger) are skipped on their kind column, without parsing their bodies."""
    end = ledger.head().size if end is None else end
    wanted = (OPEN, *STEP_KINDS)
    for low in range(start, end, _CHUNK):
        for row in ledger.store.read_entries(low, min(end, low + _CHUNK)):
            if row.kind in wanted:
                yield row.index, row.entry()


def report_subject(report: Report) -> str:
    """What a report is about, for matching a verification to its incident: a monitoring
    report's reference (the current batch changes from run to run; the baseline it is judged
    against does not), by digest when it is a file; otherwise the assessed target's name."""
    target = report.target
    reference = target.get("reference")
    if isinstance(reference, dict) and (reference.get("sha256") or reference.get("path")):
        if reference.get("sha256"):
            return f"reference sha256:{reference['sha256']}"
        return f"reference {reference['path']}"
    return str(target.get("name", ""))[:MAX_TEXT]


def report_summary(path: Path) -> tuple[Report, str, dict[str, Any]]:
    """Read and validate a report file; its SHA-256 and the summary an evidence entry holds."""
    from hauberk.core import read_report

    path = Path(path)
    if not path.is_file():
        raise InputError(f"report file {path} does not exist; give a report.json")
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise InputError(f"report file {path} is larger than {MAX_REPORT_BYTES} bytes")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    report = read_report(path)
    findings = report.findings
    summary = {
        "sha256": digest,
        "file": path.name,
        "created": report.created,
        "tool": dict(report.tool),
        "target": str(report.target.get("name", "")),
        "subject": report_subject(report),
        "complete": not any(r.unfinished for r in report.results),
        "results": [
            {"check": r.check, "status": r.status.value, "partial": r.partial}
            for r in report.results[:MAX_LISTED]
        ],
        "artifacts": _artifact_digests(report),
        "findings_total": len(findings),
        "findings": [
            {"id": f.id, "severity": f.severity.label, "target": f.target[:200]}
            for f in findings[:MAX_LISTED]
        ],
    }
    return report, digest, summary


def _artifact_digests(report: Report) -> list[str]:
    """The SHA-256s of the files the report assessed (its ``environment.artifacts``)."""
    artifacts = report.environment.get("artifacts")
    if not isinstance(artifacts, dict):
        return []
    found = {v for v in artifacts.values() if isinstance(v, str) and SHA256.match(v)}
    return sorted(found)[:MAX_LISTED]


def _subject(models: Sequence[str], digests: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in models:
        if not isinstance(name, str) or not MODEL.match(name):
            raise InputError(
                f"model {name!r:.60} must be a registry model name (letters, digits, '.', '_', '-')"
            )
    for digest in digests:
        if not isinstance(digest, str) or not SHA256.match(digest):
            raise InputError(f"sha256 {digest!r:.70} must be 64 lower-case hex digits")
    if models:
        out["models"] = sorted(set(models))
    if digests:
        out["sha256"] = sorted(set(digests))
    return out


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def verification_problems(
    incident: Incident,
    report: Report,
    digest: str,
    *,
    rules: Iterable[str],
    checks: Iterable[str],
    subjects: Iterable[str] = (),
    replaces: bool = False,
) -> list[str]:
    """Why ``report`` does not show the incident resolved (empty list: it does).

    ``subjects`` are what the incident's own evidence reports were about: a report about
    anything else verifies nothing, unless ``replaces`` says its subject took their place.

    ``rules`` are the finding ids that must be absent (the incident's rule, or those its alert
    kind's playbook names); ``checks`` the checks that can find them, of which at least one
    must have run to completion in ``report``. Fail closed: a report that could not have seen
    the problem does not verify that it is gone.
    """
    problems: list[str] = []
    rules, checks = sorted(set(rules)), sorted(set(checks))
    if not rules:
        problems.append(
            f"the playbook for {incident.trigger} names no finding rule to verify against; "
            'add verify_rules = ["HB-..."] to it'
        )
    if not checks:
        problems.append(
            f"no check is known to find {', '.join(rules) or incident.trigger}; add "
            'verify = ["<check name>"] to its playbook'
        )
    created = _parse_time(report.created) if report.created else None
    opened = _parse_time(incident.opened.timestamp)
    if created is None or opened is None:
        problems.append("the report has no creation time, so it cannot be shown to be new")
    elif created < opened.replace(microsecond=0):
        problems.append(
            f"the report was made at {report.created}, before the incident opened at "
            f"{incident.opened.timestamp}; run the assessment again"
        )
    known = sorted(set(subjects))
    subject = report_subject(report)
    if known and subject not in known and not replaces:
        problems.append(
            f"the report is about {subject!r}, the incident about {', '.join(map(repr, known))}; "
            "verify with a report on the same target, or say that it replaced it "
            "(incident close --replaces, recorded)"
        )
    if digest in incident.evidence_digests():
        problems.append(f"this report ({digest[:12]}) is already evidence in the incident")
    found = sorted({f"{f.id} on {f.target}" for f in report.findings if f.id in rules})
    if found:
        shown = "; ".join(found[:5]) + (" ..." if len(found) > 5 else "")
        problems.append(f"the report still has {len(found)} finding(s) of the rule: {shown}")
    ran = [r for r in report.results if r.check in checks]
    finished = [r for r in ran if not r.unfinished and r.status.value in ("passed", "failed")]
    if checks and not finished:
        states = ", ".join(f"{r.check} {r.status.value}" for r in ran) or "none of them ran"
        problems.append(
            f"no check able to find it ({', '.join(checks)}) ran to completion in the report "
            f"({states}); an unfinished check cannot show the problem is gone"
        )
    return problems


class IncidentLog:
    """Incidents on a ledger: writes signed steps, rebuilds incidents by scanning."""

    def __init__(self, ledger: Ledger, signer: Signer | None = None) -> None:
        self.ledger = ledger
        self.signer = signer

    # -- writing -------------------------------------------------------------------------------

    def _append(self, kind: str, body: Mapping[str, Any]) -> int:
        if self.signer is None:
            raise ConfigError(
                "writing an incident step needs a signing key: --key KEY.pem (an Ed25519 key "
                "from `hauberk keygen --type ed25519`)"
            )
        index = self.ledger.append(self.signer.entry(kind, body))
        if kind == OPEN or kind in STEP_KINDS:
            self.index()  # extend the index over what was appended since it was saved
        return index

    def append(self, kind: str, body: Mapping[str, Any]) -> int:
        """Append a signed entry of any kind (actions' own records, like data.quarantine)."""
        return self._append(kind, body)

    def cite(self, index: int) -> dict[str, Any]:
        """Evidence reference to ledger entry ``index``: its kind and leaf hash."""
        if not isinstance(index, int) or index < 0:
            raise InputError(f"evidence {index!r} must be a ledger index (an integer >= 0)")
        entry = self.ledger.entry(index)
        ref: dict[str, Any] = {
            "ledger": index,
            "kind": entry.kind,
            "leaf_hash": entry.leaf_hash().hex(),
        }
        body = entry.body
        if entry.kind == REPORT and isinstance(body, dict) and body.get("sha256"):
            ref["sha256"] = body["sha256"]
        return ref

    def add_report(self, path: Path, incident: int | None = None) -> dict[str, Any]:
        """Hash ``path``, append its summary as an ``assess.report`` entry, cite it."""
        _, _, summary = report_summary(path)
        index = self._append(REPORT, {**summary, "incident": incident})
        return self.cite(index)

    def _evidence(
        self, evidence: Sequence[int], reports: Sequence[Path], incident: int | None
    ) -> list[dict[str, Any]]:
        refs = [self.cite(i) for i in evidence]
        refs += [self.add_report(p, incident) for p in reports]
        return refs

    def open(
        self,
        *,
        rule: str | None = None,
        alert: str | None = None,
        title: str = "",
        severity: str | None = None,
        evidence: Sequence[int] = (),
        reports: Sequence[Path] = (),
        playbook: Mapping[str, Any] | None = None,
        models: Sequence[str] = (),
        digests: Sequence[str] = (),
    ) -> int:
        """Open an incident for a finding ``rule`` or an ``alert`` kind; return its id.

        ``models`` (registry model names) and ``digests`` (model SHA-256s) say what the
        incident is about: the registry's incident gate blocks only those (an incident that
        names nothing, and whose evidence reports name no assessed file, blocks every model).
        """
        if (rule is None) == (alert is None):
            raise ConfigError("an incident is opened for one finding rule or one alert kind")
        subject = _subject(models, digests)
        refs = self._evidence(evidence, reports, None)
        if not refs:
            raise ConfigError(
                "an incident needs evidence: --evidence LEDGER-INDEX (an alert, an audit "
                "record) or --report report.json"
            )
        body: dict[str, Any] = {
            "rule": rule,
            "alert": alert,
            "title": title[:MAX_TEXT],
            "severity": severity,
            "evidence": refs,
            "playbook": dict(playbook or {}),
        }
        if subject:
            body["subject"] = subject
        return self._append(OPEN, body)

    def note(
        self,
        incident: int,
        text: str,
        *,
        evidence: Sequence[int] = (),
        reports: Sequence[Path] = (),
    ) -> int:
        self.get(incident)
        refs = self._evidence(evidence, reports, incident)
        return self._append(NOTE, {"incident": incident, "text": text[:MAX_TEXT], "evidence": refs})

    def record_action(
        self,
        incident: int,
        action: str,
        *,
        outcome: str,
        params: Mapping[str, Any],
        detail: Mapping[str, Any],
        evidence: Sequence[Mapping[str, Any]] = (),
        in_playbook: bool = True,
    ) -> int:
        return self._append(
            ACT,
            {
                "incident": incident,
                "action": action,
                "outcome": outcome,
                "in_playbook": in_playbook,
                "params": dict(params),
                "detail": dict(detail),
                "evidence": [dict(e) for e in evidence],
            },
        )

    def close(
        self,
        incident: int,
        report: Path,
        *,
        rules: Iterable[str],
        checks: Iterable[str],
        note: str = "",
        replaces: bool = False,
    ) -> tuple[int, list[str]]:
        """Verify with ``report``; close when it shows the problem gone. Returns the index of
        the close entry (or of the refused verification) and the problems (empty: closed).
        ``replaces``: the report's subject replaced the incident's (recorded in the entry)."""
        found = self.get(incident)
        if found.closed is not None:
            raise InputError(f"incident {incident} was closed at {found.closed.timestamp}")
        parsed, digest, _ = report_summary(report)
        subjects = self.subjects(found)
        problems = verification_problems(
            found, parsed, digest, rules=rules, checks=checks, subjects=subjects,
            replaces=replaces,
        )  # fmt: skip
        ref = self.add_report(report, incident)
        verdict: dict[str, Any] = {
            "incident": incident,
            "outcome": "refused" if problems else "verified",
            "problems": problems,
            "rules": sorted(set(rules)),
            "checks": sorted(set(checks)),
            "subject": report_subject(parsed),
            "evidence": [ref],
        }
        if replaces and subjects and report_subject(parsed) not in subjects:
            verdict["replaces"] = sorted(subjects)
        index = self._append(VERIFY, verdict)
        if problems:
            return index, problems
        body = {
            "incident": incident,
            "text": note[:MAX_TEXT],
            "verification": index,
            "evidence": [ref, self.cite(index)],
        }
        closing = self._append(CLOSE, body)
        # The ledger orders appends but has no conditional append: two closes racing past the
        # check above both land. The first close entry is the one every reader uses, so the
        # later one is told it lost instead of reporting success.
        first = self.get(incident).closed
        if first is not None and first.index != closing:
            raise InputError(
                f"incident {incident} was closed concurrently at ledger entry {first.index}; "
                f"this close (entry {closing}) has no effect"
            )
        return closing, []

    # -- reading -------------------------------------------------------------------------------

    def _step(self, index: int, entry: Entry, trusted: Sequence[Ed25519PublicKey]) -> Step:
        body = entry.body
        return Step(
            index=index,
            kind=entry.kind,
            timestamp=entry.timestamp,
            principal=entry.principal,
            body=body if isinstance(body, dict) else {},
            signature=check_signature(entry, trusted),
        )

    def get(self, incident: int, trusted: Sequence[Ed25519PublicKey] = ()) -> Incident:
        """The incident opened at ledger index ``incident``, with every later step."""
        size = self.ledger.head().size
        if not isinstance(incident, int) or not 0 <= incident < size:
            raise InputError(f"no incident {incident}: the ledger has {size} entries")
        entry = self.ledger.entry(incident)
        if entry.kind != OPEN:
            raise InputError(
                f"ledger entry {incident} is a {entry.kind!r}, not an incident; "
                "`hauberk incident list` shows incident ids"
            )
        found = Incident(incident, self._step(incident, entry, trusted))
        for index, row in _rows(self.ledger, incident + 1):
            if row.kind in STEP_KINDS:
                body = row.body
                if isinstance(body, dict) and body.get("incident") == incident:
                    found.steps.append(self._step(index, row, trusted))
        return found

    def all(
        self, trusted: Sequence[Ed25519PublicKey] = (), *, full: bool = False
    ) -> list[Incident]:
        """Every incident in the ledger, oldest first.

        With the incident index (see :meth:`index`) only the entries after the indexed ones
        are scanned, and each indexed entry is read back and checked (its kind, the incident
        it names); an index that does not hold is ignored and rebuilt. ``full`` scans the
        whole log (the authority: the index is a cache outside the Merkle tree)."""
        members, _ = self.index(full=full)
        incidents: dict[int, Incident] = {}
        for opened, steps in members.items():
            rows = self._read(opened, steps)
            if rows is None:  # the index does not match the log: scan it all
                log.warning("the incident index does not match the ledger; rebuilding it")
                if full:
                    raise InputError("the ledger changed while its incidents were read; retry")
                return self.all(trusted, full=True)
            (first, entry), *rest = rows
            found = Incident(first, self._step(first, entry, trusted))
            found.steps.extend(self._step(i, e, trusted) for i, e in rest)
            incidents[opened] = found
        return [incidents[k] for k in sorted(incidents)]

    def _read(self, opened: int, steps: Sequence[int]) -> list[tuple[int, Entry]] | None:
        """The indexed entries of one incident, or None when one is not what it should be."""
        out = []
        for index in (opened, *steps):
            rows = self.ledger.store.read_entries(index, index + 1)
            if not rows:
                return None
            entry = rows[0].entry()
            if index == opened:
                if entry.kind != OPEN:
                    return None
            else:
                body = entry.body
                if entry.kind not in STEP_KINDS or not isinstance(body, dict):
                    return None
                if body.get("incident") != opened:
                    return None
            out.append((index, entry))
        return out

    def index(self, *, full: bool = False) -> tuple[dict[int, list[int]], int]:
        """The incident index: each incident id (its ``incident.open`` entry) with its steps'
        ledger indices, and how many entries it covers. Kept in the ledger's metadata
        (``incident_index``), not in the tree: it is extended by scanning only the entries
        after the ones it covers, and saved when the ledger is open for writing (every
        incident command that writes does). Its last covered entry's leaf hash is checked
        before it is used; ``full`` (or a stale or unreadable index) rebuilds it from the
        whole log."""
        end = self.ledger.head().size
        members: dict[int, list[int]] = {}
        start = 0
        if not full:
            cached = self._load_index(end)
            if cached is not None:
                members, start = cached
        for index, entry in _rows(self.ledger, start, end):
            if entry.kind == OPEN:
                members[index] = []
            else:
                body = entry.body
                owner = body.get("incident") if isinstance(body, dict) else None
                if isinstance(owner, int) and owner in members:
                    members[owner].append(index)
        if start != end or full:
            self._save_index(members, end)
        return members, end

    def _load_index(self, end: int) -> tuple[dict[int, list[int]], int] | None:
        try:
            raw = self.ledger.store.meta(INDEX_KEY)
            if raw is None:
                return None
            data = json.loads(raw)
            size = int(data["size"])
            if not 0 < size <= end or data.get("version") != 1:
                return None
            rows = self.ledger.store.read_entries(size - 1, size)
            if not rows or rows[0].entry().leaf_hash().hex() != data["last"]:
                return None
            members = {int(k): [int(i) for i in v] for k, v in data["incidents"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return members, size

    def _save_index(self, members: Mapping[int, list[int]], size: int) -> None:
        if size == 0:
            return
        last = self.ledger.store.read_entries(size - 1, size)[0].entry().leaf_hash().hex()
        data = {"version": 1, "size": size, "last": last,
                "incidents": {str(k): v for k, v in members.items()}}  # fmt: skip
        try:
            self.ledger.store.set_meta({INDEX_KEY: json.dumps(data, separators=(",", ":"))})
        except InputError:  # open read-only: the index is used, not extended on disk
            return

    def subjects(self, incident: Incident) -> set[str]:
        """What the reports cited when the incident was opened or noted were about (reports
        cited by a verification do not count: one of them may be the unrelated one). Reports
        summarised before subjects were recorded give none, and then nothing is checked."""
        out = set()
        for step in incident.every_step():
            if step.kind not in (OPEN, NOTE):
                continue
            for ref in step.body.get("evidence", ()) or ():
                if not isinstance(ref, dict) or ref.get("kind") != REPORT:
                    continue
                try:
                    body = self.ledger.entry(int(ref["ledger"])).body
                except (InputError, KeyError, TypeError, ValueError):
                    continue  # evidence_intact names missing entries
                if isinstance(body, dict) and isinstance(body.get("subject"), str):
                    out.add(body["subject"])
        return out

    def evidence_intact(self, incident: Incident) -> list[str]:
        """Cited entries whose leaf hash no longer matches what the incident recorded."""
        problems = []
        for step in incident.every_step():
            for ref in step.body.get("evidence", ()) or ():
                if not isinstance(ref, dict) or not isinstance(ref.get("ledger"), int):
                    continue
                try:
                    now = self.ledger.entry(ref["ledger"]).leaf_hash().hex()
                except InputError:
                    problems.append(f"evidence entry {ref['ledger']} is missing")
                    continue
                if now != ref.get("leaf_hash"):
                    problems.append(f"evidence entry {ref['ledger']} changed since it was cited")
        return problems
