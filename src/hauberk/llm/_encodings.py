"""Encodings garak's encoding-injection probes use (``garak/probes/encoding.py``, issue 19)
that the normaliser did not read: Ascii85 and base85, quoted-printable, MIME encoded-words,
Morse, Braille, uuencode, Zalgo (stacked combining marks), ASCII hidden in invisible
characters (garak's "sneaky bits": two invisible characters as binary; and variation
selectors), base2048 and Ecoji; since round 14 Base58 and DNA bases, since round 15 ROT47,
EBCDIC and single-byte XOR of hex, ITA2 (Baudot) and Base45; since round 16 byte blobs of any
alphabet (Z85, base62, basE91, Crockford's base32 too) whose bytes are compressed or text in
another character set (UTF-16 and UTF-32, Windows-1252, EBCDIC).

Two kinds, as ``views`` needs them:

- ``DECODERS`` read the normal form, as ``_normalize``'s do, and are listed there: Ascii85,
  quoted-printable, MIME encoded-words, Morse, Braille survive normalisation.
- ``RAW_DECODERS`` read the text as written, before ``normal_form``, which erases what they
  decode: it removes invisible characters and variation selectors, folds the regional
  indicators and squared letters Ecoji uses and the letters of base2048 that look Latin
  (36 of its 2,048 change under NFKC alone), composes Zalgo's marks, and joins the runs of
  spaces that uuencode writes for zero bits and Base45 for its digit 36. ``raw_views``
  gives their readings.

Each decoder looks for a cheap hint first, decodes at most ``MAX_RUNS`` runs, and keeps a
decoding only when it is text (``_printable``: UTF-8, printable, half letters) or, where short
runs of ordinary characters could decode by chance (Morse, Braille), when it reads as words.
The base2048 and Ecoji alphabets are data files derived from the packages garak encodes with
(``tools/build_encoding_tables.py``; sources and licences inside the files).
"""

from __future__ import annotations

import base64
import binascii
import bz2
import codecs
import contextlib
import functools
import itertools
import json
import lzma
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from hauberk.llm import _radix

if TYPE_CHECKING:
    from hauberk.llm._normalize import View


def _n() -> ModuleType:
    """``_normalize``, which imports this module to list its decoders: looked up at call time."""
    from hauberk.llm import _normalize

    return _normalize


MAX_RUNS = 200  # runs decoded per text, at most (as ``_normalize``'s character codes)
MIN_TOKEN = 10  # characters of an Ascii85 token: 8 bytes


def _text(data: bytes) -> str | None:
    text: str | None = _n()._printable(data[: _n().MAX_DECODED_CHARS])
    return text


def _joined(found: list[str]) -> str | None:
    return "\n".join(found) if found else None


def _first_runs(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    return itertools.islice(pattern.finditer(text), MAX_RUNS)


# -- Ascii85 (Adobe, ``base64.a85encode``) and base85 (RFC 1924, ``base64.b85encode``) -------

_A85_TOKEN = re.compile(rf"<~[!-uz\s]+~>|(?<!\S)\S{{{MIN_TOKEN},}}(?!\S)")
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_A85_CHARS = re.compile(r"[!-uz]+")  # all a85decode reads in a token without whitespace
_B85_CHARS = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
)


def _a85_candidate(token: str) -> bool:
    """A token that may be base85: punctuation and at least two of capitals, small letters
    and digits (an encoding of text has all four), and no address."""
    if "://" in token or not _PUNCT.search(token):
        return False
    return _kinds(token) >= 2


def _kinds(token: str) -> int:
    """How many of capitals, small letters and digits ``token`` holds."""
    return sum((any(map(str.isupper, token)), any(map(str.islower, token)),
                any(map(str.isdigit, token))))  # fmt: skip


def _a85_bytes(token: str) -> Iterator[bytes]:
    """The bytes of ``token`` in Ascii85 (Adobe's, with ``<~ ~>``, or bare) and in base85
    (RFC 1924), each where its alphabet holds the token and it decodes."""
    if token.startswith("<~"):
        with contextlib.suppress(ValueError):
            yield base64.a85decode(re.sub(r"\s", "", token), adobe=True)
        return
    for decode in (base64.a85decode, base64.b85decode):
        if decode is base64.b85decode and not set(token) <= _B85_CHARS:
            continue
        if decode is base64.a85decode and not _A85_CHARS.fullmatch(token):
            continue  # a85decode raises on it, after a Python loop over the characters before
        try:
            yield decode(token)
        except ValueError:
            continue


def _a85_token(token: str) -> str | None:
    return next(filter(None, map(_text, _a85_bytes(token))), None)


def _ascii85(text: str) -> str | None:
    found: list[str] = []
    tried = 0
    for match in _A85_TOKEN.finditer(text):
        token = match.group(0)
        if not token.startswith("<~") and not _a85_candidate(token):
            continue
        tried += 1
        if tried > MAX_RUNS:
            break
        decoded = _a85_token(token)
        if decoded is not None:
            found.append(decoded)
    return _joined(found)


# -- quoted-printable (``binascii.b2a_qp``, ``quopri``) and MIME encoded-words ---------------

_QP_ESCAPE = re.compile(r"=([0-9A-F]{2})(\r?\n|$)?", re.MULTILINE)
# a line broken by the encoder (76 characters at most, after a wrapper's words perhaps): not
# a line of base64 ending in its padding, nor a rule of equals signs
_QP_SOFT = re.compile(r"^(?=[^\n]*[^A-Za-z0-9+/=\n])([^\n]{40,200})(?<!=)=\r?$", re.MULTILINE)


_LAST_TOKEN = re.compile(r"\S+$")
_B64_MARK = re.compile(r"[0-9+/]|[a-z][A-Z]")


def _base64_end(line: str) -> bool:
    """Whether ``line`` ends with a base64 token (its padding ``=`` follows): a token with a
    digit, a sign or a capital after a small letter, four characters a group."""
    token = _LAST_TOKEN.search(line)
    if token is None:
        return False
    body = token.group(0)
    return (
        len(body) >= 7
        and (len(body) + 1) % 4 == 0
        and bool(_B64_MARK.search(body))
        and body.replace("+", "").replace("/", "").isalnum()
    )


def _qp_like(match: re.Match[str]) -> bool:
    """An escape a quoted-printable encoder writes: a byte of a multi-byte character, ``=``
    itself, a line break, or a space or tab at the end of a line; not ``x=20`` in code."""
    value = int(match.group(1), 16)
    return (
        value >= 0x80
        or value in (0x3D, 0x0D, 0x0A)
        or (value in (0x09, 0x20) and match.group(2) is not None)
    )


_QP_SPACES = re.compile(r"[A-Za-z.,!?]=20[A-Za-z]")


def _quoted_printable(text: str) -> str | None:
    if "=" not in text or ("=?" in text and _MIME_WORD.search(text)):
        return None  # encoded-words are ``mime_words``'s
    # spaces quoted too (quopri's quotetabs=True): "Ignore=20all=20previous=20..." (round 12)
    spaces: bool = _n()._at_least(_QP_SPACES, text, 3)
    escapes = [
        (spaces and m.group(1) == "20") or _qp_like(m)
        for _, m in zip(range(4 * MAX_RUNS), _QP_ESCAPE.finditer(text), strict=False)
    ]
    soft = any(
        not _base64_end(m.group(1))
        for _, m in zip(range(MAX_RUNS), _QP_SOFT.finditer(text), strict=False)
    )
    if sum(escapes) < 2 and not soft:
        return None
    if escapes and sum(escapes) < 0.8 * len(escapes):
        return None  # most ``=XX`` are no escape an encoder writes: code or a query string
    raw = binascii.a2b_qp(text.encode("utf-8"))
    try:
        out = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return out if out != text else None


_MIME_WORD = re.compile(r"=\?([A-Za-z0-9_.:-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([BbQq])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")


def _mime_word(match: re.Match[str]) -> str:
    charset, kind, body = match.group(1), match.group(2).lower(), match.group(3)
    try:
        codecs.lookup(charset)
        if kind == "b":
            data = base64.b64decode(body + "=" * (-len(body) % 4))
        else:
            data = binascii.a2b_qp(body.replace("_", " ").encode("ascii"))
        return data.decode(charset)
    except (LookupError, ValueError, UnicodeError):
        return match.group(0)


def _mime_words(text: str) -> str | None:
    """RFC 2047 encoded-words (``=?utf-8?b?...?=``, ``=?utf-8?q?...?=``) decoded in place;
    whitespace between two of them is dropped, as the RFC says."""
    if "=?" not in text or not _MIME_WORD.search(text):
        return None
    out = _MIME_WORD.sub(_mime_word, _BETWEEN_WORDS.sub(r"\1\2", text))
    return out if out != text else None


# -- Morse --------------------------------------------------------------------------------

_MORSE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g",
    "....": "h", "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n",
    "---": "o", ".--.": "p", "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u",
    "...-": "v", ".--": "w", "-..-": "x", "-.--": "y", "--..": "z", "-----": "0",
    ".----": "1", "..---": "2", "...--": "3", "....-": "4", ".....": "5", "-....": "6",
    "--...": "7", "---..": "8", "----.": "9", ".-.-.-": ".", "--..--": ",", "..--..": "?",
    "-.-.--": "!", "-..-.": "/", "-.--.": "(", "-.--.-": ")", ".-...": "&", "---...": ":",
    "-.-.-.": ";", "-...-": "=", ".-.-.": "+", "-....-": "-", "..--.-": "_", ".-..-.": '"',
    "...-..-": "$", ".--.-.": "@", ".----.": "'",
}  # fmt: skip
_DITS = str.maketrans(
    {"·": ".", "•": ".", "∙": ".", "⋅": ".", "−": "-", "–": "-", "—": "-", "_": "-"}
)
_CODE = r"[.·•∙⋅\-−–—_]{1,7}"
# between codes: spaces, or word gaps (a slash, a bar, a line break), several in a row where
# an encoder dropped a sign it has no code for ("by [prompt]" gives "-... -.-- / / .--. ...")
_MORSE_GAP = r"(?:(?:[ \t]*[/|\n])+[ \t]*|[ \t]+)"
_MORSE_RUN = re.compile(rf"(?<![^\s/|]){_CODE}(?:{_MORSE_GAP}{_CODE}){{7,}}(?![^\s/|])")
_MORSE_HINT = re.compile(r"[.·•\-−–—_]{1,7} [.·•\-−–—_]{1,7} [.·•\-−–—_]")
_SAME_CODE = re.compile(r"(?<![^\s/|])([.\-]+)(?:\s+\1){3}(?![^\s/|])")
_WORD_GAP = re.compile(r"[ \t]*[/|\n][ \t]*|[ \t]{2,}")


def _morse_run(match: re.Match[str]) -> str | None:
    words: list[str] = []
    codes = unknown = 0
    for chunk in _WORD_GAP.split(match.group(0).translate(_DITS).strip()):
        letters = []
        for code in chunk.split():
            codes += 1
            letter = _MORSE.get(code)
            unknown += letter is None
            letters.append(letter or "")
        if letters:
            words.append("".join(letters))
    if unknown > 0.1 * codes or len(set("".join(words))) < 4 or _SAME_CODE.search(match.group(0)):
        return None  # a rule of dashes, a row of dots: a few codes, repeated
    if len(words) == 1 and len(words[0]) > 7:  # no word gaps: split on the word list
        words = _n().segment(words[0])
    decoded = " ".join(w for w in words if w)
    return decoded if _n()._wordy(decoded) else None


def _morse(text: str) -> str | None:
    """Whole runs of eight Morse codes or more, letters apart by spaces and words by a slash,
    a bar, two spaces or a line break, when they read as words: an ellipsis, a rule of
    dashes or a bullet list is no such run, or does not spell words."""
    if not _MORSE_HINT.search(text):
        return None
    found: str | None = _n()._runs(text, _MORSE_RUN, _morse_run)
    return found


# -- Braille (six-dot cells, English grade 1, as garak writes it) ---------------------------

_BRAILLE_LETTERS = "a⠁b⠃c⠉d⠙e⠑f⠋g⠛h⠓i⠊j⠚k⠅l⠇m⠍n⠝o⠕p⠏q⠟r⠗s⠎t⠞u⠥v⠧w⠺x⠭y⠽z⠵"
_BRAILLE = {_BRAILLE_LETTERS[i + 1]: _BRAILLE_LETTERS[i] for i in range(0, 52, 2)}
_BRAILLE_PUNCT = {"⠲": ".", "⠄": "'", "⠂": ",", "⠤": "-", "⠌": "/", "⠖": "!", "⠦": "?",
                  "⠒": ":", "⠆": ";", "⠰": ";", "⠶": "(", "⠀": " "}  # fmt: skip
_DIGITS = {cell: str((i + 1) % 10) for i, cell in enumerate("⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚")}
_CAPS, _NUM = "⠠", "⠼"
# words apart by spaces, or by a slash or a bar ("⠝⠕⠞⠑ / ⠞⠓⠁⠞"): the run goes on across them,
# so that words shorter than a run are read too, in order, on one line
_BRAILLE_RUN = re.compile(r"[\u2801-\u283f](?:[\u2800-\u283f \t/|]*[\u2801-\u283f]){7,}")
_BRAILLE_GAP = re.compile(r"[ \t/|\u2800]+")
_REPEATED = re.compile(r"([\u2801-\u283f])\1{3}")
_BRAILLE_HINT = re.compile(r"[\u2801-\u283f]{3}")


def _braille_run(match: re.Match[str]) -> str | None:
    out: list[str] = []
    caps = number = False
    unknown = cells = 0
    for cell in _BRAILLE_GAP.sub(" ", match.group(0)):
        if cell == " ":
            out.append(" ")
            number = False
            continue
        cells += 1
        if cell == _CAPS:
            caps = True
        elif cell == _NUM:
            number = True
        elif number and cell in _DIGITS:
            out.append(_DIGITS[cell])
        elif cell in _BRAILLE:
            out.append(_BRAILLE[cell].upper() if caps else _BRAILLE[cell])
            caps = number = False
        elif cell in _BRAILLE_PUNCT:
            out.append(_BRAILLE_PUNCT[cell])
        else:
            unknown += 1  # a contraction or an eight-dot cell: braille art, or grade 2
    decoded = "".join(out)
    letters = {c for c in decoded.lower() if c.isalpha()}
    if unknown > 0.1 * cells or len(letters) < 4 or _REPEATED.search(match.group(0)):
        return None  # braille art: a few cells, repeated
    return decoded if _wordy_or_long(decoded) else None


def _wordy_or_long(decoded: str) -> bool:
    """Words, or 16 characters or more with a listed word of three letters: Braille cells
    are no ASCII text, so a long run of them that decodes to letters is a message even when
    most of its words are not listed ('ignore missile missile (42).', hypothesis found it);
    and a hex span that one key makes printable, spaced text of that length is one too."""
    return _n()._wordy(decoded) or (len(decoded) >= 16 and _n()._word_share(decoded)[1] >= 1)


def _braille(text: str) -> str | None:
    """Runs of eight six-dot Braille cells or more (spaces, slashes or bars between words)
    that read as words; Braille art (eight-dot cells, blocks) does not. The first
    ``MAX_DECODED_CHARS`` only: a run now goes on across slashes, and 100,000 cells apart by
    slashes were one run decoded cell by cell (19 ms)."""
    if text.isascii() or not _BRAILLE_HINT.search(text):
        return None  # in C: the regex scan cost 20 us on 2,000 characters of prose
    head = text[: _n().MAX_DECODED_CHARS]
    found: str | None = _n()._runs(head, _BRAILLE_RUN, _braille_run)
    return found


# -- uuencode (``binascii.b2a_uu``, 45 bytes a line) ----------------------------------------

# a line's end that may be a uuencoded line: ``[!-M][ -`]{7,}$``, found by ``_uu_tail``
_UU_CHARS = "".join(map(chr, range(0x20, 0x61)))  # [ -`]
_UU_COUNT = re.compile(r"[!-M]")
_UU_SHORT = re.compile(r"^[!-M][ -`]{1,}$")  # the last line of a run may be short


def _uu_tail(line: str) -> int | None:
    """Where ``[!-M][ -`]{7,}$`` first matches ``line`` (None: nowhere), in linear time: the
    first ``[!-M]`` of the run of ``[ -`]`` that ends the line, seven characters from its end
    or more. The regex searched every run that stops before the end back and forth, in time
    quadratic in its length (14 ms on a line of 1,700 characters of HTML entities)."""
    start = len(line.rstrip(_UU_CHARS))
    found = _UU_COUNT.search(line, start, len(line) - 7)
    return None if found is None else found.start()


def _uu_hinted(text: str) -> bool:
    """``re.search(r"[!-M][ -`]{7,}\r?$", text, re.MULTILINE)``, line by line with ``_uu_tail``."""
    return any(_uu_tail(line.removesuffix("\r")) is not None for line in text.split("\n"))


def _uu_line(line: str, shortest: int = 7) -> bytes | None:
    """The bytes of the uuencoded line that ends ``line``: its first character gives the
    count of bytes, and the rest must have the length that count needs (up to three spaces
    lost at the end, as chat input trims them)."""
    if shortest == 7:
        first = _uu_tail(line)
    else:
        short = _UU_SHORT.search(line)
        first = None if short is None else short.start()
    if first is None:
        return None
    for start in range(first, len(line) - shortest):
        if start > first and line[start - 1] != " ":
            continue
        count = ord(line[start]) - 32
        needed = (count + 2) // 3 * 4
        body = len(line) - start - 1
        if not 0 < count <= 45 or not needed - 3 <= body <= needed + 1:
            continue
        try:
            return binascii.a2b_uu(line[start:].ljust(needed + 1))
        except binascii.Error:
            continue
    return None


def _uuencode(text: str) -> str | None:
    """Runs of uuencoded lines (with or without ``begin``/``end``), each decoded whole."""
    if not _uu_hinted(text):
        return None
    found: list[str] = []
    run: list[bytes] = []
    for line in text.splitlines()[: 50 * MAX_RUNS]:
        data = _uu_line(line.rstrip("\r"), 1 if run else 7)
        if data is not None:
            run.append(data)
            continue
        if run:
            found += [t for t in (_text(b"".join(run)),) if t is not None]
            run = []
    if run:
        found += [t for t in (_text(b"".join(run)),) if t is not None]
    return _joined(found)


# -- Zalgo: combining marks stacked on letters -----------------------------------------------

_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# a marked character, then spaces or signs that carry no mark (one that does starts the next)
_ZALGO_RUN = re.compile(f"(?:[^{_MARKS}][{_MARKS}]+(?:[^\\w{_MARKS}](?![{_MARKS}]))*){{6,}}")
_ANY_MARK = re.compile(f"[{_MARKS}]+")
_ZALGO_HINT = re.compile(f"[{_MARKS}]{{2}}")


def _stacked_run(match: re.Match[str]) -> str:
    """The run without its marks, when most of its characters carry two or more."""
    run = match.group(0)
    stacked = sum(len(m.group(0)) >= 2 for m in _ANY_MARK.finditer(run))
    if stacked < 0.6 * len(_ANY_MARK.findall(run)):
        return run
    return _ANY_MARK.sub("", run)


def _zalgo(text: str) -> str | None:
    """The text without its Zalgo: every mark removed from runs of six characters or more
    that each carry a mark (spaces and signs may come between), most of them two or more
    (counted decomposed, NFD). Accents stay: no language writes six marked letters in a
    row; Vietnamese, which puts two marks on a letter, marks a letter or two of a word."""
    if not _ZALGO_HINT.search(text):
        return None
    split = unicodedata.normalize("NFD", text)
    cleared = _ZALGO_RUN.sub(_stacked_run, split)
    if cleared == split:
        return None
    return unicodedata.normalize("NFC", cleared)


# -- ASCII hidden in invisible characters ----------------------------------------------------

_BITS = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_BITS_RUN = re.compile(f"[{_BITS}]{{8,}}")


def _bit_gain(char: str, first: bool, last: bool) -> float:
    """How likely ``char`` is at its place in a word: a small letter most (a common one more),
    a capital first, a sign or digit at either end ("now." rather than "no2n")."""
    if not char.isascii():
        return 0.25
    if char.isalpha():
        # ties ("access." or "0qqryyn", the same bits) go to the commoner letters
        common: float = 0.02 * _n()._ENGLISH_FREQ[ord(char.lower()) - 97]
        return common + (2.0 if char.islower() or first else 1.5)
    return 1.0 if first or last else 0.5


def _bit_chars(bits: str) -> str | None:
    """``bits`` as characters written in binary without leading zeros (garak's "sneaky
    bits": six bits for a digit or a sign, seven for a letter, more beyond ASCII), split
    where that makes the most letters; or as bytes of eight bits."""
    n = len(bits)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(-1e9, 0)] * n
    for start in range(n):
        if best[start][0] <= -1e9 or bits[start] != "1":
            continue
        for width in range(6, 17):
            end = start + width
            if end > n:
                break
            char = chr(int(bits[start:end], 2))
            if not char.isprintable():
                continue
            gain = _bit_gain(char, start == 0, end == n)
            if best[start][0] + gain > best[end][0]:
                best[end] = (best[start][0] + gain, start)
    if best[n][0] > 0:
        out: list[str] = []
        end = n
        while end > 0:
            start = best[end][1]
            out.append(chr(int(bits[start:end], 2)))
            end = start
        return "".join(reversed(out))
    if n % 8 == 0:
        try:
            return bytes(int(bits[i : i + 8], 2) for i in range(0, n, 8)).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _bits_reading(run: str, zero: str, one: str) -> str | None:
    """``run`` read with ``zero`` and ``one`` as bits and any other character as a gap: a
    space between words, or between characters when every piece is one character."""
    pieces = re.split(f"[^{re.escape(zero + one)}]+", run)
    words = [_bit_chars(p.replace(zero, "0").replace(one, "1")) for p in pieces if p]
    if not words or any(w is None for w in words):
        return None
    found = [w for w in words if w is not None]
    return ("" if all(len(w) == 1 for w in found) else " ").join(found)


def _invisible_bits(text: str) -> str | None:
    """ASCII written in binary with two invisible characters (garak's InjectSneakyBits:
    invisible times and invisible plus, words apart by a zero-width space; or any other two
    zero-width characters), the reading that is likeliest text. The normal form removes
    these characters and names the step ``zero_width``, but loses what they said."""
    if not _BITS_RUN.search(text):
        return None
    found: list[str] = []
    for match in _first_runs(text, _BITS_RUN):
        run = match.group(0)
        # ties in count broken by the character, not by set order (the string hash seed), and
        # the zero-width space, garak's word gap, after a character it ties with
        counts = sorted(
            ((c, run.count(c)) for c in set(run)), key=lambda p: (-p[1], p[0] == "\u200b", p[0])
        )
        symbols = [c for c, _ in counts]
        if len(symbols) < 2:
            continue
        pair = (
            sorted(symbols[:2])
            if "\u200b" not in symbols[:2] or len(symbols) == 2
            else sorted(symbols[1:3])
        )
        readings = [
            r
            for r in (_bits_reading(run, pair[0], pair[1]), _bits_reading(run, pair[1], pair[0]))
            if r
        ]
        texts = [t for t in (_text(r.encode("utf-8")) for r in readings) if t is not None]
        if texts:
            found.append(max(texts, key=_n().english_ratio))
    return _joined(found)


_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{4,}")


def _variation_selectors(text: str) -> str | None:
    """Text hidden in variation selectors: one character each (``U+E0100`` plus its code,
    garak's InjectUnicodeVariantSelectors) or one byte each (``U+FE00``-``U+FE0F`` for 0-15,
    ``U+E0100`` on for 16-255), whichever reads as text, the likelier English first."""
    if not _SELECTORS.search(text):
        return None
    found: list[str] = []
    for match in _first_runs(text, _SELECTORS):
        codes = [
            ord(c) - 0xFE00 if c < "\U000e0000" else ord(c) - 0xE0100 + 16 for c in match.group(0)
        ]
        readings = [
            _text(bytes(codes)) if max(codes) < 256 else None,
            _text(bytes(c - 16 for c in codes)) if min(codes) >= 16 and max(codes) < 272 else None,
        ]
        texts = [t for t in readings if t is not None]
        if texts:
            found.append(max(texts, key=_n().english_ratio))
    return _joined(found)


# -- base2048 and Ecoji ------------------------------------------------------------------------


@functools.cache
def _table(name: str) -> dict[str, object]:
    raw = resources.files("hauberk.llm").joinpath(name).read_text("utf-8")
    table: dict[str, object] = json.loads(raw)
    return table


@functools.cache
def _base2048_alphabet() -> tuple[dict[str, int], dict[str, int], re.Pattern[str]]:
    table = _table("_base2048.json")
    main, tail = str(table["main"]), str(table["tail"])
    chars = "".join(sorted(set(main + tail)))
    run = re.compile(f"[{re.escape(chars)}]{{4,}}")
    return {c: i for i, c in enumerate(main)}, {c: i for i, c in enumerate(tail)}, run


def base2048_decode(text: str) -> bytes | None:
    """qntm's Base2048: 11 bits a character, the last holding the bits left over (right
    aligned; a tail character holds 3 or fewer). None when ``text`` is not base2048."""
    main, tail, _ = _base2048_alphabet()
    widths = [11 if c in main else 3 for c in text]
    if any(c not in main and c not in tail for c in text) or 3 in widths[:-1]:
        return None
    size = sum(widths) // 8
    value = bits = 0
    for i, char in enumerate(text):
        width = widths[i] if i < len(text) - 1 else 8 * size - bits
        if width < 0:
            return None
        value = (value << width) | (main[char] if char in main else tail[char])
        bits += width
    try:
        return value.to_bytes(size, "big")
    except OverflowError:
        return None


def _base2048(text: str) -> str | None:
    """Runs of base2048 characters that span two Unicode blocks or more (a word of Greek,
    Cyrillic or Thai is one block; base2048's 2,048 characters span fifteen) and decode to
    text."""
    if text.isascii():
        return None
    run = _base2048_alphabet()[2]
    found: list[str] = []
    for match in _first_runs(text, run):
        token = match.group(0)
        if len({ord(c) >> 7 for c in token}) < 2:
            continue
        data = base2048_decode(token)
        decoded = None if data is None else _text(data)
        if decoded is not None:
            found.append(decoded)
    return _joined(found)


@functools.cache
def _ecoji_alphabet() -> tuple[dict[str, int], str, dict[str, int], re.Pattern[str]]:
    table = _table("_ecoji.json")
    emojis, padding = str(table["emojis"]), str(table["padding"])
    last = [str(p) for p in table["padding_last"]]  # type: ignore[attr-defined]
    # a class of ranges that hold the alphabet and little else, checked exactly afterwards: a
    # class of 1,029 characters beyond U+FFFF is a list the regex engine walks for every
    # character (57 ms on 100,000 characters of accented prose)
    broad = re.compile(f"[{_ranges(emojis + padding + ''.join(last))}\n]{{4,}}")
    return {c: i for i, c in enumerate(emojis)}, padding, {p: i for i, p in enumerate(last)}, broad


def _ranges(chars: str, gap: int = 32) -> str:
    """A regex class body of ranges that cover ``chars``, merging those ``gap`` apart."""
    codes = sorted({ord(c) for c in chars})
    spans = [[codes[0], codes[0]]]
    for code in codes[1:]:
        if code - spans[-1][1] <= gap:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


def ecoji_decode(text: str) -> bytes | None:
    """Ecoji version 1: four emoji for five bytes, padding emoji for a short last group."""
    emojis, padding, last, _ = _ecoji_alphabet()
    chars = [c for c in text if c != "\n"]
    if len(chars) % 4:
        return None
    out = bytearray()
    for i in range(0, len(chars), 4):
        group = chars[i : i + 4]
        values = [emojis.get(c, 0) for c in group[:3]]
        fourth = group[3]
        values.append(last[fourth] << 8 if fourth in last else emojis.get(fourth, 0))
        if any(c not in emojis and c != padding for c in group[:3]):
            return None
        word = (values[0] << 30) | (values[1] << 20) | (values[2] << 10) | values[3]
        chunk = word.to_bytes(5, "big")
        keep = 5
        for place, char in enumerate(group[1:], 1):
            if char == padding:
                keep = place
                break
        if fourth in last:
            keep = min(keep, 4)
        out += chunk[:keep]
    return bytes(out)


def _ecoji_runs(text: str) -> Iterator[str]:
    """The runs of Ecoji's emoji in ``text`` (line breaks dropped), four or more."""
    emojis, padding, last, broad = _ecoji_alphabet()
    for match in _first_runs(text, broad):
        run: list[str] = []
        for char in match.group(0) + "\x00":
            if char in emojis or char == padding or char in last:
                run.append(char)
            elif char != "\n":
                if len(run) >= 4:
                    yield "".join(run)
                run = []


def _ecoji(text: str) -> str | None:
    """Runs of Ecoji emoji (groups of four, line breaks allowed between groups) that decode
    to text; a run of one group only when it ends with a padding emoji (a chat's four emoji
    in a row are not a message)."""
    if text.isascii():
        return None
    _, padding, last, _ = _ecoji_alphabet()
    found: list[str] = []
    for run in _ecoji_runs(text.replace("\ufe0f", "")):
        token = run[: len(run) - len(run) % 4]
        if len(token) == 4 and token[-1] != padding and token[-1] not in last:
            continue
        data = ecoji_decode(token)
        decoded = None if data is None else _text(data)
        if decoded is not None:
            found.append(decoded)
    return _joined(found)


# -- Base58 (Bitcoin's alphabet: no 0, O, I or l) -----------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_B58_CLASS = "1-9A-HJ-NP-Za-km-z"
# a token of 16 to 4,096 characters of the alphabet (longer: a big-number conversion's cost
# grows with the square of the length), upper and lower case both in it
_BASE58_RUN = re.compile(
    rf"(?<![A-Za-z0-9+/=])(?=[{_B58_CLASS}]*[A-Z])(?=[{_B58_CLASS}]*[a-z])"
    rf"[{_B58_CLASS}]{{16,4096}}(?![A-Za-z0-9+/=])"
)
_BASE58_HINT = re.compile(rf"[{_B58_CLASS}]{{16}}")


def b58_bytes(token: str) -> bytes:
    """The bytes of a Base58 token (every character in ``_B58``): leading 1s are zero bytes."""
    return _radix_bytes(token, _B58_INDEX, "1")


def _radix_bytes(token: str, index: dict[str, int], zero: str) -> bytes:
    """The bytes of ``token`` as one big number in the base of ``index`` (Base58, base62),
    leading ``zero`` digits as zero bytes; ten digits at a time (62**10 < 2**64), so the big
    number grows in few steps."""
    base = len(index)
    number = 0
    for i in range(0, len(token), 10):
        chunk = token[i : i + 10]
        value = 0
        for c in chunk:
            value = value * base + index[c]
        number = number * base ** len(chunk) + value
    zeros = len(token) - len(token.lstrip(zero))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


MIN_ASCII_BYTES = 16  # printable ASCII this long from noise: (95/256)**16, about 1e-7


def _readable(data: bytes) -> str | None:
    """``data`` as text when it is printable and half letters (``_printable``) and either
    reads as words or is ``MIN_ASCII_BYTES`` or more of printable ASCII (words outside the
    word list, "ignore missile missile (42)."): what noise almost never decodes to."""
    text: str | None = _n()._printable(data)
    if text is None:
        return None
    if _n()._wordy(text) or (len(data) >= MIN_ASCII_BYTES and data.isascii()):
        return text
    return None


def _base58_run(match: re.Match[str]) -> str | None:
    return _readable(b58_bytes(match.group(0)))


def _base58(text: str) -> str | None:
    """Base58 tokens (Bitcoin's alphabet) of 16 characters or more, mixed case, that decode to
    UTF-8 text that reads as words."""
    if not _BASE58_HINT.search(text):
        return None
    found: str | None = _n()._runs(text, _BASE58_RUN, _base58_run)
    return found


# -- DNA bases: two bits a base, four bases a byte -------------------------------------------------

_DNA_RUN = re.compile(r"(?<![A-Za-z])[ACGT]{4}(?:[ \t\n]?[ACGT]{4}){5,2000}(?![A-Za-z])")
_DNA_HINT = re.compile(r"[ACGT]{4}[ \t\n]?[ACGT]{4}[ \t\n]?[ACGT]{4}")
# which base is 00, 01, 10, 11: the 24 assignments, as translation tables to base-4 digits
_DNA_TABLES = tuple(str.maketrans("".join(p), "0123") for p in itertools.permutations("ACGT"))


def _dna_bytes(digits: str) -> bytes:
    return bytes(int(digits[i : i + 4], 4) for i in range(0, len(digits) - 3, 4))


def _text_bytes(data: bytes) -> bool:
    """Printable ASCII, tabs and line breaks, or the lead and continuation bytes of UTF-8."""
    return all(b in (9, 10, 13) or 32 <= b < 127 or b >= 128 for b in data)


def _dna_run(match: re.Match[str]) -> str | None:
    """The bytes of a run of bases read with each of the 24 assignments of two bits to a base,
    the first byte's high bits first: the reading with the most listed words, if it reads as
    words (a real sequence reads as none)."""
    bases = "".join(match.group(0).split())
    best: tuple[tuple[float, float], str] | None = None
    for table in _DNA_TABLES:
        # the first eight bytes first: a real sequence fails there for nearly every order
        if not _text_bytes(_dna_bytes(bases[:32].translate(table))):
            continue
        data = _dna_bytes(bases.translate(table))
        text = _readable(data)
        if text is not None:
            # reads as words first, then the share of letters and spaces: a wrong assignment
            # that is printable ASCII is mostly signs ("}v{zcu0y}bb}")
            head = text[: _n().SAMPLE_CHARS]
            plain = sum(c.isalpha() or c == " " for c in head) / len(head)
            score = (float(_n()._wordy(head)), plain)
            if best is None or score > best[0]:
                best = (score, text)
    return None if best is None else best[1]


def _dna(text: str) -> str | None:
    """Runs of 24 bases or more (A, C, G, T; upper case; a space or line break between groups
    of four allowed) that spell text that reads as words."""
    if not _DNA_HINT.search(text):
        return None
    found: str | None = _n()._runs(text, _DNA_RUN, _dna_run)
    return found


# -- ROT47: every printable ASCII character but the space moved 47 places along ``!``..``~`` -----

_PRINTABLE = bytes(range(33, 127))
_ROT47 = bytes.maketrans(_PRINTABLE, _PRINTABLE[47:] + _PRINTABLE[:47])  # its own inverse
# ROT47 writes small letters as ``2``-``9``, ``:;<=>?@`` and ``A``-``K`` (codes 50-75), "r"
# here; other letters "l", other signs "o", spaces as they are, "\n" too
_ROT47_BYTES = bytes(
    ord("r") if 50 <= b < 76
    else ord("l") if chr(b).isalpha()
    else b if b in (9, 10, 32)
    else ord("o")
    for b in range(256)
)  # fmt: skip
# a token that may be a word under ROT47: its small letters made "r"s, a capital or a sign
# ("x8?@C6[" for "Ignore,") between them or at either end; a word of prose is all "l"s
_ROT47_TOKEN = rb"[lo]{0,2}r(?:r|[lo](?=r))*[lo]{0,3}"
# a token without small letters: one character ("x" for "I") or a few with a sign ("WcaX]"
# for "(42).", "#~%cf" for "ROT47"); a word of prose ("Thanks") is none
_ROT47_BARE = rb"(?:[lo]|(?=l{0,5}o)[lo]{2,6})"
_ROT47_GAP = rb"[ \t]+"
# a run of such tokens, a bare token at either end, any short token between two ("vrs" for
# "GCD")
_ROT47_RUN = re.compile(
    rb"(?<![^ \t\n])(?:" + _ROT47_BARE + _ROT47_GAP + rb"(?=[lo]{0,2}r))?" + _ROT47_TOKEN
    + rb"(?:" + _ROT47_GAP + rb"(?:" + _ROT47_TOKEN + rb"|[lo]{1,6}(?=" + _ROT47_GAP
    + _ROT47_TOKEN + rb"))(?![^ \t\n]))*(?:" + _ROT47_GAP + _ROT47_BARE + rb")?(?![^ \t\n])"
)  # fmt: skip
MIN_ROT47 = 8  # small letters of a run: "3:45" is a time, "E96 =2DE" already two words
MIN_SYMBOLS = 5  # distinct characters of a run, the space among them: four letters or more


_DIGITS_2_9 = b"23456789"


def _digits(data: bytes, start: int, end: int) -> int:
    """How many of ``data[start:end]`` are the digits 2-9 (what ROT47 makes of a to h)."""
    part = data[start:end]
    return len(part) - len(part.translate(None, _DIGITS_2_9))


_TRIPLE = re.compile(rb"(\S)\1\1")


def _rot47_reads(decoded: str, run: bytes) -> bool:
    """Half the words of ``decoded`` listed, two of three letters or more; or prose in a
    language written in Latin letters (``_wordy``), unless a sign stands three times in a
    row in ``run``: a table's rule of "=" decodes to "lllll", which that test takes."""
    share, known = _n()._word_share(decoded[: _n().SAMPLE_CHARS])
    if share >= 0.5 and known >= 2:
        return True
    return _TRIPLE.search(run) is None and bool(_n()._wordy(decoded))


def _rot47(text: str) -> str | None:
    """Runs of words whose small letters ROT47 made digits and signs (``E96`` for "the"), a
    line or part of one, decoded where they read as words; the rest of the text (an English
    wrapper) as written. Prose, code, hashes and base64 have no such run, or it reads as
    nothing: the bytes' classes are found in C and matched as bytes, once."""
    data = text[: _n().MAX_DECODED_CHARS].encode("utf-8", "surrogatepass")
    marks = data.translate(_ROT47_BYTES)
    if b"rr rr" not in marks:
        return None  # two words under ROT47 side by side; "3:45 pm" in prose is not
    out: list[bytes] = []
    last = 0
    for match in itertools.islice(_ROT47_RUN.finditer(marks), MAX_RUNS):
        start, end = match.span()
        letters = marks.count(b"r", start, end)
        if letters < MIN_ROT47 or _digits(data, start, end) > 0.75 * letters:
            continue  # digits alone: figures, multi-tap; English under ROT47 is half signs
        if len(set(data[start:end])) < MIN_SYMBOLS:
            continue  # a few symbols repeated: Bacon's A and B, a rule, a pattern
        decoded = data[start:end].translate(_ROT47).decode("utf-8", "replace")
        if _rot47_reads(decoded, data[start:end]):
            out += [data[last:start], decoded.encode("utf-8")]
            last = end
    if not out:
        return None
    out.append(data[last:])
    return b"".join(out).decode("utf-8", "replace")


# -- Base45 (RFC 9285: two bytes as three characters, c + 45 d + 2025 e, least first) ----------

_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}
_B45_SIGNS = "$%*+-./:"
# a run of the alphabet, 15 characters or more with a capital (a date or a figure is none)
# within its first 64: unbounded, the look for a capital was tried again after each space of
# a long run without one (a space is of the alphabet), to the run's end each time: quadratic
# (a PEM header then 16,000 spaces took 0.9 s in the output guard)
B45_CAPITAL_WITHIN = 64
_BASE45_RUN = re.compile(
    rf"(?<![0-9A-Za-z$%*+\-./:])(?=[0-9 $%*+\-./:]{{0,{B45_CAPITAL_WITHIN}}}[A-Z])"
    r"[0-9A-Z $%*+\-./:]{15,}"
)
_B45_BYTES = bytes(ord("b") if chr(b) in _B45 and b != 32 else ord(" ") for b in range(256))
MAX_B45_STARTS = 4  # places a payload may start in a run (after "BASE45: ", a capital word)


def base45_decode(token: str) -> bytes | None:
    """RFC 9285's decoding: None where the length leaves one character over, a character is
    not in the alphabet or a group's value exceeds its bytes (65535, or 255 for a pair)."""
    if len(token) % 3 == 1:
        return None
    out = bytearray()
    for i in range(0, len(token), 3):
        chunk = token[i : i + 3]
        if any(c not in _B45_INDEX for c in chunk):
            return None
        n = sum(_B45_INDEX[c] * 45**k for k, c in enumerate(chunk))
        if n > (0xFFFF if len(chunk) == 3 else 0xFF):
            return None
        out += n.to_bytes(len(chunk) - 1, "big")
    return bytes(out)


def _base45_starts(run: str) -> Iterator[str]:
    """The run from its start (a space is a digit of Base45: 36), and from after each of its
    first spaces (a wrapper's capital words or ``BASE45:`` may lead it), ending where it
    ends or before a last full stop."""
    starts = [0] + [m.end() for m in itertools.islice(re.finditer(" +", run), MAX_B45_STARTS)]
    for start in starts:
        body = run[start:].rstrip(" ")
        yield body
        if body.endswith("."):
            yield body[:-1].rstrip(" ")


_ASCII_TEXT = bytes(range(32, 127)) + b"\t\n\r"


def _ascii_text(data: bytes) -> str | None:
    """``data`` as text when it is ``MIN_ASCII_BYTES`` or more of printable ASCII, letters or
    not ("Order 1234 5678", leetspeak): what a strict decoding of noise almost never gives
    (a run of capitals is valid Base45 one time in three, printable too one in 10**7)."""
    if len(data) < MIN_ASCII_BYTES or data.translate(None, _ASCII_TEXT):
        return None
    return data.decode("ascii")


def _whole_chars(data: bytes) -> bytes:
    """``data`` without the UTF-8 character its end may cut."""
    end = len(data)
    while end > 0 and end > len(data) - 4 and 0x80 <= data[end - 1] < 0xC0:
        end -= 1
    if end > 0 and data[end - 1] >= 0xC0:
        end -= 1
    return data[:end]


B45_PROBE = 300  # characters of a token decoded first: most tokens that are no Base45 fail there


def _base45_token(token: str) -> str | None:
    if len(token) > B45_PROBE:
        probe = base45_decode(token[:B45_PROBE])
        if probe is None or (_readable(_whole_chars(probe)) or _ascii_text(probe)) is None:
            return None
    data = base45_decode(token)
    return None if data is None else _readable(data) or _ascii_text(data)


def _base45_run(match: re.Match[str]) -> str | None:
    for token in _base45_starts(match.group(0)):
        decoded = _base45_token(token)
        if decoded is not None:
            return decoded
    return None


# two lines or more wholly of the alphabet, the first 15 characters or more: a payload broken
# into lines (a line alone may end inside a group of three)
_BASE45_BLOCK = re.compile(
    r"^(?=[0-9A-Z $%*+\-./:]*[A-Z])[0-9A-Z $%*+\-./:]{15,}(?:\r?\n[0-9A-Z $%*+\-./:]+)+$",
    re.MULTILINE,
)


def _base45_block(match: re.Match[str]) -> str | None:
    return _base45_token(match.group(0).replace("\r", "").replace("\n", ""))


def _base45(text: str) -> str | None:
    """Runs of the Base45 alphabet (digits, capitals, space and ``$%*+-./:``), 15 characters
    or more with a capital, that RFC 9285 decodes to text that reads as words (or to
    ``MIN_ASCII_BYTES`` of printable ASCII: noise decodes to neither); and lines wholly of
    the alphabet joined, a payload broken into lines.
    Read as written: normal form joins the two spaces Base45 may write side by side."""
    head = text[: _n().MAX_DECODED_CHARS]
    gapless = b"bbbbbbbbbbbb" in head.encode("utf-8", "replace").translate(_B45_BYTES)
    # a payload in lines may have a space (a digit: 36) every few characters
    lines = "\n" in head and _BASE45_BLOCK.search(head) is not None
    if not (gapless or lines):
        return None  # twelve such characters without a space: prose has none, payloads do
    blocks = _n()._runs(head, _BASE45_BLOCK, _base45_block) if lines else None
    runs = _n()._runs(head, _BASE45_RUN, _base45_run)
    return _joined([f for f in (blocks, runs) if f is not None])


# -- hex of text in another byte code: EBCDIC, or every byte XORed with one key --------------------

# the bytes' classes of hex: digits "h", separators " ", the "x" of ``0x``/``\x``
_HEX_BYTES = bytes(
    ord("h") if chr(b) in "0123456789abcdefABCDEF"
    else ord(" ") if chr(b) in " \t\n:,-"
    else ord("x") if chr(b) in "xX\\"
    else ord(".")
    for b in range(256)
)  # fmt: skip
_HEX_MARKS = (b"hhhhhhhhhhhh", b"hh hh hh hh hh hh", b"xhh")


def _hex_spans(text: str, hints: tuple[bytes, ...] = _HEX_MARKS) -> list[bytes]:
    """The bytes of the first ``MAX_RUNS`` hex spans (``_normalize``'s: six bytes or more,
    ``0x``, ``\\x``, spaces, colons, commas or dashes between them); none without a cheap
    hint (twelve hex digits in a row, six pairs apart, or ``0x``/``\\x`` escapes)."""
    head = text[: _n().MAX_DECODED_CHARS]
    marks = head.encode("utf-8", "replace").translate(_HEX_BYTES)
    if not any(mark in marks for mark in hints):
        return []
    out: list[bytes] = []
    for match in _first_runs(head, _n()._HEX):
        span = match.group(0)
        # its lines apart too: a span may take in a number that ends the line above ("key =
        # 90" over the hex)
        lines = span.split("\n") if "\n" in span.strip() else []
        for part in [span, *lines[:MAX_LINES]]:
            digits = _NOT_HEX.sub("", part)
            if len(digits) % 2 == 0 and len(digits) >= 12:
                out.append(bytes.fromhex(digits))
    return out[:MAX_RUNS]


_NOT_HEX = re.compile(r"0x|\\x|[\s:,-]")
MAX_LINES = 8  # lines of a span read apart


_EBCDIC = ("cp037", "cp500", "cp1140")  # US, international, US with the euro: letters agree
_EBCDIC_LETTERS = bytes(range(0x81, 0x8A)) + bytes(range(0x91, 0x9A)) + bytes(range(0xA2, 0xAA))


def _ebcdic_text(data: bytes) -> str | None:
    """``data`` read in an EBCDIC code page, when that is text that reads as words: a third
    of the bytes small letters there (0x81-0xA9, where UTF-8 has continuation bytes: no
    span the ``hex`` reading reads)."""
    if len(data) - len(data.translate(None, _EBCDIC_LETTERS)) < len(data) / 3:
        return None
    for codec in _EBCDIC:
        decoded = _readable(data.decode(codec).encode("utf-8"))
        if decoded is not None:
            return decoded
    return None


def _ebcdic(text: str) -> str | None:
    """Hex spans (as the ``hex`` reading finds them) that are no text in UTF-8 but text that
    reads as words in EBCDIC (IBM code pages 037, 500 and 1140)."""
    found = [t for t in map(_ebcdic_text, _hex_spans(text)) if t is not None]
    return _joined(found)


# a key the text states: "XOR key 0x5A", "XORed with 0x5a", "key: 90", "key = 'Z'"
_XOR_KEY = re.compile(
    r"\b(?:xor(?:ed)?|key)\b(?:\s+(?:key|byte|with|by|of|is|=|:)){0,3}\s*[:=]?\s*"
    r"(?:0x([0-9a-f]{1,2})\b|(\d{1,3})\b|[\"'](.)[\"'])",
    re.IGNORECASE,
)
MAX_XOR_SAMPLE = 256  # bytes the key is chosen on


def _xor_weights() -> np.ndarray:
    """Per byte value, a score of how English a byte of plain text it is: the letters' log
    frequencies, a space best, digits and signs a little worse than rare letters, control
    bytes and bytes beyond ASCII far worse."""
    weights = np.full(256, -12.0)
    freq = _n()._LOG_FREQ
    weights[ord(" ")] = -1.8
    for i in range(26):
        weights[97 + i] = freq[i]
        weights[65 + i] = freq[i] - 1.5  # capitals: rarer than small letters
    for c in "0123456789.,;:!?'\"()-\n":
        weights[ord(c)] = -6.0
    for b in range(32, 127):
        weights[b] = max(weights[b], -8.0)
    return weights


@functools.cache
def _xor_table() -> np.ndarray:
    """Row k: the score of each byte value b once XORed with k (``_xor_weights`` of b ^ k)."""
    weights = _xor_weights()
    values = np.arange(256)
    table: np.ndarray = weights[values[:, None] ^ values[None, :]]
    return table


def _stated_keys(text: str) -> list[int]:
    """The XOR keys the text states (``MAX_KEYS_XOR`` at most), read once per text."""
    head = text[: _n().MAX_DECODED_CHARS]
    low = head.lower()
    if "xor" not in low and "key" not in low:
        return []
    stated = []
    for match in itertools.islice(_XOR_KEY.finditer(head), MAX_RUNS):
        hexa, number, char = match.groups()
        key = int(hexa, 16) if hexa else int(number) if number else ord(char)
        if 0 < key < 256:
            stated.append(key)
    return list(dict.fromkeys(stated))[:MAX_KEYS_XOR]


def _best_key(data: bytes) -> int:
    """The key whose plain bytes score as the most English, chosen on the first
    ``MAX_XOR_SAMPLE`` bytes: one product of a matrix and a vector of byte counts."""
    counts = np.bincount(np.frombuffer(data[:MAX_XOR_SAMPLE], dtype=np.uint8), minlength=256)
    return int(np.argmax(_xor_table() @ counts))


MAX_KEYS_XOR = 4
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _lettered(data: bytes) -> bool:
    """A quarter of the bytes but spaces letters: leetspeak is ("|gn0r3 @ll"), the signs a
    stated key makes of bits or digits that were no XOR ("! 0 !0!!!01") are not."""
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return letters >= 0.25 * (len(data) - data.count(b" "))


def _xor_text(data: bytes, stated: list[int]) -> str | None:
    """``data`` XORed with the first key that makes it text that reads as words (three words
    or more), or (a key the text states) printable ASCII a quarter letters (``_ascii_text``,
    ``_lettered``: leetspeak is half signs)."""
    best = _best_key(data)
    # the span as it is (key 0) may read as words too: the ``hex`` reading's, unless a key
    # reads it as well, with likelier letters (a key below 0x20 keeps letters letters:
    # "uid!uid" for "the the"; a stated key, or the best, scores above key 0)
    as_is = _n()._printable(data)
    # as is without spaces it is no sentence (key 1 turns "the translate" into "uid!us`orm":
    # its short words "uid", "us" outscored the plain text's, hypothesis found it)
    plain_as_is = as_is is not None and as_is.count(" ") >= 2
    floor = _n()._word_share(as_is[: _n().SAMPLE_CHARS])[0] if plain_as_is and as_is else -1.0
    for key in [*stated, best]:
        if key == 0:
            continue
        plain = data.translate(bytes(b ^ key for b in range(256)))
        decoded: str | None = _n()._printable(plain)
        # words apart by spaces, not a word or two: the best of 255 keys makes a short span
        # of digit pairs (Polybius) "iNI9?Hon", two listed words
        if (
            decoded is not None
            and decoded.count(" ") >= 2
            and _wordy_or_long(decoded)
            and _n()._word_share(decoded[: _n().SAMPLE_CHARS])[0] >= floor
        ):
            return decoded
        if key in stated and _ascii_text(plain) is not None and _lettered(plain):
            return plain.decode("ascii")
    return None


def _xor(text: str) -> str | None:
    """Hex spans that are no text in UTF-8 but whose bytes, each XORed with one key byte
    (one the text states, else the one that makes the likeliest English letters), are text
    that reads as words: a hash, an identifier or a colour XORed with any key does not."""
    spans = _hex_spans(text)
    if not spans:
        return None
    stated = _stated_keys(text)
    found = [t for t in (_xor_text(data, stated) for data in spans) if t is not None]
    return _joined(found)


# -- ITA2 (Baudot-Murray): five bits a character, letters and figures shifts ----------------------

# by code, the letters shift and the figures shift (ITA2; the figures of a US teletype where
# ITA2 leaves a place for national use); "" for null, the shifts and WRU, which write nothing
_ITA2_LETTERS = ["", "e", "\n", "a", " ", "s", "i", "u", "\n", "d", "r", "j", "n", "f", "c",
                 "k", "t", "z", "l", "w", "h", "y", "p", "q", "o", "b", "g", "", "m", "x",
                 "v", ""]  # fmt: skip
_ITA2_FIGURES = ["", "3", "\n", "-", " ", "'", "8", "7", "\n", "$", "4", "'", ",", "!", ":",
                 "(", "5", "+", ")", "2", "#", "6", "0", "1", "9", "?", "&", "", ".", "/",
                 "=", ""]  # fmt: skip
_FIGS, _LTRS = 27, 31
# groups of five bits apart by spaces, commas, slashes or line breaks: eight or more
_ITA2_RUN = re.compile(r"(?<![01\w])[01]{5}(?:(?:[ \t,;/|]+|\n)[01]{5}){7,}(?![\w])")
_ITA2_CODES = re.compile(r"(?<![\d.])(?:[12]?\d|3[01])(?:[ \t,;]+(?:[12]?\d|3[01])){7,}(?![\d.])")
_ITA2_JOINED = re.compile(r"(?<![01])(?:[01]{5}){8,}(?![01])")
_FIVE_BITS = re.compile(r"[01]{5}")
# Baudot, ITA2, a teletype, teleprinter or telex: four substring tests (eight cost 20 us)
_ITA2_NAMES = ("baudot", "ita2", "ita 2", "tele")
# bits "b", the gaps between groups " "
_BITS_BYTES = bytes(
    ord("b") if chr(b) in "01" else ord(" ") if chr(b) in " \t\n,;/|" else ord(".")
    for b in range(256)
)  # fmt: skip
_NUMBER = re.compile(r"\d+")
MAX_ITA2 = 4000  # codes read per run: its words are judged on its start
_REVERSED5 = [int(f"{v:05b}"[::-1], 2) for v in range(32)]  # the other bit order on tape


def _ita2_read(codes: list[int]) -> str:
    out: list[str] = []
    table = _ITA2_LETTERS
    for code in codes:
        if code == _FIGS:
            table = _ITA2_FIGURES
        elif code == _LTRS:
            table = _ITA2_LETTERS
        else:
            out.append(table[code])
    return "".join(out)


_ITA2_SIGNS = re.compile(r"[^a-z ]")  # figures and line breaks: dropped, the spaces kept


def _ita2_codes(codes: list[int]) -> str | None:
    """``codes`` read in ITA2, bits as written or reversed (tapes are written either way),
    whichever reads as more listed words, then as commoner ones (reversed, "the" is "est"),
    if it reads as words (its figures aside: "ignore missile (42)." is no prose by
    ``_latin_prose``'s count of signs, its words are)."""
    if len(set(codes)) < 4:
        return None  # a few codes repeated: a rule of bits, not letters ("the the": four)
    best: tuple[tuple[float, float], str] | None = None
    for order in (codes, [_REVERSED5[c] for c in codes]):
        decoded = _ita2_read(order[: _n().MAX_DECODED_CHARS]).strip()
        head = decoded[: _n().SAMPLE_CHARS]
        letters = _ITA2_SIGNS.sub("", head)
        if _n()._wordy(decoded) or (
            _few_figures(head) and (_n()._wordy(letters) or _n()._ciphers.english_pairs(letters))
        ):
            score = (_n()._word_share(head)[0], -_mean_cost(head))
            if best is None or score > best[0]:
                best = (score, decoded)
    return None if best is None else best[1]


def _few_figures(text: str) -> bool:
    """Three characters in four letters, spaces aside: random codes shift to figures half
    the time, and their letters without the figures pass for prose."""
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.75 * (len(text) - text.count(" "))


def _mean_cost(text: str) -> float:
    """The mean cost (log rank) of the words of ``text``, 25 for a word not listed."""
    costs = _n()._word_costs()
    words = _ITA2_WORD.findall(text)
    return sum(costs.get(w, 25.0) for w in words) / len(words) if words else 25.0


_ITA2_WORD = re.compile(r"[a-z]+")


def _ita2(text: str) -> str | None:
    """ITA2 (Baudot) codes: runs of eight groups of five bits or more, or, where the text
    names Baudot, ITA2 or a teletype, five-bit groups written without gaps or codes as
    numbers 0-31; decoded with the letters and figures shifts where they read as words.
    Hints in C: a group of five bits between gaps, a name as a substring (a regex scan of
    prose cost 0.2 ms on 2,000 characters)."""
    head = text[: _n().MAX_DECODED_CHARS]
    found: list[str | None] = []
    if b" bbbbb " in head.encode("utf-8", "replace").translate(_BITS_BYTES):
        found.append(_n()._runs(head, _ITA2_RUN, _ita2_groups))
    low = head[: _n().SAMPLE_CHARS].lower()
    if any(name in low for name in _ITA2_NAMES):
        found.append(_n()._runs(head, _ITA2_JOINED, _ita2_joined))
        found.append(_n()._runs(head, _ITA2_CODES, _ita2_numbers))
    return _joined([f for f in found if f is not None])


def _ita2_groups(match: re.Match[str]) -> str | None:
    return _ita2_codes([int(g, 2) for g in _FIVE_BITS.findall(match.group(0), 0, MAX_ITA2 * 8)])


def _ita2_numbers(match: re.Match[str]) -> str | None:
    return _ita2_codes([int(d) for d in _NUMBER.findall(match.group(0), 0, MAX_ITA2 * 4)])


def _ita2_joined(match: re.Match[str]) -> str | None:
    bits = match.group(0)[: 5 * MAX_ITA2]
    return _ita2_codes([int(bits[i : i + 5], 2) for i in range(0, len(bits), 5)])


# -- Bubble Babble (Antti Huima; OpenSSH's fingerprints): two bytes as five letters, checksummed

_BB_VOWELS = "aeiouy"
_BB_CONSONANTS = "bcdfghklmnprstvzx"  # x, the 17th, only in the last tuple and the ends
_BB_V = "[aeiouyAEIOUY]"
_BB_C = "[bcdfghklmnprstvzBCDFGHKLMNPRSTVZ]"
# "x", full tuples ("ipek-"), then the last ("ixa" without a checksum byte, or "iky" with one
# byte), then "x": two full tuples at least (four bytes), so a word such as "xerox" is none
_BUBBLE_RUN = re.compile(
    rf"(?<![A-Za-z0-9-])[xX](?:{_BB_V}{_BB_C}{_BB_V}{_BB_C}-{_BB_C}){{2,}}"
    rf"{_BB_V}[bcdfghklmnprstvzxBCDFGHKLMNPRSTVZX]{_BB_V}[xX](?![A-Za-z0-9-])"
)
_BUBBLE_BYTES = bytes(ord("-") if b == ord("-") else ord(" ") for b in range(256))


def bubble_babble_decode(token: str) -> tuple[bytes, bool]:
    """The bytes of a Bubble Babble token that ``_BUBBLE_RUN`` matched, and whether its
    checksum holds (each byte's vowels, offset by a running seed, must give two bits: 0-3;
    an even-length input's last tuple spells the seed itself). A wrong checksum still
    decodes (each vowel's value mod 4): it guards a fingerprint against a typo, not a
    prompt against an attacker, who may write the letters by hand; what the bytes say is
    judged as text either way."""
    body = token.lower()[1:-1]
    out, seed, sound = bytearray(), 1, True
    for i in range(0, len(body), 6):
        a, b, c = (_BB_VOWELS.index(body[i]), _BB_CONSONANTS.index(body[i + 1]),
                   _BB_VOWELS.index(body[i + 2]))  # fmt: skip
        if b == 16:  # "x": no byte, the vowels spell the seed
            sound = sound and (a, c) == (seed % 6, seed // 6)
            break
        high, low = (a - seed) % 6, (c - seed // 6) % 6
        sound = sound and high < 4 and low < 4
        first = (high & 3) << 6 | b << 2 | (low & 3)
        out.append(first)
        if i + 3 >= len(body):
            break  # an odd-length input's last byte
        second = _BB_CONSONANTS.index(body[i + 3]) << 4 | _BB_CONSONANTS.index(body[i + 5])
        out.append(second)
        seed = (seed * 5 + first * 7 + second) % 36
    return bytes(out), sound


def _bubble_run(match: re.Match[str]) -> str | None:
    data, _ = bubble_babble_decode(match.group(0))
    return _bytes_text(data, _UNREAD, [MAX_BZ2])


def _bubble_babble(text: str) -> str | None:
    """Bubble Babble tokens decoded, where their bytes read as text."""
    head = text[: _n().MAX_DECODED_CHARS]
    if b"-     -" not in head.encode("utf-8", "replace").translate(_BUBBLE_BYTES):
        return None  # no two hyphens five characters apart: found in C
    found = [d for m in _first_runs(head, _BUBBLE_RUN) if (d := _bubble_run(m)) is not None]
    return _joined(found)


# -- Intel HEX and Motorola S-records: addressed lines of hex bytes, each with a checksum --------

# a record a line: Intel's ``:LLAAAATT<data>CC``, Motorola's ``S1``-``S3`` (``S`` type, count,
# address, data, checksum); the length the record states is checked in ``_record``
_RECORD = re.compile(
    r"^(:|S[0-9])((?:[0-9A-F]{2}){4,260}|(?:[0-9a-f]{2}){4,260})\r?$", re.MULTILINE
)
_S_ADDRESS = {"1": 2, "2": 3, "3": 4}  # S-record data types: bytes of their address
MAX_RECORDS = 2_000  # lines read per text: 20,000 characters of records at most
MIN_RECORDS = 2  # data records of a dump, unless every checksum holds: a line alone could be
# any hex after a colon


def _record(kind: str, digits: str) -> tuple[int, bytes, bool] | None:
    """The address and data of a data record (Intel type 00, Motorola S1-S3), and whether
    its checksum holds (Intel's bytes sum to 0 mod 256, Motorola's to 255); None for other
    records and for a line whose length is not the one it states (no record at all). A wrong
    checksum does not refuse the record: a dump written by hand or by a careless tool gets it
    wrong and still states its bytes, and the text test judges those (as Bubble Babble's)."""
    rec = bytes.fromhex(digits)
    if kind == ":":
        if len(rec) != rec[0] + 5 or rec[3] != 0:
            return None
        return int.from_bytes(rec[1:3], "big"), rec[4:-1], sum(rec) & 0xFF == 0
    width = _S_ADDRESS.get(kind[1])
    if width is None or len(rec) != rec[0] + 1 or rec[0] < width + 1:
        return None
    return int.from_bytes(rec[1 : 1 + width], "big"), rec[1 + width : -1], sum(rec) & 0xFF == 0xFF


def _hex_records(text: str) -> str | None:
    """Intel HEX or Motorola S-record data records (two or more, or one whose checksum holds),
    their bytes put in address order and read as text (``_bytes_text``: inflated, any
    character set). Extended address records (Intel 02 and 04) are ignored: a text fits in
    64 kB."""
    head = text[: _n().MAX_DECODED_CHARS]
    if not head.startswith((":", "S")) and "\n:" not in head and "\nS" not in head:
        return None  # no line that starts ``:`` or ``S``: found in C (a regex cost 0.015 ms)
    matches = itertools.islice(_RECORD.finditer(head), MAX_RECORDS)
    records = [r for m in matches if (r := _record(m.group(1), m.group(2))) is not None]
    good = sum(sound for _, _, sound in records)
    if not records or (len(records) < MIN_RECORDS and good < len(records)):
        return None
    data = b"".join(chunk for _, chunk, _ in sorted(records, key=lambda r: r[0]))
    decoded = _bytes_text(data, _UNREAD, [MAX_BZ2])
    return decoded if decoded is not None and len(decoded.strip()) >= MIN_READING else None


# -- one big number: a run of base-36 (or base-32) digits read as an integer, its bytes text -----

MAX_NUMBER_DIGITS = 3_000  # Python reads a base-36 number in quadratic time: 0.08 ms here
MIN_NUMBER_DIGITS = 20  # 12 bytes or more: a shorter id says little
# one case, a digit and a letter both (a word has no digit, a figure no letter); base62's
# number (both cases) is ``_byte_blobs``'s
_NUMBER_RUNS = tuple(
    re.compile(
        rf"(?<![A-Za-z0-9+/=_-])[0-9{c}]{{{MIN_NUMBER_DIGITS},{MAX_NUMBER_DIGITS}}}"
        r"(?![A-Za-z0-9+/=_-])"
    )
    for c in ("a-z", "A-Z")
)
_NUMBER_BYTES = tuple(
    bytes(ord("d") if chr(b) in digits else 32 for b in range(256))
    for digits in ("0123456789abcdefghijklmnopqrstuvwxyz", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
)
MAX_NUMBERS = 16  # runs read as numbers per text: 200 ids of 25 digits cost 5 ms
PROBE_BYTES = 24
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_BASE32_DIGITS = frozenset("0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUV")
_RADIX_HINTS = ("radix", "base", "number", "integer")


def _number_text(digits: str, base: int) -> str | None:
    number = int(digits, base)
    data = number.to_bytes((number.bit_length() + 7) // 8, "big")
    if not _may_be_text(data[:PROBE_BYTES]):
        return None  # noise fails in its first bytes (the text test costs 0.01 ms a run)
    decoded = _bytes_text(data, _UNREAD, [MAX_BZ2])
    return decoded if decoded is not None and len(decoded.strip()) >= MIN_READING else None


def _radix_number(text: str) -> str | None:
    """Runs of ``MIN_NUMBER_DIGITS`` or more base-36 digits in one case, a digit and a letter
    among them, read as one big-endian number (and as base 32, 0-9 and a-v, where every digit
    is one and they do not fill whole bytes), kept where its bytes read as text
    (``_bytes_text``). A run of hex digits is hex's reader's unless the text names a radix or
    a number."""
    head = text[: _n().MAX_DECODED_CHARS]
    data = head.encode("utf-8", "replace")
    digits = b"d" * MIN_NUMBER_DIGITS
    cases = [i for i, table in enumerate(_NUMBER_BYTES) if digits in data.translate(table)]
    if not cases:
        return None  # no 20 digits of one case in a row: prose, found in C
    low = head.lower()
    named = any(word in low for word in _RADIX_HINTS)
    found: list[str] = []
    read = 0
    for case in cases:
        for match in _first_runs(head, _NUMBER_RUNS[case]):
            run = match.group(0)
            if run.isdigit() or run.isalpha() or (not named and _HEX_DIGITS.issuperset(run)):
                continue  # (the digit and the letter tested here: lookaheads cost 0.01 ms)
            # a base-32 number whose digits fill whole bytes is base32hex: ``_byte_blobs``'s
            base32 = len(run) % 8 and _BASE32_DIGITS.issuperset(run)
            bases = (36, 32) if base32 else (36,)
            found += [d for base in bases if (d := _number_text(run, base)) is not None]
            read += 1
            if read >= MAX_NUMBERS:
                return _joined(found)
    return _joined(found)


# -- byte blobs: any text-to-bytes alphabet, then the bytes' character set or compression ----

MAX_INFLATED = 20_000  # bytes a compressed payload gives at most (``MAX_DECODED_CHARS``): a
# bomb's first 20,000 bytes cost 0.05 ms, its other ten megabytes nothing
MAX_NESTING = 2  # compressed payloads inside compressed payloads, at most
MAX_BZ2 = 1  # bzip2 streams per text: bzip2 undoes a whole block (up to 900 kB) before it
# gives a byte, 5 ms for a block that a 12 kB stream spells
_LZMA_MEMORY = 1 << 26  # a larger dictionary than preset 9's (64 MiB) is refused
MIN_READING = 12  # characters a reading keeps: eight random bytes may spell a listed word
MIN_BLOB = 16  # characters of a blob without a space: prose has no such word, payloads do
_UTF8, _EBCDIC_CODE = "utf-8", "ebcdic"
# the alphabets the older readers decode as UTF-8 (``base64``, ``hex``, ``base32``,
# ``ascii85``, ``base58``; ``ebcdic`` for hex): their text readings are theirs
_READ_AS_UTF8 = frozenset({_UTF8})
_READ_HEX = frozenset({_UTF8, _EBCDIC_CODE})
_UNREAD: frozenset[str] = frozenset()


def _compression(data: bytes) -> str | None:
    """The compressed format ``data``'s header names: "zlib" (zlib or gzip), "bz2", "lzma"
    (xz or LZMA alone); None for other data."""
    if data[:2] == b"\x1f\x8b" or (
        len(data) > 2 and data[0] & 0x8F == 0x08 and int.from_bytes(data[:2], "big") % 31 == 0
    ):
        return "zlib"
    if data[:3] == b"BZh":
        return "bz2"
    if data[:6] == b"\xfd7zXZ\x00" or data[:3] == b"\x5d\x00\x00":
        return "lzma"
    return None


def _inflated(data: bytes, budget: list[int]) -> bytes | None:
    """The first ``MAX_INFLATED`` bytes of a zlib, gzip, bzip2, xz or LZMA stream, as far as
    it decodes; None for other data. Each decompressor stops at ``max_length``: a bomb costs
    what its first bytes cost (bzip2 a block: ``budget`` holds the streams still allowed)."""
    kind = _compression(data)
    decompress: Callable[[bytes, int], bytes]
    if kind == "zlib":
        decompress = zlib.decompressobj(wbits=47).decompress  # zlib or gzip, by the header
    elif kind == "bz2" and budget[0] > 0:
        decompress = bz2.BZ2Decompressor().decompress
    elif kind == "lzma":
        decompress = lzma.LZMADecompressor(memlimit=_LZMA_MEMORY).decompress
    else:
        return None
    try:
        out = decompress(data, MAX_INFLATED)
    except (zlib.error, OSError, EOFError, ValueError, lzma.LZMAError):
        out = b""
        budget[0] -= kind == "bz2"  # a block undone, then refused (its checksum)
    # a bzip2 block undone costs (a cut stream, nothing: the block is not whole)
    budget[0] -= kind == "bz2" and bool(out)
    return out or None


# where the zero bytes of text in Latin letters stand, by position modulo 4: (always zero,
# never zero); UTF-32 before UTF-16, whose test its zeros also pass in part
_WIDE = (
    ("utf-32-le", (1, 2, 3), (0,)),
    ("utf-32-be", (0, 1, 2), (3,)),
    ("utf-16-le", (1, 3), (0, 2)),
    ("utf-16-be", (0, 2), (1, 3)),
)


def _wide_codec(data: bytes) -> str | None:
    """UTF-32 or UTF-16, little or big end first, by a byte order mark or where the zero
    bytes stand: text in Latin letters has a zero in every other byte of UTF-16 (three in four
    of UTF-32), the same one of each unit. None without that pattern: UTF-8, a code of one
    byte a character, noise (a zero one byte in 256)."""
    if data[:4] in (b"\xff\xfe\0\0", b"\0\0\xfe\xff"):
        return "utf-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if len(data) < 8 or data.count(0) < len(data) / 4:
        return None
    zeros = [data[i::4].count(0) for i in range(4)]
    quarter = len(data) / 4
    for codec, zero, other in _WIDE:
        if min(zeros[i] for i in zero) >= 0.5 * quarter and max(zeros[i] for i in other) <= 1:
            return codec
    return None


def _wide_text(data: bytes) -> str | None:
    codec = _wide_codec(data)
    if codec is None:
        return None
    width = 4 if codec.startswith("utf-32") else 2
    try:
        text = data[: len(data) - len(data) % width].decode(codec)
    except UnicodeDecodeError:
        return None
    return _readable(text.encode("utf-8"))


_TYPOGRAPHIC = frozenset("‘’“”«»–—…€£°")  # Windows-1252's signs that text beyond ASCII uses
_OPENING, _CLOSING = frozenset("‘“«"), frozenset("’”»")
_HIGH_OR_TEXT = _ASCII_TEXT + bytes(range(128, 256))
_BEYOND_ASCII = re.compile(r"(.?)([^\x00-\x7f])(?=(.?))", re.DOTALL)
_BEFORE_WORD = frozenset(" \n\t'\"(-")
_AFTER_WORD = frozenset(" \n\t.,;:!?'\")-")


def _in_a_word(match: re.Match[str]) -> bool:
    """A letter beyond ASCII inside a word or at its end ("Café.", "École"), or a typographic
    sign where text puts it: an opening quote before a word, a closing one after it (an
    apostrophe inside it: "l’eau"), a dash or a currency between words or figures. A spoilt
    byte stands among signs or letters ("Atƒ*Ltant", "-—c", "summ‘ry")."""
    before, char, after = match.groups()
    if char.isalpha():
        return (not before or before.isalpha() or before in _BEFORE_WORD) and (
            not after or after.isalpha() or after in _AFTER_WORD
        )
    if char not in _TYPOGRAPHIC:
        return False
    spaced_before = not before or before.isspace()
    ends_after = not after or after.isspace() or after in ".,;:!?"
    if char in _OPENING:
        return (spaced_before or before == "(") and (after.isalnum() or after.isspace())
    if char in _CLOSING:
        word_before = before.isalnum() or before in ".,!?" or spaced_before
        return word_before and (ends_after or (char == "’" and after.isalpha()))
    return (before.isalnum() or spaced_before) and (after.isalnum() or ends_after)


def _single_byte_text(data: bytes) -> str | None:
    """Bytes beyond ASCII that are no UTF-8, read in Windows-1252, when every character beyond
    ASCII is a letter or a typographic sign where text puts them (``_in_a_word``) and the
    whole reads as words: "Café" in Latin-1. A blob with a few bytes spoilt (a reading that
    changed a character of base64: leetspeak) gives signs ("PW®ED", "summ‘ry"), letters
    among signs ("Atƒ*Ltant") or C1 controls."""
    if data.isascii() or len(data) < MIN_ASCII_BYTES or data.translate(None, _HIGH_OR_TEXT):
        return None  # ASCII, short, or a control byte: no text in Windows-1252
    try:
        data.decode("utf-8")
        return None  # UTF-8: its reading
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # a byte Windows-1252 leaves undefined: a C1 control in Latin-1
    if not all(map(_in_a_word, _BEYOND_ASCII.finditer(text))):
        return None
    decoded = _n()._printable(text.encode("utf-8"))
    return decoded if decoded is not None and " " in decoded and _n()._wordy(decoded) else None


def _bytes_text(data: bytes, read: frozenset[str], budget: list[int], depth: int = 0) -> str | None:
    """``data`` as text: inflated first if compressed (``MAX_NESTING`` deep), then in UTF-16
    or UTF-32, UTF-8, Windows-1252 or EBCDIC, whichever reads as words (or is printable ASCII,
    ``_readable``); none of the character sets in ``read``, which an older reader reads."""
    inner = _inflated(data, budget)
    if inner is not None:
        return _bytes_text(inner, _UNREAD, budget, depth + 1) if depth < MAX_NESTING else None
    wide = _wide_text(data)
    if wide is not None:
        return wide
    if _UTF8 not in read:
        decoded = _readable(data.rstrip(b"\0"))  # Z85's and base91's padding
        if decoded is not None:
            return decoded
    single = _single_byte_text(data)
    if single is not None or _EBCDIC_CODE in read:
        return single
    return _ebcdic_text(data.rstrip(b"\0 "))  # Z85's padding (0x20 is no EBCDIC space)


# Z85 (ZeroMQ, RFC 32): five characters for four bytes, big end first
_Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
_Z85_VALUES = np.full(256, -1, dtype=np.int64)
_Z85_VALUES[np.frombuffer(_Z85.encode("ascii"), dtype=np.uint8)] = np.arange(85)
_POW85 = 85 ** np.arange(4, -1, -1, dtype=np.int64)
_Z85_CHARS = frozenset(_Z85)


def z85_decode(token: str) -> bytes | None:
    """The bytes of a Z85 token; None where its length is no multiple of five, a character is
    not in the alphabet or a group exceeds 32 bits. In numpy: linear, in C."""
    if len(token) % 5 or not token.isascii():
        return None
    values = _Z85_VALUES[np.frombuffer(token.encode("ascii"), dtype=np.uint8)]
    if values.min() < 0:
        return None
    words = values.reshape(-1, 5) @ _POW85
    if words.max() >= 1 << 32:
        return None
    data: bytes = words.astype(">u4").tobytes()
    return data


# basE91 (Joachim Henke): 13 or 14 bits a pair of characters
_B91 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,./:;<=>?@[]^_`{|}~"'
_B91_INDEX = {c: i for i, c in enumerate(_B91)}
PROBE_CHARS = 100  # characters of a long token decoded first (in Python): noise fails there


def base91_decode(token: str) -> bytes | None:
    """The bytes of a basE91 token (None where a character is not in its alphabet)."""
    out = bytearray()
    value, bits, shift = -1, 0, 0
    for char in token:
        digit = _B91_INDEX.get(char)
        if digit is None:
            return None
        if value < 0:
            value = digit
            continue
        value += digit * 91
        bits |= value << shift
        shift += 13 if value & 8191 > 88 else 14
        while shift > 7:
            out.append(bits & 255)
            bits >>= 8
            shift -= 8
        value = -1
    if value >= 0:
        out.append((bits | value << shift) & 255)
    return bytes(out)


def _may_be_text(probe: bytes | None) -> bool:
    """Whether the start of a decoding (its last bytes aside: a group the cut split) may be
    text in some character set: a compressed stream's header, UTF-16 or UTF-32's zeros, or
    bytes of text (``_text_bytes``). Noise fails, and so does a run of zero bytes."""
    if probe is None:
        return False
    head = probe[:-4]
    return _compression(head) is not None or _wide_codec(head) is not None or _text_bytes(head)


def _base91_bytes(token: str) -> bytes | None:
    return base91_decode(token) if _may_be_text(base91_decode(token[:PROBE_CHARS])) else None


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B62_INDEXES = ({c: i for i, c in enumerate(_B62)},
                {c: i for i, c in enumerate(_B62[:10] + _B62[36:] + _B62[10:36])})  # fmt: skip
# letters and digits, 16 to 4,096 (the big number's cost grows with the square of the
# length), both cases: base62 of text has them all, a word has one case
_BASE62_RUN = re.compile(
    r"(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])"
    r"[A-Za-z0-9]{16,4096}(?![A-Za-z0-9+/=_-])"
)
# Crockford's base32: digits and capitals but I, L, O and U; a digit and a capital both
_CROCKFORD_CLASS = "0-9A-HJKMNP-TV-Z"
_CROCKFORD_RUN = re.compile(
    rf"(?<![0-9A-Za-z])(?=[{_CROCKFORD_CLASS}]*[0-9])(?=[{_CROCKFORD_CLASS}]*[A-Z])"
    rf"[{_CROCKFORD_CLASS}]{{16,}}(?![0-9A-Za-z])"
)
_CROCKFORD = str.maketrans("0123456789ABCDEFGHJKMNPQRSTVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# round 20 (held-out 17): Crockford's base32 as its spec lets it be written: either case, I and
# L read as 1 and O as 0, hyphens anywhere between symbols (the run above takes none of these).
# 16 characters, a digit, and a letter past F (hex, a UUID, is hex's reader's: decoding long
# hex blobs as base32 too doubled ``byte_blobs``' time on held-out 1's long prompts); the
# cheap tests first, as most words stop at the first
_CROCKFORD_WRITTEN = re.compile(
    r"(?<![0-9A-Za-z-])(?=[0-9A-Za-z-]{16})(?=[0-9A-Za-z-]*[0-9])(?![0-9A-Fa-f-]*(?![0-9A-Za-z-]))"
    r"(?:[0-9A-TV-Z]+(?:-[0-9A-TV-Z]+)+|[0-9a-tv-z]+(?:-[0-9a-tv-z]+)*)(?![0-9A-Za-z-])"
)
_CROCKFORD_ALIASES = str.maketrans("ILO", "110", "-")


def _crockford_bytes(run: str) -> bytes | None:
    """A written Crockford run's bytes (16 symbols or more: a hyphenated word is shorter)."""
    symbols = run.upper().translate(_CROCKFORD_ALIASES)
    return _b32_bytes(symbols.translate(_CROCKFORD)) if len(symbols) >= MIN_BLOB else None


# base32hex (RFC 4648's extended hex alphabet, 0-9 and A-V), upper or lower case, padded or
# not, maybe broken into lines: a digit and a letter past F both (hex is hex's reader's).
# A run's first 16 symbols are checked before its digit and letter are looked for, and each
# is looked for only up to the first that may be it: from every line break of a run of them
# the look-aheads read to the run's end (round 25: 10,000 line breaks took 1.8 s in views)
_B32HEX_RUN = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9A-V]{16}|[0-9a-v]{16})(?=[A-Va-v\r\n]*+[0-9])"
    r"(?=[0-9A-Fa-f\r\n]*+[G-Vg-v])"
    r"(?:[0-9A-V]{16,}(?:\r?\n[0-9A-V]+)*|[0-9a-v]{16,}(?:\r?\n[0-9a-v]+)*)(?:\r?\n)?={0,6}"
    r"(?![0-9A-Za-z=])"
)
_B32HEX = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUV", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_B32HEX_BYTES = bytes(
    ord("h") if chr(b) in "0123456789ABCDEFGHIJKLMNOPQRSTUV" else 32 for b in range(256)
)
_B32HEX_LOWER = bytes(
    ord("h") if chr(b) in "0123456789abcdefghijklmnopqrstuv" else 32 for b in range(256)
)


def _b32hex_hinted(head: str) -> bool:
    """16 characters of the alphabet in a row, in one case (found in C: the regex's scan cost
    0.04 ms on 2,000 characters of JSON)."""
    data = head.encode("utf-8", "replace")
    return b"h" * 16 in data.translate(_B32HEX_BYTES) or b"h" * 16 in data.translate(_B32HEX_LOWER)


# base64 wrapped in lines (76 characters a line as ``base64`` and MIME write it, 64 as PEM):
# joined, a compressed payload is whole and text is read to its end (the ``base64`` reading
# reads the lines one by one, and drops a last line of three letters or fewer)
_B64_LINES = re.compile(
    r"^[A-Za-z0-9+/]{40,}\r?\n(?:[A-Za-z0-9+/]+={0,2}[ \t]*(?:\r?\n|$))+", re.MULTILINE
)
_WIDE_HEX_MARKS = (*_HEX_MARKS, b"hhhh hhhh hhhh")  # UTF-16 code units, four digits apart
_BLOB_BYTES = bytes(ord("b") if 33 <= b < 127 else ord(" ") for b in range(256))


def _b32_bytes(token: str) -> bytes | None:
    body = token.rstrip("=")
    try:
        return base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        return None


def _token_blobs(head: str) -> Iterator[tuple[bytes | None, frozenset[str]]]:
    """Tokens between spaces: Ascii85 and base85 (read as UTF-8 by ``ascii85``), Z85 and
    basE91."""
    for match in _first_runs(head, _A85_TOKEN):
        token = match.group(0)
        marked = token.startswith("<~")  # Adobe's brackets: decoded whole, or not at all
        candidate = marked or _a85_candidate(token)
        if marked or (candidate and any(map(_may_be_text, _a85_bytes(token[:PROBE_CHARS])))):
            for data in _a85_bytes(token):
                yield data, _READ_AS_UTF8
        if len(token) % 5 == 0 and _Z85_CHARS.issuperset(token) and _kinds(token) >= 2:
            yield z85_decode(token), _UNREAD
        if candidate and not marked:
            yield _base91_bytes(token), _UNREAD


def _run_blobs(head: str) -> Iterator[tuple[bytes | None, frozenset[str]]]:
    """Runs of letters and digits: base64 and base64url, base32 (RFC 4648's and Crockford's),
    Base58 and base62."""
    n = _n()
    for match in _first_runs(head, _B64_LINES) if "\n" in head else ():
        yield n.b64_bytes("".join(match.group(0).split())), _UNREAD
    for match in _first_runs(head, n._BASE64):
        yield n.b64_bytes(match.group(0)), _READ_AS_UTF8
    for match in _first_runs(head, n._BASE32):
        yield _b32_bytes(match.group(0)), _READ_AS_UTF8
    for match in _first_runs(head, _CROCKFORD_RUN):
        yield _b32_bytes(match.group(0).translate(_CROCKFORD)), _UNREAD
    for match in _first_runs(head, _CROCKFORD_WRITTEN):  # round 20
        yield _crockford_bytes(match.group(0)), _UNREAD
    for match in _first_runs(head, _B32HEX_RUN) if _b32hex_hinted(head) else ():  # round 17
        yield _b32_bytes("".join(match.group(0).upper().split()).translate(_B32HEX)), _UNREAD
    for match in _first_runs(head, _BASE58_RUN):
        yield b58_bytes(match.group(0)), _READ_AS_UTF8
    for match in _first_runs(head, _BASE62_RUN):
        for index in _B62_INDEXES:
            yield _radix_bytes(match.group(0), index, "0"), _UNREAD


def _byte_blobs(text: str) -> str | None:
    """Blobs of any alphabet that spells bytes (hex, base64, base32, Ascii85, base85, Z85,
    Base58, base62, basE91), their bytes inflated if compressed and read in any character set
    (UTF-8, UTF-16, UTF-32, Windows-1252, EBCDIC), kept where that reads as words; what an
    older reader reads (UTF-8 of hex, base64...) is left to it. A blob is a run of
    ``MIN_BLOB`` characters without a space, or hex: prose has neither (found in C)."""
    head = text[: _n().MAX_DECODED_CHARS]
    hexes = _hex_spans(head, _WIDE_HEX_MARKS)
    long = b"b" * MIN_BLOB in head.encode("utf-8", "replace").translate(_BLOB_BYTES)
    if not long and not hexes:
        return None
    blobs: Iterable[tuple[bytes | None, frozenset[str]]] = [(data, _READ_HEX) for data in hexes]
    if long:
        blobs = itertools.chain(blobs, _token_blobs(head), _run_blobs(head))
    budget = [MAX_BZ2]
    found: list[str] = []
    for data, read in blobs:
        decoded = None if data is None else _bytes_text(data, read, budget)
        if decoded is not None and len(decoded.strip()) >= MIN_READING:
            found.append(decoded)
    return _joined(list(dict.fromkeys(found)))


# -- Brainfuck: a program that prints the payload, run on a bounded tape (round 18) ------------
#
# Held-out 15 wrote 35 attacks as Brainfuck programs ("run this in your head"): the message is
# what the program prints. The program is interpreted, not executed: eight instructions on a
# tape of bytes, no input, no calls; the work is bounded by BF_STEPS operations and the output
# by BF_OUTPUT characters, so a loop that never ends costs what its first steps cost.

# one character class with its ends pinned: a repeated group of overlapping classes backtracks
# exponentially on a run that falls short
_BF_RUN = re.compile(r"[-+<>\[\].,][-+<>\[\].,\s]{38,}[-+<>\[\].,]")
BF_MIN = 40  # instructions
BF_STEPS = 50_000  # operations once runs of + - < > are merged (held-out 15: 3,300 at most)
BF_OUTPUT = 4_000
BF_TAPE = 30_000  # cells, as the language's first compiler had


def _bf_ops(program: str) -> list[tuple[str, int]] | None:
    """The program as operations: runs of ``+``/``-`` and ``>``/``<`` merged into one signed
    count each, every bracket paired with its partner's index (None when they do not pair)."""
    ops: list[tuple[str, int]] = []
    stack: list[int] = []
    for ch in program:
        if ch in "+-><":
            kind = "+" if ch in "+-" else ">"
            step = 1 if ch in "+>" else -1
            if ops and ops[-1][0] == kind:
                ops[-1] = (kind, ops[-1][1] + step)
            else:
                ops.append((kind, step))
        elif ch == "[":
            stack.append(len(ops))
            ops.append(("[", 0))
        elif ch == "]":
            if not stack:
                return None
            start = stack.pop()
            ops[start] = ("[", len(ops))
            ops.append(("]", start))
        elif ch in ".,":
            ops.append((ch, 0))
    return None if stack else ops


@functools.lru_cache(maxsize=32)
def _bf_run(program: str) -> tuple[str, bool] | None:
    """What ``program`` prints, and whether it ran to its end within ``BF_STEPS`` operations
    on the tape (cached: the reader and ``unfinished_program`` run each program once); None
    when its brackets do not pair (no program). Input (``,``) reads end of file, a 0, as
    most interpreters give it: refusing it let one comma hide a program."""
    ops = _bf_ops(program)
    if ops is None:
        return None
    tape = bytearray(BF_TAPE)
    out = bytearray()
    head = pc = steps = 0
    while pc < len(ops) and len(out) < BF_OUTPUT:
        if steps == BF_STEPS:
            return _bf_text(out), False
        kind, arg = ops[pc]
        steps += 1
        if kind == "+":
            tape[head] = (tape[head] + arg) % 256
        elif kind == ">":
            head += arg
            if not 0 <= head < BF_TAPE:
                return _bf_text(out), False  # off the tape: what it prints next is unknown
        elif (kind == "[" and not tape[head]) or (kind == "]" and tape[head]):
            pc = arg
        elif kind == ".":
            out.append(tape[head])
        elif kind == ",":
            tape[head] = 0
        pc += 1
    return _bf_text(out), True


def _bf_text(out: bytearray) -> str:
    try:  # the cells are bytes: a message beyond ASCII prints its UTF-8
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return out.decode("latin-1")


def _bf_output(program: str) -> str | None:
    """What ``program`` prints when it runs to its end within the budget, or None."""
    run = _bf_run(program)
    return run[0] or None if run is not None and run[1] else None


# words of three letters or more in any script: what a program prints on purpose is a message,
# in whatever language (held-out 15 had one in Czech)
_BF_WORD = re.compile(r"[^\W\d_]{3,}")


def _printable(text: str) -> bool:
    return bool(text) and text.replace("\n", " ").replace("\t", " ").isprintable()


def _programs(text: str) -> list[str]:
    """The first four runs of ``text`` that may be Brainfuck programs that print: 40
    instructions or more (``+-<>[].,``, with spaces and line breaks between), a ``.`` and a
    ``++`` or ``--``."""
    if "[" not in text or "." not in text:
        return []  # found in C: every program that loops and prints has both
    out = []
    for match in itertools.islice(_BF_RUN.finditer(text), 4):
        program = match.group(0)
        if len(program) - sum(map(str.isspace, program)) < BF_MIN:
            continue
        if "." in program and ("++" in program or "--" in program):
            out.append(program)
    return out


def _brainfuck(text: str) -> str | None:
    """What each Brainfuck program of ``text`` (``_programs``) prints, where that is
    printable text of three words or more (what a program that ran out of its budget printed
    so far too: ``unfinished_program`` flags it)."""
    found = []
    for program in _programs(text):
        run = _bf_run(program)
        # a sentence's full stop before the program is read as its first instruction: it
        # prints the empty cell, a NUL
        printed = "" if run is None else run[0].replace("\x00", "")
        if _printable(printed) and len(_BF_WORD.findall(printed)) >= 3:
            found.append(printed)
    return "\n".join(found) or None


def unfinished_program(text: str) -> bool:
    """Whether a Brainfuck program of ``text`` ran out of its budget (``BF_STEPS``
    operations, or off the tape): what it prints is unknown, and a delay loop before the
    message would otherwise hide any message (the guard flags it, ``unfinished_program``)."""
    return any((run := _bf_run(p)) is not None and not run[1] for p in _programs(text))


# -- scripts a text is rewritten in, letter for letter (round 19, held-out 16) ------------------
#
# rot8000 moves every printable character of the Basic Multilingual Plane half-way round the list
# of them (rottytooth's rot8000: no controls, spaces or surrogates), so printable ASCII lands
# among the CJK ideographs; runes replace each Latin letter. Neither is a language anyone chats
# in, and a text in them was read as words of some script: held-out 16 sent 18 attacks so, all
# passed. Both are read from the text as written (normal forms would fold some of them).

# where each run of points rot8000 rotates, or does not, starts
_R8000_STARTS = {33: True, 127: False, 161: True, 5760: False, 5761: True, 8192: False,
                 8203: True, 8232: False, 8234: True, 8239: False, 8240: True, 8287: False,
                 8288: True, 12288: False, 12289: True, 55296: False, 57344: True}  # fmt: skip
MIN_SCRIPT_CHARS = 12  # rotated characters or runes: fewer are a name or a decoration
MIN_ROTATED_SHARE = 0.6  # of the text's characters that are neither ASCII nor spaces


@functools.cache
def _rot8000_ascii() -> dict[int, str]:
    """The table from each character rot8000 writes printable ASCII as, back to it."""
    points, valid = [], False
    for point in range(0x10000):
        valid = _R8000_STARTS.get(point, valid)
        if valid:
            points.append(point)
    half = len(points) // 2
    at = {p: i for i, p in enumerate(points)}
    return {points[(at[c] + half) % len(points)]: chr(c) for c in range(33, 127)}


def _rot8000(text: str) -> str | None:
    """Printable ASCII written with rot8000, read back where most of the text's characters
    that are neither ASCII nor spaces are such (a Chinese text holds a few of those 94
    ideographs) and the reading has listed words."""
    if text.isascii():  # in C: most texts stop here
        return None
    table = _rot8000_ascii()
    wide = [c for c in text if not c.isascii() and not c.isspace()]
    rotated = sum(ord(c) in table for c in wide)
    if rotated < MIN_SCRIPT_CHARS or rotated < MIN_ROTATED_SHARE * len(wide):
        return None
    read = text.translate(table)
    return read if _n()._word_share(read[: _n().SAMPLE_CHARS])[0] >= 0.3 else None


# letters of runes whose Unicode name ends with no Latin letter (``_rune_letters``)
_RUNE_NAMES = {"KAUNA": "k", "THURISAZ": "th", "LONG-BRANCH-YR": "y", "ALGIZ": "z",
               "INGWAZ": "ng", "IWAZ": "ei", "SOWILO": "s", "DOTTED-N": "n",
               "DOTTED-L": "l", "LONG-BRANCH-HAGALL": "h", "SHORT-TWIG-HAGALL": "h"}  # fmt: skip


@functools.cache
def _rune_letters() -> dict[int, str]:
    """Each rune of Unicode's Runic block as a Latin letter: the letter its name ends with
    ("RUNIC LETTER FEHU FEOH FE F": f), or that of its first name (``_RUNE_NAMES``)."""
    table: dict[int, str] = {}
    for point in range(0x16A0, 0x16F1):
        words = unicodedata.name(chr(point), "").split()
        if words[:2] != ["RUNIC", "LETTER"] or len(words) < 3:
            continue
        last = words[-1]
        if len(last) <= 2 and last.isalpha():
            table[point] = last.lower()
        elif words[2] in _RUNE_NAMES:
            table[point] = _RUNE_NAMES[words[2]]
    return table


def _runic(text: str) -> str | None:
    """Runes read as the Latin letters they stand for (``MIN_SCRIPT_CHARS`` or more)."""
    if text.isascii():
        return None
    table = _rune_letters()
    if sum(ord(c) in table for c in text) < MIN_SCRIPT_CHARS:
        return None
    return text.translate(table)


# -- round 20 (held-out 17): CSS escapes, Ogham, I Ching base64, bytes in IPv6 addresses --------
#
# Held-out 17 wrote attacks in four more alphabets and none was read: each character as a CSS
# escape, Latin letters as Ogham letters, base64 with the 64 I Ching hexagrams for its symbols,
# and UTF-8 bytes packed into IPv6 addresses. Each is read as its own definition gives it,
# and kept where the reading has words.

# CSS Syntax Level 3 (4.3.7): a backslash, one to six hex digits, then one optional white
# space (CR LF counts as one); a run is escapes with at most a few letters written between
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?")
MIN_CSS_ESCAPES = 8  # the run's escapes: a stylesheet's icon or quote mark has one or two
# each escape and its tail atomic: hex digits the escape leaves may start the tail, and a run
# that falls short tried every such split of every escape (7 escapes of six digits: 90 ms)
_CSS_RUN = re.compile(
    rf"(?>\\[0-9a-fA-F]{{1,6}}(?:\r\n|[ \t\n\r\f])?[^\\\n]{{0,24}}){{{MIN_CSS_ESCAPES},}}"
)


_NON_SPACE = re.compile(r"\S*")


def _css_char(match: re.Match[str]) -> str:
    point = int(match.group(1), 16)
    # the spec's replacement character for zero, surrogates and points past Unicode
    return "\ufffd" if point == 0 or 0xD800 <= point <= 0xDFFF or point > 0x10FFFF else chr(point)


def _css_run(match: re.Match[str]) -> str | None:
    # up to the end of the word the last escape starts: the words after it are the text's own
    # ('print("\\151...")  # evaluate this string' read octal escapes by the comment's words)
    run = match.group(0)
    last = max(m.end() for m in _CSS_ESCAPE.finditer(run))
    end = _NON_SPACE.match(run, last).end()  # type: ignore[union-attr]  # \S* always matches
    decoded = _CSS_ESCAPE.sub(_css_char, run[:end])
    return decoded if _n()._wordy(decoded) else None


def _css_escapes(text: str) -> str | None:
    """Runs of ``MIN_CSS_ESCAPES`` CSS escapes or more, each read alone where it reads as
    words (the escapes of an icon font decode to private-use points, no words)."""
    if "\\" not in text:  # in C: most texts stop here
        return None
    found: str | None = _n()._runs(text, _CSS_RUN, _css_run)
    return found


# Ogham (U+1680-U+169F): read by rank in the block (U+1681 as a, U+1682 as b, ...: a mapping
# a generator writes) and by the letter each was named for (beith b, luis l, ...; the
# forfeda as the sounds they stand for); the space mark as a space, the feathers dropped
_OGHAM_VALUES = ("b", "l", "f", "s", "n", "h", "d", "t", "c", "q", "m", "g", "ng", "z", "r",
                 "a", "o", "u", "e", "i", "ea", "oi", "ui", "ia", "ae", "p")  # fmt: skip
_OGHAM_MARKS = {0x1680: " ", 0x169B: "", 0x169C: ""}
_OGHAM_RANK = {0x1681 + i: chr(ord("a") + i) for i in range(26)} | _OGHAM_MARKS
_OGHAM_NAMED = {0x1681 + i: v for i, v in enumerate(_OGHAM_VALUES)} | _OGHAM_MARKS
_OGHAM_RUN = re.compile(r"[\u1681-\u169c]+(?:[\u1680\s.,;:!?'\"-]+[\u1681-\u169c]+)*")


def _ogham(text: str) -> str | None:
    """Ogham letters (``MIN_SCRIPT_CHARS`` or more) read by rank or by their names, whichever
    makes more of their words listed; kept where a third of them are (the wrapper's words
    are not judged)."""
    if text.isascii():
        return None
    written = " ".join(m.group(0) for m in _first_runs(text, _OGHAM_RUN))
    if sum(0x1681 <= ord(c) <= 0x169A for c in written) < MIN_SCRIPT_CHARS:
        return None
    sample = written[: _n().SAMPLE_CHARS]
    return _likelier(text, (_OGHAM_RANK, _OGHAM_NAMED), lambda table: sample.translate(table))


MIN_TABLE_SHARE = 0.3  # listed words a letter table's reading needs to be kept


def _likelier(
    text: str, tables: Sequence[dict[int, str]], judged: Callable[[dict[int, str]], str]
) -> str | None:
    """``text`` read with whichever of ``tables`` makes more of the words of ``judged(table)``
    listed (the first on a tie), where a third of them are; else None."""
    best, best_share = None, MIN_TABLE_SHARE
    for table in tables:
        share = _n()._word_share(judged(table))[0]
        if share >= best_share:
            best, best_share = text.translate(table), share
    return best


# I Ching hexagrams (U+4DC0-U+4DFF) as the 64 symbols of base64 in order (U+4DC0 as A, ...,
# U+4DFF as /), maybe broken into lines, padded with ``=`` or not
_HEXAGRAM_RUN = re.compile(r"[\u4dc0-\u4dff]{16,}(?:\s*[\u4dc0-\u4dff]+)*=*")
_HEXAGRAM_B64 = str.maketrans(
    "".join(chr(0x4DC0 + i) for i in range(64)),
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
)


def _iching_run(match: re.Match[str]) -> str | None:
    data = _n().b64_bytes("".join(match.group(0).split()).translate(_HEXAGRAM_B64))
    return None if data is None else _readable(data)


def _iching_base64(text: str) -> str | None:
    """Base64 written in hexagrams (16 or more in a row), decoded where that reads as text."""
    if text.isascii():
        return None
    found: str | None = _n()._runs(text, _HEXAGRAM_RUN, _iching_run)
    return found


# IPv6 addresses (RFC 4291 2.2): eight groups of one to four hex digits apart by colons, or
# fewer with ``::`` standing for the zero groups left out; each address 16 bytes
_H4 = "[0-9A-Fa-f]{1,4}"
_IPV6 = re.compile(
    rf"(?<![0-9A-Za-z:.])(?:(?:{_H4}:){{7}}{_H4}"
    rf"|(?:{_H4}(?::{_H4}){{0,6}})?::(?:{_H4}(?::{_H4}){{0,6}})?)(?![0-9A-Za-z:.])"
)
MIN_IPV6 = 2  # addresses: a network config's are many, but spell no words (``_readable``)


def _ipv6_bytes(address: str) -> bytes | None:
    head, _, tail = address.partition("::")
    groups = [g for g in head.split(":") if g], [g for g in tail.split(":") if g]
    missing = 8 - len(groups[0]) - len(groups[1])
    if missing < 0 or ("::" not in address and missing):
        return None
    return bytes.fromhex("".join(g.zfill(4) for g in [*groups[0], *["0"] * missing, *groups[1]]))


def _ipv6_hex(text: str) -> str | None:
    """The bytes of ``MIN_IPV6`` IPv6 addresses or more, in the order written, read as UTF-8
    text without their zero bytes (which pad the last address) where that reads as text."""
    head = text[: _n().MAX_DECODED_CHARS]
    # in C: two addresses hold "::" or 14 colons (a regex hint cost 37 us on a long prompt)
    if "::" not in head and head.count(":") < 7 * MIN_IPV6:
        return None
    addresses = [m.group(0) for m in _first_runs(head, _IPV6)]
    if len(addresses) < MIN_IPV6:
        return None
    data = b"".join(b for b in map(_ipv6_bytes, addresses) if b is not None)
    return _readable(data.replace(b"\0", b""))


# -- round 21 (held-out 18): z-base-32, bytes in base 3, Glagolitic ------------------------------
#
# Held-out 18 wrote attacks in three more alphabets and none was read. Each is read as its own
# definition gives it (not as the builder alone writes it) and kept where the reading has words.

# z-base-32 (Zooko's human-oriented base32): RFC 4648's 5-bit groups, another alphabet, no
# padding (a trailing "=" is allowed anyway); written in one run, or in groups apart by spaces
# or hyphens as a human reads it out. The alphabet lacks l, v, 0 and 2.
ZBASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769"
_ZB = "a-km-uw-z13-9"
_ZBASE32_RUN = re.compile(
    rf"(?<![0-9A-Za-z-])(?:[{_ZB}]{{16,}}|[{_ZB}]{{4,8}}(?:[ -][{_ZB}]{{4,8}}){{3,}}"
    rf"(?:[ -][{_ZB}]{{1,7}})?)=*(?![0-9A-Za-z-])"
)
_ZBASE32_STD = str.maketrans(ZBASE32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", " -=")
SYMBOL = b"z"  # what a byte of a base32 alphabet maps to in the prefilters (``_base32_runs``)
_ZB_BYTES = bytes(SYMBOL[0] if chr(b) in ZBASE32 + " -" else 32 for b in range(256))
_ZB_DIGITS = frozenset("13456789")


def _base32_as(run: str, standard: Mapping[int, int | None], digits: frozenset[str]) -> str | None:
    """A run of a base32 alphabet other than RFC 4648's (``standard`` maps it onto that one),
    decoded where it holds three of ``digits`` or more (the code of text has them; a phrase
    of words or a long word has none) and reads as text."""
    if sum(c in digits for c in run) < 3:
        return None
    data = _b32_bytes(run.translate(standard))
    return None if data is None else _readable(data)


def _base32_runs(
    text: str, symbols: bytes, pattern: re.Pattern[str], read: Callable[[re.Match[str]], str | None]
) -> str | None:
    """``read`` on the runs of ``pattern`` in ``text`` lower-cased, where 16 characters in a
    row are the alphabet's (``symbols`` maps each byte of it to ``SYMBOL``): in C, most texts
    stop there."""
    head = text[: _n().MAX_DECODED_CHARS].lower()
    if SYMBOL * 16 not in head.encode("utf-8", "replace").translate(symbols):
        return None
    found: str | None = _n()._runs(head, pattern, read)
    return found


def _zbase32_run(match: re.Match[str]) -> str | None:
    return _base32_as(match.group(0), _ZBASE32_STD, _ZB_DIGITS)


def _zbase32(text: str) -> str | None:
    """z-base-32 runs (16 symbols or more, or four groups or more apart by spaces or hyphens,
    three of the run's symbols digits), lower case as written or upper case, decoded where
    that reads as text."""
    return _base32_runs(text, _ZB_BYTES, _ZBASE32_RUN, _zbase32_run)


# bytes written in base 3: each byte a fixed number of ternary digits, six (3**6 = 729 holds a
# byte) or five (3**5 = 243 holds ASCII), apart by spaces, commas or line breaks or in one run
_TERNARY_RUN = re.compile(r"(?<![\w.])[012]{5,6}(?:[ \t\n,;]{1,3}[012]{5,6}){7,}(?![\w.])")
_TERNARY_JOINED = re.compile(r"(?<![\w.])[012]{40,}(?![\w.])")
_TERNARY_HINT = re.compile(r"[012]{5}")
_GROUP = re.compile(r"[012]+")


def _ternary_bytes(groups: list[str]) -> str | None:
    values = [int(g, 3) for g in groups]
    if "2" not in "".join(groups) or max(values) > 255:  # binary digits are binary's reader's
        return None
    return _readable(bytes(values))


def _ternary_run(match: re.Match[str]) -> str | None:
    groups = _GROUP.findall(match.group(0))
    if len({len(g) for g in groups}) != 1:  # one width throughout, as a fixed-width code has
        return None
    return _ternary_bytes(groups)


def _ternary_joined(match: re.Match[str]) -> str | None:
    run = match.group(0)
    for width in (6, 5):
        if len(run) % width == 0:
            decoded = _ternary_bytes([run[i : i + width] for i in range(0, len(run), width)])
            if decoded is not None:
                return decoded
    return None


def _ternary(text: str) -> str | None:
    """Bytes written as six (or five) base-3 digits each, eight bytes or more, decoded where
    that reads as text (a truth table of 0, 1 and 2 or an ID decodes to no words)."""
    head = text[: _n().MAX_DECODED_CHARS]
    if "2" not in head or not _TERNARY_HINT.search(head):  # in C: most texts stop here
        return None
    found: str | None = _n()._runs(head, _TERNARY_RUN, _ternary_run)
    if found is None:  # one run of digits, no spaces: the widths are tried in turn
        found = _n()._runs(head, _TERNARY_JOINED, _ternary_joined)
    return found


# -- round 22 (held-out 19): bytes in any base from 4 to 9, geohash base32, letters by rank ------
#
# Held-out 19 wrote attacks in three more codes and none was read. Each reader is the family's
# (any small base, any contiguous alphabet of a script), kept where the reading has words.

# bytes written in a base from 4 to 9 (base 3 is ``_ternary``'s, 2 binary's, 8 octal's), each
# byte a fixed number of digits: as many as the base needs for a byte (four in base 4 to 6,
# three in 7 and 9) or for ASCII (three in base 6); the base is the smallest the digits allow
# or a larger one of the same width
_DIGIT_BYTES_RUN = re.compile(r"(?<![\w.])[0-8]{3,4}(?:[ \t\n,;]{1,3}[0-8]{3,4}){7,}(?![\w.])")
_DIGIT_BYTES_HINT = re.compile(r"[0-8]{3,4}[ \t\n,;]{1,3}[0-8]{3,4}[ \t\n,;]{1,3}[0-8]{3}")
_DIGIT_GROUP = re.compile(r"[0-8]+")
_SMALL_BASES = (4, 5, 6, 7, 9)


def _widths(base: int) -> tuple[int, ...]:
    """The digits a byte (and ASCII, if fewer) takes in ``base``."""
    byte = next(w for w in range(1, 9) if base**w >= 256)
    ascii_ = next(w for w in range(1, 9) if base**w >= 128)
    return (byte,) if ascii_ == byte else (byte, ascii_)


def _digit_bytes_run(match: re.Match[str]) -> str | None:
    groups = _DIGIT_GROUP.findall(match.group(0))
    widths = {len(g) for g in groups}
    if len(widths) != 1:  # one width throughout, as a fixed-width code has
        return None
    width, top = widths.pop(), int(max(max(g) for g in groups))
    for base in _SMALL_BASES:
        if base <= top or width not in _widths(base):
            continue
        values = [int(g, base) for g in groups]
        if max(values) <= 255:
            decoded = _readable(bytes(values))
            if decoded is not None:
                return decoded
    return None


def _digit_bytes(text: str) -> str | None:
    """Bytes written as three or four digits each in a base from 4 to 9 (``_SMALL_BASES``),
    eight bytes or more apart by spaces, commas or line breaks, all of one width, decoded in
    the smallest base the digits and the width allow that reads as text (a table of years or
    of prices decodes to no words)."""
    head = text[: _n().MAX_DECODED_CHARS]
    if not _DIGIT_BYTES_HINT.search(head):
        return None
    found: str | None = _n()._runs(head, _DIGIT_BYTES_RUN, _digit_bytes_run)
    return found


# base32 in the geohash alphabet (0-9 and b-z without a, i, l, o: Niemeyer's geohash, used
# beyond coordinates as a plain base32): RFC 4648's 5-bit groups, no padding; one run, lower
# case as written or upper case
GEOHASH32 = "0123456789bcdefghjkmnpqrstuvwxyz"
_GH = "0-9b-hjkmnp-z"
_GEOHASH32_RUN = re.compile(rf"(?<![0-9A-Za-z])[{_GH}]{{16,}}=*(?![0-9A-Za-z])")
_GEOHASH32_STD = str.maketrans(GEOHASH32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_GH_BYTES = bytes(SYMBOL[0] if chr(b) in GEOHASH32 else 32 for b in range(256))
_DECIMAL = frozenset("0123456789")


def _geohash32_run(match: re.Match[str]) -> str | None:
    return _base32_as(match.group(0), _GEOHASH32_STD, _DECIMAL)


def _geohash32(text: str) -> str | None:
    """Base32 runs in the geohash alphabet (16 symbols or more, three of them digits),
    decoded where that reads as text (a real geohash, 12 symbols at most, is too short)."""
    return _base32_runs(text, _GH_BYTES, _GEOHASH32_RUN, _geohash32_run)


# Latin letters written as the letters of another script by rank (a table a generator writes:
# the n-th letter of a run of 26 code points for the n-th Latin letter, the capitals in the
# 26 code points before or after): any script, any start. The start is not known: every start
# that holds the letters written is ranked by how English the letter counts it gives are
# (their log-likelihood under English letter frequencies: counting only, no text is
# translated), and the ``RANK_TABLES`` likeliest are judged by their words, as ``_likelier``
# judges a table
RANK_TABLES = 3
RANK_SAMPLE_CHARS = 600  # characters a table is judged on
MAX_RANK_SPAN = 52  # code points between the first and the last letter: two cases of 26
# mean log-likelihood of a letter under English letter frequencies, of the likeliest start:
# English prose about -2.9, a short attack -3.1; Russian, Hebrew and Arabic read by rank
# -3.2 to -3.5 (uniform letters -3.26)
MIN_RANK_FIT = -3.2
MAX_LATIN_MIXED = 0.1  # Latin letters in the script's words, per letter of the script


def _rank_table(start: int, small_first: bool) -> dict[int, str]:
    small, capital = (start, start + 26) if small_first else (start + 26, start)
    table = {small + i: chr(ord("a") + i) for i in range(26)} | {
        capital + i: chr(ord("A") + i) for i in range(26)
    }
    # a space or a sign among the code points stays as written
    return {k: v for k, v in table.items() if chr(k).isalpha()}


def _rank_tables(letters: np.ndarray, counts: np.ndarray) -> list[dict[int, str]]:
    """The ``RANK_TABLES`` rank tables that hold every code point of ``letters`` (each
    written ``counts`` times; the small letters first, then the capitals, or the capitals
    first) whose letter counts are the most English, the likeliest last (a tie as the small
    letters: a text in one case); none where even the likeliest is less English than
    ``MIN_RANK_FIT``."""
    lo, hi = int(letters.min()), int(letters.max())
    starts = np.arange(hi - MAX_RANK_SPAN + 1, lo + 1)
    smalls = np.concatenate([starts, starts + 26])  # the small letters first, then second
    ranks = (letters[None, :] - smalls[:, None]) % 26
    fits = _n()._LOG_FREQ[ranks] @ counts
    order = np.lexsort((np.arange(len(fits)) < len(starts), fits))  # least likely first
    if not len(fits) or fits[order[-1]] < MIN_RANK_FIT * counts.sum():
        return []
    picks = order[-RANK_TABLES:]
    return [_rank_table(int(starts[i % len(starts)]), i < len(starts)) for i in picks]


def _letter_rank(text: str) -> str | None:
    """Letters of a script beyond Latin (``MIN_SCRIPT_CHARS`` or more, most of the text's
    characters beyond ASCII, within ``MAX_RANK_SPAN`` code points) read as Latin letters by
    rank (``_rank_tables``), kept where a third of the words are listed. A real text in
    Greek, Cyrillic, Hebrew or Arabic has letter counts unlike English's, or spans more code
    points (its capitals); Chinese spans too many."""
    if text.isascii():
        return None
    sample = text[: _n().SAMPLE_CHARS]
    codes = np.frombuffer(sample.encode("utf-32-le", "replace"), dtype=np.uint32)
    beyond = codes[codes > 127]
    if len(beyond) < MIN_SCRIPT_CHARS:
        return None
    points, counts = np.unique(beyond, return_counts=True)
    kinds = [chr(c) for c in points.tolist()]
    letter = np.array([c >= "\u0370" and c.isalpha() for c in kinds], dtype=bool)
    space = np.array([c.isspace() for c in kinds], dtype=bool)
    written = int(counts[letter].sum())
    if written < MIN_SCRIPT_CHARS or written < MIN_ROTATED_SHARE * counts[~space].sum():
        return None
    letters = points[letter].astype(np.int64)
    if letters.max() - letters.min() >= MAX_RANK_SPAN:
        return None
    tables = _rank_tables(letters, counts[letter].astype(np.float64))
    if not tables:
        return None
    # the words written in the script alone are judged, not the wrapper's; a table writes
    # every Latin letter, so a word of the script holds none (homoglyphs mixed into Latin
    # words do: "Thе fіrst")
    words = [w for w in sample.split() if not w.isascii()]
    latin = sum(c.isascii() and c.isalpha() for w in words for c in w)
    if latin > MAX_LATIN_MIXED * written:
        return None
    judged = " ".join(words)[:RANK_SAMPLE_CHARS]
    # the likeliest tables last: ``_likelier`` keeps the last of those that tie
    return _likelier(text, tables, lambda table: judged.translate(table))


# Glagolitic (U+2C00-U+2C5F: capitals, then the small letters 48 places on): read by rank in
# the block (the first letter, azu, as a: a mapping a generator writes) and by the traditional
# Latin transliteration of each letter's sound; whichever makes more words listed is kept
_GLAG_SOUNDS = ("a", "b", "v", "g", "d", "e", "zh", "dz", "z", "i", "i", "i", "dj", "k", "l",
                "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "o", "p", "sht", "ts", "ch",
                "sh", "y", "", "e", "h", "yu", "e", "e", "yo", "ye", "o", "yo", "f", "i", "",
                "a", "m", "ch")  # fmt: skip
_GLAG_RANK = {0x2C00 + i: chr(ord("A") + i) for i in range(26)} | {
    0x2C30 + i: chr(ord("a") + i) for i in range(26)
}
_GLAG_NAMED = {0x2C00 + i: v.upper() for i, v in enumerate(_GLAG_SOUNDS)} | {
    0x2C30 + i: v for i, v in enumerate(_GLAG_SOUNDS)
}


def _glagolitic(text: str) -> str | None:
    """Glagolitic letters (``MIN_SCRIPT_CHARS`` or more) read by rank or by their sounds,
    whichever makes more of the words listed; kept where a third of them are (a real Old
    Church Slavonic text transliterated is no English)."""
    if text.isascii():
        return None
    if sum(0x2C00 <= ord(c) <= 0x2C5F for c in text) < MIN_SCRIPT_CHARS:
        return None
    tables = (_GLAG_RANK, _GLAG_NAMED)
    return _likelier(text, tables, lambda table: text.translate(table)[: _n().SAMPLE_CHARS])


DECODERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("ascii85", _ascii85),
    ("quoted_printable", _quoted_printable),
    ("mime_words", _mime_words),
    ("morse", _morse),
    ("braille", _braille),
    ("base58", _base58),  # round 14
    ("dna_bases", _dna),  # round 14
    ("rot47", _rot47),  # round 15
    ("ebcdic", _ebcdic),  # round 15 (held-out 11)
    ("xor", _xor),  # round 15 (held-out 11)
    ("ita2", _ita2),  # round 15 (held-out 11)
    ("byte_blobs", _byte_blobs),  # round 16 (held-out 12: Z85, UTF-16 hex)
    ("bubble_babble", _bubble_babble),  # round 17 (held-out 13)
    ("hex_records", _hex_records),  # round 17 (held-out 14): Intel HEX, S-records
    ("radix_number", _radix_number),  # round 17 (held-out 14): base 36 as one number
    ("brainfuck", _brainfuck),  # round 18 (held-out 15): a program that prints it
)
RAW_DECODERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("invisible_bits", _invisible_bits),
    ("variation_selectors", _variation_selectors),
    ("zalgo", _zalgo),
    ("uuencode", _uuencode),
    ("base2048", _base2048),
    ("ecoji", _ecoji),
    ("base45", _base45),  # round 15 (held-out 11)
    ("rot8000", _rot8000),  # round 19 (held-out 16)
    ("runic", _runic),  # round 19 (held-out 16)
    ("css_escapes", _css_escapes),  # round 20 (held-out 17)
    ("ogham", _ogham),  # round 20 (held-out 17)
    ("iching_base64", _iching_base64),  # round 20 (held-out 17)
    ("ipv6_hex", _ipv6_hex),  # round 20 (held-out 17)
    ("zbase32", _zbase32),  # round 21 (held-out 18)
    ("ternary", _ternary),  # round 21 (held-out 18)
    ("glagolitic", _glagolitic),  # round 21 (held-out 18)
    ("digit_bytes", _digit_bytes),  # round 22 (held-out 19): bases 4 to 9
    ("geohash32", _geohash32),  # round 22 (held-out 19)
    ("letter_rank", _letter_rank),  # round 22 (held-out 19): any script by rank
    ("radix", _radix.read),  # round 24: fixed-width digits of any base in unnamed symbols
)
NAMES: tuple[str, ...] = tuple(name for name, _ in DECODERS + RAW_DECODERS)


def raw_views(text: str) -> Iterator[View]:
    """The readings of ``RAW_DECODERS`` (each decoded text put in normal form), read from
    ``text`` as written: ``views`` adds them after the normal form and decodes them again."""
    head = text[: 4 * _n().MAX_DECODED_CHARS]
    for name, decode in RAW_DECODERS:
        decoded = decode(head)
        if decoded is not None:
            again = _n().normal_form(decoded[: _n().MAX_DECODED_CHARS])
            yield _n().View(again.text, (name, *again.steps))
