"""What a pickle may import: the allowlist and the severity tiers, kept as data.

Every ``module.name`` a pickle stream resolves is judged by :func:`judge`. The tables below are
the whole policy; the interpreter holds none. Rules of the game:

* an exact ``module.name`` in :data:`SAFE_GLOBALS`, or a match of :data:`SAFE_PATTERNS`, is a
  reconstructor that torch, NumPy, scikit-learn/joblib or the standard library legitimately
  emit; it is not reported;
* a module (or a parent package) in :data:`CRITICAL_MODULES`, or a name in
  :data:`CRITICAL_GLOBALS`, is critical with the category given;
* :data:`HIGH_GLOBALS` are high;
* a dotted name (``module`` + ``a.b.c``, resolved attribute by attribute by protocol 4+) is
  safe only if listed whole; a component that names a dangerous module or attribute is
  critical, any other traversal is high;
* anything else is an unknown global: medium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hauberk.core import Severity

# Category labels, used in findings.
SHELL = "shell or process execution"
CODE = "code evaluation"
IMPORTS = "imports"
ATTRIBUTE = "attribute lookup by string"
FILES = "file access"
NETWORK = "network access"
NATIVE = "native code"
DEBUG = "debugger or profiler"
INSTALL = "package installer"
BROWSER = "browser"
NESTED = "nested unpickler"
INTERNALS = "interpreter internals"

#: Module (or package prefix) -> category. Anything imported from these is critical.
CRITICAL_MODULES: dict[str, str] = {
    "os": SHELL,
    "posix": SHELL,
    "nt": SHELL,
    "subprocess": SHELL,
    "_posixsubprocess": SHELL,
    "pty": SHELL,
    "commands": SHELL,
    "popen2": SHELL,
    "platform": SHELL,
    "multiprocessing": SHELL,
    "concurrent": SHELL,
    "asyncio": SHELL,
    "signal": SHELL,
    "_thread": SHELL,
    "threading": SHELL,
    "sys": INTERNALS,
    "gc": INTERNALS,
    "types": CODE,
    "code": CODE,
    "codeop": CODE,
    "runpy": CODE,
    "importlib": IMPORTS,
    "imp": IMPORTS,
    "zipimport": IMPORTS,
    "pkgutil": IMPORTS,
    "inspect": ATTRIBUTE,
    "ctypes": NATIVE,
    "_ctypes": NATIVE,
    "cffi": NATIVE,
    "mmap": NATIVE,
    "socket": NETWORK,
    "_socket": NETWORK,
    "ssl": NETWORK,
    "http": NETWORK,
    "urllib": NETWORK,
    "urllib2": NETWORK,
    "httplib": NETWORK,
    "requests": NETWORK,
    "httpx": NETWORK,
    "aiohttp": NETWORK,
    "ftplib": NETWORK,
    "smtplib": NETWORK,
    "telnetlib": NETWORK,
    "xmlrpc": NETWORK,
    "socketserver": NETWORK,
    "shutil": FILES,
    "tempfile": FILES,
    "glob": FILES,
    "fileinput": FILES,
    "linecache": FILES,
    "zipfile": FILES,
    "tarfile": FILES,
    "webbrowser": BROWSER,
    "antigravity": BROWSER,
    "pip": INSTALL,
    "ensurepip": INSTALL,
    "setuptools": INSTALL,
    "distutils": INSTALL,
    "pdb": DEBUG,
    "bdb": DEBUG,
    "trace": DEBUG,
    "cProfile": DEBUG,
    "profile": DEBUG,
    "timeit": DEBUG,
    "pickle": NESTED,
    "_pickle": NESTED,
    "cPickle": NESTED,
    "pickletools": NESTED,
    "marshal": NESTED,
    "shelve": NESTED,
    "dill": NESTED,
    "cloudpickle": NESTED,
    "torch.hub": NETWORK,
    "torch.package": NESTED,
    "torch.jit": CODE,
    "torch._dynamo": CODE,
    "torch._inductor": CODE,
    "torch.utils.cpp_extension": NATIVE,
    "torch.ops": NATIVE,
    "torch._ops": NATIVE,
    "numpy.testing": SHELL,
    "numpy.distutils": INSTALL,
    "numpy.f2py": NATIVE,
}

#: Exact ``module.name`` -> category, for modules that are otherwise harmless.
CRITICAL_GLOBALS: dict[str, str] = {
    "builtins.eval": CODE,
    "builtins.exec": CODE,
    "builtins.compile": CODE,
    "builtins.execfile": CODE,
    "builtins.__import__": IMPORTS,
    "builtins.getattr": ATTRIBUTE,
    "builtins.setattr": ATTRIBUTE,
    "builtins.delattr": ATTRIBUTE,
    "builtins.globals": INTERNALS,
    "builtins.locals": INTERNALS,
    "builtins.vars": INTERNALS,
    "builtins.breakpoint": DEBUG,
    "builtins.open": FILES,
    "builtins.input": FILES,
    "builtins.help": DEBUG,
    "builtins.exit": SHELL,
    "builtins.quit": SHELL,
    "builtins.memoryview": NATIVE,
    "io.open": FILES,
    "io.open_code": FILES,
    "io.FileIO": FILES,
    "_io.open": FILES,
    "_io.open_code": FILES,
    "_io.FileIO": FILES,
    "codecs.open": FILES,
    "pathlib.Path.open": FILES,
    "operator.attrgetter": ATTRIBUTE,
    "operator.methodcaller": ATTRIBUTE,
    "_operator.attrgetter": ATTRIBUTE,
    "_operator.methodcaller": ATTRIBUTE,
    "functools.reduce": CODE,
    "_functools.reduce": CODE,
    "numpy.load": NESTED,
    "numpy.save": FILES,
    "numpy.savez": FILES,
    "numpy.savetxt": FILES,
    "numpy.loadtxt": FILES,
    "numpy.genfromtxt": FILES,
    "numpy.fromfile": FILES,
    "numpy.memmap": FILES,
    "numpy.ctypeslib": NATIVE,
    "torch.load": NESTED,
    "torch.save": FILES,
    "torch.serialization.load": NESTED,
    "torch.serialization._load": NESTED,
    "torch.storage._load_from_bytes": NESTED,
    "torch.from_file": FILES,
    "joblib.load": NESTED,
    "joblib.numpy_pickle.load": NESTED,
    "joblib.dump": FILES,
    "codecs.decode": CODE,
    # Resolve a module attribute by name; waived when the target is an allowed ufunc.
    "numpy.core._ufunc_reconstruct": ATTRIBUTE,
    "numpy._core._ufunc_reconstruct": ATTRIBUTE,
    "numpy.core.multiarray._ufunc_reconstruct": ATTRIBUTE,
}

#: Exact ``module.name`` -> reason, high but not critical.
HIGH_GLOBALS: dict[str, str] = {
    "joblib.numpy_pickle.NDArrayWrapper": "reads an array from a separate file named in the pickle",
    "joblib.numpy_pickle_compat.NDArrayWrapper": "reads a separate file named in the pickle",
    "joblib.numpy_pickle_compat.ZNDArrayWrapper": "reads a separate file named in the pickle",
    "builtins.type": "creates classes at load time",
    "builtins.classmethod": "wraps callables at load time",
    "builtins.staticmethod": "wraps callables at load time",
    "builtins.property": "wraps callables at load time",
    "builtins.super": "reaches parent classes at load time",
    "functools.partial": "binds arguments to another callable",
    "_functools.partial": "binds arguments to another callable",
    "builtins.map": "applies another callable",
    "builtins.filter": "applies another callable",
    "copyreg.add_extension": "changes the pickle extension registry",
    "copyreg.pickle": "changes the pickle dispatch table",
}

#: Attribute names that, anywhere in a dotted name, reach something dangerous.
DANGEROUS_ATTRS: frozenset[str] = frozenset(
    {
        "os",
        "sys",
        "subprocess",
        "builtins",
        "__builtins__",
        "__builtin__",
        "__globals__",
        "__subclasses__",
        "__import__",
        "__code__",
        "__class__",
        "__base__",
        "__bases__",
        "__mro__",
        "__dict__",
        "__getattribute__",
        "__loader__",
        "__spec__",
        "__reduce__",
        "__reduce_ex__",
        "__call__",
        "__init__",
        "__new__",
        "modules",
        "system",
        "popen",
        "spawn",
        "eval",
        "exec",
        "compile",
        "open",
        "getattr",
        "setattr",
        "import_module",
        "loads",
        "load",
        "pickle",
        "marshal",
        "importlib",
        "shutil",
        "socket",
        "ctypes",
        "runpy",
    }
)

#: Calls that turn strings into objects. The result is resolved and judged as a global too.
#: Value: how the arguments name the target.
RESOLVERS: dict[str, str] = {
    "builtins.getattr": "getattr",
    "builtins.__import__": "import",
    "importlib.import_module": "import",
    "importlib.__import__": "import",
    "pkgutil.resolve_name": "resolve_name",
    "operator.attrgetter": "attrgetter",
    "_operator.attrgetter": "attrgetter",
    "inspect.getattr_static": "getattr",
    "numpy.core._ufunc_reconstruct": "module_name",
    "numpy._core._ufunc_reconstruct": "module_name",
    "numpy.core.multiarray._ufunc_reconstruct": "module_name",
}

#: Calls that deserialise bytes given as an argument; the bytes are scanned as a pickle.
NESTED_LOADERS: frozenset[str] = frozenset(
    {
        "pickle.loads",
        "_pickle.loads",
        "cPickle.loads",
        "dill.loads",
        "cloudpickle.loads",
        "torch.storage._load_from_bytes",
        "pickle._loads",
    }
)

#: Reconstructors that torch, NumPy, scikit-learn/joblib and the standard library emit.
SAFE_GLOBALS: frozenset[str] = frozenset(
    {
        # standard library
        "builtins.set",
        "builtins.frozenset",
        "builtins.list",
        "builtins.dict",
        "builtins.tuple",
        "builtins.bytearray",
        "builtins.bytes",
        "builtins.complex",
        "builtins.slice",
        "builtins.range",
        "builtins.int",
        "builtins.float",
        "builtins.str",
        "builtins.bool",
        "builtins.object",
        "builtins.Ellipsis",
        "builtins.NotImplemented",
        "copyreg._reconstructor",
        "copyreg.__newobj__",
        "copyreg.__newobj_ex__",
        "_codecs.encode",
        "codecs.encode",
        "collections.OrderedDict",
        "collections.defaultdict",
        "collections.deque",
        "collections.Counter",
        "datetime.datetime",
        "datetime.date",
        "datetime.time",
        "datetime.timedelta",
        "datetime.timezone",
        "decimal.Decimal",
        "fractions.Fraction",
        "uuid.UUID",
        "re._compile",
        "argparse.Namespace",
        "pathlib.PosixPath",
        "pathlib.WindowsPath",
        "pathlib.PurePosixPath",
        "pathlib.PureWindowsPath",
        "pathlib.Path",
        "enum.Enum",
        # torch
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_sparse_tensor",
        "torch._utils._rebuild_nested_tensor",
        "torch._utils._rebuild_qtensor",
        "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor",
        "torch._utils._rebuild_meta_tensor_no_storage",
        "torch._utils._rebuild_wrapper_subclass",
        "torch._tensor._rebuild_from_type_v2",
        "torch.serialization._get_layout",
        "torch.storage.UntypedStorage",
        "torch.storage.TypedStorage",
        "torch.device",
        "torch.Size",
        "torch.dtype",
        "torch.nn.parameter.Parameter",
        "torch.nn.parameter.Buffer",
        "torch.nn.parameter.UninitializedParameter",
        "torch.per_tensor_affine",
        "torch.per_channel_affine",
        "torch.strided",
        "torch.sparse_coo",
        "torch.sparse_csr",
        "torch.contiguous_format",
        "torch.channels_last",
        "torch.preserve_format",
        "torch.utils.hooks._remove_from",
        # NumPy
        "numpy.ndarray",
        "numpy.dtype",
        "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar",
        "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer",
        "numpy._core.numeric._frombuffer",
        "numpy.random._pickle.__randomstate_ctor",
        "numpy.random._pickle.__bit_generator_ctor",
        "numpy.random._pickle.__generator_ctor",
        "numpy.random.mtrand.RandomState",
        "numpy.random._generator.Generator",
        "numpy.random._mt19937.MT19937",
        "numpy.random._pcg64.PCG64",
        "numpy.random._philox.Philox",
        "numpy.random._sfc64.SFC64",
        "numpy.random.bit_generator.SeedSequence",
        "numpy.ma.core._mareconstruct",
        "numpy.ma.core.MaskedArray",
        "numpy.matrix",
        # joblib
        "joblib.numpy_pickle.NumpyArrayWrapper",
        # SciPy sparse matrices inside estimators
        "scipy.sparse._csr.csr_matrix",
        "scipy.sparse._csc.csc_matrix",
        "scipy.sparse._coo.coo_matrix",
        "scipy.sparse._csr.csr_array",
        "scipy.sparse._csc.csc_array",
        "scipy.sparse._coo.coo_array",
    }
)

_NUMPY_SCALARS = (
    r"(bool_?|int8|int16|int32|int64|uint8|uint16|uint32|uint64|intc|uintc|intp|uintp|"
    r"float16|float32|float64|longdouble|complex64|complex128|clongdouble|str_|bytes_|"
    r"void|object_|datetime64|timedelta64|half|single|double|longlong|ulonglong|byte|ubyte|"
    r"short|ushort|longfloat|csingle|cdouble|generic|number)"
)

_NUMPY_UFUNCS = (
    r"(absolute|add|arccos|arccosh|arcsin|arcsinh|arctan|arctan2|arctanh|bitwise_and|"
    r"bitwise_or|bitwise_xor|cbrt|ceil|conjugate|copysign|cos|cosh|deg2rad|degrees|divide|"
    r"divmod|equal|exp|exp2|expm1|fabs|float_power|floor|floor_divide|fmax|fmin|fmod|frexp|"
    r"gcd|greater|greater_equal|heaviside|hypot|invert|isfinite|isinf|isnan|isnat|lcm|ldexp|"
    r"left_shift|less|less_equal|log|log10|log1p|log2|logaddexp|logaddexp2|logical_and|"
    r"logical_not|logical_or|logical_xor|matmul|maximum|minimum|mod|modf|multiply|negative|"
    r"nextafter|not_equal|positive|power|rad2deg|radians|reciprocal|remainder|right_shift|"
    r"rint|sign|signbit|sin|sinh|spacing|sqrt|square|subtract|tan|tanh|true_divide|trunc)"
)

#: (module regex, name regex) pairs, both matched whole.
SAFE_PATTERNS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(m), re.compile(n))
    for m, n in (
        # torch typed storages (FloatStorage, HalfStorage, ...) and dtypes (torch.float32 ...)
        (r"torch", r"[A-Za-z0-9]*Storage"),
        (
            r"torch",
            r"(u?int\d+|float\d+|bfloat16|half|float|double|long|int|short|bool|"
            r"complex\d+|cfloat|cdouble|qint8|quint8|qint32|quint4x2|float8_\w+)",
        ),
        (r"torch\.cuda", r"[A-Za-z0-9]*Storage"),
        # torch.nn module classes, saved with whole models
        (r"torch\.nn\.modules(\.\w+)+", r"[A-Z]\w*"),
        # NumPy scalar types and DType classes
        (r"numpy", _NUMPY_SCALARS),
        (r"numpy\.dtypes", r"\w+DType"),
        (r"numpy", _NUMPY_UFUNCS),
        # scikit-learn estimators and their Cython state objects
        (r"sklearn(\.\w+)+", r"[A-Z]\w*"),
        (r"sklearn(\.\w+)+", r"__pyx_unpickle_\w+"),
        (r"scipy\.sparse(\.\w+)*", r"(csr|csc|coo|bsr|dia|dok|lil)_(matrix|array)"),
    )
)

#: Module aliases the unpickler maps for protocols below 3 (a subset of _compat_pickle).
_ALIASES = {"__builtin__": "builtins", "copy_reg": "copyreg", "exceptions": "builtins"}


@dataclass(frozen=True)
class Verdict:
    """The policy's judgement of one ``module.name``: ``severity`` ``None`` means allowed."""

    qualname: str
    severity: Severity | None
    category: str

    @property
    def allowed(self) -> bool:
        return self.severity is None


def _module_category(module: str) -> str | None:
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        hit = CRITICAL_MODULES.get(".".join(parts[:i]))
        if hit is not None:
            return hit
    return None


def _safe(module: str, name: str) -> bool:
    if f"{module}.{name}" in SAFE_GLOBALS:
        return True
    return any(m.fullmatch(module) and n.fullmatch(name) for m, n in SAFE_PATTERNS)


@lru_cache(maxsize=4096)
def judge(module: str, name: str) -> Verdict:
    """Judge the global ``module``.``name`` (``name`` may be dotted) against the policy."""
    module = _ALIASES.get(module, module)
    qualname = f"{module}.{name}"
    if qualname in SAFE_GLOBALS:
        return Verdict(qualname, None, "allowed")
    exact = CRITICAL_GLOBALS.get(qualname)
    if exact is not None:
        return Verdict(qualname, Severity.CRITICAL, exact)
    category = _module_category(module)
    if category is not None:
        return Verdict(qualname, Severity.CRITICAL, category)
    if _safe(module, name):
        return Verdict(qualname, None, "allowed")
    parts = name.split(".")
    if len(parts) > 1:
        # Dotted names are walked attribute by attribute: judge every prefix as a global and
        # every component as an attribute name.
        for i in range(1, len(parts)):
            inner = judge(module, ".".join(parts[:i]))
            if inner.severity is Severity.CRITICAL:
                return Verdict(qualname, Severity.CRITICAL, inner.category)
            sub = _module_category(".".join(parts[i:]))
            if sub is not None:
                return Verdict(qualname, Severity.CRITICAL, sub)
        for part in parts:
            if part in DANGEROUS_ATTRS or part.startswith("__"):
                return Verdict(qualname, Severity.CRITICAL, ATTRIBUTE)
        return Verdict(qualname, Severity.HIGH, "attribute traversal through a dotted name")
    if name in DANGEROUS_ATTRS and name.startswith("__"):
        return Verdict(qualname, Severity.CRITICAL, ATTRIBUTE)
    high = HIGH_GLOBALS.get(qualname)
    if high is not None:
        return Verdict(qualname, Severity.HIGH, high)
    return Verdict(qualname, Severity.MEDIUM, "unknown global")


@lru_cache(maxsize=1024)
def judge_module(module: str) -> Verdict:
    """Judge a module object reached by an import call: never allowed, at least medium."""
    module = _ALIASES.get(module, module)
    category = _module_category(module)
    if category is not None:
        return Verdict(module, Severity.CRITICAL, category)
    return Verdict(module, Severity.MEDIUM, "module imported by name")
