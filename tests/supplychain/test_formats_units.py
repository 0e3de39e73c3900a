"""Units behind the format handlers: NumPy headers against NumPy, stream salvage against zlib,
the pickle sniff for tensor storage, the Jinja name folder, statuses and the scan exit code."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._scan import register
from hauberk.supplychain import ScanLimits, scan
from hauberk.supplychain._archive import salvage_stream
from hauberk.supplychain._formats import npy_header
from hauberk.supplychain._jinja import template_reasons
from hauberk.supplychain._scanner import maybe_pickle

DTYPES = [
    np.float32,
    np.dtype("<i8"),
    np.dtype(object),
    np.dtype([("a", "<f4"), ("b", "O")]),
    np.dtype([("a", "<f4"), ("b", [("c", "<i2"), ("d", "O")])]),
    np.dtype(("O", (2, 3))),
    np.dtype([("a", "<f8", (2,)), ("b", "S3")]),
    np.dtype({"names": ["x", "y"], "formats": ["<u1", "O"], "titles": ["t", None]}),
    np.dtype("U4"),
    np.dtype("M8[ns]"),
]


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_npy_header_agrees_with_numpy(dtype: np.dtype) -> None:  # type: ignore[type-arg]
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf,
        {
            "descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
            "fortran_order": False,
            "shape": (1,),
        },
    )
    raw = buf.getvalue()
    buf.seek(8)
    _shape, _fortran, theirs = np.lib.format.read_array_header_1_0(buf, max_header_size=10**6)
    hlen = int.from_bytes(raw[8:10], "little")
    _header, has_object, problem = npy_header(raw[10 : 10 + hlen].decode("latin1"), 1)
    assert not problem and has_object == theirs.hasobject


def test_npy_header_problems_are_reported() -> None:
    assert npy_header("{'descr': 'nope', 'shape': (1,)}", 1)[2]
    assert npy_header("not a literal", 3)[2]


@pytest.mark.parametrize("kind", ["gzip", "zlib", "deflate", "bz2", "xz"])
def test_salvage_matches_a_clean_decompression(kind: str) -> None:
    import bz2
    import gzip
    import lzma

    data = bytes(range(256)) * 400
    packed = {
        "gzip": gzip.compress(data),
        "zlib": zlib.compress(data),
        "deflate": zlib.compress(data)[2:-4],
        "bz2": bz2.compress(data),
        "xz": lzma.compress(data),
    }[kind]
    got, why = salvage_stream(kind, packed, 10**7)
    assert got == data and why == ""
    cut, why = salvage_stream(kind, packed[: len(packed) // 2], 10**7)
    assert data.startswith(cut) and why


def test_maybe_pickle_reads_on_only_when_a_stream_runs_past_the_window() -> None:
    limits = ScanLimits()
    assert not maybe_pickle(b"\x00" * 100, 10**6, limits)
    assert not maybe_pickle(b"\x80\x02\xff" + b"\x00" * 100, 10**6, limits)  # dies early
    assert maybe_pickle(b"N0" * 5000, 10**6, limits)  # runs to the window's end
    assert maybe_pickle(b"cos\nsystem\n(S'x'\ntR.", 10**6, limits)


@pytest.mark.parametrize(
    ("template", "dangerous"),
    [
        ("{{ messages[0]['content'] }}", False),
        ("{{ x[key] }}{{ y[loop.index0 + 1] }}", False),
        ("{{ x['_' * 2 ~ 'class' ~ '_' * 2] }}", True),
        ("{{ '_' * 1000000000000 }}", False),  # not folded, not evaluated
        ("{% set a = ['_'] * 2 %}{{ x[a | join ~ 'mro' ~ a | join] }}", True),
    ],
)
def test_template_folder(template: str, dangerous: bool) -> None:
    reasons = template_reasons(template)
    assert any("__" in r for r in reasons) is dangerous, reasons


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    return app


def test_could_not_vouch_exits_1_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    # a zip member with an unsupported compression method (nothing else wrong)
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "corpus"))
    import redteam2

    blob = redteam2.set_central_method(redteam2.zip_of([("a.txt", b"hello")]), "a.txt", 99)
    path.write_bytes(blob)
    report = scan([path])
    assert [f.status for f in report.files] == ["could not vouch", "not vouched for"]
    assert CliRunner().invoke(_app(), ["scan", str(path), "-q"]).exit_code == 1
    # could-not-vouch is high: --fail-on critical alone still exits 1, since the file was
    # not inspected in full; --allow-incomplete accepts that
    lenient = ["scan", str(path), "-q", "--fail-on", "critical"]
    assert CliRunner().invoke(_app(), lenient).exit_code == 1
    assert CliRunner().invoke(_app(), [*lenient, "--allow-incomplete"]).exit_code == 0


def test_unknown_format_is_not_vouched_for_and_not_failing(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x01\x02 binary of no known format")
    report = scan([path])
    text = report.to_text()
    assert report.files[0].status == "not vouched for" and "clean" not in text.splitlines()[0]
    assert f"{path} [unknown] not vouched for" in text and "0 clean" in text
    assert CliRunner().invoke(_app(), ["scan", str(path), "-q"]).exit_code == 0
