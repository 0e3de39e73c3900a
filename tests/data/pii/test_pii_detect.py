"""find(): real entities found, lookalikes dropped, context and column hints, one type a span."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import InputError
from hauberk.data.pii import ENTITY_TYPES, find


def kinds(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in find(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("card 4111 1111 1111 1111 on file", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("amex 3782-822463-10005", "CREDIT_CARD", "3782-822463-10005"),
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
        ("pay DE89370400440532013000", "IBAN_CODE", "DE89370400440532013000"),
        ("mail ada.lovelace@example.co.uk now", "EMAIL_ADDRESS", "ada.lovelace@example.co.uk"),
        ("call +1 201-555-0123 today", "PHONE_NUMBER", "+1 201-555-0123"),
        ("ring 020 7946 0958", "PHONE_NUMBER", "020 7946 0958"),
        ("tel 06 12 34 56 78", "PHONE_NUMBER", "06 12 34 56 78"),
        ("SSN 123-45-6788", "US_SSN", "123-45-6788"),
        ("from 192.168.10.20", "IP_ADDRESS", "192.168.10.20"),
        ("from 2001:db8:85a3::8a2e:370:7334", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334"),
        ("see https://www.example.org/a/b", "URL", "https://www.example.org/a/b"),
        ("btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "CRYPTO", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
        ("NINO AB 12 34 56 C", "UK_NINO", "AB 12 34 56 C"),
        ("DNI 12345678Z", "ES_NIF", "12345678Z"),
        ("BSN 111222333", "NL_BSN", "111222333"),
        ("phone +4915123456167", "PHONE_NUMBER", "+4915123456167"),  # Luhn-valid, yet a phone
        ("call 0121 234 5663 2024-07-02.", "PHONE_NUMBER", "0121 234 5663"),  # date cut off
        ("phone +44 7400 123658 4:02 pm", "PHONE_NUMBER", "+44 7400 123658"),
    ],
)
def test_finds_valid_entities(text: str, entity: str, value: str) -> None:
    assert (entity, value) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112",  # bad Luhn
        "IBAN GB83 WEST 1234 5698 7654 32",  # bad check digits
        "SSN 000-12-3456", "SSN 666-12-3456", "SSN 912-12-3456",  # never-issued areas
        "DNI 12345678A",  # wrong control letter
        "BSN 111222334",  # fails the 11-test
        "btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyU",  # Base58Check fails
        "call +1 123-456-7890",  # no such area code
        "NINO BG 12 34 56 C",  # never-allocated prefix
        "mail someone@host.notatld",  # not a public suffix
        "order 48213 on 2024-03-15, v2.13.0, zip 94103-1234, 10:45 pm, see train.py",
        "tracking 482913577 and batch 123456789012",  # bare numbers, no context
        "ref 8217 5487 7479",  # a valid number somewhere, but not written like a phone
        "mask 255.255.255.0",  # 240.0.0.0/4 names no host (IP pseudonyms live there)
    ],
)  # fmt: skip
def test_lookalikes_and_distractors_are_dropped(text: str) -> None:
    assert find(text) == []


def test_bare_nine_digits_need_context_or_a_column_name() -> None:
    assert find("ticket 123456788") == []
    assert kinds("my ssn is 123456788") == [("US_SSN", "123456788")]
    assert kinds("123456788", column="SSN") == [("US_SSN", "123456788")]
    assert kinds("111222333", column="bsn") == [("NL_BSN", "111222333")]
    assert kinds("2015550123", column="Phone Number") == [("PHONE_NUMBER", "2015550123")]


def test_the_column_name_decides_between_readings() -> None:
    assert kinds("4111111111111111", column="card") == [("CREDIT_CARD", "4111111111111111")]
    # a bare nine-digit number that passes both the SSN rules and the BSN 11-test
    both = "111222333"
    assert kinds(both, column="ssn") == [("US_SSN", both)]
    assert kinds(both, column="bsn") == [("NL_BSN", both)]
    assert kinds(f"ssn {both}") == [("US_SSN", both)]


def test_the_nearer_context_word_decides_a_shared_span() -> None:
    text = "SSN 123-45-6788 and bsn 111222333"
    assert kinds(text) == [("US_SSN", "123-45-6788"), ("NL_BSN", "111222333")]


def test_one_type_per_span() -> None:
    found = find("write to ada@example.com")
    assert [e.type for e in found] == ["EMAIL_ADDRESS"]  # not also a URL inside it
    card = find("card 4111111111111111")
    assert [e.type for e in card] == ["CREDIT_CARD"]


def test_entities_filter_and_offsets() -> None:
    text = "a@example.com 4111 1111 1111 1111"
    only = find(text, entities={"CREDIT_CARD"})
    assert [e.type for e in only] == ["CREDIT_CARD"]
    for e in find(text):
        assert text[e.start : e.end] == e.text
        assert e.type in ENTITY_TYPES


def test_refuses_non_text_and_huge_text() -> None:
    with pytest.raises(TypeError):
        find(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="split it first"):
        find("x" * 1_000_001)


@given(st.text(max_size=300))
def test_never_crashes_and_spans_are_sorted_and_disjoint(text: str) -> None:
    found = find(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for e in found:
        assert text[e.start : e.end] == e.text
