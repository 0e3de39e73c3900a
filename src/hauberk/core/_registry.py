"""The check registry: built-in and third-party checks, found through one entry-point group."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from hauberk.core._check import CAPABILITIES, Check
from hauberk.core._errors import ConfigError, RegistryError
from hauberk.core._finding import Rule
from hauberk.core._stage import Stage

log = logging.getLogger("hauberk.registry")
ENTRY_POINT_GROUP = "hauberk.checks"


@dataclass(frozen=True)
class Selection:
    """Checks chosen to run, and the ones left out with the reason why."""

    run: tuple[Check, ...]
    skipped: tuple[tuple[Check, str], ...]


class Registry:
    """Holds checks by name, their stages and their rules; rejects inconsistent ones."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}
        self._stages: dict[str, Stage] = {}
        self._rules: dict[str, Rule] = {}
        self.load_errors: list[str] = []
        self.load_failures: dict[str, str] = {}  # entry-point name -> why it did not load

    def add(self, check: Check) -> None:
        if not isinstance(check, Check):
            raise RegistryError(f"{check!r} does not implement the Check protocol")
        if check.name in self._checks:
            raise RegistryError(f"check {check.name!r} is registered twice")
        unknown = set(check.needs) - CAPABILITIES
        if unknown:
            raise RegistryError(f"check {check.name!r} needs unknown capabilities {unknown}")
        known = self._stages.get(check.stage.name)
        if known is not None and known.lifecycle != check.stage.lifecycle:
            raise RegistryError(
                f"check {check.name!r} puts stage {check.stage.name!r} in lifecycle phase "
                f"{check.stage.lifecycle}, but it is {known.lifecycle} elsewhere"
            )
        for rule in check.rules:
            other = self._rules.get(rule.id)
            if other is not None and other != rule:
                raise RegistryError(f"rule {rule.id} is defined twice, differently")
        self._stages.setdefault(check.stage.name, check.stage)
        self._rules.update({rule.id: rule for rule in check.rules})
        self._checks[check.name] = check

    def extend(self, checks: Iterable[Check]) -> None:
        for check in checks:
            self.add(check)

    def checks(self) -> list[Check]:
        return sorted(self._checks.values(), key=lambda c: (c.stage.name, c.name))

    def stages(self) -> dict[str, Stage]:
        return dict(sorted(self._stages.items()))

    def rules(self) -> dict[str, Rule]:
        return dict(sorted(self._rules.items()))

    def checks_of(self, stage: str) -> list[Check]:
        return [c for c in self.checks() if c.stage.name == stage]

    def stage(self, name: str) -> Stage:
        try:
            return self._stages[name]
        except KeyError:
            if name in self.load_failures:
                raise ConfigError(
                    f"stage {name!r} is unavailable: its checks could not be loaded "
                    f"({self.load_failures[name]}); reinstall hauberk with its extras"
                ) from None
            allowed = ", ".join(self._stages) or "none registered"
            raise ConfigError(f"unknown stage {name!r}; known stages: {allowed}") from None

    def select(self, stages: Iterable[str] | None, provides: frozenset[str]) -> Selection:
        """Checks of the chosen stages (all if ``None``) whose needs the target provides."""
        wanted = None if stages is None else {self.stage(s).name for s in stages}
        run: list[Check] = []
        skipped: list[tuple[Check, str]] = []
        for check in self.checks():
            if wanted is not None and check.stage.name not in wanted:
                continue
            missing = sorted(set(check.needs) - provides)
            if missing:
                skipped.append((check, "target does not provide: " + ", ".join(missing)))
            else:
                run.append(check)
        return Selection(tuple(run), tuple(skipped))

    def load_entry_points(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Register every check published under ``group``. A broken plugin does not stop the
        others; it is kept in ``load_failures`` so that a run reports it as an error (its
        checks could not look at anything), never as a stage that simply had nothing to do."""
        for ep in sorted(entry_points(group=group), key=lambda e: e.name):
            try:
                self.extend(_as_checks(ep.load()))
            except Exception as exc:
                message = f"plugin {ep.name} ({ep.value}): {type(exc).__name__}: {exc}"
                log.warning("could not load checks from %s", message)
                self.load_errors.append(message)
                self.load_failures[ep.name] = f"{type(exc).__name__}: {exc}"


def _as_checks(obj: Any) -> list[Check]:
    """An entry point may name a check, a check class, an iterable of checks, or a function
    returning either."""
    if isinstance(obj, Check) and not isinstance(obj, type):
        return [obj]
    if callable(obj):
        obj = obj()
        if isinstance(obj, Check):
            return [obj]
    return list(obj)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The process-wide registry, filled from the entry-point group on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        registry = Registry()
        registry.load_entry_points()
        _DEFAULT = registry
    return _DEFAULT
