"""The orchestrator: configuration → target → selected checks → report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import random
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

import hauberk
from hauberk.assess._config import AssessConfig, stage_settings
from hauberk.assess._distributed import (
    CheckTask,
    close_executor,
    open_executor,
    prepare_executor,
    run_on_ray,
)
from hauberk.assess._target import build_target, sha256_file
from hauberk.core import (
    Budget,
    CheckContext,
    CheckResult,
    NullProgress,
    Progress,
    QueryCounter,
    Registry,
    Report,
    VerificationError,
    default_registry,
    derive_seed,
    run_check,
)
from hauberk.core._executor import Executor, LocalExecutor, RayExecutor
from hauberk.models import Target

#: How to give a target what a skipped check needs, as an assess.toml user and in Python.
HOW_TO_PROVIDE: dict[str, tuple[str, str]] = {
    "model": ("give [model] path, python or url", "pass model=..."),
    "data": ("give [data] path (or train and test)", "pass data=(x, y)"),
    "labels": (
        "give labels: a label column ([data] label = 'column') or (x, y) from [data] python",
        "pass data=(x, y) with labels",
    ),
    "membership": (
        "give [data] train and test (the rows the model was trained on, and held-out rows)",
        "pass data={'train': (x, y), 'test': (x, y)} (training rows and held-out rows)",
    ),
    "gradients": (
        "give a torch model ([model] path to its weights with architecture, or python)",
        "pass a torch.nn.Module",
    ),
    "torch": ("give a torch model", "pass a torch.nn.Module"),
    "trainer": (
        "give [model] trainer = 'module:function' taking (x, y) and returning a fitted model",
        "pass trainer=function(x, y) returning a fitted model",
    ),
    "artifacts": ("give [model] path or files", "pass files=[...]"),
    "endpoint": ("give [model] url", "pass an HttpModel"),
    "chat": (
        "give [model] chat_url (an OpenAI-compatible chat endpoint) or chat = 'module:function'",
        "pass chat=<hauberk.llm.ChatModel or function(messages) -> str>",
    ),
}


def skip_reason(missing: Sequence[str], *, python: bool = False) -> str:
    """ "target does not provide: X; <how to give it>", in the caller's spelling."""
    hows = [HOW_TO_PROVIDE[m][python] for m in missing if m in HOW_TO_PROVIDE]
    fix = "; ".join(dict.fromkeys(hows))
    return f"target does not provide: {', '.join(missing)}" + (f"; {fix}" if fix else "")


VERSIONED = ("numpy", "scipy", "scikit-learn", "torch", "onnxruntime", "opacus", "pydantic")


#: ``[assess]`` keys that say where the work runs, not what it computes: left out of the
#: config digest, since every executor gives the same answers.
RUN_ONLY = ("executor", "address", "max_retries")


def _versions() -> dict[str, str]:
    out = {}
    for name in VERSIONED:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def environment(config: AssessConfig, target: Target) -> dict[str, Any]:
    """What is needed to reproduce the run: versions, seed, config and file digests."""
    canonical = json.dumps(
        config.model_dump(
            mode="json",
            exclude={"base_dir": True, "origin": True, "assess": set(RUN_ONLY)},
        ),
        sort_keys=True,
        default=str,
    )
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "hauberk": hauberk.__version__,
        "packages": _versions(),
        "seed": config.assess.seed,
        "executor": config.assess.executor,
        "config_sha256": hashlib.sha256(canonical.encode()).hexdigest(),
        "artifacts": {str(p): sha256_file(p) for p in target.artifacts if p.is_file()},
    }


def cite_ledger(config: AssessConfig) -> dict[str, Any] | None:
    """Where the assessed model's signing was recorded: ``hauberk sign --ledger`` writes a
    ``model.sign`` entry carrying the signature file's digest, which is looked up here."""
    db = config.assess.ledger
    if db is None:
        return None
    from hauberk.ledger import open_ledger

    section = config.model
    if section is None or section.signature is None:
        return {"db": db, "model_sign_index": None, "reason": "no [model] signature to look up"}
    digest = sha256_file(config.resolve(section.signature))
    with open_ledger(db) as log:
        found = log.find("model.sign", signature_sha256=digest)
    return {"db": db, "model_sign_index": found[0] if found else None}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)


def _budget(config: AssessConfig, settings: Any) -> Budget:
    defaults = config.assess
    return Budget(
        seconds=settings.max_seconds or defaults.max_seconds,
        queries=settings.max_queries or defaults.max_queries,
        samples=settings.max_samples or defaults.max_samples,
    )


def run_checks(
    config: AssessConfig,
    target: Target,
    registry: Registry,
    progress: Progress,
    *,
    python: bool = False,
    executor: Executor | None = None,
) -> list[CheckResult]:
    selection = registry.select(config.assess.stages, target.provides())
    settings_by_check: dict[str, Any] = {}
    for stage in {c.stage.name for c in selection.run}:
        table = config.stages.get(stage, {})
        settings_by_check.update(stage_settings(registry, stage, table))
    provides = target.provides()
    results = [
        CheckResult.skipped(
            c.name, c.stage.name, skip_reason(sorted(set(c.needs) - provides), python=python)
        )
        for c, _ in selection.skipped
    ]
    results += load_failures(registry, config.assess.stages)
    counter = target.model.counter if target.model is not None else QueryCounter()
    todo = []
    for check in selection.run:
        settings = settings_by_check[check.name]
        if check.name in settings.skip:
            results.append(CheckResult.skipped(check.name, check.stage.name, "skipped by config"))
            continue
        seed = derive_seed(config.assess.seed, check.name)
        budget = _budget(config, settings)
        todo.append(CheckTask(check, settings, seed, budget, config.base_dir))
    if isinstance(executor, RayExecutor):
        results += run_on_ray(todo, target, counter, executor, progress)
        return sorted(results, key=lambda r: (r.stage, r.check))
    for i, task in enumerate(todo, start=1):
        check = task.check
        seed_everything(task.seed)
        ctx = CheckContext(
            settings=task.settings,
            seed=task.seed,
            budget=task.budget,
            progress=progress,
            base_dir=task.base_dir,
            executor=executor or LocalExecutor(),
        )
        _notify(progress, "check_started", check.name, i, len(todo))
        progress.start(f"[{i}/{len(todo)}] {check.name}")
        with deduplicated_warnings(check.name):
            result = run_check(check, target, ctx, counter)
        results.append(result)
        _notify(progress, "check_finished", result, i, len(todo))
    return sorted(results, key=lambda r: (r.stage, r.check))


def _notify(progress: Progress, hook: str, *args: Any) -> None:
    """Call an optional progress hook (the Progress protocol only requires start/advance)."""
    method = getattr(progress, hook, None)
    if method is not None:
        method(*args)


@contextmanager
def preserved_global_rng() -> Iterator[None]:
    """Checks are seeded through the global generators (random, NumPy, torch) for the
    libraries that read them; the caller's state is put back afterwards, so running an
    assessment inside someone's program does not reseed it."""
    py_state = random.getstate()
    np_state = np.random.get_state()
    torch_state = None
    if "torch" in sys.modules:
        import torch

        torch_state = torch.random.get_rng_state()
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
        if torch_state is not None:
            import torch

            torch.random.set_rng_state(torch_state)


@contextmanager
def deduplicated_warnings(where: str) -> Iterator[None]:
    """Collect the warnings raised while a check runs and re-issue each distinct one once,
    with its count: a library that warns per call (scikit-learn on every predict) must not
    bury the terminal under thousands of identical lines. The module stays the original
    one, so warning filters (including errors in tests) see what they would have seen."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen: dict[tuple[type[Warning], str], list[Any]] = {}
    for w in caught:
        seen.setdefault((w.category, str(w.message)), []).append(w)
    for (category, message), group in seen.items():
        first = group[0]
        module = _module_of(first.filename)
        times = f" ({len(group)} times)" if len(group) > 1 else ""
        warnings.warn_explicit(
            f"{message}{times}", category, filename=f"<{where}>", lineno=0, module=module
        )


def _module_of(filename: str) -> str:
    """``.../site-packages/sklearn/utils/validation.py`` → ``sklearn.utils.validation``."""
    path = Path(filename)
    for root in sorted(sys.path, key=len, reverse=True):
        try:
            rel = path.with_suffix("").relative_to(root)
        except ValueError:
            continue
        return ".".join(rel.parts)
    return path.stem


def load_failures(registry: Registry, stages: Sequence[str] | None) -> list[CheckResult]:
    """One ``error`` result per check package that failed to import: its checks would have
    run, so the run is unfinished, not clean. The stage is the entry point's name, which is
    how built-in packages name their stages."""
    return [
        CheckResult.error(
            f"{name}.load",
            name,
            f"the {name} checks could not be loaded ({why}); reinstall hauberk with its "
            "extras, or remove the broken plugin",
        )
        for name, why in sorted(registry.load_failures.items())
        if stages is None or name in stages
    ]


def refused_report(config: AssessConfig, registry: Registry, exc: VerificationError) -> Report:
    """The report of a run whose model file was refused before loading (digest or signature
    mismatch, flagged by the artifact scan): the refusal is a critical finding, so CI shows
    why instead of a bare error."""
    from hauberk.supplychain._check import ARTIFACT
    from hauberk.supplychain._rules import LOAD_REFUSED

    section = config.model
    path = config.resolve(section.path) if section is not None and section.path else None
    where = str(path) if path is not None else "model"
    finding = LOAD_REFUSED.finding(where, str(exc), {"path": where})
    result = CheckResult.of("supplychain.verified_load", ARTIFACT.name, [finding], {"refused": 1})
    target = Target(name=where, artifacts=(path,) if path is not None else ())
    stages = {name: stage.lifecycle.value for name, stage in registry.stages().items()}
    stages.setdefault(ARTIFACT.name, ARTIFACT.lifecycle.value)
    return Report(
        target={**target.describe(), "refused": str(exc)},
        environment=environment(config, target),
        results=(result,),
        stages=stages,
        rules={**registry.rules(), LOAD_REFUSED.id: LOAD_REFUSED},
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def assess(
    config: AssessConfig,
    *,
    registry: Registry | None = None,
    progress: Progress | None = None,
    target: Target | None = None,
    executor: Executor | None = None,
) -> Report:
    """Run every selected check on the configured target and return the report.

    ``target`` is a ready-made target (the Python API builds one from live objects); without
    it the target is built from ``config``. ``executor`` is an open executor to use (and
    leave open); without it the one ``config`` names is opened and closed here. The global
    random generators of the calling process are left as they were."""
    with preserved_global_rng():
        return _assess(
            config, registry or default_registry(), progress or NullProgress(), target, executor
        )


def _assess(
    config: AssessConfig,
    registry: Registry,
    progress: Progress,
    target: Target | None,
    given: Executor | None,
) -> Report:
    seed_everything(config.assess.seed)
    executor = given or open_executor(config)  # connects (and refuses) before any work
    try:
        if target is None:
            try:
                target = build_target(config)
            except VerificationError as exc:
                return refused_report(config, registry, exc)
        prepare_executor(executor, target)
        citation = cite_ledger(config)
        if citation is not None:
            target.source["ledger"] = citation
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        python = config.origin == "python"
        results = run_checks(config, target, registry, progress, python=python, executor=executor)
    finally:
        if given is None:
            close_executor(executor)
    env = environment(config, target)
    env["executor"] = executor.name
    if registry.load_errors:
        env["plugin_errors"] = list(registry.load_errors)
    stages = {name: stage.lifecycle.value for name, stage in registry.stages().items()}
    return Report(
        target=target.describe(),
        environment=env,
        results=tuple(results),
        stages=stages,
        rules=registry.rules(),
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=started,
    )
