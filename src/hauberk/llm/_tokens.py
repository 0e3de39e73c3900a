"""Words encoded one by one (round 24, held-out 21's ``b64_words``): each word, or each few
characters, of a payload written in a byte encoding on its own, the tokens apart by spaces,
commas, newlines or other signs ("SWdub3Jl cHJldmlvdXM= aW5zdHJ1Y3Rpb25z"). A token is too
short for the blob readers (``_base64`` wants 12 characters, base32 16, base58 16), and a
word's base64 decoded alone is too few bytes to tell from noise; a run of them read together
is not.

Encodings: base64 (standard or URL-safe, padded or not), base32 (either case, padded or
not), hex (either case) and Base58, each decoded by the decoders the blob readers use
(``_normalize.b64_bytes``, ``_encodings.b58_bytes``). A token decodes "strictly": it must
re-encode to itself (no stray bits in its last character, no mixed case in hex or base32)
and give printable UTF-8 of 1 to ``MAX_WORD`` characters. A run is ``MIN_RUN`` tokens or
more in a row, each decoding in the same encoding, at most ``MAX_GAP`` characters apart;
its reading (the decoded tokens joined by spaces) is kept only where it reads as English
(six words in ten listed, three of three letters or more: ``_deciphered``'s test) and the
run as written does not. Percent-encoding, HTML entities and ``\\x`` escapes need no run:
``_percent``, ``_entities`` and ``_hexa`` decode them wherever they are.

Left alone: hashes, UUIDs, keys, colours, numbers and identifiers (their tokens decode to
bytes that are not text, or to text that is not English), and ordinary words that happen to
be valid base64 or Base58 ("this", "dead"): they decode to noise, and English as written is
not read again. Not read: tokens in Ascii85 or Z85 (their alphabets hold the separators),
a payload in another language (the reading must be English), a run of fewer than four
tokens. Bounds: the hint (``MIN_CODED`` tokens that look encoded: a digit, a capital after the
first character or padding) keeps prose out; ``MAX_TOKENS`` tokens of ``MAX_TOKEN``
characters at most are decoded, four ways each.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Callable
from types import ModuleType

MIN_RUN = 4  # tokens in a row: three short words decode to printable noise too often
MAX_WORD = 30  # characters a token decodes to: a word, or a few characters of a payload
MAX_TOKEN = 64  # characters of a token read: 30 characters are 60 in hex, 40 in base64
MAX_TOKENS = 2_000  # tokens decoded per text
MIN_CODED = 2  # tokens that look encoded in a text: lowercase base32 words seldom have digits
REACH = 4  # tokens between two that look encoded, decoded too
MAX_GAP = 4  # characters between two tokens of a run: a space, ", ", " | ", a newline or two

MIN_FOREIGN_RUN = 6  # tokens of a run kept without the English test, each a word of letters
# a word of letters (any script) and the marks around it
_LETTERED = re.compile(r"[(\"'¿¡]?[^\W\d_]{2,}(?:['’-][^\W\d_]+)*[.,;:!?)\"']{0,2}")
# a run of a token's characters with a letter or a digit: " / " and " - " are separators
# a token starts where a run of its characters starts (or right after an escape): tried from
# every character, a long run without a letter or digit ("////...") was scanned to its end
# from each, quadratic (48,000 characters: 1.3 s in views); same matches on 200,000 random texts
_TOKEN = re.compile(
    r"(?:\\x[0-9A-Fa-f]{2})+|(?:(?<![A-Za-z0-9+/_=-])|(?<=\\x[0-9A-Fa-f]{2}))"
    r"[+/_=-]*+[A-Za-z0-9][A-Za-z0-9+/_=-]*+"
)
_ESCAPES = re.compile(r"(?:\\x[0-9A-Fa-f]{2})+")
# a token that looks encoded: a letter and a digit, a capital after its first character, or
# padding (numbers, dates and lists of character codes are not: the readers of codes own them)
_CODED = re.compile(
    r"(?<![\w+/=-])(?=[\w+/=-]*[A-Za-z])[\w+/-]{0,63}?(?:\d|[A-Za-z][A-Z]|\w=)[\w+/=-]*"
)
_CODED_TOKEN = re.compile(r"^(?=.*[A-Za-z]).*?(?:\d|.[A-Z]|=)")
_HEX = re.compile(r"(?:[0-9a-f]{2})+|(?:[0-9A-F]{2})+")
_B32 = re.compile(r"[A-Z2-7]+=*|[a-z2-7]+=*")
_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
_B58 = re.compile(r"[1-9A-HJ-NP-Za-km-z]+")
_B32_TAIL = frozenset({0, 2, 4, 5, 7})  # characters of a last base32 group: whole bytes


def _n() -> ModuleType:
    """``_normalize``, which imports this module to list it: looked up at call time."""
    from hauberk.llm import _normalize

    return _normalize


def _word(data: bytes) -> str | None:
    """``data`` as a printable word or chunk of text, else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not 0 < len(text) <= MAX_WORD or not text.isprintable() or text.isspace():
        return None
    return text


def _from_b64(token: str) -> str | None:
    if not _B64.fullmatch(token) or len(token.rstrip("=")) % 4 == 1:
        return None
    data = _n().b64_bytes(token)
    if data is None:
        return None
    urlsafe = "-" in token or "_" in token
    again = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode()
    if again.rstrip("=") != token.rstrip("=") or ("=" in token and again != token):
        return None  # stray bits in the last character, or wrong padding: not its encoding
    return _word(data)


def _from_b32(token: str) -> str | None:
    body = token.rstrip("=")
    if not _B32.fullmatch(token) or len(body) % 8 not in _B32_TAIL:
        return None
    try:
        data = base64.b32decode(body.upper() + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        return None
    if base64.b32encode(data).decode().rstrip("=") != body.upper():
        return None
    return _word(data)


def _from_hex(token: str) -> str | None:
    return _word(bytes.fromhex(token)) if _HEX.fullmatch(token) else None


def _from_escapes(token: str) -> str | None:
    return _word(bytes.fromhex(token.replace("\\x", ""))) if _ESCAPES.fullmatch(token) else None


def _from_b58(token: str) -> str | None:
    if not _B58.fullmatch(token):
        return None
    return _word(_n()._encodings.b58_bytes(token))


ENCODINGS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("base64", _from_b64),
    ("base32", _from_b32),
    ("hex", _from_hex),
    ("base58", _from_b58),
    ("x_escapes", _from_escapes),  # "\\x69\\x67": ``_hexa`` wants six bytes in a row
)


@functools.lru_cache(maxsize=8192)
def _decodings(token: str) -> tuple[str | None, ...]:
    # kept across texts: a long prompt is read window by window, and each window's readings
    # hold the same tokens again
    return tuple(decode(token) for _, decode in ENCODINGS)


def _tokens(text: str) -> list[re.Match[str]]:
    found = []
    for match in _TOKEN.finditer(text):
        found.append(match)
        if len(found) >= MAX_TOKENS:
            break
    return found


def _runs(tokens: list[re.Match[str]], hits: list[int]) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of ``MIN_RUN`` or more tokens in a row that each decoded (their
    indices ``hits``, ascending), each at most ``MAX_GAP`` characters from the last."""
    spans = []
    start = 0
    for k in range(1, len(hits) + 1):
        i = hits[k - 1]
        joined = (
            k < len(hits)
            and hits[k] == i + 1
            and tokens[i + 1].start() - tokens[i].end() <= MAX_GAP
        )
        if not joined:
            if k - start >= MIN_RUN:
                spans.append((hits[start], i + 1))
            start = k
    return spans


def _english(reading: str) -> tuple[float, int]:
    share, known = _n()._word_share(reading[: _n().SAMPLE_CHARS])
    return (share, known) if share >= 0.6 and known >= 3 else (0.0, 0)


def _wordy(words: list[str]) -> bool:
    """Whether nearly every token is a word of letters (any script): a payload in another
    language, which the English test cannot judge. Noise seldom does: three random bytes are
    two letters and a mark about once in 150 times, and ``MIN_FOREIGN_RUN`` tokens must."""
    if len(words) < MIN_FOREIGN_RUN:
        return False
    lettered = sum(bool(_LETTERED.fullmatch(w)) for w in words)
    return lettered >= len(words) - 1


def _reading(words: list[str]) -> tuple[tuple[float, int], str]:
    """The likelier of the run's two readings, with its score: the tokens as words (joined
    by spaces) or as chunks of one text (joined as they are, a chunk holding its spaces)."""
    spaced, joined = " ".join(words), "".join(words)
    best = max((_english(spaced), spaced), (_english(joined), joined))
    if best[0][0] == 0.0 and _wordy(words):
        return (0.1, 0), spaced  # below any English reading of the same run
    return best


def _candidates(tokens: list[re.Match[str]]) -> list[str | None]:
    """Each token worth decoding, else None: one that looks encoded, or one near such tokens
    (``REACH`` tokens from one, or between two): a word's base64 or lowercase base32 without
    a digit or a capital inside ("Ymxh", "mfzgk"). Prose's few such tokens (a product name,
    an acronym) stand apart, and only their neighbours are decoded."""
    coded = [len(t.group(0)) <= MAX_TOKEN and bool(_CODED_TOKEN.search(t.group(0))) for t in tokens]
    far = len(tokens) + MAX_TOKENS
    before, after = [-far] * len(tokens), [far] * len(tokens)
    last = -far
    for i, is_coded in enumerate(coded):
        last = i if is_coded else last
        before[i] = last
    for i in range(len(tokens) - 1, -1, -1):
        last = i if coded[i] else (after[i + 1] if i + 1 < len(tokens) else far)
        after[i] = last
    return [
        t.group(0)
        if len(t.group(0)) <= MAX_TOKEN
        and (min(i - before[i], after[i] - i) <= REACH // 2 or after[i] - before[i] <= 2 * REACH)
        else None
        for i, t in enumerate(tokens)
    ]


def _best_runs(text: str, tokens: list[re.Match[str]]) -> list[tuple[int, str]]:
    """The runs read as English, each by its likeliest encoding: (where it starts, reading)."""
    best: dict[int, tuple[tuple[float, int], int, str]] = {}
    candidates = _candidates(tokens)
    if sum(c is not None for c in candidates) < MIN_RUN:
        return []
    read = {c: _decodings(c) for c in set(candidates) if c is not None}  # dumps repeat tokens
    for k in range(len(ENCODINGS)):
        words = {i: read[c][k] for i, c in enumerate(candidates) if c is not None}
        hits = [i for i, word in words.items() if word is not None]
        if len(hits) < MIN_RUN:
            continue
        for start, end in _runs(tokens, hits):
            score, reading = _reading([words[i] or "" for i in range(start, end)])
            written = text[tokens[start].start() : tokens[end - 1].end()]
            if score[0] == 0.0 or _n().english_ratio(written[: _n().SAMPLE_CHARS]) > 0.45:
                continue
            if start not in best or score > best[start][0]:
                best[start] = (score, end, reading)
    return [(start, reading) for start, (_, _, reading) in sorted(best.items())]


def read(text: str) -> str | None:
    """The readings of the runs of separately encoded tokens that read as English, one per
    line (what the model is asked to act on, as the blob readers give it); None when none."""
    if not _n()._at_least(_CODED, text, MIN_CODED):
        return None
    tokens = _tokens(text[: _n().MAX_DECODED_CHARS])
    found = _best_runs(text, tokens)
    return "\n".join(reading for _, reading in found) if found else None
