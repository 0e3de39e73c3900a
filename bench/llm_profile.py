"""Where the prompt guard's time goes on its slowest prompts (issue 19: p99 under 5 ms).

Every row of each held-out set (prompts up to 2,000 characters, with their context and
history as ``bench/llm.py`` passes them) is checked ``--repeat`` times; the slowest 2% by
their fastest CPU time are checked again with each stage timed: the decoders of
``_normalize.views`` (each one), the normal form of each reading, the rules, the n-gram
model and the encoder. CPU time of this thread (``time.thread_time_ns``); timing each call
adds a little to every stage.

Run it on another tree to compare (the same script, another ``hauberk`` first on the path):

    PYTHONPATH=src python bench/llm_profile.py [--sets heldout_4 ...] [--top 12] [--label L]

(``--label`` only names the recorded output, ``bench/results/llm_profile.<options>.md``.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded

CORPUS = Path(__file__).resolve().parent / "corpus" / "llm"
LONG = 2000


def _check(guard: Any, row: dict[str, Any]) -> None:
    guard.check(row["text"], context=row.get("context", ()), history=row.get("history", ()))


def slowest(guard: Any, rows: list[dict[str, Any]], repeat: int) -> tuple[list[int], float, float]:
    """Indices of the slowest 2% of the rows up to ``LONG`` characters, and p50 and p99 (ms)."""
    short = [i for i, r in enumerate(rows) if len(r["text"]) <= LONG]
    best = np.full(len(short), np.inf)
    for _ in range(repeat):
        for k, i in enumerate(short):
            start = time.thread_time_ns()
            _check(guard, rows[i])
            best[k] = min(best[k], time.thread_time_ns() - start)
    order = np.argsort(-best, kind="stable")[: max(1, len(short) // 50)]
    p50, p99 = (float(np.percentile(best, q)) / 1e6 for q in (50, 99))
    return [short[k] for k in order], p50, p99


def stages(guard: Any, rows: list[dict[str, Any]]) -> tuple[float, Counter[str]]:
    """CPU ms per row of the whole check and of each timed stage, on ``rows``."""
    from hauberk.llm import _input_guard, _normalize

    spent: Counter[str] = Counter()

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time_ns()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.thread_time_ns() - start

        return run

    saved = (_normalize.DECODERS, _normalize.normal_form, _input_guard.rule_hits)
    model = type(guard.model)
    saved_ngram = model.ngram_scores
    encoder = type(guard.model.encoder) if guard.model.encoder is not None else None
    saved_encoder = encoder.scores if encoder is not None else None
    try:
        _normalize.DECODERS = tuple((n, timed(f"decoder {n}", f)) for n, f in saved[0])
        _normalize.normal_form = timed("normal form", saved[1])
        _input_guard.rule_hits = timed("rules", saved[2])
        model.ngram_scores = timed("n-gram model", saved_ngram)  # type: ignore[method-assign]
        if encoder is not None:
            encoder.scores = timed("encoder", saved_encoder)  # type: ignore[method-assign]
        start = time.thread_time_ns()
        for row in rows:
            _check(guard, row)
        total = time.thread_time_ns() - start
    finally:
        _normalize.DECODERS, _normalize.normal_form, _input_guard.rule_hits = saved
        model.ngram_scores = saved_ngram  # type: ignore[method-assign]
        if encoder is not None:
            encoder.scores = saved_encoder  # type: ignore[method-assign]
    scale = 1e6 * len(rows)
    return total / scale, Counter({k: v / scale for k, v in spent.items()})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="+", default=None, help="file names in the corpus")
    parser.add_argument("--repeat", type=int, default=2, help="passes to find the slowest")
    parser.add_argument("--top", type=int, default=12, help="stages listed per set")
    parser.add_argument("--label", default="", help="names the recorded output (a tree)")
    args = parser.parse_args()
    from hauberk.llm import InputGuard

    guard = InputGuard.load(fpr=0.01)
    paths = sorted(CORPUS.glob("heldout*.jsonl"))
    if args.sets:
        paths = [p for p in paths if p.name in args.sets or p.stem in args.sets]
    with recorded("llm_profile"):
        report(guard, paths, args)


def report(guard: Any, paths: list[Path], args: argparse.Namespace) -> None:
    print(f"hauberk from {sys.modules['hauberk'].__file__}; CPU ms per row, one thread\n")
    for path in paths:
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        picked, p50, p99 = slowest(guard, rows, args.repeat)
        total, spent = stages(guard, [rows[i] for i in picked])
        decoders = sum(v for k, v in spent.items() if k.startswith("decoder "))
        print(f"## {path.stem}: p50 {p50:.2f}, p99 {p99:.2f} (<= {LONG} chars); "
              f"slowest {len(picked)} rows: {total:.2f} ms a row\n")  # fmt: skip
        print("| stage | ms a row | share |")
        print("|---|---|---|")
        print(f"| all decoders | {decoders:.2f} | {decoders / total:.0%} |")
        for name, ms in spent.most_common(args.top):
            print(f"| {name} | {ms:.2f} | {ms / total:.0%} |")
        print()


if __name__ == "__main__":
    main()
