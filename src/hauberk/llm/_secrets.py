"""Secrets in model output: credential formats with a checksum or an entropy test each, so that
placeholders (``AKIAXXXXXXXXXXXXXXXX``, ``sk_live_...``) and documentation examples do not count.

| kind | format | check |
|---|---|---|
| ``aws_access_key`` | ``AKIA``/``ASIA``... + 16 base32 characters | base32 alphabet, entropy |
| ``aws_secret_key`` | 40 base64 characters next to ``aws_secret``/``secret_access_key`` | entropy |
| ``gcp_api_key`` | ``AIza`` + 35 | entropy |
| ``gcp_service_account`` | JSON: ``"type": "service_account"``, ``private_key`` | structure |
| ``github_token`` | ``gh[pousr]_`` + 30 + 6 | CRC32 in base62 (GitHub's format) |
| ``github_pat`` | ``github_pat_`` + 22 + ``_`` + 59 | entropy |
| ``npm_token`` | ``npm_`` + 30 + 6 | CRC32 in base62 |
| ``slack_token`` | ``xoxb-``/``xoxp-``/``xoxa-``/``xoxr-``/``xoxs-`` | digit groups, entropy |
| ``slack_webhook`` | ``hooks.slack.com/services/T.../B.../...`` | structure |
| ``stripe_key`` | ``sk_live_``/``rk_live_``/``sk_test_`` + 24 or more | entropy |
| ``openai_key`` | ``sk-`` / ``sk-proj-`` + 40 or more | entropy |
| ``jwt`` | three base64url parts | header decodes to JSON with ``alg`` |
| ``private_key`` | PEM ``BEGIN ... PRIVATE KEY`` | base64 body of 64 or more characters |
| ``gitlab_token`` | ``glpat-``, ``gldt-``, ``glptt-``... or ``GR1348941`` + 20 or more | entropy |
| ``slack_app_token`` | ``xapp-`` + digit groups | entropy |
| ``twilio_api_key`` | ``SK`` + 32 hex | entropy |
| ``sendgrid_key`` | ``SG.`` + 66 (22 ``.`` 43) | entropy |
| ``huggingface_token`` | ``hf_`` + 34 letters | entropy |
| ``digitalocean_token`` | ``dop_v1_``/``doo_v1_``/``dor_v1_`` + 64 hex | entropy |
| ``shopify_token`` | ``shpat_``/``shpca_``/``shppa_``/``shpss_`` + 32 hex | entropy |
| ``databricks_token`` | ``dapi`` + 32 hex | entropy |
| ``doppler_token`` | ``dp.pt.``/``dp.st.``/``dp.ct.``... + 40 or more | entropy |
| ``postman_key`` | ``PMAK-`` + 24 hex ``-`` 34 hex | entropy |
| ``terraform_token`` | 14 ``.atlasv1.`` 60 or more | entropy |
| ``telegram_bot_token`` | bot id ``:A`` + 34 | entropy |
| ``linear_key`` | ``lin_api_`` + 40 | entropy |
| ``sentry_token`` | ``sntryu_`` + 64 hex, ``sntrys_`` + 40 or more | entropy |
| ``grafana_token`` | ``glsa_`` 32 ``_`` 8 hex, ``glc_`` + 32 or more | entropy |
| ``age_secret_key`` | ``AGE-SECRET-KEY-1`` + 58 bech32 | bech32 alphabet |
| ``dynatrace_token`` | ``dt0c01.`` 24 ``.`` 64 | entropy |
| ``vault_token`` | ``hvs.``/``hvb.`` + 90 or more | entropy |
| ``mailgun_key`` | ``key-`` + 32 hex | entropy |
| ``brevo_key`` | ``xkeysib-``/``xsmtpsib-`` + 64 hex ``-`` 16 | entropy |
| ``square_token`` | ``EAAA``/``sq0atp-``/``sq0csp-`` + 22 to 60 | entropy |
| ``database_url`` | ``postgres://user:PASSWORD@host``, mysql, mongodb, redis... | no placeholder |
| ``bearer_token`` | ``Authorization: Bearer`` + 20 or more | entropy |
| ``generic_secret`` | a name with password, secret, token... ``=`` a value | >= 3.5 bits/char |

The prefixes are the providers' documented token formats. Published documentation examples
(``DOC_EXAMPLES``: AWS's ``AKIAIOSFODNN7EXAMPLE``, Stripe's test key, jwt.io's token) are
not secrets: everyone has them. ``generic_secret`` also wants 16 or more characters, letters
and digits both, and leaves a ``ghp_``/``npm_`` value to its checksum.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
MIN_ENTROPY = 3.0  # bits per character for a random-looking key body
GENERIC_ENTROPY = 3.5


@dataclass(frozen=True)
class Secret:
    kind: str
    start: int
    end: int


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _base62(number: int, width: int = 6) -> str:
    out = ""
    while number:
        number, rem = divmod(number, 62)
        out = _B62[rem] + out
    return out.rjust(width, "0")


def crc32_base62_ok(token: str) -> bool:
    """GitHub's and npm's token checksum: the last six characters are the base62 CRC32 of
    the thirty random characters before them."""
    body = token.split("_", 1)[1]
    return len(body) == 36 and _base62(zlib.crc32(body[:30].encode())) == body[30:]


def _random(text: str, minimum: float = MIN_ENTROPY) -> bool:
    return entropy(text) >= minimum and not re.fullmatch(r"(.)\1+|[xX*.]+|0+|1234\w*", text)


def _jwt_ok(token: str) -> bool:
    header = token.split(".", 1)[0]
    try:
        data = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "alg" in data


def _pem_ok(block: str) -> bool:
    body = re.sub(r"-----[^-]+-----|[\s\"']|\\n", "", block)  # quotes: a key split into literals
    return len(body) >= 64 and re.fullmatch(r"[A-Za-z0-9+/=]+", body) is not None


def _mixed(value: str) -> bool:
    """Letters and digits both: a key, not a word or a number."""
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


_PLACEHOLDER = re.compile(
    r"(?i)^(?:[$%<{\[(]|.*\$\{)|^(?:password|passw0rd|pass|passwd|secret|changeme|"
    r"example|test|user|pwd|your[_-]?\w*|xxx+|\*+|\.+)$"
)
# A GitHub or npm token is decided by its checksum; the generic rule does not overrule it.
_CHECKSUMMED = re.compile(r"(?:gh[pousr]|npm)_[A-Za-z0-9]{36}")


def _placeholder(value: str) -> bool:
    return _PLACEHOLDER.search(value) is not None or len(set(value)) < 3


# A value that is code or a file path, not a literal: ``nn.Embedding(vocab_32000, d)``,
# ``"/etc/app/credentials-2024.json"``.
_NOT_LITERAL = re.compile(
    r"[()\[\]{}<>]|^(?:/|\./|~/)|\.(?:json|ya?ml|txt|pem|key|env|py|toml|cfg)$"
)


def _generic_ok(value: str) -> bool:
    return (
        _random(value, GENERIC_ENTROPY)
        and _mixed(value)
        and not _placeholder(value)
        and "://" not in value
        and _NOT_LITERAL.search(value) is None
        and _CHECKSUMMED.fullmatch(value) is None
    )


# Tutorials' database URLs: a local host, or a password everyone uses.
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "host.docker.internal"})
_TUTORIAL_PASSWORDS = frozenset(
    {"admin", "admin123", "root", "postgres", "mysql", "redis", "guest", "pass", "password1",
     "secret", "example", "changeme", "test", "testing", "mongo", "rabbitmq"}
)  # fmt: skip


def _database_password(m: re.Match[str]) -> bool:
    password = m.group("v")
    return not (
        _placeholder(password)
        or password.lower() in _TUTORIAL_PASSWORDS
        or password == m.group("user")
        or m.group("host").lower() in _LOCAL_HOSTS
    )


def _prefixed(
    kind: str, body: str, prefix_len: int
) -> tuple[str, re.Pattern[str], Callable[[re.Match[str], str], bool]]:
    """A token with a fixed prefix: the whole match stands alone, the rest looks random."""
    pattern = re.compile(rf"(?<![\w.-])(?:{body})(?![\w-])")
    return kind, pattern, lambda m, _t: _random(m.group(0)[prefix_len:])


# Published documentation examples: in every tutorial, so not a leak.
DOC_EXAMPLES: frozenset[str] = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",  # jwt.io's example signature
    }
)
_EXAMPLE = re.compile("|".join(re.escape(e) for e in sorted(DOC_EXAMPLES)))

_AWS_SECRET_HINT = re.compile(r"aws.{0,20}secret|secret.?access.?key", re.I)

PATTERNS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str], str], bool]], ...] = (
    (
        "private_key",
        re.compile(
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"
            r"[\s\S]{0,8000}?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY"
            r"(?: BLOCK)?-----"
        ),
        lambda m, _t: _pem_ok(m.group(0)),
    ),
    (
        "aws_access_key",
        re.compile(
            r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)"
            r"[A-Z2-7]{16}(?![A-Z0-9])"
        ),
        lambda m, _t: _random(m.group(0)[4:], 2.5),
    ),
    (
        "aws_secret_key",
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        lambda m, t: (
            _random(m.group(0), 4.0)
            and _AWS_SECRET_HINT.search(t[max(0, m.start() - 80) : m.end() + 80]) is not None
        ),
    ),
    (
        "gcp_api_key",
        re.compile(r"(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])"),
        lambda m, _t: _random(m.group(0)[4:]),
    ),
    (
        "gcp_service_account",
        re.compile(r'"type"\s*:\s*"service_account"[\s\S]{0,4000}?"private_key"\s*:'),
        lambda m, _t: True,
    ),
    (
        "github_token",
        re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"),
        lambda m, _t: crc32_base62_ok(m.group(0)),
    ),
    (
        "github_pat",
        re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])"),
        lambda m, _t: _random(m.group(0)[11:]),
    ),
    (
        "npm_token",
        re.compile(r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"),
        lambda m, _t: crc32_base62_ok(m.group(0)),
    ),
    (
        "slack_token",
        re.compile(r"(?<![\w-])xox[abprs]-[0-9]{6,13}-[0-9A-Za-z-]{8,80}(?![\w-])"),
        lambda m, _t: _random(m.group(0)[5:]),
    ),
    (
        "slack_webhook",
        re.compile(
            r"https://hooks\.slack\.com/services/T[0-9A-Z]{6,12}/B[0-9A-Z]{6,12}/"
            r"[0-9A-Za-z]{20,32}"
        ),
        lambda m, _t: _random(m.group(0).rsplit("/", 1)[1]),
    ),
    (
        "stripe_key",
        re.compile(r"(?<![\w])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99}(?![\w])"),
        lambda m, _t: _random(m.group(0).split("_", 2)[2]),
    ),
    (
        "openai_key",
        re.compile(r"(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{40,200}(?![\w-])"),
        lambda m, _t: _random(m.group(0)[3:], 4.0),
    ),
    (
        "jwt",
        re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"),
        lambda m, _t: _jwt_ok(m.group(0)),
    ),
    (
        "gitlab_token",
        re.compile(
            r"(?<![\w-])(?:gl(?:pat|oas|dt|rt|cbt|ptt|ft|imt|agent|soat|ffct)-|GR1348941)"
            r"[0-9A-Za-z_.-]{20,300}(?![\w-])"
        ),
        lambda m, _t: _random(re.sub(r"^(?:gl[a-z]+-|GR1348941)", "", m.group(0))),
    ),
    _prefixed("slack_app_token", r"xapp-\d-[A-Z0-9]{6,30}-\d{6,30}-[a-z0-9]{12,100}", 5),
    _prefixed("twilio_api_key", r"SK[0-9a-fA-F]{32}", 2),
    _prefixed("sendgrid_key", r"SG\.[\w=.-]{66}", 3),
    _prefixed("huggingface_token", r"hf_[A-Za-z]{34}", 3),
    _prefixed("digitalocean_token", r"do[opr]_v1_[a-f0-9]{64}", 7),
    _prefixed("shopify_token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", 6),
    _prefixed("databricks_token", r"dapi[a-f0-9]{32}(?:-\d)?", 4),
    _prefixed("doppler_token", r"dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44}", 6),
    _prefixed("postman_key", r"PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}", 5),
    _prefixed("terraform_token", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}", 0),
    _prefixed("telegram_bot_token", r"\d{5,16}:A[\w-]{34}", 0),
    _prefixed("linear_key", r"lin_api_[A-Za-z0-9]{40}", 8),
    _prefixed("sentry_token", r"sntryu_[a-f0-9]{64}|sntrys_[A-Za-z0-9+/=_.-]{40,400}", 7),
    _prefixed(
        "grafana_token", r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2}", 4
    ),
    _prefixed("age_secret_key", r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 16),
    _prefixed("dynatrace_token", r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}", 7),
    _prefixed("vault_token", r"hv[sb]\.[\w-]{90,200}", 4),
    _prefixed("mailgun_key", r"key-[a-f0-9]{32}", 4),
    _prefixed("brevo_key", r"x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}", 8),
    _prefixed("square_token", r"(?:EAAA|sq0atp-|sq0csp-)[\w-]{22,60}", 4),
    (
        "database_url",
        re.compile(
            r"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|"
            r"sqlserver|clickhouse|cockroachdb)(?:\+\w+)?://(?P<user>[^\s:/@]*):"
            r"(?P<v>[^\s@/]{4,200})@(?P<host>[^\s/@:]+)"
        ),
        lambda m, _t: _database_password(m),
    ),
    (
        "bearer_token",
        re.compile(r"(?i)\bbearer\s+(?P<v>[A-Za-z0-9._~+/-]{20,400}=*)"),
        lambda m, _t: _generic_ok(m.group("v")),
    ),
    (
        "generic_secret",
        re.compile(
            r"(?i)(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
            r"private[_-]?key|auth[_-]?key|credential|accountkey|_pat)s?"
            r"(?:_?(?:key|value|string|str|b64|base64|hex|v?\d{1,2}))?(?![A-Za-z0-9_.-])"
            r"[\"']?\s*(?::=|=>|[:=])\s*[\"']?(?P<v>[^\s\"',;`]{16,300})"
        ),
        lambda m, _t: _generic_ok(m.group("v")),
    ),
)
KINDS: tuple[str, ...] = tuple(kind for kind, _, _ in PATTERNS)

# A pattern runs only on text holding one of its literals (lower-cased text for the
# case-blind ones): a regex that cannot start with a literal scans every position, and
# the guard reads every answer and every streamed piece.
HINTS: dict[str, tuple[str, ...]] = {
    "private_key": ("PRIVATE KEY",),
    "aws_access_key": ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA",
                       "AIPA"),
    "gcp_api_key": ("AIza",),
    "gcp_service_account": ("service_account",),
    "github_token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "github_pat": ("github_pat_",),
    "npm_token": ("npm_",),
    "slack_token": ("xox",),
    "slack_webhook": ("hooks.slack.com",),
    "stripe_key": ("k_live_", "k_test_"),
    "openai_key": ("sk-",),
    "jwt": ("eyJ",),
    "gitlab_token": ("glpat-", "gloas-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "glimt-",
                     "glagent-", "glsoat-", "glffct-", "GR1348941"),
    "slack_app_token": ("xapp-",),
    "twilio_api_key": ("SK",),
    "sendgrid_key": ("SG.",),
    "huggingface_token": ("hf_",),
    "digitalocean_token": ("_v1_",),
    "shopify_token": ("shp",),
    "databricks_token": ("dapi",),
    "doppler_token": ("dp.",),
    "postman_key": ("PMAK-",),
    "terraform_token": (".atlasv1.",),
    "telegram_bot_token": (":A",),
    "linear_key": ("lin_api_",),
    "sentry_token": ("sntry",),
    "grafana_token": ("glsa_", "glc_"),
    "age_secret_key": ("AGE-SECRET-KEY-1",),
    "dynatrace_token": ("dt0c01.",),
    "vault_token": ("hvs.", "hvb."),
    "mailgun_key": ("key-",),
    "brevo_key": ("sib-",),
    "square_token": ("EAAA", "sq0"),
}  # fmt: skip
LOWER_HINTS: dict[str, tuple[str, ...]] = {
    "database_url": ("://",),
    "bearer_token": ("bearer",),
    "generic_secret": ("pass", "pwd", "secret", "token", "key", "credential", "_pat"),
}


def find_secrets(text: str) -> list[Secret]:
    """Every credential in ``text`` whose checksum or entropy test passes, by position."""
    out: list[Secret] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    for kind, pattern, ok in PATTERNS:
        hints, where = (HINTS[kind], text) if kind in HINTS else (LOWER_HINTS.get(kind), low)
        if hints is not None and not any(h in where for h in hints):
            continue
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue  # one kind per span: the more specific pattern came first
            if ok(m, text) and _EXAMPLE.search(m.group(0)) is None:
                out.append(Secret(kind, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda s: s.start)
