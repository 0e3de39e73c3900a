"""The inference thread: coalescing queued requests, per-version groups, failure isolation."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.gateway import GatewayError, ModelVersions
from hauberk.gateway._versions import ModelRunner
from hauberk.models import CallableModel, InputSpec

SPEC = InputSpec(shape=(2,), dtype="float64")


class Recording:
    """A model that records each call's batch size and can be held mid-call."""

    def __init__(self, label: int = 0, *, poison: float | None = None) -> None:
        self.calls: list[int] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        self.poison = poison

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.entered.set()
        self.gate.wait(10)
        self.calls.append(len(x))
        if self.poison is not None and (x == self.poison).any():
            raise ValueError("poisoned row")
        p = 1 / (1 + np.exp(-x[:, :1]))
        return np.hstack([p, 1 - p])


def runner_for(
    *fns: Recording, batch_rows: int = 256, moving: bool = False, post: Any = None
) -> ModelRunner:
    models = {
        f"v{i}": CallableModel(fn, classes=(0, 1), input_spec=SPEC) for i, fn in enumerate(fns)
    }
    versions = ModelVersions(models, moving_target=tuple(models) if moving else ())
    return ModelRunner(versions, batch_rows=batch_rows, post=post)


def rows(n: int, start: float = 0.0) -> np.ndarray:
    return np.arange(start, start + 2 * n, dtype=np.float64).reshape(n, 2) / 10


def busy(fn: Recording, runner: ModelRunner) -> Future[Any]:
    """Submit one request and wait until the model is inside it, held at the gate."""
    fn.gate.clear()
    first = runner.submit(rows(1, 100))
    assert fn.entered.wait(10)
    return first


def hold_then_queue(fn: Recording, runner: ModelRunner, batches: list[np.ndarray]) -> list[Any]:
    """Block the model on a first request, queue ``batches`` behind it, then release."""
    first = busy(fn, runner)
    futures = [runner.submit(b) for b in batches]
    fn.gate.set()
    first.result(10)
    return [f.result(10) for f in futures]


def test_queued_requests_are_scored_in_one_call_with_the_same_answers() -> None:
    fn = Recording()
    runner = runner_for(fn)
    batches = [rows(1, i) for i in range(8)] + [rows(3, 50)]
    results = hold_then_queue(fn, runner, batches)
    for batch, (version, proba, scores) in zip(batches, results, strict=True):
        assert version == "v0"
        assert np.allclose(proba[:, 0], 1 / (1 + np.exp(-batch[:, 0])))
        assert np.array_equal(scores, proba)  # no post-processing configured
    assert fn.calls == [1, 11]  # the queued ones went together
    runner.close()


def test_post_processing_runs_once_per_call_and_is_sliced_per_request() -> None:
    fn, seen = Recording(), []

    def post(p: np.ndarray) -> np.ndarray:
        seen.append(len(p))
        return np.round(p, 1)

    runner = runner_for(fn, post=post)
    batches = [rows(1, i) for i in range(5)]
    results = hold_then_queue(fn, runner, batches)
    assert seen == [1, 5]
    for (_, proba, scores), batch in zip(results, batches, strict=True):
        assert len(scores) == len(batch)
        assert np.array_equal(scores, np.round(proba, 1))
    runner.close()


def test_batch_rows_caps_a_coalesced_call() -> None:
    fn = Recording()
    runner = runner_for(fn, batch_rows=4)
    hold_then_queue(fn, runner, [rows(1, i) for i in range(10)] + [rows(6, 90)])
    assert fn.calls == [1, 4, 4, 2, 6]  # in order; a request over the cap goes alone, unsplit
    runner.close()


def test_a_failing_request_fails_alone() -> None:
    fn = Recording(poison=9.9)
    runner = runner_for(fn)
    bad = np.array([[9.9, 9.9]])
    batches = [rows(1, 0), bad, rows(1, 5)]
    first = busy(fn, runner)
    futures = [runner.submit(b) for b in batches]
    fn.gate.set()
    first.result(10)
    assert futures[0].result(10)[0] == "v0"
    assert futures[2].result(10)[0] == "v0"
    with pytest.raises(ValueError, match="poisoned"):
        futures[1].result(10)
    runner.close()


def test_moving_target_groups_rows_by_the_version_each_request_drew() -> None:
    fns = (Recording(), Recording(), Recording())
    runner = runner_for(*fns, moving=True)
    seen = {runner.submit(rows(1, i)).result(10)[0] for i in range(60)}
    assert seen == {"v0", "v1", "v2"}
    runner.close()


def test_cancelled_requests_are_not_scored_and_close_drains_the_queue() -> None:
    fn = Recording()
    runner = runner_for(fn)
    first = busy(fn, runner)
    cancelled = runner.submit(rows(1, 7))
    kept: Future[Any] = runner.submit(rows(1, 8))
    assert cancelled.cancel()
    fn.gate.set()
    runner.close()  # scores what is queued, then stops
    assert first.done() and kept.result(0)[0] == "v0"
    assert sum(fn.calls) == 2
    with pytest.raises(GatewayError) as err:
        runner.submit(rows(1))
    assert err.value.code == "not_ready"


def test_batch_rows_must_be_positive() -> None:
    with pytest.raises(ConfigError):
        runner_for(Recording(), batch_rows=0)


class NegativeFirstFeature:
    """A guard flagging rows with a negative first feature, and recording what it judged."""

    name = "negative"

    def __init__(self) -> None:
        self.judged: list[int] = []

    def flags(self, x: np.ndarray, proba: np.ndarray, score: Any) -> np.ndarray:
        self.judged.append(len(x))
        assert np.array_equal(score(x), proba)  # scored by the model that made proba
        flagged: np.ndarray = x[:, 0] < 0
        return flagged


def test_guards_judge_the_coalesced_rows_once_and_refuse_only_flagged_requests() -> None:
    fn, guard = Recording(), NegativeFirstFeature()
    models = {"v0": CallableModel(fn, classes=(0, 1), input_spec=SPEC)}
    runner = ModelRunner(ModelVersions(models), guards=[guard])
    batches = [rows(1, 0), np.array([[1.0, 0.0], [-9.0, 0.0]]), rows(2, 3)]
    first = busy(fn, runner)
    futures = [runner.submit(b) for b in batches]
    fn.gate.set()
    first.result(10)
    assert futures[0].result(10)[0] == "v0" and futures[2].result(10)[0] == "v0"
    with pytest.raises(GatewayError) as err:
        futures[1].result(10)
    assert err.value.code == "input_rejected"
    assert guard.judged == [1, 5]  # the held request, then the three coalesced ones together
    runner.close()


def test_an_overflowing_request_is_a_422_and_refuses_only_itself() -> None:
    """Scores that overflow (here: NaN from the model) refuse the request that sent them with
    ``non_finite_output``; a request coalesced with it is answered."""

    def overflow(x: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-np.clip(x[:, :1], -50, 50)))
        return np.where(x[:, :1] > 1e30, np.nan, np.hstack([p, 1 - p]))

    fn = Recording()
    models = {"v0": CallableModel(fn, classes=(0, 1), input_spec=SPEC),
              "v1": CallableModel(overflow, classes=(0, 1), input_spec=SPEC)}  # fmt: skip
    versions = ModelVersions(models, active="v1")
    runner = ModelRunner(versions)
    bad = runner.submit(np.array([[1e35, 0.0]]))
    with pytest.raises(GatewayError) as err:
        bad.result(10)
    assert err.value.code == "non_finite_output" and err.value.status == 422
    good, bad = runner.submit(rows(2)), runner.submit(np.array([[1e35, 0.0]]))
    assert good.result(10)[1].shape == (2, 2)
    with pytest.raises(GatewayError):
        bad.result(10)
    runner.close()
