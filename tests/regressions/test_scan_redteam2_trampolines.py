"""Red team round 2 (issue 12): allowed callables that call what they are handed.

``list``/``tuple``/``set`` draining a lazy ``itertools.starmap`` or ``map`` (also with two
iterables), a ``functools.partial`` that is called, a partial whose ``__setstate__`` swaps the
function after construction, ``copyreg._reconstructor`` running its *base*'s ``__init__``, and
a starmap over a memoised list that is filled only after the starmap was built. A trampoline
is judged by the worst callable that flows into it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus
from tests.supplychain.pickle_audit import reached

from hauberk.core import Severity
from hauberk.supplychain import scan

GADGETS = corpus().redteam2()
NAMES = [
    "rt2_list_drains_starmap",
    "rt2_tuple_drains_map_two_iterables",
    "rt2_called_partial",
    "rt2_partial_setstate_swaps_function",
    "rt2_reconstructor_base_init",
    "rt2_starmap_list_filled_after_call",
    "rt2_map_to_pipepager",
]


def _findings(tmp_path: Path, data: bytes) -> dict[str, Severity]:
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    report = scan([path])
    assert not report.errors, report.errors
    return {str(f.evidence.get("global")): f.severity for f in report.findings}


@pytest.mark.parametrize("name", NAMES)
def test_cpython_reaches_the_handed_callable(name: str) -> None:
    data, target = GADGETS[name]
    assert target in reached(data)


@pytest.mark.parametrize("name", NAMES)
def test_handed_callable_fails_the_scan(tmp_path: Path, name: str) -> None:
    data, target = GADGETS[name]
    found = _findings(tmp_path, data)
    assert found.get(target, Severity.INFO) >= Severity.HIGH, found


def test_trampoline_takes_the_severity_of_what_it_receives(tmp_path: Path) -> None:
    found = _findings(tmp_path, GADGETS["rt2_map_to_pipepager"][0])
    assert found["builtins.map"] is Severity.CRITICAL  # receives pydoc.pipepager
    assert found["builtins.set"] is Severity.CRITICAL  # drains the map
    found = _findings(tmp_path, GADGETS["rt2_list_drains_starmap"][0])
    assert found["itertools.starmap"] is Severity.HIGH
    assert found["builtins.list"] is Severity.HIGH


def test_trampolines_handed_allowed_callables_are_clean(tmp_path: Path) -> None:
    gen = corpus()
    data = gen.pickle_of(
        gen.call(
            "builtins",
            "list",
            gen.call("builtins", "map", gen.glob("builtins", "str"), b"]" + gen.MARK + b"K\x01e"),
        )
        + gen.call("functools", "partial", gen.glob("numpy", "log1p"))
        + gen.TUPLE2
    )
    assert _findings(tmp_path, data) == {}


def test_trampoline_calling_an_object_built_at_load_time_is_high(tmp_path: Path) -> None:
    """``map(<nn.Module whose state sets forward=gzip.open>, paths)``: the module's
    ``__call__`` runs ``forward``, an unknown callable handed over as plain state."""
    gen = corpus()
    module = (
        gen.call("copyreg", "_reconstructor", gen.glob("torch.nn.modules.linear", "Identity"),
                 gen.glob("builtins", "object"), b"N")
        + gen.EMPTY_DICT + gen.bstr("forward") + gen.glob("gzip", "open") + gen.SETITEM
        + gen.BUILD
    )  # fmt: skip
    data = gen.pickle_of(gen.call("builtins", "list", gen.call("builtins", "map", module, b"]")))
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    report = scan([path])
    assert report.worst is not None and report.worst >= Severity.HIGH
    assert "HB-SC-PICKLE-DYNAMIC" in {f.id for f in report.findings}
