"""Resolving ``module:attribute`` names from configuration (the user's own code)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from hauberk.core._errors import ConfigError


def import_object(spec: str, *, key: str, search: Path | None = None) -> Any:
    """Import ``module:attr`` (``attr`` may be dotted). ``key`` names the setting in errors.

    ``search`` (the config file's folder) is tried first, so a project's own modules resolve
    the way they would when its code runs from there.
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ConfigError(f"{key}: {spec!r} must look like 'package.module:function'")
    added = search is not None and str(search) not in sys.path
    if added:
        sys.path.insert(0, str(search))
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"{key}: cannot import module {module_name!r}: {exc}") from exc
    finally:
        if added:
            sys.path.remove(str(search))
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ConfigError(f"{key}: module {module_name!r} has no {attr!r}") from None
    return obj
