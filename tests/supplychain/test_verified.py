"""Verified loading: digest or signature first, safe formats preferred, pickles scanned."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from hauberk.core import ConfigError, InputError, ModelLoadError, VerificationError
from hauberk.supplychain import (
    HashSettings,
    _scanner,
    generate_signing_keypair,
    load_verified,
    sign_model,
)
from hauberk.supplychain._verified import detect


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def weights(tmp_path: Path) -> Path:
    from safetensors.numpy import save_file

    path = tmp_path / "model" / "weights.bin"  # the name says nothing; the content does
    path.parent.mkdir()
    save_file({"w": np.arange(12, dtype=np.float32).reshape(3, 4)}, str(path))
    return path


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    priv, pub = tmp_path / "k.key", tmp_path / "k.pub"
    generate_signing_keypair(priv, pub)
    return priv, pub


class Evil:
    """Unpickling this writes a marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "pwned"))


def test_safetensors_with_sha256(weights: Path) -> None:
    loaded = load_verified(weights, sha256=sha(weights))
    np.testing.assert_array_equal(loaded["w"], np.arange(12, dtype=np.float32).reshape(3, 4))
    torch_loaded = load_verified(
        weights, sha256="SHA256:" + sha(weights).upper(), framework="torch"
    )
    assert tuple(torch_loaded["w"].shape) == (3, 4)


def test_wrong_digest_or_none_refuses(weights: Path) -> None:
    with pytest.raises(VerificationError, match="not the expected"):
        load_verified(weights, sha256="0" * 64)
    with pytest.raises(ConfigError, match="unverified"):
        load_verified(weights)
    with pytest.raises(ConfigError, match="64 hex"):
        load_verified(weights, sha256="abc")
    with pytest.raises(ConfigError, match="go together"):
        load_verified(weights, signature=weights)
    with pytest.raises(InputError, match="does not exist"):
        load_verified(weights.parent / "missing", sha256="0" * 64)
    with pytest.raises(InputError, match="max_bytes"):
        load_verified(weights, sha256=sha(weights), max_bytes=10)


def test_folder_signature(weights: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    priv, pub = keys
    (weights.parent / "config.json").write_text("{}")
    sig = tmp_path / "model.sig"
    sign_model(weights.parent, private_key=priv, signature=sig)
    loaded = load_verified(weights, signature=sig, public_key=pub)
    assert loaded["w"].shape == (3, 4)
    # The file is looked up by its path inside the signed folder.
    with pytest.raises(ConfigError, match="not inside"):
        load_verified(weights, signature=sig, public_key=pub, root=tmp_path / "elsewhere")
    unsigned = weights.parent / "extra.bin"
    unsigned.write_bytes(weights.read_bytes())
    with pytest.raises(VerificationError, match="not covered"):
        load_verified(unsigned, signature=sig, public_key=pub)
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    with pytest.raises(VerificationError, match=r"changed: weights\.bin"):
        load_verified(weights, signature=sig, public_key=pub)


def test_single_file_and_sharded_signatures(
    weights: Path, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    priv, pub = keys
    single = tmp_path / "single.sig"
    sign_model(weights, private_key=priv, signature=single)
    assert load_verified(weights, signature=single, public_key=pub)["w"].shape == (3, 4)
    sharded = tmp_path / "sharded.sig"
    sign_model(
        weights.parent,
        private_key=priv,
        signature=sharded,
        settings=HashSettings(method="shards", shard_size=4096),
    )
    assert load_verified(weights, signature=sharded, public_key=pub)["w"].shape == (3, 4)
    blake = tmp_path / "blake.sig"
    sign_model(
        weights, private_key=priv, signature=blake, settings=HashSettings(algorithm="blake3")
    )
    assert load_verified(weights, signature=blake, public_key=pub)["w"].shape == (3, 4)
    weights.write_bytes(weights.read_bytes() + b" ")
    for sig in (single, sharded, blake):
        with pytest.raises(VerificationError, match="changed"):
            load_verified(weights, signature=sig, public_key=pub)


def test_onnx_session(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = tmp_path / "m.onnx"
    onnx.save(model, str(path))
    assert detect(path.read_bytes()) == "onnx"
    session = load_verified(path, sha256=sha(path))
    (out,) = session.run(None, {"x": np.array([[-1.0, 0.0, 2.0]], dtype=np.float32)})
    np.testing.assert_array_equal(out, [[0.0, 0.0, 2.0]])


class Shell:
    """Unpickling this would run a shell command."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("true",))


class Unknown:
    """A plain class from a module no allowlist knows: the load instantiates it (high)."""

    def __init__(self) -> None:
        self.value = 7


def test_torch_state_dict_weights_only(tmp_path: Path) -> None:
    import torch

    path = tmp_path / "state.pt"
    torch.save({"w": torch.ones(2, 2)}, str(path))
    assert detect(path.read_bytes()) == "pytorch-zip"
    state = load_verified(path, sha256=sha(path))
    assert torch.equal(state["w"], torch.ones(2, 2))
    evil = tmp_path / "evil.pt"
    torch.save({"w": torch.ones(1), "x": Shell()}, str(evil))
    with pytest.raises(VerificationError, match="flagged it at critical"):
        load_verified(evil, sha256=sha(evil))


def test_numpy_arrays(tmp_path: Path) -> None:
    npy, npz = tmp_path / "a.npy", tmp_path / "b.npz"
    np.save(npy, np.arange(5))
    np.savez(npz, a=np.arange(3), b=np.ones(2))
    np.testing.assert_array_equal(load_verified(npy, sha256=sha(npy)), np.arange(5))
    assert set(load_verified(npz, sha256=sha(npz))) == {"a", "b"}
    objects = tmp_path / "o.npy"
    np.save(objects, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ModelLoadError, match="could not be loaded"):
        load_verified(objects, sha256=sha(objects))


def test_pickle_needs_opt_in_and_a_clean_scan(tmp_path: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "clf.joblib"
    model = LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1])
    path.write_bytes(pickle.dumps(model, protocol=4))
    with pytest.raises(ModelLoadError, match="allow_pickle"):
        load_verified(path, sha256=sha(path))
    loaded = load_verified(path, sha256=sha(path), allow_pickle=True)
    assert list(loaded.predict([[0.0], [3.0]])) == [0, 1]

    unknown = tmp_path / "unknown.pkl"
    unknown.write_bytes(pickle.dumps(Unknown()))
    # an unknown class that the load instantiates: a call that runs, so high (the pickle
    # policy); refused at the default fail_on
    with pytest.raises(VerificationError, match="flagged it at high"):
        load_verified(unknown, sha256=sha(unknown), allow_pickle=True)
    loaded = load_verified(unknown, sha256=sha(unknown), allow_pickle=True, fail_on="critical")
    assert loaded.value == 7

    marker = tmp_path / "marker"
    evil = tmp_path / "evil.pkl"
    evil.write_bytes(pickle.dumps(Evil(marker)))
    with pytest.raises(VerificationError, match="flagged it at high"):
        load_verified(evil, sha256=sha(evil), allow_pickle=True)
    assert not marker.exists()
    shell = tmp_path / "shell.pkl"
    shell.write_bytes(pickle.dumps(Shell()))
    with pytest.raises(VerificationError, match="flagged it at critical"):
        load_verified(shell, sha256=sha(shell), allow_pickle=True, fail_on="critical")


def test_unsupported_formats_are_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ModelLoadError, match="is zip"):
        load_verified(path, sha256=sha(path), allow_pickle=True)


def test_nothing_is_deserialised_before_verification(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps(Evil(marker)))
    with pytest.raises(VerificationError, match="not the expected"):
        load_verified(path, sha256="1" * 64, allow_pickle=True, fail_on="critical")
    assert not marker.exists()


def test_the_verified_bytes_are_the_loaded_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Swapping the file after verification (TOCTOU) changes nothing: one read, one buffer."""
    import torch

    ckpt = tmp_path / "ckpt.pt"
    torch.save({"w": torch.arange(3)}, str(ckpt))
    real_scan = _scanner.scan

    def scan_then_swap(paths: list[Path]) -> _scanner.ScanReport:
        torch.save({"w": torch.zeros(3)}, str(ckpt))  # the attacker's swap, mid-load
        return real_scan(paths)

    monkeypatch.setattr(_scanner, "scan", scan_then_swap)
    state = load_verified(ckpt, sha256=sha(ckpt))
    assert state["w"].tolist() == [0, 1, 2]


def test_verified_but_malformed_is_refused_by_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "bad.safetensors"
    path.write_bytes((20).to_bytes(8, "little") + b'{"x": 1}' + os.urandom(12))
    with pytest.raises(VerificationError, match="flagged"):
        load_verified(path, sha256=sha(path))


def test_verified_and_scanned_but_unloadable_is_a_load_error(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    node = helper.make_node("NoSuchOperator", ["x"], ["y"])
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    path = tmp_path / "odd.onnx"
    onnx.save(helper.make_model(graph), path)
    with pytest.raises(ModelLoadError, match="passed verification and the scan"):
        load_verified(path, sha256=sha(path))
