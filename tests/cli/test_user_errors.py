"""Every user error is one line naming the file, key, row or column and the fix, caught before
any check runs, spelled for where the setting is given (TOML key, CLI flag, Python argument)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.assess import build_target, parse_config
from hauberk.core import ConfigError, InputError, ModelLoadError, default_registry

REPO = Path(__file__).resolve().parents[2]


def hauberk_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The worktree's own sources first (the venv may point at another checkout)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
    )  # fmt: skip


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 2, (out.returncode, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("hauberk: error: "), lines[0]
    assert "internal error" not in lines[0]
    return lines[0]


def raising_factory() -> Any:
    raise ValueError("weights.bin is missing")


def iris_forest() -> Any:
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier

    x, y = load_iris(return_X_y=True)
    return RandomForestClassifier(n_estimators=5, random_state=0).fit(x, y)


def _iris_csv(path: Path, columns: int = 4) -> Path:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    head = ",".join([f"f{i}" for i in range(columns)] + ["label"])
    rows = [",".join([*map(str, r[:columns]), str(c)]) for r, c in zip(x, y, strict=True)]
    path.write_text("\n".join([head, *rows]) + "\n")
    return path


def _target(tmp_path: Path, raw: dict[str, Any], origin: str = "toml") -> Any:
    cfg = parse_config(raw, default_registry(), source="assess.toml", base_dir=tmp_path,
                       origin=origin)  # type: ignore[arg-type]  # fmt: skip
    return build_target(cfg)


def test_output_that_is_a_file_is_refused_before_any_check(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder")
    _iris_csv(tmp_path / "d.csv")
    out = hauberk_cli("assess", "--data", "d.csv", "--output-dir", "out", cwd=tmp_path)
    line = one_line_error(out)
    assert "--output-dir out is a file; give a folder" in line
    assert "wrote" not in out.stdout


def test_debug_works_after_the_subcommand(tmp_path: Path) -> None:
    out = hauberk_cli("assess", "--model", "missing.onnx", "--debug", cwd=tmp_path)
    assert out.returncode != 0
    assert "Traceback" in out.stderr


def test_pickle_hint_is_spelled_for_the_cli(tmp_path: Path) -> None:
    import joblib

    joblib.dump(iris_forest(), tmp_path / "m.joblib")
    _iris_csv(tmp_path / "d.csv")
    line = one_line_error(
        hauberk_cli("assess", "--model", "m.joblib", "--data", "d.csv", cwd=tmp_path)
    )
    assert "--allow-pickle" in line
    assert "allow_pickle=True" not in line


@pytest.mark.parametrize(
    ("origin", "spelled"),
    [("toml", "allow_pickle = true in [model]"), ("python", "pass allow_pickle=True")],
)
def test_pickle_hint_is_spelled_for_toml_and_python(
    tmp_path: Path, origin: str, spelled: str
) -> None:
    import joblib

    joblib.dump(iris_forest(), tmp_path / "m.joblib")
    with pytest.raises(ModelLoadError) as info:
        _target(tmp_path, {"model": {"path": "m.joblib"}}, origin)
    assert spelled in str(info.value)
    if origin == "toml":
        assert "allow_pickle=True" not in str(info.value)


def test_a_factory_that_raises_names_itself(tmp_path: Path) -> None:
    raw = {"model": {"python": "tests.cli.test_user_errors:raising_factory"}}
    with pytest.raises(InputError, match=r"^\[model\] python: .*raising_factory\(\) raised "
                       r"ValueError: weights.bin is missing; fix the factory"):  # fmt: skip
        _target(tmp_path, raw)


def test_data_of_the_wrong_width_names_both_widths(tmp_path: Path) -> None:
    _iris_csv(tmp_path / "d.csv", columns=3)
    raw = {"model": {"python": "tests.cli.test_user_errors:iris_forest"},
           "data": {"path": "d.csv"}}  # fmt: skip
    with pytest.raises(InputError, match=r"rows have 3 features but the model takes 4"):
        _target(tmp_path, raw)


def test_a_folder_as_the_model_path(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    with pytest.raises(InputError, match=r"\[model\] path: .*model is a folder; give the model"):
        _target(tmp_path, {"model": {"path": "model"}})


def test_header_only_csv(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("f0,f1,f2,f3,label\n")
    raw = {"model": {"python": "tests.cli.test_user_errors:iris_forest"},
           "data": {"path": "d.csv"}}  # fmt: skip
    with pytest.raises(InputError, match=r"\[data\] path: .*d.csv has a header but no data rows"):
        _target(tmp_path, raw)


def _onnx(path: Path, *, zipmap_like: bool = False) -> Path:
    pytest.importorskip("onnxruntime")
    from sklearn.linear_model import LogisticRegression
    from tests.gateway._support import iris_onnx

    from hauberk.models import OnnxModel  # noqa: F401  (onnxruntime present)

    x, y = _iris_xy()
    iris_onnx(path, LogisticRegression(max_iter=300).fit(x, y))
    if zipmap_like:  # only a label and a 1-D confidence, as a ZipMap export leaves behind
        import onnx
        from onnx import TensorProto, helper

        model = onnx.load(str(path))
        graph = model.graph
        graph.node.append(helper.make_node("ReduceMax", ["probabilities"], ["top"], axes=[1],
                                           keepdims=0))  # fmt: skip
        del graph.output[:]
        graph.output.append(helper.make_tensor_value_info("top", TensorProto.FLOAT, ["n"]))
        onnx.save(model, str(path))
    return path


def _iris_xy() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    return x.astype(np.float32), y


def test_onnx_shape_errors_are_one_line(tmp_path: Path) -> None:
    _onnx(tmp_path / "iris.onnx")
    raw = {"model": {"path": "iris.onnx", "input_shape": [2, 2], "classes": [0, 1, 2]}}
    with pytest.raises(ModelLoadError) as info:
        _target(tmp_path, raw)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("[model] path: iris.onnx: ONNX model rejected a batch of shape")


def test_zipmap_hint_names_a_key_the_config_accepts(tmp_path: Path) -> None:
    _onnx(tmp_path / "iris.onnx", zipmap_like=True)
    with pytest.raises(ModelLoadError, match=r"zipmap.*set \[model\] output_name to one of"):
        _target(tmp_path, {"model": {"path": "iris.onnx"}})
    with pytest.raises(ConfigError, match=r"\[model\] output_name: iris.onnx has no output 'x'"):
        _target(tmp_path, {"model": {"path": "iris.onnx", "output_name": "x"}})
