"""Report formats by name, and writing them so that none is ever half-written."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from hauberk.core._errors import ConfigError, InputError
from hauberk.core._io import write_atomic
from hauberk.core._report import Report


def _html(report: Report) -> str:
    from hauberk.core._html import to_html

    return to_html(report)


def _sarif(report: Report) -> str:
    from hauberk.core._sarif import to_sarif

    return to_sarif(report)


def _junit(report: Report) -> str:
    from hauberk.core._junit import to_junit

    return to_junit(report)


@dataclass(frozen=True)
class Renderer:
    name: str
    extension: str
    render: Callable[[Report], str]


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("json", "json", Report.to_json),
        Renderer("html", "html", _html),
        Renderer("sarif", "sarif", _sarif),
        Renderer("junit", "junit.xml", _junit),
    )
}


def parse_formats(text: str | Sequence[str]) -> list[str]:
    """``"html,json"`` (or a list of such) as format names, each known, in order, no repeats."""
    items = [text] if isinstance(text, str) else list(text)
    names: list[str] = []
    for item in items:
        for name in item.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in RENDERERS:
                allowed = ", ".join(RENDERERS)
                raise ConfigError(f"unknown report format {name!r}; choose from: {allowed}")
            if name not in names:
                names.append(name)
    if not names:
        raise ConfigError("no report format given; choose from: " + ", ".join(RENDERERS))
    return names


def write_reports(report: Report, formats: Sequence[str], out_dir: Path) -> list[Path]:
    """Render every format first, then write each atomically: a failure writes nothing."""
    rendered = [(RENDERERS[f], RENDERERS[f].render(report)) for f in formats]
    paths = []
    for renderer, text in rendered:
        path = Path(out_dir) / f"report.{renderer.extension}"
        write_atomic(path, text)
        paths.append(path)
    return paths


def report_schema() -> dict[str, Any]:
    """The JSON Schema every ``report.json`` validates against."""
    text = files("hauberk.core").joinpath("schemas", "report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


MAX_REPORT_BYTES = 512 * 1024 * 1024


@functools.cache
def _report_validator() -> Any:
    """Built once: ``jsonschema.validate`` checks the schema and builds a validator on every
    call (~80 ms each), which a registry promotion reading several reports paid each time."""
    import jsonschema

    schema = report_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def read_report(path: Path) -> Report:
    """Load a ``report.json``, validated against the shipped schema."""
    import jsonschema

    if not path.is_file():
        raise InputError(f"report file {path} does not exist")
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise InputError(f"report file {path} is larger than {MAX_REPORT_BYTES} bytes")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not JSON: {exc}") from exc
    except RecursionError:  # json nests without limit: a file of "[" overflows the stack
        raise InputError(f"{path}: not JSON: nested too deeply") from None
    try:
        error = jsonschema.exceptions.best_match(_report_validator().iter_errors(data))
        if error is not None:
            raise error
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise InputError(f"{path}: not a hauberk report ({where}: {exc.message})") from None
    return Report.from_dict(data)
