"""Write the alphabets of base2048 and Ecoji that ``hauberk.llm._encodings`` decodes with,
derived from the packages garak itself encodes with (build time only: neither package is a
dependency of hauberk, at run time or otherwise).

- ``_base2048.json``: the 2,048 characters of qntm's Base2048 (11 bits each) and the 8 of its
  tail (the last 1-3 bits), read back by encoding chosen bytes with the ``base2048`` package
  (ionite34's Rust port of qntm's Base2048; both MIT).
- ``_ecoji.json``: the 1,024 emoji of Ecoji version 1 (10 bits each) and its five padding
  emoji, copied from the ``ecoji`` package (mecforlove's ecoji-py, Apache-2.0, a port of
  Keith Turner's Ecoji).

    pip install --target /tmp/enc-tables base2048==0.1.3 ecoji==0.1.1
    PYTHONPATH=/tmp/enc-tables python tools/build_encoding_tables.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "hauberk" / "llm"


def base2048_table() -> dict[str, object]:
    import base2048

    # the first 11 bits of three bytes are the first character
    main = [base2048.encode((value << 13).to_bytes(3, "big"))[0] for value in range(2048)]
    # ten bytes are 7 characters of 11 bits and one tail character for the last 3 bits
    tail = [base2048.encode(bytes(9) + bytes([value]))[-1] for value in range(8)]
    assert len(set(main)) == 2048 and len(set(tail)) == 8 and not set(main) & set(tail)
    rng = random.Random(0)  # noqa: S311 - test inputs, not secrets
    for _ in range(2000):  # the table decodes what the package encodes
        data = rng.randbytes(rng.randrange(1, 40))
        assert _decode_2048(base2048.encode(data), main, tail) == data
    return {
        "source": "base2048 0.1.3 (PyPI; github.com/ionite34/base2048), a port of qntm's Base2048",
        "licence": "MIT (ionite34/base2048 and qntm/base2048)",
        "main": "".join(main),
        "tail": "".join(tail),
    }


def _decode_2048(text: str, main: list[str], tail: list[str]) -> bytes:
    """The decoding ``_encodings`` uses: the last character holds the bits left over, right
    aligned (11 of them at most, or 3 in a tail character)."""
    widths = [11 if c in main else 3 for c in text]
    size = sum(widths) // 8
    value, bits = 0, 0
    for i, (char, width) in enumerate(zip(text, widths, strict=True)):
        assert width == 11 or i == len(text) - 1
        if i == len(text) - 1:
            width = 8 * size - bits
        value = (value << width) | (main.index(char) if char in main else tail.index(char))
        bits += width
    return value.to_bytes(size, "big")


def ecoji_table() -> dict[str, object]:
    import ecoji

    assert len(ecoji.EMOJIS) == 1024 and len(set(ecoji.EMOJIS)) == 1024
    return {
        "source": "ecoji 0.1.1 (PyPI; github.com/mecforlove/ecoji-py), Ecoji version 1",
        "licence": "Apache-2.0 (mecforlove/ecoji-py; Ecoji itself: keith-turner/ecoji, Apache-2.0)",
        "emojis": "".join(ecoji.EMOJIS),
        "padding": ecoji.PADDING,
        "padding_last": [ecoji.PADDING40, ecoji.PADDING41, ecoji.PADDING42, ecoji.PADDING43],
    }


def main() -> None:
    for name, table in (("_base2048.json", base2048_table()), ("_ecoji.json", ecoji_table())):
        text = json.dumps(table, ensure_ascii=False, indent=1) + "\n"
        (OUT / name).write_text(text, "utf-8")
        print(f"wrote {OUT / name} ({len(text)} characters)")


if __name__ == "__main__":
    main()
