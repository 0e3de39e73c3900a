"""Red team round 2 (issue 12): every TorchScript file was flagged critical.

``torch.jit.save`` archives reference ``torch.jit._pickle`` list builders and ``__torch__``
classes; ``torch.load`` hands archives with a ``constants.pkl`` record to ``torch.jit.load``,
whose C++ unpickler handles those natively and imports no Python. A scripted or traced MLP is
now clean, while a TorchScript archive whose pickles call anything else is still flagged, and
TorchScript code that maps files or uses custom operator libraries is reported.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.regressions._redteam2_formats import (
    CALLS,
    SHELL_ARGS,
    STAND_IN,
    Probe,
    caught,
    clean,
    corpus,
)

from hauberk.supplychain import detect_format, scan

gen = corpus()


@pytest.mark.parametrize("trace", [False, True])
def test_scripted_and_traced_mlp_are_clean(tmp_path: Path, trace: bool) -> None:
    import torch

    path = tmp_path / "mlp.pt"
    gen.torchscript_mlp(path, trace=trace)
    assert detect_format(path) == "torchscript"
    clean(path)
    module = torch.jit.load(str(path))
    assert module(torch.zeros(1, 4)).shape == (1, 3)


def test_torchscript_with_a_python_payload_is_flagged(tmp_path: Path) -> None:
    import io

    path = tmp_path / "mlp.pt"
    gen.torchscript_with_payload(path, *STAND_IN)
    with zipfile.ZipFile(path) as zf:
        member = next(n for n in zf.namelist() if n.endswith("/constants.pkl"))
        CALLS.clear()
        Probe(io.BytesIO(zf.read(member))).load()  # a Python unpickler of the member runs it
    assert [STAND_IN[2]] == CALLS
    gen.torchscript_with_payload(path, *SHELL_ARGS)
    report = caught(path)
    assert report.worst is not None and report.worst.label == "critical"


def test_torchscript_payload_in_a_storage_named_member(tmp_path: Path) -> None:
    path = tmp_path / "mlp.pt"
    gen.torchscript_mlp(path)
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    prefix = members[0][0].split("/")[0]
    members.append((f"{prefix}/data/99", gen.pickle_proto2(*SHELL_ARGS)))
    path.write_bytes(gen.zip_of(members))
    caught(path)


def test_torchscript_code_that_maps_files(tmp_path: Path) -> None:
    from hauberk.supplychain._torchscript import code_findings

    code = (
        "class M(Module):\n"
        "  def forward(self: __torch__.M, x: Tensor) -> Tensor:\n"
        "    t = torch.from_file('/etc/passwd', True, 16)\n"
        "    return ops.myvendor.exfiltrate(t)\n"
    )
    found = code_findings("m.pt!m/code/__torch__.py", code)
    assert {f.severity.label for f in found} == {"high", "medium"}
    assert any("from_file" in f.detail for f in found)


def test_torch_checkpoint_whose_archive_folder_is_dot_data(tmp_path: Path) -> None:
    import io

    import torch
    from tests.regressions._redteam2_formats import probe_module

    CALLS.clear()
    torch.load(io.BytesIO(gen.torch_zip_dot_data(*SHELL_ARGS)), weights_only=False,
               pickle_module=probe_module())  # fmt: skip
    assert [SHELL_ARGS[2]] == CALLS
    path = tmp_path / "model.pt"
    path.write_bytes(gen.torch_zip_dot_data(*SHELL_ARGS))
    caught(path)


def test_plain_checkpoints_stay_clean_and_storages_are_not_unpacked(tmp_path: Path) -> None:
    import torch

    path = tmp_path / "sd.pt"
    # a uint8 tensor of b"N" (NONE) bytes reads as a long run of opcodes: unpacked, judged
    # not a pickle, not reported
    torch.save({"w": torch.full((100_000,), 78, dtype=torch.uint8), "b": torch.arange(16)}, path)
    clean(path)
    report = scan([path])
    assert [f.path for f in report.files] == [str(path)]
