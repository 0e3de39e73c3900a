"""Hybrid model signatures: the OpenSSF bundle and an ML-DSA-65 part, both required."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey

from hauberk.ledger import load_mldsa_private_key, load_mldsa_public_key
from hauberk.supplychain import (
    HybridSignatureError,
    generate_signing_keypair,
    pq_signature_path,
    sign_bundle_pq,
    sign_model,
    verify_hybrid_model,
)

from .test_sign_cli import run


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(os.urandom(4096))
    generate_signing_keypair(tmp_path / "ec.key", tmp_path / "ec.pub")
    generate_signing_keypair(tmp_path / "pq.key", tmp_path / "pq.pub", curve="ml-dsa-65")
    sig = tmp_path / "model.sig"
    sign_model(model, private_key=tmp_path / "ec.key", signature=sig)
    sign_bundle_pq(sig, load_mldsa_private_key(tmp_path / "pq.key"))
    return model, sig, tmp_path / "ec.pub", tmp_path / "pq.pub"


def _verify(model: Path, sig: Path, ec: Path, pq: Path) -> object:
    return verify_hybrid_model(
        model, public_key=ec, signature=sig, pq_keys=[load_mldsa_public_key(pq)]
    )


def test_both_parts_verify(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, pq = signed
    assert pq_signature_path(sig).is_file()
    assert _verify(model, sig, ec, pq) is not None


def test_missing_pq_part_names_it(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, pq = signed
    pq_signature_path(sig).unlink()
    with pytest.raises(HybridSignatureError) as info:
        _verify(model, sig, ec, pq)
    assert set(info.value.parts) == {"post-quantum"} and "missing" in str(info.value)


def test_forged_pq_part_names_it(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, pq = signed
    path = pq_signature_path(sig)
    doc = json.loads(path.read_text())
    raw = bytearray(base64.b64decode(doc["signature"]))
    raw[10] ^= 0x80
    doc["signature"] = base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(doc))
    with pytest.raises(HybridSignatureError) as info:
        _verify(model, sig, ec, pq)
    assert set(info.value.parts) == {"post-quantum"}
    assert "does not verify" in info.value.parts["post-quantum"]


def test_pq_part_for_another_bundle_is_refused(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, pq = signed
    other = sig.with_name("other.sig")  # ECDSA is randomised: another bundle, same model
    sign_model(model, private_key=sig.with_name("ec.key"), signature=other)
    sign_bundle_pq(other, load_mldsa_private_key(sig.with_name("pq.key")))
    with pytest.raises(HybridSignatureError, match="another bundle"):
        verify_hybrid_model(model, public_key=ec, signature=sig,
                            pq_signature=pq_signature_path(other),
                            pq_keys=[load_mldsa_public_key(pq)])  # fmt: skip


def test_untrusted_pq_key_is_refused(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, _ = signed
    stranger = MLDSA65PrivateKey.generate().public_key()
    with pytest.raises(HybridSignatureError, match="not among the trusted"):
        verify_hybrid_model(model, public_key=ec, signature=sig, pq_keys=[stranger])


def test_changed_model_names_the_classical_part(signed: tuple[Path, Path, Path, Path]) -> None:
    model, sig, ec, pq = signed
    (model / "weights.bin").write_bytes(b"changed")
    with pytest.raises(HybridSignatureError) as info:
        _verify(model, sig, ec, pq)
    assert set(info.value.parts) == {"classical"} and "weights.bin" in str(info.value)


def test_cli_keygen_sign_verify_rotate(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "w.bin").write_bytes(b"weights")
    assert run("keygen", tmp_path / "ec")[0] == 0
    assert run("keygen", tmp_path / "pq", "--type", "ml-dsa-65")[0] == 0
    sig = tmp_path / "m.sig"
    code, out, _ = run("sign", model, "--key", tmp_path / "ec.key", "--signature", sig,
                       "--pq-key", tmp_path / "pq.key", "-f", "json")  # fmt: skip
    assert code == 0 and json.loads(out)["pq_signature"].endswith("m.sig.mldsa65")
    verify = ["verify", model, "--key", tmp_path / "ec.pub", "--signature", sig]
    assert run(*verify, "--pq-key", tmp_path / "pq.pub")[0] == 0
    # rotation: the old public key is kept, the new one is written; both are trusted
    code, out, _ = run("keygen", tmp_path / "pq", "--type", "ml-dsa-65", "--rotate", "-f", "json")
    assert code == 0
    retired = Path(json.loads(out)["retired"]["public_key"])
    assert retired.is_file() and (tmp_path / "pq.pub").read_bytes() != retired.read_bytes()
    code, _, err = run(*verify, "--pq-key", tmp_path / "pq.pub")
    assert code == 1 and "post-quantum part" in err
    assert run(*verify, "--pq-key", tmp_path / "pq.pub", "--pq-key", retired)[0] == 0
    pq_signature_path(sig).unlink()
    code, out, err = run(*verify, "--pq-key", retired, "-f", "json")
    assert code == 1 and json.loads(out)["failed_parts"].keys() == {"post-quantum"}
    assert "post-quantum part: missing" in err


def test_load_verified_and_serve_check_the_pq_part(tmp_path: Path) -> None:
    """``load_verified(pq_public_keys=...)``, which ``hauberk serve --pq-key`` uses, loads a
    model only when the ML-DSA-65 part verifies too, and names that part when it does not."""
    import numpy as np

    from hauberk.core import ConfigError
    from hauberk.supplychain import load_verified

    weights = tmp_path / "weights.npy"
    np.save(weights, np.arange(6.0))
    generate_signing_keypair(tmp_path / "ec.key", tmp_path / "ec.pub")
    generate_signing_keypair(tmp_path / "pq.key", tmp_path / "pq.pub", curve="ml-dsa-65")
    generate_signing_keypair(tmp_path / "other.key", tmp_path / "other.pub", curve="ml-dsa-65")
    sig = tmp_path / "weights.sig"
    sign_model(weights, private_key=tmp_path / "ec.key", signature=sig)
    sign_bundle_pq(sig, load_mldsa_private_key(tmp_path / "pq.key"))
    common = {"signature": sig, "public_key": tmp_path / "ec.pub"}
    loaded = load_verified(weights, **common, pq_public_keys=[tmp_path / "pq.pub"])
    assert np.array_equal(loaded, np.arange(6.0))
    with pytest.raises(HybridSignatureError) as info:
        load_verified(weights, **common, pq_public_keys=[tmp_path / "other.pub"])
    assert set(info.value.parts) == {"post-quantum"}
    pq_signature_path(sig).unlink()
    with pytest.raises(HybridSignatureError, match="missing"):
        load_verified(weights, **common, pq_public_keys=[tmp_path / "pq.pub"])
    assert load_verified(weights, **common) is not None  # classical only, as before
    with pytest.raises(ConfigError, match="give both"):
        load_verified(weights, sha256="0" * 64, pq_public_keys=[tmp_path / "pq.pub"])


def test_pq_part_nested_deeper_than_json_goes_is_refused(
    signed: tuple[Path, Path, Path, Path],
) -> None:
    model, sig, ec, pq = signed  # round 28: 64 KiB of "[" escaped as a RecursionError
    pq_signature_path(sig).write_text("[" * 30_000 + "]" * 30_000)
    with pytest.raises(HybridSignatureError) as info:
        _verify(model, sig, ec, pq)
    assert "nested too deeply" in info.value.parts["post-quantum"]
