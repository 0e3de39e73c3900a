"""Masking and keyed pseudonymisation of the entities :func:`find` returns.

``mask`` hides the characters of each entity (keeping separators, and optionally the last few
characters). ``Pseudonymizer`` replaces each value with a keyed HMAC-SHA256 derivative: the
same value and key give the same pseudonym in every batch, so joins and counts survive, and
without the key nobody can recompute them (unlike a plain hash, which anyone can run over all
nine-digit SSNs). Pseudonyms keep the value's shape (digits stay digits, letters letters,
separators in place; an email keeps its domain if asked) and are *invalid by construction*
where a checksum exists (cards fail Luhn, IBANs fail mod-97, SSNs get a never-issued 9xx area,
DNIs the wrong letter, BSNs fail the 11-test), so a pseudonym is never some real person's
number and a re-scan of pseudonymised data does not report them as personal data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from hauberk.data.pii import _checksums as cs
from hauberk.data.pii._detect import Entity, find
from hauberk.data.pii._keys import subkey

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _replace(text: str, entities: Sequence[Entity], how: Callable[[Entity], str]) -> str:
    out: list[str] = []
    at = 0
    for e in sorted(entities):
        if e.start < at:
            continue  # overlapping spans: the first one wins
        out += [text[at : e.start], how(e)]
        at = e.end
    out.append(text[at:])
    return "".join(out)


def mask(
    text: str,
    entities: Sequence[Entity] | None = None,
    *,
    char: str = "*",
    keep_last: int = 0,
    column: str | None = None,
) -> str:
    """``text`` with every letter and digit of each entity replaced by ``char``.

    ``entities`` defaults to ``find(text, column=column)``; ``keep_last`` keeps that many
    trailing letters or digits (4 gives the usual ``**** **** **** 1111``).
    """
    if len(char) != 1:
        raise ValueError("mask char must be one character")
    found = find(text, column=column) if entities is None else entities
    return _replace(text, found, lambda e: mask_value(e.text, char=char, keep_last=keep_last))


def mask_value(value: str, *, char: str = "*", keep_last: int = 0) -> str:
    """``value`` with its letters and digits replaced by ``char``, separators kept, and the
    last ``keep_last`` letters or digits left as they are."""
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    keep = set(alnum[len(alnum) - keep_last :]) if keep_last > 0 else set()
    return "".join(c if (not c.isalnum() or i in keep) else char for i, c in enumerate(value))


def redact(
    text: str, entities: Sequence[Entity] | None = None, *, column: str | None = None
) -> str:
    """``text`` with each entity replaced by its type in angle brackets: ``<EMAIL_ADDRESS>``."""
    found = find(text, column=column) if entities is None else entities
    return _replace(text, found, lambda e: f"<{e.type}>")


class _Stream:
    """Deterministic pseudo-random digits and letters from HMAC-SHA256 in counter mode."""

    def __init__(self, key: bytes, label: bytes) -> None:
        self._key, self._label, self._buf, self._counter = key, label, b"", 0

    def byte(self) -> int:
        if not self._buf:
            self._counter += 1
            block = self._label + self._counter.to_bytes(4, "big")
            self._buf = hmac.new(self._key, block, hashlib.sha256).digest()
        value, self._buf = self._buf[0], self._buf[1:]
        return value

    def pick(self, alphabet: str) -> str:
        n = len(alphabet)
        limit = 256 - 256 % n  # rejection sampling: no modulo bias
        while True:
            b = self.byte()
            if b < limit:
                return alphabet[b % n]


class Pseudonymizer:
    """Keyed, stable, shape-keeping pseudonyms (HMAC-SHA256 under a 32-byte key).

    >>> p = Pseudonymizer(bytes(32))
    >>> p.pseudonymise("4111 1111 1111 1111", "CREDIT_CARD") == p.pseudonymise(
    ...     "4111 1111 1111 1111", "CREDIT_CARD")
    True
    """

    def __init__(self, key: bytes, *, keep_email_domain: bool = False) -> None:
        self._key = subkey(key, "pseudonym")
        self.keep_email_domain = keep_email_domain

    def _stream(self, value: str, entity: str) -> _Stream:
        label = entity.encode() + b"\x00" + value.encode("utf-8") + b"\x00"
        return _Stream(self._key, label)

    def digest(self, value: str, entity: str = "", length: int = 16) -> str:
        """A short keyed digest of ``value``: lower-case base32, ``length`` characters."""
        raw = hmac.new(
            self._key, entity.encode() + b"\x01" + value.encode("utf-8"), hashlib.sha256
        ).digest()
        return base64.b32encode(raw).decode("ascii").lower()[:length]

    def _shape(self, value: str, stream: _Stream) -> str:
        out = []
        for c in value:
            if c.isdigit():
                out.append(stream.pick("0123456789"))
            elif "A" <= c <= "Z":
                out.append(stream.pick(_UPPER))
            elif "a" <= c <= "z":
                out.append(stream.pick(_LOWER))
            else:
                out.append(c)
        return "".join(out)

    def pseudonymise(self, value: str, entity: str) -> str:
        """The pseudonym of ``value`` of type ``entity`` (same inputs, same output)."""
        stream = self._stream(value, entity)
        if entity == "EMAIL_ADDRESS" and "@" in value:
            domain = value.rsplit("@", 1)[1]
            kept = domain if self.keep_email_domain else "example.invalid"
            return f"u{self.digest(value, entity, 12)}@{kept}"
        if entity == "URL":
            return f"https://pseudonym.invalid/{self.digest(value, entity)}"
        if entity == "IP_ADDRESS":
            if ":" in value:  # the IPv6 discard prefix 100::/64 (RFC 6666)
                return "100::" + ":".join(
                    f"{stream.byte() << 8 | stream.byte():x}" for _ in range(4)
                )
            b = [stream.byte() for _ in range(3)]
            return f"240.{b[0]}.{b[1]}.{b[2]}"  # 240.0.0.0/4 is reserved: no host has it
        if entity == "CRYPTO":
            return f"btc-{self.digest(value, entity, 26)}"
        if entity == "IBAN_CODE" and len(value) > 2:  # keep the country
            return _invalidate(value[:2] + self._shape(value[2:], stream), entity, stream)
        return _invalidate(self._shape(value, stream), entity, stream)

    def apply(
        self, text: str, entities: Sequence[Entity] | None = None, *, column: str | None = None
    ) -> str:
        """``text`` with every entity replaced by its pseudonym."""
        found = find(text, column=column) if entities is None else entities
        return _replace(text, found, lambda e: self.pseudonymise(e.text, e.type))


def _set_digits(shaped: str, digits: str) -> str:
    it = iter(digits)
    return "".join(next(it) if c.isdigit() else c for c in shaped)


def _invalidate(shaped: str, entity: str, stream: _Stream) -> str:
    """Make a shaped pseudonym fail its type's checksum, so it never names a real person."""
    number = "".join(c for c in shaped if c.isdigit())
    if entity == "CREDIT_CARD" and number:
        last = int(cs.luhn_check_digit(number[:-1]))
        bad = str((last + 1 + int(stream.pick("012345678"))) % 10)
        return _set_digits(shaped, number[:-1] + bad)
    if entity == "US_SSN" and len(number) == 9:
        return _set_digits(shaped, "9" + number[1:])  # area 9xx is never issued
    if entity == "NL_BSN" and len(number) == 9:
        for d in "0123456789":
            if not cs.bsn_ok(number[:-1] + d) and d != number[-1]:
                return _set_digits(shaped, number[:-1] + d)
    if entity == "ES_NIF" and len(number) >= 7 and shaped[-1].isalpha():
        good = cs.DNI_LETTERS[int(number) % 23]
        wrong = next(c for c in _UPPER if c != good and c not in "IOU")
        return shaped[:-1] + (wrong if shaped[-1].isupper() else wrong.lower())
    if entity == "IBAN_CODE":
        compact = shaped.replace(" ", "").replace("-", "")
        if len(compact) >= 4 and cs.iban_ok(compact):
            # the check digits are the 3rd and 4th characters: change one
            i = next(j for j, c in enumerate(shaped) if c.isdigit())
            return shaped[:i] + str((int(shaped[i]) + 1) % 10) + shaped[i + 1 :]
    return shaped


class CaptureMasker:
    """The gateway's ``[capture] masker = "hauberk.data.pii:capture_masker"``: blanks the
    ``mask`` columns and replaces every personal-data entity found in a string value by its
    type (``<EMAIL_ADDRESS>``), column by column, so captured traffic keeps its shape."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = frozenset(columns)

    def __call__(self, table: dict[str, Any]) -> dict[str, Any]:
        for name, values in table.items():
            if name in self.columns:
                table[name] = [None] * len(values)
            elif isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
                continue  # numbers hold no text to redact
            else:
                table[name] = [redact(v, column=name) if isinstance(v, str) else v for v in values]
        return table


def capture_masker(columns: Sequence[str]) -> CaptureMasker:
    return CaptureMasker(columns)


capture_masker.hauberk_masker_factory = True  # type: ignore[attr-defined]
