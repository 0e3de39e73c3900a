"""The build-time helpers of held-out set 6 (``tools/_prompt_corpus_6.py``): every new cipher
and letter mapping can be undone from what the prompt states, the carriers keep the payload
whole, and the shipped set is labelled, unique and drawn from sources no earlier set or training
uses. No detector is run on any row here: the set stays unscored until the lead scores it."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _prompt_corpus_3 as third  # noqa: E402
import _prompt_corpus_4 as fourth  # noqa: E402
import _prompt_corpus_5 as fifth  # noqa: E402
import _prompt_corpus_6 as sixth  # noqa: E402
import _prompt_corpus_fresh as fresh  # noqa: E402
import _prompt_corpus_r7 as r7  # noqa: E402

_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=3, max_size=20
)


def _payload(row: dict[str, object]) -> str:
    return str(row["text"]).split("\n", 1)[1]


def _unvigenere(text: str, key: str) -> str:
    out, i = [], 0
    for c in text:
        if c.isascii() and c.isalpha():
            out.append(chr((ord(c) - 97 - (ord(key[i % len(key)]) - 65)) % 26 + 97))
            i += 1
        else:
            out.append(c)
    return "".join(out)


def _unrail(text: str, rails: int) -> str:
    cycle = 2 * (rails - 1)
    rows = [i % cycle if i % cycle < rails else cycle - i % cycle for i in range(len(text))]
    order = sorted(range(len(text)), key=lambda i: (rows[i], i))
    out = [""] * len(text)
    for c, i in zip(text, order, strict=True):
        out[i] = c
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(_words, st.integers(0, 2**16))
def test_new_ciphers_recoverable(words: list[str], seed: int) -> None:
    text = " ".join(words)
    rng = random.Random(seed)
    vig = sixth.VARIANTS["vigenere"](text, rng)
    key = re.search(r"key (\w+)\.", str(vig["text"])).group(1)  # type: ignore[union-attr]
    assert _unvigenere(_payload(vig), key) == text
    rail = sixth.VARIANTS["rail_fence"](text, rng)
    n = int(re.search(r"with (\d) rails", str(rail["text"])).group(1))  # type: ignore[union-attr]
    assert _unrail(_payload(rail), n) == text
    back = {v: k for k, v in sixth._KEYSHIFT.items()}
    shifted = _payload(sixth.VARIANTS["keyboard_shift"](text, rng))
    assert "".join(back.get(c, c) for c in shifted) == text
    codes = _payload(sixth.VARIANTS["ascii_decimal"](text, rng)).split()
    assert "".join(chr(int(c)) for c in codes) == text
    bits = _payload(sixth.VARIANTS["binary"](text, rng)).split()
    assert bytes(int(b, 2) for b in bits).decode() == text
    octal = str(sixth.VARIANTS["octal_escapes"](text, rng)["text"]).split('"')[1]
    assert bytes(int(o, 8) for o in octal.split("\\")[1:]).decode() == text
    escaped = str(sixth.VARIANTS["u_escapes"](text, rng)["text"]).split('"')[1]
    assert json.loads(f'"{escaped}"') == text


@settings(max_examples=60, deadline=None)
@given(_words, st.integers(0, 2**16))
def test_letter_maps_recoverable(words: list[str], seed: int) -> None:
    text = " ".join(words)
    rng = random.Random(seed)
    braille = {v: k for k, v in sixth._BRAILLE.items()}
    words_back = _payload(sixth.VARIANTS["braille"](text, rng)).split(" / ")
    assert " ".join("".join(braille[c] for c in w) for w in words_back) == text
    squared = str(sixth.VARIANTS["negative_squared"](text, rng)["text"])
    assert "".join(chr(ord(c) - 0x1F170 + 97) if ord(c) > 0xFFFF else c for c in squared) == text
    regional = _payload(sixth.VARIANTS["regional_letters"](text, rng)).split(" / ")
    assert " ".join("".join(chr(ord(c) - 0x1F1E6 + 97) for c in w.split()) for w in regional) == (
        text
    )
    lines = _payload(sixth.VARIANTS["acrostic"](text, rng)).splitlines()
    assert "".join(line[0].lower() for line in lines) == text.replace(" ", "")[:90]


@settings(max_examples=40, deadline=None)
@given(_words, st.integers(0, 2**16))
def test_carriers_hold_the_whole_payload(words: list[str], seed: int) -> None:
    text = " ".join(words)
    rng = random.Random(seed)
    for name in sixth._DOCS:
        row = sixth.VARIANTS[name](text, rng)
        assert text in str(row["context"][0]), name  # type: ignore[index]
    turns = sixth.VARIANTS["word_turns"](text, rng)["history"]
    assert " ".join(turns[1:]) == " ".join(text.split()[:25])  # type: ignore[index]


def test_variant_mix_is_mostly_new_kinds() -> None:
    rng = random.Random(0)
    names = [v["variant"] for _ in range(600) for v in sixth.variants_of("a b c d e", rng, 2)]
    new = sum(1 for n in names if n in sixth.VARIANTS)
    assert 0.55 < new / len(names) < 0.8  # two in three by design
    assert set(sixth.VARIANTS).isdisjoint(fifth.VARIANTS)


def test_sources_are_new() -> None:
    earlier = {*third.WHEELS, *fourth.WHEELS, *fresh.WHEELS, *r7.WHEELS, *fifth.WHEELS}
    earlier |= set(fifth.SECURITY_README_WHEELS)
    assert earlier.isdisjoint(sixth.WHEELS)
    assert earlier.isdisjoint(sixth.SECURITY_README_SPECS)
    docs = {*third.DOC_PACKAGES, *third.README_PACKAGES, *fourth.DOC_PACKAGES}
    docs |= {*fourth.README_PACKAGES, *fifth.DOC_PACKAGES, *fifth.README_PACKAGES}
    assert docs.isdisjoint(sixth.README_WHEELS)
    assert set(fifth.SOURCE_PREFIXES).isdisjoint(sixth.SOURCE_PREFIXES)


def test_heldout6_is_built_and_labelled() -> None:
    lines = (ROOT / "bench/corpus/llm/heldout_6.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) > 5000
    labels = [r["label"] for r in rows]
    assert set(labels) == {0, 1}
    assert labels.count(0) >= labels.count(1)
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["source"].split(":")[0] for r in rows} <= set(sixth.SOURCE_PREFIXES)
    plain = [r["source"].split(":")[0] for r in rows if r["label"] == 1 and r["variant"] == "plain"]
    assert len(plain) >= 1000
    assert max(plain.count(p) for p in set(plain)) / len(plain) <= 0.5
