"""A symbolic pickle interpreter: what would ``pickle.load`` import and call, without doing it.

The interpreter follows CPython's unpickler (``Lib/pickle.py`` ``_Unpickler`` and
``Modules/_pickle.c``) opcode by opcode: the object stack, the mark stack (metastack), the
memo, protocol and frame handling, and the exceptions the real unpickler would raise. Values
are symbolic: constants are kept, imported globals become :class:`Global`, results of calls
become :class:`Call`, so a callable reached through memo entries, ``STACK_GLOBAL`` strings
stored in the memo, or resolver calls (``getattr``, ``importlib.import_module``, ...) is still
resolved to ``module.name`` and judged by :mod:`hauberk.supplychain._policy`.

We write our own rather than use ``pickletools.genops`` (which picklescan, modelscan and
fickling build on in part) because genops only lists opcodes: it does not follow the stack or
memo, so it cannot tell which value a ``REDUCE`` calls, it accepts streams the unpickler
rejects, and it stops at the first ``STOP``. Nothing here imports or executes the payload.
"""

from __future__ import annotations

import struct
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hauberk.core import Severity
from hauberk.supplychain import _policy
from hauberk.supplychain._limits import ScanLimits

Buffer = Any  # bytes, bytearray or mmap: indexable and sliceable, with .find

# Opcodes (see Lib/pickle.py).
MARK, STOP, POP, POP_MARK, DUP = 0x28, 0x2E, 0x30, 0x31, 0x32
FLOAT, INT, BININT, BININT1, LONG, BININT2, NONE = 0x46, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E
PERSID, BINPERSID, REDUCE, STRING, BINSTRING, SHORT_BINSTRING = 0x50, 0x51, 0x52, 0x53, 0x54, 0x55
UNICODE, BINUNICODE, APPEND, BUILD, GLOBAL, DICT, EMPTY_DICT = (
    0x56,
    0x58,
    0x61,
    0x62,
    0x63,
    0x64,
    0x7D,
)
APPENDS, GET, BINGET, INST, LONG_BINGET, LIST, EMPTY_LIST = 0x65, 0x67, 0x68, 0x69, 0x6A, 0x6C, 0x5D
OBJ, PUT, BINPUT, LONG_BINPUT, SETITEM, TUPLE, EMPTY_TUPLE = (
    0x6F,
    0x70,
    0x71,
    0x72,
    0x73,
    0x74,
    0x29,
)
SETITEMS, BINFLOAT = 0x75, 0x47
PROTO, NEWOBJ, EXT1, EXT2, EXT4, TUPLE1, TUPLE2, TUPLE3 = (
    0x80,
    0x81,
    0x82,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
)
NEWTRUE, NEWFALSE, LONG1, LONG4 = 0x88, 0x89, 0x8A, 0x8B
BINBYTES, SHORT_BINBYTES = 0x42, 0x43
SHORT_BINUNICODE, BINUNICODE8, BINBYTES8, EMPTY_SET, ADDITEMS = 0x8C, 0x8D, 0x8E, 0x8F, 0x90
FROZENSET, NEWOBJ_EX, STACK_GLOBAL, MEMOIZE, FRAME = 0x91, 0x92, 0x93, 0x94, 0x95
BYTEARRAY8, NEXT_BUFFER, READONLY_BUFFER = 0x96, 0x97, 0x98

OPCODE_BYTES = frozenset(b"(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC" + bytes(range(0x80, 0x99)))
HIGHEST_PROTOCOL = 5
_JOBLIB_WRAPPER = "joblib.numpy_pickle.NumpyArrayWrapper"
_SPECIAL = frozenset(_policy.RESOLVERS) | _policy.NESTED_LOADERS
_NESTED_DEPTH = 4
_INT_OPS = frozenset((BININT1, BININT2, BININT))


class Global:
    """An imported module attribute (``name`` empty for a module object)."""

    __slots__ = ("key", "module", "name", "offset")

    def __init__(self, module: str, name: str, offset: int, key: str = "") -> None:
        self.module = module
        self.name = name
        self.offset = offset
        self.key = key

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module


class Call:
    """The result of calling ``func`` with ``args`` (REDUCE, NEWOBJ, OBJ, INST...)."""

    __slots__ = ("args", "func", "kind", "offset", "state")

    def __init__(self, func: object, args: object, kind: str, offset: int) -> None:
        self.func = func
        self.args = args
        self.kind = kind
        self.offset = offset
        self.state: object = None


class Opaque:
    """A value the interpreter cannot know (persistent ids, extension codes, buffers).

    ``callable`` marks values that may be any callable (extension codes, globals whose name
    was computed at load time); a persistent id or an array is data.
    """

    __slots__ = ("callable", "what")

    def __init__(self, what: str, *, callable: bool = False) -> None:
        self.what = what
        self.callable = callable


class SDict:
    """A dict: its first items in order, then only the items that are not plain data."""

    __slots__ = ("items", "size")

    def __init__(self) -> None:
        self.items: list[tuple[object, object]] = []
        self.size = 0

    def get(self, key: str) -> object:
        for k, v in self.items:
            if k == key:
                return v
        return None


class SSet:
    __slots__ = ("frozen", "items")

    def __init__(self, items: list[object] | None = None, *, frozen: bool = False) -> None:
        self.items: list[object] = items or []
        self.frozen = frozen


@dataclass
class Issue:
    """Something wrong with the stream itself (not a global): rule key, severity, detail."""

    rule: str
    severity: Severity
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class GlobalUse:
    """One distinct global the stream resolves, how it was reached and whether it is called."""

    qualname: str
    verdict: _policy.Verdict
    offset: int
    via: str
    calls: int = 0
    args: str = ""
    safe_calls: int = 0
    #: Called, or handed to something that calls it, while loading.
    invoked: bool = False
    #: Raised above the verdict by what the call receives or by its arguments.
    raised: Severity | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def waived(self) -> bool:
        """A resolver every one of whose calls reached an allowed target."""
        return self.calls > 0 and self.safe_calls == self.calls and self.raised is None

    @property
    def severity(self) -> Severity | None:
        """The verdict raised by use: an unknown callable that runs is high, not medium."""
        if self.waived:
            return None
        base = _policy.invoked_severity(self.verdict) if self.invoked else self.verdict.severity
        if self.raised is not None and (base is None or self.raised > base):
            return self.raised
        return base

    def raise_to(self, severity: Severity, reason: str) -> None:
        if self.raised is None or severity > self.raised:
            self.raised = severity
        if len(self.reasons) < 8 and reason not in self.reasons:
            self.reasons.append(reason)


@dataclass
class NestedPayload:
    """Bytes passed to a nested deserialiser, to be scanned by the caller."""

    loader: str
    offset: int
    data: bytes


@dataclass
class PickleAnalysis:
    """Everything the interpreter learned about one pickle stream."""

    start: int
    end: int = 0
    stopped: bool = False
    error: str = ""
    opcodes: int = 0
    protocol: int = 0
    globals: dict[str, GlobalUse] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    nested: list[NestedPayload] = field(default_factory=list)
    calls: int = 0
    joblib_arrays: int = 0
    persistent_ids: list[object] = field(default_factory=list)
    limit_hit: str = ""

    @property
    def worst(self) -> Severity | None:
        found = [g.severity for g in self.globals.values()]
        found += [i.severity for i in self.issues]
        return max((s for s in found if s is not None), default=None)


class _Fail(Exception):
    """The real unpickler would raise here."""


class _Limit(Exception):
    """A scan limit was reached."""


def show(value: object, budget: int = 160) -> str:
    """A short, safe rendering of a symbolic value for evidence."""
    text = _show(value, 0)
    return text if len(text) <= budget else text[: budget - 3] + "..."


def _show(value: object, depth: int) -> str:
    if depth > 4:
        return "..."
    if isinstance(value, Global):
        return value.qualname
    if isinstance(value, Call):
        return f"{_show(value.func, depth + 1)}{_show(value.args, depth + 1)}"
    if isinstance(value, tuple):
        inner = ", ".join(_show(v, depth + 1) for v in value[:8])
        return f"({inner}{', ...' if len(value) > 8 else ''}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        inner = ", ".join(_show(v, depth + 1) for v in value[:8])
        return f"[{inner}{', ...' if len(value) > 8 else ''}]"
    if isinstance(value, SDict):
        return "{" + ", ".join(f"{_show(k, depth + 1)}: ..." for k, _ in value.items[:8]) + "}"
    if isinstance(value, SSet):
        return "{set}"
    if isinstance(value, Opaque):
        return f"<{value.what}>"
    if isinstance(value, str | bytes | bytearray):
        return repr(value[:120])
    return repr(value)


def _decode_string(raw: bytes) -> str | bytes:
    """STRING opcode argument: a quoted Python 2 string literal."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[:1] in (b"'", b'"'):
        raw = raw[1:-1]
    else:
        raise _Fail("the STRING opcode argument must be quoted")
    try:
        import codecs

        decoded = codecs.escape_decode(raw)[0]
    except ValueError as exc:
        raise _Fail(f"bad STRING escape: {exc}") from None
    try:
        return bytes(decoded).decode("ascii")
    except UnicodeDecodeError:
        raise _Fail("STRING opcode argument is not ASCII") from None


class Interpreter:
    """Runs one pickle stream symbolically from ``start`` in ``data``.

    ``nested_ok`` controls whether nested payloads are collected for the caller to scan.
    """

    def __init__(
        self,
        data: Buffer,
        *,
        start: int = 0,
        end: int | None = None,
        limits: ScanLimits | None = None,
        deadline: float | None = None,
        depth: int = 0,
    ) -> None:
        self.data = data
        self.start = start
        self.end = len(data) if end is None else end
        self.limits = limits or ScanLimits()
        self.deadline = deadline
        self.depth = depth
        self.result = PickleAnalysis(start=start)
        self.opcode_budget = self.limits.max_opcodes
        self._first_call_offset = -1
        self._deferred: list[tuple[Global | None, object, int]] = []
        self._flow_left = _FLOW_BUDGET
        self._plain: dict[int, tuple[object, int]] = {}

    # -- reading ---------------------------------------------------------------------------

    def _need(self, pos: int, n: int, what: str) -> None:
        if n < 0 or pos + n > self.end:
            remain = max(0, self.end - pos)
            raise _Fail(f"{what} needs {n} bytes at offset {pos} but only {remain} remain")

    def _line(self, pos: int, what: str) -> tuple[bytes, int]:
        nl = self.data.find(b"\n", pos, self.end)
        if nl < 0:
            raise _Fail(f"{what} at offset {pos}: line is not terminated (truncated stream)")
        return bytes(self.data[pos:nl]), nl + 1

    # -- bookkeeping -----------------------------------------------------------------------

    def _global(self, module: str, name: str, offset: int, via: str) -> Global:
        verdict = _policy.judge(module, name) if name else _policy.judge_module(module)
        key = verdict.qualname
        value = Global(module, name, offset, key)
        use = self.result.globals.get(key)
        if use is None:
            self.result.globals[key] = GlobalUse(key, verdict, offset, via)
        elif via != use.via and via not in use.via:
            use.via += f", {via}"
        return value

    def _issue(self, rule: str, severity: Severity, detail: str, **evidence: Any) -> None:
        if len(self.result.issues) < 200:
            self.result.issues.append(Issue(rule, severity, detail, dict(evidence)))

    def _call(self, func: object, args: object, kind: str, offset: int) -> Call:
        if type(args) in _NOT_ITERABLE_TYPES or (kind == "NEWOBJ_EX" and not _kwargs_ok(args)):
            raise _Fail(f"{kind} at offset {offset}: the arguments are not an iterable")
        if isinstance(func, Call) and func.kind == "resolved" and isinstance(func.func, Global):
            func = func.func  # getattr(...)(...) calls what the resolver reached
        if type(func) in _NOT_CALLABLE_TYPES:
            raise _Fail(f"{kind} at offset {offset} calls a {type(func).__name__}")
        self.result.calls += 1
        if self._first_call_offset < 0:
            self._first_call_offset = offset
        result = Call(func, args, kind, offset)
        if isinstance(func, Global):
            use = self.result.globals.get(func.key)
            if use is not None:
                use.calls += 1
                use.invoked = True
                if not use.args:
                    use.args = show(args)
                if use.verdict.allowed and func.key in _policy.ARGUMENT_CHECKED:
                    why = _policy.check_args(func.key, args)
                    if why:
                        use.raise_to(Severity.HIGH, f"{why} (offset {offset})")
            self._special_call(func, args, result, offset)
            self._receives(func, args, offset)
            if func.key in _policy.LAZY_TRAMPOLINES and isinstance(args, tuple) and args:
                self._calls_computed(func.key, args[0], offset)
        else:
            self._issue(
                "dynamic",
                Severity.HIGH,
                f"{kind} at offset {offset} calls a value computed at load time: {show(func)}",
                offset=offset,
                callable=show(func),
                args=show(args),
            )
            self._receives(None, args, offset)
        return result

    def _receives(self, func: Global | None, args: object, offset: int) -> None:
        """Judge the callables that flow into a call: each runs, and raises its caller."""
        if type(args) is tuple and all(_inert(a) for a in args):
            return  # the common case: constants and objects, nothing that can be called
        flow = self._flow(args)
        if flow:
            self._invoke(func, flow, offset)
        if (func is None or func.key in _policy.LAZY_TRAMPOLINES) and _mutable(args):
            # A lazy iterator or partial keeps its containers: they can still grow after the
            # call (APPENDS on a memoised list) and be drained later. Look again at the end.
            if len(self._deferred) >= _MAX_DEFERRED:
                raise _Limit(f"more than {_MAX_DEFERRED} lazy calls over growing containers")
            self._deferred.append((func, args, offset))

    def _flow(self, args: object) -> list[object]:
        """:func:`_flow` under the analysis-wide budget (a scan limit when it runs out)."""
        flow, used = _flow(args, self._flow_left, self._plain)
        self._flow_left -= used
        if flow is None:
            raise _Limit(f"more than {_FLOW_BUDGET} values followed through call arguments")
        return flow

    def _invoke(self, func: Global | None, flow: list[object], offset: int) -> None:
        caller = None if func is None else self.result.globals.get(func.key)
        where = "a computed callable" if func is None else func.key
        for value in flow:
            if isinstance(value, Global):
                use = self.result.globals.get(value.key)
                if use is None or use.verdict.allowed:
                    continue
                use.invoked = True
                if len(use.reasons) < 8:
                    reason = f"handed to {where} at offset {offset}, which calls it"
                    if reason not in use.reasons:
                        use.reasons.append(reason)
                severity = _policy.invoked_severity(use.verdict)
                name = value.key
            else:  # an Opaque that may be any callable
                severity, name = Severity.HIGH, show(value)
            if caller is not None and severity is not None and caller.verdict.allowed:
                caller.raise_to(severity, f"receives {name} (offset {offset})")

    def _calls_computed(self, caller: str, value: object, offset: int) -> None:
        """A trampoline will call ``value``: an object built at load time (an instance whose
        state may have replaced ``forward`` or ``__call__``'s helpers) is a computed callable."""
        if isinstance(value, Call) and value.kind != "resolved":
            self._issue(
                "dynamic",
                Severity.HIGH,
                f"{caller} at offset {offset} is handed a value computed at load time to call: "
                f"{show(value)}",
                offset=offset,
                callable=show(value),
            )

    def _instance_runs(self, inst: Call, what: str, at: int) -> None:
        """A method of ``inst``'s class runs (``__setstate__``, ``append``...): judge the class."""
        cls = _class_of(inst)
        if isinstance(cls, Global):
            use = self.result.globals.get(cls.key)
            if use is not None and not use.verdict.allowed:
                use.invoked = True
                reason = f"{what} at offset {at} runs a method of its instance"
                if len(use.reasons) < 8 and reason not in use.reasons:
                    use.reasons.append(reason)

    def _finish(self) -> None:
        """Re-judge lazy calls whose container arguments grew after the call."""
        try:
            for func, args, offset in self._deferred:
                flow = self._flow(args)
                if flow:
                    self._invoke(func, flow, offset)
        except _Limit as exc:
            self.result.limit_hit = self.result.limit_hit or str(exc)
        self._deferred.clear()

    def _special_call(self, func: Global, args: object, result: Call, offset: int) -> None:
        """Resolvers and nested loaders: judge what they reach, not only themselves."""
        qualname = func.key
        if qualname not in _SPECIAL:
            return
        kind = _policy.RESOLVERS.get(qualname)
        argv = args if isinstance(args, tuple) else ()
        if kind is not None:
            target = _resolve(kind, argv)
            if target is None:
                return
            module, name = target
            resolved = self._global(module, name, offset, f"{qualname} at offset {offset}")
            result.func, result.kind = resolved, "resolved"
            if kind == "module_name" or (
                kind == "getattr" and argv and isinstance(argv[0], Global) and argv[0].name
            ):
                # numpy's ufunc reconstructor, or getattr(<allowed class>, "<allowed name>")
                # (how protocols 0-3 spell a classmethod such as ZoneInfo._unpickle)
                verdict = _policy.judge(module, name) if name else None
                use = self.result.globals.get(func.key)
                if verdict is not None and verdict.allowed and use is not None:
                    use.safe_calls += 1
            return
        nested = self.result.nested
        if (
            qualname in _policy.NESTED_LOADERS
            and argv
            and isinstance(argv[0], bytes | bytearray)
            and len(nested) < 16
        ):
            nested.append(NestedPayload(qualname, offset, bytes(argv[0])))

    # -- main loop -------------------------------------------------------------------------

    def run(self) -> PickleAnalysis:
        res = self.result
        try:
            self._run()
        except _Fail as exc:
            res.error = str(exc)
        except _Limit as exc:
            res.limit_hit = str(exc)
        except RecursionError:
            res.limit_hit = "nesting too deep"
        self._finish()  # findings made before an error or a limit are kept, never dropped
        return res

    def _run(self) -> None:
        data = self.data
        end = self.end
        res = self.result
        pos = self.start
        stack: list[object] = []
        metastack: list[list[object]] = []
        memo: dict[int, object] = {}
        limits = self.limits
        max_memo = limits.max_memo
        max_depth = limits.max_depth
        frame_end = -1
        count = 0
        budget = self.opcode_budget
        unpack = struct.unpack_from
        proto = 0
        checkpoint = 0

        def pop_mark() -> list[object]:
            nonlocal stack
            if not metastack:
                raise _Fail(f"opcode at offset {at} needs a MARK but none is open")
            items = stack
            stack = metastack.pop()
            return items

        def pop() -> object:
            if not stack:
                raise _Fail(f"stack underflow at offset {at} (opcode {op:#04x})")
            return stack.pop()

        def top() -> object:
            if not stack:
                raise _Fail(f"stack underflow at offset {at} (opcode {op:#04x})")
            return stack[-1]

        def tick(n: int) -> None:
            if n > budget:
                raise _Limit(f"more than {budget} opcodes")
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise _Limit("time limit reached while interpreting")

        at = pos
        op = 0
        # ``boundary`` is the end of the current frame, or of the input outside a frame:
        # one comparison per opcode covers both truncation and frame crossing.
        boundary = end
        try:
            while True:
                if pos < boundary:
                    at = pos
                    op = data[pos]
                    pos += 1
                    count += 1
                    if count >= checkpoint:
                        checkpoint = min(count + 4096, budget + 1)
                        tick(count)
                else:
                    if pos >= end:
                        raise _Fail(
                            f"ran out of input at offset {pos} before STOP (truncated stream)"
                        )
                    at = pos
                    op = data[pos]
                    pos += 1
                    count += 1
                    if count >= checkpoint:
                        checkpoint = min(count + 4096, budget + 1)
                        tick(count)
                    if at > frame_end:
                        self._issue(
                            "frame",
                            Severity.HIGH,
                            f"an opcode crosses the end of a frame at offset {frame_end}",
                            offset=frame_end,
                        )
                    frame_end = -1
                    boundary = end
                if op in (BINUNICODE, SHORT_BINUNICODE, BINUNICODE8):
                    width = 4 if op == BINUNICODE else (1 if op == SHORT_BINUNICODE else 8)
                    if pos + width > end:
                        self._need(pos, width, "string length")
                    if width == 1:
                        n = data[pos]
                    elif width == 4:
                        n = unpack("<I", data, pos)[0]
                    else:
                        n = unpack("<Q", data, pos)[0]
                        if n > sys.maxsize:
                            raise _Fail(f"BINUNICODE8 at offset {at} exceeds the maximum size")
                    pos += width
                    if pos + n > end:
                        self._need(pos, n, f"string at offset {at} (declared length {n})")
                    try:
                        stack.append(str(data[pos : pos + n], "utf-8", "surrogatepass"))
                    except UnicodeDecodeError:
                        raise _Fail(f"string at offset {at} is not valid UTF-8") from None
                    pos += n
                    # Fast path: the memo store that follows almost every string.
                    limit = boundary
                    if pos < limit:
                        nxt = data[pos]
                        if nxt == MEMOIZE:
                            memo[len(memo)] = stack[-1]
                            pos += 1
                            count += 1
                        elif nxt == BINPUT and pos + 2 <= limit:
                            memo[data[pos + 1]] = stack[-1]
                            pos += 2
                            count += 1
                        if len(memo) > max_memo:
                            raise _Limit(f"more than {max_memo} memo entries")
                elif op == MEMOIZE:
                    if not stack:
                        raise _Fail(f"MEMOIZE at offset {at} with an empty stack")
                    memo[len(memo)] = stack[-1]
                    if len(memo) > max_memo:
                        raise _Limit(f"more than {max_memo} memo entries")
                elif op == BINPUT:
                    if pos + 1 > end:
                        self._need(pos, 1, "BINPUT")
                    if not stack:
                        raise _Fail(f"BINPUT at offset {at} with an empty stack")
                    memo[data[pos]] = stack[-1]
                    pos += 1
                    if len(memo) > max_memo:
                        raise _Limit(f"more than {max_memo} memo entries")
                elif op == BINGET:
                    if pos + 1 > end:
                        self._need(pos, 1, "BINGET")
                    idx = data[pos]
                    pos += 1
                    if idx not in memo:
                        raise _Fail(f"memo value {idx} not found (BINGET at offset {at})")
                    stack.append(memo[idx])
                elif op == BININT1:
                    if pos + 1 > end:
                        self._need(pos, 1, "BININT1")
                    stack.append(data[pos])
                    pos += 1
                    if pos < boundary and data[pos] in _INT_OPS:
                        pos, run = _int_run(data, stack, pos, boundary, checkpoint - 1 - count)
                        count += run
                elif op == BININT2:
                    if pos + 2 > end:
                        self._need(pos, 2, "BININT2")
                    stack.append(data[pos] | data[pos + 1] << 8)
                    pos += 2
                    if pos < boundary and data[pos] in _INT_OPS:
                        pos, run = _int_run(data, stack, pos, boundary, checkpoint - 1 - count)
                        count += run
                elif op == BININT:
                    if pos + 4 > end:
                        self._need(pos, 4, "BININT")
                    stack.append(unpack("<i", data, pos)[0])
                    pos += 4
                    if pos < boundary and data[pos] in _INT_OPS:
                        pos, run = _int_run(data, stack, pos, boundary, checkpoint - 1 - count)
                        count += run
                elif op == MARK:
                    metastack.append(stack)
                    stack = []
                    if len(metastack) > max_depth:
                        raise _Limit(f"more than {max_depth} nested MARKs")
                elif op == BINFLOAT:
                    # Weight lists are runs of BINFLOAT: a run is read in one tight loop
                    # (within the frame) and unpacked by one struct call.
                    if pos + 8 > end:
                        self._need(pos, 8, "BINFLOAT")
                    first = pos
                    pos += 8
                    limit = boundary
                    run = 1
                    while pos + 9 <= limit and data[pos] == BINFLOAT:
                        pos += 9
                        run += 1
                    stack.extend(unpack(">d" + "xd" * (run - 1), data, first))
                    count += run - 1
                    continue
                elif op == EMPTY_DICT:
                    stack.append(SDict())
                elif op == SETITEMS:
                    items = pop_mark()
                    target = top()
                    self._setitems(target, items, at)
                elif op == TUPLE2:
                    b = pop()
                    a = pop()
                    stack.append((a, b))
                elif op == EMPTY_LIST:
                    stack.append([])
                elif op == APPENDS:
                    items = pop_mark()
                    target = top()
                    self._append(target, items, at, many=True)
                elif op == REDUCE:
                    args = pop()
                    func = top()
                    stack[-1] = self._call(func, args, "REDUCE", at)
                elif op == TUPLE:
                    items = pop_mark()  # rebinds stack: never inline in stack.append(...)
                    stack.append(tuple(items))
                elif op == TUPLE1:
                    stack.append((pop(),))
                elif op == TUPLE3:
                    c = pop()
                    b = pop()
                    a = pop()
                    stack.append((a, b, c))
                elif op == EMPTY_TUPLE:
                    stack.append(())
                elif op == NEWTRUE:
                    stack.append(True)
                elif op == NEWFALSE:
                    stack.append(False)
                elif op == NONE:
                    stack.append(None)
                elif op == BINPERSID:
                    pid = pop()
                    res.persistent_ids.append(pid)
                    stack.append(Opaque("persistent"))
                elif op == BUILD:
                    state = pop()
                    inst = top()
                    pos = self._build(inst, state, at, pos)
                    if isinstance(inst, Call) and inst.kind == "joblib-array":
                        stack[-1] = Opaque("ndarray")
                        frame_end = -1
                        boundary = end
                elif op == SETITEM:
                    value = pop()
                    key = pop()
                    target = top()
                    self._setitems(target, [key, value], at)
                elif op == APPEND:
                    value = pop()
                    target = top()
                    self._append(target, [value], at, many=False)
                elif op == STACK_GLOBAL:
                    name = pop()
                    module = pop()
                    if type(name) is not str or type(module) is not str:
                        if isinstance(name, Call | Global | Opaque) or isinstance(
                            module, Call | Global | Opaque
                        ):
                            self._issue(
                                "dynamic-global",
                                Severity.CRITICAL,
                                f"STACK_GLOBAL at offset {at} imports a name computed at load "
                                f"time: "
                                f"{show(module)} . {show(name)}",
                                offset=at,
                            )
                            stack.append(Opaque("dynamic global", callable=True))
                            continue
                        raise _Fail(f"STACK_GLOBAL at offset {at} requires two str operands")
                    stack.append(self._find_class(module, name, at, "STACK_GLOBAL", proto))
                elif op == GLOBAL:
                    line1, pos = self._line(pos, "GLOBAL module")
                    line2, pos = self._line(pos, "GLOBAL name")
                    try:
                        module, name = line1.decode("utf-8"), line2.decode("utf-8")
                    except UnicodeDecodeError:
                        raise _Fail(f"GLOBAL at offset {at} is not UTF-8") from None
                    stack.append(self._find_class(module, name, at, "GLOBAL", proto))
                elif op == NEWOBJ:
                    args = pop()
                    cls = pop()
                    stack.append(self._call(cls, args, "NEWOBJ", at))
                elif op == LONG_BINPUT:
                    if pos + 4 > end:
                        self._need(pos, 4, "LONG_BINPUT")
                    idx = unpack("<I", data, pos)[0]
                    pos += 4
                    memo[idx] = top()
                    if len(memo) > max_memo:
                        raise _Limit(f"more than {max_memo} memo entries")
                elif op == LONG_BINGET:
                    if pos + 4 > end:
                        self._need(pos, 4, "LONG_BINGET")
                    idx = unpack("<I", data, pos)[0]
                    pos += 4
                    if idx not in memo:
                        raise _Fail(f"memo value {idx} not found (LONG_BINGET at offset {at})")
                    stack.append(memo[idx])
                elif op == PERSID:
                    line, pos = self._line(pos, "PERSID")
                    try:
                        pid_text = line.decode("ascii")
                    except UnicodeDecodeError:
                        raise _Fail(f"PERSID at offset {at} is not ASCII") from None
                    res.persistent_ids.append(pid_text)
                    stack.append(Opaque("persistent"))
                elif op == NEWOBJ_EX:
                    kwargs = pop()
                    args = pop()
                    cls = pop()
                    stack.append(self._call(cls, (args, kwargs), "NEWOBJ_EX", at))
                elif op == OBJ:
                    items = pop_mark()
                    if not items:
                        raise _Fail(f"OBJ at offset {at} has no class")
                    stack.append(self._call(items[0], tuple(items[1:]), "OBJ", at))
                elif op == INST:
                    line1, pos = self._line(pos, "INST module")
                    line2, pos = self._line(pos, "INST name")
                    try:
                        module, name = line1.decode("ascii"), line2.decode("ascii")
                    except UnicodeDecodeError:
                        raise _Fail(f"INST at offset {at} is not ASCII") from None
                    klass = self._find_class(module, name, at, "INST", proto)
                    items = pop_mark()
                    stack.append(self._call(klass, tuple(items), "INST", at))
                elif op == PUT:
                    line, pos = self._line(pos, "PUT")
                    idx = _parse_int(line, at)
                    if idx < 0:
                        raise _Fail(f"negative PUT argument at offset {at}")
                    memo[idx] = top()
                    if len(memo) > max_memo:
                        raise _Limit(f"more than {max_memo} memo entries")
                elif op == GET:
                    line, pos = self._line(pos, "GET")
                    idx = _parse_int(line, at)
                    if idx not in memo:
                        raise _Fail(f"memo value {idx} not found (GET at offset {at})")
                    stack.append(memo[idx])
                elif op in (BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8):
                    width = 1 if op == SHORT_BINBYTES else (4 if op == BINBYTES else 8)
                    if pos + width > end:
                        self._need(pos, width, "bytes length")
                    n = (
                        data[pos]
                        if width == 1
                        else unpack("<I" if width == 4 else "<Q", data, pos)[0]
                    )
                    if n > sys.maxsize:
                        raise _Fail(f"bytes object at offset {at} exceeds the maximum size")
                    pos += width
                    if pos + n > end:
                        self._need(pos, n, f"bytes at offset {at} (declared length {n})")
                    chunk = bytes(data[pos : pos + n])
                    stack.append(bytearray(chunk) if op == BYTEARRAY8 else chunk)
                    pos += n
                elif op in (SHORT_BINSTRING, BINSTRING):
                    width = 1 if op == SHORT_BINSTRING else 4
                    if pos + width > end:
                        self._need(pos, width, "string length")
                    n = data[pos] if width == 1 else unpack("<i", data, pos)[0]
                    if n < 0:
                        raise _Fail(f"BINSTRING at offset {at} has a negative byte count")
                    pos += width
                    if pos + n > end:
                        self._need(pos, n, f"string at offset {at} (declared length {n})")
                    raw = bytes(data[pos : pos + n])
                    pos += n
                    try:
                        stack.append(raw.decode("ascii"))
                    except UnicodeDecodeError:
                        stack.append(raw)
                elif op == STRING:
                    line, pos = self._line(pos, "STRING")
                    stack.append(_decode_string(line))
                elif op == UNICODE:
                    line, pos = self._line(pos, "UNICODE")
                    try:
                        stack.append(line.decode("raw-unicode-escape"))
                    except UnicodeDecodeError:
                        raise _Fail(f"UNICODE at offset {at} does not decode") from None
                elif op == INT:
                    line, pos = self._line(pos, "INT")
                    stack.append(_int_literal(line, at))
                elif op == LONG:
                    line, pos = self._line(pos, "LONG")
                    stack.append(_long_literal(line, at))
                elif op in (LONG1, LONG4):
                    width = 1 if op == LONG1 else 4
                    if pos + width > end:
                        self._need(pos, width, "long length")
                    n = data[pos] if width == 1 else unpack("<i", data, pos)[0]
                    if n < 0:
                        raise _Fail(f"LONG4 at offset {at} has a negative byte count")
                    pos += width
                    if pos + n > end:
                        self._need(pos, n, f"long at offset {at} (declared length {n})")
                    stack.append(
                        int.from_bytes(data[pos : pos + n], "little", signed=True)
                        if n <= 64
                        else Opaque("long")
                    )
                    pos += n
                elif op == FLOAT:
                    line, pos = self._line(pos, "FLOAT")
                    try:
                        stack.append(float(line))
                    except ValueError:
                        raise _Fail(f"FLOAT at offset {at} is not a number") from None
                elif op == LIST:
                    items = pop_mark()
                    stack.append(items)
                elif op == DICT:
                    items = pop_mark()
                    d = SDict()
                    self._setitems(d, items, at)
                    stack.append(d)
                elif op == EMPTY_SET:
                    stack.append(SSet())
                elif op == FROZENSET:
                    items = pop_mark()
                    self._hashable(items, at)
                    stack.append(SSet(items, frozen=True))
                elif op == ADDITEMS:
                    items = pop_mark()
                    target = top()
                    self._additems(target, items, at)
                elif op == POP:
                    if stack:
                        stack.pop()
                    else:
                        pop_mark()
                elif op == POP_MARK:
                    pop_mark()
                elif op == DUP:
                    stack.append(top())
                elif op == PROTO:
                    if pos + 1 > end:
                        self._need(pos, 1, "PROTO")
                    proto = data[pos]
                    pos += 1
                    if proto > HIGHEST_PROTOCOL:
                        raise _Fail(f"unsupported pickle protocol {proto} at offset {at}")
                    res.protocol = max(res.protocol, proto)
                elif op == FRAME:
                    if pos + 8 > end:
                        self._need(pos, 8, "FRAME")
                    size = unpack("<Q", data, pos)[0]
                    pos += 8
                    if frame_end >= 0 and pos - 9 < frame_end:
                        self._issue(
                            "frame",
                            Severity.HIGH,
                            f"a new frame starts at offset {at} before the current one ends at "
                            f"{frame_end}",
                            offset=at,
                        )
                    if size > sys.maxsize or pos + size > end:
                        # C's unpickler raises before running the frame; pickle.py (used by
                        # joblib) runs what is there. Keep interpreting, as the latter would.
                        self._issue(
                            "frame",
                            Severity.HIGH,
                            f"FRAME at offset {at} declares {size} bytes but only "
                            f"{end - pos} remain",
                            offset=at,
                            declared=size,
                        )
                        size = end - pos
                    frame_end = pos + size
                    boundary = frame_end
                elif op == STOP:
                    res.stopped = True
                    res.end = pos
                    if not stack:
                        raise _Fail(f"STOP at offset {at} with an empty stack")
                    stack.pop()  # values or marks left below are ignored, as CPython does
                    if frame_end >= 0 and frame_end != pos:
                        self._issue(
                            "frame",
                            Severity.HIGH,
                            f"STOP at offset {at} ends the stream inside a frame that runs to "
                            f"{frame_end}",
                            offset=at,
                        )
                    return
                elif op in (EXT1, EXT2, EXT4):
                    width = {EXT1: 1, EXT2: 2, EXT4: 4}[op]
                    if pos + width > end:
                        self._need(pos, width, "EXT code")
                    code = int.from_bytes(data[pos : pos + width], "little", signed=(width == 4))
                    pos += width
                    if code <= 0:
                        raise _Fail(f"EXT at offset {at} specifies code <= 0")
                    self._issue(
                        "extension",
                        Severity.HIGH,
                        f"EXT opcode at offset {at} names extension code {code}, which resolves "
                        "to a global registered at run time",
                        offset=at,
                        code=code,
                    )
                    stack.append(Opaque(f"extension {code}", callable=True))
                elif op == NEXT_BUFFER:
                    raise _Fail(
                        f"NEXT_BUFFER at offset {at} refers to out-of-band data, which a file "
                        "cannot carry"
                    )
                elif op == READONLY_BUFFER:
                    if isinstance(top(), _NOT_BUFFER):
                        raise _Fail(f"READONLY_BUFFER at offset {at} on a value that is no buffer")
                else:
                    raise _Fail(f"invalid opcode {op:#04x} at offset {at}")
        finally:
            res.opcodes += count
            if not res.stopped:
                res.end = pos

    # -- opcode helpers --------------------------------------------------------------------

    def _find_class(self, module: str, name: str, at: int, opname: str, proto: int) -> Global:
        via = f"{opname} at offset {at}"
        if proto < 3:
            from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING

            if (module, name) in NAME_MAPPING:
                module, name = NAME_MAPPING[(module, name)]
            elif module in IMPORT_MAPPING:
                module = IMPORT_MAPPING[module]
        return self._global(module, name, at, via)

    def _hashable(self, keys: list[object], at: int) -> None:
        for key in keys:
            if not _is_hashable(key):
                raise _Fail(f"unhashable value used as a key or set item at offset {at}")

    def _setitems(self, target: object, items: list[object], at: int) -> None:
        """SETITEM(S): ``target[k] = v`` for each pair, as both unpicklers do it."""
        if not items:
            return  # the C unpickler does nothing, whatever the target
        if len(items) % 2:
            raise _Fail(f"odd number of items for a dict at offset {at}")
        if isinstance(target, SDict):
            self._hashable(items[0::2], at)
            for k, v in zip(items[0::2], items[1::2], strict=True):
                target.size += 1
                if len(target.items) < 64 or not isinstance(k, _PLAIN) or not isinstance(v, _PLAIN):
                    target.items.append((k, v))
        elif isinstance(target, list | bytearray):
            self._plain.pop(id(target), None)  # an item replaced: the length does not show it
            for k, v in zip(items[0::2], items[1::2], strict=True):
                if not isinstance(k, int) or not -len(target) <= k < len(target):
                    raise _Fail(f"SETITEM(S) at offset {at}: index {show(k)} out of range")
                if isinstance(target, bytearray):
                    if not isinstance(v, int) or not 0 <= v < 256:
                        raise _Fail(f"SETITEM(S) at offset {at}: byte value out of range")
                    target[k] = v
                else:
                    target[k] = v
        elif isinstance(target, Call):
            self._instance_runs(target, "SETITEM(S)", at)
        elif not isinstance(target, Opaque | Global):
            raise _Fail(f"SETITEM(S) at offset {at} on a value that is not a mapping")

    def _append(self, target: object, items: list[object], at: int, *, many: bool) -> None:
        """APPEND(S): ``extend`` (or ``append`` one by one), as both unpicklers do it."""
        if many and not items:
            return  # the C unpickler does nothing, whatever the target
        if isinstance(target, list):
            target.extend(items)
        elif isinstance(target, bytearray):
            if not all(isinstance(v, int) and 0 <= v < 256 for v in items):
                raise _Fail(f"APPEND(S) at offset {at}: bytearray items must be bytes")
            target.extend(items)  # type: ignore[arg-type]
        elif isinstance(target, Call):
            self._instance_runs(target, "APPEND(S)", at)
        elif not isinstance(target, Opaque | Global):
            raise _Fail(f"APPEND(S) at offset {at} on a value that is not a list")

    def _additems(self, target: object, items: list[object], at: int) -> None:
        if not items:
            return  # the C unpickler does nothing, whatever the target
        if isinstance(target, SSet) and not target.frozen:
            self._hashable(items, at)
            target.items.extend(items)
        elif isinstance(target, Call):
            self._instance_runs(target, "ADDITEMS", at)
        elif not isinstance(target, Opaque | Global):
            raise _Fail(f"ADDITEMS at offset {at} on a value that is not a set")

    def _build(self, inst: object, state: object, at: int, pos: int) -> int:
        if isinstance(inst, Global):
            self._issue(
                "build-global",
                Severity.HIGH,
                f"BUILD at offset {at} sets state on the imported object {inst.qualname}",
                offset=at,
                target=inst.qualname,
                state=show(state),
            )
            return pos
        if isinstance(inst, Opaque):
            return pos
        if not isinstance(inst, Call):
            # A plain value has no __setstate__ and no __dict__: only empty state is accepted
            # (pickle.py tests truthiness, the C unpickler tests for None).
            slots: object = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slots = state
            if _truthy(state) or _truthy(slots):
                raise _Fail(f"BUILD at offset {at}: a {_kind(inst)} takes no state")
            return pos
        inst.state = state
        cls = _class_of(inst)
        if isinstance(cls, Global):
            if cls.key in _policy.LAZY_TRAMPOLINES:
                # functools.partial.__setstate__ replaces the function it will call
                flow = self._flow(state)
                if flow:
                    self._invoke(inst.func if isinstance(inst.func, Global) else None, flow, at)
                if isinstance(state, tuple) and state:
                    self._calls_computed(cls.key, state[0], at)
            else:
                self._instance_runs(inst, "BUILD", at)
        if isinstance(cls, Global) and cls.qualname == _JOBLIB_WRAPPER:
            inst.kind = "joblib-array"
            return self._joblib_array(state, at, pos)
        return pos

    def _joblib_array(self, state: object, at: int, pos: int) -> int:
        """Skip the raw array bytes joblib writes right after a NumpyArrayWrapper's BUILD."""
        self.result.joblib_arrays += 1
        if not isinstance(state, SDict):
            raise _Fail(f"joblib array wrapper at offset {at} has no state dict")
        shape = state.get("shape")
        dtype = state.get("dtype")
        align = state.get("numpy_array_alignment_bytes")
        info = _dtype_info(dtype)
        if (
            info is None
            or not isinstance(shape, tuple)
            or not all(isinstance(s, int) and s >= 0 for s in shape)
        ):
            raise _Fail(f"joblib array wrapper at offset {at} has an unreadable shape or dtype")
        itemsize, hasobject = info
        if hasobject:
            sub = Interpreter(
                self.data,
                start=pos,
                end=self.end,
                limits=self.limits,
                deadline=self.deadline,
                depth=self.depth + 1,
            )
            if self.depth >= _NESTED_DEPTH:
                raise _Limit("joblib object arrays nested too deep")
            inner = sub.run()
            self._merge(inner, f"object array at offset {pos}")
            if not inner.stopped:
                raise _Fail(f"object array pickle at offset {pos} is malformed: {inner.error}")
            return inner.end
        count = 1
        for s in shape:
            count *= s
        nbytes = count * itemsize
        if align is not None:
            self._need(pos, 1, "joblib padding byte")
            pad = self.data[pos]
            pos += 1 + pad
        self._need(pos, nbytes, f"joblib array data ({nbytes} bytes)")
        return pos + nbytes

    def _merge(self, inner: PickleAnalysis, where: str) -> None:
        res = self.result
        for key, use in inner.globals.items():
            if key not in res.globals:
                use.via = f"{use.via} ({where})"
                res.globals[key] = use
        for issue in inner.issues:
            issue.detail = f"{issue.detail} ({where})"
            res.issues.append(issue)
        res.nested.extend(inner.nested)
        res.calls += inner.calls
        res.opcodes += inner.opcodes
        if inner.limit_hit:
            raise _Limit(inner.limit_hit)


_MAX_DEFERRED = 10_000
#: Values followed through call arguments, per stream: a memoised container handed to many
#: calls is walked each time, so the walk is bounded (reaching it is a scan limit).
_FLOW_BUDGET = 20_000_000
_PLAIN = (int, float, str, bytes, bool, type(None), complex)
_PLAIN_TYPES = frozenset(_PLAIN)
_NOT_CALLABLE = (int, float, str, bytes, bytearray, bool, type(None), tuple, list, SDict, SSet)
_NOT_ITERABLE = (int, float, bool, type(None))
_NOT_ITERABLE_TYPES = frozenset(_NOT_ITERABLE)
_NOT_CALLABLE_TYPES = frozenset(_NOT_CALLABLE)
_NOT_BUFFER = (int, float, str, bool, type(None), complex, tuple, list, SDict, SSet, Global)


def _is_hashable(value: object, depth: int = 0) -> bool:
    if type(value) in _PLAIN_TYPES:
        return True
    if isinstance(value, list | SDict | bytearray):
        return False
    if isinstance(value, SSet):
        return value.frozen
    if isinstance(value, tuple) and depth < 64:
        return all(_is_hashable(v, depth + 1) for v in value)
    return True


def _truthy(value: object) -> bool:
    """Whether pickle.py's ``if state:`` may pass (unknown values may)."""
    if isinstance(value, SDict):
        return value.size > 0
    if isinstance(value, SSet):
        return bool(value.items)
    if isinstance(value, Call | Opaque):
        return False  # unknown: either unpickler may accept
    return bool(value)


def _kind(value: object) -> str:
    return {SDict: "dict", SSet: "set"}.get(type(value), type(value).__name__)


def _kwargs_ok(args: object) -> bool:
    """NEWOBJ_EX's (args, kwargs): kwargs a mapping whose known keys are strings."""
    if not isinstance(args, tuple) or len(args) != 2:
        return True
    kwargs = args[1]
    if isinstance(args[0], _NOT_ITERABLE):
        return False
    if isinstance(kwargs, SDict):
        return all(isinstance(k, str) for k, _ in kwargs.items)
    return isinstance(kwargs, Call | Opaque | Global)


def _class_of(inst: Call) -> object:
    """The class whose methods an instance built by ``inst`` runs."""
    func = inst.func
    if (
        isinstance(func, Global)
        and func.key in _policy.TRAMPOLINES
        and func.key not in _policy.LAZY_TRAMPOLINES
        and isinstance(inst.args, tuple)
        and inst.args
    ):
        return inst.args[0]
    return func


def _inert(value: object) -> bool:
    """A value that is neither callable nor a container (checked without allocating)."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return True
    if kind is Call:
        func = value.func  # type: ignore[attr-defined]
        return value.kind != "resolved" and not (  # type: ignore[attr-defined]
            type(func) is Global and func.key in _policy.LAZY_TRAMPOLINES
        )
    return kind is Opaque and not value.callable  # type: ignore[attr-defined]


def _mutable(args: object, depth: int = 0) -> bool:
    if isinstance(args, list | SDict | SSet):
        return True
    if isinstance(args, tuple) and depth < 4:
        return any(_mutable(a, depth + 1) for a in args)
    return False


def _flow(
    args: object, budget: int, plain: dict[int, tuple[object, int]]
) -> tuple[list[object] | None, int]:
    """The callables that flow into a call through ``args``, and the values visited.

    ``None`` when more than ``budget`` values would have to be visited. ``plain`` remembers
    containers found to hold only plain data (and their length), so a memoised container
    handed to many calls is walked once while it does not change.

    Globals and possibly-callable opaque values count, in containers at any depth, and through
    the lazy iterators and partials that trampolines return (``list(starmap(f, ...))`` runs
    ``f``).
    """
    out: list[object] = []
    seen: set[int] = set()
    todo: list[object] = [args]
    nodes = 0
    while todo:
        value = todo.pop()
        nodes += 1
        if nodes > budget:
            return None, nodes
        if type(value) in _PLAIN_TYPES or isinstance(value, _PLAIN):
            continue
        if isinstance(value, Global):
            out.append(value)
            continue
        if isinstance(value, Opaque):
            if value.callable:
                out.append(value)
            continue
        key = id(value)
        if key in seen:
            continue
        seen.add(key)
        if isinstance(value, tuple | list | SDict | SSet):
            items: Any = value.items if isinstance(value, SDict | SSet) else value
            known = plain.get(key)
            if known is not None and known[0] is value and known[1] == len(items):
                continue
            nodes += len(items)
            if nodes > budget:
                return None, nodes
            if isinstance(value, SDict):
                inner = [v for pair in items for v in pair if type(v) not in _PLAIN_TYPES]
            else:
                inner = [v for v in items if type(v) not in _PLAIN_TYPES]
            if inner:
                todo.extend(inner)
            elif len(items) >= 64:
                plain[key] = (value, len(items))
        elif isinstance(value, Call):
            func = value.func
            if value.kind == "resolved":
                todo.append(func)
            elif isinstance(func, Global) and func.key in _policy.LAZY_TRAMPOLINES:
                todo.append(value.args)
                todo.append(value.state)
    return out, nodes


def _int_run(data: Buffer, stack: list[object], pos: int, limit: int, most: int) -> tuple[int, int]:
    """Push a run of at most ``most`` BININT1/BININT2/BININT opcodes wholly before ``limit``.

    List and tuple contents are such runs; none of them can fail, so they are read in one
    tight loop that stops short of the next budget checkpoint (limits hit at the same opcode).
    Returns the new position and the number of opcodes read.
    """
    append = stack.append
    unpack = struct.unpack_from
    count = 0
    while pos < limit and count < most:
        op = data[pos]
        if op == BININT1 and pos + 2 <= limit:
            append(data[pos + 1])
            pos += 2
        elif op == BININT2 and pos + 3 <= limit:
            append(data[pos + 1] | data[pos + 2] << 8)
            pos += 3
        elif op == BININT and pos + 5 <= limit:
            append(unpack("<i", data, pos + 1)[0])
            pos += 5
        else:
            break
        count += 1
    return pos, count


def _parse_int(line: bytes, at: int) -> int:
    """PUT/GET arguments: ``int(line)`` in base 10, as both unpicklers read them."""
    try:
        return int(line)
    except ValueError:
        raise _Fail(f"integer argument at offset {at} is not a number: {line[:40]!r}") from None


_C_SPACE = b" \t\n\v\f\r"
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _strtol(text: bytes) -> tuple[int, int] | None:
    """C ``strtol(text, &end, 0)`` on a NUL-terminated string: (value, end) or None on ERANGE.

    ``end`` is 0 when no digits were read (strtol then points back at the start).
    """
    i = 0
    while i < len(text) and text[i] in _C_SPACE:
        i += 1
    sign = 1
    if i < len(text) and text[i] in b"+-":
        sign = -1 if text[i] == 0x2D else 1
        i += 1
    digits = b"0123456789"
    base = 10
    if text[i : i + 2].lower() == b"0x" and text[i + 2 : i + 3].lower() in [
        bytes([c]) for c in b"0123456789abcdef"
    ]:
        base, i = 16, i + 2
        digits = b"0123456789abcdefABCDEF"
    elif text[i : i + 1] == b"0":
        base, digits = 8, b"01234567"
    start = i
    while i < len(text) and text[i] in digits:
        i += 1
    if i == start:
        return 0, 0
    value = sign * int(text[start:i], base)
    if not _LONG_MIN <= value <= _LONG_MAX:
        return None
    return value, i


def _int_literal(line: bytes, at: int) -> int | bool:
    """The INT opcode's argument, accepted where pickle.py or the C unpickler accepts it.

    pickle.py: ``00``/``01`` are booleans, else ``int(line, 0)`` (sign, whitespace,
    underscores, 0x/0o/0b prefixes). ``_pickle.c``: ``strtol(line, &end, 0)`` must stop at the
    newline or a NUL (so ``010`` is octal 8 and ``+0``/``-0`` are ``False``); on failure it
    falls back to ``int(line up to a NUL, 0)``.
    """
    if line == b"00":
        return False
    if line == b"01":
        return True
    try:
        return int(line, 0)
    except ValueError:
        pass
    cstr = (line + b"\n").split(b"\0", 1)[0]
    parsed = _strtol(cstr)
    if parsed is not None and parsed[1] and parsed[1] in (len(cstr) - 1, len(cstr)):
        value = parsed[0]
        return bool(value) if len(line) == 2 and value in (0, 1) else value
    try:
        return int(cstr, 0)
    except ValueError:
        raise _Fail(f"INT argument at offset {at} is not a number: {line[:40]!r}") from None


def _long_literal(line: bytes, at: int) -> int:
    """The LONG opcode's argument (an optional trailing ``L``), as either unpickler reads it."""
    text = line[:-1] if line.endswith(b"L") else line
    try:
        return int(text, 0)
    except ValueError:
        pass
    try:
        return int(text.split(b"\0", 1)[0], 0)  # C reads up to a NUL byte
    except ValueError:
        raise _Fail(f"LONG argument at offset {at} is not a number: {line[:40]!r}") from None


def _dtype_info(dtype: object) -> tuple[int, bool] | None:
    """(itemsize, has objects) of a symbolic ``numpy.dtype(descr, align, copy)`` + state."""
    if not isinstance(dtype, Call) or not isinstance(dtype.args, tuple) or not dtype.args:
        return None
    descr = dtype.args[0]
    if not isinstance(descr, str):
        return None
    state = dtype.state
    elsize, flags = -1, 0
    if isinstance(state, tuple) and len(state) >= 8:
        elsize = state[5] if isinstance(state[5], int) else -1
        flags = state[7] if isinstance(state[7], int) else 0
    hasobject = descr.lstrip("<>|=").startswith("O") or bool(flags & 1)
    if elsize > 0:
        return elsize, hasobject
    digits = "".join(ch for ch in descr if ch.isdigit())
    if not digits:
        return None
    return int(digits), hasobject


def _resolve(kind: str, argv: tuple[object, ...]) -> tuple[str, str] | None:
    """The (module, name) a resolver call reaches, if its arguments are constants."""
    if kind == "import" and argv and isinstance(argv[0], str):
        return argv[0], ""
    if kind == "getattr" and len(argv) >= 2 and isinstance(argv[1], str):
        obj = argv[0]
        if isinstance(obj, Global):
            if obj.name:
                return obj.module, f"{obj.name}.{argv[1]}"
            return obj.module, argv[1]
        if isinstance(obj, Call) and isinstance(obj.func, Global):
            return obj.func.module, f"{obj.func.name or '<instance>'}().{argv[1]}"
        return "<dynamic>", argv[1]
    if kind == "resolve_name" and argv and isinstance(argv[0], str):
        text = argv[0]
        if ":" in text:
            module, _, name = text.partition(":")
            return module, name
        module, _, name = text.rpartition(".")
        return (module, name) if module else (name, "")
    if kind == "attrgetter" and argv and all(isinstance(a, str) for a in argv):
        return "<attrgetter>", ".".join(str(a) for a in argv)
    if kind == "module_name" and len(argv) >= 2 and all(isinstance(a, str) for a in argv[:2]):
        return str(argv[0]), str(argv[1])
    return None


def analyse(
    data: Buffer,
    *,
    start: int = 0,
    end: int | None = None,
    limits: ScanLimits | None = None,
    deadline: float | None = None,
) -> PickleAnalysis:
    """Interpret one pickle stream in ``data`` from ``start``; never raises on bad input."""
    return Interpreter(data, start=start, end=end, limits=limits, deadline=deadline).run()


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
    limits = limits or ScanLimits()
    stop = len(data) if end is None else end
    pos = start
    for _ in range(limits.max_pickles):
        result = analyse(data, start=pos, end=stop, limits=limits, deadline=deadline)
        yield result
        if not result.stopped or result.error or result.limit_hit or result.end >= stop:
            return
        pos = result.end


def looks_like_pickle(head: bytes) -> bool:
    """A cheap sniff: protocol 2+ header, or a protocol 0/1 stream that reaches STOP or a call."""
    if len(head) >= 2 and head[0] == PROTO and head[1] <= HIGHEST_PROTOCOL:
        return True
    if not head or head[0] not in OPCODE_BYTES or head[0] in (PROTO, FRAME):
        return False
    probe = analyse(head, limits=ScanLimits(max_opcodes=10_000, max_pickles=1))
    if probe.calls or probe.limit_hit:
        return True
    if probe.stopped and not probe.error and probe.opcodes >= 2:
        if probe.end >= len(head) or probe.globals:
            return True
        # a short harmless pickle, then another one (a second load() reads it)
        rest = analyse(head, start=probe.end, limits=ScanLimits(max_opcodes=10_000))
        return bool(rest.calls or rest.globals or rest.limit_hit) or (
            rest.stopped and not rest.error and rest.end >= len(head)
        )
    if not probe.error.startswith("ran out of input"):
        return False
    # The whole head is valid protocol 0/1 opcodes: a long harmless prefix (no PROTO header)
    # can push the payload past any sniffing window, so such a head is a pickle.
    return bool(probe.globals) or (len(head) >= 64 and probe.opcodes >= 16)


OnNested = Callable[[NestedPayload], None]
