"""From configuration to a :class:`~hauberk.models.Target`: model, data, files, trainer."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from hauberk.assess._config import AssessConfig, ModelSection
from hauberk.core import ConfigError, InputError, import_object
from hauberk.models import (
    Dataset,
    HttpModel,
    InputSpec,
    Model,
    ModelOptions,
    Target,
    Trainer,
    as_dataset,
    as_model,
    from_loaded,
    load_data,
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
    if classes is None and data is not None and data.y is not None:
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


def build_model(config: AssessConfig, opts: ModelOptions, data: Dataset | None = None) -> Model:
    section = config.model
    assert section is not None
    if section.url:
        return _http_model(config, opts, data)
    if section.path is not None:
        path = config.resolve(section.path)
        if not path.is_file():
            raise InputError(f"[model] path: {path} does not exist")
        # Digest first, then the very bytes that were checked are deserialised; pickle-based
        # files only with allow_pickle and after a clean scan (hauberk.supplychain).
        # Without a pinned digest or signature, the digest taken now is the one the report
        # records: whatever is assessed is exactly what was hashed.
        signed = section.signature is not None
        loaded = load_verified(
            path,
            sha256=None if signed else (section.sha256 or sha256_file(path)),
            signature=config.resolve(section.signature) if section.signature else None,
            public_key=config.resolve(section.public_key) if section.public_key else None,
            allow_pickle=section.allow_pickle,
            framework="torch",
        )
        model = from_loaded(loaded, opts, path)
    else:
        assert section.python is not None
        factory = import_object(section.python, key="[model] python", search=config.base_dir)
        model = as_model(factory(), opts)
    if section.max_queries is not None:
        model.counter.hard_limit = section.max_queries
    return model


def build_data(config: AssessConfig) -> Dataset | None:
    section = config.data
    if section is None:
        return None
    if section.path is not None:
        return load_data(config.resolve(section.path), label=section.label)
    assert section.python is not None
    loader = import_object(section.python, key="[data] python", search=config.base_dir)
    return as_dataset(loader())


def _check_fit(model: Model, data: Dataset) -> None:
    """Fail early, naming both shapes, when the data cannot be fed to the model."""
    want = model.input_spec.shape
    got = tuple(data.x.shape[1:])
    if got != want and int(np.prod(got)) != int(np.prod(want)):
        raise InputError(
            f"data samples have shape {got} but the model takes {want}; "
            "fix [model] input_shape or the data"
        )
    model.input_spec.check(data.x[:1], where="data")


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
        _check_fit(model, data)
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
                                         ("url", section.url)) if v is not None}  # fmt: skip
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
    )
