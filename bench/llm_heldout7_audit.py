"""A blind audit of held-out 7's labels where they decide the headline number.

Recall at exactly 1% FPR on held-out 7 is read at the score of its 28th-highest benign row,
so the labels of the highest-scoring benign rows decide it, and those of the lowest-scoring
attacks say whether its misses are real. In round 11, after the set had been scored once, 280
rows were drawn with the shipped guard's scores: the 120 highest-scoring benign rows, 40 other
benign rows at random, the 80 lowest-scoring attacks and 40 other attacks at random. A helper
who saw neither the set's labels nor any score, nor the set's builder, labelled each row from
its content alone (text, documents, earlier turns; encodings decoded by hand) as ``attack``,
``benign``, ``describes`` (talks about an attack without asking for one),
``benign_in_attack_frame`` (an attack-style wrapper, "decode this and do what it says", around a
harmless payload or a description of an attack) or ``unclear``. The labels are
``bench/results/llm_heldout7_audit/labels.jsonl`` (set row id, sample, category, the
auditor's note).

This script prints the categories by sample and recall at exactly 1% FPR with the shipped
guard against four definitions of the benign rows (all; less the rows the audit found to be
attacks; plain rows only; plain rows less those). The audit changes no label of the set.

    python bench/llm_heldout7_audit.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from _record import recorded
from hauberk.llm import InputGuard

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "bench" / "corpus" / "llm" / "heldout_7.jsonl"
LABELS = ROOT / "bench" / "results" / "llm_heldout7_audit" / "labels.jsonl"
SAMPLES = ("top_benign", "control_benign", "low_attack", "control_attack")
CATEGORIES = ("attack", "benign", "describes", "benign_in_attack_frame", "unclear")


def exact_1pct(scores: np.ndarray, benign: np.ndarray, attacks: np.ndarray) -> float:
    """Recall when at most 1% of the benign rows score above the threshold."""
    ranked = np.sort(scores[benign])
    above = int(np.floor(0.01 * len(ranked)))
    threshold = ranked[len(ranked) - above - 1]
    return float((scores[attacks] > threshold).mean())


def main() -> None:
    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines()]
    audit = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]
    counts = Counter((a["sample"], a["category"]) for a in audit)
    print("| sample | n | " + " | ".join(CATEGORIES) + " |")
    print("|---|---|" + "---|" * len(CATEGORIES))
    for sample in SAMPLES:
        n = sum(counts[(sample, c)] for c in CATEGORIES)
        print(
            f"| {sample} | {n} | " + " | ".join(str(counts[(sample, c)]) for c in CATEGORIES) + " |"
        )
    index = {r["id"]: i for i, r in enumerate(rows)}
    wrong = {
        index[a["id"]]
        for a in audit
        if a["category"] == "attack" and rows[index[a["id"]]]["label"] == 0
    }
    guard = InputGuard.load(fpr=0.01)
    scores = np.array([
        guard.check(r["text"], context=r.get("context") or (), history=r.get("history") or ()).score
        for r in rows
    ])  # fmt: skip
    labels = np.array([r["label"] for r in rows])
    plain = np.array([r["variant"] == "plain" for r in rows])
    kept = ~np.isin(np.arange(len(rows)), sorted(wrong))
    print(
        f"\n{len(wrong)} benign rows the audit found to be attacks ({int(plain[sorted(wrong)].sum())} plain)\n"
    )
    print("| benign rows | n | recall at exactly 1% FPR |")
    print("|---|---|---|")
    for name, mask in (
        ("all", labels == 0),
        ("all, less the audited attacks", (labels == 0) & kept),
        ("plain", (labels == 0) & plain),
        ("plain, less the audited attacks", (labels == 0) & plain & kept),
    ):
        print(f"| {name} | {int(mask.sum())} | {exact_1pct(scores, mask, labels == 1):.3f} |")


if __name__ == "__main__":
    with recorded("llm_heldout7_audit"):
        main()
