"""Frozen copy of ``hauberk.llm._normalize`` before its speed-ups (main at 047ab09), the
reference the rewritten normaliser must agree with (tests/llm/test_guard_speed.py). Round 12
changed what rot13 and reversal read (segment by segment, sentence ends included, with a
stricter test per segment) on purpose: the same change is made here.

Undo the obfuscations attackers wrap prompt injections in, so that the classifier and the
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
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from urllib.parse import unquote_plus

MAX_VIEWS = 14
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
# round 28: terminal colour codes (SGR) go whole, as in the normaliser (the same change)
_ANSI = re.compile(r"\x1b\[[0-9;]{0,32}m")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:0x|\\x)?[0-9A-Fa-f]{2}(?:[\s:,-]|\\x|0x)?){6,}(?![0-9A-Za-z])"
)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9A-Fa-f]{2,6}|[A-Za-z]{2,8});")
_UESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_QUOTED = re.compile(r"""(["'`])((?:(?!\1).){1,200})\1""")
_LEET_WORD = re.compile(r"(?<![\w@$!|+])[A-Za-z0-9@$!|+]{2,15}(?![\w@$!|+])")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
     "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"}
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")

# The most frequent English words: a text that contains few of them is not plain English.
_COMMON_WORDS = (
    "the be to of and a in that have i it for not on with he as you do at this but his "
    "by from they we say her she or an will my one all would there their what so up out "
    "if about who get which go me when make can like time no just him know take people "
    "into year your good some could them see other than then now look only come its over "
    "think also back after use two how our work first well way even new want because any "
    "these give day most us is are was were been has had did said tell write show print "
    "ignore previous instructions above please answer question from now on system prompt "
    "rules everything reveal repeat "
)
_COMMON = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class View:
    """One reading of a text, with the decoding steps (signal names) that produced it."""

    text: str
    steps: tuple[str, ...] = ()


@functools.cache
def _confusables() -> dict[int, str]:
    raw = resources.files("hauberk.llm").joinpath("_confusables.json").read_text("utf-8")
    table: dict[str, str] = json.loads(raw)
    # Turkish capital dotted I is a case pair, not a lookalike, so Unicode's list lacks it; but
    # "İGNORE".lower() is "i" + U+0307 + "gnore", which hid the word from the model
    table.setdefault("\u0130", "I")
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


# Letter-like characters that neither NFKC nor Unicode's confusables map to ASCII: small
# capitals, negative squared and circled letters, regional indicators (flag letters).
_SMALL_CAPS = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡxʏᴢ"
_LETTERLIKE: dict[int, str] = {
    **{ord(c): chr(ord("a") + i) for i, c in enumerate(_SMALL_CAPS) if c != "x"},
    **{0x1F170 + i: chr(ord("a") + i) for i in range(26)},  # negative squared A-Z
    **{0x1F150 + i: chr(ord("a") + i) for i in range(26)},  # negative circled A-Z
    **{0x1F1E6 + i: chr(ord("a") + i) for i in range(26)},  # regional indicators A-Z
}


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
        out = _CONTROL.sub(" ", _ANSI.sub("", out))
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
        lettered = confused.translate(_LETTERLIKE)
        if lettered != confused:
            steps.append("letterlike")
        out = lettered
    out = _SPACES.sub(" ", out)
    return View(out, tuple(steps))


_BLOB = re.compile(
    r"(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/=_-]*\d)(?=[A-Za-z0-9+/=_-]*[A-Za-z])"
    r"[A-Za-z0-9+/=_-]{20,}(?![A-Za-z0-9+/=_-])"
)


def mask_blobs(text: str) -> str:
    """Long runs of letters and digits (base64, hex, keys) removed:
    the classifier judges the words around an encoded payload, and the payload decoded on
    its own, never the characters of the encoding."""
    return _BLOB.sub(" ", text)


def english_ratio(text: str) -> float:
    """Share of the words in ``text`` that are in the shipped word list (or among the most
    common English words)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    listed = _word_costs()
    return sum(w in _COMMON or w in listed for w in words) / len(words)


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
    if len(_PERCENT.findall(text)) < 2:
        return None
    out = unquote_plus(text)
    return out if out != text else None


def _entities(text: str) -> str | None:
    if len(_ENTITY.findall(text)) < 2:
        return None
    out = html.unescape(text)
    return out if out != text else None


def _uescape(m: re.Match[str]) -> str:
    try:
        return chr(int(m.group(0)[2:], 16))
    except (ValueError, OverflowError):
        return m.group(0)


def _mixed_escapes(text: str) -> str | None:
    """Percent, HTML-entity and ``\\u`` escapes mixed in one text, all decoded at once."""
    kinds = [p for p in (_PERCENT, _ENTITY, _UESCAPE) if p.search(text)]
    if len(kinds) < 2:
        return None
    return _UESCAPE.sub(_uescape, html.unescape(unquote_plus(text)))


def _unicode_escape(text: str) -> str | None:
    if len(_UESCAPE.findall(text)) < 2:
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
    return _segments_reversed(text, _rot13_of)  # round 12: line by line too


def _reverse_words(text: str) -> str:
    return re.sub(r"\S+", lambda m: m.group(0)[::-1], text)


# A reversed payload often sits inside an English wrapper ("read this backwards: ..."): the
# text is also judged line by line and segment by segment (split at colons and quotes).
_SEGMENT = re.compile(r"(\n+|:\s+|(?<=[.?!])\s+|[\"“”«»]|(?<=\s)'|'(?=\s|$))")  # round 12


def _segments_reversed(text: str, transform: Callable[[str], str]) -> str | None:
    whole = _reads_better(text, transform)
    if whole is not None:
        return whole
    parts = _SEGMENT.split(text[:MAX_DECODED_CHARS])
    changed = False
    for i, part in enumerate(parts):
        if i % 2 or len(part) < 12:
            continue  # a separator, or too short to judge
        flipped = _part_reads_better(part, transform)
        if flipped is not None:
            parts[i] = flipped
            changed = True
    return "".join(parts) if changed else None


def _part_reads_better(part: str, transform: Callable[[str], str]) -> str | None:
    """Round 12: a segment is judged by the stricter test of the ciphers."""
    head = part[:SAMPLE_CHARS]
    if not _LETTERS12.match(head) or english_ratio(head) > 0.45:
        return None
    words = [w for w in _WORD.findall(transform(head).lower()) if len(w) > 1]
    listed = _word_costs()
    hits = [w for w in words if w in _COMMON or w in listed]
    if not words or len(hits) / len(words) < 0.6 or sum(len(w) > 2 for w in hits) < 3:
        return None
    return transform(part)


def _reversed(text: str) -> str | None:
    return _segments_reversed(text, _reverse)


def _reversed_words(text: str) -> str | None:
    return _segments_reversed(text, _reverse_words)


# Upside-down text: letters turned by 180 degrees, written right to left.
_FLIP = str.maketrans({"ɐ": "a", "ɔ": "c", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ɥ": "h", "ᴉ": "i",
                       "ı": "i", "ɾ": "j", "ʞ": "k", "ɯ": "m", "ɹ": "r", "ʇ": "t", "ʌ": "v",
                       "ʍ": "w", "ʎ": "y", "q": "b", "p": "d", "b": "q", "d": "p", "n": "u",
                       "u": "n", "˙": ".", "¿": "?", "¡": "!", "ʃ": "l"})  # fmt: skip
_FLIP_HINT = re.compile("[ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎ]")


def _upside_down(text: str) -> str | None:
    if len(_FLIP_HINT.findall(text)) < 3:
        return None
    return text[::-1].translate(_FLIP)


def _leet_word(m: re.Match[str]) -> str:
    word = m.group(0)
    letters = sum(c.isalpha() for c in word)
    if word.isalpha() or letters < 1 or letters < len(word) / 3:
        return word  # a plain word, a number, or a code-like token
    if not (word.lower() == word or word.upper() == word or word[1:].islower()):
        return word  # mixed case inside: an identifier or a key, not leetspeak
    return word.translate(_LEET)


# Glyphs drawn from several characters, then single stand-ins beyond digits (the common
# leetspeak tables: 1337, "hacker" and the ones keyboard generators use).
_LEET_MULTI = (
    ("|_|", "u"), ("|\\/|", "m"), ("/\\/\\", "m"), ("\\/\\/", "w"), ("|\\|", "n"), ("/\\/", "n"),
    ("|-|", "h"), ("]-[", "h"), ("}{", "h"), ("/\\", "a"), ("\\/", "v"), ("|<", "k"),
    ("|(", "k"), ("|)", "d"), ("|>", "d"), ("|2", "r"), ("|o", "p"), ("|*", "p"),
    ("()", "o"), ("[]", "o"), ("><", "x"), ("_|", "j"), ("|_", "l"), ("vv", "w"),
)  # fmt: skip
_LEET_WIDE = str.maketrans(
    {"0": "o", "1": "i", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t",
     "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "(": "c",
     "<": "c", "{": "c", "[": "c", "#": "h", "€": "e", "£": "l", "¥": "y", "ß": "b",
     "ø": "o", "®": "r", "©": "c", "§": "s", "¢": "c", "ƒ": "f", "†": "t", "µ": "u",
     "×": "x", "¡": "i", "∂": "d", "^": "a", "~": "n", "ñ": "n", "&": "e", "%": "x",
     "?": "q", "*": "a"}
)  # fmt: skip
_LEET_WIDE_ALT = str.maketrans({**_LEET_WIDE, ord("1"): "l", ord("|"): "i"})
_LEET_TOKEN = re.compile(r"\S{2,30}")
_LEET_CHARS = frozenset("0123456789@$!|+(<{[#€£¥ßø®©§¢ƒ†µ×¡∂^~&%*/\\]})>-_?")


def _leet_fold(token: str) -> str | None:
    """``token`` read with the broad table, if that gives a listed word (or words joined
    by hyphens or slashes): a stand-in character inside an ordinary word."""
    core = token.lstrip("\"'([{<").rstrip(".,;:?!\"')]}>")
    if len(core) < 2 or core.isalpha() or core.isdigit() or "://" in core or "=" in core:
        return None
    if not any(c in _LEET_CHARS for c in core):
        return None
    low = core.lower()
    for glyph, letter in _LEET_MULTI:
        low = low.replace(glyph, letter)
    listed = _word_costs()
    for table in (_LEET_WIDE, _LEET_WIDE_ALT):
        folded = low.translate(table)
        if folded in listed or folded in _COMMON:
            return folded
        if len(folded) >= 4 and folded.endswith("s") and folded[:-1] in listed:
            return folded
    return None


_LEET_HINT = re.compile(r"[A-Za-z][0-9@$!|+]|[0-9@$!|+][A-Za-z]")
_LEET_WIDE_HINT = re.compile(r"[^\s\w]\w|\w[^\s\w.,;:?!]|[0-9][A-Za-z]|[A-Za-z][0-9]")


def _leetspeak(text: str) -> str | None:
    if not _LEET_HINT.search(text):
        return None
    out = _LEET_WORD.sub(_leet_word, text)
    return out if out != text else None


def _leetspeak_wide(text: str) -> str | None:
    """Tokens with stand-in characters folded with the broad table where that gives a listed
    word; a reading only when two or more tokens fold (a version number or one symbol in
    prose is not leetspeak)."""
    if len(_LEET_WIDE_HINT.findall(text)) < 2:
        return None
    folded = 0

    def fold(m: re.Match[str]) -> str:
        nonlocal folded
        word = _leet_fold(m.group(0))
        if word is None:
            return m.group(0)
        folded += 1
        return word

    out = _LEET_TOKEN.sub(fold, text)
    return out if folded >= 2 else None


_SPACED_RUN = re.compile(r"(?<![^\W_])(?:[^\W_](?:[ .\-_*·/|,+~]{1,5}|$)){4,}", re.MULTILINE)
_GAP = re.compile(r"[ .\-_*·/|,+~]{1,5}")
_GAP_CHARS = " .-_*·/|,+~"


@functools.cache
def _word_costs() -> dict[str, float]:
    """Cost of each word of the shipped word list (``_words.txt``, most frequent first):
    Zipf's law, cost = log(rank)."""
    import math

    try:
        raw = resources.files("hauberk.llm").joinpath("_words.txt").read_text("utf-8")
    except OSError:
        raw = _COMMON_WORDS
    words = [w for w in raw.split() if w.isalpha()]
    return {w: math.log(rank + 2.0) for rank, w in enumerate(words[:50_000])}


def segment(letters: str) -> list[str]:
    """``letters`` (no gaps) split into the cheapest sequence of listed words; a letter
    that starts no listed word stands alone at a high cost."""
    costs = _word_costs()
    low = letters.lower()
    n = len(low)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            word = low[start:end]
            cost = costs.get(word, 25.0 if end - start == 1 else float("inf"))
            if best[start] + cost < best[end]:
                best[end] = best[start] + cost
                back[end] = start
    out = []
    end = n
    while end > 0:
        out.append(letters[back[end] : end])
        end = back[end]
    return out[::-1]


def _join_spaced(m: re.Match[str]) -> str:
    run = m.group(0)
    gaps = _GAP.findall(run.rstrip(_GAP_CHARS))
    usual = Counter(gaps).most_common(1)[0][0] if gaps else " "
    words: list[str] = []
    current = ""
    for piece, gap in zip(_GAP.split(run), [*_GAP.findall(run), ""], strict=False):
        current += piece
        if gap and gap != usual:  # another separator than the one between letters: a word gap
            words.append(current)
            current = ""
    if current:
        words.append(current)
    if len(words) == 1 and len(words[0]) > 7:
        words = segment(words[0])
    trail = run[len(run.rstrip(_GAP_CHARS)) :]
    return " ".join(words) + (" " if trail else "")


def _spaced(text: str) -> str | None:
    out = _SPACED_RUN.sub(_join_spaced, text)
    return out if out != text else None


def _concat(text: str) -> str | None:
    found = list(_QUOTED.finditer(text))
    pieces = [m.group(2) for m in found]
    if len(pieces) < 2 or _listed_phrases(text, found):
        return None
    glued = "".join(pieces)
    return glued if len(glued) >= 8 else None


_LIST_COMMA = re.compile(r"\s*,\s*")


def _listed_phrases(text: str, found: list[re.Match[str]]) -> bool:
    """Round 22: quoted pieces that list whole words apart by commas only are not glued."""
    for a, b in itertools.pairwise(found):
        if not _LIST_COMMA.fullmatch(text, a.end(), b.start()):
            return False
    listed = _word_costs()
    for m in found:
        piece = m.group(2)
        words = _WORD.findall(piece.lower())
        if piece != piece.strip() or not words:
            return False
        if any(w not in _COMMON and w not in listed for w in words):
            return False
    return True


# Order matters only for the cap on views: cheaper, likelier decodings first.
DECODERS: tuple[tuple[str, object], ...] = (
    ("base64", _base64),
    ("hex", _hexa),
    ("percent", _percent),
    ("html_entities", _entities),
    ("unicode_escape", _unicode_escape),
    ("mixed_escapes", _mixed_escapes),
    ("leetspeak", _leetspeak),
    ("spaced", _spaced),
    ("rot13", _rot13),
    ("reversed", _reversed),
    ("reversed_words", _reversed_words),
    ("leetspeak_wide", _leetspeak_wide),
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
    "letterlike",
    *(name for name, _ in DECODERS),
    "upside_down",
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
    flipped = _upside_down(text)  # before folding: the confusables table maps its letters
    if flipped is not None:
        again = normal_form(flipped)
        out.append(View(again.text, ("upside_down", *again.steps)))
        seen.add(again.text)
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
