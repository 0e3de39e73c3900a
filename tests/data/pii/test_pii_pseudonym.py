"""Masking and keyed pseudonyms: stable, key-bound, shape-keeping, invalid by construction."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.data.pii import Pseudonymizer, find, mask, redact
from hauberk.data.pii import _checksums as cs

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def test_mask_keeps_separators_and_the_last_characters() -> None:
    text = "card 4111 1111 1111 1111, mail ada@example.com"
    assert mask(text, keep_last=4) == "card **** **** **** 1111, mail ***@******e.com"
    assert mask("SSN 123-45-6788") == "SSN ***-**-****"
    assert redact("SSN 123-45-6788") == "SSN <US_SSN>"


def test_pseudonyms_are_stable_and_bound_to_the_key() -> None:
    text = "SSN 123-45-6788, card 4111 1111 1111 1111, mail ada@example.com"
    one, again = Pseudonymizer(KEY).apply(text), Pseudonymizer(KEY).apply(text)
    assert one == again  # the same in every batch
    assert Pseudonymizer(OTHER).apply(text) != one
    assert "123-45-6788" not in one and "4111" not in one and "ada@" not in one


def test_pseudonymised_text_holds_no_personal_data() -> None:
    text = (
        "SSN 123-45-6788, card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, "
        "ip fe80::1:2:3:4, DNI 12345678Z, bsn 111222333, from 192.168.1.20, see https://example.org/u/7"
    )
    out = Pseudonymizer(KEY).apply(text)
    assert find(out) == [], out


def test_email_domain_is_kept_only_when_asked() -> None:
    assert (
        Pseudonymizer(KEY)
        .pseudonymise("ada@example.com", "EMAIL_ADDRESS")
        .endswith("@example.invalid")
    )
    kept = Pseudonymizer(KEY, keep_email_domain=True).pseudonymise(
        "ada@example.com", "EMAIL_ADDRESS"
    )
    assert kept.endswith("@example.com") and not kept.startswith("ada@")


@given(st.text(string.digits, min_size=15, max_size=15), st.sampled_from([" ", "-", ""]))
def test_card_pseudonyms_keep_the_shape_and_fail_luhn(payload: str, sep: str) -> None:
    number = "4" + payload[:14] + cs.luhn_check_digit("4" + payload[:14])
    card = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    out = Pseudonymizer(KEY).pseudonymise(card, "CREDIT_CARD")
    assert len(out) == len(card)
    assert [c.isdigit() for c in out] == [c.isdigit() for c in card]
    assert not cs.luhn_ok(cs.digits_only(out))


@given(st.integers(1, 899), st.integers(1, 99), st.integers(1, 9999))
def test_ssn_pseudonyms_are_never_issuable(area: int, group: int, serial: int) -> None:
    ssn = f"{area:03d}-{group:02d}-{serial:04d}"
    out = Pseudonymizer(KEY).pseudonymise(ssn, "US_SSN")
    assert out[3] == "-" and out[6] == "-" and not cs.ssn_ok(out)


@given(st.data())
def test_iban_dni_bsn_pseudonyms_fail_their_checksums(data: st.DataObject) -> None:
    bban = data.draw(st.text(string.digits, min_size=18, max_size=18))
    iban = "DE" + cs.iban_check_digits("DE", bban) + bban
    p = Pseudonymizer(KEY)
    out = p.pseudonymise(iban, "IBAN_CODE")
    assert out[:2] == "DE" and len(out) == len(iban) and not cs.iban_ok(out)
    n = data.draw(st.integers(10_000_000, 99_999_999))
    assert not cs.dni_ok(p.pseudonymise(f"{n}{cs.DNI_LETTERS[n % 23]}", "ES_NIF"))
    head = data.draw(st.text(string.digits, min_size=8, max_size=8))
    check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    bsn = head + str(check % 10)
    assert cs.bsn_ok(bsn) == (check < 10 and bsn != "000000000")
    if cs.bsn_ok(bsn):
        assert not cs.bsn_ok(p.pseudonymise(bsn, "NL_BSN"))


def test_bad_key_and_mask_char_are_refused() -> None:
    from hauberk.core import ConfigError

    with pytest.raises(ConfigError):
        Pseudonymizer(b"short")
    with pytest.raises(ValueError, match="one character"):
        mask("SSN 123-45-6788", char="**")
