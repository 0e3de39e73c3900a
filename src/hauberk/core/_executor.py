"""Where a check's parallel work runs: in process, on the cores of this machine, or on Ray.

A check splits its heavy work into independent tasks (one shadow model, one chunk of attacked
samples) and asks ``ctx.executor.map(fn, items, shared=...)`` for the answers, in item order.
``shared`` (the model and the data) is shipped once: ``ray.put`` for Ray, the pool's
initializer for processes, a plain argument in process. ``fn(shared, item)`` must not read
global random state: every task derives its seed from its item, so the answers do not depend
on which executor ran it or in what order.

Failures: a worker process that dies is retried up to ``max_retries`` times; a task that still
fails, or raises, raises :class:`TaskFailed` in the caller, which ``run_check`` turns into the
check's ``error`` result (fail closed: never a silent gap).

``processes`` uses ``concurrent.futures.ProcessPoolExecutor`` with the spawn start method (safe
with torch and threads) and cloudpickle for functions defined in ``__main__`` or closures;
``ray`` uses Ray tasks. Ray is imported only when the Ray executor is used.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar, runtime_checkable

from hauberk.core._errors import BudgetExceeded, ConfigError, HauberkError

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("local", "processes", "ray")
DEFAULT_RETRIES = 2


class TaskFailed(HauberkError):
    """A task failed for good (raised, or its worker died more than ``max_retries`` times)."""


@runtime_checkable
class Executor(Protocol):
    """Runs ``fn(shared, item)`` for every item and returns the answers in item order."""

    @property
    def name(self) -> str: ...

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """``[fn(shared, item) for item in items]``; with ``return_exceptions`` a task that
        failed for good is a :class:`TaskFailed` in its place instead of raising."""


class LocalExecutor:
    """In process, one task after another: the default, and what the others must equal."""

    name = "local"

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        if not return_exceptions:
            return [fn(shared, item) for item in items]
        out: list[Any] = []
        for i, item in enumerate(items):
            try:
                out.append(fn(shared, item))
            except Exception as exc:
                out.append(_failed(i, len(items), exc))
        return out


def _dumps(obj: Any) -> bytes:
    import cloudpickle  # type: ignore[import-untyped]  # a joblib (scikit-learn) dependency

    return bytes(cloudpickle.dumps(obj))


_WORKER_STATE: dict[str, Any] = {}


def _init_worker(payload: bytes) -> None:
    """Pool initializer: unpickle the function and the shared payload once per process."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER_STATE["fn"], _WORKER_STATE["shared"] = pickle.loads(payload)  # noqa: S301 - bytes this driver pickled


def _call_in_worker(item: bytes) -> bytes:
    fn = _WORKER_STATE["fn"]
    return _dumps(fn(_WORKER_STATE["shared"], pickle.loads(item)))  # noqa: S301 - bytes this driver pickled


class ProcessExecutor:
    """The cores of this machine: a spawn-started process pool per ``map`` call."""

    name = "processes"

    def __init__(self, *, workers: int | None = None, max_retries: int = DEFAULT_RETRIES) -> None:
        if workers is not None and workers < 1:
            raise ConfigError(f"processes executor: workers must be >= 1, got {workers}")
        if max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {max_retries}")
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.max_retries = max_retries

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        import multiprocessing

        if not items:
            return []
        payload = _dumps((fn, shared))
        blobs = [_dumps(item) for item in items]
        results: dict[int, Any] = {}
        attempts = 0
        while True:
            todo = [i for i in range(len(items)) if i not in results]
            pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(todo)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(payload,),
            )
            broken = False
            try:
                futures: dict[int, Future[bytes]] = {
                    i: pool.submit(_call_in_worker, blobs[i]) for i in todo
                }
                for i, fut in futures.items():
                    try:
                        results[i] = pickle.loads(fut.result())  # noqa: S301 - our own workers
                    except BrokenProcessPool:
                        broken = True
                    except BudgetExceeded:
                        raise  # a budget cut is "incomplete", not a failed task
                    except Exception as exc:
                        if not return_exceptions:
                            raise _failed(i, len(items), exc) from exc
                        results[i] = _failed(i, len(items), exc)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            if not broken:
                return [results[i] for i in range(len(items))]
            attempts += 1
            if attempts > self.max_retries:
                lost = len(items) - len(results)
                why = TaskFailed(
                    f"{lost} of {len(items)} tasks lost: a worker process died "
                    f"{attempts} times (max_retries={self.max_retries})"
                )
                if not return_exceptions:
                    raise why
                return [results.get(i, why) for i in range(len(items))]


def _ray_call(fn: Callable[[Any, Any], Any], shared: Any, item: Any) -> Any:
    return fn(shared, item)


class RayExecutor:
    """Ray tasks on the cluster the driver is connected to (see :func:`connect_ray`).

    The function and the shared payload go into the object store once per ``map`` call; each
    task gets their references. A worker that dies is retried by Ray (``max_retries``);
    exceptions raised by the task itself are not retried (they would fail the same way).
    """

    name = "ray"

    def __init__(self, *, max_retries: int = DEFAULT_RETRIES, num_cpus: float = 1.0) -> None:
        if max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {max_retries}")
        self.max_retries = max_retries
        self.num_cpus = num_cpus

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        import ray
        from ray.exceptions import RayError, RayTaskError

        if not items:
            return []
        remote = ray.remote(max_retries=self.max_retries, num_cpus=self.num_cpus)(_ray_call)
        fn_ref = ray.put(fn)
        shared_ref = shared if isinstance(shared, ray.ObjectRef) else ray.put(shared)
        refs = [remote.remote(fn_ref, shared_ref, item) for item in items]
        out: list[Any] = []
        for i, ref in enumerate(refs):
            try:
                out.append(ray.get(ref))
                continue
            except RayTaskError as exc:
                cause = exc.cause if exc.cause is not None else exc
                if isinstance(cause, BudgetExceeded):
                    raise cause from None  # a budget cut is "incomplete", not a failure
                why = _failed(i, len(items), cause)
            except RayError as exc:  # the worker or its node died, retries spent
                why = TaskFailed(
                    f"task {i + 1} of {len(items)} lost after {self.max_retries} retries: "
                    f"{type(exc).__name__}: {_first_line(exc)}"
                )
            if not return_exceptions:
                for rest in refs[i + 1 :]:
                    ray.cancel(rest)
                raise why
            out.append(why)
        return out


def _failed(i: int, n: int, exc: BaseException) -> TaskFailed:
    if isinstance(exc, TaskFailed):
        return exc
    return TaskFailed(f"task {i + 1} of {n} failed: {type(exc).__name__}: {_first_line(exc)}")


def make_executor(
    kind: str, *, address: str | None = None, max_retries: int = DEFAULT_RETRIES
) -> Executor:
    """The executor named in ``[assess] executor``; Ray connects to ``address`` here."""
    if kind == "local":
        return LocalExecutor()
    if kind == "processes":
        return ProcessExecutor(max_retries=max_retries)
    if kind == "ray":
        connect_ray(address)
        return RayExecutor(max_retries=max_retries)
    raise ConfigError(f"[assess] executor: expected one of {', '.join(EXECUTORS)}, got {kind!r}")


def connect_ray(address: str | None, *, timeout: float = 30.0) -> None:
    """Connect the driver to a running Ray cluster, or say in one line why it cannot.

    Checks, before any work: the address answers, Ray's own version check (driver and cluster
    must run the same Ray and Python), and that a task on the cluster imports the same hauberk
    version as the driver.
    """
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "the ray executor needs Ray: pip install 'hauberk[distributed]'"
        ) from None
    import hauberk

    if not address:
        raise ConfigError("the ray executor needs a cluster address: --ray HOST:PORT")
    _reachable(address)
    if ray.is_initialized():
        ray.shutdown()
    try:
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except ConnectionError as exc:
        raise ConfigError(
            f"--ray {address}: no Ray cluster answers there ({_first_line(exc)}); start one "
            "with `ray start --head` or give the address it printed"
        ) from None
    except Exception as exc:
        raise ConfigError(f"--ray {address}: {ray_problem(exc)}") from None

    @ray.remote(num_cpus=0, max_retries=0)
    def _versions() -> tuple[str, str]:
        import platform

        import hauberk as remote_hauberk

        return remote_hauberk.__version__, platform.python_version()

    import platform

    try:
        theirs = ray.get(_versions.remote(), timeout=timeout)
    except Exception as exc:
        ray.shutdown()
        raise ConfigError(
            f"--ray {address}: the cluster cannot run hauberk tasks ({_first_line(exc)}); "
            "install the same hauberk on every node"
        ) from None
    ours = (hauberk.__version__, platform.python_version())
    if theirs != ours:
        ray.shutdown()
        raise ConfigError(
            f"--ray {address}: version mismatch: the cluster runs hauberk {theirs[0]} on "
            f"Python {theirs[1]}, this driver hauberk {ours[0]} on Python {ours[1]}; install "
            "the same versions on both"
        )


def _reachable(address: str, timeout: float = 5.0) -> None:
    """A quick TCP connect, so an address nobody answers fails in seconds, not minutes."""
    import socket

    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ConfigError(f"--ray {address}: expected HOST:PORT, e.g. 127.0.0.1:6379")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConfigError(
            f"--ray {address}: no Ray cluster answers there ({exc.strerror or exc}); start "
            "one with `ray start --head` or give the address it printed"
        ) from None


def ray_problem(exc: BaseException) -> str:
    """Ray's connection errors in one line: a version mismatch says which versions."""
    text = str(exc)
    if "version mismatch" in text.lower() or "Version mismatch" in text:
        detail = " ".join(line.strip() for line in text.splitlines() if "version" in line.lower())
        return f"version mismatch between this driver and the cluster: {detail[:300]}"
    return f"cannot connect: {type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def check_serialisable(obj: Any, what: str) -> None:
    """Refuse, before any work, an object the workers could not receive."""
    try:
        _dumps(obj)
    except Exception as exc:
        raise ConfigError(
            f"{what} cannot be serialised for the workers ({type(exc).__name__}: "
            f"{_first_line(exc)}); use executor = 'local', or give a model that pickles "
            "(a module-level class or function, no open handles or locks)"
        ) from None


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Seed the global generators (random, NumPy, torch if loaded) for one task, and put the
    previous states back afterwards: a task's answer then depends on its own seed only, not
    on what ran before it in the same process."""
    import random
    import sys

    import numpy as np

    states: list[Any] = [random.getstate(), np.random.get_state()]
    torch = sys.modules.get("torch")
    if torch is not None:
        states.append(torch.random.get_rng_state())
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if torch is not None:
        torch.manual_seed(seed)
    try:
        yield
    finally:
        random.setstate(states[0])
        np.random.set_state(states[1])
        if torch is not None:
            torch.random.set_rng_state(states[2])
