"""``assess.toml``: parsed strictly, so that a typo is an error that names the key."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hauberk.core import ConfigError, Registry, Severity, StageSettings
from hauberk.core._toml import parse_toml

MAX_CONFIG_BYTES = 1024 * 1024
CORE_TABLES = ("model", "data", "assess")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelSection(_Strict):
    """Where the model comes from: exactly one of ``path``, ``python`` or ``url``."""

    path: Path | None = None
    python: str | None = Field(default=None, description="module:factory returning a model")
    url: str | None = Field(default=None, description="remote prediction endpoint")
    token_env: str | None = Field(default=None, description="env var holding the bearer token")
    architecture: str | None = Field(default=None, description="module:factory for weights")
    trainer: str | None = Field(default=None, description="module:function(x, y) -> model")
    input_shape: tuple[int, ...] | None = None
    classes: tuple[int | str, ...] | None = None
    output: Literal["logits", "probabilities"] | None = Field(
        default=None, description="what the model returns; default logits (url: probabilities)"
    )
    output_name: str | None = Field(default=None, description="ONNX: the score output")
    input_path: str = Field(default="inputs", description="url: where the batch goes")
    output_path: str = Field(default="outputs", description="url: where the answers are")
    lower: float | None = None
    upper: float | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    signature: Path | None = Field(default=None, description="model-signing bundle to verify")
    public_key: Path | None = Field(default=None, description="key the signature must match")
    allow_pickle: bool = False
    files: tuple[Path, ...] = Field(default=(), description="more files to scan")
    max_queries: int | None = Field(default=None, gt=0, description="cap for the whole run")
    chat_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="OpenAI-compatible chat completions URL (llm checks)",
    )
    chat: str | None = Field(default=None, description="module:function(messages) -> str")
    chat_model: str = Field(default="default", max_length=200, description="chat_url: model")
    chat_timeout: float = Field(default=30.0, gt=0, le=600, description="chat_url: seconds")
    chat_stream: bool = Field(default=False, description="chat_url: ask for streamed answers")

    @model_validator(mode="after")
    def _one_source(self) -> ModelSection:
        given = [k for k in ("path", "python", "url") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of path, python or url, not {' and '.join(given)}")
        if self.chat_url is not None and self.chat is not None:
            raise ValueError("give chat_url or chat, not both")
        has_chat = self.chat_url is not None or self.chat is not None
        if not given and not self.files and not has_chat:
            raise ValueError("give one of path, python or url (or files to scan, or a chat model)")
        if (self.signature is None) != (self.public_key is None):
            raise ValueError("signature and public_key go together")
        if self.signature is not None and self.sha256 is not None:
            raise ValueError("give sha256 or signature, not both")
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise ValueError(f"lower ({self.lower}) must be below upper ({self.upper})")
        paths = {"input_path": "inputs", "output_path": "outputs"}
        moved = [k for k, v in paths.items() if getattr(self, k) != v]
        if moved and self.url is None:
            raise ValueError(f"{moved[0]} is for a url model; give url or drop {moved[0]}")
        return self


class DataSection(_Strict):
    """One of ``path``, ``python``, or ``train`` with ``test`` (each a file or a factory)."""

    path: Path | None = None
    python: str | None = Field(default=None, description="module:function returning data")
    train: str | None = Field(default=None, description="training rows: file or module:function")
    test: str | None = Field(default=None, description="held-out rows: file or module:function")
    label: str | None = Field(default=None, description="label column of a CSV/Parquet file")

    @model_validator(mode="after")
    def _one_source(self) -> DataSection:
        if (self.train is None) != (self.test is None):
            raise ValueError("train and test go together (members and non-members)")
        given = [k for k in ("path", "python", "train") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of path, python, or train and test")
        return self


class AssessSection(_Strict):
    name: str | None = None
    stages: tuple[str, ...] | None = Field(default=None, description="default: all that apply")
    seed: int = Field(default=0, ge=0, lt=2**32)
    fail_on: str = "high"
    max_seconds: float = Field(default=600.0, gt=0, description="per check")
    max_queries: int | None = Field(default=None, gt=0, description="per check")
    max_samples: int | None = Field(default=None, gt=0, description="per check")
    ledger: str | None = Field(default=None, description="ledger to cite the model's signing in")
    executor: Literal["local", "processes", "ray"] = Field(
        default="local", description="where checks and their split work run"
    )
    address: str | None = Field(default=None, description="Ray cluster address (executor ray)")
    max_retries: int = Field(default=2, ge=0, le=10, description="retries of a lost task")

    @model_validator(mode="after")
    def _severity(self) -> AssessSection:
        Severity.parse(self.fail_on)
        if self.executor == "ray" and not self.address:
            raise ValueError("executor 'ray' needs address = 'HOST:PORT' (or --ray HOST:PORT)")
        return self


#: Where the settings came from, so that a hint is spelled the way the user gives them.
Origin = Literal["toml", "cli", "python"]

#: How to switch an option on, per origin.
SPELLINGS: dict[str, dict[str, str]] = {
    "allow_pickle": {
        "toml": "set allow_pickle = true in [model]",
        "cli": "pass --allow-pickle (or set allow_pickle = true in [model])",
        "python": "pass allow_pickle=True",
    },
}


def spell(option: str, origin: str) -> str:
    return SPELLINGS[option][origin]


class AssessConfig(_Strict):
    model: ModelSection | None = None
    data: DataSection | None = None
    assess: AssessSection = AssessSection()
    stages: dict[str, dict[str, Any]] = Field(default_factory=dict)
    base_dir: Path = Path()
    origin: Origin = "toml"

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.base_dir / path


def _where(loc: tuple[Any, ...], table: str | None = None) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if table:
        parts = [table, *parts]
    if not parts:
        return "config"
    return f"[{parts[0]}] " + ".".join(parts[1:]) if len(parts) > 1 else f"[{parts[0]}]"


def _explain(exc: ValidationError, source: str, table: str | None = None) -> ConfigError:
    err = exc.errors()[0]
    where = _where(tuple(err["loc"]), table)
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return ConfigError(f"{source}: {where}: {msg}")


def read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        return parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def parse_config(
    raw: Mapping[str, Any],
    registry: Registry,
    *,
    source: str,
    base_dir: Path,
    origin: Origin = "toml",
) -> AssessConfig:
    """Validate the core tables and check every stage table's keys against the registry."""
    core = {k: raw[k] for k in CORE_TABLES if k in raw}
    stages: dict[str, dict[str, Any]] = {}
    for table, value in raw.items():
        if table in CORE_TABLES:
            continue
        if not isinstance(value, Mapping):
            raise ConfigError(f"{source}: top-level key {table!r} must be a table ([{table}])")
        try:
            registry.stage(table)
        except ConfigError:
            if table in registry.load_failures:
                raise
            known = ", ".join([*CORE_TABLES, *registry.stages()])
            raise ConfigError(f"{source}: unknown table [{table}]; known tables: {known}") from None
        stages[table] = dict(value)
    try:
        config = AssessConfig.model_validate(
            {**core, "stages": stages, "base_dir": base_dir, "origin": origin}
        )
    except ValidationError as exc:
        raise _explain(exc, source) from None
    for name in config.assess.stages or ():
        try:
            registry.stage(name)
        except ConfigError as exc:
            raise ConfigError(f"{source}: [assess] stages: {exc}") from None
    for stage_name, stage_table in stages.items():
        stage_settings(registry, stage_name, stage_table, source=source)
    return config


def stage_settings(
    registry: Registry, stage: str, table: Mapping[str, Any], *, source: str = "config"
) -> dict[str, StageSettings]:
    """Each check of ``stage`` gets its own keys of ``table``; a key no check knows is an error."""
    checks = registry.checks_of(stage)
    known: set[str] = set()
    for check in checks:
        known |= set(check.stage.settings.model_fields)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{source}: [{stage}] {unknown[0]}: unknown key; known keys: {', '.join(sorted(known))}"
        )
    out: dict[str, StageSettings] = {}
    for check in checks:
        model = check.stage.settings
        mine = {k: v for k, v in table.items() if k in model.model_fields}
        try:
            out[check.name] = model.model_validate(mine)
        except ValidationError as exc:
            raise _explain(exc, source, stage) from None
    return out


def load_config(path: Path, registry: Registry) -> AssessConfig:
    raw = read_toml(path)
    return parse_config(raw, registry, source=str(path), base_dir=path.parent.resolve())
