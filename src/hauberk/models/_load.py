"""Turning files and Python objects into models and data sets.

Formats are told from content, never from the file name. Pickle-based files can run code when
loaded, so they are refused unless the caller opts in (``allow_pickle``) *and* hands a scanner
(``ModelOptions.scan``) that passed the file first: opting in never means loading unscanned.
This layer cannot import the scanner (``hauberk.supplychain`` sits above it);
``hauberk.supplychain.load_verified`` and the assess and serve commands scan and load in one
step.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError, ModelLoadError
from hauberk.core._tables import Limits, check_file, read_arrow, read_csv_rows, read_npz, sniff
from hauberk.models._callable import CallableModel
from hauberk.models._protocol import Model
from hauberk.models._sklearn import SklearnModel
from hauberk.models._spec import InputSpec
from hauberk.models._target import Dataset, Split

MAX_MODEL_BYTES = 8 * 1024**3
MAX_DATA_BYTES = 2 * 1024**3
MAX_CSV_ROWS = 5_000_000


@dataclass(frozen=True)
class ModelOptions:
    """How to read a model: what files alone cannot say."""

    input_spec: InputSpec | None = None
    classes: Sequence[Any] | None = None
    output: str = "logits"
    architecture: Callable[[], Any] | None = None
    allow_pickle: bool = False
    #: Called with the file before a pickle-based file is deserialised; raises to refuse it
    #: (a function that runs ``hauberk.supplychain.scan`` and raises on findings). Pickles
    #: are refused without it, even with ``allow_pickle``.
    scan: Callable[[Path], None] | None = None


def sniff_model_format(path: Path) -> str:
    """``onnx``, ``safetensors``, ``torch-zip``, ``torchscript``, ``keras``, ``npz``, ``pickle``,
    or ``unknown``: decided from the first bytes and, for zips, the member names."""
    with path.open("rb") as fh:
        head = fh.read(16)
    size = path.stat().st_size
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if len(head) >= 9:
        n = int.from_bytes(head[:8], "little")
        if 0 < n <= size - 8 and head[8:9] == b"{":
            return "safetensors"
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "pickle"
    if head.startswith(b"\x93NUMPY"):
        return "npy"
    if head[:1] == b"\x08" and size > 16:  # ONNX ModelProto starts with ir_version, field 1
        return "onnx"
    return "unknown"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except zipfile.BadZipFile:
        return "unknown"
    if any(n.endswith("/constants.pkl") for n in names) and any("/code/" in n for n in names):
        return "torchscript"
    if any(n.endswith("data.pkl") for n in names):
        return "torch-zip"
    if "config.json" in names and any(n.endswith(".weights.h5") for n in names):
        return "keras"
    if names and all(n.endswith(".npy") for n in names):
        return "npz"
    return "zip"


def _load_onnx(path: Path, opts: ModelOptions) -> Model:
    from hauberk.models._onnx import OnnxModel

    return OnnxModel(path, classes=opts.classes, input_spec=opts.input_spec)


def _torch_model(module: Any, opts: ModelOptions) -> Model:
    from hauberk.models._torch import TorchModel

    if opts.input_spec is None:
        raise ConfigError("a torch model needs its input shape: set [model] input_shape")
    return TorchModel(module, input_spec=opts.input_spec, classes=opts.classes, output=opts.output)


def _with_weights(state: Mapping[str, Any], opts: ModelOptions, path: Path) -> Model:
    if opts.architecture is None:
        raise ConfigError(
            f"{path} holds weights only; name the network with [model] architecture = "
            "'module:factory' (a function returning the nn.Module to load them into)"
        )
    module = opts.architecture()
    try:
        module.load_state_dict(dict(state))
    except (RuntimeError, KeyError) as exc:
        raise ModelLoadError(f"{path}: weights do not fit the architecture: {exc}") from exc
    return _torch_model(module, opts)


def _load_safetensors(path: Path, opts: ModelOptions) -> Model:
    from safetensors.torch import load_file

    try:
        state = load_file(str(path))
    except Exception as exc:
        raise ModelLoadError(f"{path}: not a valid safetensors file: {exc}") from exc
    return _with_weights(state, opts, path)


def _load_torch_zip(path: Path, opts: ModelOptions) -> Model:
    import torch

    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as exc:
        raise ModelLoadError(
            f"{path}: torch.load(weights_only=True) refused it ({type(exc).__name__}); it "
            "probably pickles a whole module: save model.state_dict() instead"
        ) from exc
    if not isinstance(obj, Mapping):
        raise ModelLoadError(f"{path}: expected a state_dict, found {type(obj).__name__}")
    return _with_weights(obj, opts, path)


def _load_pickle(path: Path, opts: ModelOptions) -> Model:
    if not opts.allow_pickle:
        raise ModelLoadError(
            f"{path} is pickle-based: loading it can run arbitrary code. Convert it to ONNX or "
            "safetensors, or set [model] allow_pickle = true to load it after the artifact scan"
        )
    if opts.scan is None:
        raise ModelLoadError(
            f"{path} is pickle-based and no scanner was given: load it with "
            "hauberk.supplychain.load_verified (which scans it first) or pass "
            "ModelOptions(scan=...)"
        )
    opts.scan(path)
    import joblib

    return as_model(joblib.load(path), opts)


LOADERS: dict[str, Callable[[Path, ModelOptions], Model]] = {
    "onnx": _load_onnx,
    "safetensors": _load_safetensors,
    "torch-zip": _load_torch_zip,
    "pickle": _load_pickle,
}


def load_model(path: str | Path, opts: ModelOptions | None = None) -> Model:
    """Load a model file through the loader its content calls for."""
    opts = opts or ModelOptions()
    path = Path(path)
    if not path.is_file():
        raise InputError(f"model file {path} does not exist or is not a file")
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise InputError(f"model file {path} is larger than {MAX_MODEL_BYTES} bytes")
    fmt = sniff_model_format(path)
    loader = LOADERS.get(fmt)
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise ModelLoadError(f"{path}: format {fmt!r} cannot be loaded as a model (known: {known})")
    return loader(path, opts)


def _is_torch_module(obj: Any) -> bool:
    return any(c.__module__.startswith("torch.nn") for c in type(obj).__mro__)


def from_loaded(obj: Any, opts: ModelOptions, source: Path) -> Model:
    """A model from what a (verified) loader returned: a state dict, an ONNX Runtime session,
    or an object the adapters take."""
    if isinstance(obj, Mapping):
        return _with_weights(obj, opts, source)
    if hasattr(obj, "get_inputs") and hasattr(obj, "run"):
        from hauberk.models._onnx import OnnxModel

        return OnnxModel(obj, classes=opts.classes, input_spec=opts.input_spec)
    return as_model(obj, opts)


def _sklearn_model(estimator: Any, opts: ModelOptions) -> Model:
    """The fitted estimator knows its input width; a spec guessed from data must not win."""
    spec = opts.input_spec
    width = getattr(estimator, "n_features_in_", None)
    if width is not None and (spec is None or spec.features != int(width)):
        lower, upper = (spec.lower, spec.upper) if spec is not None else (None, None)
        spec = InputSpec(shape=(int(width),), dtype="float64", lower=lower, upper=upper)
    return SklearnModel(estimator, input_spec=spec)


ADAPTERS: list[tuple[str, Callable[[Any], bool], Callable[[Any, ModelOptions], Model]]] = [
    ("model", lambda o: isinstance(o, Model), lambda o, _: o),
    ("torch", _is_torch_module, _torch_model),
    ("scikit-learn", lambda o: hasattr(o, "classes_"), _sklearn_model),
]


def as_model(obj: Any, opts: ModelOptions | None = None) -> Model:
    """Adapt a Python object (a torch module, a fitted estimator, a Model, a function)."""
    opts = opts or ModelOptions()
    for _name, accepts, build in ADAPTERS:
        if accepts(obj):
            return build(obj, opts)
    if callable(obj):
        if opts.input_spec is None or opts.classes is None:
            raise ConfigError("a model function needs input_shape and classes in [model]")
        return CallableModel(
            obj, classes=opts.classes, input_spec=opts.input_spec, output=opts.output
        )
    raise ModelLoadError(
        f"cannot adapt a {type(obj).__name__} as a model: return a torch nn.Module, a fitted "
        "scikit-learn classifier, a hauberk Model, or a function of a batch"
    )


def _pair(obj: Any, where: str) -> Split:
    if isinstance(obj, Mapping):
        obj = (obj.get("x"), obj.get("y"))
    if isinstance(obj, tuple | list) and len(obj) == 2:
        return Split(np.asarray(obj[0]), None if obj[1] is None else np.asarray(obj[1]))
    if isinstance(obj, np.ndarray):
        return Split(obj)
    raise InputError(f"{where}: expected (x, y), an array x, or {{'x':..., 'y':...}}")


def as_dataset(obj: Any) -> Dataset:
    """``(x, y)``, ``x``, or ``{"train": (x, y), "test": (x, y)}`` as a :class:`Dataset`."""
    if isinstance(obj, Dataset):
        return obj
    if isinstance(obj, Mapping) and ({"train", "test"} & set(obj)):
        unknown = set(obj) - {"train", "test"}
        if unknown:
            raise InputError(f"data has unknown parts {sorted(unknown)}; use 'train' and 'test'")
        train = _pair(obj["train"], "data['train']") if "train" in obj else None
        test = _pair(obj["test"], "data['test']") if "test" in obj else None
        return Dataset(train=train, test=test)
    return Dataset(single=_pair(obj, "data"))


def _limits(*, rows: int | None = None) -> Limits:
    """Read at call time, so a test (or a caller) can lower the module's limits."""
    return Limits(file_bytes=MAX_DATA_BYTES, rows=rows or Limits().rows)


def _load_npz(path: Path) -> Dataset:
    arrays = read_npz(path, _limits())
    if {"x_train", "x_test"} <= set(arrays):
        return as_dataset(
            {
                "train": (arrays["x_train"], arrays.get("y_train")),
                "test": (arrays["x_test"], arrays.get("y_test")),
            }
        )
    x = arrays.get("x", arrays.get("X"))
    if x is None:
        raise InputError(f"{path}: expected arrays 'x' and 'y' (or x_train/y_train/x_test/y_test)")
    return as_dataset((x, arrays.get("y")))


def _split_label(header: list[str], rows: NDArray[Any], label: str | None, path: Path) -> Dataset:
    names = [h.strip() for h in header]
    if label is None:
        label = next((n for n in ("label", "target", "y", "class") if n in names), None)
    if label is None:
        return as_dataset(rows)
    if label not in names:
        raise InputError(f"{path}: label column {label!r} not among {names}")
    i = names.index(label)
    return as_dataset((np.delete(rows, i, axis=1), rows[:, i]))


def _load_csv(path: Path, label: str | None) -> Dataset:
    header, cells = read_csv_rows(path, _limits(rows=MAX_CSV_ROWS))
    rows = np.empty((len(cells), len(header)), dtype=np.float64)
    for r, row in enumerate(cells):
        try:
            rows[r] = [float(v) for v in row]
        except ValueError:
            c = next(i for i, v in enumerate(row) if not _is_float(v))
            raise InputError(
                f"{path} row {r} column {header[c]!r}: {row[c][:40]!r} is not a number "
                f"(line {r + 2}); encode it as numbers or drop the column"
            ) from None
    return _split_label(header, rows, label, path)


def _is_float(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _load_parquet(path: Path, label: str | None) -> Dataset:
    table = read_arrow(path, "parquet", _limits())
    rows = np.column_stack([np.asarray(c.to_numpy(), dtype=np.float64) for c in table.columns])
    return _split_label(list(table.column_names), rows, label, path)


def load_data(path: str | Path, *, label: str | None = None) -> Dataset:
    """Read ``.npz`` (x/y or x_train/y_train/x_test/y_test), ``.csv`` or ``.parquet``."""
    path = Path(path)
    check_file(path, _limits())
    kind = sniff(path)
    if kind == "npz":
        return _load_npz(path)
    if kind == "parquet":
        return _load_parquet(path, label)
    return _load_csv(path, label)
