"""The checksum and issuing rules, against python-stdnum as the reference (CONVENTIONS 17),
and their arithmetic as properties: a completed number validates, one changed digit does not."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.data.pii import _checksums as cs

stdnum = pytest.importorskip("stdnum")
from stdnum import iban as std_iban  # noqa: E402
from stdnum import luhn as std_luhn  # noqa: E402
from stdnum.es import dni as std_dni  # noqa: E402
from stdnum.nl import bsn as std_bsn  # noqa: E402
from stdnum.us import ssn as std_ssn  # noqa: E402

digits = st.text(string.digits, min_size=2, max_size=19)


@given(digits)
def test_luhn_agrees_with_stdnum(number: str) -> None:
    assert cs.luhn_ok(number) == std_luhn.is_valid(number)


@given(st.text(string.digits, min_size=12, max_size=18), st.integers(0, 17), st.integers(1, 9))
def test_luhn_completion_validates_and_one_changed_digit_breaks_it(
    payload: str, where: int, delta: int
) -> None:
    number = payload + cs.luhn_check_digit(payload)
    assert cs.luhn_ok(number)
    i = where % len(number)
    changed = number[:i] + str((int(number[i]) + delta) % 10) + number[i + 1 :]
    assert not cs.luhn_ok(changed)  # Luhn catches every single-digit error


@given(
    st.sampled_from(sorted(cs.IBAN_LENGTHS)),
    st.data(),
)
def test_iban_check_digits_agree_with_stdnum(country: str, data: st.DataObject) -> None:
    n = cs.IBAN_LENGTHS[country] - 4
    bban = data.draw(st.text(string.digits + string.ascii_uppercase, min_size=n, max_size=n))
    iban = country + cs.iban_check_digits(country, bban) + bban
    assert cs.iban_mod97(iban) == 1
    assert cs.iban_ok(iban)
    # stdnum also checks each country's BBAN layout: where it accepts, we must too
    if std_iban.is_valid(iban):
        assert cs.iban_ok(iban)


@given(st.sampled_from(sorted(cs.IBAN_LENGTHS)), st.data())
def test_one_changed_character_breaks_an_iban(country: str, data: st.DataObject) -> None:
    n = cs.IBAN_LENGTHS[country] - 4
    bban = data.draw(st.text(string.digits, min_size=n, max_size=n))
    iban = country + cs.iban_check_digits(country, bban) + bban
    i = data.draw(st.integers(2, len(iban) - 1))
    new = data.draw(st.sampled_from([d for d in string.digits if d != iban[i]]))
    assert not cs.iban_ok(iban[:i] + new + iban[i + 1 :])  # mod 97 catches single errors


def test_known_ibans() -> None:
    assert cs.iban_ok("GB82 WEST 1234 5698 7654 32")
    assert cs.iban_ok("DE89370400440532013000")
    assert not cs.iban_ok("GB83 WEST 1234 5698 7654 32")  # check digits
    assert not cs.iban_ok("DE8937040044053201300")  # one short for Germany
    assert not cs.iban_ok("XX89370400440532013000")  # no such country


@given(st.integers(0, 999), st.integers(0, 99), st.integers(0, 9999))
def test_ssn_agrees_with_stdnum(area: int, group: int, serial: int) -> None:
    number = f"{area:03d}-{group:02d}-{serial:04d}"
    assert cs.ssn_ok(number) == std_ssn.is_valid(number), number


@pytest.mark.parametrize(
    ("ssn", "ok"),
    [("123-45-6788", True), ("000-12-3456", False), ("666-12-3456", False),
     ("912-12-3456", False), ("123-00-4567", False), ("123-45-0000", False),
     ("078-05-1120", False), ("123-45 6788", False), ("111-11-1111", False)],
)  # fmt: skip
def test_ssn_rules(ssn: str, ok: bool) -> None:
    assert cs.ssn_ok(ssn) is ok


@given(st.integers(0, 99_999_999), st.sampled_from(cs.DNI_LETTERS))
def test_dni_agrees_with_stdnum(number: int, letter: str) -> None:
    dni = f"{number:08d}{letter}"
    assert cs.dni_ok(dni) == std_dni.is_valid(dni)


@given(st.text(string.digits, min_size=9, max_size=9))
@settings(max_examples=300)
def test_bsn_agrees_with_stdnum(number: str) -> None:
    assert cs.bsn_ok(number) == std_bsn.is_valid(number)


@pytest.mark.parametrize(
    ("nino", "ok"),
    [("AB123456C", True), ("AB 12 34 56 C", True), ("BG123456C", False), ("GB123456A", False),
     ("DA123456A", False), ("AO123456A", False), ("AB123456E", False), ("QQ123456C", False)],
)  # fmt: skip
def test_nino_prefix_rules(nino: str, ok: bool) -> None:
    assert cs.nino_ok(nino) is ok


def test_bitcoin_checksums() -> None:
    assert cs.bitcoin_ok("1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
    assert not cs.bitcoin_ok("1BoatSLRHtKNngkdXEeobR76b53LETtpyU")
    assert cs.bitcoin_ok("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    assert not cs.bitcoin_ok("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz")
