"""hauberk: secure machine-learning models across their whole life.

``hauberk.assess(model, data, ...)`` assesses live objects (a torch module, a fitted
scikit-learn classifier, an ONNX Runtime session, a function) or a config and returns the
report; it loads on first use, so ``import hauberk`` stays light.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

__all__ = ["ProgressEvent", "__version__", "assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        return import_module("hauberk.assess")  # a callable module: see hauberk.assess
    if name == "ProgressEvent":
        return import_module("hauberk.core._progress").ProgressEvent
    raise AttributeError(f"module 'hauberk' has no attribute {name!r}")
