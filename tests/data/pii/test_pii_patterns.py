"""Our copies of Presidio's patterns and context words are Presidio's (presidio-analyzer
installed): a drift in either shows here. Importing Presidio is slow (spaCy, torch), so the
module is skipped without it."""

from __future__ import annotations

import pytest

from hauberk.data.pii import _patterns as pt

recognizers = pytest.importorskip("presidio_analyzer.predefined_recognizers")


@pytest.mark.parametrize(
    ("ours", "theirs", "index"),
    [
        (pt.CARD, "CreditCardRecognizer", 0),
        (pt.IPV4, "IpRecognizer", 2),
        (pt.NINO, "UkNinoRecognizer", 0),
        (pt.NIF, "EsNifRecognizer", 0),
    ],
)
def test_patterns_are_presidios(ours: pt.Recognizer, theirs: str, index: int) -> None:
    cls = getattr(recognizers, theirs)
    assert ours.pattern.pattern == cls.PATTERNS[index].regex


# RFC 5321's lengths, which we add to Presidio's e-mail pattern (Presidio PR 2095: unbounded,
# its time is quadratic in a dotted or hyphenated run)
_BOUNDED = {r"]{0,}[": r"]{0,62}[", r"\w+": r"\w{1,63}", r"-+": r"-{1,63}"}


def test_the_email_pattern_is_presidios_with_rfc_lengths() -> None:
    theirs = recognizers.EmailRecognizer.PATTERNS[0].regex
    for old, new in _BOUNDED.items():
        theirs = theirs.replace(old, new)
    assert pt.EMAIL.pattern.pattern == theirs


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (pt.CARD, "CreditCardRecognizer"),
        (pt.EMAIL, "EmailRecognizer"),
        (pt.SSN, "UsSsnRecognizer"),
        (pt.IPV4, "IpRecognizer"),
        (pt.URL, "UrlRecognizer"),
        (pt.CRYPTO, "CryptoRecognizer"),
        (pt.NINO, "UkNinoRecognizer"),
        (pt.IBAN, "IbanRecognizer"),
    ],
)
def test_context_words_are_presidios(ours: pt.Recognizer, theirs: str) -> None:
    assert set(ours.context) == set(getattr(recognizers, theirs).CONTEXT)


def test_phone_context_is_presidios_less_number() -> None:
    assert set(pt.PHONE.context) | {"number"} >= set(recognizers.PhoneRecognizer.CONTEXT)
    assert "number" not in pt.PHONE.context
