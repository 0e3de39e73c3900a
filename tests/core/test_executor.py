"""The executors: same answers in item order, shared payload shipped once, a dead worker
retried, a task that fails for good raised as TaskFailed (and an ``error`` check result)."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from hauberk.core import (
    Budget,
    CheckContext,
    ConfigError,
    LocalExecutor,
    ProcessExecutor,
    Stage,
    StageSettings,
    Status,
    TaskFailed,
    make_executor,
    run_check,
)
from hauberk.core._executor import check_serialisable
from hauberk.core._lifecycle import Lifecycle


def scaled(shared: dict[str, int], item: int) -> tuple[int, int]:
    return item * shared["factor"], os.getpid()


def fails_on_three(shared: Any, item: int) -> int:
    if item == 3:
        raise ValueError("three is not allowed")
    return item


def dies_first_time(marker: str, item: int) -> int:
    """Kill its own worker process (SIGKILL, as the OOM killer would) on the first attempt."""
    path = Path(marker)
    if item == 1 and not path.exists():
        path.write_text("died once")
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 10


def always_dies(shared: Any, item: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return item


def test_local_runs_in_process_in_order() -> None:
    out = LocalExecutor().map(scaled, [3, 1, 2], shared={"factor": 2})
    assert [v for v, _ in out] == [6, 2, 4]
    assert {pid for _, pid in out} == {os.getpid()}


@pytest.mark.slow
def test_processes_equal_local_and_ship_a_closure() -> None:
    offset = 7

    def closure(shared: int, item: int) -> int:  # not importable: goes by cloudpickle
        return shared + item + offset

    items = list(range(6))
    ex = ProcessExecutor(workers=2)
    assert ex.map(closure, items, shared=100) == LocalExecutor().map(closure, items, shared=100)
    pids = {pid for _, pid in ex.map(scaled, items, shared={"factor": 1})}
    assert os.getpid() not in pids


@pytest.mark.slow
def test_a_task_that_raises_fails_for_good() -> None:
    ex = ProcessExecutor(workers=2)
    with pytest.raises(TaskFailed, match="task 4 of 5 failed: ValueError: three"):
        ex.map(fails_on_three, range(5))
    out = ex.map(fails_on_three, range(5), return_exceptions=True)
    assert out[:3] == [0, 1, 2] and isinstance(out[3], TaskFailed) and out[4] == 4


@pytest.mark.slow
def test_a_killed_worker_is_retried(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    out = ProcessExecutor(workers=2, max_retries=1).map(
        dies_first_time, range(3), shared=str(marker)
    )
    assert marker.exists()  # the worker really died once
    assert out == [0, 10, 20]


@pytest.mark.slow
def test_a_worker_that_keeps_dying_fails_the_check_closed() -> None:
    class Killer:
        name = "demo.killer"
        stage = Stage("demo", Lifecycle.INFERENCE, "a test stage", StageSettings)
        needs = frozenset[str]()
        rules = ()
        description = "kills its workers"

        def run(self, target: Any, ctx: CheckContext) -> Any:
            ctx.executor.map(always_dies, range(2))
            raise AssertionError("unreachable: the map must raise")

    ctx = CheckContext(
        settings=StageSettings(), seed=0, budget=Budget(),
        executor=ProcessExecutor(workers=1, max_retries=1),
    )  # fmt: skip
    result = run_check(Killer(), None, ctx)
    assert result.status is Status.ERROR
    assert "TaskFailed" in result.reason and "died 2 times (max_retries=1)" in result.reason


def test_unknown_executor_and_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="expected one of local, processes, ray"):
        make_executor("threads")
    with pytest.raises(ConfigError, match="workers must be >= 1"):
        ProcessExecutor(workers=0)
    with pytest.raises(ConfigError, match="ray executor needs a cluster address"):
        make_executor("ray", address=None)


def test_an_object_that_cannot_be_pickled_is_refused_before_work() -> None:
    with pytest.raises(ConfigError, match="the model cannot be serialised for the workers"):
        check_serialisable({"lock": threading.Lock()}, "the model")
    check_serialisable({"weights": [1.0, 2.0]}, "the model")


def test_task_seeds_depend_on_the_task_not_the_order() -> None:
    ctx = CheckContext(settings=StageSettings(), seed=5)
    assert ctx.task_seed("shadow", 3) == ctx.task_seed("shadow", 3)
    assert ctx.task_seed("shadow", 3) != ctx.task_seed("shadow", 4)


def thread_counts(shared: Any, item: int) -> tuple[int, list[int]]:
    """torch's intra-op threads and every BLAS/OpenMP pool's size, as the task sees them."""
    import torch
    from threadpoolctl import threadpool_info

    return torch.get_num_threads(), sorted({p["num_threads"] for p in threadpool_info()})


def test_local_pins_threads_for_its_tasks_and_puts_them_back() -> None:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        (inside,) = LocalExecutor(threads=1).map(thread_counts, [0])
        assert inside == (1, [1])
        assert torch.get_num_threads() == 2  # the caller's setting is back
        (untouched,) = LocalExecutor().map(thread_counts, [0])
        assert untouched[0] == 2
    finally:
        torch.set_num_threads(before)


@pytest.mark.slow
def test_process_workers_run_one_thread_per_task() -> None:
    import torch

    out = ProcessExecutor(workers=1).map(thread_counts, [0], shared=torch.zeros(1))
    assert out == [(1, [1])]
    with pytest.raises(ConfigError, match="threads must be >= 1"):
        ProcessExecutor(threads=0)
