"""Symbolic values of the pickle interpreter, what it reports, and how values flow into calls.

The interpreter (:mod:`hauberk.supplychain._pickle_vm`) never builds the objects a pickle
describes. Constants are kept as they are (ints, floats, strings, bytes, tuples, lists);
everything else is one of the small classes here: an imported name is a :class:`Global`, the
result of a call a :class:`Call`, a dict an :class:`SDict` (its first items, then only those
that are not plain data), a set an :class:`SSet`, and a value nobody can know while scanning
(a persistent id, an extension code, a buffer) an :class:`Opaque`. :func:`flow` finds the
callables that reach a call through its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from hauberk.core import Severity
from hauberk.supplychain import _policy

# The policy tables and severities the interpreter reads on every call, bound once here (a
# module attribute lookup per use showed in profiles).
HIGH: Final = Severity.HIGH
CRITICAL: Final = Severity.CRITICAL
RESOLVERS: Final = _policy.RESOLVERS
NESTED_LOADERS: Final = _policy.NESTED_LOADERS
TRAMPOLINES: Final = _policy.TRAMPOLINES
LAZY_TRAMPOLINES: Final = _policy.LAZY_TRAMPOLINES
ARGUMENT_CHECKED: Final = _policy.ARGUMENT_CHECKED


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


class Fail(Exception):
    """The real unpickler would raise here."""


class Limit(Exception):
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
    if isinstance(value, (str, bytes, bytearray)):
        return repr(value[:120])
    return repr(value)


MAX_DEFERRED = 10_000
#: Values followed through call arguments, per stream: a memoised container handed to many
#: calls is walked each time, so the walk is bounded (reaching it is a scan limit).
FLOW_BUDGET = 20_000_000
PLAIN = (int, float, str, bytes, bool, type(None), complex)
PLAIN_TYPES = frozenset(PLAIN)
NOT_CALLABLE = (int, float, str, bytes, bytearray, bool, type(None), tuple, list, SDict, SSet)
NOT_ITERABLE = (int, float, bool, type(None))
NOT_ITERABLE_TYPES = frozenset(NOT_ITERABLE)
NOT_CALLABLE_TYPES = frozenset(NOT_CALLABLE)
NOT_BUFFER = (int, float, str, bool, type(None), complex, tuple, list, SDict, SSet, Global)


def is_hashable(value: object, depth: int = 0) -> bool:
    if type(value) in PLAIN_TYPES:
        return True
    if isinstance(value, (list, SDict, bytearray)):
        return False
    if isinstance(value, SSet):
        return value.frozen
    if isinstance(value, tuple) and depth < 64:
        return all(is_hashable(v, depth + 1) for v in value)
    return True


def truthy(value: object) -> bool:
    """Whether pickle.py's ``if state:`` may pass (unknown values may)."""
    if isinstance(value, SDict):
        return value.size > 0
    if isinstance(value, SSet):
        return bool(value.items)
    if isinstance(value, (Call, Opaque)):
        return False  # unknown: either unpickler may accept
    return bool(value)


def kind_name(value: object) -> str:
    return {SDict: "dict", SSet: "set"}.get(type(value), type(value).__name__)


def kwargs_ok(args: object) -> bool:
    """NEWOBJ_EX's (args, kwargs): kwargs a mapping whose known keys are strings."""
    if not isinstance(args, tuple) or len(args) != 2:
        return True
    kwargs = args[1]
    if isinstance(args[0], NOT_ITERABLE):
        return False
    if isinstance(kwargs, SDict):
        return all(isinstance(k, str) for k, _ in kwargs.items)
    return isinstance(kwargs, (Call, Opaque, Global))


def class_of(inst: Call) -> object:
    """The class whose methods an instance built by ``inst`` runs."""
    func = inst.func
    if (
        isinstance(func, Global)
        and func.key in TRAMPOLINES
        and func.key not in LAZY_TRAMPOLINES
        and isinstance(inst.args, tuple)
        and inst.args
    ):
        return inst.args[0]
    return func


def inert(value: object) -> bool:
    """A value that is neither callable nor a container (checked without allocating)."""
    kind = type(value)
    if kind in PLAIN_TYPES:
        return True
    if kind is Call:
        func = value.func  # type: ignore[attr-defined]
        return value.kind != "resolved" and not (  # type: ignore[attr-defined]
            type(func) is Global and func.key in LAZY_TRAMPOLINES
        )
    return kind is Opaque and not value.callable  # type: ignore[attr-defined]


def mutable(args: object, depth: int = 0) -> bool:
    if isinstance(args, (list, SDict, SSet)):
        return True
    if isinstance(args, tuple) and depth < 4:
        return any(mutable(a, depth + 1) for a in args)
    return False


def flow_of(
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
        if type(value) in PLAIN_TYPES or isinstance(value, PLAIN):
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
        if isinstance(value, (tuple, list, SDict, SSet)):
            items: Any = value.items if isinstance(value, (SDict, SSet)) else value
            known = plain.get(key)
            if known is not None and known[0] is value and known[1] == len(items):
                continue
            nodes += len(items)
            if nodes > budget:
                return None, nodes
            if isinstance(value, SDict):
                inner = [v for pair in items for v in pair if type(v) not in PLAIN_TYPES]
            else:
                inner = [v for v in items if type(v) not in PLAIN_TYPES]
            if inner:
                todo.extend(inner)
            elif len(items) >= 64:
                plain[key] = (value, len(items))
        elif isinstance(value, Call):
            func = value.func
            if value.kind == "resolved":
                todo.append(func)
            elif isinstance(func, Global) and func.key in LAZY_TRAMPOLINES:
                todo.append(value.args)
                todo.append(value.state)
    return out, nodes


def dtype_info(dtype: object) -> tuple[int, bool] | None:
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


def resolve(kind: str, argv: tuple[object, ...]) -> tuple[str, str] | None:
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
