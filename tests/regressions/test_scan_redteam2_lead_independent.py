"""Gadgets written by someone other than the scanner's author, against the round-2 scanner
(issue 12: "attack every detector with cases you did not design it for").

Each malicious stream is one CPython's unpickler would run: a standard-library or framework
callable that executes code, starts processes, loads native code, writes or deletes files,
or hands an attacker's callable to an allowed helper. They are built from raw opcodes and
only scanned here, never loaded. The benign ones are what ordinary checkpoints hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hauberk.core import Severity
from hauberk.supplychain import scan


def g(mod: str, name: str) -> bytes:
    return b"c" + mod.encode() + b"\n" + name.encode() + b"\n"


def sg(mod: str, name: str) -> bytes:
    return s(mod) + s(name) + b"\x93"


def s(x: str) -> bytes:
    return b"X" + len(x.encode()).to_bytes(4, "little") + x.encode()


def call(fn: bytes, *args: bytes) -> bytes:
    return fn + b"(" + b"".join(args) + b"tR"


def lst(*xs: bytes) -> bytes:
    return b"(" + b"".join(xs) + b"l"


EXEC, EVAL, SYSTEM = g("builtins", "exec"), g("builtins", "eval"), g("os", "system")
CODE = s("print(1)")

MALICIOUS = {
    "timeit": call(g("timeit", "timeit"), s("import os"), b"K\x01"),
    "cprofile_run": call(g("cProfile", "run"), CODE),
    "pdb_run": call(g("pdb", "run"), CODE),
    "runpy_run_path": call(g("runpy", "run_path"), s("/tmp/x.py")),
    "pkgutil_resolve_name": call(call(g("pkgutil", "resolve_name"), s("os:system")), s("true")),
    "mock_importer": call(g("unittest.mock", "_importer"), s("os")),
    "ctypes_cdll": call(g("ctypes", "CDLL"), s("libc.so.6")),
    "shutil_rmtree": call(g("shutil", "rmtree"), s("/tmp/nothing")),
    "sqlite_connect": call(g("sqlite3", "connect"), s("/tmp/x.db")),
    "logging_filehandler": call(g("logging", "FileHandler"), s("/tmp/x.log")),
    "multiprocessing_spawnv": call(
        g("multiprocessing.util", "spawnv_passfds"), s("/bin/true"), b"]", b"]"
    ),
    "numpy_runstring": call(g("numpy.testing._private.utils", "runstring"), CODE, b"}"),
    "os_environ_setitem": g("os", "environ") + s("LD_PRELOAD") + s("/tmp/x.so") + b"s",
    "sys_modules_setitem": g("sys", "modules") + s("json") + SYSTEM + b"s",
    "getattr_chain": call(
        call(g("builtins", "getattr"), call(g("builtins", "__import__"), s("os")), s("system")),
        s("true"),
    ),
    "attrgetter": call(
        call(g("operator", "attrgetter"), s("system")),
        call(g("importlib", "import_module"), s("os")),
    ),
    "signal_handler": call(g("signal", "signal"), b"K\x0f", g("os", "abort")),
    "atexit_register": call(g("atexit", "register"), g("os", "abort")),
    "yaml_unsafe_load": call(g("yaml", "unsafe_load"), s("!!python/object/apply:os.system []")),
    "map_into_list": call(g("builtins", "list"), call(g("builtins", "map"), EXEC, lst(CODE))),
    "iter_with_sentinel": call(
        g("builtins", "list"),
        call(g("builtins", "iter"), call(g("functools", "partial"), EXEC, CODE), s("x")),
    ),
    "sum_over_map": call(g("builtins", "sum"), call(g("builtins", "map"), EVAL, lst(s("0")))),
    "str_join_over_map": call(
        sg("builtins", "str.join"), s(""), call(g("builtins", "map"), EVAL, lst(s("'a'")))
    ),
    "numpy_vectorize": call(call(g("numpy", "vectorize"), EVAL), lst(s("0"))),
    "numpy_fromiter": call(
        g("numpy", "fromiter"), call(g("builtins", "map"), EVAL, lst(s("0"))), s("int64")
    ),
    "accumulate": call(
        g("builtins", "list"), call(g("itertools", "accumulate"), lst(s("0"), s("1")), EVAL)
    ),
    "methodcaller": call(
        call(g("operator", "methodcaller"), s("system"), s("true")),
        call(g("builtins", "__import__"), s("os")),
    ),
    "max_over_code": call(sg("builtins", "max"), lst(CODE, CODE)),
    "numpy_memmap_creates_file": call(
        g("numpy", "memmap"), s("/tmp/x.bin"), s("uint8"), s("w+"), b"N", b"K\x10"
    ),
    "numpy_save": call(g("numpy", "save"), s("/tmp/x.npy"), lst(b"K\x01")),
    "ndarray_tofile": call(
        sg("numpy", "ndarray.tofile"), call(g("numpy", "zeros"), b"K\x01"), s("/tmp/y.bin")
    ),
    "open_memmap": call(
        g("numpy.lib.format", "open_memmap"), s("/tmp/x.npy"), s("w+"), s("uint8"), b"(K\x01t"
    ),
    "path_write_text": call(
        sg("pathlib", "Path.write_text"), call(g("pathlib", "Path"), s("/tmp/z.txt")), s("hi")
    ),
    "torch_save": call(g("torch", "save"), lst(), s("/tmp/x.pt")),
    "io_open_for_writing": call(g("io", "open"), s("/tmp/w.txt"), s("w")),
}

BENIGN = {
    "ordered_dict": call(g("collections", "OrderedDict")),
    "aware_datetime": call(
        g("datetime", "datetime"),
        b"C\x0a\x07\xea\x0c\x04\x0e\x17\x00\x00\x00\x00",
        call(g("datetime", "timezone"), call(g("datetime", "timedelta"), b"K\x00", b"M\x10\x0e")),
    ),
    "simple_namespace": call(g("types", "SimpleNamespace")),
    "numpy_dtype": call(g("numpy", "dtype"), s("f8"), b"\x89", b"\x88"),
    "numpy_reconstruct": call(
        g("numpy.core.multiarray", "_reconstruct"), g("numpy", "ndarray"), b"(K\x00t", b"C\x01b"
    ),
    "set_of_ints": call(g("builtins", "set"), lst(b"K\x01")),
    "decimal": call(g("decimal", "Decimal"), s("1.5")),
    "uuid": call(g("uuid", "UUID"), s("12345678123456781234567812345678")),
}


def worst(tmp_path: Path, name: str, body: bytes) -> Severity | None:
    path = tmp_path / f"{name}.pkl"
    path.write_bytes(b"\x80\x04" + body + b".")
    report = scan([path])
    return max((f.severity for f in report.files[0].findings), default=None)


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_gadget_fails_the_default_gate(tmp_path: Path, name: str) -> None:
    found = worst(tmp_path, name, MALICIOUS[name])
    assert found is not None and found >= Severity.HIGH, (name, found)


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_ordinary_object_is_not_flagged(tmp_path: Path, name: str) -> None:
    found = worst(tmp_path, name, BENIGN[name])
    assert found is None or found < Severity.LOW, (name, found)
