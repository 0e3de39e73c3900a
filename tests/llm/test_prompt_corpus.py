"""The build-time prompt-corpus helpers of round 7 (``tools/_prompt_corpus_4.py``,
``tools/_prompt_corpus_r7.py``): obfuscations keep the attack recoverable, the held-out
near-duplicate filter drops copies and keeps unrelated text, and the shipped fourth held-out
set shares no text with the training corpora's held-out guard."""

from __future__ import annotations

import json
import random
import sys
import unicodedata
import urllib.parse
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _prompt_corpus_4 as fourth  # noqa: E402
import _prompt_corpus_r7 as r7  # noqa: E402

_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=3, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(_words, st.integers(0, 2**16))
def test_obfuscations4_recoverable(words: list[str], seed: int) -> None:
    text = " ".join(words)
    out = {v["variant"]: v["text"] for v in fourth.obfuscations4(text, random.Random(seed))}
    assert unicodedata.normalize("NFKC", out["fullwidth"]) == text
    assert bytes.fromhex(out["hex"].rsplit(" ", 1)[1]).decode() == text
    assert out["char_reversed"].split(": ", 1)[1][::-1] == text
    assert urllib.parse.unquote(out["percent"]) == text
    assert out["upper"].lower() == text
    if "hyphenated" in out:
        assert out["hyphenated"].replace("-", "") == text
    split = out["var_split"].splitlines()[:3]
    assert " ".join(p.split('"')[1] for p in split if p.split('"')[1]) == text


@settings(max_examples=40, deadline=None)
@given(_words, _words)
def test_drop_heldout_near(held_words: list[str], other_words: list[str]) -> None:
    held = " ".join(held_words * 3)
    other = " ".join(other_words * 3)
    rows = [(held, "a"), (held + " x", "b"), (other, "c")]
    kept = r7.drop_heldout_near(rows, [held])
    assert (held, "a") not in kept
    if len(held) > 60:
        assert (held + " x", "b") not in kept  # one extra character: still a copy
    if not set(r7.third._shingles(other)) & set(r7.third._shingles(held)):
        assert (other, "c") in kept


def test_heldout4_is_built_and_labelled() -> None:
    rows = [
        json.loads(line)
        for line in (ROOT / "bench/corpus/llm/heldout_4.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) > 4000
    assert {r["label"] for r in rows} == {0, 1}
    assert len({r["id"] for r in rows}) == len(rows)
    prefixes = {r["source"].split(":")[0] for r in rows}
    assert prefixes <= set(fourth.SOURCE_PREFIXES)
    # no held-out-4 wheel is a training source of round 7
    assert not set(fourth.WHEELS) & set(r7.WHEELS)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a:x", "b:y", "c:z"]), st.floats(0, 1)),
        min_size=60,
        max_size=400,
    ),
    st.sampled_from([0.01, 0.05, 0.1]),
)
def test_family_max_holds_every_family_to_the_rate(
    pairs: list[tuple[str, float]], fpr: float
) -> None:
    """A threshold read off ``_family_max`` at ``fpr`` flags at most about ``fpr`` of each
    family of 50 or more prompts (quantile grid of 1,000: one grid step of slack)."""
    import numpy as np
    import train_prompt_guard as tpg

    families = [f for f, _ in pairs]
    scores = np.array([s for _, s in pairs])
    big = {f.split(":")[0] for f in families if families.count(f) >= 50}
    if not big:
        return
    calib = tpg._family_max(scores, families)
    cut = np.quantile(calib, 1 - fpr, method="higher")
    for fam in big:
        mine = scores[[f.split(":")[0] == fam for f in families]]
        flagged = float((mine > cut).mean())
        assert flagged <= fpr + 1 / len(mine) + 1e-3
