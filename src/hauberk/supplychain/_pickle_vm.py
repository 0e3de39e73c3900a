"""The pickle interpreter: CPython's unpickler run on symbolic values, one opcode at a time.

It follows ``Lib/pickle.py`` (``_Unpickler``) and ``Modules/_pickle.c`` opcode by opcode: the
object stack, the mark stack (metastack), the memo, protocol and frame handling, and the
exceptions the real unpickler would raise (:class:`~._pickle_values.Fail`). Values are
symbolic (:mod:`._pickle_values`), so a callable reached through memo entries, ``STACK_GLOBAL``
strings stored in the memo, or resolver calls (``getattr``, ``importlib.import_module``...)
is still resolved to ``module.name`` and judged by :mod:`hauberk.supplychain._policy`.

Layout, fickling-style: the opcode table is data (:mod:`._pickle_ops`); :meth:`Interpreter._run`
reads an opcode and runs the common ones inline (:data:`~._pickle_ops.HOT`: strings, small
ints, floats, memo, marks, containers, ``REDUCE``), every other opcode through ``_TABLE``, a
256-entry list from opcode byte to its family's ``_op_<family>`` handler. Handlers read and
move ``self.pos`` and ``self.stack``; the loop keeps both in locals between handler calls.

This module and its siblings are compiled by mypyc when ``pip install`` finds a C compiler
(``setup.py``); the same source runs as plain Python otherwise. Nothing here imports or
executes the payload.
"""

from __future__ import annotations

import gc
import struct
import sys
import time
from collections.abc import Callable
from typing import Any, Final

from hauberk.supplychain._limits import ScanLimits

from ._pickle_calls import CallJudge
from ._pickle_literals import decode_string, int_literal, long_literal, parse_int
from ._pickle_ops import (
    APPEND,
    APPENDS,
    BINBYTES,
    BINFLOAT,
    BINGET,
    BININT,
    BININT1,
    BININT2,
    BINPUT,
    BINUNICODE,
    BINUNICODE8,
    BYTEARRAY8,
    DICT,
    EMPTY_DICT,
    EMPTY_LIST,
    EMPTY_SET,
    EMPTY_TUPLE,
    EXT1,
    EXT2,
    FAMILIES,
    FROZENSET,
    GLOBAL,
    HIGHEST_PROTOCOL,
    INT,
    INT_OPS,
    LIST,
    LONG,
    LONG1,
    LONG_BINGET,
    LONG_BINPUT,
    MARK,
    MEMOIZE,
    NEWFALSE,
    NEWOBJ,
    NEWOBJ_EX,
    NEWTRUE,
    NEXT_BUFFER,
    NONE,
    OBJ,
    PERSID,
    POP,
    POP_MARK,
    REDUCE,
    SETITEM,
    SETITEMS,
    SHORT_BINBYTES,
    SHORT_BINSTRING,
    SHORT_BINUNICODE,
    STOP,
    STRING,
    TUPLE,
    TUPLE1,
    TUPLE2,
    TUPLE3,
    UNICODE,
)
from ._pickle_values import (
    CRITICAL,
    HIGH,
    LAZY_TRAMPOLINES,
    NOT_BUFFER,
    Call,
    Fail,
    Global,
    Limit,
    Opaque,
    PickleAnalysis,
    SDict,
    SSet,
    class_of,
    dtype_info,
    kind_name,
    show,
    truthy,
)

JOBLIB_WRAPPER: Final = "joblib.numpy_pickle.NumpyArrayWrapper"
NESTED_DEPTH: Final = 4
#: Opcodes read between two checks of the opcode budget and the deadline.
CHECK_EVERY: Final = 4096
DEFAULT_LIMITS: Final = ScanLimits()


class Interpreter(CallJudge):
    """Runs one pickle stream symbolically from ``start`` in ``data``.

    ``data`` is ``bytes``, ``bytearray`` or a read-only ``mmap``: anything indexable and
    sliceable with ``.find``. :meth:`run` returns the :class:`PickleAnalysis`; it never raises
    on bad input.
    """

    def __init__(
        self,
        data: Any,
        *,
        start: int = 0,
        end: int | None = None,
        limits: ScanLimits | None = None,
        deadline: float | None = None,
        depth: int = 0,
    ) -> None:
        self.data: Any = data
        self.start = start
        self.end: int = len(data) if end is None else end
        self.limits: ScanLimits = limits or DEFAULT_LIMITS
        self.deadline = deadline
        self.depth = depth
        super().__init__(start)
        self.opcode_budget: int = self.limits.max_opcodes
        self.max_memo: int = self.limits.max_memo
        # Interpreter state shared by the loop and the handlers.
        self.pos = start
        self.stack: list[object] = []
        self.metastack: list[list[object]] = []
        self.memo: dict[int, object] = {}
        self.proto = 0
        self.frame_end = -1
        #: The end of the current frame, or of the input outside a frame: one comparison
        #: per opcode covers both truncation and frame crossing.
        self.boundary: int = self.end

    # -- reading ---------------------------------------------------------------------------

    def _need(self, pos: int, n: int, what: str) -> None:
        if n < 0 or pos + n > self.end:
            remain = max(0, self.end - pos)
            raise Fail(f"{what} needs {n} bytes at offset {pos} but only {remain} remain")

    def _line(self, pos: int, what: str) -> tuple[bytes, int]:
        nl: int = self.data.find(b"\n", pos, self.end)
        if nl < 0:
            raise Fail(f"{what} at offset {pos}: line is not terminated (truncated stream)")
        return bytes(self.data[pos:nl]), nl + 1

    def _tick(self, count: int) -> None:
        if count > self.opcode_budget:
            raise Limit(f"more than {self.opcode_budget} opcodes")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Limit("time limit reached while interpreting")

    # -- the stack (for handlers; the loop inlines these) ------------------------------------

    def _pop(self, op: int, at: int) -> object:
        stack = self.stack
        if not stack:
            raise _underflow(op, at)
        return stack.pop()

    def _top(self, op: int, at: int) -> object:
        stack = self.stack
        if not stack:
            raise _underflow(op, at)
        return stack[-1]

    def _pop_mark(self, at: int) -> list[object]:
        if not self.metastack:
            raise _no_mark(at)
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def _memo_put(self, idx: int, value: object) -> None:
        memo = self.memo
        memo[idx] = value
        if len(memo) > self.max_memo:
            raise Limit(f"more than {self.max_memo} memo entries")

    # -- main loop -------------------------------------------------------------------------

    def run(self) -> PickleAnalysis:
        res = self.result
        # The loop allocates many small containers and frees none until the end: a cyclic
        # garbage collection every 700 of them found nothing and cost a fifth of the time.
        collect = gc.isenabled()
        gc.disable()
        try:
            self._run()
        except Fail as fail:
            res.error = str(fail)
        except Limit as limit:
            res.limit_hit = str(limit)
        except RecursionError:
            res.limit_hit = "nesting too deep"
        finally:
            if collect:
                gc.enable()
        self._finish()  # findings made before an error or a limit are kept, never dropped
        return res

    def _run(self) -> None:
        data = self.data
        end = self.end
        res = self.result
        pos = self.pos
        stack = self.stack
        metastack = self.metastack
        memo = self.memo
        max_memo = self.max_memo
        max_depth: int = self.limits.max_depth
        budget = self.opcode_budget
        unpack = struct.unpack_from
        table = _TABLE
        count = 0
        checkpoint = 0
        # Declared int: a value read from ``data`` (typed Any) then stays a machine integer
        # in the compiled build, and comparisons with the opcode constants are native.
        at: int = pos
        op: int = 0
        boundary: int = self.boundary
        try:
            while True:
                if pos < boundary:
                    at = pos
                    op = data[pos]
                    pos += 1
                    count += 1
                    if count >= checkpoint:
                        checkpoint = min(count + CHECK_EVERY, budget + 1)
                        self._tick(count)
                else:
                    if pos >= end:
                        raise Fail(
                            f"ran out of input at offset {pos} before STOP (truncated stream)"
                        )
                    at = pos
                    op = data[pos]
                    pos += 1
                    count += 1
                    if count >= checkpoint:
                        checkpoint = min(count + CHECK_EVERY, budget + 1)
                        self._tick(count)
                    if at > self.frame_end:
                        self._issue(
                            "frame",
                            HIGH,
                            f"an opcode crosses the end of a frame at offset {self.frame_end}",
                            offset=self.frame_end,
                        )
                    self.frame_end = -1
                    boundary = end
                # Hot opcodes, most frequent first; every other one goes through _TABLE.
                if op in (BINUNICODE, SHORT_BINUNICODE, BINUNICODE8):
                    if op == SHORT_BINUNICODE:
                        if pos + 1 > end:
                            self._need(pos, 1, "string length")
                        n: int = data[pos]
                        pos += 1
                    elif op == BINUNICODE:
                        if pos + 4 > end:
                            self._need(pos, 4, "string length")
                        n = unpack("<I", data, pos)[0]
                        pos += 4
                    else:
                        if pos + 8 > end:
                            self._need(pos, 8, "string length")
                        n = unpack("<Q", data, pos)[0]
                        if n > sys.maxsize:
                            raise Fail(f"BINUNICODE8 at offset {at} exceeds the maximum size")
                        pos += 8
                    if pos + n > end:
                        self._need(pos, n, f"string at offset {at} (declared length {n})")
                    try:
                        stack.append(str(data[pos : pos + n], "utf-8", "surrogatepass"))
                    except UnicodeDecodeError:
                        raise Fail(f"string at offset {at} is not valid UTF-8") from None
                    pos += n
                    # Fast path: the memo store that follows almost every string.
                    if pos < boundary:
                        nxt: int = data[pos]
                        if nxt == MEMOIZE:
                            memo[len(memo)] = stack[-1]
                            pos += 1
                            count += 1
                        elif nxt == BINPUT and pos + 2 <= boundary:
                            memo[data[pos + 1]] = stack[-1]
                            pos += 2
                            count += 1
                        if len(memo) > max_memo:
                            raise Limit(f"more than {max_memo} memo entries")
                elif op == MEMOIZE:
                    if not stack:
                        raise Fail(f"MEMOIZE at offset {at} with an empty stack")
                    memo[len(memo)] = stack[-1]
                    if len(memo) > max_memo:
                        raise Limit(f"more than {max_memo} memo entries")
                elif op == BINPUT:
                    if pos + 1 > end:
                        self._need(pos, 1, "BINPUT")
                    if not stack:
                        raise Fail(f"BINPUT at offset {at} with an empty stack")
                    memo[data[pos]] = stack[-1]
                    pos += 1
                    if len(memo) > max_memo:
                        raise Limit(f"more than {max_memo} memo entries")
                elif op == BINGET:
                    if pos + 1 > end:
                        self._need(pos, 1, "BINGET")
                    idx: int = data[pos]
                    pos += 1
                    if idx not in memo:
                        raise Fail(f"memo value {idx} not found (BINGET at offset {at})")
                    stack.append(memo[idx])
                elif op in (BININT1, BININT2, BININT):
                    if op == BININT1:
                        if pos + 1 > end:
                            self._need(pos, 1, "BININT1")
                        stack.append(data[pos])
                        pos += 1
                    elif op == BININT2:
                        if pos + 2 > end:
                            self._need(pos, 2, "BININT2")
                        stack.append(data[pos] | data[pos + 1] << 8)
                        pos += 2
                    else:
                        if pos + 4 > end:
                            self._need(pos, 4, "BININT")
                        stack.append(unpack("<i", data, pos)[0])
                        pos += 4
                    if pos < boundary and data[pos] in INT_OPS:
                        pos, run = _int_run(data, stack, pos, boundary, checkpoint - 1 - count)
                        count += run
                elif op == MARK:
                    metastack.append(stack)
                    stack = []
                    if len(metastack) > max_depth:
                        raise Limit(f"more than {max_depth} nested MARKs")
                elif op == BINFLOAT:
                    # Weight lists are runs of BINFLOAT: a run is read in one tight loop
                    # (within the frame) and unpacked by one struct call.
                    if pos + 8 > end:
                        self._need(pos, 8, "BINFLOAT")
                    first = pos
                    pos += 8
                    run = 1
                    while pos + 9 <= boundary:
                        nxt = data[pos]
                        if nxt != BINFLOAT:
                            break
                        pos += 9
                        run += 1
                    stack.extend(unpack(">d" + "xd" * (run - 1), data, first))
                    count += run - 1
                elif op == EMPTY_DICT:
                    stack.append(SDict())
                elif op in (SETITEMS, APPENDS):
                    if not metastack:
                        raise _no_mark(at)
                    items = stack
                    stack = metastack.pop()
                    if not stack:
                        raise _underflow(op, at)
                    if op == SETITEMS:
                        self._setitems(stack[-1], items, at)
                    else:
                        self._append(stack[-1], items, at, many=True)
                elif op == TUPLE2:
                    if len(stack) < 2:
                        raise _underflow(op, at)
                    b = stack.pop()
                    stack[-1] = (stack[-1], b)
                elif op == EMPTY_LIST:
                    stack.append([])
                elif op == REDUCE:
                    if len(stack) < 2:
                        raise _underflow(op, at)
                    args = stack.pop()
                    stack[-1] = self._call(stack[-1], args, "REDUCE", at)
                elif op == TUPLE:
                    if not metastack:
                        raise _no_mark(at)
                    items = stack
                    stack = metastack.pop()
                    stack.append(tuple(items))
                elif op == TUPLE1:
                    if not stack:
                        raise _underflow(op, at)
                    stack[-1] = (stack[-1],)
                elif op == TUPLE3:
                    if len(stack) < 3:
                        raise _underflow(op, at)
                    c = stack.pop()
                    b = stack.pop()
                    stack[-1] = (stack[-1], b, c)
                elif op == EMPTY_TUPLE:
                    stack.append(())
                elif op == NEWTRUE:
                    stack.append(True)
                elif op == NEWFALSE:
                    stack.append(False)
                elif op == NONE:
                    stack.append(None)
                elif op == SETITEM:
                    if len(stack) < 3:
                        raise _underflow(op, at)
                    value = stack.pop()
                    key = stack.pop()
                    self._setitems(stack[-1], [key, value], at)
                elif op == APPEND:
                    if len(stack) < 2:
                        raise _underflow(op, at)
                    value = stack.pop()
                    self._append(stack[-1], [value], at, many=False)
                elif op == STOP:
                    res.stopped = True
                    res.end = pos
                    if not stack:
                        raise Fail(f"STOP at offset {at} with an empty stack")
                    stack.pop()  # values or marks left below are ignored, as CPython does
                    frame_end = self.frame_end
                    if frame_end >= 0 and frame_end != pos:
                        self._issue(
                            "frame",
                            HIGH,
                            f"STOP at offset {at} ends the stream inside a frame that runs to "
                            f"{frame_end}",
                            offset=at,
                        )
                    return
                else:
                    self.pos = pos
                    self.stack = stack
                    self.boundary = boundary
                    table[op](self, op, at)
                    pos = self.pos
                    stack = self.stack
                    boundary = self.boundary
        finally:
            res.opcodes += count
            if not res.stopped:
                # Both only grow: the loop moves ``pos``, a handler moves ``self.pos``.
                res.end = max(pos, self.pos)

    # -- handlers, one per opcode family (see _pickle_ops.FAMILIES) ------------------------

    def _op_invalid(self, op: int, at: int) -> None:
        raise Fail(f"invalid opcode {op:#04x} at offset {at}")

    def _op_global(self, op: int, at: int) -> None:
        """GLOBAL (two text lines) and STACK_GLOBAL (two strings from the stack)."""
        if op == GLOBAL:
            line1, self.pos = self._line(self.pos, "GLOBAL module")
            line2, self.pos = self._line(self.pos, "GLOBAL name")
            try:
                module, name = line1.decode("utf-8"), line2.decode("utf-8")
            except UnicodeDecodeError:
                raise Fail(f"GLOBAL at offset {at} is not UTF-8") from None
            self.stack.append(self._find_class(module, name, at, "GLOBAL", self.proto))
            return
        name_v = self._pop(op, at)
        module_v = self._pop(op, at)
        if type(name_v) is str and type(module_v) is str:
            self.stack.append(self._find_class(module_v, name_v, at, "STACK_GLOBAL", self.proto))
            return
        if isinstance(name_v, (Call, Global, Opaque)) or isinstance(
            module_v, (Call, Global, Opaque)
        ):
            self._issue(
                "dynamic-global",
                CRITICAL,
                f"STACK_GLOBAL at offset {at} imports a name computed at load time: "
                f"{show(module_v)} . {show(name_v)}",
                offset=at,
            )
            self.stack.append(Opaque("dynamic global", callable=True))
            return
        raise Fail(f"STACK_GLOBAL at offset {at} requires two str operands")

    def _op_new(self, op: int, at: int) -> None:
        """Instances: NEWOBJ, NEWOBJ_EX, OBJ and INST call their class."""
        if op == NEWOBJ:
            args = self._pop(op, at)
            cls = self._pop(op, at)
            self.stack.append(self._call(cls, args, "NEWOBJ", at))
        elif op == NEWOBJ_EX:
            kwargs = self._pop(op, at)
            args = self._pop(op, at)
            cls = self._pop(op, at)
            self.stack.append(self._call(cls, (args, kwargs), "NEWOBJ_EX", at))
        elif op == OBJ:
            items = self._pop_mark(at)
            if not items:
                raise Fail(f"OBJ at offset {at} has no class")
            self.stack.append(self._call(items[0], tuple(items[1:]), "OBJ", at))
        else:
            line1, self.pos = self._line(self.pos, "INST module")
            line2, self.pos = self._line(self.pos, "INST name")
            try:
                module, name = line1.decode("ascii"), line2.decode("ascii")
            except UnicodeDecodeError:
                raise Fail(f"INST at offset {at} is not ASCII") from None
            klass = self._find_class(module, name, at, "INST", self.proto)
            items = self._pop_mark(at)
            self.stack.append(self._call(klass, tuple(items), "INST", at))

    def _op_build(self, op: int, at: int) -> None:
        state = self._pop(op, at)
        inst = self._top(op, at)
        self.pos = self._build(inst, state, at, self.pos)
        if isinstance(inst, Call) and inst.kind == "joblib-array":
            self.stack[-1] = Opaque("ndarray")
            self.frame_end = -1
            self.boundary = self.end

    def _op_persid(self, op: int, at: int) -> None:
        if op == PERSID:
            line, self.pos = self._line(self.pos, "PERSID")
            try:
                pid: object = line.decode("ascii")
            except UnicodeDecodeError:
                raise Fail(f"PERSID at offset {at} is not ASCII") from None
        else:
            pid = self._pop(op, at)
        self.result.persistent_ids.append(pid)
        self.stack.append(Opaque("persistent"))

    def _op_put(self, op: int, at: int) -> None:
        """PUT (a text line) and LONG_BINPUT (4 bytes); MEMOIZE and BINPUT are inline."""
        pos = self.pos
        if op == LONG_BINPUT:
            if pos + 4 > self.end:
                self._need(pos, 4, "LONG_BINPUT")
            idx: int = struct.unpack_from("<I", self.data, pos)[0]
            self.pos = pos + 4
        else:
            line, self.pos = self._line(pos, "PUT")
            idx = parse_int(line, at)
            if idx < 0:
                raise Fail(f"negative PUT argument at offset {at}")
        self._memo_put(idx, self._top(op, at))

    def _op_get(self, op: int, at: int) -> None:
        """GET (a text line) and LONG_BINGET (4 bytes); BINGET is inline."""
        pos = self.pos
        if op == LONG_BINGET:
            if pos + 4 > self.end:
                self._need(pos, 4, "LONG_BINGET")
            idx: int = struct.unpack_from("<I", self.data, pos)[0]
            self.pos = pos + 4
            name = "LONG_BINGET"
        else:
            line, self.pos = self._line(pos, "GET")
            idx = parse_int(line, at)
            name = "GET"
        if idx not in self.memo:
            raise Fail(f"memo value {idx} not found ({name} at offset {at})")
        self.stack.append(self.memo[idx])

    def _op_bytes(self, op: int, at: int) -> None:
        """BINBYTES, SHORT_BINBYTES, BINBYTES8 and BYTEARRAY8: a length, then the bytes."""
        data = self.data
        pos = self.pos
        width = 1 if op == SHORT_BINBYTES else (4 if op == BINBYTES else 8)
        if pos + width > self.end:
            self._need(pos, width, "bytes length")
        n: int = (
            data[pos]
            if width == 1
            else struct.unpack_from("<I" if width == 4 else "<Q", data, pos)[0]
        )
        if n > sys.maxsize:
            raise Fail(f"bytes object at offset {at} exceeds the maximum size")
        pos += width
        self.pos = pos
        if pos + n > self.end:
            self._need(pos, n, f"bytes at offset {at} (declared length {n})")
        chunk = bytes(data[pos : pos + n])
        self.stack.append(bytearray(chunk) if op == BYTEARRAY8 else chunk)
        self.pos = pos + n

    def _op_binstring(self, op: int, at: int) -> None:
        """Protocol 1 strings: ASCII becomes str, anything else stays bytes."""
        data = self.data
        pos = self.pos
        width = 1 if op == SHORT_BINSTRING else 4
        if pos + width > self.end:
            self._need(pos, width, "string length")
        n: int = data[pos] if width == 1 else struct.unpack_from("<i", data, pos)[0]
        if n < 0:
            raise Fail(f"BINSTRING at offset {at} has a negative byte count")
        pos += width
        self.pos = pos
        if pos + n > self.end:
            self._need(pos, n, f"string at offset {at} (declared length {n})")
        raw = bytes(data[pos : pos + n])
        self.pos = pos + n
        try:
            self.stack.append(raw.decode("ascii"))
        except UnicodeDecodeError:
            self.stack.append(raw)

    def _op_text(self, op: int, at: int) -> None:
        """Protocol 0 values written as a text line: STRING, UNICODE, INT, LONG, FLOAT."""
        if op == STRING:
            line, self.pos = self._line(self.pos, "STRING")
            self.stack.append(decode_string(line))
        elif op == UNICODE:
            line, self.pos = self._line(self.pos, "UNICODE")
            try:
                self.stack.append(line.decode("raw-unicode-escape"))
            except UnicodeDecodeError:
                raise Fail(f"UNICODE at offset {at} does not decode") from None
        elif op == INT:
            line, self.pos = self._line(self.pos, "INT")
            self.stack.append(int_literal(line, at))
        elif op == LONG:
            line, self.pos = self._line(self.pos, "LONG")
            self.stack.append(long_literal(line, at))
        else:
            line, self.pos = self._line(self.pos, "FLOAT")
            try:
                self.stack.append(float(line))
            except ValueError:
                raise Fail(f"FLOAT at offset {at} is not a number") from None

    def _op_long(self, op: int, at: int) -> None:
        """LONG1 and LONG4: little-endian two's complement (over 64 bytes: unknown)."""
        data = self.data
        pos = self.pos
        width = 1 if op == LONG1 else 4
        if pos + width > self.end:
            self._need(pos, width, "long length")
        n: int = data[pos] if width == 1 else struct.unpack_from("<i", data, pos)[0]
        if n < 0:
            raise Fail(f"LONG4 at offset {at} has a negative byte count")
        pos += width
        self.pos = pos
        if pos + n > self.end:
            self._need(pos, n, f"long at offset {at} (declared length {n})")
        self.stack.append(
            int.from_bytes(data[pos : pos + n], "little", signed=True)
            if n <= 64
            else Opaque("long")
        )
        self.pos = pos + n

    def _op_container(self, op: int, at: int) -> None:
        """LIST, DICT and FROZENSET from the items since the mark; EMPTY_SET, ADDITEMS."""
        if op == EMPTY_SET:
            self.stack.append(SSet())
            return
        items = self._pop_mark(at)
        if op == LIST:
            self.stack.append(items)
        elif op == DICT:
            d = SDict()
            self._setitems(d, items, at)
            self.stack.append(d)
        elif op == FROZENSET:
            self._hashable(items, at)
            self.stack.append(SSet(items, frozen=True))
        else:
            self._additems(self._top(op, at), items, at)

    def _op_stack(self, op: int, at: int) -> None:
        """POP (a value, or the mark when the current frame is empty), POP_MARK, DUP."""
        if op == POP:
            if self.stack:
                self.stack.pop()
            else:
                self._pop_mark(at)
        elif op == POP_MARK:
            self._pop_mark(at)
        else:
            self.stack.append(self._top(op, at))

    def _op_proto(self, op: int, at: int) -> None:
        pos = self.pos
        if pos + 1 > self.end:
            self._need(pos, 1, "PROTO")
        proto: int = self.data[pos]
        self.proto = proto
        self.pos = pos + 1
        if proto > HIGHEST_PROTOCOL:
            raise Fail(f"unsupported pickle protocol {proto} at offset {at}")
        res = self.result
        res.protocol = max(res.protocol, proto)

    def _op_frame(self, op: int, at: int) -> None:
        pos = self.pos
        end = self.end
        if pos + 8 > end:
            self._need(pos, 8, "FRAME")
        size: int = struct.unpack_from("<Q", self.data, pos)[0]
        pos += 8
        self.pos = pos
        frame_end = self.frame_end
        if frame_end >= 0 and pos - 9 < frame_end:
            self._issue(
                "frame",
                HIGH,
                f"a new frame starts at offset {at} before the current one ends at {frame_end}",
                offset=at,
            )
        if size > sys.maxsize or pos + size > end:
            # C's unpickler raises before running the frame; pickle.py (used by joblib)
            # runs what is there. Keep interpreting, as the latter would.
            self._issue(
                "frame",
                HIGH,
                f"FRAME at offset {at} declares {size} bytes but only {end - pos} remain",
                offset=at,
                declared=size,
            )
            size = end - pos
        self.frame_end = pos + size
        self.boundary = pos + size

    def _op_ext(self, op: int, at: int) -> None:
        """EXT1/2/4: a code in the copyreg extension registry, unknowable while scanning."""
        pos = self.pos
        width = 1 if op == EXT1 else (2 if op == EXT2 else 4)
        if pos + width > self.end:
            self._need(pos, width, "EXT code")
        code = int.from_bytes(self.data[pos : pos + width], "little", signed=(width == 4))
        self.pos = pos + width
        if code <= 0:
            raise Fail(f"EXT at offset {at} specifies code <= 0")
        self._issue(
            "extension",
            HIGH,
            f"EXT opcode at offset {at} names extension code {code}, which resolves "
            "to a global registered at run time",
            offset=at,
            code=code,
        )
        self.stack.append(Opaque(f"extension {code}", callable=True))

    def _op_buffer(self, op: int, at: int) -> None:
        if op == NEXT_BUFFER:
            raise Fail(
                f"NEXT_BUFFER at offset {at} refers to out-of-band data, which a file cannot carry"
            )
        if isinstance(self._top(op, at), NOT_BUFFER):
            raise Fail(f"READONLY_BUFFER at offset {at} on a value that is no buffer")

    def _build(self, inst: object, state: object, at: int, pos: int) -> int:
        if isinstance(inst, Global):
            self._issue(
                "build-global",
                HIGH,
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
            if truthy(state) or truthy(slots):
                raise Fail(f"BUILD at offset {at}: a {kind_name(inst)} takes no state")
            return pos
        inst.state = state
        cls = class_of(inst)
        if isinstance(cls, Global):
            if cls.key in LAZY_TRAMPOLINES:
                # functools.partial.__setstate__ replaces the function it will call
                flow = self._flow(state)
                if flow:
                    self._invoke(inst.func if isinstance(inst.func, Global) else None, flow, at)
                if isinstance(state, tuple) and state:
                    self._calls_computed(cls.key, state[0], at)
            else:
                self._instance_runs(inst, "BUILD", at)
        if isinstance(cls, Global) and cls.qualname == JOBLIB_WRAPPER:
            inst.kind = "joblib-array"
            return self._joblib_array(state, at, pos)
        return pos

    def _joblib_array(self, state: object, at: int, pos: int) -> int:
        """Skip the raw array bytes joblib writes right after a NumpyArrayWrapper's BUILD."""
        self.result.joblib_arrays += 1
        if not isinstance(state, SDict):
            raise Fail(f"joblib array wrapper at offset {at} has no state dict")
        shape = state.get("shape")
        dtype = state.get("dtype")
        align = state.get("numpy_array_alignment_bytes")
        info = dtype_info(dtype)
        if (
            info is None
            or not isinstance(shape, tuple)
            or not all(isinstance(s, int) and s >= 0 for s in shape)
        ):
            raise Fail(f"joblib array wrapper at offset {at} has an unreadable shape or dtype")
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
            if self.depth >= NESTED_DEPTH:
                raise Limit("joblib object arrays nested too deep")
            inner = sub.run()
            self._merge(inner, f"object array at offset {pos}")
            if not inner.stopped:
                raise Fail(f"object array pickle at offset {pos} is malformed: {inner.error}")
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
            raise Limit(inner.limit_hit)


def _underflow(op: int, at: int) -> Fail:
    return Fail(f"stack underflow at offset {at} (opcode {op:#04x})")


def _no_mark(at: int) -> Fail:
    return Fail(f"opcode at offset {at} needs a MARK but none is open")


def _int_run(data: Any, stack: list[object], pos: int, limit: int, most: int) -> tuple[int, int]:
    """Push a run of at most ``most`` BININT1/BININT2/BININT opcodes wholly before ``limit``.

    List and tuple contents are such runs; none of them can fail, so they are read in one
    tight loop that stops short of the next budget checkpoint (limits hit at the same opcode).
    Returns the new position and the number of opcodes read.
    """
    unpack = struct.unpack_from
    count = 0
    while pos < limit and count < most:
        op: int = data[pos]
        if op == BININT1 and pos + 2 <= limit:
            stack.append(data[pos + 1])
            pos += 2
        elif op == BININT2 and pos + 3 <= limit:
            stack.append(data[pos + 1] | data[pos + 2] << 8)
            pos += 3
        elif op == BININT and pos + 5 <= limit:
            stack.append(unpack("<i", data, pos + 1)[0])
            pos += 5
        else:
            break
        count += 1
    return pos, count


Handler = Callable[[Interpreter, int, int], None]


def _table() -> list[Handler]:
    """Opcode byte -> handler; hot opcodes are run inline by the loop and never looked up."""
    table: list[Handler] = [Interpreter._op_invalid] * 256
    for family, ops in FAMILIES.items():
        handler: Handler = getattr(Interpreter, f"_op_{family}")
        for op in ops:
            table[op] = handler
    return table


_TABLE: Final = _table()
