"""Diagnostic behind bench/gateway_capture.py: where capture's p99 cost comes from.

The same gateway, model and load as bench/gateway_capture.py (wrk, concurrency 16), in
interleaved rounds, with a probe inside the gateway process:

- event-loop lag: a task on the gateway's loop sleeps 1 ms over and over; how much later
  than asked it wakes (a loop stalled by the interpreter lock, or by a CPU taken from it,
  shows here);
- server-side latency of the predict route (from the handler's start to its reply);
- CPU time per request of each thread of the gateway (``/proc/self/task``) and of the
  capture writer process.

Setups test the writer process taking the core from the gateway when its pipe wakes it
(wrk and the gateway are pinned to separate CPUs, so the writer shares the gateway's): capture
at 100% with the writer at normal priority (``STEP_ASIDE = False``, against the default nice
+10 and ``SCHED_BATCH``), and with the writer sealing a record in one burst
(``YIELD_STAGES = False``, against the default yield between the stages of a record). The
round-6 suspect, the tap thread holding the interpreter lock for the 5 ms switch interval,
was refuted (a 0.5 ms interval made the cost four times worse) and is no longer a setup;
the probe server still takes a ``switch`` knob.

    .venv/bin/python bench/gateway_capture_lag.py [--seconds 8] [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gateway as gw  # bench/gateway.py: server processes
import gateway_capture as gc  # bench/gateway_capture.py: setups and wrk

CAP = gc.SETUPS["cap100"][1]
SETUPS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "off": ("gateway, capture and drift off", gc.BASE, {}),
    "drift": ("  + drift statistics", gc.SETUPS["drift"][1], {}),
    "cap100": ("  + capture 100% + drift", CAP, {}),
    "cap100-burst": ("    writer in one burst a record", CAP, {"yield_stages": False}),
    "cap100-normal": ("    writer at normal priority", CAP, {"step_aside": False}),
}


def _tasks_cpu() -> dict[str, float]:
    """CPU seconds per thread of this process (by thread name) and of its child processes."""
    tick = os.sysconf("SC_CLK_TCK")
    names = {t.native_id: t.name for t in threading.enumerate()}
    out: dict[str, float] = {}
    children: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            f = (task / "stat").read_text().rsplit(")", 1)[1].split()
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        name = names.get(int(task.name), "other")
        out[name] = out.get(name, 0.0) + (int(f[11]) + int(f[12])) / tick
    for pid in children:
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out["writer"] = out.get("writer", 0.0) + (int(f[11]) + int(f[12])) / tick
    return out


def serve_probe(port: int, folder: Path, extra: dict[str, Any], knobs: dict[str, Any],
                out: Path) -> None:  # fmt: skip
    """The gateway of bench/gateway.py with the probe; SIGUSR1 starts counting, SIGUSR2
    stops, the numbers are written to ``out`` when the server stops."""
    from hauberk.gateway import _capture_proc, _pipeline

    if "switch" in knobs:
        sys.setswitchinterval(knobs["switch"])
    if knobs.get("step_aside") is False:
        _capture_proc.STEP_ASIDE = False
    if knobs.get("yield_stages") is False:
        _capture_proc.YIELD_STAGES = False
    state: dict[str, Any] = {"on": False, "lag": [], "srv": [], "cpu0": {}, "cpu1": {}}

    async def probe() -> None:
        loop = asyncio.get_running_loop()

        def start() -> None:
            state.update(on=True, lag=[], srv=[], cpu0=_tasks_cpu())

        def stop() -> None:
            state.update(on=False, cpu1=_tasks_cpu())

        loop.add_signal_handler(signal.SIGUSR1, start)
        loop.add_signal_handler(signal.SIGUSR2, stop)
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            if state["on"]:
                state["lag"].append(time.perf_counter() - t - 0.001)

    original = _pipeline.Gateway.predict
    tasks: list[Any] = []

    async def predict(self: Any, req: Any) -> Any:
        if not tasks:
            tasks.append(asyncio.get_running_loop().create_task(probe()))
        t = time.perf_counter()
        reply = await original(self, req)
        if state["on"]:
            state["srv"].append(time.perf_counter() - t)
        return reply

    _pipeline.Gateway.predict = predict  # type: ignore[method-assign]
    try:
        gw.serve("hauberk", port, folder, extra)
    finally:
        keep = ("lag", "srv", "cpu0", "cpu1")
        out.write_text(json.dumps({k: state[k] for k in keep}))


def _round(
    setup: str,
    folder: Path,
    key: str,
    seconds: float,
    n: int,
    cpus: tuple[set[int] | None, set[int] | None],
) -> dict[str, Any]:
    """One measured run of ``setup``; ``cpus``: wrk's and the gateway's (``gc.split_cpus``)."""
    _, extra, knobs = SETUPS[setup]
    load_cpus, server_cpus = cpus
    port = gw._port()
    out = folder / f"probe-{setup}-{n}.json"
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve-probe", str(port), "--dir", str(folder),
         "--extra", json.dumps(extra), "--knobs", json.dumps(knobs), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=gw.pinned(server_cpus),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{setup}: the gateway did not start") from None
            time.sleep(0.1)
    url = f"http://127.0.0.1:{port}/v1/predict"
    try:
        gc._measure(url, key, 2.0, 16, folder, load_cpus)  # warm-up (and the probe task starts)
        proc.send_signal(signal.SIGUSR1)
        time.sleep(0.05)
        rps, _p50, p99, *_ = gc._measure(url, key, seconds, 16, folder, load_cpus)
        proc.send_signal(signal.SIGUSR2)
        time.sleep(0.05)
    finally:
        gw._stop(proc)
    d = json.loads(out.read_text())
    lag = np.asarray(d["lag"]) * 1e3
    srv = np.asarray(d["srv"]) * 1e3
    n_req = max(len(srv), 1)
    cpu = {k: (d["cpu1"].get(k, 0.0) - v) / n_req * 1e6 for k, v in d["cpu0"].items()}
    return {"rps": rps, "p99": p99, "lag99": float(np.percentile(lag, 99)),
            "lag999": float(np.percentile(lag, 99.9)), "lagmax": float(lag.max()),
            "srv99": float(np.percentile(srv, 99)), "cpu": cpu}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--serve-probe", type=int)
    ap.add_argument("--dir")
    ap.add_argument("--extra", default="{}")
    ap.add_argument("--knobs", default="{}")
    ap.add_argument("--out")
    ap.add_argument("--no-pin", action="store_true", help="leave wrk and the gateway unpinned")
    args = ap.parse_args()
    if args.serve_probe:
        serve_probe(args.serve_probe, Path(args.dir), json.loads(args.extra),
                    json.loads(args.knobs), Path(args.out))  # fmt: skip
        return

    from sklearn.datasets import load_digits

    from hauberk.gateway import KeyStore
    from hauberk.supplychain import generate_encryption_key

    folder = Path(tempfile.mkdtemp(prefix="hauberk-bench-lag-"))
    _, key = KeyStore(folder / "keys.json").create("predict")
    generate_encryption_key(folder / "capture.key")
    np.savez(folder / "reference.npz", x=load_digits().data[:900])
    # wrk on the first CPU, the gateway and its writer on the others (as gateway_capture)
    args.load_cpus, args.server_cpus = gc.split_cpus(not args.no_pin)
    names = list(SETUPS)
    runs: dict[str, list[dict[str, Any]]] = {s: [] for s in names}
    for r in range(args.rounds):
        for setup in names[r % len(names) :] + names[: r % len(names)]:
            runs[setup].append(
                _round(setup, folder, key, args.seconds, r, (args.load_cpus, args.server_cpus))
            )
    report(args, runs)


def report(args: argparse.Namespace, runs: dict[str, list[dict[str, Any]]]) -> None:
    print(
        f"\nwhere capture's p99 goes: gateway_capture.py's gateway and load (wrk -t1, "
        f"concurrency 16), {args.seconds:g} s x {args.rounds} interleaved rounds (median), "
        f"{gc._placement(args)}; load average before the report "
        f"{os.getloadavg()[0]:.1f}"
    )
    threads = ["MainThread", "hauberk-gateway-model", "hauberk-ledger-commit", "hauberk-tap",
               "writer"]  # fmt: skip
    short = ["loop", "model", "ledger", "tap", "writer"]
    print(
        f"{'setup':34} {'req/s':>6} {'p99 ms':>7} {'+p99 ms':>8} {'lag p99':>8} {'p99.9':>6} "
        f"{'max':>6} {'server p99':>10} {'+srv p99':>8}  CPU us/req: "
        + " ".join(f"{s:>6}" for s in short)
    )
    off = runs["off"]
    for setup, rs in runs.items():

        def med(k: str, rs: list[dict[str, Any]] = rs) -> float:
            return float(np.median([r[k] for r in rs]))

        added = float(np.median([r["p99"] - o["p99"] for r, o in zip(rs, off, strict=True)]))
        srv = float(np.median([r["srv99"] - o["srv99"] for r, o in zip(rs, off, strict=True)]))
        cpu = [float(np.median([r["cpu"].get(t, 0.0) for r in rs])) for t in threads]
        print(
            f"{SETUPS[setup][0]:34} {med('rps'):6.0f} {med('p99'):7.2f} {added:+8.2f} "
            f"{med('lag99'):8.2f} {med('lag999'):6.2f} {med('lagmax'):6.2f} {med('srv99'):10.2f} "
            f"{srv:+8.2f}              " + " ".join(f"{c:6.1f}" for c in cpu)
        )
    print(
        "lag: how much later than asked a 1 ms sleep on the gateway's event loop woke (ms); "
        "server p99: the predict handler's own time; +p99 and +srv p99 per round against "
        "'off' of the same round (median); CPU per request the probe saw, per thread of the "
        "gateway and for the capture writer process"
    )


if __name__ == "__main__":
    if "--serve-probe" in sys.argv:
        main()  # a server child: not recorded
    else:
        from _record import recorded

        with recorded("gateway_capture_lag"):
            main()
