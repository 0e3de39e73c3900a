"""Leave-one-set-out yardstick for the prompt guard (build time only).

    python tools/loso_sets.py run --group G --wheels DIR --work DIR [--threads 1]
    python tools/loso_sets.py table --work DIR     # or a folder of G.json results
    python tools/loso_sets.py score --group G --wheels DIR --out FILE [--scores FILE]

``run`` trains the full guard with ``tools/train_prompt_guard.py`` itself (n-gram logistic
regression and encoder, ``mean`` mix calibrated on the calibration set, shipped epochs) in a
copy of the committed tree under ``--work/G`` (so runs can go side by side and the shipped files
are not touched), then scores rows with that copy's real ``InputGuard`` (every reading, the
rules, ``context`` and ``history``, as ``bench/llm.py`` does). ``G`` is one of the folded groups
(fresh, 3, 4, 5: the held-out sets of those names; r7: ``tools/_prompt_corpus_r7.py``): training
folds in the others (``--fold``) and the left-out group is scored. ``G = base`` is the
round-6 recipe with nothing folded in (``--fold`` alone), scored on every group. Held-out
1 is never trained on (folded texts in or near it are dropped) and never scored here; nor is a
set left out (the same drop). The table of round 9 is ``bench/results/llm_loso_sets.md``.

For fresh, 3, 4 and 5 every row is scored (obfuscated ones too; training only ever sees plain
texts and documents): recall at exactly 1% FPR on that set's benign rows (the threshold chosen
on them, as ``bench/llm.py``), and recall and FPR at the calibrated threshold. The r7 group has
no benign rows of its own: recall at the calibrated threshold and the FPR on its hard negatives
(descriptions of attacks, agents' tasks); recall at exactly 1% FPR on those hard negatives is
printed too.

``run`` keeps the per-row scores at ``--work/G/scores.jsonl`` (``score --scores FILE``: one
JSON line per scored row: index in its set, label, source, variant, score) for error analysis
and for combining the guard with other models.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
GROUPS = ("fresh", "3", "4", "5", "r7")


def _copy_tree(dest: Path) -> None:
    """The committed src, tools and held-out sets (not the working files: another build may be
    rewriting them)."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD", "src", "tools", "bench/corpus/llm"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def run(args: argparse.Namespace) -> None:
    dest = args.work / args.group
    _copy_tree(dest)
    env = os.environ | {
        "PYTHONPATH": str(dest / "src"),
        "OMP_NUM_THREADS": str(args.threads),
        "OPENBLAS_NUM_THREADS": str(args.threads),
        "MKL_NUM_THREADS": str(args.threads),
    }
    fold = [g for g in GROUPS if g != args.group] if args.group != "base" else []
    started = time.time()
    subprocess.run(
        [sys.executable, str(dest / "tools" / "train_prompt_guard.py"), "--wheels",
         str(args.wheels), "--mixes", "mean", "--threads", str(args.threads),
         "--fold", *fold, *args.train_args],
        check=True, env=env,
    )  # fmt: skip
    seconds = time.time() - started
    subprocess.run(
        [sys.executable, str(dest / "tools" / "loso_sets.py"), "score", "--group", args.group,
         "--wheels", str(args.wheels), "--out", str(dest / "result.json"),
         "--train-seconds", f"{seconds:.0f}", "--scores", str(dest / "scores.jsonl")],
        check=True, env=env,
    )  # fmt: skip


def _exact_1pct(benign: np.ndarray, attacks: np.ndarray) -> float:
    """Recall at the threshold that flags exactly 1% of ``benign`` (as bench/llm.py)."""
    ranked = np.sort(benign)
    k = int(np.floor(0.01 * len(ranked)))
    cut = np.nextafter(ranked[len(ranked) - 1 - k], 2.0)
    return float((attacks >= cut).mean())


def _score_rows(guard: Any, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    scores, flags = [], []
    for row in rows:
        v = guard.check(row["text"], context=row.get("context", ()), history=row.get("history", ()))
        scores.append(v.score)
        flags.append(v.flagged)
    return np.array(scores), np.array(flags)


def _set_rows(group: str, wheels: Path) -> list[dict[str, Any]]:
    import train_prompt_guard as tpg

    if group != "r7":
        path = tpg.FOLD_SETS[group]
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    attacks, benign = tpg.r7.build({n: tpg._wheel(wheels, n) for n in tpg.r7.WHEELS}, tpg.SEED + 61)
    held = sorted(tpg._heldout_texts() | tpg._heldout1_texts())
    attacks, benign = (
        tpg.r7.drop_heldout_near(attacks, held),
        tpg.r7.drop_heldout_near(benign, held),
    )
    return [{"text": t, "source": s, "label": 1} for t, s in attacks] + [
        {"text": t, "source": s, "label": 0} for t, s in benign
    ]


def _score_lines(group: str, rows: list[dict[str, Any]], scores: np.ndarray) -> list[str]:
    return [
        json.dumps({"group": group, "index": i, "label": row["label"], "source": row["source"],
                    "variant": row.get("variant", "plain"), "score": float(s)})
        for i, (row, s) in enumerate(zip(rows, scores, strict=True))
    ]  # fmt: skip


def score(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(TOOLS))
    from hauberk.llm import InputGuard

    guard = InputGuard.load(fpr=0.01)
    result: dict[str, Any] = {"group": args.group, "train_seconds": args.train_seconds}
    lines: list[str] = []
    for group in GROUPS if args.group == "base" else (args.group,):
        rows = _set_rows(group, args.wheels)
        sc, flagged = _score_rows(guard, rows)
        y = np.array([r["label"] for r in rows])
        result[group] = {
            "attacks": int(y.sum()),
            "benign": int((y == 0).sum()),
            "recall_1pct_exact": _exact_1pct(sc[y == 0], sc[y == 1]),
            "recall_calibrated": float(flagged[y == 1].mean()),
            "fpr_calibrated": float(flagged[y == 0].mean()),
        }
        print(group, result[group], flush=True)
        lines += _score_lines(group, rows, sc)
    result["threshold"] = guard.threshold
    args.out.write_text(json.dumps(result, indent=1), "utf-8")
    if args.scores:
        args.scores.write_text("".join(line + "\n" for line in lines), "utf-8")


def table(args: argparse.Namespace) -> None:
    # a work folder (G/result.json) or a folder of recorded results (G.json)
    found = {p.parent.name: p for p in args.work.glob("*/result.json")}
    found |= {p.stem: p for p in args.work.glob("*.json") if p.stem in ("base", *GROUPS)}
    runs = {name: json.loads(p.read_text("utf-8")) for name, p in found.items()}
    base = runs.get("base", {})
    print("| left-out group | n attacks / benign | training | recall @ exactly 1% FPR | "
          "recall @ calibrated | FPR @ calibrated |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for group in GROUPS:
        for name, res in (("base only", base), ("base + the others", runs.get(group, {}))):
            if group not in res:
                continue
            r = res[group]
            benign = "hard negatives" if group == "r7" else "benign"
            print(f"| {group} | {r['attacks']} / {r['benign']} {benign} | {name} | "
                  f"{r['recall_1pct_exact']:.3f} | {r['recall_calibrated']:.3f} | "
                  f"{r['fpr_calibrated']:.3f} |")  # fmt: skip
    sets = [g for g in ("fresh", "3", "4", "5") if g in runs and g in base]
    if len(sets) > 1:
        mean_base = np.mean([base[g]["recall_1pct_exact"] for g in sets])
        mean_fold = np.mean([runs[g][g]["recall_1pct_exact"] for g in sets])
        print(f"\nmean recall @ exactly 1% FPR over {', '.join(sets)}: base only "
              f"{mean_base:.3f}, base + the others {mean_fold:.3f}")  # fmt: skip
    print("\n| run | training seconds | calibrated threshold |")
    print("|---|---|---|")
    for name, res in sorted(runs.items()):
        print(f"| {name} | {res['train_seconds']} | {res['threshold']:.4f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run")
    p_run.add_argument("--group", choices=("base", *GROUPS), required=True)
    p_run.add_argument("--wheels", type=Path, required=True)
    p_run.add_argument("--work", type=Path, required=True)
    p_run.add_argument("--threads", type=int, default=1)
    p_run.add_argument(
        "--train-args", nargs=argparse.REMAINDER, default=[],
        help="Everything after this goes to train_prompt_guard.py (e.g. --encoders 3).",
    )  # fmt: skip
    p_score = sub.add_parser("score")
    p_score.add_argument("--group", choices=("base", *GROUPS), required=True)
    p_score.add_argument("--wheels", type=Path, required=True)
    p_score.add_argument("--out", type=Path, required=True)
    p_score.add_argument("--train-seconds", type=float, default=0.0)
    p_score.add_argument("--scores", type=Path, help="Write one JSON line of score per row.")
    p_table = sub.add_parser("table")
    p_table.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    {"run": run, "score": score, "table": table}[args.command](args)


if __name__ == "__main__":
    main()
