"""Bypass: the callable or its name travels through the memo (picklescan < 0.0.25 class;
JFrog 2025 "memo" variants). STACK_GLOBAL takes module and name from BINGET, and REDUCE
calls a global stored with BINPUT many opcodes earlier."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


@pytest.mark.parametrize("name", ["memo_stack_global", "memo_global_put_get"])
def test_memo_indirection_is_resolved(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.pkl"
    path.write_bytes(gen.payloads()[name])
    report = scan([path])
    hit = [f for f in report.findings if f.evidence.get("global") == "os.system"]
    assert hit and hit[0].severity is Severity.CRITICAL
    assert hit[0].evidence["calls"] == 1
