"""Bypass: torch.load still reads the pre-zip and tar formats (CVE-2025-32434 showed
weights_only is not a guard); scanners that only open zip checkpoints skip them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import detect_format, scan

gen = corpus()


@pytest.mark.parametrize("where", ["main", "sys_info", "keys"])
def test_legacy_prezip(tmp_path: Path, where: str) -> None:
    kwargs = {"main": {}, "sys_info": {"sys_info": gen.EVIL}, "keys": {"keys": gen.EVIL}}[where]
    main = gen.EVIL if where == "main" else gen.pickle_of(gen.EMPTY_DICT)
    path = tmp_path / "m.pt"
    path.write_bytes(gen.legacy_torch(main, **kwargs))
    assert detect_format(path) == "pytorch-legacy"
    assert scan([path]).worst is Severity.CRITICAL


def test_legacy_tar(tmp_path: Path) -> None:
    path = tmp_path / "m.tar"
    path.write_bytes(
        gen.tar_bytes(
            [("sys_info", gen.pickle_of(gen.EMPTY_DICT)), ("pickle", gen.EVIL),
             ("storages", gen.pickle_of(b"K\x00")), ("tensors", gen.pickle_of(b"K\x00"))]
        )
    )  # fmt: skip
    assert detect_format(path) == "pytorch-legacy-tar"
    assert scan([path]).worst is Severity.CRITICAL


def test_real_legacy_checkpoint_is_clean_and_storage_region_checked(tmp_path: Path) -> None:
    import torch

    path = tmp_path / "real.pt"
    torch.save({"w": torch.ones(3, 2)}, path, _use_new_zipfile_serialization=False)
    assert scan([path]).worst is None
    path.write_bytes(path.read_bytes() + gen.EVIL)
    assert "HB-SC-FORMAT-MALFORMED" in {f.id for f in scan([path]).findings}
