"""model-signing's shard serialization gives an empty file no resource at all, so an empty
file added to a folder signed by shards passes ``model_signing``'s verification (an empty
``__init__.py`` is enough to turn a folder into an importable package). hauberk refuses to
sign a folder with empty files by shards and reports any empty file as added."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hauberk.supplychain import (
    HashSettings,
    ManifestMismatch,
    generate_signing_keypair,
    sign_model,
    verify_model,
)


def test_added_empty_file_is_reported(tmp_path: Path) -> None:
    import model_signing

    priv, pub = tmp_path / "k.key", tmp_path / "k.pub"
    generate_signing_keypair(priv, pub)
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(os.urandom(10_000))
    sig = tmp_path / "sharded.sig"
    shards = HashSettings(method="shards", shard_size=4096)
    sign_model(model, private_key=priv, signature=sig, settings=shards)
    (model / "__init__.py").write_bytes(b"")
    model_signing.verifying.Config().use_elliptic_key_verifier(public_key=pub).set_hashing_config(
        model_signing.hashing.Config().use_shard_serialization(shard_size=4096)
    ).verify(model, sig)  # upstream: passes
    with pytest.raises(ManifestMismatch, match=r"added: __init__\.py \(empty file"):
        verify_model(model, public_key=pub, signature=sig)
