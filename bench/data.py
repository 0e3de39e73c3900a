"""Label-flip detection: hauberk against cleanlab and the k-NN rule alone, from one run.

For each data set that scikit-learn ships (digits, wine, breast cancer, iris) and one it
generates with a fixed seed (``generated``: ``make_classification``, 1000 rows, 20 features,
5 classes of two clusters each; not one the detector was designed on), each kind of flip and
each rate (5%, 10%, 20% of all rows), over ``--seeds`` seeds:

* uniform: a flipped row gets any other class at random;
* next: class c becomes c+1 (mod K); on a two-class set this is the same as uniform;
* systematic: source classes in random order, each gives up to 40% of its rows to one fixed
  other class, until the rate is reached (a dense mislabelled cluster).

One base model (standardised logistic regression, hauberk's default) gives 5-fold stratified
out-of-sample probabilities per run; cleanlab's ``find_label_issues`` (its default filter,
``prune_by_noise_rate``) and hauberk's ``label_flips`` both get those same probabilities.
hauberk's rule (a per-pair neighbour gate at (1 + s) / 2 and a cut at cleanlab's flag count,
src/hauberk/data/_label_flip.py) was chosen on seeds 3-5 of the shipped sets, so seeds 0-2
and the generated set are held out; the table shows every run beside the mean.
The k-NN rule alone is ``suspect_labels`` (k=10, agreement 0.7), hauberk's previous detector.

The issue's bar: precision and recall each at least cleanlab's, and F1 at least cleanlab's
+ 0.05, on average; the bench also counts the cells and the single runs where hauberk's
precision or recall is below cleanlab's.

    python bench/data.py [--seeds 3]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from hauberk.data._label_flip import (
    confident_learning,
    label_flips,
    neighbour_indices,
    out_of_sample_probabilities,
)
from hauberk.data._label_noise import suspect_labels

KINDS = ("uniform", "next", "systematic")
RATES = (0.05, 0.10, 0.20)


def load(name: str) -> tuple[np.ndarray, np.ndarray]:
    from sklearn import datasets

    if name == "generated":
        x, y = generated()
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.int64)
    loader = {
        "digits": datasets.load_digits,
        "wine": datasets.load_wine,
        "breast_cancer": datasets.load_breast_cancer,
        "iris": datasets.load_iris,
    }[name]
    x, y = loader(return_X_y=True)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.int64)


def generated() -> tuple[np.ndarray, np.ndarray]:
    """A fifth set, generated with a fixed seed (parameters fixed before any run)."""
    from sklearn.datasets import make_classification

    x, y = make_classification(
        n_samples=1000,
        n_features=20,
        n_informative=10,
        n_redundant=4,
        n_classes=5,
        n_clusters_per_class=2,
        class_sep=2.0,
        random_state=0,
    )
    return x, y


def flip(y: np.ndarray, kind: str, rate: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    k, n = int(y.max()) + 1, len(y)
    m = round(rate * n)
    noisy = y.copy()
    if kind in ("uniform", "next"):
        idx = rng.choice(n, m, replace=False)
        shift = rng.integers(1, k, m) if kind == "uniform" else 1
        noisy[idx] = (y[idx] + shift) % k
        return noisy, idx
    chosen: list[int] = []
    for source in rng.permutation(k):
        rows = np.flatnonzero(y == source)
        take = min(m - len(chosen), int(0.4 * len(rows)))
        if take <= 0:
            break
        target = rng.choice([c for c in range(k) if c != source])
        picked = rng.choice(rows, take, replace=False)
        noisy[picked] = target
        chosen += picked.tolist()
    return noisy, np.asarray(chosen, dtype=np.int64)


def prf(found: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    f, t = set(found.tolist()), set(truth.tolist())
    hits = len(f & t)
    p = hits / len(f) if f else 1.0
    r = hits / len(t) if t else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def below(m: np.ndarray) -> bool:
    """hauberk's precision or recall below cleanlab's in one row of scores."""
    return bool(m[0] < m[3] - 1e-9 or m[1] < m[4] - 1e-9)


def main() -> None:
    from _record import recorded

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    names = ("digits", "wine", "breast_cancer", "iris", "generated")
    shipped = names[:4]
    # (name, kind, rate) -> per-seed rows of [hauberk P R F1, cleanlab P R F1, k-NN P R F1]
    runs: dict[tuple[str, str, float], np.ndarray] = {}
    # (name, kind, rate) -> per-seed [flips, hauberk hits, hauberk flags, cleanlab hits, flags]
    counts: dict[tuple[str, str, float], list[tuple[int, ...]]] = {}
    start = time.perf_counter()
    for name in names:
        x, y = load(name)
        near = neighbour_indices(x, k=10)  # labels do not change the neighbours
        for kind in KINDS:
            for rate in RATES:
                scores = []
                for seed in range(args.seeds):
                    noisy, truth = flip(y, kind, rate, seed)
                    probs = out_of_sample_probabilities(x, noisy, folds=5, seed=seed)
                    ours = label_flips(
                        x, noisy, probabilities=probs, neighbours=10, seed=seed, neighbour_idx=near
                    )
                    theirs = np.flatnonzero(confident_learning(noisy, probs))
                    knn, _ = suspect_labels(x, noisy, k=10, agreement=0.7, neighbours=near)
                    scores.append([*prf(ours.rows, truth), *prf(theirs, truth), *prf(knn, truth)])
                    counts.setdefault((name, kind, rate), []).append(
                        (
                            len(truth),
                            len(np.intersect1d(ours.rows, truth)),
                            len(ours.rows),
                            len(np.intersect1d(theirs, truth)),
                            len(theirs),
                        )
                    )
                runs[(name, kind, rate)] = np.asarray(scores)
    elapsed = time.perf_counter() - start
    rows = [(n, k, r, m.mean(axis=0)) for (n, k, r), m in runs.items()]
    with recorded("data"):
        print("## Label flips: hauberk vs cleanlab (same base model and folds) vs k-NN alone\n")
        print(
            f"Seeds 0-{args.seeds - 1}; hauberk's rule (neighbour gate (1 + s) / 2 per class "
            "pair, cut at cleanlab's flag count; src/hauberk/data/_label_flip.py) was chosen on "
            "seeds 3-5 of the shipped sets, so every run here is held out, and the generated "
            "set was never used for a choice. Base model: standardised logistic regression, 5-fold out-of-sample "
            "probabilities; cleanlab's default filter on those same probabilities. On two-class "
            "sets (breast_cancer) 'next' is the same flip as 'uniform'. `<` marks a run where "
            "hauberk's precision or recall is below cleanlab's.\n"
        )
        print("### Every run\n")
        print(
            "| data | flip | rate | seed | hauberk P | R | F1 | cleanlab P | R | F1 "
            "| k-NN P | R | F1 | ΔP | ΔR | ΔF1 | |"
        )
        print("|---|---|---:|---:|" + "---:|" * 12 + "---|")
        for (name, kind, rate), per_seed in runs.items():
            for seed, m in enumerate(per_seed):
                d = m[:3] - m[3:6]
                cells = " | ".join(f"{v:.2f}" for v in m)
                deltas = " | ".join(f"{v:+.2f}" for v in d)
                mark = "<" if below(m) else ""
                print(f"| {name} | {kind} | {rate:.0%} | {seed} | {cells} | {deltas} | {mark} |")
        print(f"\n### Mean over the {args.seeds} seeds\n")
        print(
            "| data | flip | rate | hauberk P | R | F1 | cleanlab P | R | F1 | k-NN P | R | F1 "
            "| ΔP | ΔR | ΔF1 | |"
        )
        print("|---|---|---:|" + "---:|" * 12 + "---|")
        for name, kind, rate, m in rows:
            d = m[:3] - m[3:6]
            cells = " | ".join(f"{v:.2f}" for v in m)
            deltas = " | ".join(f"{v:+.2f}" for v in d)
            print(
                f"| {name} | {kind} | {rate:.0%} | {cells} | {deltas} | {'<' if below(m) else ''} |"
            )
        print("\n### Averages\n")
        print(
            "| group | hauberk P | R | F1 | cleanlab P | R | F1 | k-NN P | R | F1 | ΔP | ΔR | ΔF1 |"
        )
        print("|---|" + "---:|" * 12)
        groups = [(k, [m for _, kk, _, m in rows if kk == k]) for k in KINDS]
        groups += [(n, [m for nn, _, _, m in rows if nn == n]) for n in names]
        groups += [
            (f"seed {s}", [per_seed[s] for per_seed in runs.values()]) for s in range(args.seeds)
        ]
        groups.append(("shipped sets", [m for n, *_, m in rows if n in shipped]))
        groups.append(("all, with generated", [m for *_, m in rows]))
        for label, ms in groups:
            m = np.mean(ms, axis=0)
            d = m[:3] - m[3:6]
            cells = " | ".join(f"{v:.2f}" for v in m)
            print(f"| {label} | {cells} | " + " | ".join(f"{v:+.3f}" for v in d) + " |")
        print("\n### The issue's bar\n")
        for label, sets in (("shipped sets", shipped), ("with the generated set", names)):
            part = [(n, k, r, m) for n, k, r, m in rows if n in sets]
            allm = np.mean([m for *_, m in part], axis=0)
            dp, dr, df = allm[:3] - allm[3:6]
            print(f"{label}:\n")
            print(f"- precision at least cleanlab's: {'met' if dp >= 0 else 'NOT met'} ({dp:+.3f})")
            print(f"- recall at least cleanlab's: {'met' if dr >= 0 else 'NOT met'} ({dr:+.3f})")
            print(
                f"- F1 at least cleanlab's + 0.05: {'met' if df >= 0.05 else 'NOT met'} ({df:+.3f})"
            )
            missed = [(n, k, r) for n, k, r, m in part if below(m)]
            print(
                f"- cells (mean over seeds) where hauberk's precision or recall is below "
                f"cleanlab's: {len(missed)} of {len(part)}"
                + ("" if not missed else ": " + ", ".join(f"{n}/{k}/{r:.0%}" for n, k, r in missed))
                + "\n"
            )
        print("Runs:\n")
        for s in range(args.seeds):
            missed = [
                "{}/{}/{:.0%} ({} flips; hauberk {} hits of {} flags, cleanlab {} of {})".format(
                    n, k, r, *counts[(n, k, r)][s]
                )
                for (n, k, r), per_seed in runs.items()
                if below(per_seed[s])
            ]
            role = "held out" if s not in (3, 4, 5) else "rule-choosing seed on the shipped sets"
            print(
                f"- seed {s} ({role}): runs below cleanlab's precision or recall: "
                f"{len(missed)} of {len(runs)}" + (": " + ", ".join(missed) if missed else "")
            )
        print(f"\n{len(runs) * args.seeds} runs in {elapsed:.0f} s (provisional on a loaded host).")


if __name__ == "__main__":
    main()
