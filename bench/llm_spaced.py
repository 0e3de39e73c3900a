"""Long prompts of letters spaced or dashed apart through the input guard: time against prose.

A prompt of 30,000-40,000 characters like ``a a a ...`` or ``a-b-c-...`` makes the normaliser
join the letters and split them into words (``_normalize.segment``) in every window the guard
reads. The segmenter looked back 20 letters from each letter; it now walks forward from
each letter and stops where no listed word continues. Both are run here in one process on
the same texts (the old one is ``segment_old``, the frozen copy of the old normaliser in
``tests/llm/_normalize_reference.py``; the readings are the same
either way, ``tools/views_digest.py`` checks that on the corpora):

- **prose**: standard-library help pages (``pydoc``, as bench/llm_long.py reads them) cut at
  whitespace to the length;
- **a a a**, **a-b-c**: one letter repeated with spaces, the alphabet with dashes;
- **random**: random letters with spaces; **mixed**: random letters, spaces, dashes and dots.

Times are CPU time of the call (``time.thread_time``), fastest of ``--repeat``; the guard's
``check`` and, apart, the readings of its windows (``decoded_views``), where the segmenter
runs.

    python bench/llm_spaced.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib
import pydoc
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.llm._normalize_reference import segment as segment_old  # the frozen old normaliser

from _record import recorded
from _timing import fastest
from hauberk.llm import InputGuard
from hauberk.llm import _normalize as normalize
from hauberk.llm._input_guard import decoded_views

SIZES = (30_000, 40_000)
MODULES = ("argparse", "collections", "json", "logging", "pathlib", "re", "typing")


def texts(size: int, rng: random.Random) -> dict[str, str]:
    pages = "\n\n".join(
        pydoc.plain(pydoc.render_doc(importlib.import_module(m), renderer=pydoc.plaintext))
        for m in MODULES
    )
    start = pages.find(" ", rng.randrange(len(pages) - size)) + 1
    prose = pages[start : pages.rfind(" ", start, start + size)]
    half = size // 2
    return {
        "prose": prose,
        "a a a": " ".join("a" * half),
        "a-b-c": "-".join(("abcdefghijklmnopqrstuvwxyz" * (half // 26 + 1))[:half]),
        "random": " ".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(half)),
        "mixed": "".join(rng.choice("abcdefghij -.") for _ in range(size)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    guard = InputGuard.load(fpr=0.01)
    guard.check("warm up the model and the word tables")
    new = normalize.segment
    with recorded("llm_spaced"):
        print(
            "| text | chars | check ms, old segmenter | check ms, now | window readings ms, "
            "old | window readings ms, now | now / prose (check) |"
        )
        print("|---|---|---|---|---|---|---|")
        for size in SIZES:
            rows = texts(size, random.Random(size))
            prose_ms = 0.0
            for name, text in rows.items():
                cells = []
                for segment in (segment_old, new):
                    normalize.segment = segment  # type: ignore[assignment]
                    check = fastest(lambda t=text: guard.check(t), args.repeat)
                    reading = fastest(lambda t=text: decoded_views(t, t), args.repeat)
                    cells.append((check, reading))
                normalize.segment = new
                if name == "prose":
                    prose_ms = cells[1][0]
                (old_check, old_read), (now_check, now_read) = cells
                print(
                    f"| {name} | {len(text)} | {old_check:.1f} | {now_check:.1f} | "
                    f"{old_read:.1f} | {now_read:.1f} | {now_check / prose_ms:.2f} |"
                )


if __name__ == "__main__":
    main()
