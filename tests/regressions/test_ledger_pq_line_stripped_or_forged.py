"""A hybrid-policy verifier must not fall back to the classical line alone.

Downgrade: an attacker who can forge Ed25519 (a future quantum adversary) strips or forges the
ML-DSA-65 line of a hybrid checkpoint, or deletes the ``.mldsa65`` part of a hybrid model
signature; verification under the hybrid policy fails and names the post-quantum part.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey

from hauberk.core import VerificationError
from hauberk.ledger import Checkpoint, sign_hybrid_checkpoint, verify_hybrid_checkpoint


def test_stripped_and_forged_pq_lines_fail() -> None:
    ed, pq = Ed25519PrivateKey.generate(), MLDSA65PrivateKey.generate()
    cp = Checkpoint(origin="example.com/log", size=1, root=hashlib.sha256(b"x").digest())
    note = sign_hybrid_checkpoint(cp, ed, pq, name=cp.origin)
    lines = note.splitlines(keepends=True)
    with pytest.raises(VerificationError, match="ML-DSA-65"):
        verify_hybrid_checkpoint("".join(lines[:-1]), ed.public_key(), [pq.public_key()])
    forged = lines[-1][:-10] + ("A" if lines[-1][-10] != "A" else "B") + lines[-1][-9:]
    with pytest.raises(VerificationError, match="ML-DSA-65"):
        verify_hybrid_checkpoint("".join(lines[:-1]) + forged, ed.public_key(),
                                 [pq.public_key()])  # fmt: skip


def test_cli_ledger_verify_refuses_a_stripped_pq_line(tmp_path: Path) -> None:
    def hb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hauberk", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    assert hb("keygen", "ck", "--type", "ed25519").returncode == 0
    assert hb("keygen", "pq", "--type", "ml-dsa-65").returncode == 0
    assert hb("ledger", "init", "l.db", "--origin", "example.com/log", "-q").returncode == 0
    assert hb("ledger", "checkpoint", "l.db", "--key", "ck.key", "--pq-key", "pq.key",
              "-o", "cp.txt").returncode == 0  # fmt: skip
    ok = hb("ledger", "verify", "l.db", "--checkpoint", "cp.txt", "--key", "ck.pub",
            "--pq-key", "pq.pub")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    note = (tmp_path / "cp.txt").read_text()
    (tmp_path / "cp.txt").write_text("".join(note.splitlines(keepends=True)[:-1]))
    bad = hb("ledger", "verify", "l.db", "--checkpoint", "cp.txt", "--key", "ck.pub",
             "--pq-key", "pq.pub")  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0 and "ML-DSA-65" in bad.stderr
