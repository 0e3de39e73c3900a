"""Undo the obfuscations attackers wrap prompt injections in, so that the classifier and the
rules read what the model would read.

``views(text)`` returns the text's normal form (invisible characters removed,
Unicode NFKC, confusable letters folded to ASCII, ASCII smuggled in Unicode tag characters
made visible) and one extra view per decoding that changed something: embedded base64, hex,
percent/URL encoding, HTML entities and ``\\uXXXX`` escapes decoded in place, rot13 and
reversed text when that makes the text read as English, leetspeak undone, letters spaced
apart joined again, and quoted fragments concatenated (payload splitting inside one prompt).
Decoding is applied twice at most (base64 of leetspeak, hex of rot13), and every view
records the steps that produced it: those names are the signals a verdict reports.

The confusables table is Unicode's ``confusables.txt`` restricted to characters that look like
an ASCII letter or digit; ``tools/train_prompt_guard.py`` extracts it from the
``confusable-homoglyphs`` package at build time into ``_confusables.json``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from urllib.parse import unquote_plus

MAX_VIEWS = 12
MAX_DECODED_CHARS = 20_000
MAX_DEPTH = 2

# Characters that render as nothing: zero-width spaces and joiners, word joiner, BOM,
# soft hyphen, Mongolian vowel separator, combining grapheme joiner, variation selectors.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef\U0001d173-\U0001d17a]"
)
_ZWNJ = "\u200c"
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TAGS = re.compile("[\U000e0000-\U000e007f]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:0x|\\x)?[0-9A-Fa-f]{2}(?:[\s:,-]|\\x|0x)?){6,}(?![0-9A-Za-z])"
)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9A-Fa-f]{2,6}|[A-Za-z]{2,8});")
_UESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_*]){3,}\w(?!\w)")
_QUOTED = re.compile(r"""(["'`])((?:(?!\1).){1,200})\1""")
_LEET_WORD = re.compile(r"(?<![\w@$!|+])[A-Za-z0-9@$!|+]{2,15}(?![\w@$!|+])")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
     "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"}
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")

# The most frequent English words: a text that contains few of them is not plain English.
_COMMON = frozenset(
    """the be to of and a in that have i it for not on with he as you do at this but his by
    from they we say her she or an will my one all would there their what so up out if about
    who get which go me when make can like time no just him know take people into year your
    good some could them see other than then now look only come its over think also back after
    use two how our work first well way even new want because any these give day most us is are
    was were been has had did said tell write show print ignore previous instructions above
    please answer question from now on system prompt rules everything reveal repeat""".split()
)


@dataclass(frozen=True)
class View:
    """One reading of a text, with the decoding steps (signal names) that produced it."""

    text: str
    steps: tuple[str, ...] = ()


@functools.cache
def _confusables() -> dict[int, str]:
    raw = resources.files("hauberk.llm").joinpath("_confusables.json").read_text("utf-8")
    table: dict[str, str] = json.loads(raw)
    return {ord(k): v for k, v in table.items() if len(k) == 1}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


_SCRIPTED = re.compile(r"[^\W\d_]{2,}")


def mixed_script(text: str) -> bool:
    """Whether a word mixes letters of two scripts (``pаypal`` with a Cyrillic ``а``)."""
    for word in _SCRIPTED.findall(text):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word if c.isalpha()}
        scripts.discard("")
        if len(scripts) > 1:
            return True
    return False


def _untag(match: re.Match[str]) -> str:
    return "".join(chr(ord(c) - 0xE0000) for c in match.group(0) if 0xE0020 <= ord(c) <= 0xE007E)


def normal_form(text: str) -> View:
    """Invisible and bidi characters removed, NFKC, confusables folded, tags made visible."""
    steps: list[str] = []
    out = text
    if _TAGS.search(out):
        out = _TAGS.sub(_untag, out)
        steps.append("unicode_tags")
    if _INVISIBLE.search(out) or _ZWNJ in out:
        out = _INVISIBLE.sub("", out).replace(_ZWNJ, "")
        steps.append("zero_width")
    if _BIDI.search(out):
        out = _BIDI.sub("", out)
        steps.append("bidi")
    if _CONTROL.search(out):
        out = _CONTROL.sub(" ", out)
        steps.append("control_chars")
    if not out.isascii():
        if mixed_script(out):
            steps.append("mixed_script")
        folded = unicodedata.normalize("NFKC", out)
        if folded != out:
            steps.append("nfkc")
        table = _confusables()
        confused = folded.translate(table)
        if confused != folded:
            steps.append("confusables")
        out = confused
    out = _SPACES.sub(" ", out)
    return View(out, tuple(steps))


def english_ratio(text: str) -> float:
    """Share of the words in ``text`` that are among the most common English words."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(w in _COMMON for w in words) / len(words)


def _printable(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text or sum(c.isprintable() or c in "\n\t\r" for c in text) < 0.9 * len(text):
        return None
    letters = sum(c.isalpha() for c in text)
    if letters < 0.5 * len(text.replace(" ", "")) or letters < 4:
        return None
    return text


def _b64(match: re.Match[str]) -> str | None:
    token = match.group(0)
    if token.isalpha() and (token.islower() or token.isupper()):
        return None  # a long plain word, not base64
    body = token.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _printable(data)


def _hex(match: re.Match[str]) -> str | None:
    digits = re.sub(r"0x|\\x|[\s:,-]", "", match.group(0))
    if len(digits) % 2:
        return None
    try:
        return _printable(bytes.fromhex(digits))
    except ValueError:
        return None


def _replace(text: str, pattern: re.Pattern[str], decode: object) -> str | None:
    """The decoded payloads alone, one per line: what the model is asked to act on."""
    found: list[str] = []
    for match in pattern.finditer(text):
        decoded = decode(match)  # type: ignore[operator]
        if decoded is not None:
            found.append(decoded)
    return "\n".join(found) if found else None


_B64_HINT = re.compile(r"[A-Za-z0-9+/_-]{16,}")
_HEX_HINT = re.compile(r"[0-9A-Fa-f]{2}(?:[\s:,-]?[0-9A-Fa-f]{2}){5}|\\x[0-9A-Fa-f]{2}")


def _base64(text: str) -> str | None:
    return _replace(text, _BASE64, _b64) if _B64_HINT.search(text) else None


def _hexa(text: str) -> str | None:
    return _replace(text, _HEX, _hex) if _HEX_HINT.search(text) else None


def _percent(text: str) -> str | None:
    if len(_PERCENT.findall(text)) < 3:
        return None
    out = unquote_plus(text)
    return out if out != text else None


def _entities(text: str) -> str | None:
    if len(_ENTITY.findall(text)) < 3:
        return None
    out = html.unescape(text)
    return out if out != text else None


def _uescape(m: re.Match[str]) -> str:
    try:
        return chr(int(m.group(0)[2:], 16))
    except (ValueError, OverflowError):
        return m.group(0)


def _unicode_escape(text: str) -> str | None:
    if len(_UESCAPE.findall(text)) < 3:
        return None
    return _UESCAPE.sub(_uescape, text)


_LETTERS12 = re.compile(r"(?:[^A-Za-z]*[A-Za-z]){12}")
SAMPLE_CHARS = 2000  # rot13 and reversal are decided on the first 2,000 characters


def _reads_better(text: str, transform: Callable[[str], str]) -> str | None:
    """``transform(text)`` if that reads as English and ``text`` does not."""
    head = text[:SAMPLE_CHARS]
    if not _LETTERS12.match(head):
        return None
    before = english_ratio(head)
    if before > 0.45 or english_ratio(transform(head)) < before + 0.2:
        return None
    return transform(text)


def _rot13_of(text: str) -> str:
    return codecs.encode(text, "rot_13")


def _reverse(text: str) -> str:
    return text[::-1]


def _rot13(text: str) -> str | None:
    return _reads_better(text, _rot13_of)


def _reversed(text: str) -> str | None:
    return _reads_better(text, _reverse)


def _leet_word(m: re.Match[str]) -> str:
    word = m.group(0)
    letters = sum(c.isalpha() for c in word)
    if word.isalpha() or letters < 1 or letters < len(word) / 3:
        return word  # a plain word, a number, or a code-like token
    if not (word.lower() == word or word.upper() == word or word[1:].islower()):
        return word  # mixed case inside: an identifier or a key, not leetspeak
    return word.translate(_LEET)


_LEET_HINT = re.compile(r"[A-Za-z][0-9@$!|+]|[0-9@$!|+][A-Za-z]")


def _leetspeak(text: str) -> str | None:
    if not _LEET_HINT.search(text):
        return None
    out = _LEET_WORD.sub(_leet_word, text)
    return out if out != text else None


def _join_spaced(m: re.Match[str]) -> str:
    return re.sub(r"[ .\-_*]", "", m.group(0))


def _spaced(text: str) -> str | None:
    out = _SPACED.sub(_join_spaced, text)
    return out if out != text else None


def _concat(text: str) -> str | None:
    pieces = [m.group(2) for m in _QUOTED.finditer(text)]
    if len(pieces) < 2:
        return None
    glued = "".join(pieces)
    return glued if len(glued) >= 8 else None


# Order matters only for the cap on views: cheaper, likelier decodings first.
DECODERS: tuple[tuple[str, object], ...] = (
    ("base64", _base64),
    ("hex", _hexa),
    ("percent", _percent),
    ("html_entities", _entities),
    ("unicode_escape", _unicode_escape),
    ("leetspeak", _leetspeak),
    ("spaced", _spaced),
    ("rot13", _rot13),
    ("reversed", _reversed),
    ("string_concat", _concat),
)
SIGNALS: tuple[str, ...] = (
    "unicode_tags",
    "zero_width",
    "bidi",
    "control_chars",
    "mixed_script",
    "nfkc",
    "confusables",
    *(name for name, _ in DECODERS),
)


def views(text: str, *, max_views: int = MAX_VIEWS) -> list[View]:
    """The normal form of ``text`` first, then every decoding that changed it (twice at most).

    Span decodings (base64, hex, Unicode escapes) give the decoded payloads alone; whole-text
    ones (rot13, leetspeak, percent...) the whole text decoded.
    """
    normal = normal_form(text)
    out = [normal]
    seen = {normal.text}
    frontier = [normal]
    for _ in range(MAX_DEPTH):
        grown: list[View] = []
        for view in frontier:
            for name, decode in DECODERS:
                if len(out) >= max_views:
                    return out
                if name in view.steps:
                    continue
                decoded = decode(view.text)  # type: ignore[operator]
                if decoded is None:
                    continue
                decoded = decoded[:MAX_DECODED_CHARS]
                again = normal_form(decoded)  # a decoded payload may hide more
                new = View(again.text, (*view.steps, name, *again.steps))
                if new.text in seen:
                    continue
                seen.add(new.text)
                out.append(new)
                grown.append(new)
        frontier = grown
    return out
