"""Distributed assessment: the same split work in process, on a process pool, and on Ray.

Workloads (the heavy parts of ``privacy.membership`` and ``evasion.robustness``):

- LiRA shadow models: ``train_shadows`` with the demo's CNN trainer (32 shadows over 1,000
  digits records; ``--quick``: 8 shadows over 400);
- the evasion ensemble (``fast``: APGD-CE, APGD-T, FAB-T, Square) on 2,000 digits images at
  two ε, split in chunks of 250 rows (``--quick``: 200 images, chunks of 50).

Each runs with ``local`` (in process), ``processes`` (2 workers) and Ray on a local cluster
with one node and with two nodes (one CPU each, 127.0.0.1). Reported: wall time, speed-up and
scaling efficiency (speed-up / workers) against in process, whether the answers are equal,
Ray's overhead per task (200 empty tasks), and a PROJECTION for N machines from the measured
per-task times (not a measurement). This machine has 2 cores shared with other jobs, so
little speed-up is expected; the numbers are provisional.

Threads: every task runs with one torch thread and one BLAS/OpenMP thread, in process too
(the driver is pinned, and ``LocalExecutor(threads=1)``), so that the executors are compared
at the same work per core; unpinned, torch's thread pool in process made the in-process times
several times slower on a loaded machine and the speed-ups meaningless.

Run: PYTHONPATH=src:. python bench/distributed.py [--quick | --shadows N --samples N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._record import recorded


def digits(n: int) -> tuple[Any, Any]:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    order = np.random.default_rng(0).permutation(len(x))
    reps = -(-n // len(x))
    idx = np.tile(order, reps)[:n]
    return x[idx], y[idx]


SIZES = {"shadows": 32, "records": 1000, "samples": 2000, "split": 250}


def shadows_job(executor: Any, quick: bool) -> tuple[float, Any, int]:
    from hauberk.demo import train_digits_cnn
    from hauberk.models import InputSpec
    from hauberk.privacy import train_shadows

    n, models = (400, 8) if quick else (SIZES["records"], SIZES["shadows"])
    x, y = digits(n)
    spec = InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0)
    t = time.perf_counter()
    s = train_shadows(
        train_digits_cnn, x, y, y.astype(np.int64), classes=tuple(range(10)), input_spec=spec,
        shadow_models=models, rng=np.random.default_rng(0), executor=executor,
    )  # fmt: skip
    return time.perf_counter() - t, s.phi, models


def evasion_job(executor: Any, quick: bool) -> tuple[float, Any, int]:
    from hauberk.core import CheckContext, StageSettings
    from hauberk.demo import train_digits_cnn
    from hauberk.evasion._split import split_sweep
    from hauberk.models import InputSpec, ModelOptions, as_model

    n, split = (200, 50) if quick else (SIZES["samples"], SIZES["split"])
    x, y = digits(n)
    spec = InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0)
    model = as_model(
        train_digits_cnn(*digits(600)), ModelOptions(input_spec=spec, classes=tuple(range(10)))
    )
    ctx = CheckContext(settings=StageSettings(), seed=0, executor=executor)
    t = time.perf_counter()
    r = split_sweep(model, x, y, ctx, split=split, eps=(0.05, 0.1), attacks="fast")
    return time.perf_counter() - t, r.robust, -(-n // split)


def overhead(executor: Any, tasks: int = 200) -> float:
    t = time.perf_counter()
    executor.map(_noop, range(tasks))
    return (time.perf_counter() - t) / tasks


def _noop(shared: Any, item: int) -> int:
    return item


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--shadows", type=int, default=SIZES["shadows"], help="LiRA shadow models")
    ap.add_argument("--samples", type=int, default=SIZES["samples"], help="evasion samples")
    args = ap.parse_args()
    SIZES["shadows"], SIZES["samples"] = args.shadows, args.samples
    SIZES["split"] = max(1, -(-args.samples // 8))  # 8 chunks, as 2,000 in chunks of 250
    import torch
    from threadpoolctl import threadpool_limits

    from hauberk.core import LocalExecutor, ProcessExecutor, make_executor

    torch.set_num_threads(1)  # the driver's own work (target training, merging) too
    threadpool_limits(limits=1)

    rows: list[tuple[str, str, int, float, bool]] = []
    base: dict[str, tuple[float, Any]] = {}
    per_task: dict[str, float] = {}
    ray_overhead: dict[str, float] = {}
    jobs = {"lira shadows": shadows_job, "evasion ensemble": evasion_job}
    for job, fn in jobs.items():
        secs, answer, tasks = fn(LocalExecutor(threads=1), args.quick)
        base[job] = (secs, answer)
        per_task[job] = secs / tasks
        rows.append((job, "local (in process)", 1, secs, True))
        print(f"{job}: local {secs:.1f} s", file=sys.stderr, flush=True)
        secs, answer, _ = fn(ProcessExecutor(workers=2), args.quick)
        rows.append((job, "processes (2)", 2, secs, bool(np.array_equal(answer, base[job][1]))))
        print(f"{job}: processes {secs:.1f} s", file=sys.stderr, flush=True)
    try:
        from tests.assess.ray_cluster import local_cluster

        for nodes in (1, 2):
            with local_cluster(worker_nodes=nodes - 1) as cluster:
                ex = make_executor("ray", address=cluster.address)
                ray_overhead[f"{nodes} node(s)"] = overhead(ex)
                for job, fn in jobs.items():
                    secs, answer, _ = fn(ex, args.quick)
                    same = bool(np.array_equal(answer, base[job][1]))
                    rows.append((job, f"ray, {nodes} node(s)", nodes, secs, same))
                    print(f"{job}: ray {nodes} {secs:.1f} s", file=sys.stderr, flush=True)
                import ray

                ray.shutdown()
    except Exception as exc:  # the Ray rows are missing: say why
        print(f"Ray runs failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
    with recorded("distributed"):
        size = "quick" if args.quick else (
            f"{SIZES['shadows']} shadows over {SIZES['records']} records; "
            f"{SIZES['samples']} evasion samples in chunks of {SIZES['split']}")  # fmt: skip
        print(f"# distributed ({size}), {os.cpu_count()} cores, "
              "1 torch + 1 BLAS thread per task everywhere (driver pinned too)\n")  # fmt: skip
        print("| workload | executor | workers | wall s | speed-up | efficiency | same answers |")
        print("|---|---|---:|---:|---:|---:|---|")
        for job, name, workers, secs, same in rows:
            sp = base[job][0] / secs
            print(f"| {job} | {name} | {workers} | {secs:.1f} | {sp:.2f}x | "
                  f"{sp / workers:.0%} | {'yes' if same else 'NO'} |")  # fmt: skip
        print("\n| Ray overhead per empty task | ms |\n|---|---:|")
        for k, v in ray_overhead.items():
            print(f"| {k} | {v * 1000:.1f} |")
        o = min(ray_overhead.values(), default=0.0)
        print("\nPROJECTION (not measured): N machines x 2 cores, from the in-process time per "
              f"task plus {o * 1000:.1f} ms Ray overhead per task, perfect packing assumed\n")  # fmt: skip
        print("| workload | tasks | s per task | N=1 | N=4 | N=16 | N=64 |\n|---|---:|---:|---:|---:|---:|---:|")  # fmt: skip
        for job in jobs:
            tasks = round(base[job][0] / per_task[job])
            cells = []
            for n in (1, 4, 16, 64):
                waves = -(-tasks // (2 * n))
                cells.append(f"{waves * (per_task[job] + o):.1f} s")
            print(f"| {job} | {tasks} | {per_task[job]:.2f} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
