"""The pickle interpreter's two builds: the mypyc-compiled modules and the same modules as Python.

``pip install`` compiles ``hauberk/supplychain/_pickle_{ops,values,literals,calls,vm}.py`` when a
C compiler exists (``setup.py``); both builds must read every stream the same way: the same
globals, calls, findings, errors and limits, at the same offsets. Generated pickles (every
protocol, then mutated and truncated) and the bench corpus go through both here; with the
compiled build running, ``tests/conftest.py`` also runs every stream any other test analyses
through both. The comparison is skipped, saying why, only where no compiled build exists.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.supplychain.corpus_loader import corpus
from tests.supplychain.pickle_canon import analysis, both_builds_agree

from hauberk.supplychain import _pickle, _pickle_ops
from hauberk.supplychain._limits import ScanLimits

PURE = _pickle.implementation(pure=True)
FAST = _pickle.implementation(pure=False)
needs_compiled = pytest.mark.skipif(
    FAST is None,
    reason=f"no compiled pickle interpreter to compare with ({_pickle.BUILD}); "
    "`pip install -e .` with a C compiler builds one",
)
REQUIRE = os.environ.get("HAUBERK_REQUIRE_COMPILED_PICKLE") == "1"


def run(impl: Any, data: bytes, **options: Any) -> Any:
    return impl.Interpreter(data, **options).run()


def agree(data: bytes, **options: Any) -> Any:
    """Both builds on ``data`` (each successive pickle, as analyse_all reads them)."""
    assert FAST is not None and PURE is not None
    start = 0
    for _ in range(8):
        fast = run(FAST, data, start=start, **options)
        both_builds_agree(fast, run(PURE, data, start=start, **options))
        if not fast.stopped or fast.error or fast.limit_hit or fast.end >= len(data):
            return
        start = fast.end


def test_every_opcode_has_one_handler() -> None:
    """The opcode table is complete: each opcode is run inline or by exactly one family."""
    families = [op for ops in _pickle_ops.FAMILIES.values() for op in ops]
    assert len(families) == len(set(families))
    assert not set(families) & _pickle_ops.HOT
    assert set(families) | _pickle_ops.HOT == _pickle_ops.OPCODE_BYTES
    assert PURE is not None
    table = PURE._TABLE
    for family, ops in _pickle_ops.FAMILIES.items():
        for op in ops:
            assert table[op] is getattr(PURE.Interpreter, f"_op_{family}")
    for op in set(range(256)) - set(families):
        assert table[op] is PURE.Interpreter._op_invalid


def test_pure_build_is_python_and_compiled_build_is_native() -> None:
    assert PURE is not None and str(PURE.__file__).endswith(".py")
    if FAST is not None:
        assert not str(FAST.__file__).endswith(".py"), FAST.__file__
    if REQUIRE:  # set by .ci/run where a C compiler exists
        assert _pickle.COMPILED, _pickle.BUILD


def test_pure_env_var_runs_python(tmp_path: Path) -> None:
    code = "from hauberk.supplychain import _pickle as p; print(p.COMPILED, p.BUILD)"
    env = {**os.environ, "HAUBERK_PURE_PICKLE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("False pure Python"), out


_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.binary(max_size=12)
    | st.builds(bytearray, st.binary(max_size=4))
)
_hashable = st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.binary(max_size=6)
objects = st.recursive(
    _leaf,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_hashable, inner, max_size=5)
        | st.sets(_hashable, max_size=4)
        | st.frozensets(_hashable, max_size=4)
    ),
    max_leaves=30,
)
#: (kind, where, byte): overwrite, insert, delete one byte, or cut the stream there.
edits = st.lists(
    st.tuples(
        st.sampled_from(["set", "insert", "delete", "cut"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    max_size=3,
)
limits = st.sampled_from(
    [
        None,
        ScanLimits(max_opcodes=100),
        ScanLimits(max_memo=10),
        ScanLimits(max_depth=4),
    ]
)


def mutate(data: bytes, changes: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, byte in changes:
        i = where % (len(out) + 1)
        if kind == "set" and i < len(out):
            out[i] = byte
        elif kind == "insert":
            out.insert(i, byte)
        elif kind == "delete" and i < len(out):
            del out[i]
        elif kind == "cut":
            del out[i:]
    return bytes(out)


@needs_compiled
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(objects, st.integers(0, pickle.HIGHEST_PROTOCOL), edits, limits)
def test_generated_pickles_read_the_same(
    obj: object, protocol: int, changes: list[tuple[str, int, int]], limit: ScanLimits | None
) -> None:
    data = pickle.dumps(obj, protocol=protocol)
    if not changes and limit is None:
        assert FAST is not None
        result = run(FAST, data)
        assert result.stopped and not result.error and not result.limit_hit, result.error
        assert result.end == len(data)
    agree(mutate(data, changes), limits=limit)


@needs_compiled
def test_bench_corpus_streams_read_the_same() -> None:
    gen = corpus()
    streams = list(gen.payloads().values()) + [s for s, _ in gen.redteam2().values()]
    assert len(streams) > 50
    for data in streams:
        agree(data)
        for cut in (1, len(data) // 2, len(data) - 1):
            agree(data[:cut])


def _scan_script(folder: Path) -> str:
    return (
        "import json, sys\n"
        "from hauberk.supplychain import scan, _pickle\n"
        f"report = scan([{str(folder)!r}])\n"
        "rows = [[f.id, str(f.severity), f.target, f.detail, repr(f.evidence)]\n"
        "        for s in report.files for f in s.findings]\n"
        "print(json.dumps({'build': _pickle.BUILD, 'rows': rows, 'errors': report.errors}))\n"
    )


@needs_compiled
def test_scan_findings_are_the_same_with_the_pure_build(tmp_path: Path) -> None:
    """``HAUBERK_PURE_PICKLE=1`` makes ``hauberk scan`` report exactly the same findings."""
    gen = corpus()
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in gen.payloads().items():
        (folder / f"{name}.pkl").write_bytes(data)
    for name, (data, _) in gen.redteam2().items():
        (folder / f"{name}.pkl").write_bytes(data)
    outputs = []
    for pure in ("0", "1"):
        env = {**os.environ, "HAUBERK_PURE_PICKLE": pure}
        done = subprocess.run(
            [sys.executable, "-c", _scan_script(folder)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(json.loads(done.stdout))
    compiled, pure_run = outputs
    assert compiled["build"].startswith("compiled") and pure_run["build"].startswith("pure")
    assert len(compiled["rows"]) > 50
    assert compiled["rows"] == pure_run["rows"]
    assert compiled["errors"] == pure_run["errors"]


def test_canonical_form_sees_every_difference() -> None:
    """The comparison is not vacuous: analyses that differ in any way compare unequal."""
    assert PURE is not None
    base = run(PURE, b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00idq\x00\x85R.")
    assert analysis(base) == analysis(
        run(PURE, b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00idq\x00\x85R.")
    )
    for other in (
        b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00ihq\x00\x85R.",
        b"\x80\x02N.",
        b"\x80\x02",
    ):
        with pytest.raises(AssertionError):
            both_builds_agree(base, run(PURE, other))
