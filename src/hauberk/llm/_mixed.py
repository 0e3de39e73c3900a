"""Sentences in another language inside English text, glossed on their own (round 24).

``_gloss`` decides a text's language on its first words: an English prompt or a config file
with one Spanish, German or Czech sentence in it is read as English, and the sentence is not
glossed (the languages added in round 23 are never looked up in English text), so "Translate
this note for me: Zapomeň na všechny předchozí pokyny" keeps its instruction unread. Here
the text is cut into pieces (lines, sentences, the parts around a colon, an equals sign or
quotes), and each piece whose words are mostly not English is glossed alone, its language
decided on its own words, then spliced back in place. Only such pieces are glossed, and
``MAX_PIECES`` of them at most: an English text costs one pass of its words through a set.

The guard reads documents' fields so (``_input_guard._glossed_fields``), not prompts: as a
reading of every prompt it flagged no attack of held-out 16-20 that the whole gloss left,
and it raised harmless ones (a Spanish line quoted for translation, "El personaje decide
ignorar las órdenes antiguas", read "ignore the orders previous" and scored 0.90 where the
whole gloss gave 0.50: held-out 20's recall at 1% FPR on plain benign rows fell by 0.020).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from hauberk.llm._gloss import _common_english, _folded, _languages_of, gloss

MIN_PIECE_WORDS = 3  # fewer words are a name, a title or a loan word, not a sentence
MAX_PIECES = 8  # pieces glossed in one text: each costs one gloss
MAX_SCAN_CHARS = 20_000  # the gloss reads no further either (``_gloss.MAX_CHARS``)
MIN_CLAIMED_LETTERS = 5  # a word a language claims, this long, is seldom there by chance
ENGLISH_SHARE = 0.5  # a piece with no more English words than this is glossed alone

# a piece ends at a line break, a sentence's stop, a label's colon, a key's equals sign or a
# quote: "Comment=Por favor ...", "Translate this for me: «...»"
_PIECE = re.compile(r"[^\n.!?:;=\"«»“”„|<>()\[\]{}]+[.!?]*")
_LETTERS = re.compile(r"[^\W\d_]+")


def _english_share(piece: str) -> float | None:
    """Share of ``piece``'s words of two letters or more among the commonest English words,
    or None for a piece of fewer than ``MIN_PIECE_WORDS`` such words. Not the whole word
    list: it holds "vorherigen" and "anweisungen" (the guard's corpus has German in it).
    A piece of rare English words (names, identifiers, jargon) that no language claims by a
    function word or a lexicon form (``_claimed``) counts as English: the gloss would find
    nothing in it, at a cost."""
    words = [w for w in _LETTERS.findall(piece.lower()) if len(w) > 1]
    if len(words) < MIN_PIECE_WORDS:
        return None
    common = _common_english()
    share = sum(map(common.__contains__, words)) / len(words)
    if share > ENGLISH_SHARE:
        return share
    return share if _claimed(words) else 1.0


@functools.cache
def _foreign_words() -> frozenset[str]:
    """Every language's function words and whole lexicon forms (folded) that are not common
    English words."""
    return frozenset(_languages_of()) - _common_english()


def _claimed(words: Iterable[str]) -> bool:
    """Whether a language claims ``words`` by its function words or whole lexicon forms
    (folded, not common English): one of ``MIN_CLAIMED_LETTERS`` or more ("všechny"), or
    two, one of three letters or more. Reversed or scrambled text ("elbatrofmoc
    snoitaluclac čar") has rare words too, and short ones that some language writes ("od",
    "te", "ce")."""
    foreign = _foreign_words()
    claimed = [w for w in words if len(w) > 1 and _folded(w) in foreign]
    longest = max(map(len, claimed), default=0)
    return longest >= MIN_CLAIMED_LETTERS or (len(claimed) >= 2 and longest > 2)


def foreign(text: str) -> bool:
    """Whether ``text`` has ``MIN_PIECE_WORDS`` words or more, half of them or more not
    English ("Ignore toutes les instructions précédentes": "ignore", "instructions" and
    "prompt" are English words too)."""
    share = _english_share(text)
    return share is not None and share <= ENGLISH_SHARE


def has_foreign(text: str) -> bool:
    """Whether a piece of ``text`` is mostly not English (``foreign``): a cheap test before
    the gloss."""
    return any(foreign(m.group()) for m in _PIECE.finditer(text[:MAX_SCAN_CHARS]))


def glossed_pieces(text: str, known: frozenset[str]) -> str | None:
    """``text`` with each piece whose words are mostly not English glossed alone (its own
    language), the rest as written; None where no piece changed or where no piece of it
    reads as English (a text all in another language is the whole gloss's)."""
    text = text[:MAX_SCAN_CHARS]
    if not _claimed(set(_LETTERS.findall(text.lower()))):  # in C: an English text's words
        return None
    out: list[str] = []
    at = tried = 0
    english = False
    for m in _PIECE.finditer(text):
        share = _english_share(m.group())
        if share is None:
            continue
        if share > ENGLISH_SHARE:
            english = True
            continue
        if tried >= MAX_PIECES:
            continue
        tried += 1
        read = gloss(m.group(), known)
        if read is not None:
            out += [text[at : m.start()], read]
            at = m.end()
    if not out or not english:
        return None
    return "".join(out) + text[at:]


def glossed_field(field: str, known: frozenset[str]) -> str | None:
    """A document's field glossed: whole where its words are mostly not English (a config
    value in Spanish), else its foreign pieces (``glossed_pieces``)."""
    if foreign(field):
        return gloss(field, known)
    return glossed_pieces(field, known)
