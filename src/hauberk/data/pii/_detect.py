"""Find personal data in free text: pattern candidates, then validators that drop lookalikes.

A rewrite of Presidio's pattern path rather than a call into it: the same patterns and context
words (``_patterns``), but one pass per entity type with a cheap trigger before each pattern,
checksums and issuing rules on every candidate (``_checksums``), ``phonenumbers`` only on
phone-shaped candidates instead of its matcher over the whole text once per region, and one
overlap resolution so a span gets one type. ``bench/data_pii.py`` measures it against
Presidio's AnalyzerEngine with the same recognizers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from hauberk.data.pii import _patterns as pt

CONTEXT_CHARS = 64
COLUMN_BONUS = 0.2
MAX_TEXT_CHARS = 1_000_000
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")  # Presidio's default regions


@dataclass(frozen=True, order=True)
class Entity:
    """One piece of personal data: its type, where it is (``text[start:end]``), a score."""

    start: int
    end: int
    type: str
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "score": self.score}


@functools.cache
def _suffixes() -> Any:
    import tldextract

    # The public-suffix list bundled with tldextract: never fetched over the network.
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


MAX_HOST_CHARS = 253  # RFC 1035: a longer name is no host (and is not kept in the memo below)


def _domain_ok(host: str) -> tuple[bool, str]:
    if len(host) > MAX_HOST_CHARS:
        return False, ""
    return _listed_domain(host)


@functools.lru_cache(maxsize=65536)
def _listed_domain(host: str) -> tuple[bool, str]:
    parts = _suffixes()(host.lower())
    return bool(parts.suffix and parts.domain), parts.suffix


_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_DOTTED4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")


@functools.cache
def _national(region: str) -> tuple[str, frozenset[int]]:
    """A region's trunk prefix and the lengths its national numbers can have (phonenumbers'
    metadata)."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    assert meta is not None and meta.general_desc is not None
    return meta.national_prefix or "", frozenset(meta.general_desc.possible_length or ())


def _groups(text: str) -> tuple[int, ...]:
    return tuple(len(g) for g in re.findall(r"\d+", text))


@functools.lru_cache(maxsize=65536)
def _phone_ok(candidate: str, context: bool) -> bool:
    """Valid for one of the regions (what Presidio's matcher checks) and, without a context
    word, also written the way that region writes numbers: the candidate's digit groups equal
    those of the national (or, with a leading +, the international or E.164) format. Random
    digit runs such as ``8217 5487 7479`` are valid numbers somewhere but not written so."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat as Fmt

    groups = _groups(candidate)
    try:
        if candidate.startswith("+"):
            number = phonenumbers.parse(candidate, None)
            if not phonenumbers.is_valid_number(number):
                return False
            if context or len(groups) == 1:
                return True
            return groups == _groups(phonenumbers.format_number(number, Fmt.INTERNATIONAL))
        digits = "".join(c for c in candidate if c.isdigit())
        for region in PHONE_REGIONS:
            prefix, lengths = _national(region)
            national = digits[len(prefix) :] if prefix and digits.startswith(prefix) else digits
            if len(national) not in lengths:
                continue  # no number of this region has that many digits: skip the parse
            number = phonenumbers.parse(candidate, region)
            if not phonenumbers.is_valid_number(number):
                continue
            if context or groups == _groups(phonenumbers.format_number(number, Fmt.NATIONAL)):
                return True
    except phonenumbers.NumberParseException:
        return False
    return False


def _phone_span(text: str, start: int, end: int, context: bool) -> int | None:
    """The end of the phone number the candidate ``text[start:end]`` holds, or None.

    A digit run is taken whole, so a valid number inside a longer one (an account or card
    number) does not count; only a trailing token that is not plain digits (a date such as
    ``2024-07-02`` after the number) is cut off."""
    candidate = text[start:end]
    while True:
        if _DATE.fullmatch(candidate) or _DOTTED4.fullmatch(candidate):
            return None
        digits = sum(c.isdigit() for c in candidate)
        if digits < 7:
            return None
        if (
            digits <= 15
            and len(set(candidate) - set(" .-()+")) > 1
            and _phone_ok(candidate, context)
        ):
            return start + len(candidate)
        head, _, tail = candidate.rpartition(" ")
        if not head or tail.isdigit():
            return None
        candidate = head.rstrip(" .-")


def _reserved_ip(text: str) -> bool:
    """240.0.0.0/4 (reserved, and netmasks such as 255.255.255.0) and the IPv6 discard prefix
    100::/64 (RFC 6666) name no host: pseudonyms use them."""
    if ":" in text:
        return text.lower().startswith("100::")
    head = text.split(".", 1)[0]
    return head.isdigit() and int(head) >= 240


def _iban_span(text: str, start: int, end: int) -> int | None:
    """An IBAN regex match may run into the next word; cut it at the country's length."""
    from hauberk.data.pii._checksums import IBAN_LENGTHS, iban_ok

    want = IBAN_LENGTHS.get(text[start : start + 2].upper())
    if want is None:
        return None
    seen, i = 0, start
    while i < end and seen < want:
        if text[i].isalnum():
            seen += 1
        i += 1
    if seen != want or (i < end and text[i].isalnum()):
        return None
    return i if iban_ok(text[start:i]) else None


_WORD = re.compile(r"[^\W\d_]+")
CONTEXT_WORDS = 5


def _context_distance(text: str, start: int, words: tuple[str, ...]) -> int | None:
    """How many words before the match the nearest context word is, or None if none of the
    five words before it is one (Presidio's context enhancer also looks five words back)."""
    before = _WORD.findall(text[max(0, start - CONTEXT_CHARS) : start].lower())[-CONTEXT_WORDS:]
    for distance, word in enumerate(reversed(before)):
        if word in words:
            return distance
    joined = " ".join(before)
    if any(" " in w and w in joined for w in words):
        return 0
    return None


def _candidates(
    text: str, recognizer: pt.Recognizer, hinted: bool, extra: tuple[str, ...]
) -> list[tuple[float, Entity]]:
    """Validated matches of one recognizer, each with its rank for overlap resolution."""
    out: list[tuple[float, Entity]] = []
    entity = recognizer.entity
    words = recognizer.context + extra
    for m in recognizer.pattern.finditer(text):
        start, end = m.span()
        score = recognizer.score
        if entity == "PHONE_NUMBER":
            near = hinted or _context_distance(text, start, words) is not None
            if not near and not m.group("plus") and text[start:end].isdigit():
                continue  # a bare digit run is a phone number only where the text says so
            new_end = _phone_span(text, start, end, near)
            if new_end is None:
                continue
            end = new_end
        elif entity == "IBAN_CODE":
            new_end = _iban_span(text, start, end)
            if new_end is None:
                continue
            end = new_end
        elif entity == "CREDIT_CARD" and start and text[start - 1] == "+":
            continue  # +4915123456167 is a phone number; cards have no leading +
        elif entity == "IP_ADDRESS":
            if _reserved_ip(m.group(0)):
                continue
        elif entity == "EMAIL_ADDRESS":
            ok, _ = _domain_ok(m.group(0).rsplit("@", 1)[1])
            if not ok:
                continue
        elif entity == "URL":
            host = m.group(0)
            if m.group("scheme"):
                host = host[len(m.group("scheme")) :]
            if m.group("path"):
                host = host[: -len(m.group("path"))]
            ok, suffix = _domain_ok(host)
            if not ok:
                continue
            plain = not (m.group("scheme") or m.group("path") or host.lower().startswith("www."))
            if plain and suffix.lower() in pt.FILE_LIKE_TLDS:
                continue
        elif not recognizer.validate(m.group(0)):
            continue
        elif recognizer.needs_context(m) and not hinted:
            distance = _context_distance(text, start, words)
            if distance is None:
                continue
            score -= 0.01 * distance  # the nearer context word wins a shared span
        # in a column named "phone", the phone reading wins a shared span
        rank = score + (COLUMN_BONUS if hinted else 0.0)
        out.append((rank, Entity(start, end, entity, text[start:end], score)))
    return out


def _resolve(found: list[tuple[float, Entity]]) -> list[Entity]:
    """Keep one entity per span: the higher rank, then the longer span, wins an overlap."""
    if len(found) < 2:
        return [e for _, e in found]
    kept: list[Entity] = []
    for _, e in sorted(found, key=lambda re_: (-re_[0], re_[1].start - re_[1].end, re_[1].start)):
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    kept.sort()
    return kept


@functools.lru_cache(maxsize=1024)
def _hinted(column: str) -> frozenset[str]:
    name = pt.normalise_column(column)
    return frozenset(r.entity for r in pt.RECOGNIZERS if r.column_hints.search(name))


def find(
    text: str,
    *,
    entities: Collection[str] | None = None,
    column: str | None = None,
    context: Sequence[str] = (),
) -> list[Entity]:
    """Personal data in ``text``, sorted by position, one type per span.

    ``entities`` limits the types looked for (default: all of ``ENTITY_TYPES``); ``column``
    is the name of the column the text came from (``"ssn"`` lets a bare nine-digit number
    count as an SSN); ``context`` adds context words.
    """
    if not isinstance(text, str):
        raise TypeError(f"find() takes a str, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        from hauberk.core import InputError

        raise InputError(
            f"text of {len(text)} characters is longer than {MAX_TEXT_CHARS}; split it first"
        )
    hinted = _hinted(column) if column else frozenset()
    extra = tuple(w.lower() for w in context)
    triggers: dict[Callable[[str], Any], bool] = {}
    found: list[tuple[float, Entity]] = []
    for recognizer in pt.RECOGNIZERS:
        if entities is not None and recognizer.entity not in entities:
            continue
        fired = triggers.get(recognizer.trigger)
        if fired is None:
            fired = triggers[recognizer.trigger] = bool(recognizer.trigger(text))
        if fired:
            found += _candidates(text, recognizer, recognizer.entity in hinted, extra)
    return _resolve(found)
