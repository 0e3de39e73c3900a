"""Red team round 2 (issue 12): container errors used to drop the file's findings.

An unsupported compression method or a local/central header name mismatch in a torch
checkpoint made the handler raise, so the data.pkl payload found before was thrown away and
the exit code was 0; a deflate or gzip stream that breaks after the payload, a GGUF template
nested deeply enough to overflow the parser, a payload past a scan limit: each is now a high
"could not vouch" (``HB-SC-UNVERIFIABLE`` / ``HB-SC-LIMIT``) next to every finding already
made, listed in ``errors``, and ``hauberk scan`` exits 1. Each file reaches its payload in the
real loader (stand-ins, never the payload).
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from tests.regressions._redteam2_formats import (
    CALLS,
    SHELL_ARGS,
    STAND_IN,
    Probe,
    caught,
    corpus,
    probe_module,
)

from hauberk.supplychain import ScanLimits, scan

gen = corpus()


def _ids(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.id for f in report.findings}


@pytest.mark.parametrize("build", ["torch_zip_bad_method", "torch_zip_name_mismatch"])
def test_torch_checkpoint_with_a_broken_member_keeps_its_payload_finding(
    tmp_path: Path, build: str
) -> None:
    import torch

    CALLS.clear()
    torch.load(io.BytesIO(getattr(gen, build)(*SHELL_ARGS)), weights_only=False,
               pickle_module=probe_module())  # fmt: skip
    assert [SHELL_ARGS[2]] == CALLS  # torch's zip reader does not mind; the payload runs
    path = tmp_path / "model.pt"
    path.write_bytes(getattr(gen, build)(*SHELL_ARGS))
    report = caught(path)
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-UNVERIFIABLE"} <= _ids(report)
    assert report.errors and report.unfinished
    assert any(f.status == "could not vouch" for f in report.files)


def test_zip_member_with_mismatched_local_name_is_still_scanned(tmp_path: Path) -> None:
    blob = gen.zip_name_mismatch(*SHELL_ARGS)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(blob)).read("model.pkl")
    path = tmp_path / "bundle.zip"
    path.write_bytes(blob)
    report = caught(path)
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-UNVERIFIABLE"} <= _ids(report)


def test_deflate_that_breaks_after_the_payload(tmp_path: Path) -> None:
    zf = zipfile.ZipFile(io.BytesIO(gen.zip_corrupt_deflate(*SHELL_ARGS)))
    CALLS.clear()
    with pytest.raises(Exception, match="invalid block type"):
        Probe(zf.open("model.pkl")).load()
    assert [SHELL_ARGS[2]] == CALLS  # the streaming reader ran the call before the error
    path = tmp_path / "bundle.zip"
    path.write_bytes(gen.zip_corrupt_deflate(*SHELL_ARGS))
    report = caught(path)
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-UNVERIFIABLE"} <= _ids(report)


def test_gzip_joblib_that_breaks_after_the_payload(tmp_path: Path) -> None:
    CALLS.clear()
    with pytest.raises(Exception, match="invalid block type"):
        Probe(gzip.GzipFile(fileobj=io.BytesIO(gen.gzip_corrupt_tail(*SHELL_ARGS)))).load()
    assert [SHELL_ARGS[2]] == CALLS
    path = tmp_path / "model.joblib"
    path.write_bytes(gen.gzip_corrupt_tail(*SHELL_ARGS))
    report = caught(path)
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-UNVERIFIABLE"} <= _ids(report)


def test_bz2_and_xz_that_break_after_the_payload(tmp_path: Path) -> None:
    import bz2
    import lzma

    data = gen._payload_then_tail(*SHELL_ARGS, tail=50_000)
    for name, blob in (("m.bz2", bz2.compress(data)), ("m.xz", lzma.compress(data))):
        broken = blob[: len(blob) - 40] + b"\x00" * 40
        path = tmp_path / name
        path.write_bytes(broken)
        report = caught(path)
        assert "HB-SC-UNVERIFIABLE" in _ids(report), name


def test_deep_template_does_not_hide_the_dangerous_one(tmp_path: Path) -> None:
    import jinja2

    blob = gen.gguf_template_recursion(gen.DUNDER_TEMPLATES["concat"])
    # the first template is what renderers use; it parses
    jinja2.Environment(autoescape=False).parse(gen.DUNDER_TEMPLATES["concat"])
    path = tmp_path / "model.gguf"
    path.write_bytes(blob)
    report = caught(path)
    assert {"HB-SC-GGUF-TEMPLATE", "HB-SC-UNVERIFIABLE"} <= _ids(report)


def test_deep_keras_config_is_could_not_vouch(tmp_path: Path) -> None:
    import json

    inner = '{"class_name": "Lambda", "config": {"function_type": "lambda"}}'
    text = '{"class_name": "Sequential", "config": {"layers": [' * 200 + inner + "]}}" * 200
    assert json.loads(text)["class_name"] == "Sequential"  # Python's json reads it
    path = tmp_path / "config.json"
    path.write_text(text)
    report = caught(path)
    assert "HB-SC-UNVERIFIABLE" in _ids(report)


def test_payload_behind_the_work_limit_is_high(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(b"\x80\x02" + b"N0" * 3000 + gen.pickle0(*SHELL_ARGS))
    report = scan([path], limits=ScanLimits(max_opcodes=1000))
    assert "HB-SC-LIMIT" in _ids(report)
    assert report.worst is not None and report.worst.label in ("high", "critical")
    assert report.unfinished


def test_handler_crash_is_never_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hauberk.supplychain import _scanner

    def crash(ctx: object, source: object) -> tuple[str, list[object]]:
        raise RuntimeError("boom")

    _scanner._handler("safetensors")
    monkeypatch.setitem(_scanner.HANDLERS, "safetensors", crash)
    path = tmp_path / "w.safetensors"
    import numpy as np
    from safetensors.numpy import save_file

    save_file({"w": np.zeros(2, dtype=np.float32)}, str(path))
    report = caught(path)
    assert report.files[0].status == "could not vouch" and report.errors


def test_unreadable_file_is_never_clean(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "locked.pt"
    path.write_bytes(b"\x80\x02N.")
    path.chmod(0)
    report = scan([path])
    assert report.files and report.files[0].status == "could not vouch" and report.errors


def test_standin_loads_prove_nothing_was_stubbed_out() -> None:
    # the stand-in pickles themselves are ordinary: the probe only swaps os.system
    CALLS.clear()
    Probe(io.BytesIO(gen.pickle_proto2(*STAND_IN))).load()
    assert [STAND_IN[2]] == CALLS
