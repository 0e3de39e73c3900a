"""Bypass: hide the pickle where scanners do not look or cannot read: renamed inner folder,
extra pickle member, bad CRC (picklescan/modelscan abort, torch does not check), duplicate
names, nested and compressed archives, zip-slip names and tar links."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus

from hauberk.core import Severity
from hauberk.supplychain import scan

gen = corpus()


def _ids(path: Path) -> set[str]:
    return {f.id for f in scan([path]).findings}


@pytest.mark.parametrize(
    "blob",
    [
        lambda: gen.torch_zip(gen.EVIL, folder="anything_goes"),
        lambda: gen.torch_zip(
            gen.pickle_of(gen.EMPTY_DICT), extra=[("archive/x/opt.pkl", gen.EVIL)]
        ),
        lambda: gen.corrupt_crc(gen.torch_zip(gen.EVIL), "archive/data.pkl"),
        lambda: gen.zip_bytes([("inner.zip", gen.zip_bytes([("m.pkl", gen.EVIL)]))]),
        lambda: gen.gzip.compress(gen.tar_bytes([("model.pkl", gen.EVIL)])),
        lambda: gen.lzma.compress(gen.EVIL),
    ],
    ids=["renamed", "extra", "bad-crc", "nested", "tgz", "xz"],
)
def test_hidden_pickles_are_found(tmp_path: Path, blob) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.bin"
    path.write_bytes(blob())
    assert scan([path]).worst is Severity.CRITICAL


def test_bad_crc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "m.pt"
    path.write_bytes(
        gen.corrupt_crc(gen.torch_zip(gen.pickle_of(gen.EMPTY_DICT)), "archive/data.pkl")
    )
    assert "HB-SC-ARCHIVE-INCONSISTENT" in _ids(path)


def test_duplicate_member_names(tmp_path: Path) -> None:
    import warnings

    path = tmp_path / "m.pt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        blob = gen.zip_bytes(
            [("archive/data.pkl", gen.pickle_of(gen.EMPTY_DICT)), ("archive/data.pkl", gen.EVIL)]
        )
    path.write_bytes(blob)
    ids = _ids(path)
    assert "HB-SC-ARCHIVE-INCONSISTENT" in ids and "HB-SC-PICKLE-GLOBAL" in ids


@pytest.mark.parametrize("name", ["../../.bashrc", "/etc/cron.d/x", "C:\\\\evil.dll", "a/../../b"])
def test_zip_slip(tmp_path: Path, name: str) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(gen.zip_bytes([(name, b"x")]))
    assert "HB-SC-ARCHIVE-PATH" in _ids(path)


def test_tar_links(tmp_path: Path) -> None:
    path = tmp_path / "a.tar"
    path.write_bytes(gen.tar_bytes([("ok", b"x")], [("weights.bin", "/etc/passwd")]))
    assert "HB-SC-ARCHIVE-PATH" in _ids(path)
