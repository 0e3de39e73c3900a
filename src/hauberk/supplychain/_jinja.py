"""Jinja chat templates (GGUF metadata, tokenizer configs, ``.jinja`` files) judged as programs.

A chat template is rendered with Jinja by llama-cpp-python, transformers and others; a
template that reaches dunder attributes escapes the sandbox (CVE-2024-34359), and renderers
that use a plain ``Environment`` have no sandbox at all. Templates are parsed with jinja2's
own parser and never rendered. Reported:

* attribute access to a name starting with an underscore (``x.__class__``);
* item access, ``attr()`` and attribute-taking filters (``map(attribute=...)``,
  ``selectattr``, ``sort(attribute=...)``, ``groupby``...) whose name starts with an
  underscore, where the name is a constant *or is computed from constants*: concatenation
  (``'__cla' ~ 'ss__'``, ``+``), repetition (``'_' * 2``), ``join``, ``format``, ``%``,
  ``replace``, ``reverse``, slicing, string methods, ``{% set %}`` variables and loops over
  constant lists are folded by a small bounded evaluator of our own (jinja2's ``as_const``
  would evaluate ``'_' * 10**12`` in full);
* item access and ``attr()`` with a name computed by string operations that cannot be folded
  (high: no static reading can say which attribute it reaches);
* ``str.format`` fields that walk attributes (``'{0.__class__}'.format(x)``);
* string constants that spell a dangerous dunder.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any

from hauberk.core import Finding, Severity
from hauberk.supplychain import _rules

DUNDER = re.compile(
    r"__(class|globals|subclasses|builtins|init|mro|base|bases|import|dict|getattribute|code|"
    r"loader|spec|reduce|reduce_ex|self|func|closure|module|call|getitem|os|popen)__"
)
_MAX_VALUES = 64
_MAX_LEN = 4096
_ATTR_FILTERS = {"map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min",
                 "max", "dictsort"}  # fmt: skip
_FORMAT_FIELD = re.compile(r"\{[^{}]*?[.\[][^{}]*\}")

Value = Any  # str, int or a tuple of values
Values = frozenset[Value] | None  # None: not known statically


def _ok(value: Value) -> bool:
    if isinstance(value, str):
        return len(value) <= _MAX_LEN
    if isinstance(value, tuple):
        return len(value) <= _MAX_VALUES and all(_ok(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**6


def _product(parts: list[Values]) -> list[tuple[Value, ...]] | None:
    """``itertools.product`` of known value sets, or None when there are too many combinations."""
    count = 1
    for part in parts:
        if part is None:
            return None
        count *= len(part)
        if count > 4 * _MAX_VALUES:
            return None
    return list(product(*parts))  # type: ignore[arg-type]


def _set(values: Any) -> Values:
    out = frozenset(v for v in values if _ok(v))
    return out if out and len(out) <= _MAX_VALUES else None


class _Folder:
    """Folds Jinja expressions made of constants to the set of values they can take."""

    def __init__(self) -> None:
        self.env: dict[str, set[Value]] = {}
        self.unknown: set[str] = set()

    def bind(self, name: str, values: Values) -> None:
        if values is None:
            self.unknown.add(name)
            return
        self.env.setdefault(name, set()).update(values)

    def fold(self, node: Any, depth: int = 0) -> Values:
        from jinja2 import nodes

        if depth > 40:
            return None
        f = self.fold
        d = depth + 1
        if isinstance(node, nodes.Const):
            return _set([node.value]) if isinstance(node.value, str | int) else None
        if isinstance(node, nodes.Neg | nodes.Pos):
            inner = f(node.node, d)
            if inner is None or not all(isinstance(v, int) for v in inner):
                return None
            return _set(-v if isinstance(node, nodes.Neg) else v for v in inner)
        if isinstance(node, nodes.Name):
            if node.name in self.unknown or node.name not in self.env:
                return None
            return _set(self.env[node.name])
        if isinstance(node, nodes.Tuple | nodes.List):
            combos = _product([f(item, d) for item in node.items])
            return None if combos is None else _set(combos)
        if isinstance(node, nodes.Concat):
            combos = _product([f(item, d) for item in node.nodes])
            if combos is None:
                return None
            return _set("".join(_text(v) for v in combo) for combo in combos)
        if isinstance(node, nodes.CondExpr):
            a, b = f(node.expr1, d), f(node.expr2, d) if node.expr2 is not None else frozenset()
            return None if a is None or b is None else _set(a | b)
        if isinstance(node, nodes.Add | nodes.Mul | nodes.Mod):
            return self._binary(node, f(node.left, d), f(node.right, d))
        if isinstance(node, nodes.Getitem):
            return self._getitem(node, d)
        if isinstance(node, nodes.Filter):
            if node.node is None:
                return None
            combos = _product([f(node.node, d), *(f(a, d) for a in node.args)])
            kwargs: dict[str, Values] = {str(k.key): f(k.value, d) for k in node.kwargs}
            if combos is None or None in kwargs.values():
                return None
            return _set(
                r
                for v, *args in combos
                if (r := _filter(node.name, v, tuple(args), kwargs)) is not None
            )
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            combos = _product([f(node.node.node, d), *(f(a, d) for a in node.args)])
            if combos is None or node.kwargs:
                return None
            return _set(
                r
                for v, *args in combos
                if (r := _method(node.node.attr, v, tuple(args))) is not None
            )
        return None

    def _binary(self, node: Any, left: Values, right: Values) -> Values:
        from jinja2 import nodes

        combos = _product([left, right])
        if combos is None:
            return None
        out: list[Value] = []
        for a, b in combos:
            try:
                if isinstance(node, nodes.Mul):
                    if isinstance(a, str | tuple) and isinstance(b, int):
                        a, b = b, a
                    if (
                        isinstance(a, int)
                        and isinstance(b, str | tuple)
                        and 0 <= a * len(b) <= _MAX_LEN
                    ):
                        out.append(b * a)
                    elif isinstance(a, int) and isinstance(b, int):
                        out.append(a * b)
                elif isinstance(node, nodes.Add):
                    if type(a) is type(b) and not isinstance(a, tuple):
                        out.append(a + b)
                elif isinstance(a, str):  # Mod: printf-style formatting
                    out.append(_printf(a, b if isinstance(b, tuple) else (b,)))
            except (TypeError, ValueError, OverflowError):
                continue
        return _set(r for r in out if r is not None)

    def _getitem(self, node: Any, depth: int) -> Values:
        from jinja2 import nodes

        base = self.fold(node.node, depth)
        if base is None:
            return None
        arg = node.arg
        if isinstance(arg, nodes.Slice):
            bounds = []
            for part in (arg.start, arg.stop, arg.step):
                if part is None:
                    bounds.append(frozenset([None]))
                    continue
                got = self.fold(part, depth)
                if got is None:
                    return None
                bounds.append(got)
            combos = _product([base, *bounds])
            if combos is None:
                return None
            out = []
            for v, start, stop, step in combos:
                if True:
                    if isinstance(v, str | tuple) and step != 0:
                        try:
                            out.append(v[start:stop:step])
                        except TypeError:
                            continue
            return _set(out)
        index = self.fold(arg, depth)
        if index is None:
            return None
        pairs = _product([base, index])
        if pairs is None:
            return None
        out = []
        for v, i in pairs:
            if isinstance(v, str | tuple) and isinstance(i, int) and -len(v) <= i < len(v):
                out.append(v[i])
        return _set(out)


def _text(value: Value) -> str:
    return value if isinstance(value, str) else str(value)


def _printf(fmt: str, args: tuple[Value, ...]) -> str | None:
    if re.search(r"%[-#0 +]*(\d{4,}|\*)", fmt):
        return None  # huge or computed widths: not folded
    try:
        return fmt % args
    except (TypeError, ValueError, OverflowError):
        return None


def _filter(name: str, value: Value, args: tuple[Value, ...], kwargs: dict[str, Values]) -> Value:
    """The constant result of Jinja's built-in filter ``name``, for the string filters an
    obfuscated template uses; None when not foldable."""
    if name == "join":
        sep = args[0] if args else ""
        items = (
            value if isinstance(value, tuple) else tuple(value) if isinstance(value, str) else None
        )
        if items is None or not isinstance(sep, str):
            return None
        return sep.join(_text(v) for v in items)
    if name == "format" and isinstance(value, str):
        return _printf(value, args)
    if not isinstance(value, str | tuple):
        return value if name in ("string", "trim", "e", "safe") and isinstance(value, int) else None
    if name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            result = value.replace(old, new)
            return result if len(result) <= _MAX_LEN else None
    if name in ("reverse",):
        return value[::-1]
    if name == "list":
        return tuple(value)
    if name in ("first", "last") and value:
        return value[0] if name == "first" else value[-1]
    if isinstance(value, str) and name in _SIMPLE:
        return _SIMPLE[name](value)
    return None


_SIMPLE: dict[str, Any] = {
    "lower": str.lower,
    "upper": str.upper,
    "trim": str.strip,
    "string": str,
    "title": str.title,
    "capitalize": str.capitalize,
    "e": str,
    "safe": str,
}


def _method(name: str, value: Value, args: tuple[Value, ...]) -> Value:
    if not isinstance(value, str):
        return None
    if name in ("lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "swapcase"):
        return getattr(value, name)() if not args else None
    if name == "replace" and len(args) == 2 and all(isinstance(a, str) for a in args):
        result = value.replace(args[0], args[1])
        return result if len(result) <= _MAX_LEN else None
    if name == "join" and len(args) == 1 and isinstance(args[0], tuple | str):
        return value.join(_text(v) for v in args[0])
    if name == "format" and not _FORMAT_FIELD.search(value):
        try:
            return value.format(*args) if len(value) <= _MAX_LEN else None
        except (IndexError, KeyError, ValueError):
            return None
    return None


def _names(values: Values) -> list[str]:
    return sorted(v for v in values or () if isinstance(v, str))


_STRING_FILTERS = {"join", "format", "replace", "reverse", "lower", "upper", "string", "list",
                   "first", "last", "trim", "title", "capitalize"}  # fmt: skip
_STRING_METHODS = {"format", "join", "replace", "lower", "upper", "strip", "title", "capitalize"}


def _stringish(folder: _Folder, node: Any) -> bool:
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        return isinstance(node.value, str)
    return any(isinstance(v, str) for v in folder.fold(node) or ()) or _computed(folder, node)


def _computed(folder: _Folder, node: Any) -> bool:
    """Whether an expression builds a string at render time (numbers and plain variables, as
    in ``messages[loop.index0 - 1]`` or ``tool[key]``, are not)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Concat):
        return True
    if isinstance(node, nodes.Mod):
        return _stringish(folder, node.left)
    if isinstance(node, nodes.Add | nodes.Mul):
        return _stringish(folder, node.left) or _stringish(folder, node.right)
    if isinstance(node, nodes.Filter):
        return node.name in _STRING_FILTERS
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        return node.node.attr in _STRING_METHODS
    if isinstance(node, nodes.CondExpr):
        return _computed(folder, node.expr1) or (
            node.expr2 is not None and _computed(folder, node.expr2)
        )
    return False


def template_reasons(template: str) -> list[str]:
    """Why the Jinja ``template`` reaches Python internals (empty: it does not, as far as a
    static reading can tell). Raises ``jinja2.TemplateSyntaxError`` or ``RecursionError``."""
    import jinja2
    from jinja2 import nodes

    tree = jinja2.Environment(autoescape=False).parse(template)  # noqa: S701 - parsed only
    folder = _Folder()
    for _ in range(2):  # twice: a variable may be used above the line that sets it
        for stmt in tree.find_all((nodes.Assign, nodes.For, nodes.With, nodes.Macro)):
            node: Any = stmt
            if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
                folder.bind(node.target.name, folder.fold(node.node))
            elif isinstance(node, nodes.For) and isinstance(node.target, nodes.Name):
                seq = folder.fold(node.iter)
                items = None if seq is None else _set(x for v in seq for x in _items(v))
                folder.bind(node.target.name, items)
            elif isinstance(node, nodes.With):
                for target, value in zip(node.targets, node.values, strict=False):
                    if isinstance(target, nodes.Name):
                        folder.bind(target.name, folder.fold(value))
            elif isinstance(node, nodes.Macro):
                for arg in node.args:
                    folder.bind(arg.name, None)
    reasons: list[str] = []

    def name_used(what: str, node: Any) -> None:
        values = folder.fold(node)
        if values is None:
            if _computed(folder, node):
                reasons.append(f"{what} computed at render time")
            return
        for name in _names(values):
            if any(part.startswith("_") for part in name.split(".")):
                shown = name if isinstance(node, nodes.Const) else f"{name} (computed)"
                reasons.append(f"{what} {shown}")

    kinds = (nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Const, nodes.Concat, nodes.Add,
             nodes.Mul, nodes.Mod, nodes.Call)  # fmt: skip
    for node in tree.find_all(kinds):
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                reasons.append(f"attribute {node.attr}")
            if node.attr == "format":
                base = folder.fold(node.node)
                for text in _names(base):
                    if _FORMAT_FIELD.search(text):
                        reasons.append(f"str.format fields that walk attributes in {text[:40]!r}")
        elif isinstance(node, nodes.Getitem):
            if not isinstance(node.arg, nodes.Slice):
                name_used("item", node.arg)
        elif isinstance(node, nodes.Filter):
            if node.name == "attr":
                reasons.append("the attr filter")
                if node.args:
                    name_used("attr() of", node.args[0])
            elif node.name in _ATTR_FILTERS:
                for kw in node.kwargs:
                    if kw.key == "attribute":
                        name_used(f"{node.name}(attribute=...)", kw.value)
                if node.name in ("selectattr", "rejectattr", "groupby") and node.args:
                    name_used(f"{node.name}() of", node.args[0])
            else:
                _dunder_value(folder, node, reasons)
        elif isinstance(node, nodes.Const):
            if isinstance(node.value, str) and DUNDER.search(node.value):
                reasons.append(f"string {node.value[:40]!r}")
        else:
            _dunder_value(folder, node, reasons)
    return sorted(set(reasons))


def _items(value: Value) -> tuple[Value, ...]:
    return value if isinstance(value, tuple) else (value,)


def _dunder_value(folder: _Folder, node: Any, reasons: list[str]) -> None:
    for text in _names(folder.fold(node)):
        if DUNDER.search(text):
            reasons.append(f"string computed as {text[:40]!r}")


def template_findings(target: str, key: str, template: str) -> list[Finding]:
    """Findings for one Jinja chat template (parsed, never rendered)."""
    import jinja2

    rule = _rules.GGUF_TEMPLATE
    try:
        reasons = template_reasons(template)
    except jinja2.TemplateSyntaxError as exc:
        hits = sorted(set(m.group(0) for m in DUNDER.finditer(template)))
        found = [
            _rules.FORMAT_MALFORMED.finding(target, f"{key} does not parse as Jinja: {exc.message}")
        ]
        if hits:
            found.append(rule.finding(target, f"{key} mentions {', '.join(hits)}", {"key": key}))
        return found
    except RecursionError:
        return [
            _rules.UNVERIFIABLE.finding(
                target,
                f"could not vouch for the content: {key} nests too deeply to be analysed",
                {"key": key, "reason": "template nests too deeply"},
            )
        ]
    if not reasons:
        return []
    severity = Severity.CRITICAL if any("__" in r for r in reasons) else Severity.HIGH
    return [
        rule.finding(
            target,
            f"{key} reaches Python internals through {', '.join(reasons[:6])}",
            {"key": key, "accesses": reasons[:20]},
            severity=severity,
        )
    ]
