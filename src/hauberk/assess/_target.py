"""From configuration to a :class:`~hauberk.models.Target`: model, data, files, trainer."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from hauberk.assess._config import AssessConfig, ModelSection, spell
from hauberk.assess._data import load_dataset
from hauberk.core import ConfigError, HauberkError, InputError, ModelLoadError, import_object
from hauberk.models import (
    Dataset,
    HttpModel,
    InputSpec,
    Model,
    ModelOptions,
    Split,
    Target,
    Trainer,
    as_model,
    from_loaded,
)
from hauberk.supplychain import load_verified

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _spec(section: ModelSection, data: Dataset | None) -> InputSpec | None:
    shape = section.input_shape
    if shape is None and data is not None:
        shape = tuple(data.x.shape[1:])
    if shape is None:
        return None
    return InputSpec(shape=tuple(shape), lower=section.lower, upper=section.upper)


def _options(config: AssessConfig, data: Dataset | None) -> ModelOptions:
    section = config.model
    assert section is not None
    architecture = None
    if section.architecture:
        architecture = import_object(
            section.architecture, key="[model] architecture", search=config.base_dir
        )
    return ModelOptions(
        input_spec=_spec(section, data),
        classes=section.classes,
        output=section.output or "logits",
        architecture=architecture,
        allow_pickle=section.allow_pickle,
    )


def _http_model(config: AssessConfig, opts: ModelOptions, data: Dataset | None) -> Model:
    section = config.model
    assert section is not None and section.url is not None
    classes = opts.classes
    if classes is None and data is not None and data.label_encoding is not None:
        classes = tuple(sorted(data.label_encoding))  # the label names the data uses
    elif classes is None and data is not None and data.y is not None:
        classes = tuple(np.unique(data.y).tolist())  # the labels the data uses, sorted
    if opts.input_spec is None or classes is None:
        raise ConfigError(
            "[model] url needs input_shape and classes (or [data] with labels to take them from)"
        )
    token = None
    if section.token_env:
        token = os.environ.get(section.token_env)
        if token is None:
            raise ConfigError(f"[model] token_env: environment variable {section.token_env} unset")
    return HttpModel(
        section.url,
        classes=classes,
        input_spec=opts.input_spec,
        token=token,
        output=section.output or "probabilities",
        input_path=section.input_path,
        output_path=section.output_path,
        query_limit=section.max_queries,
    )


def _has_model(config: AssessConfig) -> bool:
    section = config.model
    return section is not None and any((section.path, section.python, section.url))


def _one_line(exc: BaseException) -> str:
    """The first line of an exception (ONNX Runtime and torch write several), shortened."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first if len(first) <= 300 else first[:297] + "..."


def _onnx_model(session: Any, opts: ModelOptions, section: ModelSection, path: Path) -> Model:
    """An ONNX session, with the score output checked first so that a ZipMap export (a list of
    dicts, no score tensor) gets a hint that names the key the config accepts."""
    from hauberk.models import OnnxModel

    outputs = [(o.name, o.type, list(o.shape or ())) for o in session.get_outputs()]
    tensors = [n for n, t, shape in outputs if t in ("tensor(float)", "tensor(double)")]
    if section.output_name is not None and section.output_name not in [n for n, *_ in outputs]:
        raise ConfigError(
            f"[model] output_name: {path.name} has no output {section.output_name!r}; its "
            f"outputs are {[n for n, *_ in outputs]}"
        )
    square = [n for n, t, shape in outputs if n in tensors and len(shape) == 2]
    if section.output_name is None and not square:
        hint = f"set [model] output_name to one of {tensors}" if tensors else "re-export it"
        raise ModelLoadError(
            f"[model] path: {path.name} has no 2-D float score output (outputs: "
            f"{[(n, t) for n, t, _ in outputs]}); a scikit-learn export needs "
            f"options={{'zipmap': False}} in skl2onnx, or {hint}"
        )
    try:
        return OnnxModel(
            session,
            classes=opts.classes,
            input_spec=opts.input_spec,
            output_name=section.output_name,
        )
    except HauberkError as exc:
        raise type(exc)(f"[model] path: {path.name}: {_one_line(exc)}") from None


def _load_file(config: AssessConfig, opts: ModelOptions) -> Model:
    section = config.model
    assert section is not None and section.path is not None
    path = config.resolve(section.path)
    if path.is_dir():
        raise InputError(
            f"[model] path: {path} is a folder; give the model file inside it "
            "(for example model.onnx, model.safetensors or model.joblib)"
        )
    if not path.is_file():
        raise InputError(f"[model] path: {path} does not exist")
    # Digest first, then the very bytes that were checked are deserialised; pickle-based
    # files only with allow_pickle and after a clean scan (hauberk.supplychain).
    # Without a pinned digest or signature, the digest taken now is the one the report
    # records: whatever is assessed is exactly what was hashed.
    signed = section.signature is not None
    try:
        loaded = load_verified(
            path,
            sha256=None if signed else (section.sha256 or sha256_file(path)),
            signature=config.resolve(section.signature) if section.signature else None,
            public_key=config.resolve(section.public_key) if section.public_key else None,
            allow_pickle=section.allow_pickle,
            framework="torch",
        )
    except ModelLoadError as exc:
        # the loader speaks Python; say it the way this user gives settings
        text = str(exc).replace("pass allow_pickle=True", spell("allow_pickle", config.origin))
        raise ModelLoadError(text) from None
    if hasattr(loaded, "get_inputs") and hasattr(loaded, "run"):
        return _onnx_model(loaded, opts, section, path)
    return from_loaded(loaded, opts, path)


def _from_factory(config: AssessConfig, opts: ModelOptions) -> Model:
    section = config.model
    assert section is not None and section.python is not None
    factory = import_object(section.python, key="[model] python", search=config.base_dir)
    try:
        obj = factory()
    except HauberkError:
        raise
    except Exception as exc:
        raise InputError(
            f"[model] python: {section.python}() raised {type(exc).__name__}: "
            f"{_one_line(exc)}; fix the factory (rerun with --debug for the traceback)"
        ) from exc
    return as_model(obj, opts)


def build_model(config: AssessConfig, opts: ModelOptions, data: Dataset | None = None) -> Model:
    section = config.model
    assert section is not None
    if section.url:
        return _http_model(config, opts, data)
    model = _load_file(config, opts) if section.path is not None else _from_factory(config, opts)
    if section.max_queries is not None:
        model.counter.hard_limit = section.max_queries
    return model


def build_chat(config: AssessConfig) -> Any:
    """The chat model of ``[model] chat_url`` or ``chat``, or ``None``."""
    section = config.model
    if section is None or (section.chat_url is None and section.chat is None):
        return None
    from hauberk.llm import CallableChat, HttpChat

    if section.chat is not None:
        return CallableChat.from_spec(section.chat, key="[model] chat", search=config.base_dir)
    assert section.chat_url is not None
    token = None
    if section.token_env:
        token = os.environ.get(section.token_env)
        if token is None:
            raise ConfigError(f"[model] token_env: environment variable {section.token_env} unset")
    return HttpChat(
        section.chat_url,
        model=section.chat_model,
        token=token,
        timeout=section.chat_timeout,
        stream=section.chat_stream,
    )


def build_data(config: AssessConfig) -> Dataset | None:
    section = config.data
    if section is None:
        return None
    return load_dataset(
        path=section.path,
        python=section.python,
        train=section.train,
        test=section.test,
        label=section.label,
        base=config.base_dir,
    )


def _check_fit(model: Model, data: Dataset, label: str | None) -> None:
    # label: the [data] label key; "" when a file's label column was guessed, not given
    """Fail early, in one line naming both shapes, when the data cannot be fed to the model."""
    want = model.input_spec.shape
    got = tuple(data.x.shape[1:])
    if got != want and int(np.prod(got)) != int(np.prod(want)):
        hint = "give data with the model's columns, or fix [model] input_shape"
        if len(got) == 1 and len(want) == 1 and got[0] == want[0] + 1 and data.y is None:
            hint = "if one column is the label, name it with [data] label = 'column'"
        elif label == "" and len(got) == 1 and len(want) == 1 and got[0] + 1 == want[0]:
            hint = "is a feature column being read as the label? set [data] label"
        raise InputError(
            f"[data]: rows have {got[0] if len(got) == 1 else got} "
            f"{'features' if len(got) == 1 else 'as shape'} but the model takes "
            f"{want[0] if len(want) == 1 else want}; {hint}"
        )
    model.input_spec.check(data.x[:1], where="[data]")
    # No trial prediction here: a model that fails on valid input is the model's fault, and
    # every check reports it as an error (issue 12's fail-closed contract), not a usage error.


def align_labels(model: Model, data: Dataset) -> Dataset:
    """Labels read as names are encoded 0, 1, … (sorted); a model that answers with those
    names (a classifier fitted on strings) gets them back, so its columns line up."""
    encoding = data.label_encoding
    if encoding is None or not all(isinstance(c, str) for c in model.classes):
        return data
    unknown = sorted(set(encoding) - set(model.classes))
    if unknown:
        raise InputError(
            f"[data] label {unknown[0]!r} is not one of the model's classes "
            f"{list(model.classes)[:20]}; fix the label column or the model"
        )
    names = np.asarray(sorted(encoding, key=encoding.__getitem__))

    def decode(split: Split | None) -> Split | None:
        if split is None or split.y is None:
            return split
        return Split(split.x, names[split.y.astype(np.int64)])

    return Dataset(
        train=decode(data.train),
        test=decode(data.test),
        single=decode(data.single),
        label_encoding=encoding,
    )


def _trainer(config: AssessConfig, opts: ModelOptions) -> Trainer | None:
    section = config.model
    if section is None or section.trainer is None:
        return None
    fit = import_object(section.trainer, key="[model] trainer", search=config.base_dir)

    def train(x: Any, y: Any) -> Model:
        return as_model(fit(x, y), opts)

    return train


def build_target(config: AssessConfig) -> Target:
    data = build_data(config)
    # Options once: resolving them imports the user's architecture module.
    opts = _options(config, data) if _has_model(config) else None
    model = build_model(config, opts, data) if opts is not None else None
    if model is not None and data is not None:
        table = config.data
        guessed = table is not None and table.python is None and table.label is None
        _check_fit(model, data, "" if guessed else (table.label if table else None))
        data = align_labels(model, data)
    files: list[Path] = []
    source: dict[str, Any] = {}
    section = config.model
    if section is not None:
        if section.path is not None:
            files.append(config.resolve(section.path))
        for extra in section.files:
            path = config.resolve(extra)
            if not path.exists():
                raise InputError(f"[model] files: {path} does not exist")
            files.append(path)
        source = {k: str(v) for k, v in (("model_path", section.path), ("python", section.python),
                                         ("url", section.url), ("chat_url", section.chat_url),
                                         ("chat", section.chat)) if v is not None}  # fmt: skip
    name = config.assess.name or (files[0].name if files else None) or "model"
    trainer = _trainer(config, opts) if opts is not None else None
    return Target(
        name=name,
        model=model,
        data=data,
        artifacts=tuple(files),
        trainer=trainer,
        endpoint=section.url if section is not None else None,
        source=source,
        chat=build_chat(config),
    )
