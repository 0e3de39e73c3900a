"""The report cites the ledger entry that recorded the assessed model's signing (issue 5)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hauberk.assess import assess, parse_config
from hauberk.core import Registry


def hauberk(*args: str, cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hauberk", *args], cwd=cwd, check=True, capture_output=True
    )


def test_report_cites_the_model_sign_entry(demo_target: Path, tmp_path: Path) -> None:
    shutil.copy(demo_target / "digits_cnn.pt", tmp_path / "model.pt")
    hauberk("keygen", "signer", cwd=tmp_path)
    hauberk("ledger", "init", "audit.db", cwd=tmp_path)
    hauberk("sign", "model.pt", "--key", "signer.key", "--signature", "model.sig",
            "--ledger", "audit.db", cwd=tmp_path)  # fmt: skip
    key = next(p.name for p in tmp_path.glob("signer*") if p.suffix == ".pub")
    raw: dict[str, Any] = {
        "model": {
            "path": "model.pt",
            "architecture": "hauberk.demo:DigitsCNN",
            "input_shape": [1, 8, 8],
            "signature": "model.sig",
            "public_key": key,
        },
        "assess": {"ledger": str(tmp_path / "audit.db")},
    }
    report = assess(
        parse_config(raw, Registry(), source="t", base_dir=tmp_path), registry=Registry()
    )
    assert report.target["ledger"]["model_sign_index"] == 0
