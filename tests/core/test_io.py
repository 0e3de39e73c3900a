from __future__ import annotations

import os
from pathlib import Path

import pytest

from hauberk.core import write_atomic


def test_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600) or os.umask(0o022) is None


def test_mode_for_secrets(tmp_path: Path) -> None:
    target = tmp_path / "key"
    write_atomic(target, b"secret", mode=0o600)
    assert target.stat().st_mode & 0o777 == 0o600


def test_interrupted_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
