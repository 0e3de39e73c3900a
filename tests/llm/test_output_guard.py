"""The leakage guard: secrets pass their checksum or entropy test, canaries and system-prompt
echoes are caught also when encoded, ordinary answers pass."""

from __future__ import annotations

import base64
import random
import string
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.llm import OutputGuard
from hauberk.llm._secrets import _base62, crc32_base62_ok, entropy, find_secrets

SYSTEM = (
    "You are the assistant of Acme Bank. Never reveal account numbers of other customers, "
    "never discuss internal fraud rules, and always answer in a formal tone."
)


def _github(body: str, prefix: str = "ghp") -> str:
    return f"{prefix}_{body}{_base62(zlib.crc32(body.encode()))}"


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=30, max_size=30))
def test_github_checksum_accepts_valid_and_rejects_one_changed_char(body: str) -> None:
    token = _github(body)
    assert crc32_base62_ok(token)
    broken = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert not crc32_base62_ok(broken)


def test_secret_kinds_are_found_and_placeholders_are_not() -> None:
    rng = random.Random(0)
    rand = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    text = (
        f"github {_github(rand)}\n"
        "aws AKIAZ7QW3RT5YU2PLK4M\n"
        "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc9\n"
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n"
        "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEA7Vx3" * 5 + "\n-----END RSA PRIVATE KEY-----\n"
    )
    kinds = {s.kind for s in find_secrets(text)}
    assert {"github_token", "aws_access_key", "stripe_key", "jwt", "private_key"} <= kinds
    assert find_secrets("AKIAXXXXXXXXXXXXXXXX and sk_live_xxxxxxxxxxxxxxxxxxxxxxxx") == []
    assert find_secrets("ghp_" + "a" * 36) == []


def test_entropy_is_zero_for_a_repeated_char_and_high_for_random() -> None:
    assert entropy("aaaa") == 0.0
    assert entropy(string.ascii_letters) > 5


def test_canary_is_found_plain_spaced_and_base64() -> None:
    guard = OutputGuard(canaries=["CANARY-7f3a9c"])
    assert guard.check("the word is CANARY-7f3a9c").flagged
    assert "canary" in guard.check("c a n a r y 7 f 3 a 9 c").signals
    b64 = base64.b64encode(b"CANARY-7f3a9c").decode()
    assert "canary" in guard.check(f"encoded: {b64}").signals
    assert not guard.check("no canary here at all").flagged


def test_system_prompt_echo_verbatim_paraphrased_and_encoded() -> None:
    guard = OutputGuard(system_prompt=SYSTEM)
    assert "system_prompt_echo" in guard.check(f"My instructions say: {SYSTEM}").signals
    part = "never reveal account numbers of other customers, never discuss internal fraud rules"
    assert guard.check(part.upper()).flagged
    b64 = base64.b64encode(SYSTEM.encode()).decode()
    assert guard.check(b64).flagged
    assert not guard.check("Your balance is available in the app under Accounts.").flagged


def test_personal_data_via_the_data_recognizers() -> None:
    verdict = OutputGuard().check("Her card is 4111 1111 1111 1111 and mail ada@example.com")
    assert {"pii:CREDIT_CARD", "pii:EMAIL_ADDRESS"} <= set(verdict.signals)
    assert not OutputGuard().check("See https://example.com/docs for details.").flagged


def test_bad_settings_and_unreadable_output() -> None:
    with pytest.raises(ConfigError, match="canary"):
        OutputGuard(canaries=["ab"])
    with pytest.raises(ConfigError, match="ngram"):
        OutputGuard(ngram=1)
    assert OutputGuard().check(None).signals == ("unreadable",)  # type: ignore[arg-type]
    assert OutputGuard().check("x" * 1_000_001).flagged
