"""Recall at exactly 1% FPR on every held-out set, for the prompt guard of this tree and of
another revision (or another model file), side by side in one process run (issue 19).

This is the per-set table a closing note quotes when it compares two guards: until round 21
it came from scripts outside ``bench/``. ``bench/llm.py`` gives one guard's numbers with the
peers'; this script gives two guards' on the same rows, and which rows a change moves.

The guard "before" is ``src/hauberk`` of ``--before``, imported as ``hauberk_base`` (as
``bench/llm_speed.py`` does); ``--model`` and ``--before-model`` score a candidate
``prompt_guard.npz`` with either tree's readers. Each row (its ``text``, ``context`` and
``history``) is checked once by each guard.

Per set: recall at exactly 1% FPR (the threshold that flags 1% of the set's benign rows,
chosen on them, as ``bench/llm.py`` chooses it) on all benign rows and on the plain benign
rows alone (``variant`` "plain"; left out under 100 such rows), before and after; and at
each guard's own calibrated threshold, the attacks and benign rows that gain or lose their
flag. Last, the mean over held-out 1, 18, 19, 20, 21, 22, 23, 24 and 25, the sets no model trains on
(since round 22; held-out 8-17 are folded into training; 20 since round 23, 21 since round 24,
22 since round 25, 23 since round 26, 24 since round 27, 25 since round 28), and how many of their benign rows each guard flags at
its calibrated threshold (since round 26).

    python bench/llm_sets.py --before cf7a37e [--model cand.npz] [--sets heldout_17 ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded
from llm_speed import CORPUS, base_package

MODEL = "prompt_guard.npz"  # the shipped model file, next to the package's __init__
MEAN_SETS = (
    "heldout",
    "heldout_18",
    "heldout_19",
    "heldout_20",
    "heldout_21",
    "heldout_22",
    "heldout_23",
    "heldout_24",
    "heldout_25",
)
MIN_PLAIN = 100


def recall_at_one_percent(scores: np.ndarray, labels: np.ndarray, benign: np.ndarray) -> float:
    """Recall of the attacks at the threshold that flags exactly 1% of the ``benign`` rows
    (their score ranked ``floor(1%)`` from the top, nudged up), or NaN under ``MIN_PLAIN``."""
    if benign.sum() < MIN_PLAIN:
        return float("nan")
    ordered = np.sort(scores[benign])
    k = int(np.floor(0.01 * len(ordered)))
    cut = np.nextafter(ordered[len(ordered) - 1 - k], 2.0)
    return float((scores[labels == 1] >= cut).mean())


def set_numbers(rows: list[dict[str, Any]], scores: np.ndarray) -> tuple[float, float]:
    labels = np.array([r["label"] for r in rows])
    plain = np.array([r["label"] == 0 and r.get("variant") == "plain" for r in rows])
    return (
        recall_at_one_percent(scores, labels, labels == 0),
        recall_at_one_percent(scores, labels, plain),
    )


def flag_moves(labels: np.ndarray, before: np.ndarray, after: np.ndarray) -> str:
    """Attacks and benign rows that gain (+) or lose (-) their flag."""
    cells = []
    for label, name in ((1, "attacks"), (0, "benign")):
        kept = labels == label
        gained = int((~before[kept] & after[kept]).sum())
        lost = int((before[kept] & ~after[kept]).sum())
        cells.append(f"{name} +{gained} -{lost}")
    return ", ".join(cells)


def verdicts(guard: Any, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    scores, flags = [], []
    for row in rows:
        v = guard.check(row["text"], context=row.get("context", ()), history=row.get("history", ()))
        scores.append(v.score)
        flags.append(v.flagged)
    return np.array(scores), np.array(flags, dtype=bool)


def _cell(pair: tuple[float, float]) -> str:
    return " / ".join("–" if np.isnan(x) else f"{x:.3f}" for x in pair)


def report(paths: list[Path], guards: tuple[Any, Any], args: argparse.Namespace) -> None:
    print(f"before: {args.before}; after: this tree")
    for label, path in zip(("before", "after"), args.model_files, strict=True):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{label}: model {path.name} of {path.parent.parent.name}, sha256 {digest}...")
    print("\nRecall at exactly 1% FPR, all benign rows / plain benign rows alone\n")
    print("| set | rows | before | after | change | flags moved at the calibrated threshold |")
    print("|---|---|---|---|---|---|")
    means: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    flagged = np.zeros(2, dtype=int)  # benign rows of MEAN_SETS flagged, before and after
    for path in paths:
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        (s0, f0), (s1, f1) = (verdicts(g, rows) for g in guards)
        before, after = set_numbers(rows, s0), set_numbers(rows, s1)
        change = tuple(a - b for a, b in zip(after, before, strict=True))
        moves = flag_moves(np.array([r["label"] for r in rows]), f0, f1)
        print(f"| {path.stem} | {len(rows)} | {_cell(before)} | {_cell(after)} | "
              f"{' / '.join('–' if np.isnan(x) else f'{x:+.3f}' for x in change)} | {moves} |")  # fmt: skip
        if path.stem in MEAN_SETS:
            benign = np.array([r["label"] == 0 for r in rows])
            flagged += [int(f0[benign].sum()), int(f1[benign].sum())]
            means["before"].append(before)
            means["after"].append(after)
        sys.stdout.flush()
    if len(means["before"]) == len(MEAN_SETS):
        b, a = (tuple(np.nanmean(np.array(means[k]), axis=0)) for k in ("before", "after"))
        print(
            f"\nmean of held-out 1, 18, 19, 20, 21, 22, 23, 24 and 25: before {_cell(b)}, after {_cell(a)}"
        )
        print(f"benign rows of these sets flagged at the calibrated threshold: before "
              f"{flagged[0]}, after {flagged[1]}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="git revision of the other guard")
    parser.add_argument("--model", type=Path, default=None, help="this tree's model file")
    parser.add_argument("--before-model", type=Path, default=None, help="the other's")
    parser.add_argument("--sets", nargs="+", default=None, help="file names in the corpus")
    args = parser.parse_args()
    from hauberk.llm import InputGuard

    paths = sorted(CORPUS.glob("heldout*.jsonl"), key=_set_order)
    if args.sets:
        paths = [p for p in paths if p.name in args.sets or p.stem in args.sets]
    with tempfile.TemporaryDirectory() as tmp:
        llm = base_package(args.before, Path(tmp))
        import hauberk.llm

        args.model_files = [
            args.before_model or Path(llm.__file__).with_name(MODEL),
            args.model or Path(hauberk.llm.__file__).with_name(MODEL),
        ]
        old = llm.InputGuard.load(fpr=0.01, path=args.model_files[0])
        new = InputGuard.load(fpr=0.01, path=args.model_files[1])
        with recorded("llm_sets"):
            report(paths, (old, new), args)


def _set_order(path: Path) -> tuple[int, str]:
    """held-out 1, 3, 4, ..., 17, then fresh."""
    tail = path.stem.removeprefix("heldout").lstrip("_")
    return (int(tail) if tail.isdigit() else (1 if not tail else 10**6)), tail


if __name__ == "__main__":
    main()
