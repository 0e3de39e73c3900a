"""AES-256-GCM STREAM encryption: round trips, and every tampering class fails."""

from __future__ import annotations

import io
import os
import random
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.supplychain import decrypt_file, encrypt_file
from hauberk.supplychain._encrypt import (
    HEADER_BYTES,
    MAX_CHUNK_SIZE,
    MIN_CHUNK_SIZE,
    TAG_BYTES,
    Header,
    decrypt_bytes,
    decrypt_stream,
    encrypt_bytes,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))

chunk_sizes = st.integers(min_value=MIN_CHUNK_SIZE, max_value=300)
payloads = st.binary(min_size=0, max_size=2_000)


def split(blob: bytes) -> tuple[bytes, list[bytes]]:
    """Header and sealed chunks of an encrypted blob."""
    header = Header.unpack(blob[:HEADER_BYTES])
    size = header.chunk_size + TAG_BYTES
    body = blob[HEADER_BYTES:]
    return blob[:HEADER_BYTES], [body[i : i + size] for i in range(0, len(body), size)]


@settings(max_examples=60, deadline=None)
@given(data=payloads, chunk_size=chunk_sizes)
def test_round_trip(data: bytes, chunk_size: int) -> None:
    blob = encrypt_bytes(data, KEY, chunk_size=chunk_size)
    assert decrypt_bytes(blob, KEY) == data
    chunks = max(1, -(-len(data) // chunk_size))
    assert len(blob) == HEADER_BYTES + len(data) + chunks * TAG_BYTES


@settings(max_examples=60, deadline=None)
@given(data=payloads, chunk_size=chunk_sizes, where=st.integers(min_value=0), bit=st.integers(0, 7))
def test_any_flipped_bit_fails(data: bytes, chunk_size: int, where: int, bit: int) -> None:
    blob = bytearray(encrypt_bytes(data, KEY, chunk_size=chunk_size))
    blob[where % len(blob)] ^= 1 << bit
    with pytest.raises((VerificationError, InputError)):
        decrypt_bytes(bytes(blob), KEY)


@settings(max_examples=60, deadline=None)
@given(data=payloads, chunk_size=chunk_sizes, cut=st.integers(min_value=1))
def test_any_truncation_fails(data: bytes, chunk_size: int, cut: int) -> None:
    blob = encrypt_bytes(data, KEY, chunk_size=chunk_size)
    keep = len(blob) - 1 - (cut % len(blob))  # drop at least one byte, up to everything
    with pytest.raises((VerificationError, InputError)):
        decrypt_bytes(blob[:keep], KEY)


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(min_size=2 * 300 + 1, max_size=2_000),
    chunk_size=chunk_sizes,
    rng=st.randoms(use_true_random=False),
)
def test_reordered_dropped_duplicated_chunks_fail(
    data: bytes, chunk_size: int, rng: random.Random
) -> None:
    header, chunks = split(encrypt_bytes(data, KEY, chunk_size=chunk_size))
    assert len(chunks) >= 2
    i, j = rng.sample(range(len(chunks)), 2)
    swapped = list(chunks)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    dropped = chunks[:i] + chunks[i + 1 :]
    duplicated = [*chunks[: i + 1], chunks[i], *chunks[i + 1 :]]
    for variant in (swapped, dropped, duplicated):
        with pytest.raises(VerificationError):
            decrypt_bytes(header + b"".join(variant), KEY)


@settings(max_examples=40, deadline=None)
@given(data=payloads, chunk_size=chunk_sizes, extra=st.binary(min_size=1, max_size=400))
def test_appended_bytes_or_chunks_fail(data: bytes, chunk_size: int, extra: bytes) -> None:
    blob = encrypt_bytes(data, KEY, chunk_size=chunk_size)
    with pytest.raises(VerificationError):
        decrypt_bytes(blob + extra, KEY)
    # A whole chunk sealed by the same stream for another position cannot be appended either.
    header, chunks = split(blob)
    with pytest.raises(VerificationError):
        decrypt_bytes(header + b"".join(chunks) + chunks[0], KEY)


def test_splicing_chunks_of_two_files_fails() -> None:
    data = os.urandom(1000)
    h1, c1 = split(encrypt_bytes(data, KEY, chunk_size=128))
    _h2, c2 = split(encrypt_bytes(data, KEY, chunk_size=128))
    with pytest.raises(VerificationError):
        decrypt_bytes(h1 + c1[0] + b"".join(c2[1:]), KEY)


def test_truncating_exactly_at_a_chunk_boundary_fails() -> None:
    header, chunks = split(encrypt_bytes(os.urandom(128 * 4), KEY, chunk_size=128))
    assert len(chunks) == 4
    with pytest.raises(VerificationError, match="last chunk 2"):
        decrypt_bytes(header + b"".join(chunks[:3]), KEY)


def test_wrong_key_fails() -> None:
    with pytest.raises(VerificationError, match="wrong key"):
        decrypt_bytes(encrypt_bytes(b"secret weights", KEY), OTHER_KEY)


def test_header_fields_are_authenticated() -> None:
    blob = bytearray(encrypt_bytes(os.urandom(500), KEY, chunk_size=128))
    changed = bytearray(blob)
    struct.pack_into(">I", changed, 8, 129)  # chunk size field
    with pytest.raises(VerificationError):
        decrypt_bytes(bytes(changed), KEY)
    bad_version = bytearray(blob)
    bad_version[5] = 2
    with pytest.raises(InputError, match="version 2"):
        decrypt_bytes(bytes(bad_version), KEY)
    huge = bytearray(blob)
    struct.pack_into(">I", huge, 8, MAX_CHUNK_SIZE + 1)
    with pytest.raises(InputError, match="chunk size"):
        decrypt_bytes(bytes(huge), KEY)
    with pytest.raises(InputError, match="HBENC"):
        decrypt_bytes(b"PK\x03\x04" + bytes(blob[4:]), KEY)


def test_same_plaintext_encrypts_differently() -> None:
    assert encrypt_bytes(b"x" * 100, KEY) != encrypt_bytes(b"x" * 100, KEY)


def test_bad_key_and_chunk_size_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="32 bytes"):
        encrypt_bytes(b"x", b"short")
    with pytest.raises(ConfigError, match="chunk_size"):
        encrypt_bytes(b"x", KEY, chunk_size=8)


def test_files_round_trip_and_failed_decrypt_writes_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "model.safetensors"
    plain.write_bytes(os.urandom(300_000))
    enc, out = tmp_path / "model.enc", tmp_path / "out" / "model.safetensors"
    assert encrypt_file(plain, enc, KEY, chunk_size=4096) == 300_000
    assert decrypt_file(enc, out, KEY) == 300_000
    assert out.read_bytes() == plain.read_bytes()

    tampered = bytearray(enc.read_bytes())
    tampered[-100] ^= 1  # inside the last chunk: every earlier chunk authenticates first
    enc.write_bytes(bytes(tampered))
    target = tmp_path / "fresh" / "model.safetensors"
    with pytest.raises(VerificationError):
        decrypt_file(enc, target, KEY)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary file left behind

    with pytest.raises(ConfigError, match="already exists"):
        decrypt_file(enc, out, KEY)
    with pytest.raises(VerificationError):
        decrypt_file(enc, out, KEY, force=True)
    assert out.read_bytes() == plain.read_bytes()  # the old file is untouched
    with pytest.raises(ConfigError, match="same file"):
        encrypt_file(plain, plain, KEY, force=True)


def test_decrypt_stream_reads_in_bounded_pieces() -> None:
    """Constant memory: no read asks for more than one sealed chunk (or the header)."""

    class Recorder(io.BytesIO):
        largest = 0

        def read(self, size: int | None = -1, /) -> bytes:
            assert size is not None
            assert size >= 0
            Recorder.largest = max(Recorder.largest, size)
            return super().read(size)

    blob = encrypt_bytes(os.urandom(50_000), KEY, chunk_size=1024)
    decrypt_stream(Recorder(blob), io.BytesIO(), KEY)
    assert Recorder.largest == 1024 + TAG_BYTES
