"""Prove a red-team pickle runs its payload under CPython, without running anything real.

``reached(data, "gzip.open")`` loads ``data`` with ``pickle._Unpickler`` whose ``find_class``
returns a recording stand-in for every global, except a few harmless builtins that call what
they are handed (``functools.partial``, ``map``, ``itertools.starmap``, ``list``...), which are
returned for real so that trampolines really call the stand-in. Nothing imported by the stream
is ever executed: the stand-ins only record that they were called, instantiated or given state.
"""

from __future__ import annotations

import builtins
import copyreg
import functools
import io
import itertools
import pickle
from typing import Any

#: Real objects: they only call their arguments, which are stand-ins.
_REAL: dict[str, object] = {
    "functools.partial": functools.partial,
    "_functools.partial": functools.partial,
    "itertools.starmap": itertools.starmap,
    "copyreg._reconstructor": copyreg._reconstructor,  # type: ignore[attr-defined]
    **{
        f"builtins.{n}": getattr(builtins, n)
        for n in ("map", "filter", "list", "tuple", "set", "frozenset", "dict", "sorted", "str")
    },
}


def _recorder(qualname: str, calls: list[str]) -> type:
    class Meta(type):
        def __call__(cls, *args: object, **kwargs: object) -> Any:
            calls.append(qualname)
            return object.__new__(cls)

    class Recorder(metaclass=Meta):
        def __new__(cls, *args: object, **kwargs: object) -> Any:
            calls.append(qualname)
            return object.__new__(cls if isinstance(cls, type) else Recorder)

        def __init__(self, *args: object, **kwargs: object) -> None:
            calls.append(qualname)

        def __setstate__(self, state: object) -> None:
            calls.append(qualname)

        def __call__(self, *args: object, **kwargs: object) -> Any:
            return self

    return Recorder


def reached(data: bytes) -> list[str]:
    """The stand-ins a load called, in order (``module.name`` as the stream spells it).

    Both CPython unpicklers run: the C one (``pickle.loads``, ``torch.load``) and the pure
    Python one (``pickle._Unpickler``, which joblib subclasses); the calls of both are returned.
    """
    from _compat_pickle import IMPORT_MAPPING

    calls: list[str] = []

    def find_class(module: str, name: str) -> object:
        module = (
            IMPORT_MAPPING.get(module, module) if module in ("__builtin__", "copy_reg") else module
        )
        qualname = f"{module}.{name}"
        return _REAL.get(qualname) or _recorder(qualname, calls)

    for base in (pickle.Unpickler, pickle._Unpickler):  # type: ignore[attr-defined]

        class Audit(base):  # type: ignore[misc, valid-type]
            def find_class(self, module: str, name: str) -> object:
                return find_class(module, name)

            def persistent_load(self, pid: object) -> object:
                return None

        try:
            Audit(io.BytesIO(data)).load()
        except Exception as exc:
            calls.append(f"<{base.__module__}.{base.__name__} raised {type(exc).__name__}>")
    return calls
