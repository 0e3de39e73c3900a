"""Why attacks padded with benign text are missed: each attack the guard flags alone but not
padded (``bench/llm_long.py``'s texts at 1k and 2k), by variant kind and by cause.

The reading that flags an attack alone (its best reading: the text as written, or a decoding)
is looked for among the readings of the padded prompt (``InputGuard._text_readings``: over
``CHUNKED_TEXT_CHARS`` the whole text and its prose chunks, over ``LONG_TEXT_CHARS`` sentence
chunks and the decodings of windows, at the document threshold). The first cause that holds:

- where a decoding (rot13, base64, a gloss, leetspeak...) flags the attack alone:
  **decoding not made** where no reading of the padded prompt makes it; **threshold** where
  the attack's best reading reaches the prompt threshold but not the document threshold a
  prompt over ``LONG_TEXT_CHARS`` is judged at; else **decoding diluted** (the decoding
  reads the whole text or window, benign text with the payload);
- where the text as written does: **no chunk read** (``prose_chunks`` reads none where a
  carrier decoding is found and no chunk holds an unread run); **cut** (the attack's normal
  form lies whole in no chunk); **threshold** (as above); **merged/diluted** (the attack
  lies whole in a chunk with benign text, which scores under what the attack alone scores);
  else **other**.

Paddings: ``pydoc`` (llm_long's: standard-library help pages, a quarter held-out 1's benign
prompts joined), ``prose`` (held-out 1's benign prompts joined) and ``technical`` (READMEs and
docs of installed packages, ``_technical_corpus``).

    python bench/llm_padding.py [--attacks 120] [--seed 0] [--padding pydoc prose technical]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hauberk.llm import InputGuard
from hauberk.llm._input_guard import Page, View, normal_form, one_request
from llm_long import HELDOUT, SIZES, _benign, _cut, _insert, _pages

DIAGNOSED = (1_000, 2_000)
CAUSES = (
    "no chunk read",
    "cut",
    "decoding not made",
    "decoding diluted",
    "threshold",
    "merged/diluted",
    "other",
)


def _rows() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines()]
    return [r for r in rows if not r.get("history") and not r.get("context")]


def _attacks(rows: list[dict[str, object]], n: int, rng: np.random.Generator) -> list[dict]:
    """llm_long's attacks, in its order (the same draws of ``rng``)."""
    attacks = [r for r in rows if r["label"] == 1 and len(str(r["text"])) <= 600]
    return [attacks[i] for i in rng.permutation(len(attacks))[:n]]


def _technical_source() -> str:
    from _technical_corpus import package_docs, site_packages

    texts = [t for _, t in package_docs(site_packages())]
    return "\n\n".join(texts[:4000])


def paddings(
    kind: str, rows: list[dict[str, object]], n: int, seed: int
) -> tuple[list[dict], dict[int, list[str]], dict[int, list[str]]]:
    """The attacks, the padded texts and the benign texts by size for padding ``kind``;
    ``pydoc`` is llm_long's own (the same texts for the same seed)."""
    rng = np.random.default_rng(seed)
    attacks = _attacks(rows, n, rng)
    prose = " ".join(str(r["text"]) for r in rows if r["label"] == 0 and len(str(r["text"])) > 40)
    make: Callable[[int], str]
    if kind == "pydoc":
        pages = _pages()

        def make(size: int) -> str:
            return _benign(pages, prose, size, rng)
    else:
        source = prose if kind == "prose" else _technical_source()

        def make(size: int) -> str:
            return _cut(source, size, rng)

    padded = {s: [_insert(make(s), str(a["text"]), rng) for a in attacks] for s in SIZES}
    clean = {s: [make(s) for _ in attacks] for s in SIZES}
    return attacks, padded, clean


def _effective(guard: InputGuard, vs: list[View], threshold: float) -> list[tuple[float, View]]:
    """Each reading's score as ``_score_views`` takes it (a decoded part alone under the
    threshold stands for its reading)."""
    scored = guard._scored(vs)
    out = []
    for v in vs:
        s = scored[v.text][0]
        if v.part and scored[v.part][0] < threshold:
            s = scored[v.part][0]
        out.append((s, v))
    return out


def cause(guard: InputGuard, attack: str, padded: str) -> str:
    """The first cause (``CAUSES``) that explains why ``padded`` is not flagged."""
    with one_request():
        own = guard._text_readings(attack)
        pad = guard._text_readings(padded)
    if isinstance(own, tuple) or isinstance(pad, tuple):
        return "other"
    page = isinstance(pad, Page)
    threshold = guard.context_threshold if page else guard.threshold
    with one_request():
        best, view = max(_effective(guard, own, guard.threshold), key=lambda x: x[0])
        pad_scored = _effective(guard, pad, threshold)
    written = set(own[0].steps)
    decoding = set(view.steps) - written
    normal = normal_form(attack).text.strip()
    pad_written = set(pad[0].steps)
    chunk_reads = [(s, v) for s, v in pad_scored if set(v.steps) <= pad_written]
    chunk_reads = chunk_reads if page else chunk_reads[1:]  # the first is the whole text
    if decoding:
        made = [(s, v) for s, v in pad_scored if decoding & set(v.steps)]
        if not made:
            return "decoding not made"
        if best >= threshold:
            return "decoding diluted"
        return "threshold"
    if not chunk_reads:
        return "no chunk read"
    holding = [(s, v) for s, v in chunk_reads if normal in v.text]
    if not holding:
        return "cut"
    if best < threshold:
        return "threshold"
    if max(s for s, _ in holding) < best:
        return "merged/diluted"
    return "other"


def diagnose(guard: InputGuard, kind: str, n: int, seed: int) -> None:
    rows = _rows()
    attacks, padded, clean = paddings(kind, rows, n, seed)
    alone = [guard.check(str(a["text"])).flagged for a in attacks]
    print(f"\n## Padding `{kind}`: {len(attacks)} attacks, {sum(alone)} flagged alone\n")
    print("| size | flagged padded | benign flagged |")
    print("|---|---|---|")
    missed: dict[int, list[int]] = {}
    for size in SIZES:
        hits = [guard.check(t).flagged for t in padded[size]]
        fp = sum(guard.check(t).flagged for t in clean[size])
        missed[size] = [i for i, h in enumerate(hits) if alone[i] and not h]
        print(f"| {size // 1000}k | {np.mean(hits):.3f} | {fp / len(attacks):.3f} |")
    for size in DIAGNOSED:
        table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for i in missed[size]:
            table[str(attacks[i]["variant"])][
                cause(guard, str(attacks[i]["text"]), padded[size][i])
            ] += 1
        print(f"\n### {size // 1000}k: missed padded, flagged alone ({len(missed[size])})\n")
        used = [c for c in CAUSES if any(t[c] for t in table.values())]
        print("| variant | " + " | ".join(used) + " | all |")
        print("|---|" + "---|" * (len(used) + 1))
        for variant in sorted(table):
            cells = [str(table[variant][c]) for c in used]
            print(f"| {variant} | " + " | ".join(cells) + f" | {sum(table[variant].values())} |")
        total = [str(sum(t[c] for t in table.values())) for c in used]
        print("| all | " + " | ".join(total) + f" | {len(missed[size])} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attacks", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--padding", nargs="+", default=["pydoc", "prose", "technical"])
    args = parser.parse_args()
    guard = InputGuard.load(fpr=0.01)
    print(f"# llm_padding: padded attacks the guard misses, seed {args.seed}")
    for kind in args.padding:
        diagnose(guard, kind, args.attacks, args.seed)


if __name__ == "__main__":
    from _record import recorded

    with recorded("llm_padding"):
        main()
