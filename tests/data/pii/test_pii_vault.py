"""Tokenisation round trips; the vault opens only with its key and only unmodified."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hauberk.core import InputError, VerificationError
from hauberk.data.pii import Vault, find

KEY = bytes(range(32))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=8))
def test_tokens_round_trip_through_a_saved_vault(tmp_path: Path, values: list[str]) -> None:
    vault = Vault(KEY)
    tokens = [vault.tokenise(v, "US_SSN") for v in values]
    path = vault.save(tmp_path / "v.vault")
    again = Vault.open(path, KEY)
    assert [again.detokenise(t) for t in tokens] == values
    assert again.detokenise_text(" | ".join(tokens)) == " | ".join(values)


def test_tokens_are_stable_per_key_and_hide_the_value(tmp_path: Path) -> None:
    text = "SSN 123-45-6788, card 4111 1111 1111 1111"
    one, two = Vault(KEY).apply(text), Vault(KEY).apply(text)
    assert one == two and "6788" not in one and "4111" not in one
    assert Vault(bytes(32)).apply(text) != one
    assert find(one) == []


def test_vault_file_is_private_and_authenticated(tmp_path: Path) -> None:
    vault = Vault(KEY)
    token = vault.tokenise("ada@example.com", "EMAIL_ADDRESS")
    path = vault.save(tmp_path / "v.vault")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ada@example.com" not in path.read_bytes()
    with pytest.raises(VerificationError, match="wrong key"):
        Vault.open(path, bytes(32))
    raw = bytearray(path.read_bytes())
    for where in (10, len(raw) // 2, len(raw) - 1):  # header, body, tag
        bad = bytearray(raw)
        bad[where] ^= 1
        (tmp_path / "bad.vault").write_bytes(bytes(bad))
        with pytest.raises((VerificationError, InputError)):
            Vault.open(tmp_path / "bad.vault", KEY)
    (tmp_path / "cut.vault").write_bytes(bytes(raw[:-20]))
    with pytest.raises(VerificationError):
        Vault.open(tmp_path / "cut.vault", KEY)
    (tmp_path / "other").write_bytes(b"not a vault at all, just text")
    with pytest.raises(InputError, match="not a hauberk token vault"):
        Vault.open(tmp_path / "other", KEY)
    assert Vault.open(path, KEY).detokenise(token) == "ada@example.com"


def test_unknown_token_and_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        Vault(KEY).detokenise("[tok:US_SSN:aaaaaaaaaaaaaaaaaaaaaaaaaa]")
    with pytest.raises(InputError, match="does not exist"):
        Vault.open(tmp_path / "none.vault", KEY, create=False)
    assert len(Vault.open(tmp_path / "none.vault", KEY)) == 0
