"""A symbolic pickle interpreter: what would ``pickle.load`` import and call, without doing it.

This module is the format glue the scanners call (:func:`analyse`, :func:`analyse_all`,
:func:`looks_like_pickle`); the interpreter itself is split in five parts, fickling-style:

- :mod:`._pickle_ops`: the opcode table (bytes, names, handler families, hot opcodes);
- :mod:`._pickle_values`: symbolic values, what an analysis reports, how values flow into calls;
- :mod:`._pickle_literals`: protocol 0's text arguments, read as either unpickler reads them;
- :mod:`._pickle_calls`: what the stream imports and calls, judged by the policy;
- :mod:`._pickle_vm`: the interpreter loop and one handler per opcode family.

We write our own rather than use ``pickletools.genops`` (which picklescan, modelscan and
fickling build on in part) because genops only lists opcodes: it does not follow the stack or
memo, so it cannot tell which value a ``REDUCE`` calls, it accepts streams the unpickler
rejects, and it stops at the first ``STOP``. Nothing here imports or executes the payload.

**Compiled and pure builds.** ``pip install`` compiles those five modules with mypyc when a C
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
PARTS = ("_pickle_ops", "_pickle_values", "_pickle_literals", "_pickle_calls", "_pickle_vm")
_PURE_PACKAGE = "hauberk_pure_pickle"
_HERE = Path(__file__).resolve().parent
_VM = f"{__package__}._pickle_vm"


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


def _compiled_present() -> bool:
    spec = importlib.util.find_spec(_VM)
    return spec is not None and not str(spec.origin).endswith(".py")


def _compiled_current() -> bool:
    """The compiled build was made from the ``.py`` files now beside it (``setup.py`` records
    their SHA-256): after an edit in an editable install, the edited Python runs instead."""
    import hashlib
    import json

    try:
        recorded = json.loads((_HERE / "_pickle_native.json").read_text())
        return all(
            hashlib.sha256((_HERE / f"{part}.py").read_bytes()).hexdigest()
            == recorded.get(f"{part}.py")
            for part in PARTS
        )
    except (OSError, ValueError, AttributeError):
        return False


def _select() -> tuple[ModuleType, str]:
    """The interpreter this process runs, and why."""
    if not _compiled_present():
        return importlib.import_module(_VM), "pure Python: no compiled build is installed"
    if os.environ.get("HAUBERK_PURE_PICKLE") == "1":
        return _load_pure(), "pure Python: HAUBERK_PURE_PICKLE=1"
    if not _compiled_current():
        return _load_pure(), "pure Python: the compiled build is older than the sources"
    try:
        return importlib.import_module(_VM), "compiled (mypyc)"
    except ImportError as exc:
        return _load_pure(), f"pure Python: the compiled build does not load ({exc})"


_vm, BUILD = _select()
#: Whether this process runs the compiled interpreter (:data:`BUILD` says why or why not).
COMPILED = BUILD.startswith("compiled")


def implementation(*, pure: bool) -> ModuleType | None:
    """The interpreter module (``Interpreter`` and the value classes) of one build.

    ``pure=True``: the modules run as Python (always available). ``pure=False``: the compiled
    build, or ``None`` when none is installed or it is stale or does not load.
    """
    if pure:
        return _vm if not COMPILED else _load_pure()
    if COMPILED:
        return _vm
    if _compiled_present() and _compiled_current():
        try:
            return importlib.import_module(_VM)
        except ImportError:
            return None
    return None


if TYPE_CHECKING:
    from hauberk.supplychain._pickle_values import (
        Call as Call,
    )
    from hauberk.supplychain._pickle_values import (
        Global as Global,
    )
    from hauberk.supplychain._pickle_values import (
        GlobalUse as GlobalUse,
    )
    from hauberk.supplychain._pickle_values import (
        Issue as Issue,
    )
    from hauberk.supplychain._pickle_values import (
        NestedPayload as NestedPayload,
    )
    from hauberk.supplychain._pickle_values import (
        Opaque as Opaque,
    )
    from hauberk.supplychain._pickle_values import (
        PickleAnalysis as PickleAnalysis,
    )
    from hauberk.supplychain._pickle_values import (
        SDict as SDict,
    )
    from hauberk.supplychain._pickle_values import (
        SSet as SSet,
    )
    from hauberk.supplychain._pickle_values import (
        show as show,
    )
    from hauberk.supplychain._pickle_vm import Interpreter as Interpreter
else:
    _values = sys.modules[f"{_vm.__name__.rpartition('.')[0]}._pickle_values"]
    Interpreter = _vm.Interpreter
    Global = _values.Global
    Call = _values.Call
    Opaque = _values.Opaque
    SDict = _values.SDict
    SSet = _values.SSet
    Issue = _values.Issue
    GlobalUse = _values.GlobalUse
    NestedPayload = _values.NestedPayload
    PickleAnalysis = _values.PickleAnalysis
    show = _values.show

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
