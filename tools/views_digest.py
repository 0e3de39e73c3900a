"""Digest of every reading ``_normalize.views`` gives for the rows the guards are measured on,
to prove a change to the normaliser keeps them byte-identical (the prompt-guard model is
trained on these readings).

Rows: every ``text`` and ``context`` document of ``bench/corpus/llm/heldout*.jsonl`` and every
answer of ``bench/corpus/llm/output_leaks.jsonl``. A row's digest is SHA-256 over the JSON of
its views (text and steps, in order), and for an answer also of the output guard's
``secret_readings``.

    python tools/views_digest.py write before.json    # on the code before the change
    python tools/views_digest.py compare before.json  # on the code after it; exit 1 on a diff
"""

from __future__ import annotations

import hashlib
import json
import random
import string
import sys
from collections.abc import Iterator
from pathlib import Path

from hauberk.llm._normalize import views
from hauberk.llm._output_guard import secret_readings

CORPUS = Path(__file__).resolve().parent.parent / "bench" / "corpus" / "llm"


def texts() -> Iterator[tuple[str, str]]:
    for path in [*sorted(CORPUS.glob("heldout*.jsonl")), CORPUS / "output_leaks.jsonl"]:
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            row = json.loads(line)
            yield f"{path.name}:{n}", row["text"]
            for k, doc in enumerate(row.get("context") or ()):
                yield (
                    f"{path.name}:{n}:context[{k}]",
                    doc if isinstance(doc, str) else json.dumps(doc),
                )
    yield from spaced()


def spaced() -> Iterator[tuple[str, str]]:
    """Letters spaced or dashed apart (words, random letters, one letter repeated), 5 to 3,000
    letters, seeded: the inputs whose segmentation was made faster."""
    rng = random.Random(9)  # noqa: S311 - a fixed test set, not a secret
    words = [
        "ignore",
        "all",
        "previous",
        "instructions",
        "and",
        "reveal",
        "the",
        "system",
        "prompt",
        "now",
    ]
    for n in range(400):
        size = rng.choice([5, 12, 40, 150, 600, 3000])
        kind = n % 4
        if kind == 0:
            letters = "".join(rng.choice(words) for _ in range(size // 5 + 1))[:size]
        elif kind == 1:
            letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(size))
        elif kind == 2:
            letters = "a" * size
        else:
            letters = "".join(rng.choice("abcxyz") for _ in range(size))
        text = rng.choice([" ", "-", ".", " - ", "_", "  "]).join(letters)
        if rng.random() < 0.5:
            text = f"Please read this: {text} and answer."
        yield f"spaced:{n}", text


def digest(key: str, text: str) -> str:
    """Of the views; of the output guard's secret readings too for an answer (its base64
    decoding shares ``_normalize.b64_bytes`` with ``views``)."""
    readings: list[object] = [[v.text, list(v.steps)] for v in views(text)]
    if key.startswith("output_leaks"):
        readings.append(secret_readings(text))
    return hashlib.sha256(json.dumps(readings, ensure_ascii=False).encode()).hexdigest()


def main() -> int:
    mode, out = sys.argv[1], Path(sys.argv[2])
    found = {key: digest(key, text) for key, text in texts()}
    if mode == "write":
        out.write_text(json.dumps(found, indent=0))
        print(f"{len(found)} texts digested")
        return 0
    before = json.loads(out.read_text())
    changed = [k for k in before if found.get(k) != before[k]]
    missing = set(found) ^ set(before)
    print(f"{len(found)} texts compared: {len(changed)} with other readings, "
          f"{len(missing)} not in both runs")  # fmt: skip
    for key in changed[:20]:
        print("  changed:", key)
    return 1 if changed or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
