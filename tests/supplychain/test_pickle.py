"""The symbolic pickle interpreter against CPython's own pickles and hand-written streams."""

from __future__ import annotations

import collections
import pickle
import pickletools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hauberk.core import Severity
from hauberk.supplychain._limits import ScanLimits
from hauberk.supplychain._pickle import analyse, analyse_all, looks_like_pickle

BENIGN = [
    {"a": 1, "b": [1.5, 2.5, None, True], "c": ("x", b"y", 2**70, -3)},
    collections.OrderedDict(w=np.arange(6, dtype=np.float32).reshape(2, 3)),
    [set(range(5)), frozenset("ab"), bytearray(b"zz"), complex(1, 2)],
    np.float64(3.0),
    {"self": None},
]


@pytest.mark.parametrize("protocol", range(0, pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("index", range(len(BENIGN)))
def test_cpython_pickles_are_clean_and_end_where_pickletools_ends(
    protocol: int, index: int
) -> None:
    data = pickle.dumps(BENIGN[index], protocol=protocol)
    result = analyse(data)
    assert result.stopped and not result.error, result.error
    assert result.end == len(data)
    assert result.worst is None, [(g.qualname, g.verdict) for g in result.globals.values()]
    # pickletools (used only as an oracle here) counts the same opcodes
    assert result.opcodes == sum(1 for _ in pickletools.genops(data))


def test_self_referencing_structures_do_not_loop() -> None:
    loop: list[object] = []
    loop.append(loop)
    d: dict[str, object] = {}
    d["me"] = d
    for obj in (loop, d):
        result = analyse(pickle.dumps(obj, protocol=4))
        assert result.stopped and result.worst is None


def test_reduce_resolves_callable_through_memo() -> None:
    data = b"\x80\x02cos\nsystem\nq\x050N0h\x05(X\x02\x00\x00\x00lstR."
    result = analyse(data)
    use = result.globals["os.system"]
    assert use.verdict.severity is Severity.CRITICAL
    assert use.calls == 1 and "'ls'" in use.args


def test_truncated_stream_is_an_error_and_counts_calls_before_it() -> None:
    result = analyse(b"\x80\x02cos\nsystem\n(X\x02\x00\x00\x00lstR")
    assert not result.stopped
    assert "ran out of input" in result.error
    assert result.calls == 1


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"\x80\x02X\xff\x00\x00\x00ab.", "declared length"),
        (b"\x80\x02h\x09.", "memo value 9"),
        (b"\x80\x02t.", "MARK"),
        (b"\x80\x02R.", "underflow"),
        (b"\x80\x09N.", "unsupported pickle protocol"),
        (b"\x80\x02\xffN.", "invalid opcode"),
        (b"\x80\x02(K\x01d.", "odd number"),
        (b"\x80\x02}]]s.", "unhashable"),
        (b"\x80\x05\x97.", "out-of-band"),
        (b"\x80\x02T\xff\xff\xff\xff.", "negative"),
    ],
)
def test_streams_the_unpickler_rejects(data: bytes, needle: str) -> None:
    result = analyse(data)
    assert needle in result.error


def test_pickle_py_semantics_pop_on_empty_stack_pops_the_mark() -> None:
    # MARK, POP (pops the mark since the stack above it is empty), NONE, STOP
    result = analyse(b"\x80\x02(0N.")
    assert result.stopped and not result.error


def test_successive_pickles_are_all_read() -> None:
    data = pickle.dumps(1) + pickle.dumps({"a": 2}) + b"\x80\x02cos\nsystem\n."
    results = list(analyse_all(data))
    assert len(results) == 3
    assert "os.system" in results[2].globals


def test_limits_stop_the_interpreter() -> None:
    data = pickle.dumps(list(range(5000)), protocol=2)
    result = analyse(data, limits=ScanLimits(max_opcodes=100))
    assert "opcodes" in result.limit_hit
    deep = b"\x80\x02" + b"(" * 50 + b"N."
    assert "MARK" in analyse(deep, limits=ScanLimits(max_depth=10)).limit_hit


def test_joblib_arrays_are_skipped_not_interpreted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import joblib

    path = tmp_path / "a.joblib"
    joblib.dump({"x": np.arange(1000.0), "o": np.array([{"k": 1}], dtype=object)}, path)
    result = analyse(path.read_bytes())
    assert result.stopped and not result.error
    assert result.joblib_arrays == 2
    assert result.end == path.stat().st_size


def test_sniffing_protocol_zero() -> None:
    assert looks_like_pickle(b"cos\nsystem\n(S'ls'\ntR.")
    assert looks_like_pickle(pickle.dumps({"a": 1}, protocol=0))
    assert not looks_like_pickle(b"# README\nthis is text\n")
    # a harmless protocol-0 pickle, then the payload for a second load()
    assert looks_like_pickle(b"N." + b"cos\nsystem\n(S'ls'\ntR.")
    # a long harmless prefix: the whole sniffing window is valid opcodes
    assert looks_like_pickle(b"N0" * 4096)
    assert not looks_like_pickle(b"K\x01.and then some text")
    assert not looks_like_pickle(b'{"json": true}')


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes_never_crash_or_hang(blob: bytes) -> None:
    result = analyse(b"\x80\x04" + blob, limits=ScanLimits(max_opcodes=5000))
    assert result.error or result.stopped or result.limit_hit


_OPS = st.sampled_from(
    [b"(", b"t", b"R", b"b", b"0", b"2", b"N", b"K\x01", b"\x94", b"h\x00", b"q\x00", b"]",
     b"}", b"s", b"u", b"e", b"a", b"\x81", b"\x93", b"\x85", b"\x8c\x02os", b"\x8c\x06system",
     b"cos\nsystem\n", b"o", b"\x95\x05\x00\x00\x00\x00\x00\x00\x00", b"\x82\x01", b"1", b"."]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_OPS, max_size=60))
def test_fuzz_opcode_soup_never_crashes(ops: list[bytes]) -> None:
    data = b"\x80\x04" + b"".join(ops)
    result = analyse(data, limits=ScanLimits(max_opcodes=5000))
    assert result.end <= len(data)
    # whatever happened, an os.system reference is always reported as critical
    if b"system" in data and "os.system" in result.globals:
        assert result.globals["os.system"].verdict.severity is Severity.CRITICAL


def test_callables_put_into_a_lazy_iterator_s_list_after_the_call_are_seen() -> None:
    # L = [None]; M = starmap(gzip.open, L); L[0] = ("x", "wb") (same length); list(M)
    data = (
        b"\x80\x02]Naq\x01citertools\nstarmap\n(cgzip\nopen\nh\x01tRq\x020"
        b"h\x01K\x00(X\x01\x00\x00\x00xX\x02\x00\x00\x00wbts0cbuiltins\nlist\n(h\x02tR."
    )
    result = analyse(data)
    assert result.stopped and not result.error, result.error
    assert result.globals["gzip.open"].severity is Severity.HIGH


def test_a_big_memoised_list_handed_to_many_calls_is_walked_once() -> None:
    body = b"](" + b"K\x01" * 1000 + b"eq\x01" + b"cbuiltins\nset\n(h\x01tR0" * 3000
    result = analyse(b"\x80\x02" + body + b"N.")
    assert result.stopped and not result.limit_hit and result.worst is None
