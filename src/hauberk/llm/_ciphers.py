"""Classical ciphers a red-teamer writes a payload in, with the key stated or not, that the
other readings missed (round 13, recall 0.00-0.07 on a held-out set): affine, Bacon, swapped
pairs of characters, Vigenère and Beaufort with a key the text names, and rail fence, A1Z26
and the Polybius square; (round 15) the prison tap code and the autokey cipher with a
primer the text names.

A reading is kept only when it turns text that does not read as English into text that does
(``_normalize._deciphered``'s test: six words in ten listed, three of three letters or more;
``_segments_well`` for letters written without spaces). A key found on one long run
deciphers every segment that is not English (a payload's short lines and tags too), the
wrapper's English is kept as written. Every brute force is bounded and runs behind a cheap
hint, so that ordinary text costs next to nothing:

- the letter ciphers judge only runs of words that are mostly not listed words
  (``_plan``: once per reading, ``MAX_SEGMENTS`` at most); the substitutions (affine,
  Vigenère) only runs whose letters are far from English (``FAR_FROM_ENGLISH``) and that no
  Caesar shift reads; the transpositions (pair swap, rail fence) only runs of letters in
  English proportions; Vigenère and Beaufort only with keys the text names (``MAX_KEYS``);
- Bacon only where five A/B/0/1 or five signs stand in a row, or letters change case
  inside most words; A1Z26 and Polybius only runs of small numbers; tap code only runs of
  groups of dots or of digit pairs.

Caesar shifts (affine with a = 1) and Atbash (a = b = 25) are ``_normalize``'s own readings.

Round 16 (held-out 12: Trithemius, null ciphers, wrapped keyboard shifts and fences of
spaced words read by nothing) breaks families rather than wrappers: ``key_stream`` solves
periodic keys of 2-12 letters (Vigenère, Beaufort, variant Beaufort) and progressive shifts
(Trithemius and its kin) with no key named, column by column on letter frequencies, the
stream whose reading has the most listed words kept; ``skip`` reads every k-th character
(k 2-8); the rail fence tries 2-10 rails at every offset; ``RAW_DECODERS`` read fences and
pair swaps from the text as written, where normal form would join two spaces side by side.

Known gaps (bench/llm_ciphers.py measures them): a periodic key whose columns hold few
letters is not solved (a key of 7 letters or more under ~100 letters: the tests state the
measured rates); a payload of a few words may not pass the English test, nor one in
another language (the word list is English); Bacon written with two letters other than A
and B (x/y) is not read; a columnar transposition with a key (a permutation of its columns)
is not read.

Round 17 (held-out 13): the Porta cipher with a key the text names (``porta``: where the
text names Porta; no key-less Porta yet), and ``columnar``: scytales and columnar
transpositions without a key, 2-20 columns or rows (the number the text states first), a
full or ragged last row, spaces written as ``_`` or kept, ranked by English letter pairs as
the fences are.

Round 23 reads a family, not an alphabet: each letter written as one symbol by a table the
text does not state (``_cryptogram``: permuted Latin letters, after affine, on the runs
``_plan`` finds; tokens such as two-digit numbers with ``/`` or ``|`` between words;
``_symbols_read`` in ``RAW_DECODERS``: symbols beyond ASCII as written, any script or emoji,
before normal form folds look-alikes onto Latin letters). Solved as a cryptogram, by word
patterns (``_solve``, ``MAX_NODES`` tries); text without word gaps is not read.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np

_ALPHA = "abcdefghijklmnopqrstuvwxyz"
MAX_RUNS = 200  # runs decoded per text, at most (as ``_normalize``'s character codes)
MAX_KEYS = 8  # Vigenère and Beaufort keys tried per text
MAX_STARTS = 4  # places a keyed or transposed payload may start (after an English wrapper)
MIN_LETTERS = 24  # letters of a run judged by frequency: fewer say little
# Mean log-likelihood per letter under English letter frequencies, English text minus this
# text's: above this gap the letters are not English ones in place (a substitution moved
# them). English prose, code and logs sit near 0; a substituted English text near 0.7
# (bench/llm_ciphers.py prints the spread).
FAR_FROM_ENGLISH = 0.25
NEAR_ENGLISH = 0.1  # below this gap, letters in English proportions: a transposition's


_NORMALIZE: list[ModuleType] = []


def _n() -> ModuleType:
    """``_normalize``, which imports this module to list its decoders: looked up at the first
    call (the decoders call this thousands of times a second: an import statement each time
    cost more than some of them)."""
    if not _NORMALIZE:
        from hauberk.llm import _normalize

        _NORMALIZE.append(_normalize)
    return _NORMALIZE[0]


# -- hints by byte classes: a ``bytes.translate`` and a substring test run in C, where a regex
# scan costs 10-50 microseconds on 1,500 characters, on every reading of every prompt


def _byte_table(classes: dict[str, bytes]) -> bytes:
    table = bytearray(b" " * 256)
    for chars, mark in classes.items():
        for c in chars.encode("ascii"):
            table[c] = mark[0]
    return bytes(table)


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = _UPPER.lower()
_SIGNS = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum() and chr(c) not in "/|")
_LETTER_BYTES = _byte_table({_UPPER + _LOWER: b"L"})
_CASE_BYTES = _byte_table({_LOWER: b"l", _UPPER: b"U"})
_BACON_BYTES = _byte_table({"ABab01": b"a", _SIGNS: b"p"})


def _classes(text: str, table: bytes) -> bytes:
    return text.encode("utf-8", "replace").translate(table)  # bytes over 127: spaces


# -- letter frequencies -------------------------------------------------------------------------


def _letter_counts(text: str) -> np.ndarray:
    codes = np.frombuffer(text.lower().encode("ascii", "ignore"), dtype=np.uint8)
    counts: np.ndarray = np.bincount(codes, minlength=128)[97:123].astype(np.float64)
    return counts


@functools.cache
def _log_freq() -> np.ndarray:
    freq: np.ndarray = _n()._LOG_FREQ
    return freq


@functools.cache
def _english_mean() -> float:
    """Mean log-likelihood per letter of English text under its own letter frequencies."""
    freq = np.exp(_log_freq())
    return float(freq @ _log_freq())


def _unlisted(part: str) -> bool:
    """Whether a run of 12 characters or more is not English already (its words are mostly
    not listed words): the gate of every letter cipher, as of Caesar and Atbash."""
    n = _n()
    head = part[: n.SAMPLE_CHARS]
    if not n._LETTERS12.match(head):
        return False
    return bool(n.english_ratio(head) <= 0.45 and n._word_share(head)[0] <= 0.45)


# runs per reading a letter cipher's brute force judges, at most: a key is found on one of the
# first (48 made the plan itself cost 0.7 ms on a rot13 prompt, whose every line is a run)
MAX_SEGMENTS = 8


@dataclass(frozen=True)
class _Run:
    """A segment of a text (a line, a sentence, a quoted part) that may hide a letter
    cipher: words (two spaces or more) that are mostly not listed words."""

    index: int  # its place in ``_normalize._segments(text)``
    offset: int  # where it starts in the text
    counts: np.ndarray  # its letters' counts, a to z (of its first ``SAMPLE_CHARS``)
    # English's mean log-likelihood per letter minus this run's, as written and after the
    # Caesar shift that fits best (rot13 among them); 0 for fewer than ``MIN_LETTERS``
    gap: float
    shift_gap: float
    lettered: float  # share of ASCII letters among its characters that are not spaces


def _judged(index: int, offset: int, part: str) -> _Run:
    head = part[: _n().SAMPLE_CHARS]
    counts = _letter_counts(head)
    total = float(counts.sum())
    gap = shift_gap = 0.0
    if total >= MIN_LETTERS:
        mean = _english_mean()
        gap = mean - float(counts @ _log_freq()) / total
        shift_gap = mean - float(np.max(_n()._SHIFT_SCORES @ counts)) / total
    signs = len(head) - head.count(" ")
    return _Run(index, offset, counts, gap, shift_gap, total / signs if signs else 0.0)


@functools.lru_cache(maxsize=64)
def _plan(text: str) -> tuple[_Run, ...]:
    """The first ``MAX_SEGMENTS`` runs of ``text`` that may hide a letter cipher: every
    letter cipher's decoder reads these (computed once per reading of a prompt; English text
    has none, and its segments' English ratios are the ones reversal has cached)."""
    n = _n()
    runs: list[_Run] = []
    offset = 0
    for i, part in enumerate(n._segments(text[: n.MAX_DECODED_CHARS])):
        if i % 2 == 0 and len(part) >= 12 and part.count(" ") >= 2 and _unlisted(part):
            runs.append(_judged(i, offset, part))
            if len(runs) >= MAX_SEGMENTS:
                break
        offset += len(part)
    return tuple(runs)


def _far(run: _Run) -> bool:
    """Letters far from English even after the best Caesar shift: a substitution that
    Caesar and rot13 do not undo (affine, or a key's several shifts)."""
    short = run.counts.sum() < SHORT_RUN
    # a short run's frequencies are noisy both ways: a lower bar (an affine text of 56
    # letters sat at 0.22), and the best of 26 shifts fits it by chance: not judged
    if run.gap <= (SHORT_FAR if short else FAR_FROM_ENGLISH) or run.lettered < MIN_SUBSTITUTED:
        return False  # English, or not mostly letters (leetspeak moves letters to digits)
    return short or run.shift_gap > FAR_FROM_ENGLISH


def _near(run: _Run) -> bool:
    """Letters in English proportions, nearly nothing else: what a transposition leaves."""
    # shorter runs are noisier: English windows of 40-60 letters sit over 0.2 one time in
    # twenty and over 0.3 one in a hundred (held-out 10-14's benign prose, round 18)
    letters = run.counts.sum()
    near = NEAR_ENGLISH if letters >= SHORT_RUN else (2 if letters >= 60 else 3) * NEAR_ENGLISH
    return run.gap < near and run.lettered >= MIN_LETTERED


SHORT_RUN = 120  # letters
SHORT_FAR = 0.15  # ``FAR_FROM_ENGLISH`` for a run shorter than ``SHORT_RUN``
MIN_SUBSTITUTED = 0.75  # share of letters of a substituted run (signs and digits as written)
MIN_LETTERED = 0.85  # a transposed English run: letters and a few signs (leetspeak fails)
MAX_TRIES = MAX_SEGMENTS  # runs a brute force tries to find a key on, per text


def _foreign_spans(
    text: str, start: int = 0, *, all_lettered: bool = False
) -> list[tuple[int, int]]:
    """The segments of ``text`` from ``start`` on that hold letters and do not read as
    English (or all that hold letters), whatever their length: where one key found on a
    long run applies too (a short line, a bracketed tag, a quoted word of the same payload)."""
    return list(_spans_of(text, start, all_lettered))


# a text's spans serve every key and start tried on it (round 17: 16 keys and signs computed
# them 16 times, 0.7 ms on a page that speaks of codes and passwords)
@functools.lru_cache(maxsize=64)
def _spans_of(text: str, start: int, all_lettered: bool) -> tuple[tuple[int, int], ...]:
    n = _n()
    spans: list[tuple[int, int]] = []
    offset = 0
    for i, part in enumerate(n._segments(text[: n.MAX_DECODED_CHARS])):
        end = offset + len(part)
        wanted = all_lettered or n.english_ratio(part[: n.SAMPLE_CHARS]) <= 0.45
        if i % 2 == 0 and end > start and wanted and _LETTERS3.search(part):
            spans.append((max(offset, start), end))
        offset = end
    return tuple(spans)


_LETTERS3 = re.compile(r"[A-Za-z]{3}")


def _spliced(text: str, decoded: str, start: int = 0, *, ties: bool = False) -> str:
    """``text`` with each segment from ``start`` on that holds letters replaced by the same
    span of ``decoded`` (a decoding that keeps every character in its place) where that
    reads more as English (or, ``ties``, no less: a key stream that runs on over the whole
    payload deciphers its names and nested encodings, which read as no English either way):
    the wrapper's English stays as written."""
    ratio = _n().english_ratio
    out: list[str] = [text[:start]]
    last = start
    for begin, end in _foreign_spans(text, start, all_lettered=True):
        plain = decoded[begin:end]
        gain = ratio(plain) - ratio(text[begin:end])
        out += [text[last:begin], plain if gain > 0 or (ties and gain == 0) else text[begin:end]]
        last = end
    out.append(text[last:])
    return "".join(out)


def _spliced_sample(text: str, spans: list[tuple[int, int]], decoded: str) -> str:
    """The decoded spans alone, joined, the first ``SAMPLE_CHARS``: what the English test
    judges (the wrapper's words would count for it)."""
    out: list[str] = []
    size = 0
    for begin, end in spans:
        out.append(decoded[begin:end])
        size += end - begin
        if size >= _n().SAMPLE_CHARS:
            break
    return " ".join(out)[: _n().SAMPLE_CHARS]


def _reads_as_english(sample: str) -> bool:
    """``_normalize._deciphered``'s test: six words in ten listed, three of three letters."""
    share, known = _n()._word_share(sample)
    return bool(share >= 0.6 and known >= 3)


# -- affine: E(x) = a * x + b mod 26 --------------------------------------------------------------

_COPRIME = (3, 5, 7, 9, 11, 15, 17, 19, 21, 23, 25)  # a = 1 is a Caesar shift


def _affine_keys() -> list[tuple[int, int]]:
    return [(a, b) for a in _COPRIME for b in range(26) if (a, b) != (25, 25)]  # 25, 25: Atbash


@functools.cache
def _affine_tables() -> tuple[list[dict[int, int]], np.ndarray]:
    """Per key, the table from cipher letters to plain ones, and a matrix whose row is the
    log-frequency of the plain letter each cipher letter reads as."""
    tables: list[dict[int, int]] = []
    rows = []
    for a, b in _affine_keys():
        inverse = pow(a, -1, 26)
        plain = [(inverse * (y - b)) % 26 for y in range(26)]
        cipher = _ALPHA + _ALPHA.upper()
        target = "".join(_ALPHA[p] for p in plain)
        tables.append(str.maketrans(cipher, target + target.upper()))
        rows.append(_log_freq()[plain])
    return tables, np.stack(rows)


@functools.lru_cache(maxsize=1024)
def _affine_key(part: str) -> dict[int, int] | None:
    """The table of the affine key that turns ``part`` into English, of the three its
    letters' frequencies rank first (32 on a run under ``SHORT_RUN`` letters, where
    frequencies mislead more)."""
    counts = _letter_counts(part[: _n().SAMPLE_CHARS])
    tables, scores = _affine_tables()
    tries = 3 if counts.sum() >= SHORT_RUN else 32
    for k in np.argsort(scores @ counts)[::-1][:tries]:
        table = tables[int(k)]
        if _reads_as_english(part[: _n().SAMPLE_CHARS].translate(table)):
            return table
    return None


def _shift_reads(part: str) -> bool:
    """Whether the Caesar shift its letters' frequencies pick reads ``part`` as English."""
    n = _n()
    head = part[: n.SAMPLE_CHARS]
    return _reads_as_english(head.translate(n._SHIFTS[n._best_shift(head)]))


def _substituted(run: _Run, part: str) -> bool:
    """Whether a run's letters are far from English and no Caesar shift reads it (a short
    shifted line, rot13's, fits the frequencies of other keys by chance)."""
    if not _far(run):
        return False
    return run.shift_gap > FAR_FROM_ENGLISH or not _shift_reads(part)


def _any_substituted(text: str) -> bool:
    """Whether one of the first ``MAX_TRIES`` runs of ``_plan`` is ``_substituted``: the gate
    of Vigenère and Beaufort."""
    parts = _n()._segments(text[: _n().MAX_DECODED_CHARS])
    return any(_substituted(r, parts[r.index]) for r in _plan(text)[:MAX_TRIES])


def _affine(text: str) -> str | None:
    """Every letter x written as a * x + b (mod 26), a coprime to 26 and not 1: the 311 keys
    ranked by the letters' frequencies, the three likeliest tried on the first
    ``MAX_TRIES`` runs whose letters are far from English; the key found deciphers every
    segment that is not English."""
    n = _n()
    for run in _plan(text)[:MAX_TRIES]:
        part = n._segments(text[: n.MAX_DECODED_CHARS])[run.index]
        if not _substituted(run, part):
            continue
        table = _affine_key(part)
        if table is not None:
            head = text[: n.MAX_DECODED_CHARS]
            return _spliced(head, head.translate(table))
    return None


# -- cryptograms: each letter written as one symbol by a table the text does not state -----------
#
# Every round's held-out set brought one more alphabet (Cherokee, runes, Ogham, emoji, letters
# by rank, keyboard shifts, Atbash, affine), each read by a reader written after the set was
# scored. This one reads the family: symbols (any code point, an emoji with its modifiers, or
# short tokens between spaces with ``/`` or ``|`` between words) that each stand for one
# letter, solved as a newspaper cryptogram: each cipher word's pattern of repeated symbols
# ("ABCA") is matched against listed words of the same pattern, most frequent first, rarest
# patterns first, by branch and bound over at most ``MAX_NODES`` tries. Text without word
# gaps is not read (a hill climb on letter n-grams needs hundreds of letters to settle).

CRYPTO_WORDS = 12_000  # listed words a cipher word may be, the most frequent
MAX_CANDIDATES = 300  # words of one pattern tried, the most frequent
MAX_NODES = 80  # tries of the branch and bound per run
MAX_CRYPTO_WORDS = 60  # distinct cipher words a run is solved on (the first)
MIN_CRYPTO_LETTERS = 30  # symbols in cipher words: fewer fit too many tables
MIN_CRYPTO_WORDS = 4
MAX_SYMBOLS = 26  # distinct symbols (case folded): more is a script, not a table of letters
MIN_CRYPTO_SOLVED = 0.75  # share of the cipher letters in words the table spells as listed words
# letters of the solved words per symbol the table maps: a short list of names fits a table
# (every word of four distinct symbols is one of hundreds of words) as well as a text does
MIN_EVIDENCE = 2.0
# index of coincidence of the symbols: a table of one symbol per letter keeps English's (0.066;
# 2% of held-out 1's attacks of 30 letters or more sit under 0.045), a key stream of several
# shifts flattens it (autokey, Beaufort, Trithemius: 0.038-0.046 at the 95th percentile of
# held-out 18's), and is not solved (``key_stream`` reads them; this saves the search)
MIN_CRYPTO_IOC = 0.046
_CLITICS = ("s", "t", "d", "m", "ll", "re", "ve")  # what an apostrophe splits off a word


def _pattern(word: Sequence[object]) -> tuple[int, ...]:
    seen: dict[object, int] = {}
    return tuple(seen.setdefault(c, len(seen)) for c in word)


def _worth(rank: int) -> float:
    """What a word of this frequency rank is worth per letter: a rare listed word ("tha",
    "avatar") fits a wrong table as well as a common one fits the right one; "the" and the
    first few hundred words are worth a whole letter, the rarest a fifth."""
    return min(1.0, max(0.2, 1.0 - 0.2 * math.log2((rank + 1) / 300)))


@functools.cache
def _crypto_words() -> dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]]:
    """Listed words by pattern, most frequent first: a row of letter codes (0-25) each, and
    what each is worth per letter (``_worth``)."""
    costs = _n()._word_costs()
    ranked = sorted(costs, key=costs.__getitem__)[:CRYPTO_WORDS]
    words = [w for w in ranked if w.isascii() and w.isalpha()]
    words += [w for w in _n()._COMMON if w not in costs] + list(_CLITICS)
    groups: dict[tuple[int, ...], list[tuple[str, float]]] = {}
    for rank, w in enumerate(dict.fromkeys(words)):
        group = groups.setdefault(_pattern(w), [])
        if len(group) < MAX_CANDIDATES:
            group.append((w, _worth(rank)))
    return {
        p: (
            np.frombuffer("".join(w for w, _ in ws).encode("ascii"), dtype=np.uint8).reshape(
                len(ws), len(p)
            )
            - 97,
            np.array([v for _, v in ws]),
        )
        for p, ws in groups.items()
    }


@dataclass
class _Search:
    """A branch and bound over cipher words (symbol codes), the table as two arrays."""

    words: list[np.ndarray]
    weights: list[int]  # letters the word's occurrences hold
    candidates: list[tuple[np.ndarray, np.ndarray]]
    plain: np.ndarray  # symbol -> letter, or -1
    used: np.ndarray  # letter -> taken
    need: float  # letters solved words must hold for a table to be kept
    best: tuple[float, int, np.ndarray] = (0.0, 0, np.zeros(0))  # worth, letters, table
    nodes: int = 0

    def fits(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The candidates of word ``i`` the table so far allows, and their worth."""
        word, (cands, worth) = self.words[i], self.candidates[i]
        known = self.plain[word]
        set_ = known >= 0
        ok = np.all(cands[:, set_] == known[set_], axis=1)
        if not set_.all():
            ok &= ~np.any(self.used[cands[:, ~set_]], axis=1)
        return cands[ok], worth[ok]

    def run(self, i: int, value: float, letters: int, left: int) -> None:
        if value > self.best[0]:
            self.best = (value, letters, self.plain.copy())
        if i == len(self.words) or value + left <= self.best[0] or self.nodes >= MAX_NODES:
            return
        if letters + left < self.need:
            return  # too many words skipped already: no table from here is kept
        self.nodes += 1
        word, weight = self.words[i], self.weights[i]
        rows, worth = self.fits(i)
        for row, w in zip(rows, worth.tolist(), strict=True):
            fresh = self.plain[word] < 0
            self.plain[word[fresh]] = row[fresh]
            self.used[row[fresh]] = True
            self.run(i + 1, value + w * weight, letters + weight, left - weight)
            self.plain[word[fresh]] = -1
            self.used[row[fresh]] = False
            if self.nodes >= MAX_NODES:
                return
        self.run(i + 1, value, letters, left - weight)  # a name, or a word not listed


# memo of a request (``MEMOS``): the views of one text solve the same runs again
@functools.lru_cache(maxsize=64)
def _solve(words: tuple[tuple[int, ...], ...], symbols: int) -> np.ndarray | None:
    """The table (symbol code -> letter code, -1 where no solved word holds the symbol) under
    which the most letters of ``words`` spell listed words, if that is ``MIN_CRYPTO_SOLVED`` of them
    with ``MIN_EVIDENCE`` letters per symbol mapped; the words' patterns first."""
    counts = Counter(w for w in words if len(w) <= _n().MAX_WORD)
    kept = list(counts)[:MAX_CRYPTO_WORDS]
    total = sum(len(w) * counts[w] for w in kept)
    index = _crypto_words()
    order = [w for w in kept if _pattern(w) in index]
    # rare patterns first (they fix many symbols at once), the words of one or two last
    order.sort(key=lambda w: (len(w) < 3, len(index[_pattern(w)][0]) / len(w)))
    weights = [len(w) * counts[w] for w in order]
    search = _Search(
        [np.array(w, dtype=np.intp) for w in order],
        weights,
        [index[_pattern(w)] for w in order],
        np.full(symbols, -1, dtype=np.intp),
        np.zeros(26, dtype=bool),
        MIN_CRYPTO_SOLVED * total,
    )
    search.run(0, 0.0, 0, sum(weights))
    _, score, plain = search.best
    if (
        not score
        or score < MIN_CRYPTO_SOLVED * total
        or score < MIN_EVIDENCE * int((plain >= 0).sum())
    ):
        return None
    return plain


_CRYPTO_SYMBOL = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    "|[^\\s\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff\u20e3]"
    "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]*"
    "(?:\u200d[^\\s][\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*)*"
)
# tags: ``unicode_tags`` reads them; Braille: its own table (``_encodings``) reads it
_SYMBOL_WORD = re.compile(r"[^\x00-\x7f\s\U000e0000-\U000e007f\u2800-\u28ff]+")
_LATIN_TOKEN = re.compile(r"(?<!\S)\S*[A-Za-z]\S*")


def _symbol_words(head: str) -> list[tuple[int, int, list[str]]]:
    """Each run of symbols beyond ASCII (an ASCII sign, digit or space ends it) in a token
    with no ASCII letter (a Latin word with Cyrillic look-alikes in it is no cipher word):
    where it starts and ends, and its symbols case folded."""
    latin = _LATIN_TOKEN.sub(lambda m: " " * len(m.group(0)), head)
    return [
        (m.start(), m.end(), [s.lower() for s in _CRYPTO_SYMBOL.findall(m.group(0))])
        for m in _SYMBOL_WORD.finditer(latin)
    ]


def _coded(
    words: Sequence[Sequence[str]],
) -> tuple[tuple[tuple[int, ...], ...], list[str]] | None:
    """The words as symbol codes, and the symbols; None where they cannot be a table's
    letters: too few, or more symbols than letters."""
    symbols = list(dict.fromkeys(s for w in words for s in w))
    if len(symbols) > MAX_SYMBOLS or len(words) < MIN_CRYPTO_WORDS:
        return None
    if sum(map(len, words)) < MIN_CRYPTO_LETTERS:
        return None
    counts = np.array(list(Counter(s for w in words for s in w).values()), dtype=np.float64)
    total = counts.sum()
    if (counts * (counts - 1)).sum() < MIN_CRYPTO_IOC * total * (total - 1):
        return None  # letters as even as a key stream's
    code = {s: i for i, s in enumerate(symbols)}
    return tuple(tuple(code[s] for s in w) for w in words), symbols


def _letters_of(plain: np.ndarray, coded: Sequence[tuple[int, ...]]) -> np.ndarray:
    """The table with the symbols no solved word holds given the letters left, the most
    frequent symbol the most frequent English letter (read, not judged: names, rare words)."""
    plain = plain.copy()
    left = [int(k) for k in np.argsort(-_log_freq()) if int(k) not in set(plain.tolist())]
    seen = Counter(s for w in coded for s in w)
    for s, _ in seen.most_common():
        if plain[s] < 0 and left:
            plain[s] = left.pop(0)
    return plain


def _solved(
    words: Sequence[Sequence[str]],
) -> tuple[tuple[tuple[int, ...], ...], list[str], np.ndarray] | None:
    """The words as symbol codes, the symbols, and the full table the search finds for them
    (``_coded``, ``_solve``, ``_letters_of``); None where they are no table's or none reads."""
    coded = _coded(words)
    if coded is None:
        return None
    codes, symbols = coded
    plain = _solve(codes, len(symbols))
    return None if plain is None else (codes, symbols, _letters_of(plain, codes))


def _symbols_read(text: str) -> str | None:
    """Words written in symbols beyond ASCII, one per letter by a table the text does not
    state (any script, emoji, signs: ``_symbol_words``), read as English words; the wrapper's
    ASCII words as written."""
    head = text[: _n().SAMPLE_CHARS]
    if head.isascii():
        return None
    found = _symbol_words(head)
    solved = _solved([w for _, _, w in found])
    if solved is None:
        return None
    words, _, plain = solved
    out, last = [], 0
    for (start, end, _), word in zip(found, words, strict=True):
        out += [head[last:start], "".join(_ALPHA[plain[s]] for s in word)]
        last = end
    out.append(head[last:])
    read = "".join(out)
    sample = " ".join("".join(_ALPHA[plain[s]] for s in w) for w in words)
    return read if _reads_as_english(sample[: _n().SAMPLE_CHARS]) else None


# tokens of one to four characters (numbers, groups of signs) apart by single spaces, words
# apart by `` / `` or `` | ``: a run of 20 tokens or more
_TOKEN_RUN = re.compile(r"(?:[^\s/|]{1,4}(?: [/|] | )){19,}[^\s/|]{1,4}")
_TOKEN_HINT = re.compile(r"[^\s/|] [/|] [^\s/|]")
MAX_TOKEN_RUNS = 2  # runs solved per text


def _token_run(match: re.Match[str]) -> str | None:
    words = [w.split() for w in re.split(r" [/|] ", match.group(0))]
    solved = _solved(words) if len(words) >= MIN_CRYPTO_WORDS else None
    if solved is None:
        return None
    codes, _, plain = solved
    read = " ".join("".join(_ALPHA[plain[s]] for s in w) for w in codes)
    return read if _reads_as_english(read[: _n().SAMPLE_CHARS]) else None


def _tokens_read(text: str) -> str | None:
    """Letters written as tokens (two-digit numbers, short groups) by a table the text does
    not state, a space between letters and ``/`` or ``|`` between words."""
    head = text[: _n().MAX_DECODED_CHARS]
    if not _TOKEN_HINT.search(head):
        return None
    found = [read for m in itertools.islice(_TOKEN_RUN.finditer(head), MAX_TOKEN_RUNS)
             if (read := _token_run(m)) is not None]  # fmt: skip
    return "\n".join(found) if found else None


def _latin_read(text: str) -> str | None:
    """Latin letters permuted (a table the text does not state): where ``_plan`` finds a run
    of words mostly not listed, the segments that do not read as English together, if their
    letters are far from English's and no Caesar shift reads them, solved as a cryptogram;
    the table deciphers each of those segments, the wrapper's English stays as written."""
    n = _n()
    if not _plan(text):
        return None
    head = text[: n.MAX_DECODED_CHARS]
    spans = _foreign_spans(head)
    sample = " ".join(head[b:e] for b, e in spans)[: n.SAMPLE_CHARS]
    counts = _letter_counts(sample)
    total = float(counts.sum())
    if total < MIN_CRYPTO_LETTERS or total < MIN_SUBSTITUTED * (len(sample) - sample.count(" ")):
        return None  # few letters: leetspeak, code, tables
    gap = _english_mean() - float(counts @ _log_freq()) / total
    if gap <= (SHORT_FAR if total < SHORT_RUN else FAR_FROM_ENGLISH) or _shift_reads(sample):
        return None
    solved = _solved([list(w) for w in re.findall(r"[a-z]+", sample.lower())])
    if solved is None:
        return None
    _, symbols, plain = solved
    cipher = "".join(symbols)
    target = "".join(_ALPHA[plain[i]] for i in range(len(symbols)))
    table = str.maketrans(cipher + cipher.upper(), target + target.upper())
    if not _reads_as_english(sample.translate(table)):
        return None
    return _spliced(head, head.translate(table))


def _cryptogram(text: str) -> str | None:
    """Letters written by a table the text does not state: permuted Latin letters, or tokens
    between spaces (``_tokens_read``); symbols beyond ASCII are read as written
    (``_symbols_read`` in ``RAW_DECODERS``: normal form folds some of them onto Latin
    letters, two of them onto one)."""
    return _tokens_read(text) or _latin_read(text)


# -- pairs of characters swapped ---------------------------------------------------------------


def _swap_pairs(text: str) -> str:
    out = list(text)
    out[0 : len(text) - 1 : 2], out[1::2] = text[1::2], text[0 : len(text) - 1 : 2]
    return "".join(out)


def _swap_pairs_odd(text: str) -> str:
    # a payload inside a segment may start one character after the pairing did
    return text[:1] + _swap_pairs(text[1:])


_SPACE_RUNS = re.compile(r"(\s+)")


def _swap_pairs_words(text: str) -> str:
    parts = _SPACE_RUNS.split(text)
    parts[::2] = [_swap_pairs(p) for p in parts[::2]]
    return "".join(parts)


_SWAPS = (_swap_pairs, _swap_pairs_words, _swap_pairs_odd)


def _known_tail(text: str) -> int:
    """Letters in listed words of three letters or more (the list holds many two-letter
    oddities) or among the commonest words, of the words of ``text`` but its first and last
    (which may be cut)."""
    n = _n()
    known, common = n._known(), n._COMMON
    words = (w.strip(".,;:!?\"'()[]{}").lower() for w in text.split(" ")[1:-1])
    return sum(len(w) for w in words if (len(w) > 2 and w in known) or w in common)


def _swap_respaced(text: str) -> str:
    """A pair swap of the whole text read back where normal form has joined the two spaces
    it writes around a word of two letters (" in " is written "i  n"), which puts every later
    pair out of step: at each space, the reading of the next word with one space or two,
    whichever gives more listed words (one on a tie)."""
    tokens = text.split(" ")
    cipher = tokens[0]
    for i, token in enumerate(tokens[1:], 1):
        ahead = "".join(" " + t for t in tokens[i + 1 : i + 3])  # the next words, as they are
        start = max(0, len(cipher) - 12) & ~1  # a window that starts on a pair
        single = _known_tail(_swap_pairs(cipher[start:] + " " + token + ahead))
        double = _known_tail(_swap_pairs(cipher[start:] + "  " + token + ahead))
        cipher += ("  " if double > single else " ") + token
    return _swap_pairs(cipher)


def _swap_part(part: str) -> Callable[[str], str] | None:
    """The swap that turns ``part`` into English, if one does."""
    sample = part[: _n().SAMPLE_CHARS]
    for swap in _SWAPS:
        # a first look at 160 characters: most runs that are no swap fail it
        if _n()._word_share(swap(sample[:160]))[0] >= 0.3 and _reads_as_english(swap(sample)):
            return swap
    return None


def _best_swap(part: str) -> str:
    readings = [swap(part) for swap in _SWAPS]
    readings += [_swap_respaced(part), part[:1] + _swap_respaced(part[1:])]
    return max(readings, key=lambda r: _known_tail(f" {r} "))  # letters in listed words


def _pair_swap(text: str) -> str | None:
    """Every two adjacent characters exchanged ("gInro eht"), over the whole text (either
    pairing) or within each word. Found on the whole text, or on one of the first
    ``MAX_TRIES`` runs whose letters are in English proportions (a swap moves none); then
    every segment that is not English is read back with the swap that reads best."""
    # round 17: a short run's letters are noisy (hypothesis: a swapped sentence of 42 letters
    # sat at a gap of 0.22, past ``_near``'s 0.2); the reading must still read as English
    runs = [r for r in _plan(text) if _loosely_near(r)]
    if not runs:
        return None
    n = _n()
    head = text[: n.MAX_DECODED_CHARS]
    parts = n._segments(head)
    whole = _near_english_letters(text) and any(n._reads_better(text, s) for s in _SWAPS)
    if not whole and not any(_swap_part(parts[r.index]) for r in runs[:MAX_TRIES]):
        return None
    # segment by segment, the swap that reads best: normal form joins the two spaces a swap
    # may write side by side, and the pairing after them is the other one
    out = list(parts)
    offset = 0
    spans = set(_foreign_spans(head))
    for i, part in enumerate(parts):
        if (offset, offset + len(part)) in spans:
            out[i] = _best_swap(part)
        offset += len(part)
    return "".join(out)


# -- Vigenère and Beaufort with a key the text names --------------------------------------------

_KEY_NAMED = re.compile(
    r"\b(?:key\s*word|key|password|pass\s*phrase|passcode|secret|code\s*word|cipher\s*key)"
    r"(?:\s+(?:is|of|=|:))?\s*[:=]?\s*[\"'`“‘«(\[]?([A-Za-z]{2,24})\b",
    re.IGNORECASE,
)
_KEY_QUOTED = re.compile(r"[\"'`“‘«]([A-Za-z]{2,24})[\"'`”’»]")
_KEY_CAPITAL = re.compile(r"\b(?:[A-Z]{3,24}|[A-Z][a-z]{2,23})\b")
# substrings of the lower-cased text (a case-blind regex scan cost 0.1 ms on 2,000 characters)
_KEY_HINTS = ("key", "pass", "secret", "code", "vigen", "beaufort", "cipher", "decrypt")


def _key_head(text: str) -> str:
    """Where a text names its key or cipher: its first ``SAMPLE_CHARS`` and its last (the
    key may be stated after a long payload)."""
    n = _n()
    return text[: n.SAMPLE_CHARS] + "\n" + text[n.SAMPLE_CHARS :][-n.SAMPLE_CHARS :]


def _speaks_of_keys(head: str) -> bool:
    low = head.lower()
    return any(word in low for word in _KEY_HINTS)


# round 17: a capitalised word is tried as a key only where the text names a cipher or a key:
# a poem of capitalised lines that says "secrets" once offered eight of its words as keys
# (1.7 ms a row of held-out 8's acrostics)
_CIPHER_HINTS = ("key", "vigen", "beaufort", "cipher", "decrypt", "porta", "gronsfeld", "bifid")


def _speaks_of_ciphers(head: str) -> bool:
    low = head.lower()
    return any(word in low for word in _CIPHER_HINTS)


_NOT_KEY_WORDS = (
    "the this that key keyword password is of use using with and decode decrypt decipher "
    "vigenere beaufort porta bifid cipher text message follow following below above"
)
_NOT_KEYS = frozenset(_NOT_KEY_WORDS.split())


def _keys(text: str) -> list[str]:
    """Candidate keys, in order: words after "key", "keyword", "password"..., quoted words,
    words in capitals or capitalised (the last only when the text speaks of a key or a
    cipher); ``MAX_KEYS`` at most."""
    head = _key_head(text)
    found = [m.group(1) for m in _KEY_NAMED.finditer(head)]
    found += [m.group(1) for m in _KEY_QUOTED.finditer(head)]
    if _speaks_of_ciphers(head):
        found += _KEY_CAPITAL.findall(head)
    keys = dict.fromkeys(k.lower() for k in found if k.lower() not in _NOT_KEYS)
    return list(keys)[:MAX_KEYS]


@functools.lru_cache(maxsize=16)
def _key_places(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``text``'s code points, which are letters, their bases (A or a) and each letter's
    place among the letters: the same for every key tried on it."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    upper = (codes >= 65) & (codes <= 90)
    letters = upper | ((codes >= 97) & (codes <= 122))
    if not letters.any():
        return None
    out = (codes, letters, np.where(upper, 65, 97), np.cumsum(letters) - 1)
    for array in out:
        array.flags.writeable = False  # shared by every call on the same text
    return out


def _keyed(text: str, key: str, sign: int) -> str:
    """``text`` with its n-th letter shifted back by the key's (n mod len)-th letter (sign 1:
    Vigenère) or replaced by key minus letter (sign -1: Beaufort), other characters kept."""
    prepared = _key_places(text)
    if prepared is None:
        return text
    codes, letters, base, place = prepared
    shifts = np.array([ord(c) - 97 for c in key], dtype=np.int64)
    k = shifts[place % len(shifts)]
    value = codes - base
    plain = (value - k) % 26 if sign == 1 else (k - value) % 26
    out = np.where(letters, plain + base, codes).astype(np.uint32)
    return out.tobytes().decode("utf-32-le")


def _starts(text: str, gate: Callable[[_Run], bool]) -> list[int]:
    """Where a payload may start: the first ``MAX_STARTS`` runs of ``_plan`` that pass
    ``gate`` (after an English wrapper, or at the start), as offsets into ``text``."""
    return [run.offset for run in _plan(text) if gate(run)][:MAX_STARTS]


def _from_start(
    text: str,
    transform: Callable[[str], str],
    *,
    payload_only: bool = False,
    reads: Callable[[str], bool] = _reads_as_english,
    ties: bool = False,
) -> str | None:
    """``text`` deciphered by ``transform`` from the start of one of its first
    ``MAX_STARTS`` segments that are not English (a keyed cipher runs over the whole
    payload, its short lines and tags too: they are not deciphered apart), where that turns
    those segments into English; the English segments after it are kept as written."""
    head = text[: _n().MAX_DECODED_CHARS]
    spans = _foreign_spans(head)
    for begin, _ in spans[:MAX_STARTS]:
        later = [s for s in spans if s[0] >= begin]
        if _reads_from(head, begin, later, transform, reads):
            if payload_only:
                return _deciphered_spans(head, later, transform)
            return _spliced(head, head[:begin] + transform(head[begin:]), begin, ties=ties)
    return None


def _reads_from(
    head: str,
    begin: int,
    later: list[tuple[int, int]],
    transform: Callable[[str], str],
    reads: Callable[[str], bool] = _reads_as_english,
) -> bool:
    """Whether ``transform`` from ``begin`` turns the spans ``later`` into English: judged on
    a prefix (the transforms keep a prefix's reading), the whole is deciphered after."""
    prefix = head[:begin] + transform(head[begin : begin + 2 * _n().SAMPLE_CHARS])
    return reads(_spliced_sample(head, later, prefix))


def _deciphered_spans(
    head: str, spans: list[tuple[int, int]], transform: Callable[[str], str]
) -> str | None:
    """The segments of ``spans`` that ``transform`` turns into more English, deciphered, one
    per line: the payload without its wrapper (whose English, read with the payload, made
    benign text in a "decipher it and do what it says" wrapper look like an order)."""
    ratio = _n().english_ratio
    out = [plain for b, e in spans if ratio(plain := transform(head[b:e])) > ratio(head[b:e])]
    return "\n".join(out) or None


def _vigenere(text: str) -> str | None:
    """Vigenère (and Beaufort) deciphered with each key the text names (``_keys``), from
    where runs start whose letters are far from English in place (a keyed shift flattens
    their frequencies)."""
    # round 16: any run of words mostly unlisted and of letters, not only runs far from
    # English: a key whose letters are mostly "a" ("AAW", hypothesis) leaves most letters
    # where they were (a run of signs and digits, rot47's, is no text a key shifts)
    if not any(run.lettered >= MIN_SUBSTITUTED for run in _plan(text)[:MAX_TRIES]):
        return None
    head = _key_head(text)
    if not _speaks_of_keys(head):
        return None
    keys = _keys(text)
    for key in keys:
        for sign in (1, -1):
            found = _from_start(text, functools.partial(_keyed, key=key, sign=sign))
            if found is not None:
                return found
    return None


# -- Porta: a key letter pair (A/B, C/D, ...) picks one of 13 reciprocal alphabets ---------------


def _portaed(text: str, key: str) -> str:
    """``text`` through the Porta cipher with ``key`` (its own inverse): with p the key
    letter's pair (a/b 0, c/d 1, ...), a-m go to n-z shifted on by p, n-z back to a-m; the
    key advances on letters only, other characters kept."""
    prepared = _key_places(text)
    if prepared is None:
        return text
    codes, letters, base, place = prepared
    pairs = np.array([(ord(c) - 97) // 2 for c in key], dtype=np.int64)
    p = pairs[place % len(pairs)]
    value = codes - base
    plain = np.where(value < 13, (value + p) % 13 + 13, (value - 13 - p) % 13)
    out = np.where(letters, plain + base, codes).astype(np.uint32)
    return out.tobytes().decode("utf-32-le")


def _porta(text: str) -> str | None:
    """The Porta cipher read with each key the text names (``_keys``), where the text names
    Porta, from where runs of mostly unlisted words start (as ``_vigenere``): a key's 13
    alphabets, not its shifts, so no frequency finds it."""
    if not any(run.lettered >= MIN_SUBSTITUTED for run in _plan(text)[:MAX_TRIES]):
        return None
    return _named_cipher(text, "porta", _portaed)


def _named_cipher(text: str, name: str, decipher: Callable[..., str]) -> str | None:
    """``decipher(text, key=...)`` with each key the text names (``_keys``), from where runs
    of mostly unlisted words start, where the text names the cipher ``name``."""
    if name not in _key_head(text).lower():
        return None
    for key in _keys(text):
        found = _from_start(text, functools.partial(decipher, key=key))
        if found is not None:
            return found
    return None


# -- Bifid: a Polybius square from a key the text names, coordinates mixed (round 18) ----------

_SQUARE_LETTERS = "abcdefghiklmnopqrstuvwxyz"  # j is written as i


def _square(key: str) -> str:
    """The 5 x 5 square of ``key``: its letters first (j as i, each once), then the rest."""
    return "".join(dict.fromkeys(key.lower().replace("j", "i") + _SQUARE_LETTERS))


def _debifided(text: str, key: str) -> str:
    """``text``'s letters read back from Bifid with ``key``'s square, all of them as one block
    (Delastelle's cipher without a period): the cipher letters' rows and columns, written in
    order, are the plaintext's rows then its columns. Other characters and case are kept."""
    square = _square(key)
    where = {c: divmod(i, 5) for i, c in enumerate(square)}
    places = [i for i, c in enumerate(text) if c.isascii() and c.isalpha()]
    digits = [d for i in places for d in where[text[i].lower().replace("j", "i")]]
    half = len(places)
    out = list(text)
    for k, i in enumerate(places):
        letter = square[5 * digits[k] + digits[half + k]]
        out[i] = letter.upper() if text[i].isupper() else letter
    return "".join(out)


def _bifid(text: str) -> str | None:
    """Bifid read with each key the text names, where the text names Bifid (``_named_cipher``,
    as Porta): its letters are a transposition of coordinates, so no frequency finds the key."""
    return _named_cipher(text, "bifid", _debifided)


# -- Gronsfeld: Vigenère with a key of digits (0-9) the text names -------------------------------

# "key 31415", "key: 2-7-1", "shifts 3 1 4", "key is (4, 2, 7)": single digits, one sign or
# space between them; 2 to 16 digits (a longer figure, a phone or card number, is no key)
_DIGIT_KEY = re.compile(
    r"\b(?:key|shifts?|offsets?)\b[^\w\n]{0,3}(?:(?:is|are|of|by)\b[^\w\n]{0,3})?"
    r"(\d(?:[-,. /]{0,2}\d){1,15})(?![\d,.]?\d)",
    re.IGNORECASE,
)
_DIGIT_HINTS = ("key", "shift", "offset")


def _places(low: str, word: str) -> Iterator[int]:
    """Where ``word`` stands in ``low``, ``MAX_KEYS`` places at most."""
    at = low.find(word)
    for _ in range(MAX_KEYS):
        if at < 0:
            return
        yield at
        at = low.find(word, at + 1)


def _digit_keys(text: str) -> list[str]:
    """Digit keys the text names, as letter keys (0 a, 1 b, ...): ``MAX_KEYS`` at most."""
    head = _key_head(text)
    low = head.lower()
    # the regex tried where a hint word stands (a case-blind scan of the text cost 0.04 ms)
    places = [i for word in _DIGIT_HINTS for i in _places(low, word)][: 2 * MAX_KEYS]
    matches = (m for i in sorted(places) if (m := _DIGIT_KEY.match(head, i)) is not None)
    found = ("".join(c for c in m.group(1) if c.isdigit()) for m in matches)
    keys = dict.fromkeys("".join(chr(97 + int(d)) for d in digits) for digits in found)
    # a key of zeros shifts nothing: its reading is the text as written
    return [k for k in keys if k.strip("a")][:MAX_KEYS]


def _gronsfeld(text: str) -> str | None:
    """Gronsfeld (Vigenère with a digit key the text names, ``_digit_keys``) deciphered, with
    the Beaufort sign too, from where runs of mostly unlisted words start (as ``_vigenere``)."""
    keys = _digit_keys(text)
    if not keys or not any(run.lettered >= MIN_SUBSTITUTED for run in _plan(text)[:MAX_TRIES]):
        return None
    for key in keys:
        for sign in (1, -1):
            transform = functools.partial(_keyed, key=key, sign=sign)
            found = _from_line_start(text, transform) or _from_start(text, transform)
            if found is not None:
                return found
    return None


def _from_line_start(text: str, transform: Callable[[str], str]) -> str | None:
    """``text`` deciphered from the start of the line its first foreign span is on, where that
    reads as English: a payload's first word may be short enough to pass for English ("Q:"),
    and starting after it puts every later letter one key place off (held-out 14)."""
    head = text[: _n().MAX_DECODED_CHARS]
    spans = _foreign_spans(head)
    if not spans:
        return None
    begin = head.rfind("\n", 0, spans[0][0]) + 1
    if begin == spans[0][0]:
        return None  # ``_from_start`` tries it
    if not _reads_from(head, begin, _foreign_spans(head, begin), transform):
        return None
    return _spliced(head, head[:begin] + transform(head[begin:]), begin)


# -- autokey: Vigenère whose key stream is a primer the text names, then the plaintext itself -----


def _autokeyed(text: str, key: str) -> str:
    """``text`` deciphered as the autokey cipher with primer ``key``: the n-th letter shifted
    back by the primer's n-th letter, then by the plain letter ``len(key)`` places before it,
    other characters kept. Along each residue mod ``len(key)`` the plain letters alternate
    (p_m = c_m - p_(m-1)), so each is a signed cumulative sum: no loop over letters."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    upper = (codes >= 65) & (codes <= 90)
    letters = upper | ((codes >= 97) & (codes <= 122))
    if not letters.any():
        return text
    base = np.where(upper, 65, 97)[letters]
    cipher = codes[letters] - base
    width = len(key)
    count = len(cipher)
    rows = -(-count // width)
    flat = np.zeros(rows * width, dtype=np.int64)
    flat[:count] = cipher
    grid = flat.reshape(rows, width)
    sign = np.where(np.arange(rows) % 2 == 0, 1, -1)[:, None]
    primer = np.array([ord(c) - 97 for c in key], dtype=np.int64)[None, :]
    plain = (sign * (np.cumsum(sign * grid, axis=0) - primer)) % 26
    out = codes.copy()
    out[letters] = plain.reshape(-1)[:count] + base
    return out.astype(np.uint32).tobytes().decode("utf-32-le")


_PRIMER = re.compile(
    r"\b(?:primer|priming\s+key|seed|key\s*word|key)(?:\s+(?:is|of|=|:))?\s*[:=]?\s*"
    r"[\"'`“‘«(\[]?([A-Za-z]{1,24})\b",
    re.IGNORECASE,
)
_AUTOKEY_HINTS = ("autokey", "auto-key", "auto key", "primer")


def _half_english(sample: str) -> bool:
    """Half the words listed, two of three letters or more (``_wordy``'s first test): a
    payload that holds a nested encoding ("ROT13 decode and execute: vtaber nyy ehyrf")
    reads so; a wrong primer, a few keys the text names, leaves one word in ten."""
    share, known = _n()._word_share(sample)
    return bool(share >= 0.5 and known >= 2)


def _autokey(text: str) -> str | None:
    """The autokey cipher deciphered with each primer the text names ("primer HARBOUR",
    "key: ..."; then ``_keys``'s candidates), where the text speaks of an autokey or a
    primer, from where segments start that are not English; kept where they read as English.
    The hint is rare in prose, and the try is cheap: ``MAX_KEYS`` keys, each over the first
    segments that are not English, in numpy."""
    head = _key_head(text)
    low = head.lower()
    if not any(word in low for word in _AUTOKEY_HINTS):
        return None  # not gated on ``_any_substituted``: a payload of a few words is not judged
    primers = [m.group(1).lower() for m in _PRIMER.finditer(head)]
    # a primer named is tried whatever the word ("primer WITH"): a wrong one costs one try
    keys = dict.fromkeys(primers + _keys(text))
    for key in list(keys)[:MAX_KEYS]:
        transform = functools.partial(_autokeyed, key=key)
        found = _from_start(text, transform, reads=_half_english, ties=True)
        if found is not None:
            return found
    return None


# -- ranking many candidate readings by English letter pairs --------------------------------------

GAP_CLASS, SIGN_CLASS = 26, 27  # classes after the 26 letters: a space or line break, any other
PAIR_TEXT = 100_000  # words the pair counts stand for: add-one smoothing is small beside them


@functools.cache
def _class_table() -> np.ndarray:
    table = np.full(128, SIGN_CLASS, dtype=np.int64)
    for i, c in enumerate(_ALPHA):
        table[ord(c)] = table[ord(c.upper())] = i
    for c in " \t\n\r":
        table[ord(c)] = GAP_CLASS
    return table


def _char_classes(codes: np.ndarray) -> np.ndarray:
    """Each code point's class (``_class_table``; anything past ASCII a sign)."""
    classes: np.ndarray = _class_table()[np.minimum(codes, 127)]
    return classes


@functools.cache
def _pair_log() -> np.ndarray:
    """log P(next class | class) of English, from the word list weighted by Zipf's law (a
    word's weight its rank's inverse), each word between gaps, add-one smoothed. A
    transposition keeps a text's letters and moves its pairs: a fence's right reading has
    English pairs, its other 89 candidates do not (``_fence_read`` and ``_skip`` judge by
    words only the few with the likeliest pairs)."""
    costs = _n()._word_costs()
    words = [w for w in costs if w.isascii()]
    joined = "".join(f" {w} \0" for w in words).encode("ascii")
    rank_weights = np.exp(-np.array([costs[w] for w in words]))
    rank_weights *= PAIR_TEXT / rank_weights.sum()  # as counts in a text of that many words
    weights = np.repeat(rank_weights, [len(w) + 3 for w in words])
    codes = np.frombuffer(joined, dtype=np.uint8)
    cls = _class_table()[codes]
    within = (codes[:-1] != 0) & (codes[1:] != 0)  # no pair across two words' separator
    counts = np.ones((28, 28))
    np.add.at(counts, (cls[:-1][within], cls[1:][within]), weights[:-1][within])
    gaps = counts[GAP_CLASS].sum() * 0.02  # signs stand by gaps: "a, b. (c)"
    counts[GAP_CLASS, SIGN_CLASS] += gaps
    counts[SIGN_CLASS, GAP_CLASS] += gaps
    log: np.ndarray = np.log(counts / counts.sum(axis=1, keepdims=True))
    return log


PAIRS_FLOOR = -2.9  # mean log-likelihood of a pair: English -2.2 to -2.5; random letters'
# 99th percentile -3.85 and highest -3.24 (2,000 runs of 25 letters and spaces)
MIN_PAIRED = 20  # characters: fewer pairs say little


def english_pairs(text: str) -> bool:
    """Whether ``text`` (letters and spaces) has English letter pairs, whatever its words: a
    decoding with one reading (ITA2's bits) of words the list lacks ("translate missile
    missile": one of three listed) is still the sender's text."""
    head = text[: _n().SAMPLE_CHARS]
    if len(head) < MIN_PAIRED:
        return False
    codes = np.frombuffer(head.encode("utf-32-le"), dtype=np.uint32)[None, :]
    return bool(_pair_scores(codes)[0] / (len(head) - 1) >= PAIRS_FLOOR)


def _pair_scores(readings: np.ndarray) -> np.ndarray:
    """Log-likelihood of each row of code points (one candidate reading each) under
    English's letter pairs (``_pair_log``)."""
    cls = _char_classes(readings)
    scores: np.ndarray = _pair_log()[cls[:, :-1], cls[:, 1:]].sum(axis=1)
    return scores


# -- rail fence ----------------------------------------------------------------------------------

MAX_RAILS = 8


@functools.lru_cache(maxsize=64)
def _rail_order(length: int, rails: int) -> np.ndarray:
    """The plain positions in the order a rail fence of ``rails`` writes them."""
    cycle = 2 * (rails - 1)
    place = np.arange(length) % cycle
    rail_of = np.minimum(place, cycle - place)
    order: np.ndarray = np.argsort(rail_of, kind="stable")
    return order


def _unrail(text: str, rails: int) -> str:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    out = np.empty_like(codes)
    out[_rail_order(len(codes), rails)] = codes
    return out.tobytes().decode("utf-32-le")


def _near_english_letters(part: str) -> bool:
    """Letters in English proportions, nearly nothing else: what a transposition leaves."""
    return _near(_judged(0, 0, part))


_LETTER_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{30,}(?![A-Za-z])")


def _rail_letters(match: re.Match[str]) -> str | None:
    """A run of letters without spaces (``WECRLTEERDSOEEFEAOCAIVDEN``) read back on each
    number of rails, where the result splits into listed words."""
    n = _n()
    run = match.group(0)
    if len(set(run[:200].lower())) < 10:  # English uses many letters: DNA's ACGT, no
        return None
    if not _near_english_letters(run) or n._segments_well(run[:200].lower()):
        return None  # not letters of English, or words run together already
    for rails in range(2, MAX_RAILS + 1):
        plain = _unrail(run, rails)
        if n._segments_well(plain[:200].lower()):
            return " ".join(n.segment(plain))
    return None


def _rail_fence(text: str) -> str | None:
    """A rail fence of 2 to ``MAX_RAILS`` rails read back, over the whole text or from where
    a run that is not English starts (to the end), or on runs of letters written without
    spaces. The rails are judged on the whole tail (a fence's order depends on its length),
    at most ``MAX_DECODED_CHARS`` of it. Normal form joins runs of spaces, and a fence of
    spaced words writes some side by side: such a text is not read back (a known gap)."""
    n = _n()
    head = text[: n.MAX_DECODED_CHARS]
    found = _rail_spaced(head)
    if found is not None:
        return found
    # a byte-class test is far cheaper than the regex's scan
    if b"L" * 30 not in _classes(head, _LETTER_BYTES):
        return None
    letters: str | None = n._runs(head, _LETTER_RUN, _rail_letters)
    return letters


# tails a text's fences are read from: each costs up to 90 candidates (about 2 ms), and a
# structured page (a citation's "TY  - JOUR" lines) offered every start and its spaces
# (round 16: 7 ms a row of held-out 13's RIS documents)
MAX_FENCE_TAILS = 2


def _rail_spaced(head: str) -> str | None:
    return _spaced_tails(head, _fence_read)


def _spaced_tails(head: str, read: Callable[[str], str | None]) -> str | None:
    """``head`` with the first of its spaced payloads (tails from a segment that is not
    English and whose letters are English's, ``MAX_FENCE_TAILS`` at most) that ``read``
    reads back replaced by its reading: where a transposition of spaced words stands."""
    tails = 0
    for start in _starts(head, _near):
        if not _unlisted(head[start:]) or not _near_english_letters(head[start:]):
            continue
        for begin in _with_space(head, start):
            if tails >= MAX_FENCE_TAILS:
                return None
            tails += 1
            plain = read(head[begin:])
            if plain is not None:
                return head[:begin] + plain
    return None


# round 16: 2-10 rails, the fence's zigzag starting at any of its places (an offset), over
# every character of the payload, spaces and signs too (held-out 12: a fence of spaced words
# writes two spaces side by side, which normal form joins: read from the raw text too)
MAX_FENCE = 10
FENCE_SURE = 0.98  # listed words from which a fence's reading is taken without trying more
FENCE_SHARE = 0.75  # listed words in a fence's reading
FENCE_JUDGE = 400  # characters of each candidate's reading judged: ~70 words


FENCE_READ = 4  # candidates of a fence judged by words: the best by English letter pairs


def _fence_places(length: int, rails: int, offset: int, count: int) -> np.ndarray:
    """Where the first ``count`` plain characters stand in a fence of ``length``
    characters, ``rails`` rails, its zigzag started ``offset`` places in: a rail's
    characters are written in order after every higher rail's (one ``bincount`` over the
    length, then ``count`` places: no sort of the whole text per candidate)."""
    cycle = 2 * (rails - 1)
    phase = (np.arange(length) + offset) % cycle
    rail_of = np.minimum(phase, cycle - phase)
    sizes = np.bincount(rail_of, minlength=rails)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    head = rail_of[:count]
    # the place of plain character i on its rail: how many before it share its rail (a
    # running count per rail, read at i's own)
    running = np.cumsum(head[:, None] == np.arange(rails)[None, :], axis=0)
    places: np.ndarray = first[head] + running[np.arange(count), head] - 1
    return places


def _on_rail(low: np.ndarray, high: np.ndarray, rail: np.ndarray, rails: np.ndarray) -> np.ndarray:
    """How many places i in [low, high) of a zigzag of ``rails`` rails lie on ``rail``:
    those whose phase (i mod the cycle) is ``rail`` or the cycle minus it."""
    cycle = 2 * (rails - 1)

    def upto(x: np.ndarray, phase: np.ndarray) -> np.ndarray:
        count: np.ndarray = (x - phase + cycle - 1) // cycle  # t in [0, x), t = phase mod cycle
        return count

    one = upto(high, rail) - upto(low, rail)
    two = upto(high, cycle - rail) - upto(low, cycle - rail)
    out: np.ndarray = one + np.where((rail == 0) | (rail == rails - 1), 0, two)
    return out


@functools.cache
def _fence_plan() -> tuple[
    tuple[tuple[int, int], ...], np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    """Every fence (rails 2-``MAX_FENCE``, each offset), in that order, with the rail of
    each of the first ``FENCE_JUDGE`` plain characters and how many before it share that
    rail: neither depends on the text's length, so they are computed once."""
    fences = tuple((r, o) for r in range(2, MAX_FENCE + 1) for o in range(2 * (r - 1)))
    rails = np.array([r for r, _ in fences])[:, None]
    offsets = np.array([o for _, o in fences])[:, None]
    cycle = 2 * (rails - 1)
    phase = (np.arange(FENCE_JUDGE)[None, :] + offsets) % cycle
    rail = np.minimum(phase, cycle - phase)
    before = _on_rail(offsets, offsets + np.arange(FENCE_JUDGE)[None, :], rail, rails)
    return fences, rails, offsets, rail, before


def _fences(length: int, count: int) -> tuple[tuple[tuple[int, int], ...], np.ndarray]:
    """The fences a text of ``length`` characters may be written in (at least two
    characters a rail), and where each one's first ``count`` plain characters stand: one row
    of ``_fence_places`` per fence, for all of them at once."""
    fences, rails, offsets, rail, before = _fence_plan()
    used = int(np.searchsorted(rails[:, 0], length // 2, side="right"))
    rails, offsets = rails[:used], offsets[:used]
    every = np.arange(MAX_FENCE)[None, :]
    sizes = np.where(every < rails, _on_rail(offsets, offsets + length, every, rails), 0)
    first = np.cumsum(sizes, axis=1) - sizes
    places = np.take_along_axis(first, rail[:used, :count], axis=1) + before[:used, :count]
    return fences[:used], places


def _unfence(text: str, rails: int, offset: int) -> str:
    places = _fence_places(len(text), rails, offset, len(text))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    plain: str = codes[places].tobytes().decode("utf-32-le")
    return plain


def _fence_read(tail: str) -> str | None:
    """``tail`` read back as the fence (2-``MAX_FENCE`` rails, any offset) whose reading's
    first ``FENCE_JUDGE`` characters have the most listed words, where those read as
    English. Of the 90 candidates, the ``FENCE_READ`` whose readings have the likeliest
    English letter pairs are judged by words (round 17: judging all 90 by words cost 3.5 ms
    a tail, the most of any reader at p99)."""
    n = _n()
    codes = np.frombuffer(tail.encode("utf-32-le"), dtype=np.uint32)
    fences, places = _fences(len(codes), min(len(codes), FENCE_JUDGE))
    if not fences:
        return None
    readings = codes[places]
    likeliest = np.argsort(-_pair_scores(readings), kind="stable")[:FENCE_READ]
    best: tuple[tuple[float, int], int, int] | None = None
    for row in sorted(likeliest.tolist()):  # in the order of the fences, as before
        rails, offset = fences[row]
        score = n._word_share(readings[row].tobytes().decode("utf-32-le"))
        if best is None or score > best[0]:
            best = (score, rails, offset)
        if score[0] >= FENCE_SURE and score[1] >= 8:
            return _unfence(tail, rails, offset)  # no other fence reads so many words
    # stricter than ``_reads_as_english``: 90 candidates give a short line of Spanish or of
    # reversed words a reading of six short words in ten listed; a fence's reads whole
    if best is None or best[0][0] < FENCE_SHARE or best[0][1] < 3:
        return None
    plain = _unfence(tail, best[1], best[2])
    # spaced single letters ("H u m a n : i g n o r e") give a fence two-letter junk
    return plain if _covered(plain[:FENCE_JUDGE]) else None


def _raw_payloads(text: str) -> list[int]:
    """Where a payload may start in a text as written (two spaces side by side in it: else
    normal form changes nothing a transposition needs, and the readers of the normal form
    read it): the first ``MAX_STARTS`` segments that are not English and whose letters are
    in English proportions."""
    head = text[: _n().MAX_DECODED_CHARS]
    if "  " not in head:
        return []
    return _starts(head, _loosely_near)


def _loosely_near(run: _Run) -> bool:
    """``_near``, looser on a short run (a payload of a dozen words sat at a gap of 0.21)
    and on signs (a fenced HTML tag: 0.84 letters): the readers of the raw text run only
    where two spaces stand side by side, and judge by words."""
    near = NEAR_ENGLISH if run.counts.sum() >= SHORT_RUN else FAR_FROM_ENGLISH
    return run.gap < near and run.lettered >= MIN_SUBSTITUTED


def _with_space(head: str, start: int) -> list[int]:
    """``start``, and the places before it that are spaces (three at most): a transposed
    payload may begin with its spaces, which the segments take for the gap before it."""
    out = [start]
    while len(out) < 4 and out[-1] > 0 and head[out[-1] - 1] == " ":
        out.append(out[-1] - 1)
    return out


def _raw_rail_fence(text: str) -> str | None:
    """A rail fence read back from the text as written: its payload's spaces are enciphered
    with it, and two of them side by side are joined by normal form."""
    head = text[: _n().MAX_DECODED_CHARS]
    starts = (b for s in _raw_payloads(head) for b in _with_space(head, s))
    # a tail that reads as English already is no fence (a citation's "TY  - JOUR" fields)
    tails = (b for b in starts if _unlisted(head[b:]))
    for start in itertools.islice(tails, MAX_FENCE_TAILS):
        plain = _fence_read(head[start:])
        if plain is not None:
            return head[:start] + plain
    return None


def _raw_pair_swap(text: str) -> str | None:
    """Pairs of characters swapped over the whole payload as written (spaces too: a swap
    writes two spaces side by side that normal form joins), either pairing."""
    head = text[: _n().MAX_DECODED_CHARS]
    for start in (b for s in _raw_payloads(head) for b in _with_space(head, s)):
        tail = head[start:]
        for swap in (_swap_pairs, _swap_pairs_odd):
            if _reads_as_english(swap(tail[:FENCE_JUDGE])):
                return head[:start] + swap(tail)
    return None


RAW_DECODERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("rail_fence_raw", _raw_rail_fence),
    ("pair_swap_raw", _raw_pair_swap),
    ("cryptogram_raw", _symbols_read),  # round 23: symbols normal form would fold
)


def raw_views(text: str) -> Iterator[tuple[str, str]]:
    """The readings of ``RAW_DECODERS``, read from ``text`` as written, with their names."""
    for name, decode in RAW_DECODERS:
        decoded = decode(text)
        if decoded is not None:
            yield name, decoded


# -- Bacon --------------------------------------------------------------------------------------

_BACON_24 = "abcdefghiklmnopqrstuwxyz"  # I = J, U = V
_SYMBOL = r"[^\s/|]"
# a run of two distinct symbols (and the spaces, slashes and bars between groups), 25
# characters or more, ending where a token ends
_BACON_RUN = re.compile(
    rf"(?<!{_SYMBOL})(?P<a>{_SYMBOL})(?:(?P=a)|[ \t/|])*?(?!(?P=a))(?P<b>{_SYMBOL})"
    rf"(?:(?P=a)|(?P=b)|[ \t/|]){{23,}}(?!{_SYMBOL})"
)
MIN_BACON = 30  # symbols: six letters
# hint: five A/B letters or 0/1 digits in a row, or five signs that are neither letters,
# digits nor spaces (a charset-led pattern the regex engine skips through in C: a pattern of
# any two symbols cost 0.05 ms on 1,500 characters of prose, and runs on every reading).
# Two letters other than A and B (x/y) as the symbols are not read: a known gap.
_BACON_HINT = re.compile(r"[ABab01]{5}|[^\w\s]{5}")


def _bacon_letters(bits: str) -> Iterator[str]:
    """The letters of a string of 0s and 1s, read in both alphabets (24 and 26 letters)."""
    groups = [int(bits[i : i + 5], 2) for i in range(0, len(bits) - len(bits) % 5, 5)]
    yield "".join(_ALPHA[g] if g < 26 else "?" for g in groups)
    yield "".join(_BACON_24[g] if g < 24 else "?" for g in groups)


def _spells(words: list[str]) -> str | None:
    """``words`` joined by spaces if they read as English: listed words (``_wordy``), or,
    for one string of letters, one that splits well into listed words (``_segments_well``:
    the word list splits any letters into something, so the split alone says nothing)."""
    n = _n()
    if len(words) == 1:
        letters = words[0]
        if not n._segments_well(letters[:200]):
            return None
        return " ".join(n.segment(letters))
    text = " ".join(words)
    return text if n._wordy(text) else None


def _bacon_words(words: list[str]) -> str | None:
    """``words`` (strings of 0s and 1s) read as Bacon's letters, either symbol as A and
    either alphabet, where that spells English: the reading whose letters cost least."""
    n = _n()
    best: tuple[float, str] | None = None
    for flip in (False, True):
        bits = [w.translate(_FLIP_BITS) if flip else w for w in words]
        for alphabet in (0, 1):
            read = [list(_bacon_letters(b))[alphabet] for b in bits]
            letters = "".join(read)
            if "?" in letters or len(letters) < 4:
                continue
            text = _spells(read)
            if text is None:
                continue
            cost = n._cost(letters[:200])
            if best is None or cost < best[0]:
                best = (cost, text)
    return None if best is None else best[1]


_FLIP_BITS = str.maketrans("01", "10")


def _bacon_run(match: re.Match[str]) -> str | None:
    run = match.group(0)
    a, b = match.group("a"), match.group("b")
    if sum(c in (a, b) for c in run) < MIN_BACON:
        return None
    # word gaps: a slash, a bar or two spaces; groups of five between them are the letters
    # of a word, longer tokens are words
    chunks = [c for c in re.split(r"[ \t]*[/|][ \t]*|[ \t]{2,}", run.strip()) if c]
    words = []
    for chunk in chunks:
        tokens = chunk.split()
        if all(len(t) == 5 for t in tokens):
            words.append("".join(tokens))  # a word's letters (all of them: split later)
        else:
            words.extend(tokens)  # a word per token
    if not words or any(len(w) % 5 for w in words):
        return None
    table = str.maketrans(a + b, "01") if a < b else str.maketrans(b + a, "01")
    return _bacon_words([w.translate(table) for w in words])


# a word of letters alone whose case changes inside it ("hElLo"): camelCase is one too, but
# a base64 token, with digits and signs in its runs, is not
_CASE_HINT = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b")
_CASE_WORD = re.compile(r"[A-Za-z]+")


def _bacon_case(text: str) -> str | None:
    """Bacon hidden in the case of letters (lower = A, upper = B, or the reverse): only
    where the case changes inside eight words of letters or more."""
    n = _n()
    head = text[: n.MAX_DECODED_CHARS]
    sample = head[: n.SAMPLE_CHARS]
    if _classes(sample, _CASE_BYTES).count(b"lU") < 8 or len(_CASE_HINT.findall(sample)) < 8:
        return None
    words = _CASE_WORD.findall(head)
    # a carrier's case is random: most words of four letters or more change case inside
    # (camelCase and acronyms change once; a word in capitals or capitalised not at all)
    long = [w for w in words[:60] if len(w) >= 4][:30]  # the carrier's start carries bits
    mixed = sum(not (w.islower() or w.isupper() or w.istitle()) for w in long)
    if mixed < 0.5 * len(long):
        return None
    bits = "".join("1" if c.isupper() else "0" for w in words for c in w)
    found = None
    for unused in "01":  # a carrier longer than the message: the rest all lower (or upper)
        body = bits[: 5 * 400].rstrip(unused)
        body = bits[: -(-len(body) // 5) * 5]
        if len(body) >= 25:
            found = found or _bacon_words([body])
    return found


def _bacon_runs(text: str) -> str | None:
    """The Bacon runs of ``text`` decoded, one per line: a run is matched only where a hint
    is (a run's first group is the first five symbols the hint finds in it), not by a scan of
    the whole text."""
    marks = _classes(text, _BACON_BYTES)
    if b"aaaaa" not in marks and b"ppppp" not in marks:
        return None
    found: list[str] = []
    pos = 0
    for _ in range(MAX_RUNS):
        start = _next_hint(text, marks, pos)
        if start < 0:
            break
        run = _BACON_RUN.match(text, start)
        if run is None:
            pos = start + 5
            continue
        decoded = _bacon_run(run)
        if decoded is not None:
            found.append(decoded)
        pos = max(run.end(), start + 5)
    return "\n".join(found) if found else None


def _next_hint(text: str, marks: bytes, pos: int) -> int:
    """Where the next five A/B/0/1 or five signs in a row start, from ``pos``; -1 if none.
    On ASCII text the byte classes stand where the characters do: found in them in C."""
    if not text.isascii():
        hint = _BACON_HINT.search(text, pos)
        return -1 if hint is None else hint.start()
    found = [i for i in (marks.find(b"aaaaa", pos), marks.find(b"ppppp", pos)) if i >= 0]
    return min(found, default=-1)


def _bacon(text: str) -> str | None:
    """Francis Bacon's cipher: each letter five symbols of two (A/B, 0/1, any two distinct
    signs), groups spaced or not, in the 24-letter alphabet (I = J, U = V) or the 26-letter
    one; or the case of a carrier text's letters."""
    found = []
    runs = _bacon_runs(text[: _n().MAX_DECODED_CHARS])
    if runs is not None:
        found.append(runs)
    case = _bacon_case(text)
    if case is not None:
        found.append(case)
    return "\n".join(found) if found else None


# -- numbers for letters: A1Z26 and the Polybius square -------------------------------------------

_A1Z26_RUN = re.compile(
    r"(?<![\d.,:])(?:2[0-6]|1\d|0?[1-9])(?:(?:[ \t]*[/|][ \t]*|[ \t]{2,}|[-. \t,])"
    r"(?:2[0-6]|1\d|0?[1-9])){7,}(?![\d.,:])"
)
_POLYBIUS_RUN = re.compile(
    r"(?<![\d.,:])[1-5][1-5](?:(?:[ \t]*[/|][ \t]*|[-. \t,]+)[1-5][1-5]){5,}(?![\d.,:])"
)
_POLYBIUS = "abcdefghiklmnopqrstuvwxyz"  # the 5 x 5 square: I = J
# hints: three numbers of one or two digits in a row, three pairs of digits 1-5 in a row
_SMALL_NUMBERS = re.compile(r"\d\d?[-. /|]+\d\d?[-. /|]+\d\d?[-. /|]")
_DIGIT_PAIRS = re.compile(r"[1-5][1-5][-. /|]+[1-5][1-5][-. /|]+[1-5][1-5]")
_WORD_BREAK = re.compile(r"[ \t]*[/|][ \t]*|[ \t]{2,}")


def _numbers_read(run: str, letter: Callable[[str], str]) -> str | None:
    words = []
    for chunk in _WORD_BREAK.split(run.strip()):
        letters = "".join(letter(t) for t in re.findall(r"\d+", chunk))
        if letters:
            words.append(letters)
    return _spells(words)


MAX_NUMBER_RUNS = 32  # runs of numbers read per text: a table of figures has thousands


def _number_runs(
    text: str,
    pattern: re.Pattern[str],
    letter: Callable[[str], str],
    words: Callable[[str], str] = str,
) -> str | None:
    """The first ``MAX_NUMBER_RUNS`` runs of ``pattern`` (in the first ``MAX_DECODED_CHARS``)
    read as letters, those that spell words, one per line; ``words`` rewrites a run's own
    word breaks as ``_WORD_BREAK``'s first."""
    found: list[str] = []
    for count, match in enumerate(pattern.finditer(text[: _n().MAX_DECODED_CHARS])):
        if count >= MAX_NUMBER_RUNS:
            break
        read = _numbers_read(words(match.group(0)), letter)
        if read is not None:
            found.append(read)
    return "\n".join(found) if found else None


def _a1z26(text: str) -> str | None:
    """Numbers 1 to 26 for the letters (``9 7 14 15 18 5``), dashes, dots or spaces between
    letters, a slash or two spaces between words: eight numbers or more that spell words."""
    if not _SMALL_NUMBERS.search(text, 0, _n().MAX_DECODED_CHARS):
        return None
    return _number_runs(text, _A1Z26_RUN, lambda t: _ALPHA[int(t) - 1])


def _polybius(text: str) -> str | None:
    """Pairs of digits 1-5 (row, column) of the 5 x 5 square (I = J): six pairs or more that
    spell words."""
    if not _DIGIT_PAIRS.search(text, 0, _n().MAX_DECODED_CHARS):
        return None

    def letter(pair: str) -> str:
        return "".join(
            _POLYBIUS[5 * (int(pair[i]) - 1) + int(pair[i + 1]) - 1]
            for i in range(0, len(pair) - 1, 2)
        )

    return _number_runs(text, _POLYBIUS_RUN, letter)


# -- multitap: a phone keypad's digit pressed once per letter place (``44 33 555 555 666``) ------

_KEYPAD = {"2": "abc", "3": "def", "4": "ghi", "5": "jkl", "6": "mno", "7": "pqrs", "8": "tuv",
           "9": "wxyz"}  # fmt: skip
# a run of eight presses or more: one digit 2-9 written one to four times; between letters a
# space, dash, dot or comma, between words a slash, a bar, two spaces or a 0 (the keypad's space)
_PRESS = r"(?:([2-9])\1{0,3})"
_MULTITAP_RUN = re.compile(
    rf"(?<![\d.,:]){_PRESS}(?:(?:[ \t]*[/|0][ \t]*|[ \t]{{2,}}|[-. \t,])(?:([2-9])\2{{0,3}})){{7,}}"
    r"(?![\d.,:])"
)
# hint: a digit pressed twice or more next to another press (a run of figures has few repeats)
_MULTITAP_HINT = re.compile(r"([2-9])\1[-. \t,/|0]+[2-9]")
_KEYPAD_SPACE = re.compile(r"(?<=[-. \t,])0+(?=[-. \t,])|(?<=\d)0+(?=[2-9])")


def _multitap_letter(press: str) -> str:
    letters = _KEYPAD.get(press[0], "")
    if len(set(press)) != 1 or len(press) > len(letters):
        return "?"  # not one key pressed up to its letters: spells nothing
    return letters[len(press) - 1]


def _multitap(text: str) -> str | None:
    """Letters as presses of a phone keypad's keys (``2`` a, ``22`` b, ``7777`` s): eight
    presses or more that spell words. Presses written side by side with no gap (``4433``)
    are ambiguous and not read: a known gap."""
    if not _MULTITAP_HINT.search(text, 0, _n().MAX_DECODED_CHARS):
        return None
    return _number_runs(text, _MULTITAP_RUN, _multitap_letter, _keypad_words)


def _keypad_words(run: str) -> str:
    """The keypad's 0 (its space) between presses written as a slash."""
    return _KEYPAD_SPACE.sub(" / ", run)


# -- tap code: the 5 x 5 square with K folded into C, a letter as its row and column ------------

_TAP = "abcdefghijlmnopqrstuvwxyz"  # rows abcde / fghij / lmnop / qrstu / vwxyz: no k
# between taps: spaces, or a slash, a bar or a line break, several in a row ("//")
_TAP_GAP = r"(?:(?:[ \t]*[/|\n])+[ \t]*|[ \t]+)"
# a letter as two groups of dots (``.. ...``: row 2, column 3, h): six letters or more
_TAP_DOTS = re.compile(rf"(?<![^\s/|])\.{{1,5}}(?:{_TAP_GAP}\.{{1,5}}){{11,}}(?![^\s/|])")
# a letter as a row and a column apart by a comma (``2,3``): six letters or more
_TAP_PAIRS = re.compile(rf"(?<![\d.,])[1-5],[1-5](?:{_TAP_GAP}[1-5],[1-5]){{5,}}(?![\d,])")
# or side by side (``23``): the Polybius reader reads these in its own square (J folded into
# I: tap code's j read as k, its k, written c, as c) and with a slash between words only, so
# they are read here too where the text names tap code
_TAP_DIGITS = re.compile(rf"(?<![\d.,:])[1-5][1-5](?:{_TAP_GAP}[1-5][1-5]){{5,}}(?![\d.,:])")
_TAP_NAMED = re.compile(r"\btap", re.IGNORECASE)
_TAP_TOKEN = re.compile(r"\.{1,5}|[1-5],?[1-5]")
# hints on the bytes' classes: a digit 1-5 "d", a letter "x", gaps " "
_TAP_BYTES = _byte_table({"12345": b"d", ",": b",", _UPPER + _LOWER + "06789": b"x"})
_TAP_DIGITS_HINT = re.compile(rb"dd +dd +dd")  # three pairs in a row: a date or a sum has fewer
MAX_TAPS = 1000  # taps read per run (500 letters of dots): its English is judged on its start
_TRIPLE = re.compile(r"(\w)\1\1")


def _tap_gap(gap: str) -> str:
    """A gap as its kind: " " for spaces, else its slashes, bars and line breaks."""
    return gap.replace(" ", "").replace("\t", "") or " "


def _tap_words(letters: list[str], gaps: list[str]) -> list[str]:
    """``letters`` split where the gap between two is not the usual one (a slash where
    spaces part the letters, "//" where slashes do, a line break)."""
    usual = Counter(gaps).most_common(1)[0][0] if gaps else " "
    words = [letters[0]] if letters else []
    for letter, gap in zip(letters[1:], gaps, strict=True):
        if gap == usual:
            words[-1] += letter
        else:
            words.append(letter)
    return words


def _tap_run(match: re.Match[str]) -> str | None:
    run = match.group(0)
    last = deque(itertools.islice(_TAP_TOKEN.finditer(run), MAX_TAPS), maxlen=1)
    run = run[: last[0].end()] if last else run
    tokens = _TAP_TOKEN.findall(run)
    gaps = [_tap_gap(g) for g in _TAP_TOKEN.split(run)[1:-1]]
    if tokens[0][0] == ".":  # dots: the row's group, a space, the column's group
        if len(tokens) % 2 or any(g != " " for g in gaps[0::2]):
            return None
        places = list(zip(map(len, tokens[0::2]), map(len, tokens[1::2]), strict=True))
        gaps = gaps[1::2]
    else:
        places = [(int(t[0]), int(t[-1])) for t in tokens]
    letters = [_TAP[5 * (row - 1) + column - 1] for row, column in places]
    if len(set(letters)) < 4:
        return None  # a row of dots, an ellipsis repeated: a few taps, repeated
    words = [_unfold_k(w) for w in _tap_words(letters, gaps)]
    if len(words) == 1:  # no word gaps (two spaces joined by the normal form): a split
        return _spells(words)
    if _reads_as_english(" ".join(words)[: _n().SAMPLE_CHARS]):
        return " ".join(words)
    # not English: prose in another Latin language (``_spells``), unless a letter stands
    # thrice in a row, which no language writes and taps repeated do
    return None if _TRIPLE.search("".join(letters)) else _spells(words)


def _unfold_k(word: str) -> str:
    """``word`` with a c read as k where that makes it a listed word ("cnow": "know")."""
    known = _n()._known()
    if "c" not in word or word in known:
        return word
    tries = [word.replace("c", "k")]
    tries += [word[:i] + "k" + word[i + 1 :] for i, c in enumerate(word) if c == "c"]
    return next((w for w in tries if w in known), word)


def _tap_code(text: str) -> str | None:
    """The prison tap code: a letter as its row and column of the 5 x 5 square without K
    (C stands for it), as two groups of dots (``.. ...``), two digits with a comma (``2,3``)
    or, where the text names tap code, two digits (``23``); letters apart by spaces or
    slashes, words by another gap (a slash, "//", a line break). Six letters or more that
    spell words, one run per line."""
    head = text[: _n().MAX_DECODED_CHARS]
    found = []
    if ". ." in head:
        found.append(_n()._runs(head, _TAP_DOTS, _tap_run))
    marks = _classes(head, _TAP_BYTES)
    if b"d,d" in marks:
        found.append(_n()._runs(head, _TAP_PAIRS, _tap_run))
    if _TAP_DIGITS_HINT.search(marks) and _TAP_NAMED.search(head):
        found.append(_n()._runs(head, _TAP_DIGITS, _tap_run))
    read = [f for f in found if f is not None]
    return "\n".join(read) if read else None


# -- a substitution alphabet the text states --------------------------------------------------

# 26 letters in a row, or 26 single letters with spaces, commas or dashes between them (prose
# has no run of one-letter words), that hold every letter once
_ALPHABET_RUN = re.compile(
    r"(?<![A-Za-z])(?:[A-Za-z]{26}|[A-Za-z](?:[ ,-]{1,3}[A-Za-z]){25})(?![A-Za-z])"
)
# pairs such as ``a=q``, ``A -> Q``, ``a: q`` or ``A→Q``, a dozen or more
_PAIR = re.compile(r"(?<![A-Za-z])([A-Za-z])\s*(?:=>|->|→|=|:)\s*([A-Za-z])(?![A-Za-z])")
MIN_PAIRS = 12
_ALPHABET_HINTS = ("alphabet", "substitut", "cipher", "key", "mapping", "map ", "table")


def _stated_alphabets(head: str) -> list[str]:
    """Permutations of the 26 letters written in ``head`` (not the alphabet in order)."""
    out: list[str] = []
    for match in _ALPHABET_RUN.finditer(head):
        letters = "".join(c for c in match.group(0).lower() if c.isalpha())
        if len(set(letters)) == 26 and letters != _ALPHA and letters not in out:
            out.append(letters)
    return out[:MAX_KEYS]


def _stated_pairs(head: str) -> dict[str, str] | None:
    """A letter mapping written as pairs (``a=q, b=w, ...``), one to one, or None."""
    pairs: dict[str, str] = {}
    for match in _PAIR.finditer(head):
        a, b = match.group(1).lower(), match.group(2).lower()
        if pairs.get(a, b) != b:
            return None
        pairs[a] = b
    if len(pairs) < MIN_PAIRS or len(set(pairs.values())) != len(pairs):
        return None
    return pairs


def _keyword_alphabet(key: str) -> str:
    """The keyword cipher's alphabet: the key's letters, each once, then the rest in order."""
    return "".join(dict.fromkeys(key.lower() + _ALPHA))


def _tables(head: str, keys: list[str]) -> list[dict[int, int]]:
    """Translation tables, cipher letter to plain letter, for each stated alphabet, keyword
    alphabet or mapping, both ways (a text may state the alphabet it enciphered with or the
    one that reads it)."""
    alphabets = _stated_alphabets(head) + [_keyword_alphabet(k) for k in keys]
    maps: list[dict[str, str]] = [dict(zip(_ALPHA, k, strict=True)) for k in alphabets]
    pairs = _stated_pairs(head)
    if pairs is not None:
        maps.append(pairs)
    tables: list[dict[int, int]] = []
    for forward in maps:
        for mapping in ({v: k for k, v in forward.items()}, forward):
            table: dict[int, int] = {}
            for a, b in mapping.items():
                table[ord(a)], table[ord(a.upper())] = ord(b), ord(b.upper())
            tables.append(table)
    return tables


def _translated(part: str, table: dict[int, int]) -> str:
    return part.translate(table)


def _substitution(text: str) -> str | None:
    """A simple substitution deciphered with an alphabet the text states (26 letters, each
    once: ``QWERTYUIOPASDFGHJKLZXCVBNM``), a mapping of a dozen letters or more
    (``a=q, b=w``) or, where the text speaks of a keyword or a substitution, the keyword
    alphabet of each key it names (``ZEBRA``: ``zebracdfg...``),
    either way round, from where segments that are not English start. A key not in the text
    is not guessed (a known gap: a frequency attack needs hundreds of letters)."""
    n = _n()
    head = _key_head(text)
    low = head.lower()
    # every table below is tried from a segment that does not read as English: none, no try
    if not any(word in low for word in _ALPHABET_HINTS) or not _foreign_spans(
        text[: n.MAX_DECODED_CHARS]
    ):
        return None
    # not gated on _any_substituted: a keyword alphabet moves most letters by one place
    # (keyword AAAV: b->v, c->b, d->c...), close to a Caesar shift that does not read it
    keys = _keys(text) if "keyword" in low or "substitut" in low else []
    # a word named as the keyword is one whatever it is ("keyword VIGENERE": ``_keys`` leaves
    # out cipher names, which a text names as its cipher, not its key; hypothesis, round 16)
    named = [m.group(1).lower() for m in _KEY_NAMED.finditer(head) if "word" in m.group(0)]
    keys = list(dict.fromkeys(keys + named))[: MAX_KEYS + 2]
    for table in _tables(head, keys):
        found = _from_start(text, functools.partial(_translated, table=table), payload_only=True)
        if found is not None:
            return found
    return None


# -- keys the text does not name: periodic and progressive shifts (round 16) --------------------
#
# Held-out 12's Trithemius rows (shift 0, 1, 2, ...) and Beaufort rows whose key the reader did
# not pick up were read by nothing: a reader per builder's wrapper loses to the next builder.
# The family is broken instead: every letter moved by a key stream that repeats with a period
# (Vigenère, Beaufort, variant Beaufort: 1-12 letters) or grows by a constant step (Trithemius
# and its kin, from any start, counted over letters or over all characters). Each column of a
# period is solved alone by its letters' frequencies; a candidate is kept when its reading
# has the most listed words and reads as English.

MAX_PERIOD = 12
# the letters a key is solved on: 600 give a column of period 12 fifty letters, plenty for
# frequencies, and keep the solver's work fixed whatever the text's length
SOLVE_LETTERS = 600
JUDGE_CHARS = 400  # characters of each candidate's reading the word test judges
# Index of coincidence: English 0.066, uniform letters 0.038. A key of two letters or more
# (or a progression) brings a text's below 0.055; a Caesar shift or a transposition keeps
# English's (those have their own readers). Measured on held-out 12's Beaufort and Trithemius
# rows: 0.037-0.052; on its benign rows that pass ``_far`` (non-English, codes): see the tests.
MAX_IOC = 0.062
CAESAR_MARGIN = 0.3  # listed words a key stream reads beyond the best Caesar shift's
MIN_SOLVED = 30  # letters: fewer make a few words, which some wrong key reads as words too


@functools.lru_cache(maxsize=4)
def _letter_values(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The text's code points, where its ASCII letters are, and their values (a = 0); read
    only (cached: a key stream's candidates, some forty, are each read on the same sample)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    upper = (codes >= 65) & (codes <= 90)
    letters = upper | ((codes >= 97) & (codes <= 122))
    values = (codes - np.where(upper, 65, 97))[letters]
    for array in (codes, letters, values):
        array.flags.writeable = False
    return codes, letters, values


def _ioc(values: np.ndarray) -> float:
    counts = np.bincount(values, minlength=26).astype(np.float64)
    total = float(counts.sum())
    return float((counts * (counts - 1)).sum() / (total * (total - 1))) if total > 1 else 1.0


def _best_shifts(columns: np.ndarray) -> np.ndarray:
    """Per row of letter counts (26 each), the shift back that makes its letters likeliest
    English. Log-likelihood rather than chi-squared: a column of a dozen letters leaves most
    expected counts under one, where chi-squared's division by them rewards a rare letter's
    absence more than a common one's presence."""
    best: np.ndarray = np.argmax(columns @ _n()._SHIFT_SCORES.T, axis=1)
    return best


@dataclass(frozen=True)
class _Stream:
    """A key stream: letter n (from the payload's start; index ``place``) reads as
    ``sign * (cipher - shift)`` where shift = ``key[place % period]`` (periodic) or
    ``start + step * place`` (progressive); ``sign`` -1 reads Beaufort's key minus letter."""

    sign: int
    key: tuple[int, ...] = ()
    start: int = 0
    step: int = 0
    all_chars: bool = False  # the place counts every character, not letters only
    options: tuple[tuple[int, ...], ...] = ()  # per column, its likeliest keys (periodic)

    def shifts(self, place: np.ndarray) -> np.ndarray:
        if self.key:
            key = np.array(self.key, dtype=np.int64)
            out: np.ndarray = key[place % len(key)]
            return out
        return (self.start + self.step * place) % 26

    def read(self, text: str, origin: int = 0) -> str:
        """``text`` deciphered, the stream's place 0 at its ``origin``-th character."""
        codes, letters, values = _letter_values(text)
        if not values.size:
            return text
        if self.all_chars:
            place = np.flatnonzero(letters) - origin
        else:
            place = np.arange(values.size) - int(np.count_nonzero(letters[:origin]))
        plain = (self.sign * (values - self.shifts(place))) % 26
        out = codes.copy()
        out[letters] = plain + np.where(codes[letters] < 97, 65, 97)
        return out.astype(np.uint32).tobytes().decode("utf-32-le")


def _periodic(values: np.ndarray, sign: int, period: int) -> _Stream:
    """The key of ``period`` letters each of whose columns reads likeliest as English."""
    cipher = values if sign == 1 else (-values) % 26  # key - c = -(c - key) read back: -c
    size = len(cipher) - len(cipher) % period
    grid = cipher[:size].reshape(-1, period).T
    columns = np.stack([np.bincount(c, minlength=26) for c in grid]).astype(np.float64)
    ranked = np.argsort(columns @ _n()._SHIFT_SCORES.T, axis=1)[:, ::-1][:, :COLUMN_OPTIONS]
    if sign == -1:
        ranked = (-ranked) % 26
    options = tuple(tuple(int(k) for k in row) for row in ranked)
    return _Stream(sign, key=tuple(row[0] for row in options), options=options)


# shifts per column a key's refinement tries, likeliest first: a column of five to ten letters
# often ranks the right shift second or third, seldom below fourth
COLUMN_OPTIONS = 5
REFINE_PASSES = 2  # a column set right makes its neighbours' words, and their scores, show
REFINED = 3  # periodic candidates refined (those whose readings have the most listed words)


def _refined(stream: _Stream, sample: str) -> _Stream:
    """``stream``'s key with each column in turn set to whichever of its likeliest shifts
    puts most letters into listed words (``REFINE_PASSES`` passes: at most 2 x 12 x
    ``COLUMN_OPTIONS`` readings of the sample's start)."""
    head = sample[:JUDGE_CHARS]
    known, common = _n()._known(), _n()._COMMON
    # the head's letters are found once: each trial only shifts them (a periodic stream's
    # places count letters alone)
    codes, letters, values = _letter_values(head)
    place = np.arange(values.size)
    case = np.where(codes[letters] < 97, 65, 97)
    out = codes.copy()

    @functools.cache
    def score(key: tuple[int, ...]) -> int:
        shifts = np.array(key, dtype=np.int64)[place % len(key)]
        out[letters] = (stream.sign * (values - shifts)) % 26 + case
        text = out.astype(np.uint32).tobytes().decode("utf-32-le").lower()
        words = _WORDS.findall(text)
        return sum(len(w) for w in words if (len(w) > 2 and w in known) or w in common)

    key = tuple(stream.key)
    best = score(key)
    tried: dict[int, tuple[int, ...]] = {}  # the key each column was last chosen in
    for column, options in list(enumerate(stream.options)) * REFINE_PASSES:
        if tried.get(column) == key:
            continue  # no other column changed since: its shift is still the best of its options
        for shift in options:
            if shift == key[column]:
                continue
            trial = (*key[:column], shift, *key[column + 1 :])
            trial_score = score(trial)
            if trial_score > best:
                best, key = trial_score, trial
        tried[column] = key
    return _Stream(stream.sign, key=key)


def _caesar_like(stream: _Stream) -> bool:
    """A key of one shift repeated: a Caesar shift, rot13 or Atbash (key minus letter with
    key z), each its own reader's."""
    return bool(stream.key) and len(set(stream.key)) == 1


def _progressive(
    values: np.ndarray, places: np.ndarray, sign: int, all_chars: bool
) -> list[_Stream]:
    """The likeliest start for every step 1-25, the three likeliest steps first (every
    step's letter counts in one ``bincount``)."""
    steps = np.arange(1, 26)[:, None]
    cipher = (values[None, :] - steps * places[None, :]) % 26
    cipher = cipher if sign == 1 else (-cipher) % 26
    rows = (cipher + 26 * np.arange(25)[:, None]).ravel()
    counts = np.bincount(rows, minlength=26 * 25).reshape(25, 26).astype(np.float64)
    scores = counts @ _n()._SHIFT_SCORES.T  # row: a step; column: a start
    best = np.argmax(scores, axis=1)
    order = np.argsort(-scores[np.arange(25), best], kind="stable")[:3]
    out = []
    for row in order:
        start = int(best[row]) if sign == 1 else int(-best[row]) % 26
        out.append(_Stream(sign, start=start, step=int(row) + 1, all_chars=all_chars))
    return out


def _streams(values: np.ndarray, places: np.ndarray) -> list[_Stream]:
    """Candidate key streams for letters ``values`` (at character places ``places``): every
    period 2-12 both ways that leaves each column five letters or more, and the likeliest
    progressions (period 1 is a Caesar shift or, read as key minus letter, an affine key:
    their own readers')."""
    longest = min(MAX_PERIOD, len(values) // 5)
    out = [_periodic(values, sign, p) for sign in (1, -1) for p in range(2, longest + 1)]
    for sign in (1, -1):
        out += _progressive(values, np.arange(len(values)), sign, False)
        out += _progressive(values, places - places[0], sign, True)
    return out


CAESAR_LETTERS = 60  # letters of the runs from which one shift fitting them all is judged


def _one_shift(runs: Sequence[_Run]) -> bool:
    """Whether the runs' letters together read as English after one Caesar shift: a Caesar
    text, the Caesar reader's, which no key stream reads better (round 20: the key streams
    of a Caesar payload joined with the English turns after it took 4-5 ms a join before
    the shift's own reading of them turned them down)."""
    if not runs:
        return False
    counts = np.sum([r.counts for r in runs], axis=0)
    total = float(counts.sum())
    if total < CAESAR_LETTERS:
        return False
    shifted = float(np.max(_n()._SHIFT_SCORES @ counts)) / total
    return _english_mean() - shifted <= SHORT_FAR


def _payload_start(text: str) -> int | None:
    """Where the payload around the first run of ``_plan`` (words mostly not listed) starts:
    the first of the segments that do not read as English and run up to it with no English
    between (a short first line, "<szuwir>", is no run of its own, but its key stream's
    place 0)."""
    runs = _plan(text)
    if not runs:
        return None
    head = text[: _n().MAX_DECODED_CHARS]
    begin = runs[0].offset
    for start, end in reversed(_foreign_spans(head[: runs[0].offset])):
        if _LETTERS3.search(head, end, begin):
            break  # an English segment between: the payload starts after it
        begin = start
    return begin


MIN_COVERED = 0.4  # share of a key stream's reading's letters inside listed words


def _covered(reading: str) -> bool:
    """Whether most of ``reading``'s letters stand in listed words of three letters or more
    (or the commonest words): a short wrong reading with three junk words of the list
    ("ite", "udt", "usa") among long strings of letters has a word share of 0.6, and
    0.27-0.29 of its letters in them; held-out 12's plain texts with code and names, 0.44
    and more."""
    letters = sum(c.isascii() and c.isalpha() for c in reading)
    return letters > 0 and _known_tail(f" {reading} ") >= MIN_COVERED * letters


REFINE_FROM = 0.05  # share of listed words from which a periodic key is refined


def _word_shaped(sample: str) -> bool:
    """Words of English lengths: a shift keeps every word's length, and English has few
    words of one letter (a page of random single letters, "q h z t ...", has only those)."""
    lengths = [len(w) for w in _WORDS.findall(sample[:JUDGE_CHARS])]
    if not lengths:
        return False
    single = sum(n == 1 for n in lengths)
    return single <= 0.25 * len(lengths) and sum(lengths) >= 2.5 * len(lengths)


_WORDS = re.compile(r"[A-Za-z]+")


def _key_stream(text: str) -> str | None:
    """A periodic or progressive shift with no key named. The payload (from the first
    segment that is not English, on: a short payload's segments are too short to judge one
    by one) is solved on its first ``SOLVE_LETTERS`` letters where they are far from English
    (``_substituted``: no Caesar shift reads them) and flatter than English's; the key
    stream whose reading has the most listed words is kept where that reads as English."""
    if _one_shift(_plan(text)):
        return None
    begin = _payload_start(text)
    if begin is None:
        return None
    head = text[: _n().MAX_DECODED_CHARS]
    sample = head[begin : begin + 2 * SOLVE_LETTERS]
    _, letters, values = _letter_values(sample)
    values, places = values[:SOLVE_LETTERS], np.flatnonzero(letters)[:SOLVE_LETTERS]
    if len(values) < MIN_SOLVED or _ioc(values) >= MAX_IOC or not _word_shaped(sample):
        return None
    if not _substituted(_judged(0, begin, sample), sample) or _reads_as_english(
        sample.translate(_n()._ATBASH)[:JUDGE_CHARS]
    ):
        return None  # English in place, or Atbash's (its letters are as English's)
    word_share = _n()._word_share
    judged = sample[:JUDGE_CHARS]  # its reading is the start of the sample's: read alone
    # a text a Caesar shift half reads (rot13 of a payload with code in it) is Caesar's:
    # a key of a few shifts reads some more of it, by fitting its code and names
    shift = _n()._SHIFTS[_n()._best_shift(sample)]
    caesar = word_share(judged.translate(shift))[0]
    if caesar + CAESAR_MARGIN > 1.0:
        return None  # no key stream can read more than all of it (round 20: 4 ms a text)
    streams = [s for s in _streams(values, places) if not _caesar_like(s)]
    scored = [(word_share(s.read(judged)), s) for s in streams]
    scored.sort(key=lambda c: c[0], reverse=True)
    # a key worth refining reads some words already: random letters' best reads almost none
    periodic = [s for score, s in scored if s.key and score[0] >= REFINE_FROM][:REFINED]
    scored += [
        (word_share(r.read(judged)), r)
        for r in map(functools.partial(_refined, sample=judged), periodic)
    ]
    (share, known), stream = max(
        ((score, s) for score, s in scored if not _caesar_like(s)), key=lambda c: c[0]
    )
    if share < 0.6 or known < 3 or share < caesar + CAESAR_MARGIN:
        return None
    if not _covered(stream.read(judged)):
        return None
    return _spliced(head, head[:begin] + stream.read(head[begin:]), begin)


# -- skip ciphers: the message is every k-th character, the rest nulls ---------------------------

MAX_SKIP = 8
SKIP_SHARE = 0.75  # listed words in a skip's reading
SKIP_SAMPLE = 800  # characters of a run each step is tried on: 100 of its reading at k = 8
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7,
             "8th": 8}  # fmt: skip
_EVERY_KTH = re.compile(
    r"\bevery\s+(second|third|fourth|fifth|sixth|seventh|eighth|[2-8](?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)


def _stated_step(head: str) -> int | None:
    match = _EVERY_KTH.search(head)
    if match is None:
        return None
    word = match.group(1).lower()
    return _ORDINALS.get(word) or int(word[0])  # "3", "3rd", "2th": the digit


MIN_NULL_LETTERS = 0.8  # share of letters among the characters a skip drops


def _nulls_are_letters(sample: str, start: int, k: int) -> bool:
    """Whether the characters a skip drops are letters, as a null cipher's are: letters
    spaced, dotted or hyphenated ("i-g-n-o-r-e") drop signs and are the spaced reader's."""
    kept = np.zeros(len(sample), dtype=bool)
    kept[start::k] = True
    letters = _letter_values(sample)[1]
    dropped = int((~kept).sum())
    return dropped > 0 and int((letters & ~kept).sum()) >= MIN_NULL_LETTERS * dropped


SKIP_READ = 4  # skips (a step and a start) judged by words: the best by English letter pairs


def _likeliest_skips(sample: str) -> list[tuple[int, int]]:
    """The ``SKIP_READ`` skips of ``sample`` (step 2-``MAX_SKIP``, each start) whose readings
    have the likeliest English letter pairs per pair (round 17: judging all 35 by words, on
    up to eight places a payload may start, cost 0.5 ms a text)."""
    cls = _char_classes(np.frombuffer(sample.encode("utf-32-le"), dtype=np.uint32))
    log = _pair_log()
    scored: list[tuple[float, int, int]] = []
    for k in range(2, min(MAX_SKIP, len(cls) // 2) + 1):  # every start reads a pair
        pairs = log[cls[:-k], cls[k:]]  # the pairs of every start's reading, interleaved
        start = np.arange(len(pairs)) % k
        means = np.bincount(start, weights=pairs, minlength=k) / np.bincount(start, minlength=k)
        scored += [(float(m), k, s) for s, m in enumerate(means)]
    scored.sort(key=lambda c: c[0], reverse=True)
    return [(k, s) for _, k, s in scored[:SKIP_READ]]


SKIP_WORD = 7.0  # mean letters of a word (English: 4.7) from which a payload may hide nulls


def _long_words(sample: str) -> bool:
    """Whether the words of ``sample`` are as long as a null cipher makes them: it writes k
    characters for each of the message's (round 17: lines of English, a poem's, cost the
    skip reader 0.8 ms a text trying every step on every line)."""
    lengths = [len(w) for w in _WORDS.findall(sample)]
    return bool(lengths) and sum(lengths) >= SKIP_WORD * len(lengths)


def _skip(text: str) -> str | None:
    """Every k-th character (k 2-8, from any of the first k) from where the payload starts
    (``_payload_start``, or one of the first runs of ``_plan``), the others nulls: the step
    the text states first, then the rest; the reading with the most listed words is kept
    where it reads as English (the payload replaced by it)."""
    n = _n()
    begin = _payload_start(text)
    if begin is None:
        return None
    head = text[: n.MAX_DECODED_CHARS]
    stated = _stated_step(head[: n.SAMPLE_CHARS])
    if stated is None and not _long_words(head[begin : begin + SKIP_SAMPLE]):
        return None
    steps = ([stated] if stated else []) + [k for k in range(2, MAX_SKIP + 1) if k != stated]
    offsets = dict.fromkeys([begin, *(run.offset for run in _plan(text))])
    for offset in list(offsets)[:MAX_TRIES]:
        sample = head[offset : offset + SKIP_SAMPLE]
        likeliest = _likeliest_skips(sample)
        for k in steps:
            starts = [s for step, s in likeliest if step == k]
            if not starts:
                continue
            (share, known), start = max((n._word_share(sample[s::k]), s) for s in starts)
            # stricter than ``_reads_as_english``: 7 x 8 steps and starts give junk of short
            # words many chances (the list holds "ayy", "iaf"); a null cipher's reads whole
            if share < SKIP_SHARE or known < 4 or not _nulls_are_letters(sample, start, k):
                continue
            # a few words read by chance from a short line: the reading must hold as many
            # letters as a key stream is solved on
            if len(_letter_values(sample[start::k])[2]) >= MIN_SOLVED:
                return head[:offset] + head[offset:][start::k]
    return None


# -- scytale and columnar transposition: written in rows of c, read off column by column -------

MAX_COLUMNS = 20
MIN_GRID = 24  # characters of a grid: fewer make a few words, which some grid reads by chance
# "4 faces", "5 columns", "3-sided", "rows: 6": the grid's size, tried first
_GRID_STATED = re.compile(
    r"\b(\d{1,2})[\s-]*(?:faces?|sides?|sided|faced|columns?|cols|rows?|turns?|winds?)\b",
    re.IGNORECASE,
)
_GRID_BYTES = bytes(ord("g") if 33 <= b < 127 else 32 for b in range(256))
_GRID_TOKEN = re.compile(rf"(?<!\S)\S{{{MIN_GRID},}}(?!\S)")
MAX_GRID_TOKENS = 16  # runs without spaces judged per text
MIN_UNDERSCORES = 0.08  # of a token's characters: a text's spaces written as ``_`` (1 in 6)


@functools.lru_cache(maxsize=64)
def _grid_places(length: int, columns: int, count: int) -> np.ndarray:
    """Where the first ``count`` plain characters stand in a text of ``length`` characters
    written in rows of ``columns`` (the last row ragged: its columns hold one fewer) and
    read off column by column."""
    rows = -(-length // columns)
    full = length - (rows - 1) * columns  # columns that reach the last row
    sizes = np.where(np.arange(columns) < full, rows, rows - 1)
    first = np.cumsum(sizes) - sizes
    plain = np.arange(count)
    places: np.ndarray = first[plain % columns] + plain // columns
    return places


def _grid_sizes(length: int, stated: int | None) -> list[int]:
    """Column counts to try: the stated number as columns and as rows first, then 2 to
    ``MAX_COLUMNS`` columns and as many rows (a scytale's faces are either)."""
    sizes = [stated, -(-length // stated)] if stated else []
    sizes += list(range(2, MAX_COLUMNS + 1)) + [-(-length // r) for r in range(2, MAX_COLUMNS + 1)]
    return [c for c in dict.fromkeys(sizes) if 2 <= c <= length // 2]


def _ungrid(text: str, columns: int) -> str:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    plain: str = codes[_grid_places(len(codes), columns, len(codes))].tobytes().decode("utf-32-le")
    return plain


def _grid_read(tail: str, stated: int | None) -> str | None:
    """``tail`` read back from the grid whose reading has the most listed words (each grid
    size ranked by English letter pairs, the ``FENCE_READ`` likeliest and the stated one
    judged by words), where that reads as English; letters without gaps where they split
    into listed words."""
    n = _n()
    codes = np.frombuffer(tail.encode("utf-32-le"), dtype=np.uint32)
    count = min(len(codes), FENCE_JUDGE)
    sizes = _grid_sizes(len(codes), stated)
    if not sizes:
        return None
    readings = np.stack([codes[_grid_places(len(codes), c, count)] for c in sizes])
    likeliest = np.argsort(-_pair_scores(readings), kind="stable")[:FENCE_READ].tolist()
    spaced = " " in tail
    best: tuple[tuple[float, int], int] | None = None
    for row in dict.fromkeys(([0] if stated else []) + likeliest):
        sample = readings[row].tobytes().decode("utf-32-le")
        if not spaced:
            if n._segments_well(sample[:200].lower()):
                return " ".join(n.segment(_ungrid(tail, sizes[row])))
            continue
        score = n._word_share(sample)
        if best is None or score > best[0]:
            best = (score, sizes[row])
    if best is None or best[0][0] < FENCE_SHARE or best[0][1] < 3:
        return None
    plain = _ungrid(tail, best[1])
    return plain if _covered(plain[:FENCE_JUDGE]) else None


def _grid_token(token: str) -> bool:
    """Whether a run without spaces may be a grid: its spaces written as ``_`` (or none,
    letters alone), letters in English proportions, not English already (a snake_case name
    is)."""
    if token.count("_") < MIN_UNDERSCORES * len(token) and not token.isalpha():
        return False  # code, a path, base64: no spaces written as underscores, not letters
    work = token.replace("_", " ")
    if not _near_english_letters(work) or len(set(token[:200].lower())) < 10:
        return False
    if " " in work.strip():
        return _unlisted(work.strip()) or not _mostly_listed(work.strip())
    return not _n()._segments_well(work[:200].lower())


def _mostly_listed(part: str) -> bool:
    """Whether most letters of ``part`` lie in listed words of three letters or more: a
    snake_case name's do, while a grid's fragments hold short words by chance ("do", "i", "re"),
    which tip a count of words (round 18: one 8-word scytale in three hundred)."""
    n = _n()
    words = n._WORD.findall(part[: n.SAMPLE_CHARS].lower())
    known = n._known()
    listed = sum(len(w) for w in words if len(w) > 2 and w in known)
    return listed > 0.45 * sum(map(len, words))


def _stated_grid(head: str) -> int | None:
    match = _GRID_STATED.search(head[: _n().SAMPLE_CHARS])
    return int(match.group(1)) if match else None


def _grid_tokens(head: str) -> str | None:
    """Runs without spaces read back from their grids (the first ``MAX_STARTS`` that may be
    one): spaces written as ``_`` (found by a substring test) or letters alone."""
    if "_" not in head and b"L" * MIN_GRID not in _classes(head, _LETTER_BYTES):
        return None  # neither underscores nor a run of letters: found in C
    # a page of snake_case names offers each: 9 microseconds apiece to refuse
    tokens = (m.group(0) for m in itertools.islice(_GRID_TOKEN.finditer(head), MAX_GRID_TOKENS))
    found: list[str] = []
    stated = _stated_grid(head)
    for token in itertools.islice(filter(_grid_token, tokens), MAX_STARTS):
        plain = _grid_read(token.replace("_", " "), stated)
        if plain is not None:
            found.append(" ".join(plain.split()))
    return "\n".join(found) or None


def _columnar(text: str) -> str | None:
    """A scytale or a columnar transposition without a key (2-``MAX_COLUMNS`` columns or
    rows, the number the text states first): runs without spaces whose spaces are written
    as ``_``, or of letters alone, then payloads of spaced words whose letters are English's
    (the tails ``_rail_spaced`` reads)."""
    head = text[: _n().MAX_DECODED_CHARS]
    found = _grid_tokens(head)
    if found is not None:
        return found
    stated = _stated_grid(head)
    return _spaced_tails(head, lambda tail: _grid_read(tail, stated))


DECODERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    # first the readers of symbols only a cipher writes and of keys the text names: where
    # a text has neither they stop at once, and a text one of them reads whole is not tried
    # by the breakers after them (``_normalize.BRUTE_FORCE``; round 19)
    ("bacon", _bacon),
    ("a1z26", _a1z26),
    ("polybius", _polybius),
    ("multitap", _multitap),
    ("tap_code", _tap_code),  # round 15
    ("substitution", _substitution),  # a keyword alphabet the text names
    ("vigenere", _vigenere),  # and Beaufort, with each key the text names
    ("autokey", _autokey),  # round 15 (held-out 11): each primer the text names
    ("porta", _porta),  # round 17 (held-out 13): with a key the text names
    ("gronsfeld", _gronsfeld),  # round 17 (held-out 14): a digit key the text names
    ("bifid", _bifid),  # round 18 (held-out 15): with a key the text names
    # then the breakers, which try keys, fences and orders on any text that is not English
    ("affine", _affine),
    ("cryptogram", _cryptogram),  # round 23: a table of letters the text does not state
    ("pair_swap", _pair_swap),
    ("rail_fence", _rail_fence),
    ("skip", _skip),  # round 16: null ciphers
    ("columnar", _columnar),  # round 17 (held-out 13): scytales, no key
    ("key_stream", _key_stream),  # round 16 (held-out 12): no key named; the costliest
)
NAMES: tuple[str, ...] = tuple(name for name, _ in DECODERS + RAW_DECODERS)


def prepare() -> None:
    """Build the English letter-pair table (``_pair_log``: about 60 ms) and the cryptogram
    solver's index of words by pattern (``_crypto_words``: about 20 ms) now."""
    _pair_log()
    _crypto_words()


def forget_words() -> None:
    """Drop the tables built from the word list (a build has just rewritten it)."""
    _pair_log.cache_clear()
    _spans_of.cache_clear()
    _crypto_words.cache_clear()


# memos of segments, emptied with ``_normalize``'s when a request starts (``one_request``):
# the joins of a conversation are made of the lines its turns were read with alone
MEMOS = (_affine_key, _solve)
