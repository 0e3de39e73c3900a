"""The ``Check`` protocol, the context a check runs in, and the one wrapper that runs it.

Timing, budgets and error capture live in :func:`run_check` only, so no check can forget them
(the same idea as foolbox's final ``__call__``).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from hauberk.core._budget import Budget, Deadline, QueryCounter
from hauberk.core._errors import BudgetExceeded
from hauberk.core._executor import Executor, LocalExecutor
from hauberk.core._finding import Rule
from hauberk.core._progress import NullProgress, Progress
from hauberk.core._result import CheckResult, Status
from hauberk.core._stage import Stage, StageSettings

log = logging.getLogger("hauberk.check")

#: What a target can provide; checks declare a subset of these as ``needs``.
CAPABILITIES = frozenset(
    {
        "model",  # predict_proba on inputs
        "gradients",  # the model is Differentiable
        "torch",  # the model is a torch module (fast white-box path)
        "data",  # evaluation inputs
        "labels",  # evaluation labels
        "membership",  # separate member (train) and non-member (test) splits
        "trainer",  # a function that trains a fresh model (shadow models, retraining)
        "artifacts",  # files on disk to inspect
        "endpoint",  # a remote HTTP endpoint
        "chat",  # a chat model (hauberk.llm.ChatModel): OpenAI-compatible HTTP or a callable
    }
)


@dataclass
class CheckContext:
    """What a check may use besides the target: its settings, seed, budget and progress."""

    settings: StageSettings
    seed: int
    budget: Budget = field(default_factory=Budget)
    progress: Progress = field(default_factory=NullProgress)
    base_dir: Path = field(default_factory=Path.cwd)  # where relative settings resolve
    executor: Executor = field(default_factory=LocalExecutor)  # where split work runs
    deadline: Deadline = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = Deadline(self.budget.seconds)

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def task_seed(self, *parts: object) -> int:
        """A seed for one task of this check, derived from the check's seed and the task's
        identity, never from the order tasks run in."""
        return derive_seed(self.seed, ":".join(str(p) for p in parts))

    def check_time(self) -> None:
        """Raise :class:`BudgetExceeded` once the check's time is up."""
        self.deadline.check()

    def sample_limit(self, available: int) -> int:
        """How many of ``available`` rows the sample budget allows."""
        limit = self.budget.samples
        return available if limit is None else min(available, limit)


@runtime_checkable
class Check(Protocol):
    """A unit of assessment. Register instances; the orchestrator selects and runs them."""

    @property
    def name(self) -> str: ...

    @property
    def stage(self) -> Stage: ...

    @property
    def needs(self) -> frozenset[str]: ...

    @property
    def rules(self) -> tuple[Rule, ...]: ...

    @property
    def description(self) -> str: ...

    def run(self, target: Any, ctx: CheckContext) -> CheckResult: ...


def derive_seed(seed: int, name: str) -> int:
    """A per-check seed: stable across runs and independent of which other checks ran."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def run_check(
    check: Check, target: Any, ctx: CheckContext, counter: QueryCounter | None = None
) -> CheckResult:
    """Run one check under its budget; a crash becomes an ``error`` result, never an abort."""
    counter = counter or QueryCounter()
    start = time.perf_counter()
    with counter.window(ctx.budget) as spent:
        try:
            result = check.run(target, ctx)
        except BudgetExceeded as exc:
            result = CheckResult(
                check.name, check.stage.name, Status.INCOMPLETE, reason=str(exc), partial=True
            )
        except Exception as exc:
            log.debug("check %s crashed", check.name, exc_info=True)
            reason = f"{type(exc).__name__}: {exc}"
            result = CheckResult(check.name, check.stage.name, Status.ERROR, reason=reason)
        queries = spent()
    return result.timed(time.perf_counter() - start, queries)
