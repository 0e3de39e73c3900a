from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError, InputError, ModelLoadError
from hauberk.demo import DigitsCNN
from hauberk.models import (
    InputSpec,
    ModelOptions,
    as_dataset,
    as_model,
    load_data,
    load_model,
    sniff_model_format,
)


def test_formats_are_told_by_content_not_name(tmp_path: Path, digits_cnn: Any) -> None:
    import torch
    from safetensors.torch import save_file

    state = digits_cnn.state_dict()
    torch.save(state, tmp_path / "weights.onnx")  # a lying extension
    save_file({k: v.contiguous() for k, v in state.items()}, str(tmp_path / "w.bin"))
    (tmp_path / "p.pt").write_bytes(pickle.dumps({"a": 1}, protocol=4))
    assert sniff_model_format(tmp_path / "weights.onnx") == "torch-zip"
    assert sniff_model_format(tmp_path / "w.bin") == "safetensors"
    assert sniff_model_format(tmp_path / "p.pt") == "pickle"


def test_state_dict_loads_into_architecture(
    tmp_path: Path, digits_cnn: Any, digits_split: Any
) -> None:
    import torch

    torch.save(digits_cnn.state_dict(), tmp_path / "m.pt")
    opts = ModelOptions(input_spec=InputSpec(shape=(1, 8, 8)), architecture=DigitsCNN)
    model = load_model(tmp_path / "m.pt", opts)
    x, _ = digits_split["test"]
    ref = torch.softmax(digits_cnn(torch.from_numpy(x[:10])), 1).detach().numpy()
    assert np.allclose(model.predict_proba(x[:10]), ref, atol=1e-5)


def test_weights_without_architecture_say_what_to_do(tmp_path: Path, digits_cnn: Any) -> None:
    import torch

    torch.save(digits_cnn.state_dict(), tmp_path / "m.pt")
    with pytest.raises(ConfigError, match="architecture"):
        load_model(tmp_path / "m.pt", ModelOptions(input_spec=InputSpec(shape=(1, 8, 8))))


def test_pickles_are_refused_by_default(tmp_path: Path, iris_model: Any) -> None:
    import joblib

    joblib.dump(iris_model, tmp_path / "model.joblib")
    with pytest.raises(ModelLoadError, match="arbitrary code"):
        load_model(tmp_path / "model.joblib")
    # allow_pickle alone is not enough: unscanned pickles never load
    with pytest.raises(ModelLoadError, match="no scanner"):
        load_model(tmp_path / "model.joblib", ModelOptions(allow_pickle=True))
    scanned: list[Path] = []
    model = load_model(
        tmp_path / "model.joblib", ModelOptions(allow_pickle=True, scan=scanned.append)
    )
    assert model.classes == (0, 1, 2) and scanned == [tmp_path / "model.joblib"]


def test_a_refusing_scanner_stops_the_load(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "model.pkl").write_bytes(
        b"\x80\x02" + f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
    )

    def refuse(path: Path) -> None:
        raise ModelLoadError(f"{path} flagged")

    with pytest.raises(ModelLoadError, match="flagged"):
        load_model(tmp_path / "model.pkl", ModelOptions(allow_pickle=True, scan=refuse))
    assert not marker.exists()


def test_unknown_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"hello world, not a model")
    with pytest.raises(ModelLoadError, match="unknown"):
        load_model(tmp_path / "x")
    with pytest.raises(InputError, match="does not exist"):
        load_model(tmp_path / "nope")


def test_as_model_explains_what_it_accepts() -> None:
    with pytest.raises(ModelLoadError, match="cannot adapt a str"):
        as_model("model")


def test_npz_with_splits(tmp_path: Path) -> None:
    buf = io.BytesIO()
    np.savez(
        buf,
        x_train=np.zeros((4, 2)),
        y_train=np.zeros(4),
        x_test=np.ones((3, 2)),
        y_test=np.ones(3),
    )
    (tmp_path / "d.npz").write_bytes(buf.getvalue())
    data = load_data(tmp_path / "d.npz")
    assert data.has_membership
    assert data.x.shape == (3, 2)


def test_npz_object_arrays_are_refused(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(InputError, match="object arrays"):
        load_data(tmp_path / "d.npz")


def test_csv_with_label_column(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a,b,label\n1,2,0\n3,4,1\n")
    data = load_data(tmp_path / "d.csv")
    assert data.x.tolist() == [[1, 2], [3, 4]]
    assert data.y is not None and data.y.tolist() == [0, 1]
    (tmp_path / "bad.csv").write_text("a,b\n1,x\n")
    with pytest.raises(
        InputError, match=r"bad.csv row 0 column 'b': 'x' is not a number \(line 2\)"
    ):
        load_data(tmp_path / "bad.csv")


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"f": [1.0, 2.0], "target": [0, 1]}), tmp_path / "d.parquet")
    data = load_data(tmp_path / "d.parquet")
    assert data.x.shape == (2, 1)


def test_as_dataset_shapes_and_errors() -> None:
    assert as_dataset({"train": (np.zeros((2, 1)), [0, 1])}).train is not None
    with pytest.raises(InputError, match="unknown parts"):
        as_dataset({"train": (np.zeros((2, 1)), [0, 1]), "valid": None})
    with pytest.raises(InputError, match="one per sample"):
        as_dataset((np.zeros((3, 2)), np.zeros(2)))
