"""Bytes written as fixed-width digits in a base the text does not name, in symbols it does
not name (round 24): Yubico's modhex (hex as ``cbdefghijklnrtuv``) is one member; any 2-16
symbols (letters, digits, signs, emoji, one code point each) standing for the digits of base
2, 3, 4, 8 or 16, eight, six, four, three or two digits a byte, with or without a separator
between bytes, in either case.

A run is a candidate where it has the shape of such a code (``MIN_BYTES`` groups of one width
apart by spaces or by one sign, or one token of ``MIN_JOINED`` characters or more) over at
most as many symbols as its base has digits. The base follows from the width (or, joined,
from the number of symbols). Before any search the groups must look like the bytes of
prose (``_textlike``): ASCII's first digit is 0 (bases 2 and 3) or 0 and 1 (bases 4 and 8)
and the high nibble of English takes few values (2, 6 and 7 mostly); the commonest group
(the space) stands for 8-40% of them; no invisible character, combining mark or escape is
among them. A hash, a key, a hex dump of binary data, a table's rule, a long identifier in
pairs or a word list stops there. Runs other readers own are left to them (``_owned``): hex
digits in base 16 in any order (hex, EBCDIC, XOR, Intel HEX), DNA bases, binary and the
small bases' own digits where they spell text as written.

The symbols' values are found by maximising the likelihood of the bytes under English
(``_Run.scores``: each byte's frequency, ``_byte_costs``, and the letter pairs of
``_ciphers._pair_log``): every assignment where there are few (bases 2-4, base 8 once the
two commonest first symbols are 0 and 1), else, in base 16, climbs by swaps of two values
from six starts ranked by frequency (``_ranked_starts``) and one seeded random start, then a
climb by swaps and rotations of three from the likeliest. A reading is kept where it is
printable UTF-8 whose words read as English (six in ten listed, three of three letters:
``_ciphers._reads_as_english``'s test); a short run whose likeliest table misses it by a
letter or two has the likeliest of its neighbour tables judged by words (``_polished``).
Bounds: ``MAX_CANDIDATES`` runs searched a text, ``SEARCH_GROUPS`` groups scored, 8 climbs
of ``MAX_CLIMB`` steps of at most 1,240 tables each (bench/llm_radix_alphabets.py times it).

Not read: base32 and base64 in custom alphabets; a permuted alphabet made of the hex
digits themselves (left to the hex readers, see ``_owned``); a run whose case is mixed
within it; a payload without spaces (the commonest-group test); a payload in another
language, or one whose own words are not listed (its vowels written ``@``): the reading must
read as English, since the search itself makes any run's bytes English-like letters and
spaces (9 of the 11 modhex attacks of held-out 20 left unread are Spanish, German, Turkish,
Czech, Finnish or Dutch); a payload that is itself another encoding (hex, base64, Morse).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from types import ModuleType

import numpy as np


def _n() -> ModuleType:
    """``_normalize``, which imports the modules that import this one: looked up at call time."""
    from hauberk.llm import _normalize

    return _normalize


def _ciphers() -> ModuleType:
    from hauberk.llm import _ciphers

    return _ciphers


MIN_BYTES = 12  # groups of a run: fewer are an id, a date or one long word in pairs
MIN_TOP_GROUP = 0.08  # share of the commonest group: the space, one character in six of prose
MAX_SYMBOLS = 16
MIN_JOINED = 2 * MIN_BYTES  # characters of a run without separators: 12 bytes of hex
MAX_CANDIDATES = 4  # runs searched per text: each search costs up to ~10 ms
SEARCH_GROUPS = 160  # groups a search is scored on: the rest of the run decodes by its result
RESTARTS = 1  # random starts of a climb, after the ranked ones
MAX_CLIMB = 80  # swaps a climb makes, at most
MAX_ROTATED = 12  # steps of the last climb, whose rotations score 1,120 tables a step
MAX_EXHAUSTIVE = 5040  # assignments scored all at once below this count (7!)
BASE_OF_WIDTH = {8: 2, 6: 3, 4: 4, 3: 8, 2: 16}
WIDTH_OF_BASE = {b: w for w, b in BASE_OF_WIDTH.items()}
# share of the groups whose first digit is among the few that English text takes: 0 in base
# 2 and 3 (ASCII is below 2**7 and 3**5), 0 or 1 in base 4 and 8, 2, 6, 7 or one more in 16
MIN_FIRST_SHARE = 0.85
_FIRST_VALUES = {2: 1, 3: 1, 4: 2, 8: 2, 16: 4}
_SEPARATORS = " \t\n,;:|/-._·•"
# a gap between groups: spaces, or one sign with spaces after it. Written as "[ \t\n]*" then
# an optional sign then "[ \t\n]+", a long run of spaces could be split between the two in
# every way before the next group failed: quadratic (a PEM header then 16,000 spaces, 0.5 s)
_GAP_PATTERN = r"(?:[ \t\n]*+[,;:|/·•][ \t\n]++|[ \t\n]++)"
_SEPARATED = tuple(
    re.compile(rf"(?<!\S)\S{{{w}}}(?:{_GAP_PATTERN}\S{{{w}}}){{{MIN_BYTES - 1},}}(?!\S)")
    for w in BASE_OF_WIDTH
)
_TOKEN = re.compile(rf"\S{{{MIN_JOINED},}}")
_GAP = re.compile(_GAP_PATTERN)
_EDGES = "\"'`()[]{}<>.,;:!?«»“”"
_JOINERS = re.compile("[\ufe0e\ufe0f\u200d]")  # emoji presentation marks: no digit of their own


@functools.cache
def _byte_costs() -> np.ndarray:
    """Log-probability of each byte in English text, and of nothing past 255: letters by
    their frequency (capitals a twentieth as often), a space one character in six, signs
    and digits rarely, bytes beyond ASCII more rarely, control bytes almost never."""
    freq = np.asarray(_n()._ENGLISH_FREQ, dtype=np.float64)
    freq = freq / freq.sum()
    p = np.full(65536, 1e-12)
    p[:256] = 1e-7
    p[128:256] = 2e-5
    p[33:127] = 1e-3
    p[ord(" ")] = 0.16
    p[ord("\n")] = 3e-3
    for c, share in ((".", 0.01), (",", 0.01), ("'", 3e-3), ('"', 2e-3), ("?", 2e-3), (":", 2e-3)):
        p[ord(c)] = share
    p[48:58] = 1.5e-3
    p[97:123] = 0.74 * freq
    p[65:91] = 0.04 * freq
    costs: np.ndarray = np.log(p / p[:256].sum())
    return costs


def _symbols(run: str) -> str | None:
    """The distinct symbols of ``run``, most frequent first, if it has 2-16."""
    counts = Counter(run)
    if not 2 <= len(counts) <= MAX_SYMBOLS:
        return None
    return "".join(c for c, _ in counts.most_common())


def _trimmed(token: str) -> str:
    """``token`` without a quote, bracket or stop at either end that it holds only there."""
    while token and token[-1] in _EDGES and token.count(token[-1]) == 1:
        token = token[:-1]
    while token and token[0] in _EDGES and token.count(token[0]) == 1:
        token = token[1:]
    return token


def _split_joined(token: str) -> list[str] | None:
    """The groups of a token with one sign between every two (``ab-cd-ef``), if it has one."""
    for width in BASE_OF_WIDTH:
        step = width + 1
        if (len(token) + 1) % step or len(token) < step * (MIN_BYTES - 1):
            continue
        sep = token[width]
        if sep not in _SEPARATORS or token.count(sep) != (len(token) + 1) // step - 1:
            continue
        if all(token[i] == sep for i in range(width, len(token), step)):
            return token.split(sep)
    return None


def _candidates(text: str) -> Iterator[list[str]]:
    """Runs of groups of one width: apart by gaps, apart by one sign, or one joined token
    cut by the width its number of symbols gives (and by two, hex, if that fails first)."""
    for pattern in _SEPARATED:
        for match in pattern.finditer(text):
            yield _GAP.split(match.group(0))
    for match in _TOKEN.finditer(text):
        token = _trimmed(match.group(0))
        groups = _split_joined(token)
        if groups is not None:
            yield groups
            continue
        symbols = _symbols(token)
        if symbols is None:
            continue
        for base in (2, 3, 4, 8, 16):
            width = WIDTH_OF_BASE[base]
            if len(symbols) <= base and len(token) % width == 0 and len(token) >= MIN_BYTES * width:
                yield [token[i : i + width] for i in range(0, len(token), width)]
                if base >= 8:
                    break


def _core(groups: list[str]) -> tuple[list[str], str | None]:
    """``groups`` without a word of the wrapper at either end ("it:" before hex apart by
    spaces): up to two end groups of another width or holding a symbol no other group holds
    are dropped; and the first group dropped at the start, which may be the payload's own
    first byte (``_first_byte``)."""
    counts = Counter("".join(groups))
    width = Counter(map(len, groups)).most_common(1)[0][0]
    first: str | None = None
    for end in (0, -1, 0, -1):
        group = groups[end]
        alone = len(group) != width or any(counts[c] == group.count(c) for c in group)
        if len(groups) > MIN_BYTES and alone:
            counts.subtract(groups.pop(end))
            if end == 0 and first is None:
                first = group
    return groups, first


def _first_byte(run: _Run, table: np.ndarray, group: str | None, symbols: str) -> str:
    """A dropped first group read as the payload's first character ("G" of "Give me", the
    only 4 of its hex): where it has one symbol the run lacks and the table one digit left
    for it, and that makes a letter."""
    if group is None or len(group) != len(run.powers):
        return ""
    unknown = {c for c in group if c not in symbols}
    free = sorted(set(range(run.base)) - set(table[: run.k].tolist()))
    if len(unknown) != 1 or len(free) != 1:
        return ""
    digits = [free[0] if c in unknown else int(table[symbols.index(c)]) for c in group]
    value = int(np.dot(digits, run.powers))
    return chr(value) if value < 128 and chr(value).isalpha() else ""


_DIGITS = "0123456789abcdef"


def _owned(groups: list[str], symbols: str, base: int) -> bool:
    """Whether another reader owns the run: DNA bases (``_encodings._dna`` tries their 24
    orders); hex digits in base 16, whatever their order (hex itself, and the hex of EBCDIC,
    of XORed bytes, of Intel HEX records, each read under its name: searching them too
    cost milliseconds a row); a small base's own digits where they spell text as they stand
    (binary's, octal's, the small bases' readers read it)."""
    folded = symbols.lower()
    if set(symbols) <= set("ACGT") or (base == 16 and set(folded) <= set(_DIGITS)):
        return True
    if not set(folded) <= set(_DIGITS[:base]):
        return False
    table = np.array([_DIGITS.index(c) for c in folded], dtype=np.int64)
    return _Run(groups, symbols, base).text(table) is not None


MAX_TOP_GROUP = 0.4
_ESCAPES = re.compile(r"&#\d+;|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}")
_MARKS = re.compile(r"[\u0300-\u036f\u200b-\u200f\u2060-\u2064\ufeff]")


def _textlike(groups: list[str], base: int) -> bool:
    """Whether the groups could be the bytes of prose: no invisible character or combining
    mark or escape among them (other readers' obfuscations: HTML entities, ``\\u`` escapes),
    a commonest group as common as a space and no commoner (a rule of ``-``, a program of
    ``+``), and first symbols as few as text's first digits are."""
    head = "".join(groups[:SEARCH_GROUPS])
    if _MARKS.search(head) or _ESCAPES.search(head):
        return False
    top = Counter(groups).most_common(1)[0][1]
    if not MIN_TOP_GROUP * len(groups) <= top <= MAX_TOP_GROUP * len(groups):
        return False
    counts = Counter(g[0] for g in groups)
    top = sum(n for _, n in counts.most_common(_FIRST_VALUES[base]))
    return top >= MIN_FIRST_SHARE * len(groups)


class _Run:
    """A run's groups as symbol indices, its distinct groups and how often each stands."""

    def __init__(self, groups: list[str], symbols: str, base: int) -> None:
        index = {c: i for i, c in enumerate(symbols)}
        rows = np.array([[index[c] for c in g] for g in groups], dtype=np.int64)
        self.rows = rows
        self.distinct, inverse, counts = np.unique(
            rows[:SEARCH_GROUPS], axis=0, return_inverse=True, return_counts=True
        )
        self.counts = counts.astype(np.float64)
        inverse = inverse.reshape(-1)
        pairs, pair_counts = np.unique(
            np.stack([inverse[:-1], inverse[1:]], axis=1), axis=0, return_counts=True
        )
        self.pairs = pairs.reshape(-1, 2)
        self.pair_counts = pair_counts.astype(np.float64)
        self.base = base
        self.k = len(symbols)
        self.powers = base ** np.arange(rows.shape[1] - 1, -1, -1)

    def scores(self, tables: np.ndarray) -> np.ndarray:
        """The log-likelihood of the run's bytes under each row of ``tables`` (symbol ->
        digit): of each byte alone, and of the letter classes of each two in a row (bytes
        alone leave letters of like frequency apart by one nibble interchangeable)."""
        values = tables[:, self.distinct] @ self.powers  # (tables, distinct groups)
        costs: np.ndarray = _byte_costs()[values] @ self.counts
        classes = _ciphers()._char_classes(values)
        follow = _ciphers()._pair_log()[classes[:, self.pairs[:, 0]], classes[:, self.pairs[:, 1]]]
        total: np.ndarray = costs + follow @ self.pair_counts
        return total

    def text(self, table: np.ndarray) -> str | None:
        values = table[self.rows] @ self.powers
        if values.max() > 255:
            return None
        decoded: str | None = _n()._printable(bytes(values.astype(np.uint8).tolist()))
        return decoded


def _reads(decoded: str | None) -> bool:
    if decoded is None:
        return False
    share, known = _n()._word_share(decoded[: _n().SAMPLE_CHARS])
    return bool(share >= 0.6 and known >= 3)


def _exhaustive(run: _Run, fixed: dict[int, int]) -> np.ndarray | None:
    """Every table that keeps ``fixed`` (symbol -> digit), or ``None`` if too many."""
    free_symbols = [s for s in range(run.k) if s not in fixed]
    free_digits = [d for d in range(run.base) if d not in fixed.values()]
    count = 1
    for i in range(len(free_symbols)):
        count *= len(free_digits) - i
    if count > MAX_EXHAUSTIVE:
        return None
    picks = np.array(list(itertools.permutations(free_digits, len(free_symbols))), dtype=np.int64)
    tables = np.zeros((len(picks), run.base), dtype=np.int64)
    for s, d in fixed.items():
        tables[:, s] = d
    if free_symbols:
        tables[:, free_symbols] = picks.reshape(len(picks), len(free_symbols))
    return tables


def _first_fixings(run: _Run, groups: list[str], symbols: str) -> list[dict[int, int]]:
    """The assignments of the commonest first symbols to the first digits of ASCII: 0 in
    base 2 and 3, 0 and 1 either way in base 4 and 8; none in base 16."""
    if run.base == 16:
        return [{}]
    first = [symbols.index(c) for c, _ in Counter(g[0] for g in groups).most_common(2)]
    if run.base in (2, 3) or len(first) == 1:
        return [{first[0]: 0}]
    return [{first[0]: 0, first[1]: 1}, {first[0]: 1, first[1]: 0}]


@functools.cache
def _moves(base: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays that swap two values of a table (one of them a symbol's), and that
    rotate three (for the optimum a swap cannot reach: a -> o -> i -> a in hex)."""
    pairs = [(a, b) for a in range(k) for b in range(a + 1, base)]
    swaps = np.tile(np.arange(base), (len(pairs), 1))
    for row, (a, b) in enumerate(pairs):
        swaps[row, a], swaps[row, b] = b, a
    triples = [t for t in itertools.combinations(range(base), 3) if t[0] < k]
    cycles = np.tile(np.arange(base), (2 * len(triples), 1))
    for row, (a, b, c) in enumerate(triples):
        cycles[2 * row, [a, b, c]] = b, c, a
        cycles[2 * row + 1, [a, b, c]] = c, a, b
    return swaps, cycles


def _climb(run: _Run, start: np.ndarray, rotate: bool = False) -> np.ndarray:
    """The best table a climb from ``start`` reaches: each step the best swap, or, with
    ``rotate``, where no swap gains, the best rotation of three."""
    swaps, cycles = _moves(run.base, run.k)
    table, best = start, run.scores(start[None, :])[0]
    for _ in range(MAX_ROTATED if rotate else MAX_CLIMB):
        for moves in (swaps, cycles) if rotate else (swaps,):
            tried = table[moves]
            scores = run.scores(tried)
            i = int(np.argmax(scores))
            if scores[i] > best + 1e-9:
                table, best = tried[i], scores[i]
                break
        else:
            break
    return table


# low nibbles of English text's bytes, likeliest first (e, t/d, a/q, o, i/y, n, s, r, h...)
_LOW_NIBBLES = (5, 4, 1, 15, 9, 14, 3, 2, 8, 12, 0, 13, 7, 6, 11, 10)
_HIGH_NIBBLES = (6, 7, 2)  # small letters a-o, p-z, and the space and signs


def _ranked_starts(run: _Run) -> Iterator[np.ndarray]:
    """Starts for base 16: the three commonest first symbols as 6, 7 and 2 in each order,
    the commonest group under 2 as the space (its second symbol 0), the other symbols by
    frequency to the other nibbles by English's."""
    firsts = [s for s, _ in Counter(run.rows[:, 0].tolist()).most_common(3)]
    overall = [s for s, _ in Counter(run.rows.reshape(-1).tolist()).most_common()]
    groups = Counter(map(tuple, run.rows.tolist()))
    for order in itertools.permutations(firsts):
        table = dict(zip(order, _HIGH_NIBBLES, strict=False))
        spaces = [g for g, _ in groups.most_common() if table.get(g[0]) == 2]
        if spaces and spaces[0][1] not in table:
            table[spaces[0][1]] = 0
        digits = [d for d in _LOW_NIBBLES if d not in table.values()]
        rest = [s for s in overall if s not in table] + [s for s in range(16) if s >= run.k]
        table.update(zip(rest, digits, strict=False))
        yield np.array([table[s] for s in range(16)], dtype=np.int64)


def _climbed(run: _Run) -> Iterator[np.ndarray]:
    """Climbs by swaps from the ranked starts and ``RESTARTS`` random ones, then one by
    swaps and rotations from the likeliest of them (rotations cost 10 times as much)."""
    rng = np.random.default_rng(24)
    randoms = (rng.permutation(run.base) for _ in range(RESTARTS))
    starts = itertools.chain(_ranked_starts(run) if run.base == 16 else (), randoms)
    best, top = None, -np.inf
    for start in starts:
        table = _climb(run, start)
        yield table
        score = run.scores(table[None, :])[0]
        if score > top:
            best, top = table, score
    if best is not None:
        yield _climb(run, best, rotate=True)


MIN_MEAN_SCORE = -7.0  # per byte, where a reading is worth polishing: English text -5.6 to -6
WELL_READ = 0.85  # share of listed words of a reading not polished
POLISHED = 24  # neighbours of the likeliest table judged by words


def _polished(run: _Run, table: np.ndarray) -> tuple[np.ndarray, str] | None:
    """The table, or one of the ``POLISHED`` likeliest of its swaps and rotations, whose
    reading has the most English words (twice: a short run's likeliest table may miss by a
    letter or two, "Pleate thow me your tytsem"), if that reads as English."""
    reading = run.text(table) or ""
    share, known = _n()._word_share(reading[: _n().SAMPLE_CHARS])
    if share >= WELL_READ and known >= 3:
        return table, reading
    if share < 0.6 and run.scores(table[None, :])[0] < MIN_MEAN_SCORE * run.counts.sum():
        return None
    for _ in range(2):
        near = np.concatenate([table[moves] for moves in _moves(run.base, run.k) if len(moves)])
        picks = [table, *near[np.argsort(run.scores(near))[-POLISHED:]]]
        readings = [(run.text(t), t) for t in picks]
        judged = [(_n()._word_share(r[: _n().SAMPLE_CHARS]), r, t) for r, t in readings if r]
        if not judged:
            return None
        (share, known), reading, table = max(judged, key=lambda j: j[0])
    return (table, reading) if share >= 0.6 and known >= 3 else None


def _likelier(run: _Run, table: np.ndarray, best: np.ndarray | None) -> np.ndarray:
    if best is None or run.scores(table[None, :])[0] > run.scores(best[None, :])[0]:
        return table
    return best


def _searched(run: _Run, groups: list[str], symbols: str) -> np.ndarray | None:
    """The likeliest table: of every assignment where there are few, else of the climbs; or
    the first whose reading reads as English."""
    best: np.ndarray | None = None
    for fixed in _first_fixings(run, groups, symbols):
        tables = _exhaustive(run, fixed)
        if tables is None:
            break  # the climbs start from every fixing alike
        best = _likelier(run, tables[int(np.argmax(run.scores(tables)))], best)
        if _reads(run.text(best)):
            return best
    if best is not None:
        return best
    for table in _climbed(run):
        best = _likelier(run, table, best)
        if _reads(run.text(table)):
            return table
    return best


def _read_groups(groups: list[str], searched: list[int]) -> str | None:
    """The run's reading, if it has the shape and first digits of text; ``searched`` counts
    the runs that got as far as a search."""
    groups, first = _core(groups)
    widths = {len(g) for g in groups}
    if len(widths) != 1 or len(groups) < MIN_BYTES:
        return None
    base = BASE_OF_WIDTH.get(widths.pop())
    symbols = _symbols("".join(groups))
    if base is None or symbols is None or len(symbols) > base:
        return None
    if not _textlike(groups, base) or _owned(groups, symbols, base):
        return None
    searched[0] += 1
    run = _Run(groups, symbols, base)
    table = _searched(run, groups, symbols)
    polished = None if table is None else _polished(run, table)
    if polished is None:
        return None
    table, reading = polished
    return _first_byte(run, table, first, symbols) + reading


def _hinted(text: str) -> bool:
    """A token of ``MIN_JOINED`` characters or eight of one short width in a row: in C."""
    return _TOKEN.search(text) is not None or any(p.search(text) for p in _SEPARATED)


def read(text: str) -> str | None:
    """Runs of bytes as fixed-width digits in unnamed symbols, read where the likeliest
    assignment of digits to symbols reads as English; ``MAX_CANDIDATES`` runs per text."""
    head = _JOINERS.sub("", text[: _n().MAX_DECODED_CHARS])
    if not _hinted(head):
        return None
    found: list[str] = []
    searched = [0]
    for groups in itertools.islice(_candidates(head), _n().MAX_RUNS):
        decoded = _read_groups(groups, searched)
        if decoded is not None and decoded not in found:
            found.append(decoded)
        if searched[0] >= MAX_CANDIDATES:
            break
    return "\n".join(found) if found else None
