"""The peer side of bench/monitor.py: Evidently and alibi-detect on the same data.

Runs under the peers' own interpreter (see bench/monitor-peers.txt): reads one JSON job from
stdin, prints one JSON answer. Data come as .npy files written by bench/monitor.py, or, for
the many small runs of the false-alarm and power tables, from the same seeds and generator
(``_drift_data.make_pair``, numpy's PCG64 stream), checked by a checksum of the first batch.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from _drift_data import make_pair  # noqa: E402


def evidently_run(ref: np.ndarray, cur: np.ndarray) -> dict[str, object]:
    from evidently import Report
    from evidently.presets import DataDriftPreset

    cols = [f"f{i}" for i in range(ref.shape[1])]
    a, b = pd.DataFrame(ref, columns=cols), pd.DataFrame(cur, columns=cols)
    start = time.perf_counter()
    snap = Report([DataDriftPreset()]).run(current_data=b, reference_data=a)
    elapsed = time.perf_counter() - start
    drifted = [False] * len(cols)
    share = 0.0
    for metric in snap.dict()["metrics"]:
        name = metric["metric_name"]
        if name.startswith("DriftedColumnsCount"):
            share = float(metric["value"]["share"])
        elif name.startswith("ValueDrift("):
            col = name.split("column=")[1].split(",")[0]
            method = metric["config"]["method"]
            threshold = float(metric["config"]["threshold"])
            value = float(metric["value"])
            is_p = "p_value" in method
            drifted[cols.index(col)] = value < threshold if is_p else value >= threshold
    return {
        "seconds": elapsed,
        "features": drifted,
        "any": any(drifted),
        "dataset": share >= 0.5,
    }


def alibi_run(ref: np.ndarray, cur: np.ndarray, alpha: float) -> dict[str, object]:
    from alibi_detect.cd import KSDrift

    start = time.perf_counter()
    detector = KSDrift(ref, p_val=alpha, correction="fdr")
    pred = detector.predict(cur, drift_type="batch", return_p_val=True)
    elapsed = time.perf_counter() - start
    # alibi's batch decision applies the FDR correction; its per-feature decisions do not.
    feats = [bool(p < alpha) for p in np.ravel(pred["data"]["p_val"])]
    whole = bool(pred["data"]["is_drift"])
    return {"seconds": elapsed, "features": feats, "any": whole, "dataset": whole}


def batches(spec: dict[str, object], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Same generator as bench/monitor.py's (``_drift_data.make_pair``)."""
    return make_pair(spec, seed)


def main() -> None:
    job = json.load(sys.stdin)
    tools = job["tools"]
    alpha = float(job.get("alpha", 0.05))
    out: dict[str, object] = {}
    if job["kind"] == "files":
        ref, cur = np.load(job["ref"]), np.load(job["cur"])
        for tool in tools:
            runs = [
                evidently_run(ref, cur) if tool == "evidently" else alibi_run(ref, cur, alpha)
                for _ in range(int(job.get("repeat", 1)))
            ]
            best = min(runs, key=lambda r: r["seconds"])  # type: ignore[arg-type,return-value]
            out[tool] = best
    else:  # many seeded runs: count report-level alarms
        spec = job["spec"]
        first = batches(spec, int(job["seeds"][0]))
        out["checksum"] = float(first[0].sum() + first[1].sum())
        for tool in tools:
            seeds = job["seeds"][: int(job["runs"][tool])]
            alarms = {"any": 0, "dataset": 0}
            start = time.perf_counter()
            for seed in seeds:
                ref, cur = batches(spec, int(seed))
                r = evidently_run(ref, cur) if tool == "evidently" else alibi_run(ref, cur, alpha)
                alarms["any"] += bool(r["any"])
                alarms["dataset"] += bool(r["dataset"])
            out[tool] = {**alarms, "runs": len(seeds), "seconds": time.perf_counter() - start}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
