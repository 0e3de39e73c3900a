"""Red team round 2 (issue 12): streams CPython accepts that stopped the interpreter.

Integer literals only one of CPython's unpicklers parses (``-0x1`` through ``int(x, 0)``,
``5\\0junk`` through the C unpickler's ``strtol``, ``7\\0L`` for LONG), SETITEM on a list,
APPENDS and ADDITEMS with an empty mark on objects without ``extend``/``add`` (the C
unpickler does nothing), APPEND on a bytearray, and a protocol-0 stream whose payload sits
behind 80 KB of harmless opcodes (no PROTO header to sniff). The payload follows the unusual
part; the interpreter must read on to it. The differential fuzz test in
``tests/supplychain/test_pickle_differential.py`` covers the general case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus
from tests.supplychain.pickle_audit import reached

from hauberk.core import Severity
from hauberk.supplychain import scan
from hauberk.supplychain._pickle import analyse

GADGETS = corpus().redteam2()
NAMES = [
    "rt2_int_negative_hex",
    "rt2_int_nul_suffix",
    "rt2_long_nul_suffix",
    "rt2_setitem_on_list",
    "rt2_empty_appends_on_int",
    "rt2_empty_additems_on_none",
    "rt2_append_to_bytearray",
    "rt2_long_prefix_no_proto",
]


@pytest.mark.parametrize("name", NAMES)
def test_cpython_runs_the_payload(name: str) -> None:
    data, target = GADGETS[name]
    assert target in reached(data)


@pytest.mark.parametrize("name", NAMES)
def test_interpreter_reads_to_stop_and_flags_the_payload(tmp_path: Path, name: str) -> None:
    data, target = GADGETS[name]
    result = analyse(data)
    assert result.stopped and not result.error, result.error
    assert result.globals[target].severity is Severity.CRITICAL
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    report = scan([path])
    assert report.worst is Severity.CRITICAL
    assert report.files[0].format == "pickle"
