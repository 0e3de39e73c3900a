"""Playbook actions that run against real components, one small class each, in one registry.

- ``rollback``: ``POST /admin/versions/rollback`` (or ``/switch`` to a named version) on a
  running ``hauberk serve``, with the admin key read from an environment variable; the
  versions before and after are read back with ``GET /admin/versions`` and recorded.
- ``revoke-key``: ``POST /admin/keys/revoke`` on the gateway (it revokes in its own key
  store), or a revocation in a key store file handed in by the caller (the CLI passes the
  gateway's ``KeyStore``; this package sits below the gateway and does not import it).
- ``quarantine``: a signed ``data.quarantine`` ledger entry with the manifest's id, data set
  and root digest (the fields ``hauberk data quarantine`` writes, so the data commands honour
  it) and the manifest file's SHA-256.
- ``retrain``: the user's ``[hooks.retrain]``: a command line run without a shell under a
  timeout, or a webhook POST (HMAC-SHA256 signed when ``secret_env`` is set).
- ``reassess``: ``hauberk assess --config ...`` in a child process under a timeout; the
  report is hashed and appended as evidence.

Every action returns an :class:`Outcome`; the caller records it as an ``incident.act`` entry
whether it succeeded or not. Secrets (admin keys, hook secrets) are never recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hauberk.core import ConfigError, InputError
from hauberk.monitor._incident import Incident, IncidentLog
from hauberk.monitor._playbooks import Hook, Playbooks

ADMIN_KEY_ENV = "HAUBERK_ADMIN_KEY"
HTTP_TIMEOUT = 15.0
TAIL = 2000


@dataclass
class ActionContext:
    """What an action may use: the incident, the log to write evidence to, its parameters."""

    incident: Incident
    log: IncidentLog
    playbooks: Playbooks
    params: Mapping[str, Any]
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    revoke_in_store: Callable[[Path, str], Mapping[str, Any]] | None = None
    #: reads a data manifest file into ``{"manifest": id, "dataset", "root_digest"}`` (the
    #: CLI passes ``hauberk.data.load_manifest``; this package does not import a sibling)
    read_manifest: Callable[[Path], Mapping[str, Any]] | None = None

    def param(self, name: str, flag: str, action: str) -> Any:
        value = self.params.get(name)
        if value is None or value == "":
            raise ConfigError(f"action {action} needs {flag}")
        return value


@dataclass
class Outcome:
    ok: bool
    detail: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)


class Action(Protocol):
    name: str
    description: str

    def run(self, ctx: ActionContext) -> Outcome: ...


def _admin(ctx: ActionContext, action: str) -> tuple[str, dict[str, str], str]:
    url = str(ctx.param("gateway", "--gateway URL (the running hauberk serve)", action))
    env_name = str(ctx.params.get("admin_key_env") or ADMIN_KEY_ENV)
    key = ctx.env.get(env_name)
    if not key:
        raise ConfigError(
            f"action {action} needs the gateway's admin key in the variable {env_name} "
            "(keys never go on the command line)"
        )
    return url.rstrip("/"), {"Authorization": f"Bearer {key}"}, env_name


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return {"text": response.text[:200]}


def _describe(client: Any, url: str, headers: dict[str, str]) -> dict[str, Any]:
    r = client.get(url + "/admin/versions", headers=headers)
    if r.status_code != 200:
        raise _HttpFailure(f"GET /admin/versions answered {r.status_code}: {_json(r)}")
    body = _json(r)
    return {"active": body.get("active"), "previous": body.get("previous")}


class _HttpFailure(Exception):
    pass


class Rollback:
    name = "rollback"
    description = "switch a running gateway back to its previous model version (or --to NAME)"

    def run(self, ctx: ActionContext) -> Outcome:
        import httpx

        url, headers, env_name = _admin(ctx, self.name)
        to = ctx.params.get("to")
        params = {"gateway": url, "admin_key_env": env_name, **({"to": to} if to else {})}
        try:
            with httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False) as client:
                before = _describe(client, url, headers)
                if to:
                    r = client.post(
                        url + "/admin/versions/switch", json={"version": to}, headers=headers
                    )
                    route, expected = "switch", to
                else:
                    r = client.post(url + "/admin/versions/rollback", headers=headers)
                    route, expected = "rollback", before["previous"]
                answer = _json(r)
                after = _describe(client, url, headers)
        except (httpx.HTTPError, _HttpFailure) as exc:
            return Outcome(False, {"error": f"{type(exc).__name__}: {exc}"[:500]}, params)
        ok = r.status_code == 200 and expected is not None and after["active"] == expected
        detail = {
            "route": route,
            "status": r.status_code,
            "answer": answer,
            "before": before,
            "after": after,
        }
        if not ok:
            detail["error"] = (
                f"the gateway answered {r.status_code} and its live version is "
                f"{after['active']!r}, not {expected!r}"
            )
        return Outcome(ok, detail, params)


def _flagged_key(ctx: ActionContext) -> str | None:
    """The key id of the principal an alert cited as the incident's evidence names."""
    for step in ctx.incident.every_step():
        for ref in step.body.get("evidence", ()) or ():
            if isinstance(ref, dict) and ref.get("kind") in (
                "serve.alert",
                "monitor.alert",
                "alert",
            ):
                principal = ctx.log.ledger.entry(int(ref["ledger"])).principal
                if principal.startswith("key:"):
                    return principal[4:]
    return None


class RevokeKey:
    name = "revoke-key"
    description = "revoke an API key: on the running gateway (--gateway) or in its store (--store)"

    def run(self, ctx: ActionContext) -> Outcome:
        key_id = ctx.params.get("key_id") or _flagged_key(ctx)
        if not key_id:
            raise ConfigError(
                f"action {self.name} needs --key-id ID (see `hauberk keys list`); none of the "
                "incident's evidence is an alert about an API key principal (key:<id>)"
            )
        store = ctx.params.get("store")
        if store:
            if ctx.revoke_in_store is None:
                raise ConfigError("revoking in a key store file needs the gateway package")
            try:
                record = dict(ctx.revoke_in_store(Path(store), key_id))
            except InputError as exc:
                return Outcome(False, {"error": str(exc)}, {"key_id": key_id, "store": store})
            return Outcome(True, {"via": "store", **record}, {"key_id": key_id, "store": store})
        import httpx

        url, headers, env_name = _admin(ctx, self.name)
        params = {"key_id": key_id, "gateway": url, "admin_key_env": env_name}
        try:
            with httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False) as client:
                r = client.post(url + "/admin/keys/revoke", json={"id": key_id}, headers=headers)
        except httpx.HTTPError as exc:
            return Outcome(False, {"error": f"{type(exc).__name__}: {exc}"[:500]}, params)
        answer = _json(r)
        ok = r.status_code == 200 and isinstance(answer, dict) and answer.get("id") == key_id
        detail: dict[str, Any] = {"via": "gateway", "status": r.status_code, "answer": answer}
        if not ok:
            detail["error"] = f"the gateway answered {r.status_code}"
        return Outcome(ok, detail, params)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    return digest.hexdigest()


class Quarantine:
    name = "quarantine"
    description = "quarantine a data manifest: a signed data.quarantine ledger entry"

    def run(self, ctx: ActionContext) -> Outcome:
        manifest = Path(ctx.param("manifest", "--manifest FILE", self.name))
        if not manifest.is_file():
            raise InputError(f"manifest {manifest} does not exist")
        digest = _sha256_file(manifest)
        # the fields `hauberk data quarantine` writes, so `data mark-good` and `last good`
        # honour it; without the data package, the file's digest names the manifest
        fields = dict(ctx.read_manifest(manifest)) if ctx.read_manifest else {}
        body = {
            "manifest": str(manifest),
            **fields,
            "file": str(manifest),
            "sha256": digest,
            "incident": ctx.incident.id,
            "reason": str(ctx.params.get("reason") or "")
            or f"incident {ctx.incident.id}: {ctx.incident.trigger}",
        }
        index = ctx.log.append("data.quarantine", body)
        detail = {"data_quarantine": index, "sha256": digest, **fields}
        return Outcome(True, detail, {"manifest": str(manifest)}, [ctx.log.cite(index)])


def _substitute(arg: str, incident: Incident) -> str:
    values = {
        "{incident}": str(incident.id),
        "{rule}": incident.rule or "",
        "{trigger}": incident.trigger,
    }
    for old, new in values.items():
        arg = arg.replace(old, new)
    return arg


def _tail(data: bytes) -> str:
    return data[-TAIL:].decode("utf-8", "replace")


class Retrain:
    name = "retrain"
    description = "request retraining through the user's [hooks.retrain] (command or webhook)"

    def run(self, ctx: ActionContext) -> Outcome:
        hook = ctx.playbooks.hooks.get("retrain")
        if hook is None:
            raise ConfigError(
                "no retraining hook: add [hooks.retrain] with command = [...] or url = '...' "
                "to your playbooks file (--playbooks)"
            )
        if hook.command is not None:
            return self._command(ctx, hook)
        return self._webhook(ctx, hook)

    def _command(self, ctx: ActionContext, hook: Hook) -> Outcome:
        assert hook.command is not None
        argv = [_substitute(a, ctx.incident) for a in hook.command]
        params = {"command": argv, "timeout": hook.timeout}
        try:
            done = subprocess.run(
                argv,
                shell=False,
                capture_output=True,
                timeout=hook.timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Outcome(False, {"error": f"timed out after {hook.timeout:g} s"}, params)
        except OSError as exc:
            return Outcome(False, {"error": f"cannot run {argv[0]}: {exc.strerror}"}, params)
        detail = {
            "exit_code": done.returncode,
            "stdout_sha256": hashlib.sha256(done.stdout).hexdigest(),
            "stdout_tail": _tail(done.stdout),
            "stderr_tail": _tail(done.stderr),
        }
        if done.returncode != 0:
            detail["error"] = f"the hook exited {done.returncode}"
        return Outcome(done.returncode == 0, detail, params)

    def _webhook(self, ctx: ActionContext, hook: Hook) -> Outcome:
        import httpx

        assert hook.url is not None
        inc = ctx.incident
        body = json.dumps(
            {
                "action": "retrain",
                "incident": inc.id,
                "trigger": inc.trigger,
                "rule": inc.rule,
                "alert": inc.alert,
                "title": inc.title,
            },
            sort_keys=True,
        ).encode()
        headers = {"Content-Type": "application/json"}
        if hook.secret_env:
            secret = ctx.env.get(hook.secret_env)
            if not secret:
                raise ConfigError(f"[hooks.retrain] secret_env {hook.secret_env} is not set")
            mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Hauberk-Signature"] = f"sha256={mac}"
        params = {"url": hook.url, "timeout": hook.timeout, "signed": bool(hook.secret_env)}
        try:
            with httpx.Client(timeout=hook.timeout, follow_redirects=False) as client:
                r = client.post(hook.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Outcome(False, {"error": f"{type(exc).__name__}: {exc}"[:500]}, params)
        ok = 200 <= r.status_code < 300
        detail: dict[str, Any] = {"status": r.status_code, "answer": r.text[:TAIL]}
        if not ok:
            detail["error"] = f"the webhook answered {r.status_code}"
        return Outcome(ok, detail, params)


class Reassess:
    name = "reassess"
    description = "run `hauberk assess --config FILE` again and cite its report by digest"

    def run(self, ctx: ActionContext) -> Outcome:
        config = Path(ctx.param("config", "--config assess.toml", self.name))
        if not config.is_file():
            raise ConfigError(f"assess config {config} does not exist")
        out = Path(ctx.params.get("output_dir") or f"reassess-{ctx.incident.id}")
        timeout = float(ctx.params.get("timeout") or 3600)
        argv = [
            sys.executable,
            "-m",
            "hauberk",
            "assess",
            "--config",
            str(config),
            "--output-dir",
            str(out),
            "--format",
            "json",
            "--quiet",
        ]
        params = {"config": str(config), "output_dir": str(out), "timeout": timeout}
        report = out / "report.json"
        report.unlink(missing_ok=True)
        try:
            done = subprocess.run(
                argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
            )
        except subprocess.TimeoutExpired:
            return Outcome(False, {"error": f"assess timed out after {timeout:g} s"}, params)
        detail: dict[str, Any] = {"exit_code": done.returncode}
        if done.returncode not in (0, 1) or not report.is_file():
            detail["error"] = f"assess exited {done.returncode}: {_tail(done.stderr)[-500:]}"
            return Outcome(False, detail, params)
        ref = ctx.log.add_report(report, ctx.incident.id)
        entry = ctx.log.ledger.entry(ref["ledger"]).body
        rules = {ctx.incident.rule} if ctx.incident.rule else set()
        still = [f for f in entry.get("findings", []) if f.get("id") in rules]
        detail.update(
            {
                "report": str(report),
                "sha256": ref.get("sha256"),
                "complete": entry.get("complete"),
                "still_found": len(still),
            }
        )
        return Outcome(True, detail, params, [ref])


ACTIONS: dict[str, Action] = {
    a.name: a for a in (Rollback(), RevokeKey(), Quarantine(), Retrain(), Reassess())
}
