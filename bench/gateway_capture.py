"""Benchmark: ``hauberk serve`` with traffic capture and windowed drift statistics on, against
the same gateway with them off, in one run.

Same model, config and load as bench/gateway.py (digits LogisticRegression, one 64-feature row
per request, audit off the request path, the anomaly guard on so that guard-flag rates have
something to count), driven by wrk (or the httpx generator without it) in interleaved rounds
so that drift of a shared machine hits every setup. Setups:

- off: no [capture], no [drift];
- drift: [drift] windowed PSI of 64 features against the guard's reference, guard-flag rates;
- capture 10% + drift: and 10% of requests (inputs, label, probabilities) encrypted to the
  capture store;
- capture 100% + drift: every request captured.

Bar (issue 17): at most 5% lower throughput and at most 1 ms more p99 than off. After each
round the gateway's /metrics tell how many rows were captured and how many samples the tap
dropped (a full queue drops rather than block).

    .venv/bin/python bench/gateway_capture.py [--seconds 10] [--rounds 3] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gateway as gw  # bench/gateway.py: server processes and load generators

BASE: dict[str, Any] = {
    "audit": {"durable": False},
    "guards": {"anomaly": {"reference": "reference.npz", "threshold": 10.0}},
    "monitor": {"enabled": False},
}
DRIFT = {"reference": "reference.npz", "window": 5000, "min_rows": 500, "check_every": 5.0}


def _capture(rate: float) -> dict[str, Any]:
    return {"store": f"capture-{rate:g}", "key_file": "capture.key", "sample_rate": rate}


SETUPS: dict[str, tuple[str, dict[str, Any]]] = {
    "off": ("gateway, capture and drift off", BASE),
    "drift": ("  + drift statistics", {**BASE, "drift": DRIFT}),
    "cap10": ("  + capture 10% + drift", {**BASE, "drift": DRIFT, "capture": _capture(0.1)}),
    "cap100": ("  + capture 100% + drift", {**BASE, "drift": DRIFT, "capture": _capture(1.0)}),
}


def _counter(text: str, name: str) -> float:
    m = re.search(rf"^{name} ([0-9.e+]+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def tap_cost(folder: Path, requests: int = 20_000) -> list[tuple[str, float, float, int]]:
    """In-process cost per request of each setup's tap: the request path's ``offer`` and the
    tap thread's CPU time (``time.thread_time``, with encryption and writes), at about 1,000 requests/s. Less sensitive to
    a loaded machine than end-to-end throughput."""
    import time

    from sklearn.datasets import load_digits

    from hauberk.gateway import parse_config
    from hauberk.gateway._metrics import GatewayMetrics
    from hauberk.gateway._tap import TrafficTap

    x = load_digits().data
    out = []
    for setup, (label, extra) in SETUPS.items():
        if setup == "off":
            continue
        raw = {k: v for k, v in extra.items() if k in ("drift", "capture")}
        if "capture" in raw:
            raw["capture"] = {**raw["capture"], "store": f"tap-{setup}"}
        cfg = parse_config({**raw, "audit": {"ledger": None}}, source="bench", base_dir=folder)
        tap = TrafficTap(cfg, GatewayMetrics(), features=64, classes=list(range(10)),
                         guards=["anomaly"], alerter=None)  # fmt: skip
        proba = np.full((1, 10), 0.1)
        offer = 0.0
        for i in range(requests):
            t = time.perf_counter()
            tap.offer(x[i % len(x)][None, :], proba, "v1", "key:bench")
            offer += time.perf_counter() - t
            if i % 20 == 19:
                time.sleep(0.02)
        tap.sync()
        tap.close()
        out.append((label.strip(" +"), offer / requests * 1e6, tap.cpu_seconds / requests * 1e6,
                    tap.dropped))  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()

    from sklearn.datasets import load_digits

    from hauberk.gateway import KeyStore
    from hauberk.supplychain import generate_encryption_key

    folder = Path(tempfile.mkdtemp(prefix="hauberk-bench-capture-"))
    store = KeyStore(folder / "keys.json")
    _, key = store.create("predict")
    _, admin = store.create("admin")
    generate_encryption_key(folder / "capture.key")
    np.savez(folder / "reference.npz", x=load_digits().data[:900])
    results: dict[str, list[tuple[float, ...]]] = {s: [] for s in SETUPS}
    tap: dict[str, list[tuple[float, float]]] = {s: [] for s in SETUPS}
    for _ in range(args.rounds):
        for setup, (_, extra) in SETUPS.items():
            proc, url = gw._start("hauberk", folder, extra)
            try:
                gw._measure(url, key, 2.0, args.concurrency, folder)  # warm-up
                results[setup].append(gw._measure(url, key, args.seconds, args.concurrency, folder))
                text = httpx.get(
                    url.replace("/v1/predict", "/metrics"),
                    headers={"Authorization": f"Bearer {admin}"},
                    timeout=10,
                ).text
                tap[setup].append(
                    (
                        _counter(text, "hauberk_captured_rows_total"),
                        _counter(text, "hauberk_tap_dropped_total"),
                    )
                )
            finally:
                gw._stop(proc)
    costs = tap_cost(folder)
    report(args, results, tap)
    print("\ntap cost per request, in process (20,000 requests at ~1,000/s; 64 features):")
    print(f"{'setup':28} {'offer us':>9} {'tap thread us':>14} {'dropped':>8}")
    for label, offer, thread, dropped in costs:
        print(f"{label:28} {offer:9.1f} {thread:14.1f} {dropped:8d}")
    shutil.rmtree(folder, ignore_errors=True)


def report(
    args: argparse.Namespace,
    results: dict[str, list[tuple[float, ...]]],
    tap: dict[str, list[tuple[float, float]]],
) -> None:
    gen = "wrk -t1" if shutil.which("wrk") else "httpx generator"
    print(
        f"\ngateway with capture and drift statistics: 1 digits row (64 features) per request, "
        f"LogisticRegression, anomaly guard, audit off path, {gen}, concurrency "
        f"{args.concurrency}, {args.seconds:g} s x {args.rounds} interleaved rounds (median), "
        f"loopback, {os.cpu_count()} cores shared with the generator"
    )
    print(
        f"{'setup':32} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'+p99 ms':>8} "
        f"{'non-200':>8} {'captured':>9} {'dropped':>8}  bar"
    )
    med = {
        s: [float(np.median([r[i] for r in runs])) for i in range(4)] for s, runs in results.items()
    }
    off = med["off"]
    for setup, (rps, p50, p99, other) in med.items():
        ratio, extra = rps / off[0], p99 - off[2]
        captured = sum(c for c, _ in tap[setup])
        dropped = sum(d for _, d in tap[setup])
        ok = "" if setup == "off" else ("PASS" if ratio >= 0.95 and extra <= 1.0 else "miss")
        print(
            f"{SETUPS[setup][0]:32} {rps:8.0f} {ratio:7.3f} {p50:8.2f} {p99:8.2f} {extra:8.2f} "
            f"{other:8.0f} {captured:9.0f} {dropped:8.0f}  {ok}"
        )
    print(
        "per round (req/s): "
        + "; ".join(f"{s} " + "/".join(f"{r[0]:.0f}" for r in runs) for s, runs in results.items())
    )
    print("bar: ratio >= 0.95 and +p99 <= 1 ms against 'off' (issue 17)")


if __name__ == "__main__":
    from _record import recorded

    with recorded("gateway_capture"):
        main()
