"""Long prompts through the input guard: time by length and recall when an attack is padded.

The guard reads a prompt longer than ``LONG_TEXT_CHARS`` (2,000) in sentence chunks
(``long_chunks``) and its decodings in overlapping windows (``decoded_views``), and since
round 21 one over ``CHUNKED_TEXT_CHARS`` (600) that no carrier decoding reads whole and in
sentence chunks too (the 1k rows; "before" reads it whole only); before, it
read the whole text at once (character n-grams of the first 3,000 characters only, the
encoder's first 400 tokens, word n-grams diluted over the whole page). Both ways are run here on the same texts
(``guard.windowed = False`` is the old way), one core, in this one process:

- **Padding attacks:** attacks of held-out 1 (``bench/corpus/llm/heldout.jsonl``: every
  single-text variant, up to 600 characters) put at a random whitespace of benign text of
  2k, 8k and 32k characters (fixed seed): the share flagged. The same benign texts without
  the attack give the false-positive rate.
- **Benign text:** the plain-text help pages (``pydoc``) of standard-library modules, cut at
  whitespace to the target length (training read CPython's documentation topics, not these
  pages), and held-out 1's benign prompts joined.
- **Time:** p50/p99 CPU time of the call (``time.thread_time``) by length bucket
  (held-out 1 rows up to 2k; benign pages and padded attacks above), and recall on held-out
  1's own rows over 2,000 characters.

- **Split payloads:** plain attacks of held-out 1 cut into three fragments that pass alone,
  sent as user turns with benign turns between them; before (every turn joined with the
  last 4 earlier ones, whole) and after (``screen_messages`` as it is).

    python bench/llm_long.py [--attacks 120] [--split-attacks 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import pydoc
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from hauberk.llm import InputGuard

HELDOUT = Path(__file__).resolve().parent / "corpus" / "llm" / "heldout.jsonl"
SIZES = (1_000, 2_000, 8_000, 32_000)  # 1k: round 21, the chunks of CHUNKED_TEXT_CHARS
BUCKETS = ((0, 2_000), (2_000, 8_000), (8_000, 32_000), (32_000, 200_000))
MODULES = (
    "argparse", "asyncio", "collections", "csv", "datetime", "email", "functools", "http.client",
    "json", "logging", "os", "pathlib", "re", "sqlite3", "string", "subprocess", "tarfile",
    "textwrap", "threading", "typing", "unittest", "urllib.request", "xml.etree.ElementTree",
    "zipfile", "decimal", "fractions", "statistics", "shutil", "socket", "ssl",
)  # fmt: skip


def _pages() -> list[str]:
    import importlib

    out = []
    for name in MODULES:
        mod = importlib.import_module(name)
        out.append(pydoc.plain(pydoc.render_doc(mod, renderer=pydoc.plaintext)))
    return out


def _cut(text: str, size: int, rng: np.random.Generator) -> str:
    """A stretch of ``text`` of about ``size`` characters starting and ending at whitespace."""
    start = int(rng.integers(0, max(1, len(text) - size)))
    start = text.find(" ", start) + 1
    end = text.rfind(" ", start, start + size)
    return text[start : end if end > start else start + size]


def _benign(pages: list[str], prose: str, size: int, rng: np.random.Generator) -> str:
    source = prose if rng.random() < 0.25 else pages[int(rng.integers(len(pages)))]
    while len(source) < size + 10:
        source += "\n\n" + pages[int(rng.integers(len(pages)))]
    return _cut(source, size, rng)


def _insert(padding: str, attack: str, rng: np.random.Generator) -> str:
    at = padding.find(" ", int(rng.integers(0, len(padding))))
    at = len(padding) if at < 0 else at
    return f"{padding[:at]} {attack} {padding[at:]}"


def _timed(guard: InputGuard, row: dict[str, Any]) -> tuple[bool, float]:
    """The verdict and the CPU time of the call (this thread's, in ms): on a machine shared
    with other work the wall-clock time measures the neighbours as much as the guard."""
    t = time.thread_time()
    v = guard.check(row["text"], context=row.get("context", ()), history=row.get("history", ()))
    return v.flagged, (time.thread_time() - t) * 1000


FILLER_TURNS = 5
SPLITS = 6  # ways each attack is cut (different cut points; conversations of one attack
# are not independent, so the intervals are a little narrower than they should be)


def _old_screen(guard: InputGuard, turns: list[str]) -> bool:
    """The conversation as the guard read it before round 7: every user turn with the last 4
    earlier ones joined whole (line break, nothing), flagged when a reading is."""
    for i, text in enumerate(turns):
        if guard.check(text).flagged:
            return True
        history = turns[max(0, i - 4) : i]
        if history and any(guard.check(sep.join([*history, text])).flagged for sep in ("\n", "")):
            return True
    return False


def split_table(guard: InputGuard, attacks: list[str], pages: list[str], seed: int) -> None:
    """Attacks the guard flags whole, cut at spaces into 3 fragments none of which it flags
    alone, sent as user turns with benign turns (held-out 1's short benign prompts) or long
    benign turns between them: the share of conversations flagged, old reading and new."""
    from hauberk.core._stats import clopper_pearson
    from hauberk.llm import screen_messages

    rng = np.random.default_rng(seed)
    rows = [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines()]
    chat = [r["text"] for r in rows if r["label"] == 0 and len(r["text"]) < 120
            and not r.get("history") and not r.get("context")]  # fmt: skip

    def fill(k: int) -> list[str]:
        return [str(x) for x in rng.choice(chat, k)]

    def page() -> str:
        return _cut(pages[int(rng.integers(len(pages)))], 3_000, rng)

    layouts = {
        "fragments in consecutive turns": lambda p: p,
        f"{FILLER_TURNS} benign turns between fragments": lambda p: [
            p[0], *fill(FILLER_TURNS), p[1], *fill(FILLER_TURNS), p[2]],
        "a 3k-character benign turn between fragments": lambda p: [p[0], page(), p[1], page(), p[2]],
        "first fragment ends a 3k-character turn": lambda p: [f"{page()}\n{p[0]}", p[1], p[2]],
        "benign conversations (12 short turns)": None,
    }  # fmt: skip
    print("\n## Payload split over user turns (each fragment passes alone), 95% CI\n")
    print("| layout | n | before (last 4 turns joined, every turn) | after |")
    print("|---|---|---|---|")
    for name, layout in layouts.items():
        convs: list[list[str]] = []
        if layout is None:
            convs = [fill(12) for _ in range(100)]
        else:
            for a in attacks:
                if not guard.check(a).flagged:
                    continue  # the guard misses it whole: splitting cannot be measured
                spaces = [i for i, c in enumerate(a) if c == " "]
                for _ in range(SPLITS if len(spaces) >= 2 else 0):
                    cuts = sorted(int(c) for c in rng.choice(spaces, 2, replace=False))
                    parts = [a[: cuts[0]], a[cuts[0] : cuts[1]], a[cuts[1] :]]
                    if any(guard.check(x).flagged for x in parts):
                        continue  # a fragment gives it away: not a split-payload test
                    convs.append(layout(parts))
        guard.windowed = False  # the old reading of a long join: whole
        old = sum(_old_screen(guard, c) for c in convs)
        guard.windowed = True
        new = sum(
            screen_messages(guard, [{"role": "user", "content": t} for t in c]) is not None
            for c in convs
        )
        cells = []
        for k in (old, new):
            r = clopper_pearson(k, len(convs))
            cells.append(f"{r.value:.3f} [{r.low:.3f}-{r.high:.3f}]")
        print(f"| {name} | {len(convs)} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attacks", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split-attacks", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines()]
    single = [r for r in rows if not r.get("history") and not r.get("context")]
    attacks = [r["text"] for r in single if r["label"] == 1 and len(r["text"]) <= 600]
    attacks = [attacks[i] for i in rng.permutation(len(attacks))[: args.attacks]]
    prose = " ".join(r["text"] for r in single if r["label"] == 0 and len(r["text"]) > 40)
    pages = _pages()
    short = [r for r in rows if len(r["text"]) <= 2_000][::10]
    long_rows = [r for r in rows if len(r["text"]) > 2_000]
    padded = {
        size: [(_insert(_benign(pages, prose, size, rng), a, rng), 1) for a in attacks]
        for size in SIZES
    }
    clean = {
        size: [(_benign(pages, prose, size, rng), 0) for _ in range(len(attacks))] for size in SIZES
    }
    huge = [(_benign(pages, prose, int(s), rng), 0) for s in rng.integers(32_000, 200_000, 12)]
    guard = InputGuard.load(fpr=0.01)
    results: dict[str, dict[str, Any]] = {}
    for mode in ("before (whole text)", "after (windows)"):
        guard.windowed = mode.startswith("after")
        times: dict[tuple[int, int], list[float]] = {b: [] for b in BUCKETS}
        rate: dict[str, tuple[int, int]] = {}

        def run(
            name: str,
            items: list[tuple[str, int]],
            times: dict[tuple[int, int], list[float]] = times,
            rate: dict[str, tuple[int, int]] = rate,
        ) -> None:
            hits = 0
            for text, _label in items:
                flagged, ms = _timed(guard, {"text": text})
                hits += flagged
                for lo, hi in BUCKETS:
                    if lo < len(text) <= hi:
                        times[(lo, hi)].append(ms)
            rate[name] = (hits, len(items))

        run("short rows", [(r["text"], r["label"]) for r in short])
        run("the attacks alone (no padding)", [(a, 1) for a in attacks])
        run("held-out 1 rows > 2k (all attacks)", [(r["text"], 1) for r in long_rows])
        for size in SIZES:
            run(f"attack padded to {size // 1000}k", padded[size])
            run(f"benign {size // 1000}k", clean[size])
        run("benign 32k-200k", huge)
        results[mode] = {"times": times, "rate": rate}
    before, after = results["before (whole text)"], results["after (windows)"]
    print(f"# llm_long: input guard on long prompts, {len(attacks)} attacks, seed {args.seed}\n")
    print("## Flagged share (recall on attacks, false positives on benign), 95% CI\n")
    print("| texts | n | before (whole text) | after (windows) |")
    print("|---|---|---|---|")
    from hauberk.core._stats import clopper_pearson

    for name, (_h, n) in before["rate"].items():
        cells = []
        for res in (before, after):
            k, m = res["rate"][name]
            r = clopper_pearson(k, m)
            cells.append(f"{r.value:.3f} [{r.low:.3f}-{r.high:.3f}]")
        print(f"| {name} | {n} | " + " | ".join(cells) + " |")
    print("\n## CPU time per prompt by length (ms, one core; this thread's time)\n")
    print(
        "| characters | n | before p50 | before p99 | after p50 | after p99 | after p99 per 1k chars |"
    )
    print("|---|---|---|---|---|---|---|")
    for lo, hi in BUCKETS:
        b = np.asarray(before["times"][(lo, hi)])
        a = np.asarray(after["times"][(lo, hi)])
        if not len(a):
            continue
        per = float(np.percentile(a, 99)) / (hi / 1000)
        print(f"| {lo}-{hi} | {len(a)} | {np.percentile(b, 50):.2f} | {np.percentile(b, 99):.2f} "
              f"| {np.percentile(a, 50):.2f} | {np.percentile(a, 99):.2f} | {per:.2f} |")  # fmt: skip
    split = [r["text"] for r in single if r["label"] == 1 and r["variant"] == "plain"
             and 30 < len(r["text"]) <= 300]  # fmt: skip
    guard.windowed = True
    split_table(guard, split[: args.split_attacks], pages, args.seed)


if __name__ == "__main__":
    with recorded("llm_long"):
        main()
