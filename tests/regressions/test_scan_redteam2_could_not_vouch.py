"""Red team round 2 (issue 12): a payload after the scanner's work limit got only a medium
``HB-SC-LIMIT``, and a malformed stream only a medium ``HB-SC-PICKLE-MALFORMED``.

Both mean "could not vouch": high, so ``hauberk scan`` fails at the default ``--fail-on
high``, and the findings made before the stop are kept.
"""

from __future__ import annotations

from pathlib import Path

from tests.supplychain.corpus_loader import corpus
from typer.testing import CliRunner

from hauberk.core import Severity
from hauberk.supplychain import ScanLimits, scan

gen = corpus()
PAYLOAD = gen.call("os", "system", gen.bstr(gen.SHELL))


def test_payload_after_the_opcode_limit_fails_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.pickle_of(b"N0" * 2_000 + PAYLOAD))
    report = scan([path], limits=ScanLimits(max_opcodes=1_000))
    limit = [f for f in report.findings if f.id == "HB-SC-LIMIT"]
    assert limit and limit[0].severity is Severity.HIGH
    assert report.worst is Severity.HIGH


def test_cli_exits_non_zero_when_the_limit_is_hit(tmp_path: Path) -> None:
    from hauberk.cli import app

    path = tmp_path / "m.pkl"
    path.write_bytes(gen.pickle_of(b"N0" * 40_000 + PAYLOAD))
    # the default budget reads it all: critical
    assert CliRunner().invoke(app, ["scan", str(path)]).exit_code == 1


def test_findings_before_a_limit_or_an_error_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.pickle_of(PAYLOAD + b"0" + b"N0" * 2_000))
    report = scan([path], limits=ScanLimits(max_opcodes=1_000))
    ids = {f.id for f in report.findings}
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-LIMIT"} <= ids
    path.write_bytes(gen.proto(2) + gen.glob("gzip", "open") + b"\xff")
    report = scan([path])
    found = {f.id: f.severity for f in report.findings}
    assert found["HB-SC-PICKLE-MALFORMED"] is Severity.HIGH
    assert found["HB-SC-PICKLE-UNKNOWN"] is Severity.MEDIUM


def test_malformed_stream_without_calls_is_high(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(b"\x80\x02]K\x01")  # truncated: no STOP
    report = scan([path])
    assert report.worst is Severity.HIGH
