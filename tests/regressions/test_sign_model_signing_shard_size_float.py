"""model-signing 1.1.1: a sharded signature records ``shard_size`` in a protobuf Struct, which
JSON turns into a float (``65536.0``). ``model_signing.verifying.Config().verify`` then guesses
``use_shard_serialization(shard_size=65536.0)`` and crashes with ``TypeError: 'float' object
cannot be interpreted as an integer``, so its own sharded signatures cannot be verified
without naming the hashing config by hand. hauberk reads the recorded size back as an
integer and verifies them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hauberk.supplychain import ManifestMismatch, generate_signing_keypair, verify_model


def test_model_signing_sharded_signature_verifies(tmp_path: Path) -> None:
    import model_signing

    priv, pub = tmp_path / "k.key", tmp_path / "k.pub"
    generate_signing_keypair(priv, pub)
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(os.urandom(200_000))
    sig = tmp_path / "sharded.sig"
    model_signing.signing.Config().use_elliptic_key_signer(private_key=priv).set_hashing_config(
        model_signing.hashing.Config().use_shard_serialization(shard_size=65_536)
    ).sign(model, sig)

    with pytest.raises(TypeError, match="float"):  # the upstream bug this test pins
        model_signing.verifying.Config().use_elliptic_key_verifier(public_key=pub).verify(
            model, sig
        )
    signed = verify_model(model, public_key=pub, signature=sig)
    assert signed.shard_size == 65_536
    assert len(signed.resources) == 4

    data = bytearray((model / "weights.bin").read_bytes())
    data[150_000] ^= 0xFF
    (model / "weights.bin").write_bytes(bytes(data))
    with pytest.raises(ManifestMismatch, match=r"changed: weights\.bin"):
        verify_model(model, public_key=pub, signature=sig)
