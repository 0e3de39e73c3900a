"""What counts as personal data, as data: one row per entity type.

The regular expressions and context words come from Microsoft Presidio's predefined pattern
recognizers (presidio-analyzer 2.2, MIT licence: CreditCardRecognizer, EmailRecognizer,
IpRecognizer, CryptoRecognizer, UkNinoRecognizer, EsNifRecognizer, UsSsnRecognizer's
"medium" pattern); ``tests/data/pii/test_patterns.py`` checks them against the installed
Presidio. They are copied rather than imported because importing presidio_analyzer takes about
three seconds and pulls spaCy and torch, too much for the gateway's request path. Where
Presidio has no single pattern (IBAN, phone, URL) the candidate pattern is ours and the
validator decides: mod-97 and the country's length, ``phonenumbers``' validity rules, the
public-suffix list.

``needs_context`` marks matches too weak on their own: a bare nine-digit number is an SSN or
a BSN only with a context word nearby or in a column named for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hauberk.data.pii import _checksums as cs


@dataclass(frozen=True)
class Recognizer:
    entity: str
    pattern: re.Pattern[str]
    score: float
    validate: Callable[[str], bool]
    context: tuple[str, ...]
    column_hints: re.Pattern[str]
    # a quick test on the whole text; the pattern runs only when it passes
    trigger: Callable[[str], bool]
    # a match that is too weak without a context word (True = needs one)
    needs_context: Callable[[re.Match[str]], bool] = lambda m: False


def _always(m: re.Match[str]) -> bool:
    return True


def _no_separator(m: re.Match[str]) -> bool:
    return not m.group("sep")


_F = re.IGNORECASE


def _search(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda text: compiled.search(text) is not None


_DIGITS3 = _search(r"\d{3}")
_DIGIT_RUN = _search(r"\d{2}")
_ALNUM26 = _search(r"[A-Za-z0-9]{25}")


def _has(ch: str) -> Callable[[str], bool]:
    return lambda text: ch in text


def _hint(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|_)(?:{words})(?:_|$)")


CARD = Recognizer(
    "CREDIT_CARD",
    re.compile(
        r"\b(?!1\d{12}(?!\d))((4\d{3})|(5[0-5]\d{2})|(6\d{3})|(1\d{3})|(3\d{3}))[- ]?(\d{3,4})"
        r"[- ]?(\d{3,4})[- ]?(\d{3,5})\b",
        _F,
    ),
    1.0,
    cs.card_ok,
    (
        "credit",
        "card",
        "visa",
        "mastercard",
        "cc ",
        "amex",
        "discover",
        "jcb",
        "diners",
        "maestro",
        "instapayment",
    ),
    _hint(r"card|cc|cc_?number|pan|credit_?card|card_?number"),
    _DIGITS3,
)
IBAN = Recognizer(
    "IBAN_CODE",
    re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b", _F),
    1.0,
    cs.iban_ok,
    ("iban", "bank", "transaction"),
    _hint(r"iban|bank_?account|account_?iban"),
    _DIGIT_RUN,
)
EMAIL = Recognizer(
    "EMAIL_ADDRESS",
    re.compile(
        # Presidio's pattern with RFC 5321's lengths: a local part of at most 64 characters
        # and labels of at most 63. Unbounded, a long dotted or hyphenated run after an "@"
        # anywhere in the text was scanned to its end from each of its word boundaries: time
        # quadratic in the run (32k characters: 6 s; Presidio PR 2095, CWE-1333).
        r"\b((([!#$%&'*+\-/=?^_`{|}~\w])|([!#$%&'*+\-/=?^_`{|}~\w][!#$%&'*+\-/=?^_`{|}~\.\w]{0,62}"
        r"[!#$%&'*+\-/=?^_`{|}~\w]))[@]\w{1,63}(?:-{1,63}\w{1,63})*(?:\.\w{1,63}(?:-{1,63}\w{1,63})*)+)\b",
        _F,
    ),
    0.9,
    lambda text: True,  # the domain is checked against the public-suffix list in _detect
    ("email",),
    _hint(r"e?_?mail|email_?address|mail_?address"),
    _has("@"),
)
PHONE = Recognizer(
    "PHONE_NUMBER",
    re.compile(
        r"(?<![\w+/.-])(?P<plus>\+)?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?P<sep>[ .-]|\) ?)?"
        r"(?:\d{1,5}[ .-]?){0,5}\d(?![\w/:-]|\.\d)"
    ),
    0.7,
    lambda text: True,  # phonenumbers decides in _detect
    # Presidio's words less "number": here a context word lets an oddly grouped number
    # count, and "card number" or "order number" should not do that for phones.
    ("phone", "telephone", "tel", "cell", "cellphone", "mobile", "call", "fax"),
    _hint(r"phone|phone_?number|tel|telephone|mobile|cell|fax|contact_?number"),
    _DIGIT_RUN,  # French numbers are written in pairs: 06 12 34 56 78
)
SSN = Recognizer(
    "US_SSN",
    # Presidio's "SSN5 (medium)" with one separator kind; not inside a dotted quad
    re.compile(r"(?<!\d\.)\b\d{3}(?P<sep>[- .]?)\d{2}(?P=sep)\d{4}\b(?!\.\d)"),
    0.85,
    cs.ssn_ok,
    ("social", "security", "ssn", "ssns", "ssid"),
    _hint(r"ssn|social_?security|social_?security_?number|ss_?number"),
    _DIGIT_RUN,
    _no_separator,
)
IPV4 = Recognizer(
    "IP_ADDRESS",
    re.compile(
        r"\b(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\."
        r"(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)"
        r"(?:/(?:[0-2]?\d|3[0-2]))?\b"
    ),
    0.8,
    lambda text: True,
    ("ip", "ipv4", "ipv6"),
    _hint(r"ip|ip_?address|ipv4|ipv6|client_?ip|remote_?addr|src_?ip|dst_?ip"),
    _has("."),
)
IPV6 = Recognizer(
    "IP_ADDRESS",
    re.compile(
        r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|"
        r"(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}"
        r"(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|"
        r"(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}"
        r"(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|"
        r":(?::[0-9A-Fa-f]{1,4}){1,6})(?:%[0-9a-zA-Z]+)?(?:/(?:12[0-8]|1[01]\d|[1-9]?\d))?"
        r"(?![\w:]|\.\d)"
    ),
    0.8,
    lambda text: True,
    IPV4.context,
    IPV4.column_hints,
    lambda text: text.count(":") >= 2,
)
URL = Recognizer(
    "URL",
    re.compile(
        r"(?<![@\w.-])(?P<scheme>https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
        r"[a-z]{2,24}\b(?![@.]\w)(?P<path>/[^\s()<>\"']*)?",
        _F,
    ),
    0.5,
    lambda text: True,  # the public-suffix list decides in _detect
    ("url", "website", "link"),
    _hint(r"url|uri|website|link|homepage|web_?site"),
    _has("."),
)
CRYPTO = Recognizer(
    "CRYPTO",
    re.compile(r"\b(?:bc1[a-zA-HJ-NP-Z0-9]{25,87}|[13][a-km-zA-HJ-NP-Z1-9]{25,34})\b"),
    1.0,
    cs.bitcoin_ok,
    ("wallet", "btc", "bitcoin", "crypto"),
    _hint(r"wallet|btc|bitcoin|crypto|btc_?address|wallet_?address"),
    _ALNUM26,
)
NINO = Recognizer(
    "UK_NINO",
    re.compile(
        r"\b(?!bg|gb|nk|kn|nt|tn|zz|BG|GB|NK|KN|NT|TN|ZZ)([a-ceghj-pr-tw-zA-CEGHJ-PR-TW-Z]{1}"
        r"[a-ceghj-npr-tw-zA-CEGHJ-NPR-TW-Z]{1}) ?([0-9]{2}) ?([0-9]{2}) ?([0-9]{2}) ?"
        r"([a-dA-D]{1})\b"
    ),
    0.9,
    cs.nino_ok,
    ("national insurance", "ni number", "nino"),
    _hint(r"nino|ni_?number|national_?insurance(?:_?number)?"),
    _DIGIT_RUN,
)
NIF = Recognizer(
    "ES_NIF",
    re.compile(r"\b[0-9]?[0-9]{7}[-]?[A-Z]\b", _F),
    0.95,
    cs.dni_ok,
    ("documento nacional de identidad", "dni", "nif", "identificación"),
    _hint(r"dni|nif|documento"),
    _DIGITS3,
)
BSN = Recognizer(
    "NL_BSN",
    re.compile(r"(?<!\d\.)\b(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})\b(?!\.\d)"),
    0.85,
    cs.bsn_ok,
    ("bsn", "burgerservicenummer", "sofinummer", "sofi"),
    _hint(r"bsn|burgerservicenummer|sofi(?:nummer)?"),
    _DIGIT_RUN,
    _always,
)

RECOGNIZERS: tuple[Recognizer, ...] = (
    CARD, IBAN, EMAIL, PHONE, SSN, IPV4, IPV6, URL, CRYPTO, NINO, NIF, BSN,
)  # fmt: skip
ENTITY_TYPES: tuple[str, ...] = tuple(sorted({r.entity for r in RECOGNIZERS}))

#: Severity class of each entity type in findings: direct identifiers, contact, online.
KIND: dict[str, str] = {
    "CREDIT_CARD": "identifier",
    "IBAN_CODE": "identifier",
    "US_SSN": "identifier",
    "UK_NINO": "identifier",
    "ES_NIF": "identifier",
    "NL_BSN": "identifier",
    "CRYPTO": "identifier",
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "online",
    "URL": "online",
}

#: Column names that suggest personal data no pattern can confirm (names, addresses, births).
NAME_ONLY_HINTS: dict[str, re.Pattern[str]] = {
    "PERSON": _hint(r"name|first_?name|last_?name|surname|given_?name|full_?name|forename"),
    "LOCATION": _hint(r"address|street|street_?address|city|zip|zip_?code|postcode|postal_?code"),
    "DATE_OF_BIRTH": _hint(r"dob|birth_?date|date_?of_?birth|birthday"),
}

#: File extensions that are also top-level domains: ``train.py`` is a file, not a URL.
FILE_LIKE_TLDS = frozenset({"py", "sh", "md", "pt", "rs", "pl", "so", "zip", "mov", "ps", "cc"})


def normalise_column(name: str) -> str:
    """``"E-Mail Address"`` -> ``"e_mail_address"``: what the column hints match."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()).strip("_")
