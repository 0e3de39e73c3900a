"""The detection quality bench/data_pii.py measures holds on a small slice of its corpus
(hauberk only: Presidio is the bench's business, and slow to import)."""

from __future__ import annotations

import sys
from pathlib import Path

from hauberk.data.pii import find

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import data_pii as bench


def test_precision_and_recall_on_the_generated_corpus() -> None:
    gen = bench.Gen(7)
    texts, cells = bench.text_rows(gen, 300), bench.cells(gen, 300)
    inputs = [(t, None) for t, _ in texts] + [(v, c) for c, v, _ in cells]
    golds = [g for _, g in texts] + [g for _, _, g in cells]
    preds = [[(e.type, e.start, e.end, e.score) for e in find(t, column=c)] for t, c in inputs]
    counts = bench.score(preds, golds)
    precision, recall, n = bench.prf(counts, (*bench.SHARED, *bench.ONLY_HAUBERK))
    assert n > 300
    assert recall >= 0.99, dict(counts["fn"])
    assert precision >= 0.95, dict(counts["fp"])
