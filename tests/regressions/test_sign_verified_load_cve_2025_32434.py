"""CVE-2025-32434 (GHSA-53q9-r3pm-6pq6): ``torch.load(weights_only=True)`` could still run
code in torch <= 2.5.1. ``load_verified`` never relies on ``weights_only`` alone: a torch zip
checkpoint is scanned (a private copy of the verified bytes) before ``torch.load`` sees it,
so a checkpoint whose ``data.pkl`` calls a shell is refused whatever the torch version."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from hauberk.core import VerificationError
from hauberk.supplychain import load_verified


class Payload:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/hauberk-cve-2025-32434-ran",))


def test_malicious_torch_zip_is_scanned_before_torch_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    path = tmp_path / "checkpoint.pt"
    torch.save({"weight": torch.ones(2), "extra": Payload()}, str(path))
    calls: list[object] = []
    monkeypatch.setattr(torch, "load", lambda *a, **k: calls.append(a))
    with pytest.raises(VerificationError, match="flagged it at critical"):
        load_verified(path, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    assert calls == []  # torch.load was never reached
