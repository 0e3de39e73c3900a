"""Bypass: an outer pickle that only calls pickle.loads on embedded bytes; scanners that do
not look inside the bytes see one "loads" call at most (fickling/picklescan gap)."""

from __future__ import annotations

from pathlib import Path

from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


def test_nested_payload_is_scanned(tmp_path: Path) -> None:
    path = tmp_path / "outer.pkl"
    path.write_bytes(gen.payloads()["nested_pickle_loads"])
    report = scan([path])
    assert "HB-SC-PICKLE-NESTED" in {f.id for f in report.findings}
    inner = [s for s in report.files if "pickle.loads" in s.path]
    assert inner and inner[0].worst is Severity.CRITICAL
    assert any(f.evidence.get("global") == "os.system" for f in inner[0].findings)
