"""False positives on benign requests in the words of attacks, from templates no model trained
on (round 18, issue 19).

``tools/_prompt_corpus_hardneg.py`` writes ordinary messages that share an attack's words: IT
notices about passwords and administrators, code that builds or checks prompts, system
prompts being drafted, questions about attack phrases, security products describing what
they block, chat preferences given "from now on". Training reads half of its templates
(``--hard-negatives``); this bench draws texts from the other half, which no build reads.

Printed per template and overall: the share flagged at each guard's own operating point
(hauberk at its calibrated 1% threshold; the peers as ``bench/llm.py`` runs them), for the
shipped model and, with ``--model PATH``, another model file side by side (``git show
REV:src/hauberk/llm/prompt_guard.npz > old.npz`` gives an earlier round's).

    python bench/llm_attack_words.py [--n 600] [--model old.npz]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import _prompt_corpus_hardneg as hardneg

from _record import recorded
from llm import peers

SEED = 1800  # not the build's seeds (0 + 61 for training): other texts of the other templates


def _detectors(model: Path | None) -> tuple[list[tuple[str, Any]], list[str]]:
    from hauberk.llm import InputGuard

    shipped = InputGuard.load(fpr=0.01)
    out: list[tuple[str, Any]] = [("hauberk", shipped)]
    if model is not None:
        out.append((f"hauberk ({model.name})", InputGuard.load(fpr=0.01, path=model)))
    found, notes = peers()
    return out + found, notes


def _flags(detect: Any, text: str) -> bool:
    if hasattr(detect, "check"):
        return bool(detect.check(text).flagged)
    return bool(detect({"text": text}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=600, help="Texts drawn from the left-out half.")
    parser.add_argument("--model", type=Path, help="Another prompt_guard.npz, side by side.")
    args = parser.parse_args()
    texts = hardneg.hard_negatives(args.n, SEED, "calibration")
    detectors, notes = _detectors(args.model)
    by_family: dict[str, list[str]] = defaultdict(list)
    for text, family in texts:
        by_family[family.split(":", 1)[1]].append(text)
    with recorded("llm_attack_words"):
        for note in notes:
            print(note)
        names = [name for name, _ in detectors]
        print(f"{len(texts)} benign texts from the templates training leaves out; share flagged\n")
        print("| template | texts | " + " | ".join(names) + " |")
        print("|---|---|" + "---|" * len(names))
        totals = [0] * len(detectors)
        for family in sorted(by_family):
            rows = by_family[family]
            flagged = [sum(_flags(d, t) for t in rows) for _, d in detectors]
            totals = [a + b for a, b in zip(totals, flagged, strict=True)]
            shares = " | ".join(f"{f / len(rows):.3f}" for f in flagged)
            print(f"| {family} | {len(rows)} | {shares} |")
        shares = " | ".join(f"**{f / len(texts):.3f}**" for f in totals)
        print(f"| all | {len(texts)} | {shares} |")


if __name__ == "__main__":
    main()
