"""The prompt guard before and after a speed-up, on every row of every held-out set: the same
verdicts, and the time each takes (issue 19: under 5 ms a prompt on one core).

The guard "before" is ``src/hauberk`` of ``--before`` (a git revision of this repository),
extracted with ``git archive`` into a temporary directory and imported as a second package,
``hauberk_base`` (its ``hauberk.`` imports rewritten), so both guards run in this one
process, on the same rows, one after the other. Every row (its ``text``, ``context`` and
``history``, as ``bench/llm.py`` passes them) is checked ``--repeat`` times by each guard,
alternating which goes first; timings are CPU time of this thread (``time.thread_time``),
which other processes on a shared machine do not inflate.

Printed: rows; rows whose flag differs; the largest score difference; rows whose signals
differ (all three must be 0, or 0 and below 1e-6); and per set the CPU of the whole set (the
fastest of the passes), p50 and p99 of the row latency (each row's fastest run) for prompts
up to 2,000 characters and above, before and after, with ratios after/before; and the same
for prompts up to 2,000 characters alone, with context documents, with history turns and
with both (a request reads every text that comes with it).

    python bench/llm_speed.py [--before 31a4a07] [--repeat 3] [--limit N] [--sets NAME...]
"""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "llm"
BEFORE = "31a4a07"  # main before the speed-up of round 12
LONG = 2000


def base_package(rev: str, into: Path) -> Any:
    """``hauberk.llm`` of revision ``rev``, imported as ``hauberk_base.llm``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src/hauberk"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "src" / "hauberk").rename(into / "hauberk_base")
    for path in (into / "hauberk_base").rglob("*.py"):
        text = path.read_text("utf-8")
        text = re.sub(r"\bhauberk\.", "hauberk_base.", text)
        text = re.sub(r"\b(from|import) hauberk\b(?!_)", r"\1 hauberk_base", text)
        path.write_text(text, "utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("hauberk_base.llm")


def load_rows(path: Path, limit: int) -> list[dict[str, Any]]:
    import json

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if limit and len(rows) > limit:
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def run_set(
    rows: list[dict[str, Any]], guards: tuple[Any, Any], repeat: int
) -> tuple[np.ndarray, np.ndarray, list[list[Any]]]:
    """Per guard: each row's fastest CPU seconds, each pass's total, and the first verdicts."""
    best = np.full((2, len(rows)), np.inf)
    totals = np.zeros((2, repeat))
    verdicts: list[list[Any]] = [[], []]
    for p in range(repeat):
        for i, row in enumerate(rows):
            args = (row["text"],)
            kwargs = {"context": row.get("context", ()), "history": row.get("history", ())}
            for g in (0, 1) if (p + i) % 2 == 0 else (1, 0):
                start = time.thread_time()
                verdict = guards[g].check(*args, **kwargs)
                spent = time.thread_time() - start
                best[g, i] = min(best[g, i], spent)
                totals[g, p] += spent
                if p == 0:
                    verdicts[g].append(verdict)
    return best, totals.min(axis=1), verdicts


def _p(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) * 1e3 if len(values) else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE, help="git revision of the old guard")
    parser.add_argument("--repeat", type=int, default=3, help="passes; latency is the fastest")
    parser.add_argument("--limit", type=int, default=0, help="only N rows of each set")
    parser.add_argument("--sets", nargs="+", default=None, help="file names in the corpus")
    args = parser.parse_args()
    from hauberk.llm import InputGuard

    paths = sorted(CORPUS.glob("heldout*.jsonl"))
    if args.sets:
        paths = [p for p in paths if p.name in args.sets or p.stem in args.sets]
    with tempfile.TemporaryDirectory() as tmp:
        old = base_package(args.before, Path(tmp)).InputGuard.load(fpr=0.01)
        new = InputGuard.load(fpr=0.01)
        with recorded("llm_speed"):
            report(paths, (old, new), args)


def report(paths: list[Path], guards: tuple[Any, Any], args: argparse.Namespace) -> None:
    print(f"before: {args.before}; after: this tree; {args.repeat} passes, one thread\n")
    print("| set | rows | flag differs | max abs score diff | signals differ |")
    print("|---|---|---|---|---|")
    timing = []
    for path in paths:
        rows = load_rows(path, args.limit)
        best, totals, (old, new) = run_set(rows, guards, args.repeat)
        flags = sum(a.flagged != b.flagged for a, b in zip(old, new, strict=True))
        diff = max((abs(a.score - b.score) for a, b in zip(old, new, strict=True)), default=0.0)
        signals = sum(a.signals != b.signals for a, b in zip(old, new, strict=True))
        print(f"| {path.stem} | {len(rows)} | {flags} | {diff:.3g} | {signals} |")
        long = np.array([len(r["text"]) > LONG for r in rows])
        timing.append((path.stem, len(rows), best, totals, long, _kinds(rows)))
    print("\nCPU ms; set CPU is the fastest pass over the set, percentiles of each row's fastest")
    print(
        "\n| set | CPU before | CPU after | ratio | p50 before | p50 after | "
        "p99 <=2k before | p99 <=2k after | ratio | p99 >2k before | p99 >2k after | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for stem, _, best, totals, long, _ in timing:
        cells = [totals[0] * 1e3, totals[1] * 1e3, totals[1] / totals[0]]
        cells += [_p(best[0], 50), _p(best[1], 50)]
        for part in (~long, long):
            b, a = _p(best[0][part], 99), _p(best[1][part], 99)
            cells += [b, a, a / b if part.any() else float("nan")]
        print(f"| {stem} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    print("\nPrompts up to 2,000 characters by what comes with them (a request with history or")
    print("context reads every turn and document too): rows, p50 and p99 ms before / after")
    print("\n| set | kind | rows | p50 before | p50 after | p99 before | p99 after | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for stem, _, best, _, long, kinds in timing:
        for kind in KINDS:
            part = (kinds == kind) & ~long
            if part.any():
                b, a = _p(best[0][part], 99), _p(best[1][part], 99)
                cells = [_p(best[0][part], 50), _p(best[1][part], 50), b, a, a / b]
                print(
                    f"| {stem} | {kind} | {int(part.sum())} | "
                    + " | ".join(f"{c:.2f}" for c in cells)
                    + " |"
                )


KINDS = ("prompt alone", "with context", "with history", "with both")


def _kinds(rows: list[dict[str, Any]]) -> np.ndarray:
    """Each row's kind: ``KINDS`` by whether it has context documents and history turns."""
    return np.array([KINDS[bool(r.get("context")) + 2 * bool(r.get("history"))] for r in rows])


if __name__ == "__main__":
    main()
