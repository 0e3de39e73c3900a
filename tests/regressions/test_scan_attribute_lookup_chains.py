"""Bypass: reach os.system without naming it in a GLOBAL, through importlib.import_module,
inspect.getattr_static, pkgutil.resolve_name, operator.attrgetter/methodcaller, getattr on
__import__, functools.partial and numpy's _ufunc_reconstruct (picklescan/modelscan
denylist gaps, 2024-2025 advisories)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()
CHAINS = [
    "getattr_import_chain",
    "importlib_import_module",
    "inspect_getattr_static",
    "pkgutil_resolve_name",
    "operator_attrgetter",
    "operator_methodcaller",
    "functools_partial",
    "numpy_ufunc_reconstruct",
]


@pytest.mark.parametrize("name", CHAINS)
def test_chain_is_critical(tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()[name])
    assert scan([path]).worst is Severity.CRITICAL


def test_resolved_targets_are_named(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(gen.payloads()["pkgutil_resolve_name"])
    names = {f.evidence.get("global") for f in scan([path]).findings}
    assert "os.system" in names  # the resolver's target, not only the resolver


def test_benign_ufunc_reconstruct_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "u.pkl"
    path.write_bytes(
        gen.pickle_of(
            gen.call("numpy.core", "_ufunc_reconstruct", gen.bstr("numpy"), gen.bstr("log1p"))
        )
    )
    assert scan([path]).worst is None
