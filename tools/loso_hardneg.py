"""Hard-negative mining for the prompt guard, measured leave-one-set-out (build time only).

    python tools/loso_hardneg.py --group G --texts READINGS.json --wheels DIR --out FILE
    python tools/loso_hardneg.py --table FILE [FILE ...]     # the results as a table

``READINGS.json`` holds the readings and labels ``train_prompt_guard.py --fold <the other
groups>`` fits its n-gram model on (``tools/_minilm.py texts`` writes it). The n-gram logistic
regression is fitted twice: on those readings, and on them plus the ``--mined`` benign pool
texts that the first fit scores highest (every reading of each). The pool is more of the
training packages' technical prose than training samples (``--pool-limit`` per package and
kind) and more generated benign chat; never a text of any held-out set. Each fit is scored
on group G's rows through a real ``InputGuard`` (n-gram model alone: the encoder is not
retrained here) and the recall at exactly 1% FPR on G's benign rows is written to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import _prompt_corpus as corpus  # noqa: E402
import _prompt_corpus_tech as tech  # noqa: E402
import loso_sets  # noqa: E402
import train_prompt_guard as tpg  # noqa: E402

from hauberk.llm._input_guard import Featurizer, InputGuard, PromptModel  # noqa: E402
from hauberk.llm._normalize import views  # noqa: E402


def pool(wheels: Path, limit: int, chats: int, known: set[str]) -> list[str]:
    texts = [t for t, _ in tech.technical_text("train", wheels, limit)]
    texts += [t for t, _ in corpus.generated_benign("train", chats, tpg.SEED + 91)]
    held: set[str] = set()
    for path in sorted(tpg.HELDOUT.parent.glob("heldout*.jsonl")):
        held |= tpg._set_texts(path)
    return sorted({t for t in texts if t not in known and t not in held})


def fit(texts: list[str], labels: np.ndarray, feat: Featurizer) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(
        C=4.0, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=tpg.SEED
    )
    clf.fit(feat.transform(texts), labels)
    return clf.coef_.ravel().astype(np.float32), float(clf.intercept_[0])


def recall(weights: np.ndarray, bias: float, feat: Featurizer, group: str, wheels: Path) -> float:
    one = np.array([0.5])
    model = PromptModel(weights, bias, one, one, {}, feat)
    guard = InputGuard(model, fpr=0.01)
    rows = loso_sets._set_rows(group, wheels)
    scores, _ = loso_sets._score_rows(guard, rows)
    y = np.array([r["label"] for r in rows])
    return loso_sets._exact_1pct(scores[y == 0], scores[y == 1])


def table(paths: list[Path]) -> None:
    print("| left-out group | n-gram model, training readings | + mined hard negatives | change |")
    print("|---|---|---|---|")
    runs = [json.loads(p.read_text("utf-8")) for p in paths]
    for r in runs:
        print(f"| {r['group']} | {r['base']:.3f} | {r['with_mined']:.3f} | "
              f"{r['with_mined'] - r['base']:+.3f} |")  # fmt: skip
    base, mined = np.mean([r["base"] for r in runs]), np.mean([r["with_mined"] for r in runs])
    print(f"| mean | {base:.3f} | {mined:.3f} | {mined - base:+.3f} |")
    print(
        f"\npool {runs[0]['pool']} texts, {runs[0]['mined']} mined "
        f"({runs[0]['mined_readings']} readings); the highest-scoring in group "
        f"{runs[0]['group']}'s run:"
    )
    for text in runs[0]["examples"][:8]:
        print(f"- {text[:120]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, nargs="+", help="Print these results and stop.")
    parser.add_argument("--group", choices=loso_sets.GROUPS)
    parser.add_argument("--texts", type=Path)
    parser.add_argument("--wheels", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--mined", type=int, default=1500)
    parser.add_argument("--pool-limit", type=int, default=400)
    parser.add_argument("--chats", type=int, default=20000)
    args = parser.parse_args()
    if args.table:
        table(args.table)
        return
    if not (args.group and args.texts and args.wheels and args.out):
        parser.error("--group, --texts, --wheels and --out are needed to run")
    data = json.loads(args.texts.read_text("utf-8"))
    texts, labels = list(data["texts"]), np.array(data["labels"])
    feat = Featurizer()
    weights, bias = fit(texts, labels, feat)
    result = {"group": args.group, "base": recall(weights, bias, feat, args.group, args.wheels)}
    print(result, flush=True)
    candidates = pool(args.wheels, args.pool_limit, args.chats, set(texts))
    logits = feat.logits(candidates, weights, bias)
    top = [candidates[i] for i in np.argsort(-logits)[: args.mined]]
    extra = [v.text for t in top for v in views(t)]
    weights, bias = fit(texts + extra, np.concatenate([labels, np.zeros(len(extra), int)]), feat)
    result |= {
        "pool": len(candidates),
        "mined": len(top),
        "mined_readings": len(extra),
        "with_mined": recall(weights, bias, feat, args.group, args.wheels),
        "examples": top[:15],
    }
    print({k: v for k, v in result.items() if k != "examples"}, flush=True)
    args.out.write_text(json.dumps(result, indent=1), "utf-8")


if __name__ == "__main__":
    main()
