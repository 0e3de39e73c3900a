"""Hoang, Reyhanitabar, Rogaway, Vizár: "Online Authenticated-Encryption and its Nonce-Reuse
Misuse-Resistance" (CRYPTO 2015). Encrypting chunks independently under AES-GCM lets an
attacker drop trailing chunks, and the shortened file still decrypts chunk by chunk. The
STREAM construction binds a last-chunk flag (and the index) into every nonce; hauberk's
format also binds them, with the header, into the associated data. A file cut exactly at a
chunk boundary must fail, and so must one whose final chunk is moved earlier."""

from __future__ import annotations

import os

import pytest

from hauberk.core import VerificationError
from hauberk.supplychain._encrypt import HEADER_BYTES, TAG_BYTES, decrypt_bytes, encrypt_bytes

KEY = os.urandom(32)


def test_cut_at_chunk_boundary_fails() -> None:
    blob = encrypt_bytes(os.urandom(64 * 10), KEY, chunk_size=64)
    sealed = 64 + TAG_BYTES
    for chunks in range(0, 10):
        with pytest.raises(VerificationError):
            decrypt_bytes(blob[: HEADER_BYTES + chunks * sealed], KEY)


def test_final_chunk_cannot_end_the_stream_early() -> None:
    blob = encrypt_bytes(os.urandom(64 * 3 + 5), KEY, chunk_size=64)
    sealed = 64 + TAG_BYTES
    header, body = blob[:HEADER_BYTES], blob[HEADER_BYTES:]
    chunks = [body[i : i + sealed] for i in range(0, len(body), sealed)]
    with pytest.raises(VerificationError):
        decrypt_bytes(header + chunks[0] + chunks[-1], KEY)
