"""Stage 7: the model. Blue-green versions with an atomic switch and rollback, a shadow model
whose disagreements are counted, and an optional moving-target ensemble.

Every version is loaded (and verified) before the server starts; the admin routes can only
choose among them, never load anything. The live choice is one tuple assigned under a lock,
so a request sees either the old or the new version, never a mix. Versions must agree on
input spec and classes, so switching cannot change the request schema under clients.
Moving target (after Sengupta et al., "MTDeep", GameSec 2017) answers each request from a
randomly chosen member of the ensemble, so an attacker cannot tailor inputs to one model.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._guards import InputGuard, rejected
from hauberk.models import Model, NonFiniteOutputError

log = logging.getLogger("hauberk.gateway")


def _overflow() -> GatewayError:
    return GatewayError(
        "non_finite_output",
        "the model's output for these inputs is not finite; send smaller values",
        reason="model output overflowed",
    )


def _compatible(a: Model, b: Model) -> bool:
    return a.input_spec == b.input_spec and tuple(a.classes) == tuple(b.classes)


class ModelVersions:
    """Named, preloaded models and which one is live."""

    def __init__(
        self,
        models: Mapping[str, Model],
        *,
        active: str | None = None,
        shadow: str | None = None,
        moving_target: Sequence[str] = (),
    ) -> None:
        if not models:
            raise ConfigError("the gateway needs at least one model version")
        self.models = dict(models)
        first = next(iter(self.models))
        active = active or first
        for role, name in (
            ("active", active),
            ("shadow", shadow),
            *(("moving_target", n) for n in moving_target),
        ):
            if name is not None and name not in self.models:
                raise ConfigError(f"{role} version {name!r} is not among {sorted(self.models)}")
        base = self.models[active]
        for name, model in self.models.items():
            if not _compatible(base, model):
                raise ConfigError(
                    f"version {name!r} has another input spec or classes than {active!r}; "
                    "versions of one gateway must be interchangeable"
                )
        self.shadow = shadow
        self.moving_target = tuple(moving_target)
        self._lock = threading.Lock()
        self._live: tuple[str, str | None] = (active, None)  # (active, previous)

    @property
    def active(self) -> str:
        return self._live[0]

    @property
    def previous(self) -> str | None:
        return self._live[1]

    @property
    def spec_model(self) -> Model:
        return self.models[self.active]

    def switch(self, name: str) -> str:
        """Make ``name`` live; return the version it replaced."""
        if name not in self.models:
            raise GatewayError("unknown_version", "no such model version", reason=f"{name!r:.80}")
        with self._lock:
            old = self._live[0]
            if name != old:
                self._live = (name, old)
        return old

    def rollback(self) -> str:
        """Go back to the version live before the last switch; return the restored one."""
        with self._lock:
            active, previous = self._live
            if previous is None:
                raise GatewayError(
                    "incompatible_version", "there is no previous version to roll back to"
                )
            self._live = (previous, active)
        return previous

    def describe(self) -> dict[str, Any]:
        active, previous = self._live
        return {
            "active": active,
            "previous": previous,
            "versions": sorted(self.models),
            "shadow": self.shadow,
            "moving_target": list(self.moving_target),
        }


Scored = tuple[str, NDArray[np.float64], NDArray[np.float64]]  # version, proba, post(proba)


@dataclass
class _Job:
    version: str
    x: NDArray[Any]
    future: Future[Scored] = field(default_factory=Future)


class ModelRunner:
    """Scores requests on one inference thread, coalescing those that queue up meanwhile.

    Every request picks its version when it arrives (the live one, or a random ensemble
    member). While the model is busy, later requests wait in a queue; the thread then takes
    all of them, up to ``batch_rows`` rows, and scores each version's rows in one call (the
    dynamic batching of Triton or Ray Serve). One thread rather than a pool of them: a model
    that holds the GIL gains nothing from more, and a pool's threads fighting for it starve the
    event loop (measured in bench/gateway.py). Models hauberk loads score rows independently,
    so a coalesced answer equals a lone one up to floating-point summation order. If a
    coalesced call fails, each request is scored alone so that one bad request fails alone.
    ``post`` (the row-wise output hardening) and the input ``guards`` run once per call on the
    coalesced rows; a guard's flag on a row refuses the request that holds it, and only that
    one.
    """

    def __init__(
        self,
        versions: ModelVersions,
        *,
        batch_rows: int = 256,
        post: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None = None,
        guards: Sequence[InputGuard] = (),
        refuse: Callable[[InputGuard], Exception] | None = None,
    ) -> None:
        if batch_rows < 1:
            raise ConfigError(f"batch_rows must be >= 1, got {batch_rows}")
        self.versions = versions
        self.batch_rows = batch_rows
        self.post = post
        self.guards = tuple(guards)
        self.refuse = refuse or (lambda guard: rejected(guard.name))
        self._cond = threading.Condition()
        self._queue: deque[_Job] = deque()
        self._thread: threading.Thread | None = None
        self._closed = False

    def choose(self) -> str:
        members = self.versions.moving_target
        return secrets.choice(members) if members else self.versions.active

    def submit(self, x: NDArray[Any]) -> Future[Scored]:
        """Queue ``x``; the future gives ``(version, probabilities, post(probabilities))``."""
        job = _Job(self.choose(), x)
        with self._cond:
            if self._closed:
                raise GatewayError("not_ready", "the server is stopping")
            self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hauberk-gateway-model", daemon=True
                )
                self._thread.start()
            self._cond.notify()
        return job.future

    def _take(self) -> list[_Job] | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            jobs = [self._queue.popleft()]
            rows = len(jobs[0].x)
            while self._queue and rows + len(self._queue[0].x) <= self.batch_rows:
                rows += len(self._queue[0].x)
                jobs.append(self._queue.popleft())
        # A request whose client went away was cancelled: do not score it.
        return [job for job in jobs if job.future.set_running_or_notify_cancel()]

    def _run(self) -> None:
        while (jobs := self._take()) is not None:
            by_version: dict[str, list[_Job]] = {}
            for job in jobs:
                by_version.setdefault(job.version, []).append(job)
            for name, group in by_version.items():
                self._score(name, group)

    def _score(self, name: str, jobs: list[_Job]) -> None:
        model = self.versions.models[name]
        if len(jobs) > 1:
            try:
                parts = self._call(model, np.concatenate([job.x for job in jobs]))
            except Exception:  # find the request that broke it: score each alone below
                log.info("a coalesced call of %d requests failed; scoring each alone", len(jobs))
            else:
                start = 0
                for job in jobs:
                    end = start + len(job.x)
                    self._settle(job, name, [part[start:end] for part in parts])
                    start = end
                return
        for job in jobs:
            try:
                parts = self._call(model, job.x)
            except NonFiniteOutputError:
                job.future.set_exception(_overflow())
            except Exception as exc:
                job.future.set_exception(exc)
            else:
                self._settle(job, name, parts)

    def _call(self, model: Model, x: NDArray[Any]) -> list[NDArray[Any]]:
        """Probabilities, hardened scores, the rows whose output overflowed, and each guard's
        row flags for ``x``. Outputs that overflowed (1e38 into a float32 layer) refuse their
        request with ``non_finite_output`` (422): hauberk's adapters raise
        :class:`~hauberk.models.NonFiniteOutputError`, and the coalesced call is retried per
        request; rows of other models go on as uniform scores and are refused the same way."""
        with np.errstate(over="ignore", invalid="ignore"):
            proba = model.predict_proba(x)
            overflowed = np.asarray(~np.isfinite(proba).all(axis=1))
            if overflowed.any():
                proba = proba.copy()
                proba[overflowed] = 1.0 / proba.shape[1]
            after = proba if self.post is None else self.post(proba)
            flags = [g.flags(x, proba, model.predict_proba) for g in self.guards]
        return [proba, after, overflowed, *flags]

    def _settle(self, job: _Job, name: str, parts: list[NDArray[Any]]) -> None:
        proba, after, overflowed, *flags = parts
        if overflowed.any():
            job.future.set_exception(_overflow())
            return
        for guard, flagged in zip(self.guards, flags, strict=True):
            if flagged.any():
                job.future.set_exception(self.refuse(guard))
                return
        job.future.set_result((name, proba, after))

    def close(self) -> None:
        """Score what is queued, then stop the inference thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
