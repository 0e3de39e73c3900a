"""Every registered check, handed a target whose every part breaks, ends in ``error`` (or
``incomplete``), never ``passed``; the run exits 1 and its phase is graded "incomplete"
(CONVENTIONS 16: each check has a test that makes it error and asserts the exit code and the
grade). A check that swallowed the failure and reported a pass would fail here.
"""

from __future__ import annotations

from typing import Any

import pytest

from hauberk.assess._config import stage_settings
from hauberk.core import (
    CAPABILITIES,
    Budget,
    CheckContext,
    Policy,
    Report,
    Status,
    default_registry,
    run_check,
)


class Broken(RuntimeError):
    pass


class BrokenPart:
    """Any attribute, call, index or iteration raises."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        raise Broken(f"{object.__getattribute__(self, '_name')} is broken")

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return self._fail()

    __call__ = _fail
    __getitem__ = _fail
    __iter__ = _fail
    __len__ = _fail
    __array__ = _fail


class BrokenTarget:
    """Claims every capability; every part it hands out is broken."""

    def __init__(self) -> None:
        self.model = BrokenPart("model")
        self.data = BrokenPart("data")
        self.trainer = BrokenPart("trainer")
        self.artifacts = [BrokenPart("artifact")]
        self.endpoint = BrokenPart("endpoint")
        self.name = "broken"
        self.source: dict[str, Any] = {}

    def provides(self) -> frozenset[str]:
        return CAPABILITIES

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return BrokenPart(attr)


CHECKS = default_registry().checks()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_a_check_on_a_broken_target_never_passes(check: Any) -> None:
    settings = stage_settings(default_registry(), check.stage.name, {})[check.name]
    ctx = CheckContext(settings=settings, seed=0, budget=Budget(seconds=60))
    result = run_check(check, BrokenTarget(), ctx)
    assert result.status in (Status.ERROR, Status.INCOMPLETE, Status.SKIPPED), (
        f"{check.name} reported {result.status.value} on a broken target: {result.reason}"
    )
    if result.status is Status.SKIPPED:
        assert result.reason, f"{check.name} skipped without saying why"
        return
    report = Report(
        target={"name": "broken"},
        environment={"python": "3", "hauberk": "0", "seed": 0},
        results=(result,),
        stages={check.stage.name: check.stage.lifecycle.value},
    )
    assert Policy().exit_code(report) == 1
    phase = report.summary()["lifecycle"][check.stage.lifecycle.value]
    assert phase["grade"] == "incomplete"
