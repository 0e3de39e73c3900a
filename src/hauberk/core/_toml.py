"""TOML with a depth limit.

``tomllib`` recurses once per nested array or inline table, so a config file of
``a = [[[[...`` stops the process with a RecursionError instead of the error that names the
file (found in round 28: every config reader caught only ``TOMLDecodeError``)."""

from __future__ import annotations

import tomllib
from typing import Any


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for the parser a ``TOMLDecodeError``."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply to read") from None
