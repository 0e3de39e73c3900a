"""``bench/llm_sets.py``'s numbers: recall at exactly 1% FPR and the flags a change moves."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from llm_sets import _set_order, flag_moves, recall_at_one_percent


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=100, max_size=400, unique=True))
def test_the_cut_flags_exactly_one_percent_of_distinct_benign_scores(benign):
    # attacks scored as the benign rows are: recall is then the benign rows' flagged share
    scores = np.array([*benign, *benign])
    labels = np.array([0] * len(benign) + [1] * len(benign))
    recall = recall_at_one_percent(scores, labels, labels == 0)
    assert recall == (len(benign) // 100) / len(benign)


def test_recall_counts_attacks_above_the_cut():
    benign = np.arange(200) / 200  # the cut sits just above 0.985: 0.99 and 0.995 pass it
    scores = np.concatenate([benign, [0.5, 0.992, 0.999, 1.0]])
    labels = np.array([0] * 200 + [1] * 4)
    assert recall_at_one_percent(scores, labels, labels == 0) == 0.75  # 0.992, 0.999 and 1.0


def test_too_few_benign_rows_give_no_number():
    scores, labels = np.zeros(60), np.array([0] * 50 + [1] * 10)
    assert np.isnan(recall_at_one_percent(scores, labels, labels == 0))


def test_flag_moves_counts_each_label_apart():
    labels = np.array([1, 1, 0, 0, 0])
    before = np.array([True, False, True, False, False])
    after = np.array([False, True, True, True, True])
    assert flag_moves(labels, before, after) == "attacks +1 -1, benign +2 -0"


def test_sets_are_ordered_by_number():
    names = ["heldout_10", "heldout_fresh", "heldout", "heldout_3", "heldout_17"]
    ordered = sorted((Path(f"{n}.jsonl") for n in names), key=_set_order)
    assert [p.stem for p in ordered] == ["heldout", "heldout_3", "heldout_10", "heldout_17",
                                         "heldout_fresh"]  # fmt: skip
