"""What a pickle stream imports and calls, judged by the policy, and the container operations.

:class:`CallJudge` is the base of :class:`~._pickle_vm.Interpreter`: the interpreter loop
decodes opcodes, this class keeps the record (:class:`~._pickle_values.PickleAnalysis`). Each
imported name becomes a :class:`~._pickle_values.GlobalUse` with the policy's verdict; each
call (``REDUCE``, ``NEWOBJ``, ``OBJ``, ``INST``) raises that verdict when the callable runs,
follows resolvers (``getattr``, ``importlib.import_module``...) to what they reach, collects
bytes handed to nested loaders, and judges the callables that flow into the call through its
arguments (a callable handed to a trampoline runs too). ``SETITEM(S)``, ``APPEND(S)`` and
``ADDITEMS`` act on symbolic containers as both CPython unpicklers do, and run a method of an
instance when the target is one.
"""

from __future__ import annotations

from typing import Any, Final

from hauberk.core import Severity
from hauberk.supplychain import _policy

from ._pickle_values import (
    ARGUMENT_CHECKED,
    FLOW_BUDGET,
    HIGH,
    LAZY_TRAMPOLINES,
    MAX_DEFERRED,
    NESTED_LOADERS,
    NOT_CALLABLE_TYPES,
    NOT_ITERABLE_TYPES,
    PLAIN,
    RESOLVERS,
    Call,
    Fail,
    Global,
    GlobalUse,
    Issue,
    Limit,
    NestedPayload,
    Opaque,
    PickleAnalysis,
    SDict,
    SSet,
    class_of,
    flow_of,
    inert,
    is_hashable,
    kwargs_ok,
    mutable,
    resolve,
    show,
)

SPECIAL: Final = frozenset(RESOLVERS) | NESTED_LOADERS


class CallJudge:
    """The record of one stream: globals, calls, issues, nested payloads (see the module)."""

    def __init__(self, start: int) -> None:
        self.result = PickleAnalysis(start=start)
        self._first_call_offset = -1
        self._deferred: list[tuple[Global | None, object, int]] = []
        self._flow_left = FLOW_BUDGET
        self._plain: dict[int, tuple[object, int]] = {}

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
        if type(args) in NOT_ITERABLE_TYPES or (kind == "NEWOBJ_EX" and not kwargs_ok(args)):
            raise Fail(f"{kind} at offset {offset}: the arguments are not an iterable")
        if isinstance(func, Call) and func.kind == "resolved" and isinstance(func.func, Global):
            func = func.func  # getattr(...)(...) calls what the resolver reached
        if type(func) in NOT_CALLABLE_TYPES:
            raise Fail(f"{kind} at offset {offset} calls a {type(func).__name__}")
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
                if use.verdict.allowed and func.key in ARGUMENT_CHECKED:
                    why = _policy.check_args(func.key, args)
                    if why:
                        use.raise_to(HIGH, f"{why} (offset {offset})")
            self._special_call(func, args, result, offset)
            self._receives(func, args, offset)
            if func.key in LAZY_TRAMPOLINES and isinstance(args, tuple) and args:
                self._calls_computed(func.key, args[0], offset)
        else:
            self._issue(
                "dynamic",
                HIGH,
                f"{kind} at offset {offset} calls a value computed at load time: {show(func)}",
                offset=offset,
                callable=show(func),
                args=show(args),
            )
            self._receives(None, args, offset)
        return result

    def _receives(self, func: Global | None, args: object, offset: int) -> None:
        """Judge the callables that flow into a call: each runs, and raises its caller."""
        if type(args) is tuple and all(inert(a) for a in args):
            return  # the common case: constants and objects, nothing that can be called
        flow = self._flow(args)
        if flow:
            self._invoke(func, flow, offset)
        if (func is None or func.key in LAZY_TRAMPOLINES) and mutable(args):
            # A lazy iterator or partial keeps its containers: they can still grow after the
            # call (APPENDS on a memoised list) and be drained later. Look again at the end.
            if len(self._deferred) >= MAX_DEFERRED:
                raise Limit(f"more than {MAX_DEFERRED} lazy calls over growing containers")
            self._deferred.append((func, args, offset))

    def _flow(self, args: object) -> list[object]:
        """:func:`flow_of` under the analysis-wide budget (a scan limit when it runs out)."""
        flow, used = flow_of(args, self._flow_left, self._plain)
        self._flow_left -= used
        if flow is None:
            raise Limit(f"more than {FLOW_BUDGET} values followed through call arguments")
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
                severity, name = HIGH, show(value)
            if caller is not None and severity is not None and caller.verdict.allowed:
                caller.raise_to(severity, f"receives {name} (offset {offset})")

    def _calls_computed(self, caller: str, value: object, offset: int) -> None:
        """A trampoline will call ``value``: an object built at load time (an instance whose
        state may have replaced ``forward`` or ``__call__``'s helpers) is a computed callable."""
        if isinstance(value, Call) and value.kind != "resolved":
            self._issue(
                "dynamic",
                HIGH,
                f"{caller} at offset {offset} is handed a value computed at load time to call: "
                f"{show(value)}",
                offset=offset,
                callable=show(value),
            )

    def _instance_runs(self, inst: Call, what: str, at: int) -> None:
        """A method of ``inst``'s class runs (``__setstate__``, ``append``...): judge the class."""
        cls = class_of(inst)
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
        except Limit as exc:
            self.result.limit_hit = self.result.limit_hit or str(exc)
        self._deferred.clear()

    def _special_call(self, func: Global, args: object, result: Call, offset: int) -> None:
        """Resolvers and nested loaders: judge what they reach, not only themselves."""
        qualname = func.key
        if qualname not in SPECIAL:
            return
        kind = RESOLVERS.get(qualname)
        argv = args if isinstance(args, tuple) else ()
        if kind is not None:
            target = resolve(kind, argv)
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
            qualname in NESTED_LOADERS
            and argv
            and isinstance(argv[0], (bytes, bytearray))
            and len(nested) < 16
        ):
            nested.append(NestedPayload(qualname, offset, bytes(argv[0])))

    # -- containers --------------------------------------------------------------------

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
            if not is_hashable(key):
                raise Fail(f"unhashable value used as a key or set item at offset {at}")

    def _setitems(self, target: object, items: list[object], at: int) -> None:
        """SETITEM(S): ``target[k] = v`` for each pair, as both unpicklers do it."""
        if not items:
            return  # the C unpickler does nothing, whatever the target
        if len(items) % 2:
            raise Fail(f"odd number of items for a dict at offset {at}")
        if isinstance(target, SDict):
            self._hashable(items[0::2], at)
            for k, v in zip(items[0::2], items[1::2], strict=True):
                target.size += 1
                if len(target.items) < 64 or not isinstance(k, PLAIN) or not isinstance(v, PLAIN):
                    target.items.append((k, v))
        elif isinstance(target, (list, bytearray)):
            self._plain.pop(id(target), None)  # an item replaced: the length does not show it
            for k, v in zip(items[0::2], items[1::2], strict=True):
                if not isinstance(k, int) or not -len(target) <= k < len(target):
                    raise Fail(f"SETITEM(S) at offset {at}: index {show(k)} out of range")
                if isinstance(target, bytearray):
                    if not isinstance(v, int) or not 0 <= v < 256:
                        raise Fail(f"SETITEM(S) at offset {at}: byte value out of range")
                    target[k] = v
                else:
                    target[k] = v
        elif isinstance(target, Call):
            self._instance_runs(target, "SETITEM(S)", at)
        elif not isinstance(target, (Opaque, Global)):
            raise Fail(f"SETITEM(S) at offset {at} on a value that is not a mapping")

    def _append(self, target: object, items: list[object], at: int, *, many: bool) -> None:
        """APPEND(S): ``extend`` (or ``append`` one by one), as both unpicklers do it."""
        if many and not items:
            return  # the C unpickler does nothing, whatever the target
        if isinstance(target, list):
            target.extend(items)
        elif isinstance(target, bytearray):
            if not all(isinstance(v, int) and 0 <= v < 256 for v in items):
                raise Fail(f"APPEND(S) at offset {at}: bytearray items must be bytes")
            target.extend(items)  # type: ignore[arg-type]
        elif isinstance(target, Call):
            self._instance_runs(target, "APPEND(S)", at)
        elif not isinstance(target, (Opaque, Global)):
            raise Fail(f"APPEND(S) at offset {at} on a value that is not a list")

    def _additems(self, target: object, items: list[object], at: int) -> None:
        if not items:
            return  # the C unpickler does nothing, whatever the target
        if isinstance(target, SSet) and not target.frozen:
            self._hashable(items, at)
            target.items.extend(items)
        elif isinstance(target, Call):
            self._instance_runs(target, "ADDITEMS", at)
        elif not isinstance(target, (Opaque, Global)):
            raise Fail(f"ADDITEMS at offset {at} on a value that is not a set")
