"""Red team round 2 (issue 12): files valid in one format that are also pickles.

A scanner that judges a file by its first format only misses the pickle: ``pickle.load``,
``torch.load(weights_only=False)`` (anything that is not a zip is unpickled) and
``numpy.load(allow_pickle=True)`` (anything that is not ``.npy``/``.npz`` is unpickled) run
it. Every file and member that parses as a pickle from byte 0 is interpreted as one, and
``.npy`` dtypes are read as NumPy reads them. (A GGUF file cannot be one: ``GGUF`` is BINFLOAT
over the magic and version, then the zero high bytes of the tensor count are no opcode.)
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import numpy as np
import pytest
from tests.regressions._redteam2_formats import (
    CALLS,
    SHELL_ARGS,
    STAND_IN,
    caught,
    clean,
    corpus,
    probe_module,
)

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


def test_onnx_that_is_a_pickle(tmp_path: Path) -> None:
    import onnx
    import onnxruntime as ort
    import torch

    blob = gen.onnx_pickle(*SHELL_ARGS)
    onnx.checker.check_model(onnx.load_from_string(blob))  # a valid model...
    ort.InferenceSession(blob, providers=["CPUExecutionProvider"])  # ...that runs
    CALLS.clear()
    with pytest.raises(Exception):  # noqa: B017,PT011 - the loader fails only after the call
        torch.load(io.BytesIO(gen.onnx_pickle(*SHELL_ARGS)), weights_only=False,
                   pickle_module=probe_module())  # fmt: skip
    assert [SHELL_ARGS[2]] == CALLS
    path = tmp_path / "model.onnx"
    path.write_bytes(blob)
    report = caught(path)
    assert report.files[0].format == "onnx"
    ids = {f.id for f in report.findings}
    assert {"HB-SC-POLYGLOT", "HB-SC-PICKLE-GLOBAL"} <= ids


def test_safetensors_that_is_a_pickle(tmp_path: Path) -> None:
    from safetensors.numpy import load

    blob = gen.safetensors_pickle(*SHELL_ARGS)
    assert list(load(blob)) == ["t"]
    CALLS.clear()
    pickle.loads(gen.safetensors_pickle(*STAND_IN))
    assert [STAND_IN[2]] == CALLS
    path = tmp_path / "model.safetensors"
    path.write_bytes(blob)
    assert caught(path).files[0].format == "safetensors"


def test_npz_behind_a_long_harmless_pickle_prefix(tmp_path: Path) -> None:
    import zipfile

    blob = gen.npz_behind_pickle(*SHELL_ARGS)
    assert zipfile.ZipFile(io.BytesIO(blob)).namelist() == ["x.npy"]
    CALLS.clear()
    np.load(io.BytesIO(gen.npz_behind_pickle(*STAND_IN)), allow_pickle=True)
    assert [STAND_IN[2]] == CALLS
    path = tmp_path / "arrays.npz"
    path.write_bytes(blob)
    # judged as a zip with a pickle in front, or as the pickle it also is: either way the
    # call is found
    assert any(f.id == "HB-SC-PICKLE-GLOBAL" for f in caught(path).findings)


@pytest.mark.parametrize(
    "descr",
    [
        "'object'",
        "'|O'",
        "'O8'",
        "('object', (2,))",
        "[('a', '<f8'), ('b', 'object')]",
        "[('a', [('b', 'object')])]",
        "[(('title', 'a'), 'object')]",
    ],
)
def test_npy_object_dtype_in_any_spelling_numpy_accepts(tmp_path: Path, descr: str) -> None:
    CALLS.clear()
    np.load(io.BytesIO(gen.npy_object(descr, *STAND_IN)), allow_pickle=True)
    assert [STAND_IN[2]] == CALLS
    path = tmp_path / "array.npy"
    path.write_bytes(gen.npy_object(descr, *SHELL_ARGS))
    assert caught(path).worst is not None


def test_python2_npy_header_is_read_as_numpy_reads_it(tmp_path: Path) -> None:
    blob = gen.npy_object("'object'", *STAND_IN, shape="(1L,)")
    CALLS.clear()
    with pytest.warns(UserWarning, match="Python 2"):
        np.load(io.BytesIO(blob), allow_pickle=True)
    assert [STAND_IN[2]] == CALLS
    path = tmp_path / "py2.npy"
    path.write_bytes(gen.npy_object("'object'", *SHELL_ARGS, shape="(1L,)"))
    caught(path)


def test_polyglot_member_of_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(gen.zip_of([("weights/model.onnx", gen.onnx_pickle(*SHELL_ARGS))]))
    report = caught(path)
    member = next(f for f in report.files if f.path.endswith("model.onnx"))
    assert member.format == "onnx" and member.worst is not None


def test_ordinary_files_stay_clean(tmp_path: Path) -> None:
    for name, make in gen.benign_cases():
        path = tmp_path / name
        make(path)
        clean(path)
    path = tmp_path / "objects.npy"
    np.save(path, np.array([1.5, "x"], dtype=object), allow_pickle=True)
    report = scan([path])
    assert report.worst is not None and report.worst < Severity.HIGH  # noted, not high
