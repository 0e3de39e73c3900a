"""Entries: field rules, the leaf encoding (RFC 8785 of the whole entry), the body limit."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import InputError
from hauberk.ledger import Entry, canonical_json, leaf_hash
from hauberk.ledger._entry import MAX_BODY_BYTES


def test_leaf_is_the_canonical_json_of_the_entry() -> None:
    entry = Entry.create(
        "model.sign",
        {"sha256": "ab", "a": [1.0, 2.5, None]},
        principal="ci@example",
        timestamp=datetime(2025, 1, 31, 12, 0, tzinfo=timezone(timedelta(hours=2))),
    )
    assert entry.timestamp == "2025-01-31T10:00:00.000000Z"
    expected = canonical_json(
        {
            "v": 1,
            "kind": "model.sign",
            "timestamp": "2025-01-31T10:00:00.000000Z",
            "principal": "ci@example",
            "body": {"sha256": "ab", "a": [1, 2.5, None]},
        }
    )
    assert entry.leaf() == expected
    assert entry.leaf_hash() == leaf_hash(expected)
    assert entry.body == {"a": [1, 2.5, None], "sha256": "ab"}
    assert entry.to_json()["kind"] == "model.sign"


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.text(max_size=5), st.integers(-1000, 1000) | st.text(max_size=5)),
    st.text(min_size=1, max_size=20).filter(
        lambda s: all(ord(c) >= 0x20 and c != "\x7f" for c in s)
    ),
)
def test_leaf_matches_generic_canonicalisation(body: dict[str, object], principal: str) -> None:
    entry = Entry.create("data.ingest", body, principal=principal)
    generic = canonical_json(
        {
            "body": body,
            "kind": entry.kind,
            "principal": principal,
            "timestamp": entry.timestamp,
            "v": 1,
        }
    )
    assert entry.leaf() == generic


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "Model.Sign"),
        ("kind", "has space"),
        ("kind", ""),
        ("timestamp", "2025-01-31T10:00:00Z"),
        ("timestamp", "2025-02-30T10:00:00.000000Z"),
        ("principal", ""),
        ("principal", "a\nb"),
        ("body_json", '{"b":1,"a":2}'),
        ("body_json", "{ }"),
    ],
)
def test_invalid_fields_are_refused(field: str, value: str) -> None:
    fields = {
        "kind": "a.b",
        "timestamp": "2025-01-31T10:00:00.000000Z",
        "principal": "p",
        "body_json": "{}",
    }
    fields[field] = value
    with pytest.raises(InputError):
        Entry(**fields)


@pytest.mark.parametrize(
    ("kind", "principal"), [("Model.Sign", "p"), ("", "p"), ("a.b", ""), ("a.b", "a\nb")]
)
def test_create_checks_the_fields_it_did_not_make(kind: str, principal: str) -> None:
    with pytest.raises(InputError):
        Entry.create(kind, {}, principal=principal)
    with pytest.raises(InputError):
        Entry.create(kind, {}, principal=principal, timestamp="2025-01-31T10:00:00.000000Z")


def test_create_builds_what_the_checking_constructor_accepts() -> None:
    for stamp in (None, datetime(2025, 2, 28, 23, 59, 59, 999999, tzinfo=UTC)):
        made = Entry.create(
            "serve.request", {"r": [1, 2.5, "\u00e9"]}, principal="p", timestamp=stamp
        )
        fields = {k: getattr(made, k) for k in ("kind", "timestamp", "principal", "body_json")}
        assert Entry(**fields) == made


def test_naive_datetime_and_huge_body_are_refused() -> None:
    with pytest.raises(InputError, match="timezone"):
        Entry.create("a.b", {}, principal="p", timestamp=datetime(2025, 1, 1))
    with pytest.raises(InputError, match="digest"):
        Entry.create("a.b", "x" * MAX_BODY_BYTES, principal="p")
    assert Entry.create("a.b", {}, principal="p", timestamp=datetime.now(UTC))


def test_entries_are_immutable_and_hashable() -> None:
    entry = Entry.create("a.b", {"x": 1}, principal="p")
    with pytest.raises(AttributeError):
        entry.kind = "c.d"  # type: ignore[misc]
    assert hash(entry) == hash(
        Entry(**{k: getattr(entry, k) for k in ("kind", "timestamp", "principal", "body_json")})
    )
    assert json.loads(entry.leaf())["v"] == 1
