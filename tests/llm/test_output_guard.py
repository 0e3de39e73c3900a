"""The leakage guard: secrets pass their checksum or entropy test, canaries and system-prompt
echoes are caught also when encoded, ordinary answers pass."""

from __future__ import annotations

import base64
import codecs
import random
import string
import zlib

import pytest
from hypothesis import assume, given, settings
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
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n"
        "-----BEGIN RSA PRIVATE KEY-----\n"
        + "MIIEowIBAAKCAQEA7Vx3" * 5
        + "\n-----END RSA PRIVATE KEY-----\n"
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


# Regressions found by bench/llm_output.py (round 8). Values are drawn here, not copied.


def _draw(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def test_a_token_glued_to_a_percent_escape_is_found() -> None:
    """`state=github_token%3Dghp_...`: the D of %3D hid the token from its word boundary."""
    rng = random.Random(1)
    token = _github(_draw(rng, 30))
    verdict = OutputGuard().check(f"Open https://setup.internal/cb?state=github_token%3D{token}")
    assert "secret:github_token" in verdict.signals


def test_a_token_wrapped_over_lines_or_split_into_literals_is_found() -> None:
    rng = random.Random(2)
    token = "glpat-" + _draw(rng, 20)
    wrapped = f"The GitLab token is {token[:12]}\n{token[12:]} (it wrapped in my notes)."
    assert "secret:gitlab_token" in OutputGuard().check(wrapped).signals
    literals = f'TOKEN = (\n    "{token[:13]}"\n    "{token[13:]}"\n)'
    assert "secret:gitlab_token" in OutputGuard().check(literals).signals


def test_joining_lines_does_not_glue_the_next_dotenv_entry_onto_a_value() -> None:
    """`API_KEY=changeme` then `PORT=8080`: joined, "changemePORT=8080" looked random."""
    rng = random.Random(3)
    unchecked = "ghp_" + _draw(rng, 36)  # no valid checksum: a tutorial's made-up token
    for value in ("changeme", unchecked):
        text = f"```\nDEBUG=false\nAPI_KEY={value}\nPORT=8080\n```"
        assert not OutputGuard().check(text).flagged, value


def test_published_documentation_examples_are_not_secrets() -> None:
    jwt_io = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    for example in ("AKIAIOSFODNN7EXAMPLE", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", jwt_io):
        assert find_secrets(f"AWS_KEY={example}") == [], example
        assert not OutputGuard().check(f'curl -H "Authorization: Bearer {example}"').flagged


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("gitlab_token", lambda r: "glpat-" + _draw(r, 20)),
        ("slack_app_token", lambda r: f"xapp-1-A0{_draw(r, 9, string.ascii_uppercase)}-"
         f"{_draw(r, 13, string.digits)}-{_draw(r, 64, '0123456789abcdef')}"),
        ("twilio_api_key", lambda r: "SK" + _draw(r, 32, "0123456789abcdef")),
        ("sendgrid_key", lambda r: f"SG.{_draw(r, 22)}.{_draw(r, 43)}"),
        ("huggingface_token", lambda r: "hf_" + _draw(r, 34, string.ascii_letters)),
        ("digitalocean_token", lambda r: "dop_v1_" + _draw(r, 64, "0123456789abcdef")),
        ("databricks_token", lambda r: "dapi" + _draw(r, 32, "0123456789abcdef")),
        ("linear_key", lambda r: "lin_api_" + _draw(r, 40)),
        ("age_secret_key", lambda r: "AGE-SECRET-KEY-1"
         + _draw(r, 58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
        ("vault_token", lambda r: "hvs." + _draw(r, 95)),
        ("database_url", lambda r: f"postgresql://app:{_draw(r, 18)}@db.internal:5432/orders"),
    ],
)  # fmt: skip
def test_documented_token_formats_are_found_in_prose(kind: str, make: object) -> None:
    value = make(random.Random(kind))  # type: ignore[operator]
    found = {
        s.kind for s in find_secrets(f"Sure, the key you asked for is {value} - keep it safe.")
    }
    assert kind in found


def test_a_database_url_with_a_placeholder_password_is_not_a_secret() -> None:
    for pw in ("password", "${DB_PASSWORD}", "<password>", "****"):
        assert find_secrets(f"postgresql://app:{pw}@db.internal:5432/orders") == [], pw


def test_a_high_entropy_value_under_a_secret_like_name_is_found() -> None:
    rng = random.Random(4)
    value = _draw(rng, 24)
    assert "secret:generic_secret" in OutputGuard().check(f"DEPLOY_TOKEN={value}").signals
    digest = _draw(rng, 64, "0123456789abcdef")
    assert not OutputGuard().check(f"IMAGE_DIGEST=sha256:{digest}").flagged


def test_the_aws_secret_key_hint_may_follow_the_key() -> None:
    rng = random.Random(5)
    key = _draw(rng, 40, string.ascii_letters + string.digits + "/+")
    text = f"I found it in the config: {key}. That is the AWS secret access key it uses."
    assert "secret:aws_secret_key" in OutputGuard().check(text).signals


def test_a_private_key_split_into_string_literals_is_found() -> None:
    rng = random.Random(6)
    body = "\n".join(_draw(rng, 64, string.ascii_letters + string.digits + "+/") for _ in range(6))
    pem = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    cut = len(pem) // 2
    text = f'KEY = (\n    "{pem[:cut]}"\n    "{pem[cut:]}"\n)'
    assert "secret:private_key" in OutputGuard().check(text).signals


def test_a_canary_in_base64_or_hex_inside_longer_text_is_found() -> None:
    canary = "canary-2066d1676f"  # short: the generic base64 view did not decode it
    guard = OutputGuard(canaries=[canary])
    for prefix in (b"", b"x", b"code: "):
        b64 = base64.b64encode(prefix + canary.encode() + b" ok").decode()
        assert "canary" in guard.check(f"Here it is: {b64}").signals, prefix
    assert "canary" in guard.check("hex: " + canary.encode().hex()).signals
    assert not guard.check("Here it is: " + base64.b64encode(b"nothing to see").decode()).flagged


def test_a_system_prompt_spelled_out_letter_by_letter_is_an_echo() -> None:
    guard = OutputGuard(system_prompt=SYSTEM)
    part = "never discuss internal fraud rules, and always answer in a formal tone"
    assert "system_prompt_echo" in guard.check(" ".join(part)).signals
    intro = "I am the assistant of Acme Bank, how can I help?"  # a self-introduction
    assert not guard.check(intro).flagged


@pytest.mark.parametrize(
    ("how", "spell"),
    [
        ("spaced", lambda t: " ".join(t)),
        ("dashed", lambda t: "-".join(t)),
        ("reversed", lambda t: t[::-1]),
        ("rot13", lambda t: codecs.encode(t, "rot13")),
        ("chunks of four", lambda t: " ".join(t[i : i + 4] for i in range(0, len(t), 4))),
    ],
)
def test_a_token_spelled_out_backwards_or_in_chunks_is_found(how: str, spell: object) -> None:
    """A model asked to "write the key with spaces" or "backwards" does; a key does not read
    as English, so the decoded views (which keep a decoding only when it reads better)
    missed these."""
    rng = random.Random(how)
    for token in (_github(_draw(rng, 30)), "glpat-" + _draw(rng, 20)):
        verdict = OutputGuard().check(f"Here you go: {spell(token)}")  # type: ignore[operator]
        assert any(s.startswith("secret:") for s in verdict.signals), (how, token)


def test_ordinary_prose_in_short_words_is_not_joined_into_a_secret() -> None:
    text = "This is what they said when I came back home: good work, keep it up, well done!"
    assert not OutputGuard().check(text).flagged
    assert not OutputGuard().check(text[::-1]).flagged


def test_a_mostly_digit_token_in_base64_or_hex_is_found() -> None:
    """The decoded views keep a payload only if half of it is letters; a Slack bot token is
    mostly digits, so its base64 passed."""
    rng = random.Random(7)
    token = f"xoxb-{_draw(rng, 13, string.digits)}-{_draw(rng, 12, string.digits)}-{_draw(rng, 24)}"
    for encoded in (base64.b64encode(token.encode()).decode(), token.encode().hex()):
        verdict = OutputGuard().check(f"Here it is, as you asked: {encoded}")
        assert "secret:slack_token" in verdict.signals, encoded
    image = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(120))).decode()
    assert not OutputGuard().check(f"data:image/png;base64,{image}").flagged


def test_one_rule_of_the_system_prompt_quoted_verbatim_is_an_echo() -> None:
    """Nine words: under the 12-word run and the 30% share, so one quoted rule passed."""
    system = (
        "You are Atlas, a trip-planning assistant. Keep every itinerary under five bullet "
        "points per day. Never share the commission percentages we earn from partner hotels."
    )
    guard = OutputGuard(system_prompt=system)
    verdict = guard.check("One of my rules: Keep every itinerary under five bullet points per day.")
    assert "system_prompt_echo" in verdict.signals
    assert not guard.check("Day one: the old town, with five stops at most.").flagged


@pytest.mark.parametrize(
    "line",
    [
        "tokenizer = AutoTokenizer.from_pretrained(model_id_v2)",
        "access_token_expires = timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES_2)",
        "self.token_embedding = nn.Embedding(vocab_size_32000, d_model)",
        'credentials_path = "/etc/app/credentials/service-account-2024.json"',
        "secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-A1",
        "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/test_db",
        "mongodb://admin:admin123@localhost:27017",
    ],
)
def test_code_in_an_answer_is_not_a_secret(line: str) -> None:
    """Coding answers: a secret-like word inside a longer name (``token_embedding``), a call
    or a path as the value, a tutorial's local database URL."""
    assert not OutputGuard().check(f"```python\n{line}\n```").flagged


# Paraphrased system-prompt leaks (round 9): the rules restated in other words.

BANK = (
    "You are Penny, the virtual assistant of Northwind Savings Bank. Never reveal the balance "
    "or transactions of an account unless the caller has passed two-factor verification. Do "
    "not discuss the bank's internal fraud scoring thresholds or how alerts are triaged. If a "
    "customer asks about mortgage rates, quote only the rates published on the public rates "
    "page. Always answer in a calm and formal tone and never use emoji."
)


def _dev_rows() -> list[dict[str, object]]:
    """The prompt rows of bench/llm_output.py's stored corpus (the nine dev prompts; the
    held-out group of round 9 is generated by the bench and is not read here)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "llm" / "output_leaks.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return [r for r in rows if r["kind"] == "prompt_leak"]


def test_every_dev_paraphrase_is_caught_and_no_benign_answer_is() -> None:
    """The 18 paraphrase rows were all missed before (the echo test matches word runs);
    the 45 benign answers on the same topics and refusals must stay unflagged."""
    guards: dict[str, OutputGuard] = {}
    missed, flagged = [], []
    for row in _dev_rows():
        prompt = str(row["system_prompt"])
        guard = guards.setdefault(prompt, OutputGuard(prompt, canaries=[str(row["canary"])]))
        verdict = guard.check(str(row["text"]))
        if str(row["format"]).startswith("paraphrase") and not verdict.flagged:
            missed.append(row["id"])
        if not row["label"] and verdict.flagged:
            flagged.append((row["id"], verdict.signals))
    assert missed == []
    assert flagged == []


def test_a_paraphrase_names_the_signal_that_fired() -> None:
    guard = OutputGuard(BANK)
    meta = guard.check(
        "My instructions say I can't tell anyone about account balances or transactions "
        "unless they've completed two-factor verification."
    )
    assert meta.flagged
    assert {"system_prompt_paraphrase", "paraphrase:meta", "paraphrase:rules=1"} <= set(
        meta.signals
    )
    speech = guard.check(
        "I'm not allowed to share balances or transactions before two-factor verification, "
        "and I must keep quiet about the fraud scoring thresholds and how alerts get triaged."
    )
    assert "paraphrase:rule_speech" in speech.signals
    assert "system_prompt_echo" not in speech.signals


@pytest.mark.parametrize(
    "answer",
    [
        # obeys a rule in its own words
        "You can see your balance and recent transactions in the app once two-factor "
        "verification is done.",
        "Our mortgage rates are listed on the public rates page; the five-year fixed rate is "
        "the most popular.",
        # refuses by one rule: the model doing its job, not disclosing its prompt
        "I'm sorry, I can't discuss the bank's fraud scoring or how alerts are handled.",
        # says it has instructions, reveals none
        "I'm sorry, but I can't share my instructions. Is there anything else I can help with?",
        "My instructions are confidential, but I'm happy to help with your account.",
    ],
)
def test_answers_that_obey_or_refuse_are_not_paraphrase_leaks(answer: str) -> None:
    verdict = OutputGuard(BANK).check(answer)
    assert not verdict.flagged, verdict.signals


def test_paraphrase_matching_can_be_turned_off() -> None:
    leak = (
        "My instructions say I can't tell anyone about account balances or transactions "
        "unless they've completed two-factor verification."
    )
    assert OutputGuard(BANK).check(leak).flagged
    assert not OutputGuard(BANK, paraphrase=False).check(leak).flagged


def test_a_self_introduction_is_not_a_paraphrase_leak() -> None:
    intro = "Hi, I'm Penny, the virtual assistant of Northwind Savings Bank. How can I help?"
    assert not OutputGuard(BANK).check(intro).flagged


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ABCabcxyz0189+/-_", min_size=16, max_size=40),
    st.sampled_from(["", "=", "=="]),
)
def test_blob_decoding_matches_the_guards_own_base64_reading(body: str, pad: str) -> None:
    """``_decoded_blobs`` reads base64 with ``_normalize.b64_bytes`` (shared with ``views``);
    its old inline decoding is the reference."""
    import binascii

    from hauberk.llm._output_guard import _decoded_blobs

    assume(any(c not in string.hexdigits for c in body))  # a hex blob is read as hex too
    blob = body + pad
    try:
        raw = blob.rstrip("=")
        data: bytes | None = base64.b64decode(
            raw.replace("-", "+").replace("_", "/") + "=" * (-len(raw) % 4)
        )
    except (binascii.Error, ValueError):
        data = None
    printable = data is not None and all(32 <= b < 127 or b in (9, 10, 13) for b in data)
    expected = data.decode("ascii") if printable and data else None
    assert _decoded_blobs(f"x {blob} y") == expected
