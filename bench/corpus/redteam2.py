"""Red-team round 2 (issue 12): scanner bypasses by polyglots, container errors, format coverage
and TorchScript, as files built byte by byte. Shared by ``tests/regressions`` and
``bench/scan.py``.

Every builder takes the global the payload calls (``module``, ``name``) and its string
argument, so tests build the same file twice: with ``os.system`` for the scanner, and with a
harmless stand-in to prove that the real loader reaches the call. Nothing here runs a payload.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

SHELL = ("os", "system", "echo hauberk-redteam2")


def call0(module: str, name: str, arg: str) -> bytes:
    """A protocol-0 call ``module.name(arg)`` (no PROTO, no STOP): GLOBAL, MARK, STRING,
    TUPLE, REDUCE. Printable ASCII and newlines only."""
    return f"c{module}\n{name}\n(S'{arg}'\ntR".encode()


def pickle0(module: str, name: str, arg: str) -> bytes:
    return call0(module, name, arg) + b"."


# ----------------------------------------------------------------------------- polyglots


def onnx_model_bytes() -> bytes:
    """A small valid ONNX model (Identity), serialised by the onnx package."""
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


def onnx_pickle(module: str, name: str, arg: str) -> bytes:
    """A valid ONNX model that is also a pickle from byte 0.

    Protobuf reads ``(`` (0x28) as field 5 (model_version, varint) with value ``U`` (85), then
    field 6 (doc_string, 0x32) holding the pickle; pickle reads MARK, then SHORT_BINSTRING of
    0x32 bytes that swallows the doc_string length and its first bytes, then the payload
    inside the doc_string, up to STOP. The real model fields follow the doc_string.
    """
    payload = pickle0(module, name, arg)
    lead = 0x32 - 1  # bytes of the doc_string the SHORT_BINSTRING swallows (after its length)
    doc = b"A" * lead + payload
    assert len(doc) < 128
    head = b"(U" + b"\x32" + bytes([len(doc)]) + doc
    return head + onnx_model_bytes()


def safetensors_pickle(module: str, name: str, arg: str) -> bytes:
    """A valid safetensors file that is also a pickle from byte 0.

    The 8-byte header length starts with ``U`` + a length byte (SHORT_BINSTRING), so pickle
    skips into the JSON header, where a chain of SHORT_BINSTRINGs inside a metadata string
    (length bytes are printable ASCII) hops over the rest of the header into the tensor data,
    which holds the payload. safetensors sees a U8 tensor and metadata.
    """
    payload = pickle0(module, name, arg)
    skip = 0x60  # first SHORT_BINSTRING length (second byte of the header length)
    header_len = 0x55 + (skip << 8)  # bytes 0..7: 'U', skip, 0, 0, 0, 0, 0, 0
    data = payload
    tensor = {"dtype": "U8", "shape": [len(data)], "data_offsets": [0, len(data)]}
    prefix = json.dumps({"t": tensor}, separators=(",", ":"))[:-1] + ',"__metadata__":{"p":"'
    start = 8 + len(prefix)  # where the metadata string's content begins
    # The first string covers bytes 2 .. 2+skip; the hop chain starts there.
    first_end = 2 + skip
    assert first_end >= start, "metadata string must begin inside the first skip"
    body = bytearray(b"A" * (first_end - start))
    end_of_header = 8 + header_len
    closing = '"}}'
    allowed = [k for k in range(0x7E, 0x1F, -1) if k not in (0x22, 0x5C)]
    pos = first_end
    while True:
        remaining = end_of_header - pos  # bytes until the tensor data
        if remaining - 2 in allowed:
            # last hop: 'U' + n swallows the rest of the string, the closing and the padding
            body += b"U" + bytes([remaining - 2])
            break
        # a hop of k filler bytes that leaves a usable remainder for the next one
        k = next(k for k in allowed if remaining - 2 - k >= 0x22)
        body += b"U" + bytes([k]) + b"A" * k
        pos += 2 + k
    header_text = prefix + body.decode()
    # pad: the last hop's string covers everything up to end_of_header, so fill it
    fill = header_len - len(header_text.encode()) - len(closing)
    assert fill >= 0, fill
    header = (header_text + "A" * fill + closing).encode()
    assert len(header) == header_len
    out = struct.pack("<Q", header_len) + header + data
    assert out[:2] == b"U" + bytes([skip])
    return out


def npy_object_header(descr: str, shape: str = "(1,)", version: int = 1) -> bytes:
    text = f"{{'descr': {descr}, 'fortran_order': False, 'shape': {shape}, }}"
    total = 10 + len(text) + 1
    text += " " * ((64 - total % 64) % 64) + "\n"
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")
    return b"\x93NUMPY\x02\x00" + struct.pack("<I", len(text)) + text.encode("latin1")


def npy_object(descr: str, module: str, name: str, arg: str, shape: str = "(1,)") -> bytes:
    """An ``.npy`` whose dtype is an object dtype spelled ``descr``; numpy.load
    (allow_pickle=True) unpickles what follows the header."""
    return npy_object_header(descr, shape) + b"\x80\x02" + pickle0(module, name, arg)


def npz_behind_pickle(module: str, name: str, arg: str, pad: int = 70_000) -> bytes:
    """A valid zip of float ``.npy`` members (zipfile reads it: offsets are relative to the
    end) whose first bytes are a protocol-0 pickle behind a long harmless prefix (NONE, POP
    pairs): numpy.load(allow_pickle=True) sees no zip magic at byte 0 and unpickles it."""
    import numpy as np

    prefix = b"N0" * (pad // 2) + pickle0(module, name, arg)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        arr = io.BytesIO()
        np.save(arr, np.arange(4, dtype=np.float32))
        zf.writestr("x.npy", arr.getvalue())
    return prefix + buf.getvalue()


# ----------------------------------------------------------------------------- containers


def _torch_zip_members(main: bytes, prefix: str = "archive") -> list[tuple[str, bytes]]:
    return [
        (f"{prefix}/data.pkl", main),
        (f"{prefix}/byteorder", b"little"),
        (f"{prefix}/version", b"3\n"),
    ]


def zip_of(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, blob in members:
            zf.writestr(name, blob)
    return buf.getvalue()


def set_central_method(blob: bytes, member: str, method: int) -> bytes:
    """Rewrite the compression method of ``member`` in the central directory only."""
    out = bytearray(blob)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack_from("<H", out, pos + 28)[0]
        name = bytes(out[pos + 46 : pos + 46 + n]).decode()
        if name == member:
            struct.pack_into("<H", out, pos + 10, method)
        pos = out.find(b"PK\x01\x02", pos + 46)
    return bytes(out)


def torch_zip_bad_method(module: str, name: str, arg: str) -> bytes:
    """A torch checkpoint whose data.pkl carries the payload, next to an extra member whose
    central-directory compression method (99, AES) no reader supports."""
    members = [
        *_torch_zip_members(pickle_proto2(module, name, arg)),
        ("archive/extra/notes", b"x" * 64),
    ]
    return set_central_method(zip_of(members), "archive/extra/notes", 99)


def pickle_proto2(module: str, name: str, arg: str) -> bytes:
    return b"\x80\x02" + pickle0(module, name, arg)


def rename_local(blob: bytes, member: str, new: str) -> bytes:
    """Change ``member``'s name in its local header only (same length): local and central
    headers disagree."""
    assert len(new) == len(member)
    out = bytearray(blob)
    pos = out.find(b"PK\x03\x04")
    while pos >= 0:
        n, m = struct.unpack_from("<HH", out, pos + 26)
        if bytes(out[pos + 30 : pos + 30 + n]).decode() == member:
            out[pos + 30 : pos + 30 + n] = new.encode()
            return bytes(out)
        pos = out.find(b"PK\x03\x04", pos + 30 + n + m)
    raise ValueError(member)


def torch_zip_name_mismatch(module: str, name: str, arg: str) -> bytes:
    """A torch checkpoint whose data.pkl local header names another file; torch's reader
    goes by the central directory, Python's zipfile refuses the member."""
    blob = zip_of(_torch_zip_members(pickle_proto2(module, name, arg)))
    return rename_local(blob, "archive/data.pkl", "archive/data.pkx")


def zip_name_mismatch(module: str, name: str, arg: str) -> bytes:
    """A plain zip whose only member (the payload pickle) has a mismatched local name."""
    return rename_local(
        zip_of([("model.pkl", pickle_proto2(module, name, arg))]), "model.pkl", "model.pkx"
    )


def _payload_then_tail(module: str, name: str, arg: str, tail: int = 200_000) -> bytes:
    """A pickle that calls first and then carries a long incompressible tail before STOP, so
    a streaming reader runs the call long before it reaches the end of the stream."""
    import random

    noise = random.Random(0).randbytes(tail)
    return (
        b"\x80\x02"
        + call0(module, name, arg)
        + b"0"
        + b"B"
        + struct.pack("<I", tail)
        + noise
        + b"."
    )


def broken_deflate(data: bytes) -> bytes:
    """A raw deflate stream of ``data`` (flushed to a byte boundary) followed by a block with
    the reserved type 3: every byte of ``data`` inflates, then the inflater fails."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH) + b"\x07" + b"\x00" * 16


def raw_zip(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip from ``(name, method, stored bytes, crc, uncompressed size)``, written by hand."""
    out = bytearray()
    central = bytearray()
    for name, method, blob, crc, size in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(blob),
                           size, len(raw), 0) + raw + blob  # fmt: skip
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc,
                               len(blob), size, len(raw), 0, 0, 0, 0, 0, offset) + raw  # fmt: skip
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                      len(out), 0)  # fmt: skip
    return bytes(out + central + end)


def zip_corrupt_deflate(module: str, name: str, arg: str) -> bytes:
    """A zip whose deflated member holds the payload and then an invalid deflate block.
    ``pickle.load(zf.open(name))`` runs the call, then fails on the broken block."""
    data = _payload_then_tail(module, name, arg)
    return raw_zip([("model.pkl", 8, broken_deflate(data), zlib.crc32(data), len(data))])


def gzip_corrupt_tail(module: str, name: str, arg: str) -> bytes:
    """A gzip stream (how joblib compresses) holding the payload, then an invalid block."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + broken_deflate(_payload_then_tail(module, name, arg)) + b"\x00" * 8


def torch_zip_dot_data(module: str, name: str, arg: str) -> bytes:
    """A torch checkpoint whose archive folder is ``.data``: torch reads ``.data/data.pkl``;
    a name rule for torch's ``.data/serialization_id`` would skip it."""
    return zip_of(_torch_zip_members(pickle_proto2(module, name, arg), prefix=".data"))


def gguf(entries: list[tuple[str, str]]) -> bytes:
    def gstr(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw

    out = b"GGUF" + struct.pack("<IQQ", 3, 0, len(entries))
    for key, value in entries:
        out += gstr(key) + struct.pack("<I", 8) + gstr(value)
    return out


def gguf_template_recursion(template: str) -> bytes:
    """A GGUF with a dangerous chat template, then a second template nested so deeply that a
    recursive parser overflows its stack."""
    deep = "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}"
    return gguf([("tokenizer.chat_template", template), ("tokenizer.chat_template.deep", deep)])


# ----------------------------------------------------------------------------- format coverage

#: Chat templates that build a dunder name at render time.
DUNDER_TEMPLATES = {
    "concat": "{{ ''[('_' * 2) ~ 'cla' ~ 'ss' ~ ('_' * 2)] }}",
    "join": "{% set n = ['__cla', 'ss__'] | join %}{{ ''[n] }}",
    "format": "{{ '' | attr('%s%sclass%s%s' | format('_', '_', '_', '_')) }}",
    "reverse": "{{ ''['__ssalc__' | reverse] }}",
    "loop": "{% for p in ['__cl'] %}{{ ''[p ~ 'ass__'] }}{% endfor %}",
}


def keras_config(module: str, name: str) -> dict[str, object]:
    """A Keras 3 functional config whose activation is ``module.name`` (Keras imports it:
    ``{"class_name": "function", "module": ..., "config": name}``)."""
    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "name": "m",
            "layers": [
                {
                    "module": "keras.layers",
                    "class_name": "Dense",
                    "config": {
                        "units": 2,
                        "activation": {
                            "module": module,
                            "class_name": "function",
                            "config": name,
                            "registered_name": "function",
                        },
                    },
                }
            ],
        },
        "registered_name": None,
    }


def keras_without_metadata(module: str, name: str, weights: str | None = None) -> bytes:
    """A ``.keras`` zip with config.json and no metadata.json (optionally weights as npz)."""
    members = [("config.json", json.dumps(keras_config(module, name)).encode())]
    if weights:
        members.append((weights, b"PK\x05\x06" + b"\x00" * 18))
    return zip_of(members)


def h5_with_userblock(path: Path, config: dict[str, object], userblock: int = 4096) -> None:
    """A Keras 2 style HDF5 file with ``model_config`` behind a user block."""
    import h5py

    with h5py.File(path, "w", userblock_size=userblock) as f:
        f.attrs["model_config"] = json.dumps(config)
        f.create_dataset("w", data=[1.0, 2.0])


def lambda_config() -> dict[str, object]:
    return {
        "class_name": "Sequential",
        "config": {
            "name": "m",
            "layers": [
                {
                    "class_name": "Lambda",
                    "config": {
                        "name": "l",
                        "function": ["YmFzZTY0", None, None],
                        "function_type": "lambda",
                    },
                }
            ],
        },
    }


def onnx_attribute_external(location: str) -> bytes:
    """An ONNX model whose Constant node holds a tensor attribute with external data at
    ``location`` (onnx.load(load_external_data=True) reads it)."""
    from onnx import TensorProto, helper

    tensor = helper.make_tensor("c", TensorProto.FLOAT, [4], [0.0] * 4)
    tensor.ClearField("float_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", "16")):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    node = helper.make_node("Constant", [], ["y"], value=tensor)
    graph = helper.make_graph(
        [node], "g", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


Builder = Callable[[str, str, str], bytes]


def torchscript_mlp(path: Path, *, trace: bool = False) -> None:
    """A small MLP saved by ``torch.jit.script`` (or ``trace``): must stay clean."""
    import torch

    class MLP(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = torch.nn.Linear(4, 8)
            self.b = torch.nn.Linear(8, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.b(torch.relu(self.a(x)))

    torch.manual_seed(0)
    model = MLP().eval()
    saved = torch.jit.trace(model, torch.zeros(1, 4)) if trace else torch.jit.script(model)
    saved.save(str(path))


def torchscript_with_payload(path: Path, module: str, name: str, arg: str) -> None:
    """A scripted MLP whose ``constants.pkl`` is replaced by a pickle that calls
    ``module.name(arg)``; a Python unpickler of the member runs it."""
    torchscript_mlp(path)
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    members = [
        (n, pickle_proto2(module, name, arg) if n.endswith("/constants.pkl") else b)
        for n, b in members
    ]
    path.write_bytes(zip_of(members))


#: (class, name, writer(path, module, name, arg)) for every malicious case of this round.
def malicious_cases() -> list[tuple[str, str, Callable[[Path, str, str, str], None]]]:
    def raw(build: Builder) -> Callable[[Path, str, str, str], None]:
        return lambda p, m, n, a: p.write_bytes(build(m, n, a))

    def npy(descr: str) -> Callable[[Path, str, str, str], None]:
        return lambda p, m, n, a: p.write_bytes(npy_object(descr, m, n, a))

    def template(key: str) -> Callable[[Path, str, str, str], None]:
        return lambda p, m, n, a: p.write_bytes(
            gguf([("tokenizer.chat_template", DUNDER_TEMPLATES[key])])
        )

    def tokenizer_config(p: Path, m: str, n: str, a: str) -> None:
        tpl = (
            "{% set g = ['__glo', 'bals__'] | join %}{{ cycler | attr('__in' ~ 'it__') | attr(g) }}"
        )
        p.write_text(json.dumps({"chat_template": [{"name": "default", "template": tpl}]}))

    return [
        ("polyglot", "onnx_pickle.onnx", raw(onnx_pickle)),
        ("polyglot", "safetensors_pickle.safetensors", raw(safetensors_pickle)),
        ("polyglot", "npz_behind_pickle.npz", raw(npz_behind_pickle)),
        ("polyglot", "npy_descr_object.npy", npy("'object'")),
        ("polyglot", "npy_descr_subarray.npy", npy("('object', (2,))")),
        ("polyglot", "npy_descr_fields.npy", npy("[('a', '<f8'), ('b', 'object')]")),
        ("container", "torch_bad_method.pt", raw(torch_zip_bad_method)),
        ("container", "torch_name_mismatch.pt", raw(torch_zip_name_mismatch)),
        ("container", "zip_name_mismatch.zip", raw(zip_name_mismatch)),
        ("container", "zip_corrupt_deflate.zip", raw(zip_corrupt_deflate)),
        ("container", "gzip_corrupt_tail.joblib", raw(gzip_corrupt_tail)),
        ("container", "torch_dot_data.pt", raw(torch_zip_dot_data)),
        (
            "container",
            "gguf_deep_template.gguf",
            lambda p, m, n, a: p.write_bytes(gguf_template_recursion(DUNDER_TEMPLATES["concat"])),
        ),
        (
            "coverage",
            "keras_no_metadata.keras",
            lambda p, m, n, a: p.write_bytes(keras_without_metadata(m, n)),
        ),
        (
            "coverage",
            "keras_npz_weights.keras",
            lambda p, m, n, a: p.write_bytes(keras_without_metadata(m, n, "model.weights.npz")),
        ),
        ("coverage", "h5_userblock.h5", lambda p, m, n, a: h5_with_userblock(p, lambda_config())),
        *[("coverage", f"template_{k}.gguf", template(k)) for k in sorted(DUNDER_TEMPLATES)],
        ("coverage", "tokenizer_config.json", tokenizer_config),
        (
            "coverage",
            "onnx_attribute_external.onnx",
            lambda p, m, n, a: p.write_bytes(onnx_attribute_external("../../etc/hostname")),
        ),
        ("torchscript", "torchscript_payload.pt", torchscript_with_payload),
    ]


def benign_cases() -> list[tuple[str, Callable[[Path], None]]]:
    """Ordinary files of the formats above: every one must stay clean."""
    import numpy as np

    def state_dict(p: Path) -> None:
        import torch

        torch.save({"w": torch.zeros(3, 2), "b": torch.ones(2)}, p)

    def npy(p: Path) -> None:
        np.save(p, np.linspace(0, 1, 16, dtype=np.float32).reshape(4, 4))

    def npz(p: Path) -> None:
        with p.open("wb") as fh:
            np.savez(fh, x=np.zeros(3), y=np.arange(3))

    def safetensors(p: Path) -> None:
        from safetensors.numpy import save_file

        save_file({"w": np.ones((2, 2), dtype=np.float32)}, str(p), metadata={"a": "b"})

    def chat(p: Path) -> None:
        tpl = ("{% for m in messages %}{{ '<|' ~ m['role'] ~ '|>' }}{{ m['content'] | trim }}"
               "{% if not loop.last %}{{ messages[loop.index0 + 1]['role'] }}{% endif %}"
               "{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}")  # fmt: skip
        p.write_text(json.dumps({"chat_template": tpl, "eos_token": "</s>"}))

    def keras(p: Path) -> None:
        config = keras_config("keras.activations", "relu")
        p.write_bytes(zip_of([("config.json", json.dumps(config).encode())]))

    return [
        ("state_dict.pt", state_dict),
        ("floats.npy", npy),
        ("arrays.npz", npz),
        ("weights.safetensors", safetensors),
        ("model.onnx", lambda p: p.write_bytes(onnx_model_bytes())),
        ("script_mlp.pt", torchscript_mlp),
        ("trace_mlp.pt", lambda p: torchscript_mlp(p, trace=True)),
        ("tokenizer_config.json", chat),
        ("relu.keras", keras),
    ]
