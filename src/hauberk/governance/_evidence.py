"""What a model card and an ML-BOM may state, read from measurements and never typed in.

:func:`gather` reads the model file(s) (SHA-256 of each), the schema-validated
``report.json`` of an assessment (``hauberk.core.read_report``), an optional dataset manifest
written by ``hauberk data ingest`` and an optional intended-use TOML, and refuses a report
whose recorded artifact digests do not include the model given. :func:`measurements` turns
the report's metrics into rows that carry their interval and sample size; a metric a check
recorded without an interval is left out rather than shown bare, and one a check says it did
not measure (``*_missing``) is listed as not measured.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hauberk.core import ConfigError, InputError
from hauberk.core._toml import parse_toml

if TYPE_CHECKING:
    from hauberk.core import CheckResult, Report
    from hauberk.data._manifest import DatasetManifest

MAX_MODEL_FILES = 10_000
MAX_INTENDED_USE_BYTES = 1024 * 1024
#: Keys a check may use for the sample size behind a metric whose interval is a bare pair.
N_KEYS = ("n", "samples", "eval_rows")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntendedUse(_Strict):
    """The ``[intended_use]`` table of ``--intended-use FILE.toml``: what the owner states."""

    primary_uses: tuple[str, ...] = ()
    primary_users: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()


class ModelSection(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=256)
    version: str | None = Field(default=None, min_length=1, max_length=64)
    description: str | None = None
    owners: tuple[str, ...] = ()
    license: str | None = None


class Considerations(_Strict):
    factors: tuple[str, ...] = ()
    ethical: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()


class CardConfig(_Strict):
    """What the model owner states about the model (read from TOML, never invented)."""

    model: ModelSection = ModelSection()
    intended_use: IntendedUse = IntendedUse()
    considerations: Considerations = Considerations()


def load_card_config(path: Path | None) -> CardConfig | None:
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(f"{path}: no such intended-use file")
    if path.stat().st_size > MAX_INTENDED_USE_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_INTENDED_USE_BYTES} bytes")
    try:
        raw = parse_toml(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not TOML ({exc})") from None
    try:
        return CardConfig.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: key {where}: {err['msg']}") from None


@dataclass(frozen=True)
class ModelFile:
    path: str  # relative to the model folder, or the file name
    sha256: str
    size: int


def model_files(model: Path) -> list[ModelFile]:
    """SHA-256 and size of the model file, or of every file under a model folder."""
    if model.is_file():
        paths = [(model.name, model)]
    elif model.is_dir():
        found = sorted(p for p in model.rglob("*") if p.is_file() and ".git" not in p.parts)
        if len(found) > MAX_MODEL_FILES:
            raise InputError(f"{model}: more than {MAX_MODEL_FILES} files; not a model folder")
        paths = [(p.relative_to(model).as_posix(), p) for p in found]
    else:
        raise InputError(f"{model}: no such model file or folder")
    if not paths:
        raise InputError(f"{model}: the model folder holds no files")
    out = []
    for name, path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        out.append(ModelFile(name, digest.hexdigest(), path.stat().st_size))
    return out


def check_report_matches(model: Path, files: list[ModelFile], report: Report) -> bool:
    """True when the report records artifact digests and they are this model's; False when
    it records none (it cannot be confirmed); raises on a mismatch."""
    recorded = report.environment.get("artifacts")
    if not isinstance(recorded, Mapping) or not recorded:
        return False
    theirs = {str(v) for v in recorded.values()}
    ours = {f.sha256 for f in files}
    ok = files[0].sha256 in theirs if len(files) == 1 else theirs <= ours
    if not ok:
        raise InputError(
            f"{model}: the report assessed other model files (SHA-256 "
            f"{', '.join(sorted(theirs))[:140]}); give the report of this model"
        )
    return True


@dataclass(frozen=True)
class Measurement:
    """One measured number with its interval and sample size (``n`` None: not recorded)."""

    check: str
    stage: str
    name: str
    value: float
    low: float
    high: float
    n: int | None
    confidence: float = 0.95
    method: str = ""

    def describe(self) -> str:
        n = f"n={self.n}" if self.n is not None else "n not recorded"
        pct = round(self.confidence * 100)
        return f"{self.value:.3f} ({pct}% CI {self.low:.3f}-{self.high:.3f}, {n})"


@dataclass(frozen=True)
class NotMeasured:
    check: str
    name: str
    reason: str


def _ci_key(key: str) -> str:
    base, at, where = key.partition("@")
    return f"{base}_ci{at}{where}"


def _sample_size(metrics: Mapping[str, Any]) -> int | None:
    for key in N_KEYS:
        value = metrics.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    members, non = metrics.get("members"), metrics.get("non_members")
    if isinstance(members, int) and isinstance(non, int):
        return members + non
    return None


def result_measurements(result: CheckResult) -> tuple[list[Measurement], list[NotMeasured]]:
    metrics = result.metrics
    found: list[Measurement] = []
    missing: list[NotMeasured] = []
    for key, value in metrics.items():
        if key.endswith("_missing") and isinstance(value, str):
            missing.append(NotMeasured(result.check, key.removesuffix("_missing"), value))
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        ci = metrics.get(_ci_key(key))
        if isinstance(ci, Mapping) and {"ci_low", "ci_high"} <= set(ci):
            n = ci.get("n")
            found.append(
                Measurement(
                    result.check,
                    result.stage,
                    key,
                    float(value),
                    float(ci["ci_low"]),
                    float(ci["ci_high"]),
                    int(n) if isinstance(n, int) else _sample_size(metrics),
                    float(ci.get("confidence", 0.95)),
                    str(ci.get("method", "")),
                )
            )
        elif isinstance(ci, list | tuple) and len(ci) == 2:
            found.append(
                Measurement(
                    result.check,
                    result.stage,
                    key,
                    float(value),
                    float(ci[0]),
                    float(ci[1]),
                    _sample_size(metrics),
                )
            )
    return found, missing


def measurements(report: Report) -> tuple[list[Measurement], list[NotMeasured]]:
    found: list[Measurement] = []
    missing: list[NotMeasured] = []
    for result in report.results:
        got, lost = result_measurements(result)
        found += got
        missing += lost
    return found, missing


@dataclass(frozen=True)
class Evidence:
    """Everything a card or a BOM is built from."""

    model: Path
    files: list[ModelFile]
    report: Report | None
    report_path: Path | None
    report_sha256: str | None
    report_matches: bool  # False: the report records no artifact digests to compare
    manifest: DatasetManifest | None = None
    manifest_path: Path | None = None
    config: CardConfig | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.config is not None and self.config.model.name:
            return self.config.model.name
        if self.report is not None and isinstance(self.report.target.get("name"), str):
            return str(self.report.target["name"])
        return self.model.name

    @property
    def version(self) -> str | None:
        return self.config.model.version if self.config is not None else None


def gather(
    model: Path,
    *,
    report: Path | None = None,
    manifest: Path | None = None,
    intended_use: Path | None = None,
) -> Evidence:
    """Read and cross-check every input; raise ``InputError``/``ConfigError`` on bad input."""
    from hauberk.core import read_report

    files = model_files(model)
    loaded = read_report(report) if report is not None else None
    matches = check_report_matches(model, files, loaded) if loaded is not None else False
    data = None
    if manifest is not None:
        from hauberk.core import VerificationError
        from hauberk.data._manifest import load_manifest

        try:
            data = load_manifest(manifest)
        except VerificationError as exc:
            raise InputError(str(exc)) from None
    config = load_card_config(intended_use)
    missing = []
    if loaded is None:
        missing.append("no assessment report: give --report report.json from `hauberk assess`")
    elif not matches:
        missing.append(
            "the report records no model file digests, so it cannot be confirmed to be about "
            "this model"
        )
    if loaded is not None:
        from hauberk.governance._sections import section_gaps

        missing += section_gaps(loaded)
    if data is None:
        missing.append("no dataset manifest: give --data-manifest from `hauberk data ingest`")
    if config is None:
        missing.append("no intended use stated: give --intended-use FILE.toml")
    return Evidence(
        model=model,
        files=files,
        report=loaded,
        report_path=report,
        report_sha256=hashlib.sha256(report.read_bytes()).hexdigest() if report else None,
        report_matches=matches,
        manifest=data,
        manifest_path=manifest,
        config=config,
        missing=missing,
    )
