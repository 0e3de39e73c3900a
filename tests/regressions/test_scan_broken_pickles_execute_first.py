"""Bypass: a stream that calls os.system and then breaks (bad opcode, truncation, stack
underflow). The call has run before the unpickler raises; scanners that give up on a parse
error report nothing (modelscan) or only an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


@pytest.mark.parametrize(
    "name",
    ["broken_after_call_badop", "broken_after_call_truncated", "broken_after_call_underflow"],
)
def test_call_before_failure(tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()[name])
    report = scan([path])
    assert report.worst is Severity.CRITICAL
    malformed = [f for f in report.findings if f.id == "HB-SC-PICKLE-MALFORMED"]
    assert malformed and malformed[0].severity is Severity.HIGH
    assert malformed[0].evidence["calls_before_error"] == 1


def test_trailing_second_pickle(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()["trailing_second_pickle"])
    report = scan([path])
    assert report.worst is Severity.CRITICAL
    assert "HB-SC-PICKLE-TRAILING" in {f.id for f in report.findings}
