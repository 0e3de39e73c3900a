"""Benchmark of ``hauberk serve``: the full pipeline against a bare FastAPI endpoint serving the
same model, rate-limiter accuracy, and kill -9 under load.

Everything runs on 127.0.0.1. Each server runs in its own process, started by the same
``hauberk.gateway.serve`` (uvicorn, same settings). Throughput and latency come from wrk
(closed loop, fixed concurrency, keep-alive, one thread: the generator takes little of the
2 cores); without wrk on the PATH an httpx/asyncio generator in its own process stands in
(it needs about a core itself, so its numbers are lower for every server). Rate-limiter
accuracy and kill -9 use the httpx generator, which records each acknowledged request id.

    .venv/bin/python bench/gateway.py [--seconds 20] [--concurrency 16] [--window 60]

Peer: a bare FastAPI app (``await request.json()``, the model in ``run_in_threadpool``,
``JSONResponse``), no peer package needed beyond fastapi/uvicorn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse


def _model() -> Any:
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression

    from hauberk.models import InputSpec, SklearnModel

    x, y = load_digits(return_X_y=True)
    est = LogisticRegression(max_iter=2000).fit(x[:900], y[:900])
    return SklearnModel(est, input_spec=InputSpec(shape=(64,), dtype="float64", lower=0, upper=16))


def _bare_app(model: Any) -> Any:
    app = FastAPI()

    @app.post("/v1/predict")
    async def predict(request: Request) -> JSONResponse:
        body = await request.json()
        x = np.asarray(body["inputs"], dtype=np.float64)
        p = await run_in_threadpool(model.predict_proba, x)
        return JSONResponse({"outputs": p.round(4).tolist(), "model_version": "bare"})

    return app


def serve(mode: str, port: int, folder: Path, extra: dict[str, Any]) -> None:
    from hauberk.gateway import KeyStore, create_app, parse_config, serve

    model = _model()
    if mode == "bare":
        app = _bare_app(model)
    else:
        raw: dict[str, Any] = {
            "audit": {"ledger": str(folder / f"audit-{port}.db")},
            "rate": {"principal_rate": 1e6, "principal_burst": 1e6, "address_rate": 1e6,
                     "address_burst": 1e6},
        }  # fmt: skip
        for k, v in extra.items():
            raw[k] = {**raw.get(k, {}), **v}
        cfg = parse_config(raw, source="bench", base_dir=folder)
        app = create_app(cfg, model, keys=KeyStore(folder / "keys.json"))
    serve(app, host="127.0.0.1", port=port)


async def _load(
    url: str, key: str, seconds: float, concurrency: int, marker: Path | None = None
) -> dict[str, Any]:
    import httpx
    from sklearn.datasets import load_digits

    rows = load_digits().data[900:].tolist()  # natural traffic: held-out digits in turn
    bodies = [json.dumps({"inputs": [row]}).encode() for row in rows]
    headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
    lat: list[float] = []
    statuses: dict[int, int] = {}
    acked: list[str] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker(offset: int) -> None:
            n = offset
            while time.monotonic() < stop:
                n += 1
                t = time.perf_counter()
                try:
                    body = bodies[n % len(bodies)]
                    r = await client.post(url, content=body, headers=headers)
                except httpx.HTTPError:
                    statuses[-1] = statuses.get(-1, 0) + 1
                    if marker is not None and marker.exists():
                        return  # the server is gone (kill -9 run)
                    await asyncio.sleep(0.01)
                    continue
                lat.append(time.perf_counter() - t)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if r.status_code == 200 and "x-request-id" in r.headers:
                    acked.append(r.headers["x-request-id"])
                    if marker is not None and len(acked) == 50:
                        marker.write_text("started")

        start = time.monotonic()
        await asyncio.gather(*(worker(9 * i) for i in range(concurrency)))
        elapsed = time.monotonic() - start
    return {"lat": lat, "statuses": statuses, "elapsed": elapsed, "acked": acked}


_WRK_SCRIPT = """
local bodies = {%s}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n %% #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nWRK {"requests":%%d,"us":%%d,"bad_status":%%d,"socket":%%d,"p50":%%f,"p99":%%f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


_WRK_IDS = """
local out = nil
init = function(args)
  out = io.open("%s", "a")
  out:setvbuf("line")
end
response = function(status, headers, body)
  if status == 200 and headers["x-request-id"] then
    out:write(headers["x-request-id"], "\\n")
  end
end
"""


def _wrk_script(key: str, folder: Path, ids: Path | None = None) -> Path:
    from sklearn.datasets import load_digits

    rows = load_digits().data[900:].tolist()  # natural traffic: held-out digits in turn
    bodies = ",".join("[==[" + json.dumps({"inputs": [row]}) + "]==]" for row in rows)
    script = folder / ("wrk.lua" if ids is None else f"wrk-{ids.stem}.lua")
    text = _WRK_SCRIPT % (bodies, key)
    if ids is not None:  # record the id of every acknowledged (200) response
        text += _WRK_IDS % ids
    script.write_text(text)
    return script


def _wrk(url: str, key: str, seconds: float, concurrency: int, folder: Path) -> dict[str, Any]:
    """Closed-loop load from wrk (C, one thread): the generator takes little of the 2 cores."""
    script = _wrk_script(key, folder)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s", "--timeout", "10s", "-s",
         str(script), url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    r = json.loads(out.split("WRK ", 1)[1])
    good = r["requests"] - r["bad_status"]
    return {"rps": good / (r["us"] / 1e6), "p50": r["p50"] / 1e3, "p99": r["p99"] / 1e3,
            "other": r["bad_status"] + r["socket"]}  # fmt: skip


def load(args: argparse.Namespace) -> None:
    urls = args.url.split(",")
    marker = Path(args.marker) if args.marker else None
    result: dict[str, Any] = {"lat": [], "statuses": {}, "elapsed": 0.0, "acked": []}

    async def run() -> None:
        parts = await asyncio.gather(
            *(
                _load(u, args.key, args.seconds, max(1, args.concurrency // len(urls)), marker)
                for u in urls
            )
        )
        for p in parts:
            result["lat"] += p["lat"]
            result["acked"] += p["acked"]
            for s, n in p["statuses"].items():
                result["statuses"][s] = result["statuses"].get(s, 0) + n
            result["elapsed"] = max(result["elapsed"], p["elapsed"])

    asyncio.run(run())
    Path(args.out).write_text(json.dumps(result))


# -- orchestration ------------------------------------------------------------------------------


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pinned(cpus: set[int] | None) -> Any:
    """A ``preexec_fn`` that pins the child (and every thread and process it starts later) to
    ``cpus``; None leaves it to the scheduler."""
    if not cpus:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


def _start(
    mode: str, folder: Path, extra: dict[str, Any] | None = None, cpus: set[int] | None = None
) -> tuple[Any, str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", mode, "--port", str(port), "--dir", str(folder),
         "--extra", json.dumps(extra or {})],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=pinned(cpus),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{mode} server did not start") from None
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}/v1/predict"


def _drive(
    urls: list[str], key: str, seconds: float, concurrency: int, folder: Path
) -> dict[str, Any]:
    out = folder / f"load-{time.monotonic_ns()}.json"
    subprocess.run(
        [sys.executable, __file__, "--load", ",".join(urls), "--key", key, "--seconds",
         str(seconds), "--concurrency", str(concurrency), "--out", str(out)],
        check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _stop(proc: Any) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _stats(r: dict[str, Any]) -> tuple[float, float, float, int]:
    lat = np.asarray(r["lat"]) * 1000
    ok = r["statuses"].get("200", 0)
    other = sum(n for s, n in r["statuses"].items() if s != "200")
    return ok / r["elapsed"], float(np.percentile(lat, 50)), float(np.percentile(lat, 99)), other


MODES = {
    "bare": ("bare FastAPI (peer)", {}),
    "durable": ("hauberk serve, durable audit", {"audit": {"durable": True}}),
    "async": ("hauberk serve, audit off path", {"audit": {"durable": False}}),
    "guards": (
        "  + anomaly and squeeze guards",
        {"audit": {"durable": False}, "guards": {"anomaly": {"reference": "reference.npz", "threshold": 10.0},
                                                 "squeeze": {"bits": 4}}},
    ),
}  # fmt: skip


def _measure(url: str, key: str, seconds: float, conc: int, folder: Path) -> tuple[float, ...]:
    if shutil.which("wrk"):
        r = _wrk(url, key, seconds, conc, folder)
        return r["rps"], r["p50"], r["p99"], r["other"]
    return _stats(_drive([url], key, seconds, conc, folder))


def throughput(
    folder: Path, key: str, seconds: float, conc: int, rounds: int
) -> dict[str, list[tuple[float, ...]]]:
    """``rounds`` interleaved rounds over every mode, so drift of a shared machine hits all."""
    from sklearn.datasets import load_digits

    np.savez(folder / "reference.npz", x=load_digits().data[:900])
    results: dict[str, list[tuple[float, ...]]] = {mode: [] for mode in MODES}
    for _ in range(rounds):
        for mode, (_, extra) in MODES.items():
            proc, url = _start(mode, folder, extra)
            try:
                _measure(url, key, 2.0, conc, folder)  # warm-up
                results[mode].append(_measure(url, key, seconds, conc, folder))
            finally:
                _stop(proc)
    return results


def accuracy(
    folder: Path, key: str, window: float, rate: float, redis_url: str | None
) -> list[tuple[str, float, int, float]]:
    rows = []
    burst = max(1.0, rate / 2)  # half a second of tokens absorbs arrival jitter
    limits = {"rate": {"principal_rate": rate, "principal_burst": burst, "penalty_base": 0.0}}
    setups: list[tuple[str, int, dict[str, Any]]] = [("in-process, 1 replica", 1, limits)]
    if redis_url:
        shared = {"rate": {**limits["rate"], "backend": "redis", "redis_url": redis_url}}
        setups.append(("Redis, 2 replicas", 2, shared))
    for name, replicas, extra in setups:
        procs = [_start("async", folder, {**MODES["async"][1], **extra}) for _ in range(replicas)]
        try:
            r = _drive([u for _, u in procs], key, window, 8, folder)
        finally:
            for p, _ in procs:
                _stop(p)
        ok = r["statuses"].get("200", 0)
        expected = burst + rate * r["elapsed"]
        rows.append((name, expected, ok, 100.0 * (ok - expected) / expected))
    return rows


KILL_MODES = ("durable", "async")


def kill9(folder: Path, key: str, mode: str, run: int, after: float) -> tuple[int, int, int]:
    """Load the server for ``after`` seconds, kill -9 it, read the ledger back.

    Returns (acknowledged 200s, records in the ledger, acknowledged but not in the ledger).
    """
    from hauberk.ledger import open_ledger

    proc, url = _start(mode, folder, MODES[mode][1])
    if shutil.which("wrk"):  # wrk drives the server hardest: the backlog has most to grow
        ids = folder / f"kill-ids-{mode}-{run}.txt"
        script = _wrk_script(key, folder, ids)
        loader = subprocess.Popen(
            ["wrk", "-t1", "-c16", f"-d{after + 5:g}s", "--timeout", "10s", "-s", str(script),
             url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        loader.wait()
        acked = set(ids.read_text().split()) if ids.exists() else set()
    else:
        out = folder / f"kill-load-{mode}-{run}.json"
        marker = folder / f"kill-started-{mode}-{run}"
        loader = subprocess.Popen(
            [sys.executable, __file__, "--load", url, "--key", key, "--seconds",
             str(after + 30), "--concurrency", "16", "--out", str(out), "--marker", str(marker)],
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(after)  # well under way: 50+ acknowledged, more in flight
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        loader.wait()
        acked = set(json.loads(out.read_text())["acked"])
    port = url.split(":")[2].split("/")[0]
    with open_ledger(folder / f"audit-{port}.db", read_only=True) as ledger:
        size = ledger.head().size
        ids = {ledger.entry(i).body["request_id"] for i in range(size)}
        assert ledger.verify().ok
    return len(acked), size, len(acked - ids)


def kill_table(kills: dict[str, list[tuple[int, int, int]]]) -> list[str]:
    """The kill -9 table as docs/serve.md quotes it (markdown, one row per run)."""
    from hauberk.gateway import GatewayConfig

    audit = GatewayConfig().audit
    names = {"durable": "`durable = true`",
             "async": f"`durable = false` (default: at most {audit.max_backlog} records / "
                      f"{audit.max_backlog_ms:g} ms uncommitted)"}  # fmt: skip
    lines = ["| audit | run | acknowledged | in the ledger | acknowledged but lost |",
             "|---|---:|---:|---:|---:|"]  # fmt: skip
    for mode, runs in kills.items():
        for i, (acked, logged, lost) in enumerate(runs, 1):
            lines.append(f"| {names[mode]} | {i} | {acked} | {logged} | {lost} |")
    return lines


def _redis(folder: Path) -> tuple[Any, str | None]:
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(exe).is_file():
        return None, None
    port = _port()
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    return None, None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--rounds", type=int, default=2, help="interleaved throughput rounds")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--window", type=float, default=60.0, help="rate-limiter window, seconds")
    ap.add_argument("--rate", type=float, default=50.0, help="configured rate for accuracy")
    ap.add_argument("--serve")
    ap.add_argument("--load")
    ap.add_argument("--port", type=int)
    ap.add_argument("--dir")
    ap.add_argument("--extra", default="{}")
    ap.add_argument("--key")
    ap.add_argument("--out")
    ap.add_argument("--marker")
    ap.add_argument("--kill-runs", type=int, default=3, help="kill -9 runs per audit mode")
    ap.add_argument("--kill-after", type=float, default=6.0, help="seconds of load before kill")
    ap.add_argument("--only-kill", action="store_true", help="just the kill -9 table")
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.port, Path(args.dir), json.loads(args.extra))
        return
    if args.load:
        args.url = args.load
        load(args)
        return

    from hauberk.gateway import KeyStore

    folder = Path(tempfile.mkdtemp(prefix="hauberk-bench-"))
    _, key = KeyStore(folder / "keys.json").create("predict")
    kills: dict[str, list[tuple[int, int, int]]] = {mode: [] for mode in KILL_MODES}
    if args.only_kill:
        for run in range(args.kill_runs):  # interleaved, like the throughput rounds
            for mode in KILL_MODES:
                kills[mode].append(kill9(folder, key, mode, run, args.kill_after))
        print_kills(args, kills)
        return
    redis_proc, redis_url = _redis(folder)
    try:
        rows = throughput(folder, key, args.seconds, args.concurrency, args.rounds)
        acc = accuracy(folder, key, args.window, args.rate, redis_url)
        for run in range(args.kill_runs):
            for mode in KILL_MODES:
                kills[mode].append(kill9(folder, key, mode, run, args.kill_after))
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
    report(args, rows, acc, kills, redis_url is not None)


def report(
    args: argparse.Namespace,
    rows: dict[str, list[tuple[float, ...]]],
    acc: list[tuple[str, float, int, float]],
    kills: dict[str, list[tuple[int, int, int]]],
    with_redis: bool,
) -> None:
    gen = "wrk -t1" if shutil.which("wrk") else "httpx generator"
    print(f"\nthroughput: 1 digits row (64 features) per request, LogisticRegression, {gen}, "
          f"concurrency {args.concurrency}, {args.seconds:g} s x {args.rounds} interleaved rounds "
          f"(median), loopback, {os.cpu_count()} cores shared with the generator")  # fmt: skip
    print(f"{'server':34} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'+p99 ms':>8} "
          f"{'non-200':>8}  target")  # fmt: skip
    med = {
        m: [float(np.median([r[i] for r in runs])) for i in range(4)] for m, runs in rows.items()
    }
    bare = med["bare"]
    for mode, (rps, p50, p99, other) in med.items():
        ratio, extra = rps / bare[0], p99 - bare[2]
        ok = "" if mode == "bare" else ("PASS" if ratio >= 0.85 and extra <= 3.0 else "miss")
        print(f"{MODES[mode][0]:34} {rps:8.0f} {ratio:7.2f} {p50:8.2f} {p99:8.2f} "
              f"{extra:8.2f} {other:8.0f}  {ok}")  # fmt: skip
    print("per round (req/s): " + "; ".join(
        f"{m} " + "/".join(f"{r[0]:.0f}" for r in runs) for m, runs in rows.items()))  # fmt: skip
    print(f"\nrate limiter accuracy: configured {args.rate:g}/s, burst {max(1, args.rate / 2):g}, "
          f"window {args.window:g} s, client offering more than the rate")  # fmt: skip
    print(f"{'setup':24} {'expected':>9} {'admitted':>9} {'error %':>8}")
    for name, expected, ok, err in acc:
        print(f"{name:24} {expected:9.1f} {ok:9d} {err:8.2f}")
    if not with_redis:
        print("(Redis rows skipped: redis-server not installed)")
    print_kills(args, kills)


def print_kills(args: argparse.Namespace, kills: dict[str, list[tuple[int, int, int]]]) -> None:
    gen = "wrk -t1" if shutil.which("wrk") else "httpx generator"
    print(f"\nkill -9 of the server after {args.kill_after:g} s under load ({gen}, "
          "concurrency 16), then the ledger read back:\n")  # fmt: skip
    print("\n".join(kill_table(kills)))


if __name__ == "__main__":
    from _record import recorded

    if {"--load", "--serve"} & set(sys.argv):
        main()  # a server or load-generator child: its argv holds an API key; not recorded
    else:
        with recorded("gateway"):
            main()
