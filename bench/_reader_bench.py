"""The harness of the reader benches: held-out 1's plain texts (``plain_texts``), the
guard and ``views()`` of ``--before`` (``src/hauberk`` of that revision, imported as
``hauberk_base`` the way bench/llm_speed.py does it) beside this tree's in one process
(``packages``), CPU time of ``check`` per text and the read-back test (``measure``), and the
table of kinds recorded by bench/_record.py (``run``). Each kind writes out held-out 1's plain
attacks (``label == 1``, ``variant == "plain"``) and every ``--benign-every``-th plain benign
row, each bare and wrapped (the bench's wrappers in turn over the benign rows; every attack,
written out alone, takes the first):

- **read back**: share of the attacks one of whose ``views()`` holds 80% or more of the
  payload's distinct words of three letters or more;
- **flagged**: share of the attacks the guard at its calibrated threshold
  (``InputGuard.load(fpr=0.01)``) flags; **benign flagged**: the same on the written-out
  benign rows, and on the benign rows as written;
- **ms p50 / p99**: CPU time (``time.thread_time``) of ``check`` per text.

A bench keeps its own part: its encoders, its kinds, ``write(text, kind)`` and the wrappers
(bench/llm_anagram.py, bench/llm_repeated_letters.py, bench/llm_token_encodings.py). Benches
with tables of their own take parts: bench/llm_substitution.py the texts, the packages and
``measure``; bench/llm_radix_alphabets.py and bench/llm_turn_pieces.py the texts and the
packages; bench/llm_mixed_language.py the packages.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from llm_speed import base_package

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "llm" / "heldout.jsonl"
WORDS3 = re.compile(r"[a-z]{3,}")

Write = Callable[[str, str], str]  # (text, kind) -> the text written out as that kind
Side = tuple[Callable[[str], Any], Any]  # views() and the guard of one tree


def arguments(before: str, benign_every: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=before, help="git revision of the old guard")
    parser.add_argument("--benign-every", type=int, default=benign_every)
    return parser.parse_args()


def plain_texts(every: int, cut: int | None = None) -> tuple[list[str], list[str]]:
    """Held-out 1's plain attacks and every ``every``-th plain benign row, the first ``cut``
    characters of each (all of it by default)."""
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    attacks = [r["text"][:cut] for r in rows if r["label"] == 1 and r["variant"] == "plain"]
    benign = [r["text"][:cut] for r in rows if r["label"] == 0 and r["variant"] == "plain"]
    return attacks, benign[::every]


@contextlib.contextmanager
def packages(before: str) -> Iterator[tuple[Any, Any]]:
    """``hauberk.llm`` of ``before`` (as ``hauberk_base.llm``) and of this tree; the copy of
    ``before`` lives as long as the context."""
    with tempfile.TemporaryDirectory() as tmp:
        old = base_package(before, Path(tmp))
        import hauberk.llm as new

        for llm in (old, new):  # the package loads it lazily; the benches read its views()
            importlib.import_module(f"{llm.__name__}._normalize")
        yield old, new


def bare_and_wrapped(
    payloads: list[str], kind: str, write: Write, wrappers: Sequence[str]
) -> list[str]:
    """Each payload written out as ``kind``, bare and wrapped (a wrapper in turn, on its own
    line)."""
    out = []
    for i, payload in enumerate(payloads):
        coded = write(payload, kind)
        out += [coded, f"{wrappers[i % len(wrappers)]}\n{coded}"]
    return out


def read_back(views: Callable[[str], Any], text: str, payload: str) -> bool:
    """One of the readings of ``text`` holds 80% of the payload's distinct words of three
    letters or more."""
    want = set(WORDS3.findall(payload.lower()))
    if not want:
        return False
    return any(
        len(want & set(WORDS3.findall(v.text.lower()))) >= 0.8 * len(want) for v in views(text)
    )


ReadBack = Callable[[Callable[[str], Any], str, str], bool]  # (views, text, payload)


def measure(
    side: Side, items: list[tuple[str, str]], read: ReadBack = read_back
) -> tuple[float, float, np.ndarray]:
    """(read back, flagged, CPU seconds per text) of ``(text, payload)`` pairs; an empty
    payload (a benign text) is not read back."""
    views, guard = side
    spent, flags, reads = [], 0, 0
    for text, payload in items:
        start = time.thread_time()
        flags += guard.check(text).flagged
        spent.append(time.thread_time() - start)
        reads += bool(payload) and read(views, text, payload)
    n = max(len(items), 1)
    return reads / n, flags / n, np.array(spent)


def ms(spent: np.ndarray, q: float) -> str:
    return f"{np.percentile(spent, q) * 1e3:.1f}" if len(spent) else "n/a"


def run(
    name: str,
    kinds: Sequence[str],
    write: Write,
    wrappers: Sequence[str],
    *,
    before: str,
    step: str,
    reads: Callable[[tuple[str, ...]], int],
) -> None:
    """A bench's ``main``: the table of ``kinds`` recorded as ``name``; its last line counts
    the benign rows as written that this tree's ``step`` reads (``reads`` of a reading's
    steps)."""
    args = arguments(before, 8)
    attacks, benign = plain_texts(args.benign_every)
    with packages(args.before) as (old, new):
        sides = [(m._normalize.views, m.InputGuard.load(fpr=0.01)) for m in (old, new)]
        for _, guard in sides:
            guard.check("warm up the tables")
        with recorded(name):
            table(sides, list(kinds), write, wrappers, attacks, benign, args)
            after_views = sides[1][0]
            count = sum(reads(v.steps) for t in benign for v in after_views(t))
            print(f"\nbenign rows as written read by ``{step}``: {count} of {len(benign)}")


def _row(label: str, cells: list[tuple[float, float, float, np.ndarray]]) -> str:
    (r0, f0, b0, t0), (r1, f1, b1, t1) = cells
    return (
        f"| {label} | {r0:.3f} | {r1:.3f} | {f0:.3f} | {f1:.3f} | {b0:.3f} | {b1:.3f} "
        f"| {ms(t0, 50)} | {ms(t1, 50)} | {ms(t0, 99)} | {ms(t1, 99)} |"
    )


def table(
    sides: list[Side],
    kinds: list[str],
    write: Write,
    wrappers: Sequence[str],
    attacks: list[str],
    benign: list[str],
    args: argparse.Namespace,
) -> None:
    """Per kind and side: attacks read back and flagged, written-out benign rows flagged, CPU
    ms p50/p99 of all those texts; then the mean of kinds and the benign rows as written."""
    print(f"before: {args.before}; after: this tree; held-out 1: {len(attacks)} plain attacks, "
          f"{len(benign)} plain benign rows (every {args.benign_every}th), each bare and wrapped\n")  # fmt: skip
    print(
        "| kind | read back before | after | flagged before | after | benign flagged before "
        "| after | ms p50 before | after | ms p99 before | after |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    totals: list[list[Any]] = [[0.0, 0.0, 0.0, []] for _ in sides]
    for kind in kinds:
        # each attack alone, so every attack takes the first wrapper
        attack_items = [
            (t, p) for p in attacks for t in bare_and_wrapped([p], kind, write, wrappers)
        ]
        benign_items = [(t, "") for t in bare_and_wrapped(benign, kind, write, wrappers)]
        cells = []
        for s, side in enumerate(sides):
            read, flagged, spent = measure(side, attack_items)
            _, false, spent_benign = measure(side, benign_items)
            both = np.concatenate([spent, spent_benign])
            cells.append((read, flagged, false, both))
            for j, value in enumerate((read, flagged, false)):
                totals[s][j] += value / len(kinds)
            totals[s][3].append(both)
        print(_row(kind, cells))
    print(_row("**mean of kinds**", [(a, b, c, np.concatenate(d)) for a, b, c, d in totals]))
    plain = [(t, "") for t in benign]
    (_, b0, t0), (_, b1, t1) = (measure(side, plain) for side in sides)
    print(
        f"| benign as written | | | | | {b0:.3f} | {b1:.3f} | {ms(t0, 50)} | {ms(t1, 50)} "
        f"| {ms(t0, 99)} | {ms(t1, 99)} |"
    )
