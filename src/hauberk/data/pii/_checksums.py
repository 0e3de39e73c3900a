"""Checksum and issuing rules that tell a real identifier from a lookalike.

Each validator takes the matched text (separators allowed) and answers True only when the
number could have been issued: Luhn for payment cards (ISO/IEC 7812), ISO 13616 mod-97 with the
per-country length for IBANs, the Social Security Administration's never-issued areas, groups
and serials for US SSNs, HMRC's prefix rules for UK National Insurance numbers, the control
letter of Spanish DNI/NIF numbers, the "11-test" of Dutch BSNs, and Base58Check or
Bech32/Bech32m for Bitcoin addresses (the same checks Presidio's CryptoRecognizer runs).
"""

from __future__ import annotations

import hashlib

_DIGITS = str.maketrans("", "", " -./")


def digits_only(text: str) -> str:
    return text.translate(_DIGITS)


def luhn_ok(number: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    if not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` pass Luhn."""
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def card_ok(text: str) -> bool:
    """A payment card number: 13-19 digits, Luhn-valid, not one repeated digit."""
    number = digits_only(text)
    return 13 <= len(number) <= 19 and len(set(number)) > 1 and luhn_ok(number)


#: ISO 13616 IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip


def iban_mod97(iban: str) -> int:
    """The ISO 7064 mod 97-10 remainder of an IBAN (1 for a valid one)."""
    moved = iban[4:] + iban[:4]
    remainder = 0
    for ch in moved:
        value = ord(ch) - 48 if ch.isdigit() else ord(ch) - 55
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits that make ``country + digits + bban`` a valid IBAN."""
    return f"{98 - iban_mod97(country + '00' + bban):02d}"


def iban_ok(text: str) -> bool:
    """Known country, that country's length, alphanumeric, and mod 97 equal to 1."""
    iban = text.replace(" ", "").replace("-", "").upper()
    if len(iban) < 5 or not iban.isascii() or not iban.isalnum():
        return False
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    return iban_mod97(iban) == 1


#: Numbers the SSA published as examples, never issued to anyone.
SSN_SAMPLES = frozenset({"123456789", "078051120", "219099999", "457555462"})


def ssn_ok(text: str) -> bool:
    """A US SSN the SSA could have issued: area not 000, 666 or 900-999; group not 00;
    serial not 0000; not an advertised sample; one kind of separator at most."""
    separators = {c for c in text if not c.isdigit()}
    if len(separators) > 1:
        return False
    number = digits_only(text)
    if len(number) != 9 or not number.isdigit():
        return False
    area, group, serial = number[:3], number[3:5], number[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return number not in SSN_SAMPLES and len(set(number)) > 1


_NINO_FIRST_BAD = set("DFIQUV")
_NINO_SECOND_BAD = set("DFIOQUV")
_NINO_PREFIX_BAD = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_ok(text: str) -> bool:
    """UK National Insurance number: allowed prefix letters, six digits, suffix A-D."""
    nino = text.replace(" ", "").upper()
    if len(nino) != 9 or not nino[2:8].isdigit() or nino[8] not in "ABCD":
        return False
    first, second = nino[0], nino[1]
    if not (first.isalpha() and second.isalpha()):
        return False
    return (
        first not in _NINO_FIRST_BAD
        and second not in _NINO_SECOND_BAD
        and nino[:2] not in _NINO_PREFIX_BAD
    )


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(text: str) -> bool:
    """Spanish DNI/NIF: eight digits and the control letter ``DNI_LETTERS[number % 23]``."""
    nif = text.replace("-", "").replace(" ", "").upper()
    if len(nif) == 8:
        nif = "0" + nif  # a DNI below 10,000,000 written without its leading zero
    if len(nif) != 9 or not nif[:8].isdigit():
        return False
    return nif[8] == DNI_LETTERS[int(nif[:8]) % 23]


def bsn_ok(text: str) -> bool:
    """Dutch BSN: nine digits whose weighted sum (9..2, then -1) is a multiple of 11."""
    number = digits_only(text)
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True))
    return (total - int(number[8])) % 11 == 0


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}


def _base58check_ok(address: str) -> bool:
    n = 0
    for ch in address:
        value = _B58_INDEX.get(ch)
        if value is None:
            return False
        n = n * 58 + value
    pad = len(address) - len(address.lstrip("1"))
    raw = b"\x00" * pad + n.to_bytes((n.bit_length() + 7) // 8, "big")
    if len(raw) != 25:
        return False
    check = hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4]
    return raw[-4:] == check


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def _bech32_ok(address: str) -> bool:
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    pos = address.rfind("1")
    if pos < 1 or pos + 7 > len(address) or len(address) > 90:
        return False
    data = [_BECH32_INDEX.get(c, -1) for c in address[pos + 1 :]]
    if -1 in data:
        return False
    hrp = address[:pos]
    expanded = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    return _bech32_polymod(expanded + data) in (1, 0x2BC830A3)


def bitcoin_ok(text: str) -> bool:
    """A Bitcoin address: Base58Check (P2PKH ``1...``, P2SH ``3...``) or Bech32(m) ``bc1...``."""
    if text[:3].lower() == "bc1":
        return _bech32_ok(text)
    if text[:1] in "13":
        return _base58check_ok(text)
    return False
