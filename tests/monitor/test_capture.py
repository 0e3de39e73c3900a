"""The encrypted capture store (rotation, retention, tamper detection), the streaming window
statistics (against the batch PSI), and the Prometheus rules file."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import hauberk
from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.monitor import _capture, psi
from hauberk.monitor._capture import (
    HEADER_BYTES,
    CaptureWriter,
    encode_record,
    is_capture_store,
    read_capture,
)
from hauberk.monitor._prometheus import alert_rules, check_rules, to_yaml
from hauberk.monitor._window import WindowedPSI, WindowedRate

KEY = secrets.token_bytes(32)
SRC = Path(hauberk.__file__).resolve().parents[1]


def _write(path: Path, batches: int, rows: int = 10, **kw: int) -> CaptureWriter:
    w = CaptureWriter(path, KEY, **kw)
    t0 = 1_700_000_000.0
    for b in range(batches):
        t = [t0 + b * rows + i for i in range(rows)]
        w.write(t, {"f0": [float(b)] * rows, "label": ["a"] * rows})
    return w


def test_round_trip_with_windows(tmp_path: Path) -> None:
    w = _write(tmp_path / "s", 5)
    w.close()
    assert is_capture_store(tmp_path / "s") and not is_capture_store(tmp_path)
    got = read_capture(tmp_path / "s", KEY)
    assert len(got.times) == 50 and got.open_tails == 0
    assert got.columns["f0"][::10] == [0.0, 1.0, 2.0, 3.0, 4.0]
    part = read_capture(tmp_path / "s", KEY, since=1_700_000_010.0, until=1_700_000_020.0)
    assert part.columns["f0"] == [1.0] * 10
    assert part.batch("x").rows == 10


def test_an_open_segment_is_read_and_counted(tmp_path: Path) -> None:
    w = _write(tmp_path / "s", 2)  # not closed: the writer is still running
    got = read_capture(tmp_path / "s", KEY)
    assert len(got.times) == 20 and got.open_tails == 1
    w.close()


def test_rotation_and_retention(tmp_path: Path) -> None:
    w = _write(tmp_path / "s", 60, rows=20, max_segment_bytes=2048, max_store_bytes=6000)
    w.close()
    segments = sorted((tmp_path / "s").glob("seg-*.hbcap"))
    assert len(segments) >= 2 and w.deleted_segments > 0
    assert sum(p.stat().st_size for p in segments) <= 6000 + 2048
    got = read_capture(tmp_path / "s", KEY)
    assert got.columns["f0"][-1] == 59.0  # the newest rows are kept, the oldest went
    assert got.columns["f0"][0] > 0.0


@pytest.mark.parametrize("how", ["flip", "cut_closed", "append", "swap"])
def test_tampering_is_detected(tmp_path: Path, how: str) -> None:
    _write(tmp_path / "s", 3).close()
    seg = next((tmp_path / "s").glob("seg-*.hbcap"))
    data = bytearray(seg.read_bytes())
    if how == "flip":
        data[60] ^= 1
    elif how == "cut_closed":
        # drop the closing record: the segment now looks open (one open tail reported)
        data = data[: len(data) - (4 + 16)]
    elif how == "append":
        data += data[50:120]
    else:
        hdr = HEADER_BYTES
        first = int.from_bytes(data[hdr : hdr + 4], "big") + 4
        second = int.from_bytes(data[hdr + first : hdr + first + 4], "big") + 4
        data = (
            data[:hdr]
            + data[hdr + first : hdr + first + second]
            + data[hdr : hdr + first]
            + (data[hdr + first + second :])
        )
    seg.write_bytes(bytes(data))
    if how == "cut_closed":
        assert read_capture(tmp_path / "s", KEY).open_tails == 1
        return
    with pytest.raises((VerificationError, InputError)):
        read_capture(tmp_path / "s", KEY)


def test_bad_keys_and_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="32 bytes"):
        CaptureWriter(tmp_path / "s", b"short")
    with pytest.raises(ConfigError, match="max_store_bytes"):
        CaptureWriter(tmp_path / "s", KEY, max_segment_bytes=4096, max_store_bytes=2048)
    with pytest.raises(InputError, match="no capture segments"):
        read_capture(tmp_path, KEY)
    w = CaptureWriter(tmp_path / "s", KEY)
    with pytest.raises(InputError, match="values for"):
        w.write([1.0, 2.0], {"f0": [1.0]})
    w.close()


def test_segments_are_private_files(tmp_path: Path) -> None:
    _write(tmp_path / "s", 1).close()
    seg = next((tmp_path / "s").glob("seg-*.hbcap"))
    assert seg.stat().st_mode & 0o077 == 0
    assert b"label" not in seg.read_bytes()


def test_numeric_arrays_are_stored_binary_and_read_back_as_arrays(tmp_path: Path) -> None:
    w = CaptureWriter(tmp_path / "s", KEY)
    x = np.random.default_rng(0).normal(size=300)
    x[5] = np.nan
    w.write(np.arange(300.0), {"f0": x, "label": ["a"] * 300, "m": [None] * 300})
    w.close()
    got = read_capture(tmp_path / "s", KEY, since=10.0)
    assert isinstance(got.columns["f0"], np.ndarray)
    np.testing.assert_array_equal(got.columns["f0"], x[10:])
    assert got.columns["label"] == ["a"] * 290 and got.columns["m"] == [None] * 290
    batch = got.batch("s")
    assert batch.rows == 290 and np.isnan(batch.columns["m"]).all()


def test_version_1_segments_are_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores written before the binary records (segment version 1, JSON records) stay
    readable, and one store may hold segments of both versions."""

    def json_record(times: list[float], columns: dict[str, list[float]]) -> bytes:
        body = {"t": list(times), "columns": {k: list(v) for k, v in columns.items()}}
        return json.dumps(body).encode()

    monkeypatch.setattr(_capture, "VERSION", 1)
    monkeypatch.setattr(_capture, "encode_record", json_record)
    _write(tmp_path / "s", 2).close()
    monkeypatch.undo()
    w = CaptureWriter(tmp_path / "s", KEY)
    w.write([1_800_000_000.0], {"f0": np.array([7.0]), "label": ["b"]})
    w.close()
    versions = sorted(p.read_bytes()[5] for p in (tmp_path / "s").glob("seg-*.hbcap"))
    assert versions == [1, 2]
    got = read_capture(tmp_path / "s", KEY)
    assert len(got.times) == 21 and got.columns["f0"][-1] == 7.0
    assert got.columns["label"][-1] == "b"


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r[:-3],  # a column cut short
        lambda r: r + b"x",  # bytes after the last column
        lambda r: r[:4] + r[4:].replace(b'"f8"', b'"zz"', 1),  # unknown kind
        lambda r: r[:4] + r[4:].replace(b'"rows":3', b'"rows":9', 1),  # more rows than bytes
        lambda r: b"\xff\xff\xff\xff" + r[4:],  # header length past the end
    ],
)
def test_a_malformed_binary_record_is_an_input_error(tmp_path: Path, damage: Any) -> None:
    """Records are authenticated, so only a key holder can write a bad one; the reader still
    checks every length against the bytes there (a bug or a hostile key holder)."""
    record = encode_record([1.0, 2.0, 3.0], {"f0": np.array([1.0, 2.0, 3.0]), "l": ["a"] * 3})
    w = CaptureWriter(tmp_path / "s", KEY)
    w.write([0.0], {"f0": np.array([0.0]), "l": ["a"]})  # opens the segment
    w._seal(damage(record), last=False)
    w.close()
    with pytest.raises(InputError, match="not a capture record"):
        read_capture(tmp_path / "s", KEY)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 40),
    numeric=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=40, max_size=40),
    text=st.lists(st.one_of(st.none(), st.text(max_size=8)), min_size=40, max_size=40),
)
def test_record_encoding_round_trips(rows: int, numeric: list[float], text: list[Any]) -> None:
    times = np.arange(rows, dtype=np.float64)
    cols = {"x": np.array(numeric[:rows]), "s": text[:rows]}
    t, got = _capture._decode_v2(encode_record(times, cols))
    np.testing.assert_array_equal(t, times)
    np.testing.assert_array_equal(got["x"], cols["x"])
    assert got["s"] == cols["s"]


@settings(max_examples=40, deadline=None)
@given(
    shift=st.floats(-2, 2),
    chunks=st.lists(st.integers(1, 60), min_size=1, max_size=12),
    seed=st.integers(0, 1000),
)
def test_windowed_psi_equals_batch_psi_of_the_window(
    shift: float, chunks: list[int], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    ref = rng.normal(size=(500, 3))
    w = WindowedPSI(ref, bins=10, window=100, min_rows=1)
    seen = []
    for n in chunks:
        x = rng.normal(shift, 1, size=(n, 3))
        w.update(x)
        seen.append(x)
    # the window holds the newest updates whose total minus the oldest is below 100 rows
    kept: list[np.ndarray] = []
    total = 0
    for x in reversed(seen):
        kept.insert(0, x)
        total += len(x)
        if total >= 100:
            break
    cur = np.concatenate(kept)
    assert w.rows == len(cur)
    edges = w.edges
    for j in range(3):
        ref_p = np.bincount(np.searchsorted(edges[j], ref[:, j], side="right"), minlength=10)
        cur_p = np.bincount(np.searchsorted(edges[j], cur[:, j], side="right"), minlength=10)
        expected = psi(ref_p / ref_p.sum(), cur_p / cur_p.sum())
        assert w.psi()[j] == pytest.approx(float(expected), rel=1e-9, abs=1e-12)


def test_windowed_psi_says_nothing_on_too_few_rows() -> None:
    w = WindowedPSI(np.zeros((100, 2)) + np.arange(100)[:, None], min_rows=50, window=100)
    w.update(np.ones((49, 2)))
    assert np.isnan(w.psi()).all()
    w.update(np.ones((1, 2)))
    assert (w.psi() > 1).all()
    with pytest.raises(InputError, match="features"):
        w.update(np.ones((3, 5)))


def test_windowed_rate_slides() -> None:
    r = WindowedRate(window=10)
    assert r.rate() is None
    r.add(True, 5)
    r.add(False, 5)
    rate = r.rate()
    assert rate is not None and rate.value == 0.5 and rate.n == 10
    r.add(False, 5)
    rate = r.rate()
    assert rate is not None and rate.value == 0.0 and rate.high < 0.35


def test_rules_file_loads_as_yaml_and_is_well_formed(tmp_path: Path) -> None:
    doc = alert_rules(psi_threshold=0.3, job="gw")
    loaded = yaml.safe_load(to_yaml(doc))
    assert loaded == doc
    assert check_rules(loaded) == []
    names = [r["alert"] for r in loaded["groups"][0]["rules"]]
    assert "HauberkFeatureDrift" in names and "HauberkGatewayDown" in names
    assert 'job="gw"' in loaded["groups"][0]["rules"][0]["expr"]
    assert "> 0.3" in loaded["groups"][0]["rules"][0]["expr"]
    broken = {"groups": [{"name": "g", "rules": [{"alert": "bad name", "expr": "(", "for": "x"}]}]}
    assert len(check_rules(broken)) == 3
    assert check_rules({"groups": "x"})


def test_rules_command_writes_the_file(tmp_path: Path) -> None:
    (tmp_path / "serve.toml").write_text("[drift]\nreference = 'r.npz'\nthreshold = 0.4\n")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    res = subprocess.run(
        [sys.executable, "-m", "hauberk", "monitor", "rules", "-o", "rules.yml",
         "--config", "serve.toml", "--job", "gw"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    loaded = yaml.safe_load((tmp_path / "rules.yml").read_text())
    assert check_rules(loaded) == []
    assert "> 0.4" in loaded["groups"][0]["rules"][0]["expr"]
