"""A model-signing signature that covers no file vouches for any folder.

With ``model_signing`` 1.1.1 a signer can record ``ignore_paths=["."]`` (or ignore every
file); the manifest is then empty, and ``verify`` recomputes an equally empty manifest for
*any* folder, so a folder full of pickles "verifies". hauberk refuses such a signature and
never signs one."""

from __future__ import annotations

from pathlib import Path

import pytest

from hauberk.core import InputError, VerificationError
from hauberk.supplychain import generate_signing_keypair, sign_model, verify_model


def test_signature_over_nothing_is_refused(tmp_path: Path) -> None:
    import model_signing

    priv, pub = tmp_path / "k.key", tmp_path / "k.pub"
    generate_signing_keypair(priv, pub)
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    sig = tmp_path / "nothing.sig"
    model_signing.signing.Config().use_elliptic_key_signer(private_key=priv).set_hashing_config(
        model_signing.hashing.Config().set_ignored_paths(paths=["."])
    ).sign(model, sig)
    (model / "dropper.pkl").write_bytes(b"cos\nsystem\n(S'id'\ntR.")
    # Upstream accepts the swapped folder...
    model_signing.verifying.Config().use_elliptic_key_verifier(public_key=pub).verify(model, sig)
    # ...hauberk does not.
    with pytest.raises(VerificationError, match="covers no files"):
        verify_model(model, public_key=pub, signature=sig)
    with pytest.raises(InputError, match="no files to sign"):
        sign_model(model, private_key=priv, signature=tmp_path / "h.sig", ignore_paths=["."])
