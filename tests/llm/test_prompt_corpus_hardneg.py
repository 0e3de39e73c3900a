"""Round 18's benign hard negatives (``tools/_prompt_corpus_hardneg.py``): composed from
parts, every slot filled, training and calibration from different templates."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _prompt_corpus_hardneg as hardneg  # noqa: E402


@pytest.mark.parametrize("split", ["train", "calibration"])
def test_texts_are_distinct_filled_and_seeded(split: str) -> None:
    texts = hardneg.hard_negatives(800, 5, split)
    assert len(texts) == 800
    assert len({t for t, _ in texts}) == 800
    assert texts == hardneg.hard_negatives(800, 5, split)
    for text, family in texts:
        # the code templates write f-string and dict braces; no slot is left unfilled
        assert not re.search(r"\{(?!user_input\}|'role')", text), text
        assert family.startswith("hardneg:")
        assert text[0].isupper() or family.startswith("hardneg:code"), text


def test_training_and_calibration_use_different_templates() -> None:
    train = {f for _, f in hardneg.hard_negatives(600, 1, "train")}
    calibration = {f for _, f in hardneg.hard_negatives(600, 1, "calibration")}
    assert train and calibration
    assert not train & calibration
    assert train | calibration == {f"hardneg:{name}" for name in hardneg.TEMPLATES}


def test_code_keeps_its_literal_braces() -> None:
    texts = [t for t, f in hardneg.hard_negatives(600, 2, "train") if f == "hardneg:code"]
    assert any("f'Answer briefly: {user_input}'" in t for t in texts)
    assert any("[{'role': 'system', 'content': " in t for t in texts)


@given(st.integers(0, 2**32 - 1))
def test_every_slot_of_every_template_fills(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for template in hardneg.TEMPLATES.values():
        text = hardneg._fill(template, rng)
        assert not re.search(r"\{\w+\}", text.replace("{user_input}", "")), text
