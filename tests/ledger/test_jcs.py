"""RFC 8785 canonical JSON: the RFC's examples, its number table, node as an oracle, properties."""

from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import InputError
from hauberk.ledger import canonical_json, format_number, parse_json

# RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "text"), NUMBERS)
def test_rfc8785_appendix_b_numbers(bits: str, text: str) -> None:
    value = struct.unpack(">d", bytes.fromhex(bits))[0]
    assert format_number(value) == text


def test_rfc8785_section_3_2_2_example() -> None:
    source = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonical_json(parse_json(source)) == expected.encode("utf-8")


def test_rfc8785_section_3_2_3_sorting_by_utf16_code_units() -> None:
    source = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    order = [json.loads(b"[" + k + b"]")[0] for k in _keys(canonical_json(source))]
    # U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 in UTF-16.
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def _keys(data: bytes) -> list[bytes]:
    obj = json.loads(data)
    return [json.dumps(k, ensure_ascii=False).encode() for k in obj]


def test_escapes_only_what_json_requires() -> None:
    assert canonical_json("\u2028\x7f\x1f\x08\t/") == '"\u2028\x7f\\u001f\\b\\t/"'.encode()


@pytest.mark.parametrize(
    "bad",
    [
        '{"a": 1, "a": 2}',
        '{"a": NaN}',
        "[Infinity]",
        "[1e400]",
        "[1, 2",
    ],
)
def test_parser_refuses_what_jcs_forbids(bad: str) -> None:
    with pytest.raises(InputError):
        parse_json(bad)


def test_canonicaliser_refuses_inexact_integers_surrogates_and_non_json() -> None:
    with pytest.raises(InputError, match="IEEE 754"):
        canonical_json(2**53 + 1)
    assert canonical_json(2**60) == b"1152921504606847000"  # as ECMAScript prints it
    with pytest.raises(InputError, match="surrogate"):
        canonical_json(parse_json('["\\ud800"]'))
    with pytest.raises(InputError):
        canonical_json({1: "x"})
    with pytest.raises(InputError):
        canonical_json(float("nan"))
    with pytest.raises(InputError):
        canonical_json(b"bytes")
    deep: object = 1
    for _ in range(100):
        deep = [deep]
    with pytest.raises(InputError, match="deeper"):
        canonical_json(deep)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_canonical_form_is_a_fixed_point_with_the_same_meaning(value: object) -> None:
    first = canonical_json(value)
    assert canonical_json(parse_json(first)) == first
    assert parse_json(first) == value  # 1.0 == 1 and -0.0 == 0 in Python, as in JSON


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_round_trip(value: float) -> None:
    assert float(format_number(value)) == value or (value == 0 and format_number(value) == "0")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_numbers_and_strings_agree_with_node_json_stringify() -> None:
    import random

    rng = random.Random(8785)
    floats = [struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0] for _ in range(3000)]
    floats = [f for f in floats if math.isfinite(f)]
    floats += [rng.uniform(-1e6, 1e6) for _ in range(1000)] + [1e21, 1e-7, 123e-9, 5e-7]
    floats += [float(rng.randint(-(2**53), 2**53)) for _ in range(500)]
    strings = [
        "".join(
            chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0xD7FF)])) for _ in range(12)
        )
        for _ in range(300)
    ]
    script = (
        "const d=require('fs').readFileSync(0,'utf8');"
        "const v=JSON.parse(d);"
        "process.stdout.write(JSON.stringify(v.f.map(x=>String(x)))+'\\n'+"
        "JSON.stringify(v.s));"
    )
    # node parses each repr back to the same double, then prints it the ECMAScript way.
    node_input = json.dumps({"f": [float(f) for f in floats], "s": strings})
    out = subprocess.run(
        ["node", "-e", script],
        input=node_input,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split("\n", 1)
    assert json.loads(out[0]) == [format_number(f) for f in floats]
    assert out[1].encode("utf-8") == canonical_json(strings)


def _general(value: object) -> bytes:
    from hauberk.ledger._jcs import _encode

    parts: list[str] = []
    _encode(value, parts, 0)
    return "".join(parts).encode("utf-8", "surrogatepass")


FLOAT_FREE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) - 2, 2**53 + 2)
    | st.text(st.characters(codec="utf-8")),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(st.characters(codec="utf-8")), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(FLOAT_FREE)
def test_json_dumps_fast_path_prints_the_same_bytes_as_the_general_encoder(value: object) -> None:
    try:
        general = _general(value)
    except InputError:
        with pytest.raises(InputError):
            canonical_json(value)
        return
    assert canonical_json(value) == general


def test_fast_path_leaves_floats_non_ascii_keys_and_deep_values_to_the_general_encoder() -> None:
    assert canonical_json({"a": 1.0, "b": [1e21, 1e-7]}) == b'{"a":1,"b":[1e+21,1e-7]}'
    # U+E000 sorts after U+1F600 by UTF-16 code units but before it by code points.
    assert canonical_json({"\ue000": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ue000":1}'.encode()
    assert canonical_json({"x": 2**53 + 2}) == b'{"x":9007199254740994}'
    deep: object = []
    for _ in range(70):
        deep = [deep]
    with pytest.raises(InputError, match="deeper"):
        canonical_json(deep)
