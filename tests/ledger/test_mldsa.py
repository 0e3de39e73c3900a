"""ML-DSA-65 as the second signature line of a hybrid checkpoint (C2SP signed note)."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.ledger import (
    Checkpoint,
    add_mldsa_signature,
    mldsa_key_id,
    open_ledger,
    sign_checkpoint,
    sign_hybrid_checkpoint,
    verify_checkpoint,
    verify_hybrid_checkpoint,
)

ORIGIN = "example.com/log"
ED = Ed25519PrivateKey.generate()
PQ = MLDSA65PrivateKey.generate()
CP = Checkpoint(origin=ORIGIN, size=7, root=hashlib.sha256(b"root").digest())


def _hybrid() -> str:
    return sign_hybrid_checkpoint(CP, ED, PQ, name=ORIGIN)


def test_hybrid_note_verifies_and_stays_readable_by_ed25519_only_clients() -> None:
    note = _hybrid()
    assert note.count("\n\u2014 ") == 2
    assert verify_hybrid_checkpoint(note, ED.public_key(), [PQ.public_key()]) == CP
    # a client that knows only the Ed25519 key (Go's sumdb/note) skips the unknown line
    assert verify_checkpoint(note, ED.public_key()) == CP


def test_key_id_follows_the_c2sp_rule_for_unassigned_types() -> None:
    raw = PQ.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    want = hashlib.sha256(ORIGIN.encode() + b"\n" + b"\xff" + b"ML-DSA-65" + raw).digest()[:4]
    assert mldsa_key_id(ORIGIN, PQ.public_key()) == want
    line = _hybrid().splitlines()[-1]
    assert base64.b64decode(line.split(" ")[2])[:4] == want


def test_stripped_pq_line_fails_naming_the_post_quantum_part() -> None:
    note = _hybrid()
    stripped = "".join(note.splitlines(keepends=True)[:-1])
    with pytest.raises(VerificationError, match="no ML-DSA-65 signature line"):
        verify_hybrid_checkpoint(stripped, ED.public_key(), [PQ.public_key()])


def test_stripped_ed25519_line_fails_naming_the_classical_part() -> None:
    lines = _hybrid().splitlines(keepends=True)
    stripped = "".join(lines[:-2] + lines[-1:])
    with pytest.raises(VerificationError, match="no Ed25519 signature line"):
        verify_hybrid_checkpoint(stripped, ED.public_key(), [PQ.public_key()])
    # the ML-DSA policy alone accepts it
    assert verify_hybrid_checkpoint(stripped, None, [PQ.public_key()], require="ml-dsa-65") == CP


def test_forged_pq_line_rejects_the_whole_note() -> None:
    lines = _hybrid().splitlines(keepends=True)
    prefix, name, blob = lines[-1].rstrip("\n").split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[100] ^= 1
    lines[-1] = f"{prefix} {name} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(VerificationError, match=r"ML-DSA-65 signature line .* does not verify"):
        verify_hybrid_checkpoint("".join(lines), ED.public_key(), [PQ.public_key()])
    # even a policy that only needs Ed25519 refuses a note with a bad line by a trusted key
    with pytest.raises(VerificationError, match="ML-DSA-65"):
        verify_hybrid_checkpoint(
            "".join(lines), ED.public_key(), [PQ.public_key()], require="ed25519"
        )


def test_pq_line_by_an_untrusted_key_counts_as_missing() -> None:
    other = MLDSA65PrivateKey.generate()
    note = add_mldsa_signature(sign_checkpoint(CP, ED, name=ORIGIN), other)
    with pytest.raises(VerificationError, match="no ML-DSA-65 signature line"):
        verify_hybrid_checkpoint(note, ED.public_key(), [PQ.public_key()])


def test_rotation_trusts_old_and_new_keys() -> None:
    new = MLDSA65PrivateKey.generate()
    old_note = _hybrid()
    new_note = sign_hybrid_checkpoint(CP, ED, new, name=ORIGIN)
    both = [PQ.public_key(), new.public_key()]
    assert verify_hybrid_checkpoint(old_note, ED.public_key(), both) == CP
    assert verify_hybrid_checkpoint(new_note, ED.public_key(), both) == CP
    with pytest.raises(VerificationError):
        verify_hybrid_checkpoint(old_note, ED.public_key(), [new.public_key()])


def test_policy_needs_its_keys() -> None:
    with pytest.raises(ConfigError, match="--pq-key"):
        verify_hybrid_checkpoint(_hybrid(), ED.public_key(), [])
    with pytest.raises(ConfigError, match="must be hybrid"):
        verify_hybrid_checkpoint(_hybrid(), ED.public_key(), [PQ.public_key()], require="any")


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=255))
def test_any_change_to_the_note_text_fails(position: int, flip: int) -> None:
    note = _hybrid()
    body_end = note.index("\n\n") + 1
    pos = position % body_end
    changed = chr((ord(note[pos]) ^ flip) % 0x7F or 0x41)
    if changed == note[pos] or changed in "\n" or ord(changed) < 0x20:
        return
    tampered = note[:pos] + changed + note[pos + 1 :]
    with pytest.raises((VerificationError, InputError)):
        verify_hybrid_checkpoint(tampered, ED.public_key(), [PQ.public_key()])


def test_ledger_checkpoint_and_verify_with_pq(tmp_path: pytest.TempPathFactory) -> None:
    db = str(tmp_path / "l.db")  # type: ignore[operator]
    with open_ledger(db, create=True, origin=ORIGIN) as ledger:
        ledger.record("t", {"a": 1}, principal="p")
        note = ledger.checkpoint(ED, pq_key=PQ)
        assert ledger.verify(checkpoint=note, public_key=ED.public_key(),
                             pq_keys=[PQ.public_key()]).ok  # fmt: skip
        stripped = "".join(note.splitlines(keepends=True)[:-1])
        with pytest.raises(VerificationError, match="ML-DSA-65"):
            ledger.verify(checkpoint=stripped, public_key=ED.public_key(),
                          pq_keys=[PQ.public_key()])  # fmt: skip
