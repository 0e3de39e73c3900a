"""Drift reports against Evidently and alibi-detect, from one run on the same data.

1. Time per drift report (reference and current of the same size; 10 and 100 features;
   1,000 / 10,000 / 100,000 rows; one feature in ten shifted by 0.1 sd) and the agreement of
   per-feature and report-level decisions. hauberk's time is the library call on arrays
   already in memory (best of 3); the peers' likewise on DataFrames/arrays (Evidently: its
   DataDriftPreset, default tests; alibi-detect: KSDrift with FDR correction, the closest
   to hauberk's default), best of ``--peer-repeat``.
2. False-alarm rate of the report-level decision over many runs with no shift (500 rows, 10
   features, α = 0.05), with its 95% Clopper–Pearson interval; then the same on columns that
   are not Gaussian (``_drift_data.KINDS``: ties, flags, counts, heavy tails, mostly-zero
   amounts), for hauberk's KS, PSI and Wasserstein tests and the peers.
3. Power (report-level alarm rate) at 500 / 1,000 / 5,000 rows for a small mean shift (all 10
   features +0.05 sd), a small variance shift (all 10 features ×1.05 sd) and one feature
   among 50 shifted by +0.1 sd.

Evidently's report decision is its "dataset drift" (at least half the columns drifted, its
default); "any column" is also shown. Evidently and alibi-detect run in their own venv (see
bench/monitor-peers.txt), given by ``HAUBERK_PEERS_PYTHON``; without it only hauberk runs.

    python bench/monitor.py [--fa-runs 2000] [--power-runs 200] [--peer-fa-runs 100]
                            [--peer-power-runs 10] [--peer-repeat 1] [--rows 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from _drift_data import KINDS, make_pair
from hauberk.core import clopper_pearson
from hauberk.monitor import Batch, DriftDetector

HERE = Path(__file__).resolve().parent
ALPHA = 0.05


def hauberk_run(
    ref: np.ndarray, cur: np.ndarray, test: str = "ks"
) -> tuple[float, list[bool], bool]:
    detector = DriftDetector(alpha=ALPHA, test=test)
    start = time.perf_counter()
    result = detector.compare(Batch.from_array(ref, source="ref"), Batch.from_array(cur))
    elapsed = time.perf_counter() - start
    return elapsed, [f.drifted for f in result.features], result.drift


def peers(job: dict[str, Any]) -> dict[str, Any] | None:
    python = os.environ.get("HAUBERK_PEERS_PYTHON")
    if not python:
        return None
    out = subprocess.run(
        [python, str(HERE / "_monitor_peers.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        timeout=7200,
    )
    answer: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return answer


def pct(k: int, n: int) -> str:
    r = clopper_pearson(k, n)
    return f"{100 * r.value:.1f}% [{100 * r.low:.1f}, {100 * r.high:.1f}] n={n}"


def timing_table(tmp: Path, repeat: int, sizes: list[int]) -> None:
    print("## Time per drift report and agreement of decisions\n")
    print("| rows | features | hauberk | Evidently | ratio | alibi-detect | ratio | "
          "features agree (Ev / alibi) | report agrees (Ev / alibi) |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    hauberk_run(*make_pair({"rows": 100, "features": 3}, 0))  # imports and first-call costs
    for rows in sizes:
        for features in (10, 100):
            spec = {"rows": rows, "features": features, "shifted": features // 10, "shift": 0.1}
            ref, cur = make_pair(spec, 1)
            runs = [hauberk_run(ref, cur) for _ in range(3)]
            ours, feats, drift = min(runs, key=lambda r: r[0])
            np.save(tmp / "ref.npy", ref)
            np.save(tmp / "cur.npy", cur)
            job = {"kind": "files", "ref": str(tmp / "ref.npy"), "cur": str(tmp / "cur.npy"),
                   "tools": ["evidently", "alibi"], "alpha": ALPHA, "repeat": repeat}  # fmt: skip
            peer = peers(job) or {}
            cells = [f"{rows:,}", str(features), f"{ours * 1000:.0f} ms"]
            agree_f, agree_r = [], []
            for tool in ("evidently", "alibi"):
                r = peer.get(tool)
                if r is None:
                    cells += ["-", "-"]
                    agree_f.append("-")
                    agree_r.append("-")
                    continue
                cells += [f"{r['seconds'] * 1000:.0f} ms", f"{r['seconds'] / ours:.1f}×"]
                same = sum(a == b for a, b in zip(feats, r["features"], strict=True))
                agree_f.append(f"{same}/{features}")
                agree_r.append("yes" if r["dataset"] == drift else "no")
            cells += [" / ".join(agree_f), " / ".join(agree_r)]
            print("| " + " | ".join(cells) + " |", flush=True)
    print()


def alarm_rate(
    spec: dict[str, Any], runs: int, peer_runs: int, seed0: int, tests: tuple[str, ...] = ("ks",)
) -> dict[str, str]:
    seeds = list(range(seed0, seed0 + max(runs, peer_runs)))
    out = {}
    for test in tests:
        alarms = sum(hauberk_run(*make_pair(spec, seed), test=test)[2] for seed in seeds[:runs])
        out["hauberk" if test == "ks" else f"hauberk_{test}"] = pct(alarms, runs)
    job = {"kind": "seeded", "spec": spec, "seeds": seeds, "alpha": ALPHA,
           "tools": ["evidently", "alibi"],
           "runs": {"evidently": peer_runs, "alibi": runs}}  # fmt: skip
    peer = peers(job)
    if peer is not None:
        ref, cur = make_pair(spec, seeds[0])
        if abs(peer["checksum"] - float(ref.sum() + cur.sum())) > 1e-6:
            raise SystemExit("peer data differ from hauberk's: the generators disagree")
        ev, al = peer["evidently"], peer["alibi"]
        out["evidently"] = pct(ev["dataset"], ev["runs"])
        out["evidently_any"] = pct(ev["any"], ev["runs"])
        out["alibi"] = pct(al["dataset"], al["runs"])
    return out


def rates_tables(fa_runs: int, power_runs: int, peer_fa: int, peer_power: int) -> None:
    print(f"## False-alarm rate with no shift (500 rows, 10 features, α = {ALPHA})\n")
    print("| tool | report-level alarms [95% CI] |")
    print("|---|---|")
    fa = alarm_rate({"rows": 500, "features": 10}, fa_runs, peer_fa, 10_000)
    print(f"| hauberk (KS, Benjamini–Hochberg) | {fa['hauberk']} |")
    if "evidently" in fa:
        print(f"| Evidently (dataset drift) | {fa['evidently']} |")
        print(f"| Evidently (any column drifted) | {fa['evidently_any']} |")
        print(f"| alibi-detect (KSDrift, FDR) | {fa['alibi']} |")
    print()
    print(f"## False-alarm rate with no shift, columns that are not Gaussian (500 rows, 10 "
          f"features, α = {ALPHA}, {fa_runs // 4} runs each)\n")  # fmt: skip
    print("| columns | hauberk KS | hauberk PSI | hauberk Wasserstein | Evidently (dataset) | "
          "Evidently (any column) | alibi-detect |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for kind in KINDS:
        r = alarm_rate({"rows": 500, "features": 10, "kind": kind}, fa_runs // 4, peer_fa,
                       30_000, tests=("ks", "psi", "wasserstein"))  # fmt: skip
        print(f"| {kind} | {r['hauberk']} | {r['hauberk_psi']} | {r['hauberk_wasserstein']} | "
              f"{r.get('evidently', '-')} | {r.get('evidently_any', '-')} | "
              f"{r.get('alibi', '-')} |", flush=True)  # fmt: skip
    print()
    print("## Power: report-level alarm rate [95% CI]\n")
    print("| shift | rows | hauberk | Evidently (dataset) | Evidently (any column) | "
          "alibi-detect |")  # fmt: skip
    print("|---|---:|---|---|---|---|")
    cases = [
        ("mean +0.05 sd, 10 of 10", {"features": 10, "shifted": 10, "shift": 0.05}),
        ("sd ×1.05, 10 of 10", {"features": 10, "shifted": 10, "scale": 1.05}),
        ("mean +0.1 sd, 1 of 50", {"features": 50, "shifted": 1, "shift": 0.1}),
    ]
    for label, spec in cases:
        for rows in (500, 1_000, 5_000):
            r = alarm_rate({**spec, "rows": rows}, power_runs, peer_power, 20_000)
            print(f"| {label} | {rows:,} | {r['hauberk']} | {r.get('evidently', '-')} | "
                  f"{r.get('evidently_any', '-')} | {r.get('alibi', '-')} |", flush=True)  # fmt: skip
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fa-runs", type=int, default=2000)
    parser.add_argument("--power-runs", type=int, default=200)
    parser.add_argument("--peer-fa-runs", type=int, default=100)
    parser.add_argument("--peer-power-runs", type=int, default=10)
    parser.add_argument("--peer-repeat", type=int, default=1)
    parser.add_argument("--rows", default="1000,10000,100000", help="timing table sizes")
    parser.add_argument("--no-timing", action="store_true", help="only the rate tables")
    args = parser.parse_args()
    print(f"# bench/monitor.py: drift reports, hauberk against peers (α = {ALPHA})\n")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, cpus {os.cpu_count()}, "
          f"peers: {'yes' if os.environ.get('HAUBERK_PEERS_PYTHON') else 'not configured'}\n")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_timing:
            timing_table(Path(tmp), args.peer_repeat, [int(r) for r in args.rows.split(",")])
    rates_tables(args.fa_runs, args.power_runs, args.peer_fa_runs, args.peer_power_runs)


if __name__ == "__main__":
    from _record import recorded

    with recorded("monitor"):
        main()
