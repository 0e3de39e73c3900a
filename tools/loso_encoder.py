"""Unseen-source yardstick for the prompt guard's encoder (build time only).

    python tools/loso_encoder.py --wheels DIR [--pretrained] [--hashed-dropout P] --out F.json
    python tools/loso_encoder.py --table F.json G.json ...    # runs side by side

The encoder (and, for the ``mean`` combination the guard ships, the n-gram logistic
regression) is trained on the round-6 training text only (as ``tools/loso_prompt_guard.py``'s
first column: raw texts, no decoded readings) and every round-7 attack source
(``tools/_prompt_corpus_r7.py``, none of which the shipped model trains on) is scored at the
threshold that flags 1% of the calibration benign prompts. All round-7 sources are left out at
once, so one training per variant gives the recall on each unseen source; the round-7 hard
negatives (descriptions of attacks, agents' tasks) give a false-positive rate on benign text
that talks about attacks. Nothing here reads a held-out set except to drop its texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_prompt_guard as tpg


def table(paths: list[Path]) -> None:
    """Print the runs of ``paths`` (JSON written by ``--out``) side by side."""
    runs = {p.stem: json.loads(p.read_text("utf-8")) for p in paths}
    first = next(iter(runs.values()))
    sources = first["sources"]
    total = sum(v["n"] for v in sources.values())
    for key in ("mean", "encoder"):
        print(f"\n{key}: recall at the threshold flagging 1% of calibration benign prompts\n")
        print("| unseen source | n | " + " | ".join(runs) + " |")
        print("|---|---|" + "---|" * len(runs))
        for src, row in sources.items():
            cells = " | ".join(f"{r['sources'][src][key]:.3f}" for r in runs.values())
            print(f"| {src} | {row['n']} | {cells} |")
        macro = [np.mean([r["sources"][s][key] for s in sources]) for r in runs.values()]
        pooled = [sum(r["sources"][s][key] * sources[s]["n"] for s in sources) / total
                  for r in runs.values()]  # fmt: skip
        fpr = [r["hard_negative_fpr"][key] for r in runs.values()]
        print("| mean over sources | | " + " | ".join(f"{v:.3f}" for v in macro) + " |")
        print(f"| pooled | {total} | " + " | ".join(f"{v:.3f}" for v in pooled) + " |")
        print(f"| FPR, {first['hard_negatives']} round-7 hard negatives | | "
              + " | ".join(f"{v:.3f}" for v in fpr) + " |")  # fmt: skip
    print("\n| run | pretrained | hashed dropout | epochs | seed | dev AUC | dev loss |")
    print("|---|---|---|---|---|---|---|")
    for name, r in runs.items():
        a = r["args"]
        print(f"| {name} | {a['pretrained']} | {a['hashed_dropout']} | {a['epochs']} | "
              f"{a.get('seed', 0)} | {r.get('dev_auc')} | {r.get('dev_loss')} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, nargs="+", help="Only print these runs' table.")
    parser.add_argument("--wheels", type=Path)
    parser.add_argument("--pretrained", action="store_true")
    parser.add_argument("--hashed-dropout", type=float, default=0.0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=tpg.SEED, help="The encoder's seed only.")
    parser.add_argument("--out", type=Path, help="Per-source recalls as JSON.")
    args = parser.parse_args()
    if args.table:
        table(args.table)
        return
    if args.wheels is None or args.out is None:
        parser.error("--wheels and --out are needed to train")
    from sklearn.linear_model import LogisticRegression

    from hauberk.llm._input_guard import Featurizer

    data = tpg.loso_texts(args.wheels)
    train = [t for t, _ in data["attacks"]] + [t for t, _ in data["benign"]]
    labels = np.r_[np.ones(len(data["attacks"])), np.zeros(len(data["benign"]))].astype(int)
    pre = None
    if args.pretrained:
        pre = tpg.pretrained_vectors.read_pieces(tpg._wheel(args.wheels, "wordllama"))
    tpg.SEED = args.seed  # the training data stay those of the shipped seed
    started = time.time()
    arrays, b2, report = tpg.train_encoder(
        train, labels, epochs=args.epochs, buckets=2**16, dim=32, hidden=64, pretrained=pre,
        hashed_dropout=args.hashed_dropout, threads=args.threads,
    )  # fmt: skip
    encoder = tpg.encoder_of(arrays, b2)
    feat = Featurizer()
    clf = LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear")
    clf.fit(feat.transform(train), labels)

    def scores(texts: list[str]) -> dict[str, np.ndarray]:
        enc = encoder.scores(texts)
        ngram = clf.predict_proba(feat.transform(texts))[:, 1]
        return {"encoder": enc, "mean": (enc + ngram) / 2, "ngram": ngram}

    calib = scores([t for t, _ in data["calib"]])
    cuts = {k: float(np.quantile(v, 0.99)) for k, v in calib.items()}
    result: dict[str, object] = {"args": vars(args) | {"wheels": str(args.wheels)}, **report}
    result["seconds"] = round(time.time() - started, 1)
    by_source: dict[str, dict[str, float]] = {}
    sources = sorted({s.split(":")[0] for _, s in data["r7_attacks"]})
    for src in sources:
        test = [t for t, s in data["r7_attacks"] if s.split(":")[0] == src]
        got = scores(test)
        by_source[src] = {"n": len(test)} | {k: float((got[k] > cuts[k]).mean()) for k in cuts}
    hard = scores([t for t, _ in data["r7_benign"]])
    result["sources"] = by_source
    result["hard_negative_fpr"] = {k: float((hard[k] > cuts[k]).mean()) for k in cuts}
    result["hard_negatives"] = len(data["r7_benign"])
    args.out.write_text(json.dumps(result, indent=1, default=str), "utf-8")
    print(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
