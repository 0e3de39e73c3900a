"""How much the calibrated threshold of the prompt guard moves between builds, per method.

    python tools/calibration_spread.py DUMP.json [DUMP.json ...] [--fpr 0.01]

Each DUMP is the file ``tools/train_prompt_guard.py --dump-calibration DUMP`` writes (with
``--recalibrate`` it rescores the shipped model's calibration set in seconds): every
calibration prompt's score and family, per way of combining the two models. For each build
(the dump's parent folder names it) the table gives the threshold at ``--fpr`` of each
calibration method: ``pooled`` (the shipped one), ``balanced`` and ``family-max`` (the
training tool's other two), ``capN`` (each generated template weighs at most N prompts: a
template's prompts differ only in the words filled in, so 278 of them are nearer one sample
than 278), and ``no-generated`` (the generated templates left out). The last line is the
spread between builds: a method whose threshold moves little from build to build gives a
guard whose verdicts do not hinge on one template. The last column is the threshold of
retrieved documents, from the calibration pages the dump holds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_prompt_guard as tpg

CAPS = (30, 100)


def weighted_quantile(scores: np.ndarray, weights: np.ndarray, level: float) -> float:
    """The smallest score at which the weight at or below it reaches ``level`` of the total
    (with equal weights, numpy's ``inverted_cdf`` quantile)."""
    order = np.argsort(scores, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    index = min(int(np.searchsorted(cumulative, level - 1e-12)), len(order) - 1)
    return float(scores[order][index])


def template_weights(families: list[str], cap: int) -> np.ndarray:
    """Weight 1 for every prompt, except a generated template's prompts, which share ``cap``."""
    counts = Counter(families)
    return np.array(
        [min(1.0, cap / counts[f]) if f.startswith("generated:") else 1.0 for f in families]
    )


def thresholds(scores: list[float], families: list[str], fpr: float) -> dict[str, float]:
    s = np.array(scores, dtype=np.float64)
    level = 1.0 - fpr
    out = {
        "pooled": float(np.quantile(s, level, method="inverted_cdf")),
        "balanced": float(np.quantile(tpg._balanced(s, families), level, method="inverted_cdf")),
        "family-max": float(
            np.quantile(tpg._family_max(s, families), level, method="inverted_cdf")
        ),
    }
    for cap in CAPS:
        out[f"cap{cap}"] = weighted_quantile(s, template_weights(families, cap), level)
    kept = np.array([not f.startswith("generated:") for f in families])
    out["no-generated"] = float(np.quantile(s[kept], level, method="inverted_cdf"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", type=Path)
    parser.add_argument("--fpr", type=float, default=0.01)
    parser.add_argument("--mix", default="mean")
    args = parser.parse_args()
    rows = []
    for path in args.dumps:
        dumped = json.loads(path.read_text("utf-8"))[args.mix]
        found = thresholds(dumped["scores"], dumped["families"], args.fpr)
        if "documents" in dumped:  # dumps from round 13 on
            docs = np.array(dumped["documents"], dtype=np.float64)
            found[f"documents ({len(docs)} pages)"] = float(
                np.quantile(docs, 1.0 - args.fpr, method="inverted_cdf")
            )
        rows.append((path.parent.name, found))
    keys = list(rows[0][1])
    print(f"Threshold at {args.fpr:.1%} FPR of the calibration set, per build and method\n")
    print("| build | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, found in rows:
        print(f"| {name} | " + " | ".join(f"{found[k]:.3f}" for k in keys) + " |")
    table = np.array([[found[k] for k in keys] for _, found in rows])
    spread = table.max(axis=0) - table.min(axis=0)
    print("| spread (max - min) | " + " | ".join(f"{x:.3f}" for x in spread) + " |")


if __name__ == "__main__":
    main()
