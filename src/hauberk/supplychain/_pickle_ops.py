"""The pickle opcode table: every opcode byte, its name and the handler family that runs it.

The byte values are those of ``Lib/pickle.py``. :data:`FAMILIES` groups opcodes that share one
handler in :mod:`hauberk.supplychain._pickle_vm` (the family name is the handler's name without
its ``_op_`` prefix); :data:`HOT` are the opcodes the interpreter loop runs inline because
ordinary pickles (state dicts, lists of numbers, NumPy arrays) are mostly made of them. Every
opcode is in exactly one of the two (``tests/supplychain/test_pickle_split.py`` checks it).

The constants are ``Final`` so that the compiled build (mypyc) inlines them.
"""

from __future__ import annotations

from typing import Final

MARK: Final[int] = 0x28
STOP: Final[int] = 0x2E
POP: Final[int] = 0x30
POP_MARK: Final[int] = 0x31
DUP: Final[int] = 0x32
FLOAT: Final[int] = 0x46
INT: Final[int] = 0x49
BININT: Final[int] = 0x4A
BININT1: Final[int] = 0x4B
LONG: Final[int] = 0x4C
BININT2: Final[int] = 0x4D
NONE: Final[int] = 0x4E
PERSID: Final[int] = 0x50
BINPERSID: Final[int] = 0x51
REDUCE: Final[int] = 0x52
STRING: Final[int] = 0x53
BINSTRING: Final[int] = 0x54
SHORT_BINSTRING: Final[int] = 0x55
UNICODE: Final[int] = 0x56
BINUNICODE: Final[int] = 0x58
APPEND: Final[int] = 0x61
BUILD: Final[int] = 0x62
GLOBAL: Final[int] = 0x63
DICT: Final[int] = 0x64
EMPTY_DICT: Final[int] = 0x7D
APPENDS: Final[int] = 0x65
GET: Final[int] = 0x67
BINGET: Final[int] = 0x68
INST: Final[int] = 0x69
LONG_BINGET: Final[int] = 0x6A
LIST: Final[int] = 0x6C
EMPTY_LIST: Final[int] = 0x5D
OBJ: Final[int] = 0x6F
PUT: Final[int] = 0x70
BINPUT: Final[int] = 0x71
LONG_BINPUT: Final[int] = 0x72
SETITEM: Final[int] = 0x73
TUPLE: Final[int] = 0x74
EMPTY_TUPLE: Final[int] = 0x29
SETITEMS: Final[int] = 0x75
BINFLOAT: Final[int] = 0x47
# protocol 2
PROTO: Final[int] = 0x80
NEWOBJ: Final[int] = 0x81
EXT1: Final[int] = 0x82
EXT2: Final[int] = 0x83
EXT4: Final[int] = 0x84
TUPLE1: Final[int] = 0x85
TUPLE2: Final[int] = 0x86
TUPLE3: Final[int] = 0x87
NEWTRUE: Final[int] = 0x88
NEWFALSE: Final[int] = 0x89
LONG1: Final[int] = 0x8A
LONG4: Final[int] = 0x8B
# protocol 3
BINBYTES: Final[int] = 0x42
SHORT_BINBYTES: Final[int] = 0x43
# protocol 4
SHORT_BINUNICODE: Final[int] = 0x8C
BINUNICODE8: Final[int] = 0x8D
BINBYTES8: Final[int] = 0x8E
EMPTY_SET: Final[int] = 0x8F
ADDITEMS: Final[int] = 0x90
FROZENSET: Final[int] = 0x91
NEWOBJ_EX: Final[int] = 0x92
STACK_GLOBAL: Final[int] = 0x93
MEMOIZE: Final[int] = 0x94
FRAME: Final[int] = 0x95
# protocol 5
BYTEARRAY8: Final[int] = 0x96
NEXT_BUFFER: Final[int] = 0x97
READONLY_BUFFER: Final[int] = 0x98

HIGHEST_PROTOCOL: Final[int] = 5

#: Opcode byte -> name, for every opcode either unpickler knows.
NAMES: Final[dict[int, str]] = dict(
    sorted(
        {
            MARK: "MARK",
            STOP: "STOP",
            POP: "POP",
            POP_MARK: "POP_MARK",
            DUP: "DUP",
            FLOAT: "FLOAT",
            INT: "INT",
            BININT: "BININT",
            BININT1: "BININT1",
            LONG: "LONG",
            BININT2: "BININT2",
            NONE: "NONE",
            PERSID: "PERSID",
            BINPERSID: "BINPERSID",
            REDUCE: "REDUCE",
            STRING: "STRING",
            BINSTRING: "BINSTRING",
            SHORT_BINSTRING: "SHORT_BINSTRING",
            UNICODE: "UNICODE",
            BINUNICODE: "BINUNICODE",
            APPEND: "APPEND",
            BUILD: "BUILD",
            GLOBAL: "GLOBAL",
            DICT: "DICT",
            EMPTY_DICT: "EMPTY_DICT",
            APPENDS: "APPENDS",
            GET: "GET",
            BINGET: "BINGET",
            INST: "INST",
            LONG_BINGET: "LONG_BINGET",
            LIST: "LIST",
            EMPTY_LIST: "EMPTY_LIST",
            OBJ: "OBJ",
            PUT: "PUT",
            BINPUT: "BINPUT",
            LONG_BINPUT: "LONG_BINPUT",
            SETITEM: "SETITEM",
            TUPLE: "TUPLE",
            EMPTY_TUPLE: "EMPTY_TUPLE",
            SETITEMS: "SETITEMS",
            BINFLOAT: "BINFLOAT",
            PROTO: "PROTO",
            NEWOBJ: "NEWOBJ",
            EXT1: "EXT1",
            EXT2: "EXT2",
            EXT4: "EXT4",
            TUPLE1: "TUPLE1",
            TUPLE2: "TUPLE2",
            TUPLE3: "TUPLE3",
            NEWTRUE: "NEWTRUE",
            NEWFALSE: "NEWFALSE",
            LONG1: "LONG1",
            LONG4: "LONG4",
            BINBYTES: "BINBYTES",
            SHORT_BINBYTES: "SHORT_BINBYTES",
            SHORT_BINUNICODE: "SHORT_BINUNICODE",
            BINUNICODE8: "BINUNICODE8",
            BINBYTES8: "BINBYTES8",
            EMPTY_SET: "EMPTY_SET",
            ADDITEMS: "ADDITEMS",
            FROZENSET: "FROZENSET",
            NEWOBJ_EX: "NEWOBJ_EX",
            STACK_GLOBAL: "STACK_GLOBAL",
            MEMOIZE: "MEMOIZE",
            FRAME: "FRAME",
            BYTEARRAY8: "BYTEARRAY8",
            NEXT_BUFFER: "NEXT_BUFFER",
            READONLY_BUFFER: "READONLY_BUFFER",
        }.items()
    )
)

OPCODE_BYTES: Final = frozenset(NAMES)

#: Run inline by the interpreter loop (the common opcodes of ordinary pickles).
HOT: Final = frozenset(
    (
        BINUNICODE, SHORT_BINUNICODE, BINUNICODE8, MEMOIZE, BINPUT, BINGET,
        BININT1, BININT2, BININT, BINFLOAT, MARK, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE,
        SETITEMS, SETITEM, APPENDS, APPEND, TUPLE, TUPLE1, TUPLE2, TUPLE3, REDUCE,
        NEWTRUE, NEWFALSE, NONE, STOP,
    )
)  # fmt: skip

#: Handler family -> the opcodes it runs (handler ``Interpreter._op_<family>``).
FAMILIES: Final[dict[str, tuple[int, ...]]] = {
    "global": (GLOBAL, STACK_GLOBAL),
    "new": (NEWOBJ, NEWOBJ_EX, OBJ, INST),
    "build": (BUILD,),
    "persid": (PERSID, BINPERSID),
    "put": (PUT, LONG_BINPUT),
    "get": (GET, LONG_BINGET),
    "bytes": (BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8),
    "binstring": (BINSTRING, SHORT_BINSTRING),
    "text": (STRING, UNICODE, INT, LONG, FLOAT),
    "long": (LONG1, LONG4),
    "container": (LIST, DICT, EMPTY_SET, FROZENSET, ADDITEMS),
    "stack": (POP, POP_MARK, DUP),
    "proto": (PROTO,),
    "frame": (FRAME,),
    "ext": (EXT1, EXT2, EXT4),
    "buffer": (NEXT_BUFFER, READONLY_BUFFER),
}

#: The opcodes that push an integer and cannot fail (runs of them are read in one loop).
INT_OPS: Final = frozenset((BININT1, BININT2, BININT))
