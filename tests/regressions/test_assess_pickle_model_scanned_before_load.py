"""A pickle-based model with ``allow_pickle = true`` is scanned before anything is unpickled.

The payload below (protocol 0, written by hand, never produced by pickling) calls
``os.system`` on load, the classic model-file attack (MITRE ATLAS AML.T0011.000). If the
scan were skipped, loading it would create the marker file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hauberk.assess import build_target, parse_config
from hauberk.core import Registry, VerificationError


def test_malicious_pickle_is_refused_before_load(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
    (tmp_path / "model.joblib").write_bytes(payload)
    raw = {"model": {"path": str(tmp_path / "model.joblib"), "allow_pickle": True}}
    config = parse_config(raw, Registry(), source="test", base_dir=tmp_path)
    with pytest.raises(VerificationError):
        build_target(config)
    assert not marker.exists()
