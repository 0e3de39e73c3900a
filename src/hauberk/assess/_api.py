"""``hauberk.assess(model, data, ...)``: the Python API, on live objects or on a config.

A live model is a torch ``nn.Module``, a fitted scikit-learn classifier, an ONNX Runtime
session, a hauberk ``Model``, or a plain function of a batch; a model file path goes through
the same verified loading as ``[model] path``. Data is ``(x, y)``, ``x``,
``{"train": (x, y), "test": (x, y)}`` (the privacy stage needs both) or a file path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hauberk.assess._config import AssessConfig, parse_config, read_toml
from hauberk.assess._data import load_dataset
from hauberk.assess._run import assess as run_assessment
from hauberk.assess._target import _check_fit, _options, align_labels, build_model
from hauberk.core import (
    ConfigError,
    Progress,
    Registry,
    Report,
    default_registry,
)
from hauberk.core._progress import CallbackProgress, NullProgress, ProgressEvent
from hauberk.models import (
    Dataset,
    InputSpec,
    Model,
    ModelOptions,
    OnnxModel,
    Target,
    as_dataset,
    as_model,
)

PathLike = str | os.PathLike[str]


def _dataset(data: Any, label: str | None) -> Dataset | None:
    if data is None:
        return None
    if isinstance(data, str | os.PathLike):
        return load_dataset(
            path=Path(data), python=None, train=None, test=None, label=label, base=Path.cwd()
        )
    if isinstance(data, Mapping) and any(isinstance(v, str | os.PathLike) for v in data.values()):
        return load_dataset(
            path=None,
            python=None,
            train=str(data["train"]),
            test=str(data["test"]),
            label=label,
            base=Path.cwd(),
        )
    return as_dataset(data)


def _is_plain_function(obj: Any) -> bool:
    torch_like = any(c.__module__.startswith("torch.nn") for c in type(obj).__mro__)
    return callable(obj) and not torch_like and not hasattr(obj, "classes_")


def _model(
    obj: Any,
    data: Dataset | None,
    *,
    input_shape: Sequence[int] | None,
    classes: Sequence[Any] | None,
    lower: float | None,
    upper: float | None,
    output: str | None,
) -> Model:
    shape = tuple(input_shape) if input_shape is not None else None
    if shape is None and data is not None:
        shape = tuple(data.x.shape[1:])
    spec = InputSpec(shape=shape, lower=lower, upper=upper) if shape is not None else None
    if isinstance(obj, Model):
        return obj
    if hasattr(obj, "get_inputs") and hasattr(obj, "run"):  # an ONNX Runtime session
        return OnnxModel(obj, classes=classes, input_spec=spec, output=output or "auto")
    if _is_plain_function(obj):
        if classes is None and data is not None and data.y is not None:
            classes = tuple(np.unique(data.y).tolist())
        if spec is None or classes is None:
            raise ConfigError(
                "a model function needs input_shape=... and classes=... (or data with labels)"
            )
        output = output or "probabilities"
    opts = ModelOptions(input_spec=spec, classes=classes, output=output or "logits")
    return as_model(obj, opts)


def assess(
    model: Any = None,
    data: Any = None,
    *,
    config: PathLike | Mapping[str, Any] | AssessConfig | None = None,
    stages: Sequence[str] | None = None,
    seed: int = 0,
    name: str | None = None,
    label: str | None = None,
    input_shape: Sequence[int] | None = None,
    classes: Sequence[Any] | None = None,
    lower: float | None = None,
    upper: float | None = None,
    output: str | None = None,
    allow_pickle: bool = False,
    trainer: Callable[[Any, Any], Any] | None = None,
    files: Sequence[PathLike] = (),
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    max_seconds: float | None = None,
    executor: str | None = None,
    ray: str | None = None,
    progress: Callable[[ProgressEvent], Any] | Progress | None = None,
    registry: Registry | None = None,
    chat: Any = None,
) -> Report:
    """Assess ``model`` on ``data`` and return the :class:`~hauberk.core.Report`.

    Either give live objects (``model``, ``data`` and the keyword options) or ``config``
    (an ``assess.toml`` path, the same tables as a dict, or a parsed config), not both.
    ``settings`` holds stage tables (``{"evasion": {"epsilons": [0.1]}}``); ``progress`` is a
    callback receiving a :class:`~hauberk.ProgressEvent` per check and phase. ``executor``
    is ``"local"`` (default), ``"processes"`` or ``"ray"``; ``ray`` is a cluster address
    (and implies the Ray executor). ``chat`` is a
    chat model for the ``llm`` checks: a ``hauberk.llm`` chat model, an OpenAI-compatible
    URL, or a function from messages to the answer's text. The global
    random generators of the calling process are left as they were.
    """
    registry = registry or default_registry()
    shown = _progress(progress)
    if config is not None:
        if model is not None or data is not None:
            raise ConfigError("give config=... or model/data, not both")
        parsed = _from_config(config, registry)
        return run_assessment(parsed, registry=registry, progress=shown)
    if model is None and data is None and not files and chat is None:
        raise ConfigError("nothing to assess: pass model=..., data=..., files=[...] or chat=...")
    table: dict[str, Any] = {"seed": seed}
    if stages is not None:
        table["stages"] = list(stages)
    if name is not None:
        table["name"] = name
    if max_seconds is not None:
        table["max_seconds"] = max_seconds
    if ray is not None:
        table["executor"], table["address"] = executor or "ray", ray
    elif executor is not None:
        table["executor"] = executor
    raw: dict[str, Any] = {"assess": table, **{k: dict(v) for k, v in (settings or {}).items()}}
    if isinstance(model, str | os.PathLike):
        keys = {"input_shape": input_shape, "classes": classes, "lower": lower, "upper": upper,
                "output": output}  # fmt: skip
        raw["model"] = {"path": str(model), "allow_pickle": allow_pickle,
                        **{k: v for k, v in keys.items() if v is not None}}  # fmt: skip
    parsed = parse_config(
        raw, registry, source="hauberk.assess()", base_dir=Path.cwd(), origin="python"
    )
    dataset = _dataset(data, label)
    if isinstance(model, str | os.PathLike):
        built: Model | None = build_model(parsed, _options(parsed, dataset), dataset)
    elif model is not None:
        built = _model(model, dataset, input_shape=input_shape, classes=classes, lower=lower,
                       upper=upper, output=output)  # fmt: skip
    else:
        built = None
    if built is not None and dataset is not None:
        _check_fit(built, dataset, label)
        dataset = align_labels(built, dataset)
    fit = None
    if trainer is not None:
        opts = ModelOptions(input_spec=built.input_spec if built is not None else None,
                            classes=classes)  # fmt: skip

        def fit(x: Any, y: Any) -> Model:
            return as_model(trainer(x, y), opts)

    paths = tuple(Path(p) for p in files)
    if isinstance(model, str | os.PathLike):
        paths = (Path(model), *paths)
    target = Target(
        name=name
        or (paths[0].name if paths else type(model).__name__ if model else None)
        or ("chat" if chat is not None else "data"),
        model=built,
        data=dataset,
        artifacts=paths,
        trainer=fit,
        source={"python_api": type(model).__name__} if model is not None else {},
        chat=_chat(chat),
    )
    return run_assessment(parsed, registry=registry, progress=shown, target=target)


def _chat(obj: Any) -> Any:
    if obj is None:
        return None
    from hauberk.llm import as_chat

    return as_chat(obj)


def _progress(progress: Callable[[ProgressEvent], Any] | Progress | None) -> Progress:
    if progress is None:
        return NullProgress()
    if hasattr(progress, "start") and hasattr(progress, "advance"):
        return progress
    if callable(progress):
        return CallbackProgress(progress)
    raise ConfigError("progress must be a callback taking a ProgressEvent, or a Progress")


def _from_config(
    config: PathLike | Mapping[str, Any] | AssessConfig, registry: Registry
) -> AssessConfig:
    if isinstance(config, AssessConfig):
        return config
    if isinstance(config, Mapping):
        return parse_config(config, registry, source="config", base_dir=Path.cwd(), origin="python")
    path = Path(config)
    return parse_config(
        read_toml(path), registry, source=str(path), base_dir=path.parent.resolve(),
        origin="python",
    )  # fmt: skip
