"""The bench corpus as a test: every malicious sample flagged, no benign sample flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan


@pytest.mark.slow
def test_corpus_recall_and_false_positives(tmp_path: Path) -> None:
    samples = corpus().build(tmp_path)
    missed, false_pos = [], []
    for sample in samples:
        report = scan([sample.path])
        flagged = report.worst is not None and report.worst >= Severity.MEDIUM
        if sample.malicious and not flagged:
            missed.append(sample.name)
        if not sample.malicious and flagged:
            false_pos.append(sample.name)
        assert not report.errors, report.errors
    assert not missed and not false_pos, (missed, false_pos)
