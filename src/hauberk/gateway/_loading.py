"""Model versions for ``hauberk serve``: verified before the server accepts any traffic.

Each file is read once into memory; its bytes are checked against ``sha256`` or a
model-signing ``signature`` with ``hauberk.supplychain.load_verified`` on a private copy
(mode 0600 in a fresh 0700 folder), and the model is built from those same bytes, so the
file cannot be swapped between check and load. A mismatch raises
:class:`~hauberk.core.VerificationError` and the server does not start. Serving an unverified
file needs ``allow_unverified=True`` and logs a warning; it is still loaded by
``load_verified`` (against the digest taken when it was read), so it is scanned and loaded by
the same safe loaders: unverified never means unscanned.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError, QueryCounter, import_object
from hauberk.gateway._config import GatewayConfig, ModelSection
from hauberk.gateway._versions import ModelVersions
from hauberk.models import InputSpec, Model, ModelOptions, as_model, sniff_model_format

log = logging.getLogger("hauberk.gateway")
MAX_MODEL_BYTES = 8 * 1024**3


@dataclass(frozen=True)
class LoadedVersion:
    name: str
    model: Model
    sha256: str
    verified: bool


class _WithSpec:
    """A model whose declared input spec (dtype, bounds) is stricter than its adapter's."""

    def __init__(self, inner: Model, spec: InputSpec) -> None:
        self.inner = inner
        self._spec = spec

    @property
    def classes(self) -> tuple[Any, ...]:
        return self.inner.classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self.inner.counter

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return self.inner.predict_proba(x)


def _options(section: ModelSection, base_dir: Path) -> ModelOptions:
    spec = None
    if section.input_shape is not None:
        spec = InputSpec(
            shape=section.input_shape,
            dtype=section.dtype or "float32",
            lower=section.lower,
            upper=section.upper,
        )
    architecture = (
        import_object(section.architecture, key="[model] architecture", search=base_dir)
        if section.architecture
        else None
    )
    return ModelOptions(
        input_spec=spec,
        classes=section.classes,
        output=section.output,
        architecture=architecture,
        allow_pickle=section.allow_pickle,
    )


def _adapt(obj: Any, data: bytes, kind: str, opts: ModelOptions, path: Path) -> Model:
    """Build a model from what ``load_verified`` returned (the verified bytes)."""
    from hauberk.models import OnnxModel

    if kind == "onnx":
        return OnnxModel(data, classes=opts.classes, input_spec=opts.input_spec)
    if kind in ("safetensors", "torch-zip"):
        if opts.architecture is None:
            raise ConfigError(
                f"{path} holds weights only; name the network with [model] architecture = "
                "'module:factory'"
            )
        module = opts.architecture()
        module.load_state_dict(dict(obj))
        return as_model(module, opts)
    return as_model(obj, opts)


def _read_once(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"model file {path} does not exist or is not a file")
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise InputError(f"model file {path} is larger than {MAX_MODEL_BYTES} bytes")
    with path.open("rb") as fh:
        return fh.read(MAX_MODEL_BYTES + 1)


def load_version(
    path: str | Path,
    *,
    name: str | None = None,
    sha256: str | None = None,
    signature: str | Path | None = None,
    public_key: str | Path | None = None,
    allow_unverified: bool = False,
    section: ModelSection | None = None,
    base_dir: Path = Path(),
    pq_keys: Sequence[Path] = (),
) -> LoadedVersion:
    """Verify ``path`` (digest or signature; with ``pq_keys`` the signature's ML-DSA-65 part
    too), then load it as a model."""
    path = Path(path)
    section = section or ModelSection()
    if (signature is None) != (public_key is None):
        raise ConfigError("--signature and --key go together")
    if pq_keys and signature is None:
        raise ConfigError("--pq-key checks the post-quantum part of --signature; give both")
    verify = sha256 is not None or signature is not None
    if not verify and not allow_unverified:
        raise ConfigError(
            f"refusing to serve {path} unverified: pass --sha256 HEX or --signature SIG --key "
            "PUB (or --allow-unverified to accept the risk)"
        )
    data = _read_once(path)
    digest = hashlib.sha256(data).hexdigest()
    opts = _options(section, base_dir)
    with tempfile.TemporaryDirectory(prefix="hauberk-serve-") as folder:
        os.chmod(folder, 0o700)
        copy = Path(folder) / path.name
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        kind = sniff_model_format(copy)
        if not verify:
            # Unverified never means unscanned: the digest taken now stands in for a pinned
            # one, so the bytes go through the same scan and safe loaders as verified ones.
            log.warning("serving %s UNVERIFIED (sha256 %s): --allow-unverified", path, digest)
        from hauberk.supplychain import load_verified

        obj = load_verified(
            copy,
            sha256=sha256 if verify else digest,
            signature=signature,
            public_key=public_key,
            root=folder,
            allow_pickle=section.allow_pickle,
            framework="torch" if kind in ("safetensors", "torch-zip") else "numpy",
            pq_public_keys=pq_keys,
        )
        model = _adapt(obj, data, kind, opts, path)
    if opts.input_spec is None and (section.lower, section.upper, section.dtype) != (None,) * 3:
        inner = model.input_spec
        model = _WithSpec(
            model,
            InputSpec(
                shape=inner.shape,
                dtype=section.dtype or inner.dtype,
                lower=section.lower,
                upper=section.upper,
            ),
        )
    return LoadedVersion(
        name=name or section.version or f"sha256-{digest[:12]}",
        model=model,
        sha256=digest,
        verified=verify,
    )


def load_versions(
    config: GatewayConfig,
    path: str | Path,
    *,
    sha256: str | None = None,
    signature: str | Path | None = None,
    public_key: str | Path | None = None,
    allow_unverified: bool = False,
    pq_keys: Sequence[Path] = (),
) -> tuple[ModelVersions, list[LoadedVersion]]:
    """The primary model and every ``[[versions]]`` entry, all verified, as live versions.
    ``pq_keys`` make the primary model's signature hybrid (its ML-DSA-65 part must verify)."""
    loaded = [
        load_version(
            path,
            sha256=sha256,
            signature=signature,
            public_key=public_key,
            allow_unverified=allow_unverified,
            section=config.model,
            base_dir=config.base_dir,
            pq_keys=pq_keys,
        )
    ]
    for v in config.versions:
        loaded.append(
            load_version(
                config.resolve(v.path),
                name=v.name,
                sha256=v.sha256,
                signature=config.resolve(v.signature) if v.signature else None,
                public_key=config.resolve(v.public_key) if v.public_key else None,
                allow_unverified=allow_unverified,
                section=config.model,
                base_dir=config.base_dir,
            )
        )
    names = [v.name for v in loaded]
    if len(set(names)) != len(names):
        raise ConfigError(f"model version names must be unique, got {names}")
    versions = ModelVersions(
        {v.name: v.model for v in loaded},
        active=loaded[0].name,
        shadow=config.shadow,
        moving_target=config.moving_target,
    )
    return versions, loaded
