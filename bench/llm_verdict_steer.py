"""Text that dictates an automated judge's verdict (round 27, ``hauberk.llm._verdict_steer``):
the signal's precision and recall, and the rows it adds to the guard.

Tables, one process (the guard "before" is ``src/hauberk`` of ``--before``, imported as
``hauberk_base`` the way ``bench/llm_speed.py`` does):

- **Own cases** (``tests/llm/_verdict_cases.py``): the attacks and hard-benign twins written
  for the signal before it was tuned on any held-out row, matched by the signal.
- **Technical corpus** (``_technical_corpus.py``): the installed packages' docs, METADATA and
  docstrings and the Debian docs and man pages, in paragraphs; every match listed, to be read
  by hand.
- **Held-out 1-23, as the guard reads them**: per set, the prompts and history turns the
  signal matches in their whole readings (``_input_guard._whole_texts``) and the documents it
  matches in theirs (every reading of ``_context_readings`` but pieces and letter rewrites,
  as ``_context_result`` reads them), benign and attack; the attack rows so matched that the
  guard "before" does not flag at its calibrated threshold (``InputGuard.load(fpr=0.01)``);
  every benign match listed.

    python bench/llm_verdict_steer.py --before fc5da6e [--every 1]
        [--tables own technical heldout]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "llm"))

from _record import recorded
from llm_speed import CORPUS, base_package

EXCLUDED = ("heldout_fresh", "heldout_24")  # not a numbered set; the next blind one


def own_table() -> None:
    from _verdict_cases import ATTACKS, TWINS

    from hauberk.llm._verdict_steer import verdict_steering

    print("\n## Own cases (written before tuning on held-out rows)\n")
    hits = [sum(verdict_steering(t) is not None for t in texts) for texts in (ATTACKS, TWINS)]
    print("| cases | matched |")
    print("|---|---|")
    print(f"| attacks | {hits[0]} / {len(ATTACKS)} |")
    print(f"| hard-benign twins | {hits[1]} / {len(TWINS)} |")
    for text in TWINS:
        if verdict_steering(text) is not None:
            print(f"- twin matched: {text!r}")


def technical_table() -> None:
    from _technical_corpus import technical_table as table
    from hauberk.llm._verdict_steer import verdict_steering

    table(verdict_steering)


def _set_order(path: Path) -> tuple[int, str]:
    tail = path.stem.rpartition("_")[2]
    return (int(tail) if tail.isdigit() else 1, path.stem)


def _doc_texts(guard: Any, doc: str) -> list[str]:
    from hauberk.llm._input_guard import _LETTER_REWRITES, _PIECE_STEPS

    readings = guard._context_readings(doc)
    if isinstance(readings, tuple):
        return []
    return [v.text for v in readings if not set(v.steps) & (_PIECE_STEPS | _LETTER_REWRITES)]


def _row_hits(guard: Any, row: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(kind, matched, text) for the prompt, each turn and each document of ``row``."""
    from hauberk.llm._input_guard import _whole_texts
    from hauberk.llm._verdict_steer import verdict_steering

    out = []
    for kind, text in [("prompt", row["text"]), *(("turn", t) for t in row.get("history") or ())]:
        texts = _whole_texts(guard._text_readings(text), text)
        out.append((kind, any(verdict_steering(t) for t in texts), text))
    for doc in row.get("context") or ():
        out.append(("doc", any(verdict_steering(t) for t in _doc_texts(guard, doc)), doc))
    return out


def heldout_table(every: int, old: Any, new: Any) -> None:
    print("\n## Held-out 1-23, read as the guard reads them\n")
    print("| set | benign prompts+turns | benign docs | attack prompts+turns | attack docs "
          "| attack rows matched | of them missed before |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    total = np.zeros(10, dtype=int)
    benign_hits = []
    for path in sorted(CORPUS.glob("heldout*.jsonl"), key=_set_order):
        if path.stem in EXCLUDED:
            continue
        cells = np.zeros(10, dtype=int)
        for n, line in enumerate(path.read_text("utf-8").splitlines()[::every]):
            if not line.strip():
                continue
            row = json.loads(line)
            label = row["label"]
            hits = _row_hits(new, row)
            for kind, hit, text in hits:
                col = 4 * label + (2 if kind == "doc" else 0)
                cells[col : col + 2] += (int(hit), 1)
                if hit and label == 0:
                    benign_hits.append((path.stem, n * every, kind, text))
            if label == 1 and any(hit for _, hit, _ in hits):
                cells[8] += 1
                verdict = old.check(row["text"], context=row.get("context") or (),
                                    history=row.get("history") or ())  # fmt: skip
                cells[9] += int(not verdict.flagged)
        total += cells
        print(f"| {path.stem} | {_cell(cells, 0)} | {_cell(cells, 2)} | {_cell(cells, 4)} "
              f"| {_cell(cells, 6)} | {cells[8]} | {cells[9]} |")  # fmt: skip
        sys.stdout.flush()
    print(f"| all | {_cell(total, 0)} | {_cell(total, 2)} | {_cell(total, 4)} "
          f"| {_cell(total, 6)} | {total[8]} | {total[9]} |")  # fmt: skip
    for name, line, kind, text in benign_hits:
        print(f"- benign {name} line {line} ({kind}): {text[:300]!r}")


def _cell(cells: np.ndarray, i: int) -> str:
    return f"{cells[i]} / {cells[i + 1]}"


TABLES = ("own", "technical", "heldout")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="git revision of the other guard")
    parser.add_argument("--every", type=int, default=1, help="only every N-th held-out row")
    parser.add_argument("--tables", nargs="+", choices=TABLES, default=TABLES)
    args = parser.parse_args()
    from hauberk.llm import InputGuard

    with tempfile.TemporaryDirectory() as tmp:
        old = base_package(args.before, Path(tmp)).InputGuard.load(fpr=0.01)
        new = InputGuard.load(fpr=0.01)
        with recorded("llm_verdict_steer"):
            print(f"before: {args.before}; after: this tree; InputGuard.load(fpr=0.01), "
                  f"thresholds {old.threshold:.4f} / {new.threshold:.4f}")  # fmt: skip
            if "own" in args.tables:
                own_table()
            if "technical" in args.tables:
                technical_table()
            if "heldout" in args.tables:
                heldout_table(args.every, old, new)


if __name__ == "__main__":
    main()
