"""Checks as Ray tasks, and the checks before any work that make ``--ray`` fail early.

With ``executor = "ray"`` every selected check runs as one Ray task on the cluster (the target
is put into the object store once and every check task gets its reference); inside a check,
``ctx.executor`` is a :class:`~hauberk.core.RayExecutor` too, so shadow models and attack
chunks become nested tasks. With ``"processes"`` the checks run one after another in this
process and only their split work goes to the process pool (a machine's cores are better spent
on the tasks inside one check than on checks competing for them).

Query budgets: each check's own budget is a window on the worker's copy of the model counter,
so it holds exactly per check. A run-wide cap (``[model] max_queries``) cannot be split ahead
of time, so when one is set the check tasks are dispatched one at a time and each starts from
the total spent so far; the driver adds each check's queries to its counter when it returns
(counters reconciled by the driver: the cap holds exactly, at the cost of running checks one
after another). Time budgets start when the check starts on its worker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hauberk.core import (
    Budget,
    Check,
    CheckContext,
    CheckResult,
    NullProgress,
    Progress,
    QueryCounter,
    StageSettings,
    run_check,
)
from hauberk.core._executor import (
    Executor,
    LocalExecutor,
    RayExecutor,
    TaskFailed,
    check_serialisable,
    make_executor,
)

if TYPE_CHECKING:
    from hauberk.assess._config import AssessConfig
    from hauberk.models import Target


@dataclass(frozen=True)
class CheckTask:
    """One selected check with everything it runs under except the target."""

    check: Check
    settings: StageSettings
    seed: int
    budget: Budget
    base_dir: Path
    total_before: int | None = None  # queries spent before it, under a run-wide cap
    max_retries: int = 2


def open_executor(config: AssessConfig) -> Executor:
    """The configured executor; for Ray this connects and checks versions (exit 2 if not)."""
    section = config.assess
    if section.executor == "local":
        return LocalExecutor()
    return make_executor(section.executor, address=section.address, max_retries=section.max_retries)


def prepare_executor(executor: Executor, target: Target) -> None:
    """Refuse, before any check runs, a target the workers could not receive."""
    if not isinstance(executor, LocalExecutor):
        check_serialisable(target.model, "the model")
        check_serialisable(target, "the target (model, data, trainer)")


def close_executor(executor: Executor) -> None:
    if isinstance(executor, RayExecutor):
        import ray

        ray.shutdown()


def run_check_task(target: Target, task: CheckTask) -> CheckResult:
    """One check on a Ray worker: the same seeding and wrapper as in process."""
    from hauberk.assess._run import deduplicated_warnings, seed_everything

    counter = target.model.counter if target.model is not None else QueryCounter()
    counter.detach()
    if task.total_before is not None:
        counter.total = task.total_before
    seed_everything(task.seed)
    ctx = CheckContext(
        settings=task.settings,
        seed=task.seed,
        budget=task.budget,
        progress=NullProgress(),
        base_dir=task.base_dir,
        executor=RayExecutor(max_retries=task.max_retries),
    )
    with deduplicated_warnings(task.check.name):
        return run_check(task.check, target, ctx, counter)


def run_on_ray(
    tasks: list[CheckTask],
    target: Target,
    counter: QueryCounter,
    executor: RayExecutor,
    progress: Progress,
) -> list[CheckResult]:
    """Every check as a Ray task; a task lost for good is that check's ``error`` result."""
    import ray

    from hauberk.assess._run import _notify

    shared = ray.put(target)  # shipped once, whatever the number of checks
    tasks = [replace(t, max_retries=executor.max_retries) for t in tasks]
    for i, task in enumerate(tasks, start=1):
        _notify(progress, "check_started", task.check.name, i, len(tasks))
    if counter.hard_limit is None:
        answers = executor.map(run_check_task, tasks, shared=shared, return_exceptions=True)
    else:
        answers = []
        for task in tasks:
            one = replace(task, total_before=counter.total)
            answers += executor.map(run_check_task, [one], shared=shared, return_exceptions=True)
            if isinstance(answers[-1], CheckResult):
                counter.absorb(answers[-1].queries)
    results = []
    for i, (task, answer) in enumerate(zip(tasks, answers, strict=True), start=1):
        result = answer if isinstance(answer, CheckResult) else _lost(task, answer)
        results.append(result)
        _notify(progress, "check_finished", result, i, len(tasks))
    return results


def _lost(task: CheckTask, exc: Any) -> CheckResult:
    why = str(exc) if isinstance(exc, TaskFailed) else f"{type(exc).__name__}: {exc}"
    return CheckResult.error(
        task.check.name, task.check.stage.name, f"the check's Ray task failed for good: {why}"
    )
