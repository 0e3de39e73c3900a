"""Bypass: protocol 4 resolves dotted names attribute by attribute, so an allowlisted module
reaches os through its own imports (``torch`` + ``serialization.os.system``); scanners that
match ``module`` and ``name`` against lists without walking the dots miss it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


@pytest.mark.parametrize(
    "name",
    [
        "dotted_torch_serialization_os",
        "dotted_builtins_dunder",
        "dotted_numpy_testing_subprocess",
        "bdb_dotted",
    ],
)
def test_dotted_name_reaching_danger_is_critical(tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()[name])
    assert scan([path]).worst is Severity.CRITICAL
