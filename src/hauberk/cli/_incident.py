"""``hauberk incident open | note | act | close | show | list``: incident records in the ledger.

Every step is a signed ledger entry (Ed25519 key from ``hauberk keygen --type ed25519``,
``--key`` or ``HAUBERK_INCIDENT_KEY``; its password from ``HAUBERK_KEY_PASSWORD``). The
ledger is ``--ledger`` or ``HAUBERK_LEDGER``. Exit codes: 0 done; 1 an action failed (it is
recorded), a close was refused because the verification report does not show the problem
gone (recorded too), or ``show`` found a bad signature or changed evidence; 2 usage or input
error (nothing written).
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from hauberk.ledger import Ledger
    from hauberk.monitor import Incident, IncidentLog, Playbooks

PASSWORD_ENV = "HAUBERK_KEY_PASSWORD"  # noqa: S105 - a variable name, not a secret

incident_app = typer.Typer(
    help="Incident records in the ledger: open, note, act (playbook actions), close (verified).",
    no_args_is_help=True,
)

LedgerOpt = Annotated[
    str,
    typer.Option("--ledger", envvar="HAUBERK_LEDGER", help="Ledger: SQLite path or URL."),
]
KeyOpt = Annotated[
    Path,
    typer.Option(
        "--key",
        envvar="HAUBERK_INCIDENT_KEY",
        help="Ed25519 private key PEM that signs each step (hauberk keygen --type ed25519).",
    ),
]
TrustOpt = Annotated[
    list[Path] | None,
    typer.Option("--trust", help="Public key PEM whose signatures are trusted (repeatable)."),
]
PrincipalOpt = Annotated[
    str | None, typer.Option(help="Who records the step (default: the OS user).")
]
PlaybooksOpt = Annotated[
    Path | None,
    typer.Option(
        "--playbooks",
        envvar="HAUBERK_PLAYBOOKS",
        help="Your playbooks TOML, laid over the shipped one.",
    ),
]
EvidenceOpt = Annotated[
    list[int] | None,
    typer.Option("--evidence", help="Ledger index of an alert, audit record... (repeatable)."),
]
ReportOpt = Annotated[
    list[Path] | None,
    typer.Option("--report", help="report.json to hash and append as evidence (repeatable)."),
]
IdArg = Annotated[int, typer.Argument(metavar="ID", help="Incident id (ledger index).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]


def _principal(value: str | None) -> str:
    if value:
        return value
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _exists(db: str) -> None:
    from hauberk.core import ConfigError

    if "://" not in db and not Path(db).is_file():
        raise ConfigError(f"ledger {db} does not exist; create it with `hauberk ledger init {db}`")


def _open_ledger(db: str, *, read_only: bool = False) -> Ledger:
    from hauberk.ledger import open_ledger

    _exists(db)
    return open_ledger(db, read_only=read_only)


def _log(ledger: Ledger, key: Path | None, principal: str | None) -> IncidentLog:
    from hauberk.ledger import load_private_key
    from hauberk.monitor import IncidentLog, Signer

    if key is None:
        return IncidentLog(ledger)
    password = os.environ.get(PASSWORD_ENV)
    private = load_private_key(key, password=password.encode() if password else None)
    if principal is None and ledger.policy is not None:  # the name the role policy gives it
        owner = ledger.policy.owner(Signer(private, principal="-").public_raw)
        principal = owner.name if owner is not None else None
    return IncidentLog(ledger, Signer(private, principal=_principal(principal)))


def _trusted(paths: list[Path] | None) -> list[Any]:
    from hauberk.ledger import load_public_key

    return [load_public_key(p) for p in paths or []]


def _emit(text: str, output: Path | None, quiet: bool = False) -> None:
    if output is not None:
        from hauberk.core import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    elif not quiet:
        typer.echo(text)


def _infer_trigger(
    log: IncidentLog, evidence: list[int], reports: list[Path]
) -> tuple[str | None, str | None]:
    """An alert among the evidence (entry kind ``alert``, ``alert.*`` or ``*.alert``) gives
    its finding rule (body ``rule``) or kind (body ``monitor``, ``kind`` or ``name``); else a
    report's worst finding gives its rule."""
    for index in evidence:
        entry = log.ledger.entry(index)
        body = entry.body if isinstance(entry.body, dict) else {}
        if not (entry.kind == "alert" or entry.kind.startswith("alert.")
                or entry.kind.endswith(".alert")):  # fmt: skip
            continue
        if isinstance(body.get("rule"), str) and body["rule"].startswith("HB-"):
            return body["rule"], None
        for field in ("monitor", "kind", "name"):
            if isinstance(body.get(field), str) and body[field]:
                return None, body[field]
        return None, entry.kind.removeprefix("alert.").removesuffix(".alert")
    from hauberk.monitor import report_summary

    for path in reports:
        report, _, _ = report_summary(path)
        if report.findings:
            return report.findings[0].id, None
    return None, None


@incident_app.command("open")
def open_command(
    ledger: LedgerOpt,
    key: KeyOpt,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Finding rule id, like HB-MON-FEATURE-DRIFT.")
    ] = None,
    alert: Annotated[
        str | None, typer.Option("--alert", help="Alert kind, like prada or drift.")
    ] = None,
    title: Annotated[str, typer.Option("--title", help="One line saying what happened.")] = "",
    evidence: EvidenceOpt = None,
    report: ReportOpt = None,
    principal: PrincipalOpt = None,
    playbooks: PlaybooksOpt = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            help="Registry model the incident is about (repeatable): the promotion gate "
            "blocks only the models an incident names.",
        ),
    ] = None,
    sha256: Annotated[
        list[str] | None,
        typer.Option("--sha256", help="SHA-256 of the model file it is about (repeatable)."),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Open an incident for a finding rule or an alert kind, citing its evidence; print its id.

    Without --rule or --alert, an alert among the evidence gives its kind, else the worst
    finding of a --report gives its rule. An incident that names no --model, no --sha256 and
    no report with assessed files blocks every promotion gated on open incidents."""
    from hauberk.core import ConfigError
    from hauberk.monitor import load_playbooks

    books = load_playbooks(playbooks)
    evidence, report = list(evidence or []), list(report or [])
    with _open_ledger(ledger) as db:
        log = _log(db, key, principal)
        if rule is None and alert is None:
            rule, alert = _infer_trigger(log, evidence, report)
            if rule is None and alert is None:
                raise ConfigError(
                    "say what opened the incident: --rule HB-... or --alert KIND (the "
                    "evidence holds no alert and no report with a finding)"
                )
        book = books.for_trigger(rule, alert)
        incident = log.open(
            rule=rule,
            alert=alert,
            title=title,
            evidence=evidence,
            reports=report,
            playbook={
                "summary": book.summary,
                "actions": list(book.actions),
                "source": books.source,
            },
            models=list(model or []),
            digests=list(sha256 or []),
        )
    _emit(str(incident), None, quiet)
    if not quiet:
        trigger = rule or f"alert:{alert}"
        print(
            f"incident {incident} opened for {trigger}; playbook: {book.summary}", file=sys.stderr
        )
        print(f"  actions: {', '.join(book.actions)}", file=sys.stderr)


@incident_app.command("note")
def note_command(
    incident: IdArg,
    text: Annotated[str, typer.Argument(help="The note.")],
    ledger: LedgerOpt,
    key: KeyOpt,
    evidence: EvidenceOpt = None,
    report: ReportOpt = None,
    principal: PrincipalOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Add a note (and evidence) to an incident; print the entry's ledger index."""
    with _open_ledger(ledger) as db:
        index = _log(db, key, principal).note(
            incident, text, evidence=list(evidence or []), reports=list(report or [])
        )
    _emit(str(index), None, quiet)


def _revoke_in_store(store: Path, key_id: str) -> dict[str, Any]:
    from hauberk.gateway import KeyStore

    record = KeyStore(store).revoke(key_id)
    return {"id": record.id, "revoked": record.revoked}


def _read_manifest(path: Path) -> dict[str, Any]:
    from hauberk.data import load_manifest

    found = load_manifest(path)
    return {"manifest": found.id, "dataset": found.dataset, "root_digest": found.root_digest}


@incident_app.command("act")
def act_command(
    incident: IdArg,
    action: Annotated[
        str,
        typer.Argument(help="rollback, revoke-key, quarantine, retrain or reassess."),
    ],
    ledger: LedgerOpt,
    key: KeyOpt,
    gateway: Annotated[
        str | None, typer.Option("--gateway", help="URL of the running hauberk serve.")
    ] = None,
    admin_key_env: Annotated[
        str,
        typer.Option("--admin-key-env", help="Variable holding the gateway's admin key."),
    ] = "HAUBERK_ADMIN_KEY",
    to: Annotated[
        str | None, typer.Option("--to", help="rollback: switch to this version instead.")
    ] = None,
    key_id: Annotated[
        str | None,
        typer.Option("--key-id", help="revoke-key: the key id (default: the alert's principal)."),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option("--store", help="revoke-key: revoke in this key store file, not over HTTP."),
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="quarantine: the data manifest file.")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="quarantine: why (default: the incident).")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="reassess: the assess.toml to run.")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", help="reassess: folder for the new report.json."),
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="reassess: seconds [default: 3600].")
    ] = None,
    off_playbook: Annotated[
        bool,
        typer.Option("--off-playbook", help="Run an action the playbook does not list."),
    ] = False,
    principal: PrincipalOpt = None,
    playbooks: PlaybooksOpt = None,
    fmt: FormatOpt = Format.text,
    quiet: QuietOpt = False,
) -> None:
    """Run one playbook action against the real component and record it (exit 1 if it failed)."""
    from hauberk.core import ConfigError, InputError
    from hauberk.monitor import ACTIONS, ActionContext, load_playbooks

    if action not in ACTIONS:
        raise ConfigError(f"unknown action {action!r}; actions: {', '.join(ACTIONS)}")
    books = load_playbooks(playbooks)
    params = {
        "gateway": gateway,
        "admin_key_env": admin_key_env,
        "to": to,
        "key_id": key_id,
        "store": str(store) if store else None,
        "manifest": str(manifest) if manifest else None,
        "reason": reason,
        "config": str(config) if config else None,
        "output_dir": str(output_dir) if output_dir else None,
        "timeout": timeout,
    }
    with _open_ledger(ledger) as db:
        log = _log(db, key, principal)
        found = log.get(incident)
        if found.closed is not None:
            raise InputError(f"incident {incident} is closed; open a new one")
        book = books.for_trigger(found.rule, found.alert)
        listed = action in book.actions
        if not listed and not off_playbook:
            raise ConfigError(
                f"the playbook for {found.trigger} lists {', '.join(book.actions)}, not "
                f"{action}; pass --off-playbook to run it anyway (recorded as such)"
            )
        ctx = ActionContext(
            found, log, books, params,
            revoke_in_store=_revoke_in_store, read_manifest=_read_manifest,
        )  # fmt: skip
        outcome = ACTIONS[action].run(ctx)
        index = log.record_action(
            incident,
            action,
            outcome="ok" if outcome.ok else "failed",
            params=outcome.params,
            detail=outcome.detail,
            evidence=outcome.evidence,
            in_playbook=listed,
        )
    result = {
        "incident": incident,
        "action": action,
        "ok": outcome.ok,
        "ledger": index,
        "detail": outcome.detail,
    }
    if fmt is Format.json:
        _emit(json.dumps(result, indent=2, sort_keys=True), None, quiet)
    elif outcome.ok:
        _emit(f"{action}: ok (ledger entry {index})", None, quiet)
    if not outcome.ok:
        reason = outcome.detail.get("error", "failed")
        print(
            f"hauberk incident act: {action} failed: {reason} (recorded at ledger entry {index})",
            file=sys.stderr,
        )
        raise typer.Exit(1)


def _checks_of_rules() -> dict[str, list[str]]:
    from hauberk.core import default_registry

    by_rule: dict[str, list[str]] = {}
    registry = default_registry()
    for check in registry.checks():
        for r in check.rules:
            by_rule.setdefault(r.id, []).append(check.name)
    return by_rule


@incident_app.command("close")
def close_command(
    incident: IdArg,
    ledger: LedgerOpt,
    key: KeyOpt,
    report: Annotated[
        Path,
        typer.Option(
            "--report",
            help="The verification: a new assess (or monitor) report.json made after the "
            "incident opened.",
        ),
    ],
    note: Annotated[str, typer.Option("--note", help="Closing note.")] = "",
    replaces: Annotated[
        bool,
        typer.Option(
            "--replaces",
            help="The report's target replaced the incident's (a retrained model at a new "
            "path, a new reference); recorded in the verification.",
        ),
    ] = False,
    principal: PrincipalOpt = None,
    playbooks: PlaybooksOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Close an incident once a new report about the same target shows no finding of the
    rule or alert kind that opened it (a check able to find it ran to completion); else
    refuse, exit 1."""
    from hauberk.monitor import load_playbooks

    books = load_playbooks(playbooks)
    with _open_ledger(ledger) as db:
        log = _log(db, key, principal)
        found = log.get(incident)
        rules, checks = books.verification(found.rule, found.alert, _checks_of_rules())
        index, problems = log.close(
            incident, report, rules=rules, checks=checks, note=note, replaces=replaces
        )
    if problems:
        print(
            f"hauberk incident close: refused: {report} does not verify incident {incident}:",
            file=sys.stderr,
        )
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        print(f"  (the refused verification is recorded at ledger entry {index})", file=sys.stderr)
        raise typer.Exit(1)
    _emit(f"incident {incident} closed (ledger entry {index})", None, quiet)


def _text(found: Incident, books: Playbooks, problems: list[str]) -> str:
    book = books.for_trigger(found.rule, found.alert)
    lines = [
        f"incident {found.id} [{found.status}] {found.trigger}: {found.title}".rstrip(": "),
        f"  playbook: {book.summary}",
    ]
    done = {s.body.get("action") for s in found.actions if s.body.get("outcome") == "ok"}
    lines.append(
        "  actions: " + ", ".join(f"{a} [{'done' if a in done else 'todo'}]" for a in book.actions)
    )
    for step in found.every_step():
        body = step.body
        what = {
            "incident.open": lambda b: f"opened, evidence {_refs(b)}",
            "incident.note": lambda b: f"note: {b.get('text', '')} {_refs(b)}".rstrip(),
            "incident.act": lambda b: (
                f"{b.get('action')} {b.get('outcome')}"
                + (f": {b['detail'].get('error')}" if b.get("outcome") != "ok" else "")
            ),
            "incident.verify": lambda b: (
                f"verification {b.get('outcome')}"
                + "".join(f"\n      - {p}" for p in b.get("problems", []))
            ),
            "incident.close": lambda b: f"closed {b.get('text', '')}".rstrip(),
        }[step.kind](body)
        sig = (
            f"signed {step.signature.key_id}"
            if step.signature.ok
            else (f"SIGNATURE {step.signature.reason}")
        )
        lines.append(f"  #{step.index} {step.timestamp} {step.principal} ({sig}): {what}")
    lines += [f"  PROBLEM {p}" for p in problems]
    return "\n".join(lines)


def _refs(body: Any) -> str:
    refs = body.get("evidence", []) or []
    parts = []
    for r in refs:
        extra = f" sha256 {str(r['sha256'])[:12]}" if r.get("sha256") else ""
        parts.append(f"#{r.get('ledger')} {r.get('kind')}{extra}")
    return "[" + ", ".join(parts) + "]" if parts else ""


@incident_app.command("show")
def show_command(
    incident: IdArg,
    ledger: LedgerOpt,
    trust: TrustOpt = None,
    playbooks: PlaybooksOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Print an incident and its steps; check every signature and cited entry (exit 1 if one
    does not verify)."""
    from hauberk.monitor import IncidentLog, load_playbooks

    books = load_playbooks(playbooks)
    with _open_ledger(ledger, read_only=True) as db:
        log = IncidentLog(db)
        found = log.get(incident, _trusted(trust))
        problems = [
            f"entry {s.index}: {s.signature.reason}"
            for s in found.every_step()
            if not s.signature.ok
        ] + log.evidence_intact(found)
    if fmt is Format.json:
        _emit(json.dumps({**found.to_dict(), "problems": problems}, indent=2), output)
    else:
        _emit(_text(found, books, problems), output)
    if problems:
        raise typer.Exit(1)


@incident_app.command("list")
def list_command(
    ledger: LedgerOpt,
    status: Annotated[
        str | None, typer.Option("--status", help="Only open or closed incidents.")
    ] = None,
    trust: TrustOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Scan the whole ledger instead of trusting the incident index."
        ),
    ] = False,
) -> None:
    """List incidents: from the incident index, and a scan of the entries written after it."""
    from hauberk.core import ConfigError
    from hauberk.monitor import IncidentLog

    if status not in (None, "open", "closed"):
        raise ConfigError(f"--status is open or closed, not {status!r}")
    with _open_ledger(ledger, read_only=True) as db:
        incidents = IncidentLog(db).all(_trusted(trust), full=full)
        found = [i for i in incidents if status in (None, i.status)]
    if fmt is Format.json:
        rows = [
            {k: v for k, v in i.to_dict().items() if k != "steps"} | {"steps": len(i.steps)}
            for i in found
        ]
        _emit(json.dumps(rows, indent=2), output)
        return
    lines = [f"{'id':>6}  {'status':6}  {'opened':27}  {'steps':>5}  trigger"]
    for i in found:
        sig = "" if i.signatures_ok() else "  (BAD SIGNATURE)"
        lines.append(
            f"{i.id:>6}  {i.status:6}  {i.opened.timestamp:27}  {len(i.steps):>5}  "
            f"{i.trigger} {i.title}".rstrip()
            + sig
        )
    _emit("\n".join(lines), output)


def register(app: typer.Typer) -> None:
    """Add the ``incident`` command group."""
    app.add_typer(incident_app, name="incident")
