from __future__ import annotations

from dataclasses import replace

from tests.support import ToyCheck

from hauberk.core import (
    Budget,
    CheckContext,
    QueryCounter,
    Severity,
    StageSettings,
    Status,
    derive_seed,
    run_check,
)


def ctx(**budget: float) -> CheckContext:
    return CheckContext(settings=StageSettings(), seed=1, budget=Budget(**budget))  # type: ignore[arg-type]


def test_a_crash_becomes_an_error_result() -> None:
    result = run_check(ToyCheck(behaviour="crash"), None, ctx())
    assert result.status is Status.ERROR
    assert result.reason == "RuntimeError: boom"
    assert result.duration_s >= 0


def test_findings_make_a_failed_result() -> None:
    result = run_check(ToyCheck(), None, ctx())
    assert result.status is Status.FAILED
    assert result.worst is Severity.HIGH


def test_budget_exhaustion_is_incomplete_not_passed() -> None:
    class Target:
        def __init__(self) -> None:
            import numpy as np

            from hauberk.models import CallableModel, InputSpec

            self.model = CallableModel(
                lambda x: np.full((len(x), 2), 0.5),
                classes=(0, 1),
                input_spec=InputSpec(shape=(2,)),
            )

            class Data:
                x = np.zeros((10, 2))

            self.data = Data()

    target = Target()
    result = run_check(ToyCheck(behaviour="query"), target, ctx(queries=55), target.model.counter)
    assert result.status is Status.INCOMPLETE
    assert result.partial
    assert "query budget" in result.reason
    assert result.queries == 50


def test_seeds_are_stable_and_distinct() -> None:
    assert derive_seed(0, "a") == derive_seed(0, "a")
    assert derive_seed(0, "a") != derive_seed(0, "b")
    assert derive_seed(0, "a") != derive_seed(1, "a")


def test_counter_is_optional() -> None:
    check = replace(ToyCheck(), name="toy.other")
    assert run_check(check, None, ctx(), QueryCounter()).queries == 0
