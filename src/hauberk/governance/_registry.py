"""The model registry: versions, stages, gated promotion and rollback, all kept in the ledger.

A version moves ``registered -> staging -> production -> archived``. Every transition
(``registry.register``, ``registry.approve``, ``registry.promote``, ``registry.rollback``,
``registry.archive``) is an Ed25519-signed ledger entry (:mod:`hauberk.ledger._signed`, as
incident records are), and the registry's state is *rebuilt from the ledger alone* by replaying
those entries: there is no side table to drift from it. An entry
whose bytes were changed in the database fails ledger verification (its leaf hash no longer
matches), and an entry whose signature does not verify stops the replay (fail closed).

Each state-changing entry names the previous registry entry of the same model (``prev``).
Replay applies an entry only when ``prev`` is the model's latest entry, so two writers racing
on one model cannot both win: the loser's entry stays in the log, is ignored, and its writer
gets an error (optimistic concurrency on an append-only log).

Promotion gates are policy in the config (``[registry.gates.<stage>]``): which stages a version
may come from, a valid model signature by a key whose principal holds the ``release`` role, a
passing ``hauberk assess`` report bound to the version's SHA-256 and no older than N days, no
open incident about the model (by name or SHA-256; ``incident_scope = "global"``: any open
incident) in the ledger, N approvals by principals holding ``promote``, and separation of
duties (the model's signer cannot be its only approver). A promotion evaluates *every*
condition, refuses with all failed ones named, and writes nothing (:class:`GateFailed`, exit 1).

``production`` holds one version per model; promoting another moves the old one to
``archived`` (reason ``replaced``) and :meth:`Registry.rollback` brings back the version that
held production before, if it was archived by replacement (not retired on purpose).

Governance is a layer-2 package: signed entries come from :mod:`hauberk.ledger` (layer 1);
incidents are read from the ledger by their entry kinds (no import of :mod:`hauberk.monitor`);
model signatures are verified through a lazy import of :mod:`hauberk.supplychain` inside the
gate code, as :mod:`hauberk.governance._evidence` reads data manifests.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hauberk.core import (
    ConfigError,
    HauberkError,
    InputError,
    Severity,
    VerificationError,
    read_report,
)
from hauberk.core._toml import parse_toml
from hauberk.governance._roles import ROLE, RoleStore, load_roles

if TYPE_CHECKING:
    from hauberk.core import Report
    from hauberk.governance._mlflow import MlflowMirror
    from hauberk.ledger import Entry, Ledger, Signer

REGISTER = "registry.register"
APPROVE = "registry.approve"
PROMOTE = "registry.promote"
ROLLBACK = "registry.rollback"
ARCHIVE = "registry.archive"
KINDS = (REGISTER, APPROVE, PROMOTE, ROLLBACK, ARCHIVE)
INCIDENT_OPEN = "incident.open"  # hauberk.monitor._incident's kinds, read for the gate
INCIDENT_CLOSE = "incident.close"
REPORT = "assess.report"  # an incident's evidence report: the digests it assessed
#: Stages a version can be promoted to, and the one a version enters on registration.
GATED = ("staging", "production")
STAGES = ("registered", "staging", "production", "archived")
MODEL_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
MAX_CONFIG_BYTES = 1 << 20
_CHUNK = 1 << 20


class GateFailed(HauberkError):
    """A promotion (or another transition) was refused; nothing was written."""

    exit_code = 1

    def __init__(self, action: str, failed: Sequence[Condition]) -> None:
        self.failed = tuple(failed)
        listed = "; ".join(f"{c.name}: {c.detail}" for c in self.failed)
        super().__init__(f"{action} refused, nothing changed. Failed: {listed}")


@dataclass(frozen=True)
class Condition:
    """One gate condition and whether it held."""

    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GatePolicy(_Strict):
    """``[registry.gates.<stage>]``: what a version needs to enter ``stage``."""

    allowed_from: tuple[Literal["registered", "staging", "production", "archived"], ...] = (
        "registered",
        "staging",
    )
    signature_role: str | None = Field(
        default=None, description="model signature must verify with a key of this role"
    )
    assess_max_age_days: float | None = Field(default=None, gt=0, le=3650)
    fail_on: str = "high"
    no_open_incident: bool = False
    incident_scope: Literal["model", "global"] = Field(
        default="model",
        description="model: only open incidents naming this model or its SHA-256 (or naming "
        "nothing at all) block it; global: any open incident blocks every promotion",
    )
    approvals: int = Field(default=0, ge=0, le=20)
    separation_of_duties: bool = True

    @field_validator("fail_on")
    @classmethod
    def _severity(cls, v: str) -> str:
        Severity.parse(v)
        return v

    @field_validator("signature_role")
    @classmethod
    def _role(cls, v: str | None) -> str | None:
        if v is not None and not ROLE.match(v):
            raise ValueError(f"role {v!r} must match {ROLE.pattern}")
        return v


DEFAULT_ACTIONS = {
    "register": "sign",
    "approve": "promote",
    "promote": "promote",
    "rollback": "promote",
    "archive": "promote",
}


class RegistrySettings(_Strict):
    """``[registry]`` of the registry config."""

    ledger: str = Field(min_length=1)
    roles: Path
    mlflow: str | None = Field(default=None, description="MLflow tracking server URL")
    mlflow_experiment: str = "hauberk-registry"
    actions: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_ACTIONS))
    gates: dict[Literal["staging", "production"], GatePolicy] = Field(default_factory=dict)

    @field_validator("actions")
    @classmethod
    def _actions(cls, v: dict[str, str]) -> dict[str, str]:
        for action, role in v.items():
            if action not in DEFAULT_ACTIONS:
                raise ValueError(f"unknown action {action!r}; actions: {sorted(DEFAULT_ACTIONS)}")
            if not ROLE.match(role):
                raise ValueError(f"role {role!r} must match {ROLE.pattern}")
        return {**DEFAULT_ACTIONS, **v}

    @field_validator("mlflow")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError("mlflow must be an http:// or https:// tracking server URL")
        return v

    def gate(self, stage: str) -> GatePolicy:
        return next((gate for name, gate in self.gates.items() if name == stage), GatePolicy())


@dataclass(frozen=True)
class RegistryConfig:
    settings: RegistrySettings
    roles: RoleStore
    base_dir: Path

    def ledger_url(self) -> str:
        db = self.settings.ledger
        if "://" in db or Path(db).is_absolute():
            return db
        return str(self.base_dir / db)


def load_registry_config(path: str | Path) -> RegistryConfig:
    """Read ``registry.toml`` (its ``[registry]`` table) and the role store it names."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"registry config {path} does not exist; see docs/registry.md")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"registry config {path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"registry config {path} is not valid TOML: {exc}") from None
    if set(data) != {"registry"}:
        raise ConfigError(f"{path}: expected exactly one [registry] table")
    try:
        settings = RegistrySettings.model_validate(data["registry"])
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in ("registry", *err["loc"]))
        raise ConfigError(f"{path}: {where}: {err['msg']}") from None
    base = path.parent
    roles_path = settings.roles if settings.roles.is_absolute() else base / settings.roles
    return RegistryConfig(settings, load_roles(roles_path), base)


# -- state rebuilt from the ledger --------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One registry entry of a version's history."""

    index: int
    kind: str
    stage: str
    principal: str
    timestamp: str

    def to_json(self) -> dict[str, Any]:
        return {
            "ledger": self.index,
            "kind": self.kind,
            "stage": self.stage,
            "principal": self.principal,
            "timestamp": self.timestamp,
        }


@dataclass
class Version:
    name: str
    version: int
    sha256: str
    source: str
    signature: str | None
    stage: str
    registered_by: str
    reason: str = ""
    mlflow_version: str | None = None
    history: list[Step] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "stage": self.stage,
            "reason": self.reason,
            "source": self.source,
            "signature": self.signature,
            "registered_by": self.registered_by,
            "mlflow_version": self.mlflow_version,
            "history": [s.to_json() for s in self.history],
        }


@dataclass
class ModelState:
    name: str
    versions: dict[int, Version] = field(default_factory=dict)
    head: int | None = None  # ledger index of the latest applied state-changing entry
    production: int | None = None
    previous: list[int] = field(default_factory=list)  # earlier production holders, oldest first
    ignored: list[int] = field(default_factory=list)  # entries that lost a race (stale prev)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "production": self.production,
            "staging": [v.version for v in self.versions.values() if v.stage == "staging"],
            "versions": [v.to_json() for v in self.versions.values()],
            "ignored_entries": list(self.ignored),
        }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_name(name: str) -> str:
    import re

    if not re.match(MODEL_NAME, name):
        raise InputError(
            f"model name {name!r:.60} must be 1-128 letters, digits, '.', '_' or '-' "
            "starting with a letter or digit"
        )
    return name


def _registry_rows(ledger: Ledger, start: int = 0) -> list[tuple[int, Entry]]:
    out: list[tuple[int, Entry]] = []
    size = ledger.head().size
    for first in range(start, size, 1024):
        for row in ledger.store.read_entries(first, min(first + 1024, size)):
            if row.kind in KINDS or row.kind in (INCIDENT_OPEN, INCIDENT_CLOSE, REPORT):
                out.append((row.index, row.entry()))
    return out


def _signature_problem(entry: Entry, roles: RoleStore | None) -> str | None:
    from hauberk.ledger import check_signature

    check = check_signature(entry)
    if not check.ok:
        return check.reason
    if roles is not None:
        import base64

        raw = base64.b64decode(entry.body["signature"]["public_key"])
        owner = roles.by_ed25519(raw)
        if owner is None or owner.name != entry.principal:
            return (
                f"signed by key {check.key_id}, which the role store does not give to "
                f"{entry.principal!r}"
            )
    return None


@dataclass(frozen=True)
class IncidentScope:
    """What an open incident is about: model names and model SHA-256s (its ``subject``, and
    the files its evidence reports assessed). Naming nothing, it is about every model."""

    models: frozenset[str] = frozenset()
    digests: frozenset[str] = frozenset()

    def about(self, name: str, sha256: str) -> bool:
        if not self.models and not self.digests:
            return True
        return name in self.models or sha256 in self.digests

    @classmethod
    def of(cls, body: Any, reports: Mapping[int, frozenset[str]]) -> IncidentScope:
        if not isinstance(body, dict):
            return cls()
        raw = body.get("subject")
        subject: dict[str, Any] = raw if isinstance(raw, dict) else {}
        models = {str(m) for m in subject.get("models", ()) or () if isinstance(m, str)}
        digests = {str(d) for d in subject.get("sha256", ()) or () if isinstance(d, str)}
        for ref in body.get("evidence", ()) or ():
            if isinstance(ref, dict) and isinstance(ref.get("ledger"), int):
                digests |= reports.get(ref["ledger"], frozenset())
        return cls(frozenset(models), frozenset(digests))


@dataclass
class Replay:
    """The registry state after the first ``size`` ledger entries, extended on demand.

    :meth:`feed` reads only the entries appended since the last call (the log is append-only;
    a changed old row is the business of :meth:`Registry.verify` and the per-write inclusion
    check). Raises :class:`VerificationError` at the first registry entry whose signature does
    not verify: a state built past it could not be vouched for.
    """

    size: int = 0
    models: dict[str, ModelState] = field(default_factory=dict)
    approvals: list[tuple[int, Entry]] = field(default_factory=list)
    open_incidents: dict[int, IncidentScope] = field(default_factory=dict)
    reports: dict[int, frozenset[str]] = field(default_factory=dict)  # assess.report digests
    registry: list[int] = field(default_factory=list)  # indices of registry entries
    roles: RoleStore | None = None  # when given, each entry's key must be its principal's

    def feed(self, ledger: Ledger) -> Replay:
        for index, entry in _registry_rows(ledger, self.size):
            self._one(index, entry)
        self.size = max(self.size, ledger.head().size)
        return self

    def _one(self, index: int, entry: Entry) -> None:
        body = entry.body
        if entry.kind == REPORT:
            found = body.get("artifacts") if isinstance(body, dict) else None
            if isinstance(found, list):
                self.reports[index] = frozenset(str(d) for d in found if isinstance(d, str))
            return
        if entry.kind == INCIDENT_OPEN:
            self.open_incidents[index] = IncidentScope.of(body, self.reports)
            return
        if entry.kind == INCIDENT_CLOSE:
            if isinstance(body, dict) and isinstance(body.get("incident"), int):
                self.open_incidents.pop(body["incident"], None)
            return
        problem = _signature_problem(entry, self.roles)
        if problem is not None:
            raise VerificationError(
                f"registry entry {index} ({entry.kind}) is not validly signed: {problem}; "
                "run `hauberk registry verify` and `hauberk ledger verify`"
            )
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            raise VerificationError(f"registry entry {index} ({entry.kind}) has no model name")
        self.registry.append(index)
        if entry.kind == APPROVE:
            self.approvals.append((index, entry))
            return
        state = self.models.setdefault(body["name"], ModelState(body["name"]))
        if body.get("prev") != state.head:
            state.ignored.append(index)
            return
        try:
            _apply(state, index, entry, body)
        except (KeyError, TypeError, ValueError) as exc:
            raise VerificationError(
                f"registry entry {index} ({entry.kind}) does not fit the registry's state "
                f"(unknown version or field: {exc}); run `hauberk registry verify`"
            ) from None
        state.head = index


def replay(ledger: Ledger) -> tuple[dict[str, ModelState], list[tuple[int, Entry]]]:
    """Rebuild every model's state from the ledger; also the approval entries."""
    done = Replay().feed(ledger)
    return done.models, done.approvals


def _apply(state: ModelState, index: int, entry: Entry, body: dict[str, Any]) -> None:
    def step(version: Version, stage: str, reason: str = "") -> None:
        version.stage = stage
        version.reason = reason
        version.history.append(Step(index, entry.kind, stage, entry.principal, entry.timestamp))

    if entry.kind == REGISTER:
        number = int(body["version"])
        version = Version(
            name=state.name,
            version=number,
            sha256=str(body["sha256"]),
            source=str(body.get("source", "")),
            signature=body.get("signature_file"),
            stage="registered",
            registered_by=entry.principal,
            mlflow_version=body.get("mlflow_version"),
        )
        state.versions[number] = version
        step(version, "registered")
        return
    version = state.versions[int(body["version"])]
    if entry.kind == PROMOTE:
        stage = str(body["stage"])
        if stage == "production":
            if state.production is not None and state.production != version.version:
                step(state.versions[state.production], "archived", "replaced")
                state.previous.append(state.production)
            state.production = version.version
        elif state.production == version.version:
            state.production = None
        step(version, stage)
    elif entry.kind == ROLLBACK:
        current = state.versions[int(body["from"])]
        step(current, "archived", "rolled back")
        if state.previous and state.previous[-1] == version.version:
            state.previous.pop()
        state.production = version.version
        step(version, "production", "rollback")
    elif entry.kind == ARCHIVE:
        if state.production == version.version:
            state.production = None
        if version.version in state.previous:
            state.previous.remove(version.version)
        step(version, "archived", str(body.get("reason", "")))


# -- the registry --------------------------------------------------------------------------------


class Registry:
    """Model versions on a ledger, with gates from ``settings`` and roles from ``roles``.

    ``signer`` signs the entries this process writes; its public key must belong to a
    principal of ``roles`` holding the action's role. ``mirror`` (an MLflow server) gets every
    version and transition as well: MLflow model versions with ``production``/``staging``
    aliases and a ``hauberk.stage`` tag. ``now`` is injectable for tests of report ages.
    """

    def __init__(
        self,
        ledger: Ledger,
        roles: RoleStore,
        settings: RegistrySettings,
        *,
        signer: Signer | None = None,
        mirror: MlflowMirror | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.ledger = ledger
        self.roles = roles
        self.settings = settings
        self.signer = signer
        self.mirror = mirror
        self._now = now or (lambda: datetime.now(UTC))
        self._replay = Replay(roles=roles)

    def _state(self) -> Replay:
        """The replayed state, brought up to the ledger's current head."""
        return self._replay.feed(self.ledger)

    # -- reading -------------------------------------------------------------------------------

    def models(self) -> dict[str, ModelState]:
        return self._state().models

    def model(self, name: str) -> ModelState:
        found = self.models().get(_check_name(name))
        if found is None:
            raise InputError(f"no model {name!r} in the registry; `hauberk registry list`")
        return found

    def version(self, name: str, version: int) -> Version:
        state = self.model(name)
        found = state.versions.get(version)
        if found is None:
            raise InputError(
                f"model {name!r} has no version {version}; it has {sorted(state.versions)}"
            )
        return found

    def verify(self) -> list[str]:
        """Every problem: the ledger audit, registry entry signatures and key ownership,
        entries ignored as stale, and an MLflow mirror that disagrees with the ledger."""
        problems = [str(p) for p in self.ledger.verify().problems]
        for index, entry in _registry_rows(self.ledger):
            if entry.kind not in KINDS:
                continue
            problem = _signature_problem(entry, self.roles)
            if problem is not None:
                problems.append(f"registry entry {index} ({entry.kind}): {problem}")
        if any("not validly signed" in p or "signature" in p for p in problems):
            return problems
        try:
            models = Replay(roles=self.roles).feed(self.ledger).models
        except VerificationError as exc:
            return [*problems, str(exc)]
        for state in models.values():
            for index in state.ignored:
                problems.append(
                    f"registry entry {index} (model {state.name!r}) was written against a "
                    "stale state (a concurrent change won) and is ignored"
                )
        if self.mirror is not None:
            problems += self.mirror.compare(models)
        return problems

    # -- writing -------------------------------------------------------------------------------

    def _actor(self, action: str) -> tuple[Condition, str]:
        role = self.settings.actions[action]
        if self.signer is None:
            return Condition("role", False, f"{action} needs a signing key (--key)"), "unknown"
        from cryptography.hazmat.primitives import serialization

        raw = self.signer.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        owner = self.roles.by_ed25519(raw)
        if owner is None:
            return (
                Condition(
                    "role",
                    False,
                    f"key {self.signer.key_id} is not in the role store {self.roles.source}",
                ),
                "unknown",
            )
        if not owner.holds(role):
            return (
                Condition(
                    "role",
                    False,
                    f"{owner.name} holds {sorted(owner.roles)}, {action} needs {role!r}",
                ),
                owner.name,
            )
        return Condition("role", True, f"{owner.name} holds {role!r}"), owner.name

    def _append(self, kind: str, body: Mapping[str, Any], principal: str) -> int:
        from hauberk.ledger import Signer

        assert self.signer is not None
        signer = Signer(self.signer.key, principal=principal)
        return self.ledger.append(signer.entry(kind, body))

    def _applied(self, name: str, index: int) -> ModelState:
        state = self.models()[name]
        if index in state.ignored:
            raise VerificationError(
                f"ledger entry {index} lost a race with a concurrent change to {name!r} and "
                "is ignored; look at `hauberk registry show` and retry"
            )
        return state

    def register(self, name: str, model: Path, *, signature: Path | None = None) -> Version:
        """Record a new version of ``name`` for the model file ``model`` (its SHA-256)."""
        _check_name(name)
        model = Path(model)
        if not model.is_file():
            raise InputError(f"model {model} is not a file; register the model file itself")
        if signature is not None and not Path(signature).is_file():
            raise InputError(f"signature {signature} does not exist")
        role, principal = self._actor("register")
        if not role.ok:
            raise GateFailed("register", [role])
        state = self.models().get(name, ModelState(name))
        number = max(state.versions, default=0) + 1
        digest = sha256_file(model)
        body: dict[str, Any] = {
            "name": name,
            "version": number,
            "sha256": digest,
            "source": str(model.resolve()),
            "signature_file": None if signature is None else str(Path(signature).resolve()),
            "prev": state.head,
        }
        if self.mirror is not None:
            body["mlflow_version"] = self.mirror.register(name, model, digest, number)
        index = self._append(REGISTER, body, principal)
        return self._applied(name, index).versions[number]

    def approve(self, name: str, version: int, stage: str) -> int:
        """Record the actor's approval of ``version`` for ``stage``; return its ledger index."""
        if stage not in GATED:
            raise InputError(f"stage {stage!r} is not one of {list(GATED)}")
        found = self.version(name, version)
        role, principal = self._actor("approve")
        if not role.ok:
            raise GateFailed("approve", [role])
        if found.stage == "archived":
            raise GateFailed(
                "approve", [Condition("stage", False, f"version {version} is archived")]
            )
        body = {"name": name, "version": version, "sha256": found.sha256, "stage": stage}
        return self._append(APPROVE, body, principal)

    def evaluate(
        self,
        name: str,
        version: int,
        stage: str,
        *,
        report: Path | None = None,
        model: Path | None = None,
        signature: Path | None = None,
    ) -> list[Condition]:
        """Every gate condition for moving ``version`` of ``name`` to ``stage``."""
        if stage not in GATED:
            raise InputError(f"stage {stage!r} is not one of {list(GATED)}")
        done = self._state()
        models, approvals = done.models, done.approvals
        state = models.get(_check_name(name))
        if state is None or version not in state.versions:
            raise InputError(f"model {name!r} has no version {version}; `hauberk registry list`")
        found = state.versions[version]
        gate = self.settings.gate(stage)
        # a report given is read even when this gate needs none: unreadable is bad input (exit 2)
        parsed = None if report is None else read_report(Path(report))
        role, _ = self._actor("promote")
        conditions = [role]
        if found.stage == stage:
            conditions.append(Condition("stage", False, f"version {version} is already {stage}"))
        elif found.stage not in gate.allowed_from:
            conditions.append(
                Condition(
                    "stage",
                    False,
                    f"version {version} is {found.stage}; {stage} takes versions from "
                    f"{list(gate.allowed_from)}",
                )
            )
        else:
            conditions.append(Condition("stage", True, f"{found.stage} -> {stage}"))
        signer: str | None = None
        if gate.signature_role is not None:
            cond, signer = self._signature(found, gate.signature_role, model, signature)
            conditions.append(cond)
        if gate.assess_max_age_days is not None:
            conditions.append(self._report(found, gate, report, parsed))
        if gate.no_open_incident:
            conditions.append(self._incidents(found, gate))
        if gate.approvals:  # separation of duties is about approvers: none, nothing to check
            conditions += self._approvals(found, stage, gate, approvals, signer)
        return conditions

    def _signature(
        self, found: Version, role: str, model: Path | None, signature: Path | None
    ) -> tuple[Condition, str | None]:
        from hauberk.supplychain import verify_model

        path = Path(model) if model is not None else Path(found.source)
        sig = signature if signature is not None else found.signature
        if sig is None:
            return Condition("signature", False, "no model signature registered or given"), None
        if not path.is_file():
            return Condition("signature", False, f"model file {path} is not there to verify"), None
        if sha256_file(path) != found.sha256:
            return (
                Condition("signature", False, f"{path} no longer has the registered SHA-256"),
                None,
            )
        holders = self.roles.holding(role)
        if not any(p.ecdsa for p in holders):
            return Condition("signature", False, f"no principal holding {role!r} has a key"), None
        reasons = []
        for principal in holders:
            for key in principal.ecdsa:
                try:
                    verify_model(path, public_key=key, signature=Path(sig))
                except VerificationError as exc:
                    reasons.append(str(exc).split(":")[-1].strip()[:80])
                    continue
                return (
                    Condition("signature", True, f"signed by {principal.name} ({role})"),
                    principal.name,
                )
        return (
            Condition(
                "signature",
                False,
                f"signature {sig} does not verify with any key holding {role!r}",
            ),
            None,
        )

    def _report(
        self, found: Version, gate: GatePolicy, report: Path | None, parsed: Report | None
    ) -> Condition:

        if report is None or parsed is None:
            return Condition("assess", False, "a passing assess report is required (--report)")
        problems = []
        artifacts = parsed.environment.get("artifacts")
        digests = set(artifacts.values()) if isinstance(artifacts, dict) else set()
        if found.sha256 not in digests:
            problems.append(f"it is not for sha256 {found.sha256[:12]}... (digest binding)")
        try:
            created = datetime.fromisoformat(parsed.created.replace("Z", "+00:00"))
            if created.tzinfo is None:
                raise ValueError("no time zone")
        except ValueError:
            problems.append(f"its created time {parsed.created!r} is not an ISO 8601 UTC time")
        else:
            age = self._now() - created
            if age > timedelta(days=gate.assess_max_age_days or 0):
                problems.append(
                    f"it is {age.days} days old, the limit is {gate.assess_max_age_days:g}"
                )
            elif age < timedelta(minutes=-5):
                problems.append("its created time is in the future")
        summary = parsed.summary()
        if not summary["complete"]:
            problems.append("some checks errored or are incomplete")
        limit = Severity.parse(gate.fail_on)
        bad = [f for f in parsed.findings if f.severity >= limit]
        if bad:
            problems.append(f"{len(bad)} findings at or above {gate.fail_on} ({bad[0].id})")
        if problems:
            return Condition("assess", False, f"report {report}: " + "; ".join(problems))
        return Condition("assess", True, f"report {report} passes at {gate.fail_on}")

    def _incidents(self, found: Version, gate: GatePolicy) -> Condition:
        open_ = self._state().open_incidents
        if gate.incident_scope == "global":
            blocking = sorted(open_)
        else:
            blocking = sorted(i for i, s in open_.items() if s.about(found.name, found.sha256))
        others = len(open_) - len(blocking)
        elsewhere = f" ({others} open about other models)" if others else ""
        if blocking:
            unscoped = [i for i in blocking if not (open_[i].models or open_[i].digests)]
            why = (
                f"; {unscoped[:10]} name no model, so they block every model (open incidents "
                "with --model or --sha256 to scope them)"
                if unscoped and gate.incident_scope == "model"
                else ""
            )
            return Condition(
                "incident",
                False,
                f"open incidents about {found.name} v{found.version}: {blocking[:10]}{why}",
            )
        return Condition(
            "incident", True, f"no open incident about {found.name} v{found.version}{elsewhere}"
        )

    def _approvals(
        self,
        found: Version,
        stage: str,
        gate: GatePolicy,
        approvals: list[tuple[int, Entry]],
        signer: str | None,
    ) -> list[Condition]:
        since = found.history[-1].index
        role = self.settings.actions["approve"]
        approvers: list[str] = []
        for index, entry in approvals:
            body = entry.body
            if (
                index > since
                and body.get("name") == found.name
                and body.get("version") == found.version
                and body.get("sha256") == found.sha256
                and body.get("stage") == stage
                and self.roles.allows(entry.principal, role)
                and _signature_problem(entry, self.roles) is None
                and entry.principal not in approvers
            ):
                approvers.append(entry.principal)
        out = []
        ok = len(approvers) >= gate.approvals
        out.append(
            Condition(
                "approvals",
                ok,
                f"{len(approvers)} of {gate.approvals} approvals by {role!r} holders"
                + (f" ({', '.join(approvers)})" if approvers else ""),
            )
        )
        if gate.separation_of_duties:
            author = signer or found.registered_by
            others = [a for a in approvers if a != author]
            out.append(
                Condition(
                    "separation",
                    bool(others),
                    f"approved by someone other than the model's signer {author!r}"
                    if others
                    else f"the model's signer {author!r} cannot be its only approver",
                )
            )
        return out

    def promote(
        self,
        name: str,
        version: int,
        stage: str,
        *,
        report: Path | None = None,
        model: Path | None = None,
        signature: Path | None = None,
    ) -> Version:
        """Move ``version`` to ``stage`` if every gate condition holds; else :class:`GateFailed`."""
        conditions = self.evaluate(
            name, version, stage, report=report, model=model, signature=signature
        )
        failed = [c for c in conditions if not c.ok]
        if failed:
            raise GateFailed(f"promotion of {name} v{version} to {stage}", failed)
        self._verify_ledger()
        state = self.model(name)
        found = state.versions[version]
        body: dict[str, Any] = {
            "name": name,
            "version": version,
            "sha256": found.sha256,
            "stage": stage,
            "from": found.stage,
            "replaced": state.production if stage == "production" else None,
            "conditions": [c.to_json() for c in conditions],
            "report_sha256": None if report is None else sha256_file(Path(report)),
            "prev": state.head,
        }
        index = self._append(PROMOTE, body, self._actor("promote")[1])
        after = self._applied(name, index)
        if self.mirror is not None:
            touched = [version] + ([body["replaced"]] if body["replaced"] is not None else [])
            self.mirror.sync(after, touched)
        return after.versions[version]

    def rollback(self, name: str, *, to: int | None = None) -> Version:
        """Put back the version that held production before the current one (or ``to``)."""
        state = self.model(name)
        role, principal = self._actor("rollback")
        failed = [] if role.ok else [role]
        if state.production is None:
            failed.append(Condition("stage", False, f"{name} has no version in production"))
        target = to if to is not None else (state.previous[-1] if state.previous else None)
        if target is None:
            failed.append(Condition("target", False, "no earlier production version to go back to"))
        elif target not in state.versions:
            failed.append(Condition("target", False, f"{name} has no version {target}"))
        else:
            t = state.versions[target]
            if t.stage != "archived" or t.reason not in ("replaced", "rolled back"):
                failed.append(
                    Condition(
                        "target",
                        False,
                        f"version {target} is {t.stage}"
                        + (f" ({t.reason})" if t.reason else "")
                        + "; only a version that left production by replacement comes back",
                    )
                )
            elif target not in state.previous:
                failed.append(Condition("target", False, f"version {target} never held production"))
        if failed:
            raise GateFailed(f"rollback of {name}", failed)
        assert target is not None
        self._verify_ledger()
        current = state.production
        assert current is not None
        body = {
            "name": name,
            "version": target,
            "sha256": state.versions[target].sha256,
            "from": current,
            "prev": state.head,
        }
        index = self._append(ROLLBACK, body, principal)
        after = self._applied(name, index)
        if self.mirror is not None:
            self.mirror.sync(after, [target, current])
        return after.versions[target]

    def archive(self, name: str, version: int, *, reason: str = "retired") -> Version:
        """Retire ``version`` (from any stage); it can no longer be promoted or rolled back to."""
        found = self.version(name, version)
        role, principal = self._actor("archive")
        failed = [] if role.ok else [role]
        if found.stage == "archived" and found.reason not in ("replaced", "rolled back"):
            failed.append(Condition("stage", False, f"version {version} is already archived"))
        if failed:
            raise GateFailed(f"archive of {name} v{version}", failed)
        state = self.model(name)
        body = {
            "name": name,
            "version": version,
            "sha256": found.sha256,
            "reason": reason[:500] or "retired",
            "prev": state.head,
        }
        index = self._append(ARCHIVE, body, principal)
        after = self._applied(name, index)
        if self.mirror is not None:
            self.mirror.sync(after, [version])
        return after.versions[version]

    def _verify_ledger(self) -> None:
        """Refuse to write unless every registry entry is in the current tree (fail closed).

        Each registry entry's recomputed leaf hash must equal the stored one and its inclusion
        proof must reach the stored tree head: O(k log n) for k registry entries, instead of
        the full O(n) audit that :meth:`verify` (and ``hauberk ledger verify``) runs. A row
        changed in the database without recomputing the tree fails here; a rewrite of the
        whole tree is only caught against a checkpoint signed earlier.
        """
        done = self._state()
        for index in done.registry:
            proof = self.ledger.inclusion_proof(index)
            entry = self.ledger.entry(index)
            if proof.leaf_hash != entry.leaf_hash() or not _proof_ok(proof):
                raise VerificationError(
                    f"registry entry {index} does not match the ledger's tree (changed in the "
                    "database?); run `hauberk registry verify` and `hauberk ledger verify`"
                )


def _proof_ok(proof: Any) -> bool:
    try:
        proof.verify()
    except (VerificationError, InputError):
        return False
    return True
