"""A symbolic pickle interpreter: what would ``pickle.load`` import and call, without doing it.

This module is the format glue the scanners call (:func:`analyse`, :func:`analyse_all`,
:func:`looks_like_pickle`); the interpreter itself is split in four parts, fickling-style:

- :mod:`._pickle_ops`: the opcode table (bytes, names, handler families, hot opcodes);
- :mod:`._pickle_values`: symbolic values, what an analysis reports, how values flow into calls;
- :mod:`._pickle_literals`: protocol 0's text arguments, read as either unpickler reads them;
- :mod:`._pickle_vm`: the interpreter loop and one handler per opcode family.

We write our own rather than use ``pickletools.genops`` (which picklescan, modelscan and
fickling build on in part) because genops only lists opcodes: it does not follow the stack or
memo, so it cannot tell which value a ``REDUCE`` calls, it accepts streams the unpickler
rejects, and it stops at the first ``STOP``. Nothing here imports or executes the payload.

**Compiled and pure builds.** ``pip install`` compiles those four modules with mypyc when a C
compiler is present (``setup.py``; one source of truth, the same typed modules); without one,
or when the build fails, the same modules run as plain Python. :data:`COMPILED` says which
build is loaded. ``HAUBERK_PURE_PICKLE=1`` in the environment loads the pure-Python modules
even when compiled ones are installed; :func:`implementation` returns either build in the same
process, so the tests run both on the same inputs and compare every result.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hauberk.supplychain._limits import ScanLimits

#: The interpreter modules, in import order (each imports only those before it).
PARTS = ("_pickle_ops", "_pickle_values", "_pickle_literals", "_pickle_vm")
_PURE_PACKAGE = "hauberk_pure_pickle"
_HERE = Path(__file__).resolve().parent


def _is_compiled(module: ModuleType) -> bool:
    return not str(getattr(module, "__file__", "")).endswith(".py")


def _load_pure() -> ModuleType:
    """The interpreter modules loaded from their ``.py`` sources, beside any compiled ones.

    They are registered as ``hauberk_pure_pickle.<part>`` (their relative imports resolve
    among themselves), so the compiled build, if any, stays loaded and untouched.
    """
    if f"{_PURE_PACKAGE}._pickle_vm" in sys.modules:
        return sys.modules[f"{_PURE_PACKAGE}._pickle_vm"]
    package = ModuleType(_PURE_PACKAGE)
    package.__path__ = []  # nothing else can be imported from it
    sys.modules.setdefault(_PURE_PACKAGE, package)
    module = package
    for part in PARTS:
        name = f"{_PURE_PACKAGE}.{part}"
        spec = importlib.util.spec_from_file_location(name, _HERE / f"{part}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


def implementation(*, pure: bool) -> ModuleType:
    """The interpreter module (``Interpreter``, the value classes): pure-Python or the
    installed build (compiled when the install could compile it)."""
    if pure:
        return _vm if not COMPILED else _load_pure()
    return _installed


from hauberk.supplychain import _pickle_vm as _installed  # noqa: E402

#: Whether the installed interpreter modules are the mypyc-compiled build.
COMPILED = _is_compiled(_installed)
_vm: Any = _load_pure() if COMPILED and os.environ.get("HAUBERK_PURE_PICKLE") == "1" else _installed
#: Whether this process runs the compiled interpreter (False under ``HAUBERK_PURE_PICKLE=1``).
ACTIVE_COMPILED = COMPILED and _vm is _installed

if TYPE_CHECKING:
    from hauberk.supplychain._pickle_values import (
        Call,
        Global,
        GlobalUse,
        Issue,
        NestedPayload,
        Opaque,
        PickleAnalysis,
        SDict,
        SSet,
        show,
    )
    from hauberk.supplychain._pickle_vm import Interpreter
else:
    Interpreter = _vm.Interpreter
    Global = _vm.Global
    Call = _vm.Call
    Opaque = _vm.Opaque
    SDict = _vm.SDict
    SSet = _vm.SSet
    Issue = _vm.Issue
    GlobalUse = _vm.GlobalUse
    NestedPayload = _vm.NestedPayload
    PickleAnalysis = _vm.PickleAnalysis
    show = _vm.show

from hauberk.supplychain._pickle_ops import (  # noqa: E402
    FRAME,
    HIGHEST_PROTOCOL,
    OPCODE_BYTES,
    PROTO,
)

Buffer = Any  # bytes, bytearray or mmap: indexable and sliceable, with .find


def analyse(
    data: Buffer,
    *,
    start: int = 0,
    end: int | None = None,
    limits: ScanLimits | None = None,
    deadline: float | None = None,
) -> PickleAnalysis:
    """Interpret one pickle stream in ``data`` from ``start``; never raises on bad input."""
    result: PickleAnalysis = Interpreter(
        data, start=start, end=end, limits=limits, deadline=deadline
    ).run()
    return result


def analyse_all(
    data: Buffer,
    *,
    start: int = 0,
    end: int | None = None,
    limits: ScanLimits | None = None,
    deadline: float | None = None,
) -> Iterator[PickleAnalysis]:
    """Successive pickles in ``data``, as repeated ``pickle.load`` calls would read them.

    Stops after the first stream that does not end with STOP, or at ``limits.max_pickles``.
    """
    limits = limits or _DEFAULT
    stop = len(data) if end is None else end
    pos = start
    for _ in range(limits.max_pickles):
        result = analyse(data, start=pos, end=stop, limits=limits, deadline=deadline)
        yield result
        if not result.stopped or result.error or result.limit_hit or result.end >= stop:
            return
        pos = result.end


_DEFAULT = ScanLimits()
_SNIFF = ScanLimits(max_opcodes=10_000, max_pickles=1)
_SNIFF_REST = ScanLimits(max_opcodes=10_000)


def looks_like_pickle(head: bytes) -> bool:
    """A cheap sniff: protocol 2+ header, or a protocol 0/1 stream that reaches STOP or a call."""
    if len(head) >= 2 and head[0] == PROTO and head[1] <= HIGHEST_PROTOCOL:
        return True
    if not head or head[0] not in OPCODE_BYTES or head[0] in (PROTO, FRAME):
        return False
    probe = analyse(head, limits=_SNIFF)
    if probe.calls or probe.limit_hit:
        return True
    if probe.stopped and not probe.error and probe.opcodes >= 2:
        if probe.end >= len(head) or probe.globals:
            return True
        # a short harmless pickle, then another one (a second load() reads it)
        rest = analyse(head, start=probe.end, limits=_SNIFF_REST)
        return bool(rest.calls or rest.globals or rest.limit_hit) or (
            rest.stopped and not rest.error and rest.end >= len(head)
        )
    if not probe.error.startswith("ran out of input"):
        return False
    # The whole head is valid protocol 0/1 opcodes: a long harmless prefix (no PROTO header)
    # can push the payload past any sniffing window, so such a head is a pickle.
    return bool(probe.globals) or (len(head) >= 64 and probe.opcodes >= 16)


OnNested = Callable[[NestedPayload], None]
