"""Layer 3: the orchestrator behind ``hauberk assess``.

The package is also callable: ``hauberk.assess(model, data, ...)`` is
:func:`hauberk.assess._api.assess` (a module and a function cannot share the name
``hauberk.assess`` otherwise: importing the package would replace the function).
"""

import sys
import types
from typing import Any

from hauberk.assess._api import assess as assess_objects
from hauberk.assess._config import AssessConfig, load_config, parse_config
from hauberk.assess._run import assess, run_checks
from hauberk.assess._target import build_target

__all__ = [
    "AssessConfig",
    "assess",
    "assess_objects",
    "build_target",
    "load_config",
    "parse_config",
    "run_checks",
]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return assess_objects(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
