"""scan(): formats from content, folders, archives, bad input, limits, report shapes."""

from __future__ import annotations

import gzip
import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import ScanLimits, detect_format, scan

gen = corpus()
EVIL = gen.EVIL


def ids(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.id for f in report.findings}


def test_format_comes_from_content_not_extension(tmp_path: Path) -> None:
    import torch

    path = tmp_path / "weights.txt"
    torch.save({"w": torch.zeros(2)}, path)
    assert detect_format(path) == "pytorch-zip"
    (tmp_path / "model.safetensors").write_bytes(EVIL)
    assert detect_format(tmp_path / "model.safetensors") == "pickle"
    report = scan([tmp_path / "model.safetensors"])
    assert report.files[0].format == "pickle" and report.worst is Severity.CRITICAL


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        (b"\x93NUMPY\x01\x00", "numpy"),
        (b"GGUF\x03\x00\x00\x00", "gguf"),
        (b"\x89HDF\r\n\x1a\n" + bytes(8), "hdf5"),
        (b"", "empty"),
        (b"hello world, nothing to see", "unknown"),
    ],
)
def test_detect_simple_magics(tmp_path: Path, payload: bytes, fmt: str) -> None:
    path = tmp_path / "f"
    path.write_bytes(payload)
    assert detect_format(path) == fmt


def test_folder_is_walked_and_json_shape(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "evil.bin").write_bytes(EVIL)
    (tmp_path / "README.md").write_text("# model\n")
    report = scan([tmp_path])
    data = json.loads(report.to_json())
    assert set(data) == {"files", "errors"}
    evil = next(f for f in data["files"] if f["path"].endswith("evil.bin"))
    assert set(evil) == {"path", "format", "status", "findings"}
    assert evil["status"] == "findings"
    assert set(evil["findings"][0]) == {"id", "severity", "title", "detail", "evidence"}
    assert evil["findings"][0]["severity"] == "critical"


def test_archive_members_are_named_archive_bang_member(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(gen.zip_bytes([("deep/model.pkl", EVIL)]))
    report = scan([path])
    member = next(f for f in report.files if "!" in f.path)
    assert member.path == f"{path}!deep/model.pkl"
    assert member.worst is Severity.CRITICAL


def test_nested_archives_stop_at_the_depth_limit(tmp_path: Path) -> None:
    blob = gen.zip_bytes([("m.pkl", EVIL)])
    for _ in range(6):
        blob = gen.zip_bytes([("inner.zip", blob)])
    path = tmp_path / "deep.zip"
    path.write_bytes(blob)
    report = scan([path], limits=ScanLimits(max_archive_depth=3))
    assert "HB-SC-ARCHIVE-BOMB" in ids(report)
    assert len(report.files) <= 5


def test_zip_bomb_is_reported_without_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", bytes(50 * 1024 * 1024))
    report = scan([path], limits=ScanLimits(max_ratio=100))
    assert "HB-SC-ARCHIVE-BOMB" in ids(report)


def test_gzip_bomb_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(bytes(20 * 1024 * 1024)))
    report = scan([path], limits=ScanLimits(max_ratio=10))
    assert "HB-SC-ARCHIVE-BOMB" in ids(report)


def test_bad_input_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "garbage.pkl").write_bytes(b"\x80\x04" + os.urandom(64))
    (tmp_path / "truncated.pt").write_bytes(gen.torch_zip(EVIL)[:-40])
    (tmp_path / "fine.npy").write_bytes(b"")
    locked = tmp_path / "locked.pkl"
    locked.write_bytes(EVIL)
    report = scan([tmp_path, tmp_path / "missing.pkl"])
    assert any("missing.pkl" in e for e in report.errors)
    assert {Path(f.path).name for f in report.files} >= {
        "garbage.pkl",
        "truncated.pt",
        "locked.pkl",
    }
    garbage = next(f for f in report.files if f.path.endswith("garbage.pkl"))
    assert garbage.findings  # malformed is a finding, never a silent pass


def test_unreadable_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "secret.pkl"
    path.write_bytes(EVIL)
    path.chmod(0)
    report = scan([path])
    assert report.errors


def test_symlink_out_of_folder_is_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"x")
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").symlink_to(outside)
    report = scan([model])
    assert "HB-SC-ARCHIVE-PATH" in ids(report)


def test_npy_object_array_payload_is_scanned(tmp_path: Path) -> None:
    path = tmp_path / "a.npy"
    path.write_bytes(gen.npy_object(EVIL))
    assert scan([path]).worst is Severity.CRITICAL
    np.save(tmp_path / "b.npy", np.arange(4))
    assert scan([tmp_path / "b.npy"]).worst is None


def test_safetensors_checks(tmp_path: Path) -> None:
    good = tmp_path / "good.safetensors"
    good.write_bytes(
        gen.safetensors_bytes(
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, bytes(8)
        )
    )
    assert scan([good]).worst is None
    cases = {
        "range": ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, bytes(8)),
        "shape": ({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)),
        "dtype": ({"a": {"dtype": "PY", "shape": [2], "data_offsets": [0, 8]}}, bytes(8)),
        "overlap": (
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}},
            bytes(12),
        ),
    }  # fmt: skip
    for name, (header, payload) in cases.items():
        path = tmp_path / f"{name}.safetensors"
        path.write_bytes(gen.safetensors_bytes(header, payload))
        assert "HB-SC-SAFETENSORS" in ids(scan([path])), name
    dup = tmp_path / "dup.safetensors"
    raw = b'{"a": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}, "a": {}}'
    dup.write_bytes(struct.pack("<Q", len(raw)) + raw)
    assert "HB-SC-SAFETENSORS" in ids(scan([dup]))


def test_gguf_templates(tmp_path: Path) -> None:
    good = tmp_path / "good.gguf"
    good.write_bytes(gen.gguf_bytes("{% for m in messages %}{{ m['content'] | trim }}{% endfor %}"))
    assert scan([good]).worst is None
    for i, template in enumerate(
        [
            "{{ joiner.__init__.__globals__['os'].popen('id').read() }}",
            "{{ namespace.__init__.__globals__ }}",
            "{{ ''|attr('__cla' ~ 'ss__') }}",
            "{{ self.__class__.__mro__[1].__subclasses__() }}",
        ]
    ):
        path = tmp_path / f"bad{i}.gguf"
        path.write_bytes(gen.gguf_bytes(template))
        assert "HB-SC-GGUF-TEMPLATE" in ids(scan([path])), template
    (tmp_path / "short.gguf").write_bytes(gen.gguf_bytes("x")[:30])
    assert "HB-SC-FORMAT-MALFORMED" in ids(scan([tmp_path / "short.gguf"]))


def test_keras_and_onnx(tmp_path: Path) -> None:
    cases = {
        "lambda.keras": (gen.keras_zip(gen._keras_config(True)), "HB-SC-KERAS-LAMBDA"),
        "custom.keras": (
            gen.keras_zip(gen._keras_config(False, custom=True)),
            "HB-SC-KERAS-CUSTOM",
        ),
        "ext.onnx": (gen.onnx_bytes(location="/etc/passwd"), "HB-SC-ONNX-EXTERNAL"),
        "up.onnx": (gen.onnx_bytes(location="../secret.bin"), "HB-SC-ONNX-EXTERNAL"),
        "dom.onnx": (gen.onnx_bytes(domain="com.evil"), "HB-SC-ONNX-DOMAIN"),
    }
    for name, (payload, rule) in cases.items():
        (tmp_path / name).write_bytes(payload)
        assert rule in ids(scan([tmp_path / name])), name
    (tmp_path / "ok.onnx").write_bytes(gen.onnx_bytes(location="weights.bin"))
    (tmp_path / "ok.keras").write_bytes(gen.keras_zip(gen._keras_config(False)))
    assert scan([tmp_path / "ok.onnx", tmp_path / "ok.keras"]).worst is None


def test_hdf5_model_config(tmp_path: Path) -> None:
    pytest.importorskip("h5py")
    path = tmp_path / "m.h5"
    assert gen.h5_with_config(path, gen._keras_config(True))
    assert "HB-SC-KERAS-LAMBDA" in ids(scan([path]))


def test_hdf5_without_h5py_falls_back_to_a_raw_search(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("h5py")
    import sys

    path = tmp_path / "m.h5"
    gen.h5_with_config(path, gen._keras_config(True))
    monkeypatch.setitem(sys.modules, "h5py", None)
    assert "HB-SC-KERAS-LAMBDA" in ids(scan([path]))
    empty = tmp_path / "raw.h5"
    empty.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))
    assert "HB-SC-UNINSPECTED" in ids(scan([empty]))


def test_sarif_and_text(tmp_path: Path) -> None:
    import json

    from hauberk.core._sarif import to_sarif

    (tmp_path / "e.pkl").write_bytes(EVIL)
    report = scan([tmp_path])
    sarif = json.loads(to_sarif(report.to_report([tmp_path])))
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "HB-SC-PICKLE-GLOBAL" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("e.pkl")
    assert "os.system" in report.to_text()


def test_limits_validate_their_ranges() -> None:
    from hauberk.core import ConfigError

    with pytest.raises(ConfigError, match="max_depth"):
        ScanLimits(max_depth=0)
    with pytest.raises(ConfigError, match="max_ratio"):
        ScanLimits(max_ratio="x")  # type: ignore[arg-type]
