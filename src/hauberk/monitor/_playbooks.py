"""Incident playbooks: per finding rule and alert kind, which actions to take and how to verify
the fix. Policy as data: ``playbooks.toml`` ships in the package; a user file is laid over it
table by table (see the comments at the top of that file)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hauberk.core import ConfigError
from hauberk.core._toml import parse_toml

ACTION_NAMES = ("rollback", "revoke-key", "quarantine", "retrain", "reassess")
ActionName = Literal["rollback", "revoke-key", "quarantine", "retrain", "reassess"]
MAX_BYTES = 1 << 20


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Playbook(_Strict):
    summary: str = ""
    actions: tuple[ActionName, ...] = Field(min_length=1)
    verify: tuple[str, ...] = ()
    verify_rules: tuple[str, ...] = ()


class Hook(_Strict):
    """A user-configured hook: a command run without a shell, or a webhook URL."""

    command: tuple[str, ...] | None = Field(default=None, min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    timeout: float = Field(default=600.0, gt=0, le=86_400)
    secret_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")

    @model_validator(mode="after")
    def _one(self) -> Hook:
        if (self.command is None) == (self.url is None):
            raise ValueError("a hook has either command = [...] or url = '...', not both")
        return self


class Playbooks(_Strict):
    default: Playbook
    rules: dict[str, Playbook] = Field(default_factory=dict)
    alerts: dict[str, Playbook] = Field(default_factory=dict)
    hooks: dict[str, Hook] = Field(default_factory=dict)
    source: str = "hauberk.monitor/playbooks.toml"

    def for_rule(self, rule: str) -> Playbook:
        return self.rules.get(rule, self.default)

    def for_alert(self, kind: str) -> Playbook:
        return self.alerts.get(kind, self.default)

    def for_trigger(self, rule: str | None, alert: str | None) -> Playbook:
        return self.for_rule(rule) if rule else self.for_alert(alert or "")

    def verification(
        self, rule: str | None, alert: str | None, checks_of_rule: Mapping[str, list[str]]
    ) -> tuple[list[str], list[str]]:
        """The finding ids that must be absent and the checks that can show it, for closing."""
        book = self.for_trigger(rule, alert)
        rules = [*([rule] if rule else []), *book.verify_rules]
        checks = list(book.verify)
        if not checks:
            for r in rules:
                checks += checks_of_rule.get(r, [])
        return sorted(set(rules)), sorted(set(checks))


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"playbooks file {path} does not exist")
    if path.stat().st_size > MAX_BYTES:
        raise ConfigError(f"playbooks file {path} is larger than {MAX_BYTES} bytes")
    try:
        return parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _validate(raw: Mapping[str, Any], source: str) -> Playbooks:
    try:
        return Playbooks.model_validate({**raw, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "top level"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        if err["type"] == "literal_error":
            msg = f"unknown action; actions are {', '.join(ACTION_NAMES)}"
        raise ConfigError(f"{source}: {where}: {msg}") from None


def shipped_playbooks() -> dict[str, Any]:
    text = files("hauberk.monitor").joinpath("playbooks.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_playbooks(path: str | Path | None = None) -> Playbooks:
    """The shipped playbooks, with the user's file at ``path`` (if any) laid over them."""
    raw = shipped_playbooks()
    source = "hauberk.monitor/playbooks.toml"
    if path is not None:
        user = _read(Path(path))
        source = f"{path} over {source}"
        unknown = sorted(set(user) - {"default", "rules", "alerts", "hooks"})
        if unknown:
            raise ConfigError(
                f"{path}: unknown table {unknown[0]!r}; tables: default, rules, alerts, hooks"
            )
        for table in ("rules", "alerts", "hooks"):
            value = user.get(table, {})
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{table}] must be a table")
            raw[table] = {**raw.get(table, {}), **value}
        if "default" in user:
            raw["default"] = user["default"]
    return _validate(raw, source)
