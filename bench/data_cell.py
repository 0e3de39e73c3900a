"""One label-flip cell of ``bench/data.py`` over many seeds: is hauberk below cleanlab there, or
was the three-seed table unlucky?

``bench/data.py`` scores every cell on seeds 0-2. A cell where hauberk's recall or precision
falls below cleanlab's by a row or two can be noise; this re-runs that one cell (same flips,
same base model and folds, same neighbours) on ``--seeds`` seeds and prints the pooled hits
and flags of both, the per-seed wins and losses in hits, and a two-sided sign test on them.

    python bench/data_cell.py [--data breast_cancer] [--flip systematic] [--rate 0.05] [--seeds 30]
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from scipy.stats import binomtest

from data import KINDS, flip, load  # bench/data.py: the same loaders and flips
from hauberk.data._label_flip import (
    confident_learning,
    label_flips,
    neighbour_indices,
    out_of_sample_probabilities,
)


def one_seed(
    x: np.ndarray, y: np.ndarray, near: np.ndarray, args: argparse.Namespace, seed: int
) -> list[int]:
    """[flips, hauberk hits, hauberk flags, cleanlab hits, cleanlab flags] of one run."""
    noisy, truth = flip(y, args.flip, args.rate, seed)
    probs = out_of_sample_probabilities(x, noisy, folds=5, seed=seed)
    ours = label_flips(x, noisy, probabilities=probs, neighbours=10, seed=seed, neighbour_idx=near)
    theirs = np.flatnonzero(confident_learning(noisy, probs))
    return [
        len(truth),
        len(np.intersect1d(ours.rows, truth)),
        len(ours.rows),
        len(np.intersect1d(theirs, truth)),
        len(theirs),
    ]


def main() -> None:
    from _record import recorded

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="breast_cancer")
    parser.add_argument("--flip", default="systematic", choices=KINDS)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    x, y = load(args.data)
    near = neighbour_indices(x, k=10)
    runs = np.asarray([one_seed(x, y, near, args, s) for s in range(args.seeds)])
    flips, hits, flags, c_hits, c_flags = runs.sum(axis=0)
    diff = runs[:, 1] - runs[:, 3]
    wins, losses = int((diff > 0).sum()), int((diff < 0).sum())
    p = binomtest(wins, wins + losses).pvalue if wins + losses else 1.0
    with recorded("data_cell"):
        print(f"## {args.data} / {args.flip} / {args.rate:.0%}, seeds 0-{args.seeds - 1}\n")
        print("| detector | hits | flags | flips | precision | recall | hits / cleanlab's |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, h, f in (("hauberk", hits, flags), ("cleanlab", c_hits, c_flags)):
            print(
                f"| {name} | {h} | {f} | {flips} | {h / f:.3f} | {h / flips:.3f} "
                f"| {h / c_hits:.3f} |"
            )
        print(
            f"\nPer seed, hauberk finds more flips than cleanlab in {wins} runs, fewer in "
            f"{losses}, as many in {args.seeds - wins - losses}; two-sided sign test p = {p:.2f}."
        )
        print("Seeds 0-2 are the runs of bench/data.py's table.")


if __name__ == "__main__":
    main()
