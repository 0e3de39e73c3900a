from __future__ import annotations

import time

import pytest

from hauberk.core import Budget, BudgetExceeded, ConfigError, Deadline, QueryCounter


def test_window_limits_queries_and_restores() -> None:
    counter = QueryCounter()
    with counter.window(Budget(queries=10)) as spent:
        counter.charge(6)
        with pytest.raises(BudgetExceeded, match="query budget"):
            counter.charge(5)
        assert spent() == 6
        assert counter.remaining == 4
    counter.charge(100)  # the window is closed: no limit any more
    assert counter.total == 106


def test_hard_limit_holds_across_windows() -> None:
    counter = QueryCounter(limit=10)
    with counter.window(Budget(queries=8)):
        counter.charge(8)
    with counter.window(Budget(queries=8)), pytest.raises(BudgetExceeded):
        counter.charge(3)
    assert counter.total == 8


def test_a_refused_charge_sends_nothing() -> None:
    counter = QueryCounter(limit=5)
    with pytest.raises(BudgetExceeded):
        counter.charge(6)
    assert counter.total == 0


def test_time_budget_is_checked_on_every_charge() -> None:
    counter = QueryCounter()
    with counter.window(Budget(seconds=0.01)):
        time.sleep(0.02)
        with pytest.raises(BudgetExceeded, match="time budget"):
            counter.charge(1)


def test_deadline() -> None:
    assert not Deadline(None).expired
    d = Deadline(0.001)
    time.sleep(0.005)
    with pytest.raises(BudgetExceeded):
        d.check()


@pytest.mark.parametrize("field", ["seconds", "queries", "samples"])
def test_budget_rejects_non_positive(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        Budget(**{field: 0})


def test_nested_windows_intersect() -> None:
    counter = QueryCounter()
    with counter.window(Budget(queries=10)):
        counter.charge(4)
        with counter.window(Budget(queries=100)) as inner:
            counter.charge(6)
            with pytest.raises(BudgetExceeded):
                counter.charge(1)  # the outer window has nothing left
            assert inner() == 6
        with pytest.raises(BudgetExceeded):
            counter.charge(1)
    with counter.window(Budget(seconds=60)), counter.window(Budget(seconds=0.001)):
        time.sleep(0.005)
        with pytest.raises(BudgetExceeded, match="time"):
            counter.charge(1)
