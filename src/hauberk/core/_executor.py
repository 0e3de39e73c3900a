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

Threads: a worker runs one task per core, so each task is pinned to ``threads`` (default 1)
threads in torch and in the BLAS/OpenMP pools (threadpoolctl); in process the default leaves
the caller's settings alone, and ``LocalExecutor(threads=1)`` pins them the same way for a
fair comparison (bench/distributed.py does).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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
    """In process, one task after another: the default, and what the others must equal.

    ``threads`` pins torch's and the BLAS/OpenMP thread pools for each task (see
    :func:`pinned_threads`) and puts them back after; ``None`` (the default) leaves this
    process's settings alone."""

    name = "local"

    def __init__(self, *, threads: int | None = None) -> None:
        self.threads = _check_threads(threads)

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        out: list[Any] = []
        with pinned_threads(self.threads):
            for i, item in enumerate(items):
                try:
                    out.append(fn(shared, item))
                except Exception as exc:
                    if not return_exceptions:
                        raise  # the task's own exception, as a plain call raises it
                    out.append(_settle(i, len(items), exc, return_exceptions))
        return out


def _dumps(obj: Any) -> bytes:
    import cloudpickle  # type: ignore[import-untyped]  # a joblib (scikit-learn) dependency

    return bytes(cloudpickle.dumps(obj))


def _check_threads(threads: int | None) -> int | None:
    if threads is not None and threads < 1:
        raise ConfigError(f"threads must be >= 1 (or None to leave them alone), got {threads}")
    return threads


def _settle(i: int, n: int, exc: BaseException, return_exceptions: bool) -> TaskFailed:
    """What task ``i`` of ``n`` that raised ``exc`` becomes, the same on every executor: a budget
    cut goes up as it is (the check is ``incomplete``, not failed); anything else is a
    :class:`TaskFailed`, raised, or returned in the task's place with ``return_exceptions``."""
    if isinstance(exc, BudgetExceeded):
        raise exc
    why = _failed(i, n, exc)
    if not return_exceptions:
        raise why from exc
    return why


@contextmanager
def pinned_threads(n: int | None) -> Iterator[None]:
    """Run the block with ``n`` threads in torch's intra-op pool (when torch is loaded) and in
    every BLAS/OpenMP pool threadpoolctl finds (NumPy's OpenBLAS, scikit-learn's OpenMP), then
    put the previous sizes back. ``None`` leaves everything alone.

    The workers of ``processes`` and ``ray`` run one task per core with one thread each (the
    default ``threads=1``), so a comparison with in process is fair only when in process is
    pinned the same way: ``LocalExecutor(threads=1)``."""
    if n is None:
        yield
        return
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    torch = sys.modules.get("torch")
    saved = torch.get_num_threads() if torch is not None else None
    with threadpool_limits(limits=n):
        if torch is not None:
            torch.set_num_threads(n)
        try:
            yield
        finally:
            if torch is not None and saved is not None:
                torch.set_num_threads(saved)


_WORKER_STATE: dict[str, Any] = {}


def _init_worker(payload: bytes, threads: int | None) -> None:
    """Pool initializer: pin the thread pools (before torch loads, through the environment,
    and after, directly), then unpickle the function and the shared payload once."""
    if threads is not None:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(threads)
    _WORKER_STATE["fn"], _WORKER_STATE["shared"] = pickle.loads(payload)  # noqa: S301 - bytes this driver pickled
    if threads is not None:  # for the life of this worker process: nothing to put back
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads)
        torch = sys.modules.get("torch")
        if torch is not None:
            torch.set_num_threads(threads)


def _call_in_worker(item: bytes) -> bytes:
    fn = _WORKER_STATE["fn"]
    return _dumps(fn(_WORKER_STATE["shared"], pickle.loads(item)))  # noqa: S301 - bytes this driver pickled


class _Retrying:
    """What the executors with workers share: how often a lost worker's task is tried again,
    and how many threads each task may use."""

    name = "workers"

    def __init__(self, *, max_retries: int = DEFAULT_RETRIES, threads: int | None = 1) -> None:
        if max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {max_retries}")
        self.max_retries = max_retries
        self.threads = _check_threads(threads)

    def map(
        self,
        fn: Callable[[Any, T], R],
        items: Sequence[T],
        *,
        shared: Any = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        return self._map(fn, items, shared, return_exceptions) if items else []

    def _map(
        self, fn: Callable[[Any, T], R], items: Sequence[T], shared: Any, return_exceptions: bool
    ) -> list[Any]:
        raise NotImplementedError

    def _lost(self, what: str, return_exceptions: bool) -> TaskFailed:
        """A task whose worker died more than ``max_retries`` times."""
        why = TaskFailed(f"{what} (max_retries={self.max_retries})")
        if not return_exceptions:
            raise why
        return why


class ProcessExecutor(_Retrying):
    """The cores of this machine: a spawn-started process pool per ``map`` call.

    A pool whose worker died is replaced and the tasks without an answer run again, up to
    ``max_retries`` times."""

    name = "processes"

    def __init__(
        self,
        *,
        workers: int | None = None,
        max_retries: int = DEFAULT_RETRIES,
        threads: int | None = 1,
    ) -> None:
        if workers is not None and workers < 1:
            raise ConfigError(f"processes executor: workers must be >= 1, got {workers}")
        super().__init__(max_retries=max_retries, threads=threads)
        self.workers = workers or max(1, os.cpu_count() or 1)

    def _map(
        self, fn: Callable[[Any, T], R], items: Sequence[T], shared: Any, return_exceptions: bool
    ) -> list[Any]:
        import multiprocessing

        payload = _dumps((fn, shared))
        blobs = [_dumps(item) for item in items]
        results: dict[int, Any] = {}
        for _ in range(self.max_retries + 1):
            todo = [i for i in range(len(items)) if i not in results]
            pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(todo)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(payload, self.threads),
            )
            try:
                futures = {i: pool.submit(_call_in_worker, blobs[i]) for i in todo}
                for i, fut in futures.items():
                    try:
                        results[i] = pickle.loads(fut.result())  # noqa: S301 - our own workers
                    except BrokenProcessPool:
                        pass  # its worker died: tried again with a fresh pool
                    except Exception as exc:
                        results[i] = _settle(i, len(items), exc, return_exceptions)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            if len(results) == len(items):
                return [results[i] for i in range(len(items))]
        lost, tries = len(items) - len(results), self.max_retries + 1
        why = self._lost(
            f"{lost} of {len(items)} tasks lost: a worker process died {tries} times",
            return_exceptions,
        )
        return [results.get(i, why) for i in range(len(items))]


def _ray_call(fn: Callable[[Any, Any], Any], shared: Any, item: Any, threads: int | None) -> Any:
    with pinned_threads(threads):
        return fn(shared, item)


class RayExecutor(_Retrying):
    """Ray tasks on the cluster the driver is connected to (see :func:`connect_ray`).

    The function and the shared payload go into the object store once per ``map`` call; each
    task gets their references. A worker that dies is retried by Ray (``max_retries``);
    exceptions raised by the task itself are not retried (they would fail the same way).
    """

    name = "ray"

    def __init__(
        self, *, max_retries: int = DEFAULT_RETRIES, num_cpus: float = 1.0, threads: int | None = 1
    ) -> None:
        super().__init__(max_retries=max_retries, threads=threads)
        self.num_cpus = num_cpus

    def _map(
        self, fn: Callable[[Any, T], R], items: Sequence[T], shared: Any, return_exceptions: bool
    ) -> list[Any]:
        import ray
        from ray.exceptions import RayError, RayTaskError

        remote = ray.remote(max_retries=self.max_retries, num_cpus=self.num_cpus)(_ray_call)
        fn_ref = ray.put(fn)
        shared_ref = shared if isinstance(shared, ray.ObjectRef) else ray.put(shared)
        refs = [remote.remote(fn_ref, shared_ref, item, self.threads) for item in items]
        out: list[Any] = []
        try:
            for i, ref in enumerate(refs):
                try:
                    out.append(ray.get(ref))
                except RayTaskError as exc:
                    cause = exc.cause if exc.cause is not None else exc
                    out.append(_settle(i, len(items), cause, return_exceptions))
                except RayError as exc:  # the worker or its node died, retries spent
                    what = (
                        f"task {i + 1} of {len(items)} lost after {self.max_retries} retries: "
                        f"{type(exc).__name__}: {_first_line(exc)}"
                    )
                    out.append(self._lost(what, return_exceptions))
        except BaseException:
            for rest in refs[len(out) + 1 :]:
                ray.cancel(rest)
            raise
        return out


def _failed(i: int, n: int, exc: BaseException) -> TaskFailed:
    if isinstance(exc, TaskFailed):
        return exc
    return TaskFailed(f"task {i + 1} of {n} failed: {type(exc).__name__}: {_first_line(exc)}")


def make_executor(
    kind: str,
    *,
    address: str | None = None,
    max_retries: int = DEFAULT_RETRIES,
    threads: int | None = None,
) -> Executor:
    """The executor named in ``[assess] executor``; Ray connects to ``address`` here.

    ``threads``: threads per task (:func:`pinned_threads`); ``None`` gives each executor its
    default: this process's settings in process, one thread per task on workers."""
    if kind == "local":
        return LocalExecutor(threads=threads)
    if kind == "processes":
        return ProcessExecutor(max_retries=max_retries, threads=threads or 1)
    if kind == "ray":
        connect_ray(address)
        return RayExecutor(max_retries=max_retries, threads=threads or 1)
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
