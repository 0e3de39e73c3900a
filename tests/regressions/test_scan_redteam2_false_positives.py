"""Red team round 2 (issue 12): ordinary checkpoints flagged critical.

A checkpoint holding a ``types.SimpleNamespace`` (``types`` is a critical module: only this
exact class is allowed, with its argument check), a timezone-aware ``datetime`` (fixed-offset
``timezone``, ``timezone.utc``, ``zoneinfo.ZoneInfo``, which protocols 0-5 spell
``getattr(ZoneInfo, "_unpickle")``), and other ordinary values of our own choosing must scan
clean under every protocol, raw and inside ``torch.save``; the same allowed callables with
arguments outside what they were reviewed for must not.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import decimal
import fractions
import functools
import pathlib
import pickle
import types
import zoneinfo
from pathlib import Path

import numpy as np
import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VALUES: dict[str, object] = {
    "simple_namespace": types.SimpleNamespace(lr=0.1, betas=(0.9, 0.99), name="adam"),
    "datetime_fixed_offset": datetime.datetime(
        2024, 5, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=2), "CEST")
    ),
    "datetime_utc": datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
    "datetime_zoneinfo": datetime.datetime(2024, 5, 1, tzinfo=PARIS),
    "time_zoneinfo": datetime.time(9, 30, tzinfo=PARIS),
    "argparse_namespace": argparse.Namespace(epochs=3, out=pathlib.PurePosixPath("/tmp/run")),
    "defaultdict_list": collections.defaultdict(list, {"a": [1]}),
    "numbers": [decimal.Decimal("1.5"), fractions.Fraction(1, 3), complex(1, 2), range(3)],
    "partial_of_ufunc": functools.partial(np.log1p),
    "numpy_generator": np.random.default_rng(0),
}


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("name", sorted(VALUES))
def test_ordinary_values_scan_clean(tmp_path: Path, name: str, protocol: int) -> None:
    path = tmp_path / "v.pkl"
    path.write_bytes(pickle.dumps({"meta": VALUES[name], "step": 7}, protocol=protocol))
    report = scan([path])
    assert report.worst is None, [(f.id, f.severity, f.detail) for f in report.findings]


def test_torch_checkpoint_with_namespace_and_aware_datetime_is_clean(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    path = tmp_path / "ckpt.pt"
    torch.save(
        {
            "model": torch.nn.Linear(2, 2).state_dict(),
            "args": VALUES["simple_namespace"],
            "saved_at": VALUES["datetime_zoneinfo"],
            "utc": VALUES["datetime_utc"],
        },
        path,
    )
    report = scan([path])
    assert report.worst is None, [(f.id, f.detail) for f in report.findings]


gen = corpus()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # SimpleNamespace is allowed as pickle writes it: no positional arguments
        (gen.pickle_of(gen.call("types", "SimpleNamespace", gen.bstr("x"))), Severity.HIGH),
        # codecs.encode spelling module names at load time (rot13 'bf' -> 'os')
        (gen.pickle_of(gen.call("_codecs", "encode", gen.bstr("bf"), gen.bstr("rot13"))),
         Severity.HIGH),
        # a zoneinfo key that climbs out of the tz database
        (gen.pickle_of(gen.call("zoneinfo", "ZoneInfo", gen.bstr("../../../etc/passwd"))),
         Severity.HIGH),
        # getattr on an allowed class reaching a name that is not allowed
        (gen.pickle_of(gen.call("builtins", "getattr", gen.glob("zoneinfo", "ZoneInfo"),
                                gen.bstr("clear_cache"))),
         Severity.CRITICAL),
        # TorchScript classes: no Python module, a Python unpickler stops there; medium even
        # when called (the TorchScript handler judges the archive's code/ and waives them)
        (gen.pickle_of(gen.call("__torch__.torch.nn.modules.linear", "Linear")),
         Severity.MEDIUM),
        # torch.jit is critical except the identity helpers TorchScript type tags use
        (gen.pickle_of(gen.call("torch.jit._pickle", "restore_type_tag", b"K\x01",
                                gen.bstr("int"))), None),
    ],
)  # fmt: skip
def test_allowed_callables_keep_their_argument_checks(
    tmp_path: Path, data: bytes, expected: Severity | None
) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    assert scan([path]).worst is expected


def test_pandas_objects_scan_clean(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "i": [1, 2, 3],
            "s": ["x", "y", None],
            "c": pd.Categorical(["u", "v", "u"]),
            "t": pd.date_range("2024-01-01", periods=3, tz="Europe/Paris"),
            "p": pd.period_range("2024-01", periods=3, freq="M"),
            "n": pd.array([1, None, 3], dtype="Int64"),
            "f": [1.5, None, 2.5],
        }
    )
    series = pd.Series([1, 2], index=pd.MultiIndex.from_tuples([(1, "a"), (2, "b")]))
    values = [frame, series, pd.RangeIndex(4), pd.interval_range(0, 3), pd.Timedelta("1D")]
    for protocol in (2, 4, 5):
        path = tmp_path / f"p{protocol}.pkl"
        path.write_bytes(pickle.dumps(values, protocol=protocol))
        report = scan([path])
        assert report.worst is None, [(f.id, f.detail) for f in report.findings]
