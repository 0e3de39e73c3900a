"""Bypass: FRAME lengths that lie. CPython's C unpickler reads frames as read-ahead hints,
pickle.py (used by joblib) enforces them; a frame longer than the data, an empty frame in
front of the payload, or an opcode split across frames makes scanners and loaders disagree."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


@pytest.mark.parametrize(
    "name", ["frame_declared_too_long", "frame_zero_then_payload", "frame_split_opcode"]
)
def test_payload_behind_frame_tricks(tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()[name])
    report = scan([path])
    assert report.worst is Severity.CRITICAL
    if name != "frame_zero_then_payload":
        assert "HB-SC-PICKLE-FRAME" in {f.id for f in report.findings}


def test_honest_frames_are_clean(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "ok.pkl"
    path.write_bytes(pickle.dumps({"k": list(range(20000)), "s": "x" * 70000}, protocol=5))
    assert scan([path]).worst is None
