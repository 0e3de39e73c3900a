"""The round-11 readings of the prompt guard's normaliser: character codes (decimal, ``0x``
hex, octal, binary), QWERTY keyboard shifts and acrostics, and the bound on the typo reading.

Three tables, one process, one core:

- **Cost**: CPU time (``time.thread_time``) of ``views()`` (and of ``views()`` of each
  window, as the guard reads a prompt over 2,000 characters) on the same texts with the
  normaliser before this round (``git show BEFORE:src/hauberk/llm/_normalize.py``, loaded
  as a second module) and now: every text of held-out 1 (sum, and the slowest text), and
  100,000 characters each of random lower-case letter words, English prose (the benign rows
  of held-out 1 joined), that prose with one typo in ten letters, digits and spaces, and a
  CSV of figures (dates, ids, small integers, prices). Fastest of ``--repeat`` for the long
  texts.
- **False readings**: benign rows (``label == 0``) of held-out 1 that gain a reading from
  each new decoder (should be 0).
- **Round trips**: the first 120 characters of the plain attack rows of held-out 1, encoded
  by each obfuscation here (generic encoders, written for this bench), and how often a
  reading of the new decoder holds the plain text again. No model is run.
- **Criteria**: the acrostic's test of letters run together (English messages against the
  initials of random words), and the share of listed words the typo reading asks of a text of
  20 candidate words or more (misspelt benign rows against random letters).

    python bench/llm_decode.py [--before 2d41b64] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from _timing import fastest
from hauberk.llm import _normalize as now
from hauberk.llm._input_guard import windows

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "llm" / "heldout.jsonl"
NEW = ("char_codes", "octal", "binary", "keyboard_shift", "acrostic")
SIZE = 100_000
_ROWS = ("`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
         "~!@#$%^&*()_+", "QWERTYUIOP{}|", 'ASDFGHJKL:"', "ZXCVBNM<>?")  # fmt: skip


def load_before(ref: str) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:src/hauberk/llm/_normalize.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "_normalize_before.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("hauberk.llm._normalize_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def typos(text: str, rng: random.Random, rate: float = 0.1) -> str:
    """One edit in ``1 / rate`` letters: a letter dropped, doubled, changed or swapped."""
    out: list[str] = []
    for c in text:
        if not c.isalpha() or rng.random() >= rate:
            out.append(c)
            continue
        kind = rng.randrange(4)
        if kind == 1:
            out.append(c + c)
        elif kind == 2:
            out.append(rng.choice(string.ascii_lowercase))
        elif kind == 3 and out:
            out.insert(len(out) - 1, c)
    return "".join(out)


def long_texts(rows: list[dict[str, object]], rng: random.Random) -> dict[str, str]:
    prose = "\n".join(str(r["text"]) for r in rows if r["label"] == 0)[:SIZE]
    letters = string.ascii_lowercase
    words = " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(SIZE // 6)
    )
    digits = " ".join(str(rng.randint(0, 10 ** rng.randint(1, 4))) for _ in range(SIZE // 3))
    csv_rows = [
        f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},ID-{rng.randint(100, 999)},"
        f"{rng.randint(0, 150)},{rng.randint(0, 150)},{rng.randint(30, 126)},"
        f"{rng.uniform(0, 500):.2f},{rng.randint(0, 99)}"
        for _ in range(SIZE // 30)
    ]
    return {
        "random letter words": words[:SIZE],
        "English prose": prose,
        "prose, 1 typo in 10 letters": typos(prose, rng)[:SIZE],
        "digits and spaces": digits[:SIZE],
        "CSV of figures": "\n".join(csv_rows)[:SIZE],
    }


def cost_table(before: ModuleType, rows: list[dict[str, object]], repeat: int) -> None:
    print("| texts | chars | views ms, before | views ms, now | now / before | window views ms, "
          "before | window views ms, now | now / before |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    texts = [str(r["text"]) for r in rows]
    totals, times_now = [], []
    for module in (before, now):
        module.views("warm up the tables")
        times = []
        for text in texts:
            start = time.thread_time()
            module.views(text)
            times.append(time.thread_time() - start)
        totals.append(sum(times) * 1e3)
        times_now = times
    # one pass is noisy (a first call fills caches): the 20 slowest texts again, fastest of
    # repeat, and the slowest of those
    top = sorted(range(len(texts)), key=times_now.__getitem__)[-20:]
    again = [
        [fastest(lambda m=m, t=texts[i]: m.views(t), repeat) for m in (before, now)]  # type: ignore[misc]
        for i in top
    ]
    slowest = max(again, key=lambda pair: pair[1])
    worst = texts[top[again.index(slowest)]]
    chars = sum(map(len, texts))
    print(f"| held-out 1, {len(texts)} texts (sum) | {chars} | {totals[0]:.0f} | {totals[1]:.0f} "
          f"| {totals[1] / totals[0]:.2f} | | | |")  # fmt: skip
    print(f"| held-out 1, slowest text now (fastest of {repeat}) | {len(worst)} | {slowest[0]:.1f} | {slowest[1]:.1f} | "
          f"{slowest[1] / slowest[0]:.2f} | | | |")  # fmt: skip
    for name, text in long_texts(rows, random.Random(11)).items():
        old = fastest(lambda t=text: before.views(t), repeat)  # type: ignore[misc]
        new = fastest(lambda t=text: now.views(t), repeat)  # type: ignore[misc]
        # the guard reads a long prompt window by window (``decoded_views``): the same here
        parts = windows(text)
        old_w = fastest(lambda p=parts: [before.views(w) for w in p], repeat)  # type: ignore[misc]
        new_w = fastest(lambda p=parts: [now.views(w) for w in p], repeat)  # type: ignore[misc]
        print(f"| {name} | {len(text)} | {old:.0f} | {new:.0f} | {new / old:.2f} | {old_w:.0f} "
              f"| {new_w:.0f} | {new_w / old_w:.2f} |")  # fmt: skip
        steps = sorted({s for v in now.views(text) for s in v.steps})
        print(f"|   readings now (whole text): {', '.join(steps) or 'none'} | | | | | | | |")


def false_readings(rows: list[dict[str, object]]) -> None:
    benign = [str(r["text"]) for r in rows if r["label"] == 0]
    counts = dict.fromkeys(NEW, 0)
    for text in benign:
        steps = {s for v in now.views(text) for s in v.steps}
        for name in NEW:
            counts[name] += name in steps
    print(f"\n| decoder | benign rows of held-out 1 with a reading (of {len(benign)}) |")
    print("|---|---|")
    for name, count in counts.items():
        print(f"| {name} | {count} |")


def _shift(text: str, step: int) -> str:
    table = {r[i]: r[i + step] for r in _ROWS for i in range(len(r)) if 0 <= i + step < len(r)}
    return "".join(table.get(c, c) for c in text)


def _acrostic(text: str, rng: random.Random) -> str:
    filler = ["the river", "a quiet morning", "of light and rain", "under the hill", "and more"]
    letters = [c for c in text if c.isalpha()]
    return "\n".join(c.upper() + rng.choice(filler) for c in letters)


ENCODERS: dict[str, tuple[str, Callable[[bytes, random.Random], str]]] = {
    "decimal, spaces": ("char_codes", lambda b, r: " ".join(map(str, b))),
    "decimal, [a, b]": ("char_codes", lambda b, r: "[" + ", ".join(map(str, b)) + "]"),
    "chr()+chr()": ("char_codes", lambda b, r: "+".join(f"chr({x})" for x in b)),
    "String.fromCharCode": ("char_codes", lambda b, r: f"String.fromCharCode({','.join(map(str, b))})"),
    "0x hex, spaces": ("char_codes", lambda b, r: " ".join(f"0x{x:02x}" for x in b)),
    "octal escapes": ("octal", lambda b, r: "".join(f"\\{x:03o}" for x in b)),
    "octal, spaces": ("octal", lambda b, r: "Octal: " + " ".join(f"{x:03o}" for x in b)),
    "binary, 8-bit groups": ("binary", lambda b, r: " ".join(f"{x:08b}" for x in b)),
    "binary, 7-bit groups": ("binary", lambda b, r: " ".join(f"{x:07b}" for x in b)),
    "binary, no separator": ("binary", lambda b, r: "".join(f"{x:08b}" for x in b)),
    "QWERTY shift right": ("keyboard_shift", lambda b, r: _shift(b.decode(), 1)),
    "QWERTY shift left": ("keyboard_shift", lambda b, r: _shift(b.decode(), -1)),
    "acrostic (lines)": ("acrostic", lambda b, r: _acrostic(b.decode(), r)),
}  # fmt: skip


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


def round_trips(rows: list[dict[str, object]]) -> None:
    plain = [str(r["text"])[:120] for r in rows if r["label"] == 1 and r.get("variant") == "plain"]
    plain = [p[: p.rfind(" ")] if " " in p else p for p in plain if p.isascii()]
    rng = random.Random(5)
    print(f"\n| obfuscation | decoder | plain text read back (of {len(plain)}) |")
    print("|---|---|---|")
    for name, (step, encode) in ENCODERS.items():
        hits = 0
        for text in plain:
            # keyboard shifts lose the keys at the row ends, acrostics keep letters only:
            # compare letters, and for shifts the words of four letters or more the reading has
            want = _key(text)
            readings = [
                _key(v.text) for v in now.views(encode(text.encode(), rng)) if step in v.steps
            ]
            if step == "keyboard_shift":
                hits += any(_shift_hit(text, v.text) for v in now.views(encode(text.encode(), rng))
                            if step in v.steps)  # fmt: skip
            else:
                hits += any(want in r for r in readings)
        print(f"| {name} | {step} | {hits} ({hits / len(plain):.0%}) |")


def _shift_hit(plain: str, reading: str) -> bool:
    """Most (80%) of the plain text's words are in the reading (row-end keys aside)."""
    want = [w for w in plain.lower().split() if w.isalpha()]
    got = set(reading.lower().split())
    return bool(want) and sum(w in got for w in want) >= 0.8 * len(want)


def acrostic_criterion() -> None:
    """``_segments_well`` on English messages (2-7 of the 3,000 commonest listed words, run
    together) and on the initials of random words (of the 5,000 commonest)."""
    rng = random.Random(1)
    vocab = list(now._word_costs())[:5000]
    messages = ["".join(rng.sample(vocab[:3000], rng.randint(2, 7))) for _ in range(300)]
    print("\n| letters (acrostic criterion) | texts | read as words |")
    print("|---|---|---|")
    passed = sum(map(now._segments_well, messages))
    print(f"| English messages, 2-7 words | {len(messages)} | {passed / len(messages):.1%} |")
    for n in (8, 12, 20, 40):
        initials = ["".join(rng.choice(vocab)[0] for _ in range(n)) for _ in range(500)]
        passed = sum(map(now._segments_well, initials))
        print(f"| initials of {n} random words | 500 | {passed / 500:.1%} |")


def respelt_gate(rows: list[dict[str, object]]) -> None:
    """Share of the typo reading's candidate words that are listed, on texts of 20 or more:
    the gate (``MIN_LISTED_SHARE``) must pass misspelt English and stop random letters."""
    rng = random.Random(2)
    known = now._known()

    def share(text: str) -> float | None:
        found = now._TYPO_WORD.findall(text)
        if len(found) < now.RESPELT_GATE_WORDS:
            return None
        return sum(w.lower() in known for w in found) / len(found)

    benign = [typos(str(r["text"]), rng) for r in rows if r["label"] == 0]
    letters = string.ascii_lowercase
    gibberish = [
        " ".join("".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(60))
        for _ in range(500)
    ]
    print(f"\n| texts (typo gate, cut {now.MIN_LISTED_SHARE}) | texts | least share listed | "
          "1st percentile | most | pass the gate |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, texts in (("benign held-out 1, 1 typo in 10 letters", benign),
                        ("random letter words", gibberish)):  # fmt: skip
        shares = sorted(x for x in map(share, texts) if x is not None)
        gated = sum(x >= now.MIN_LISTED_SHARE for x in shares)
        first = shares[len(shares) // 100]
        print(f"| {name} | {len(shares)} | {shares[0]:.2f} | {first:.2f} | {shares[-1]:.2f} | "
              f"{gated} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="2d41b64", help="git ref of the old normaliser")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
    before = load_before(args.before)
    now.prepare()
    before.prepare()
    with recorded("llm_decode"):
        cost_table(before, rows, args.repeat)
        false_readings(rows)
        round_trips(rows)
        acrostic_criterion()
        respelt_gate(rows)


if __name__ == "__main__":
    main()
