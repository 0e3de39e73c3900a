"""Secrets in model output: credential formats with a checksum or an entropy test each, so that
placeholders (``AKIAXXXXXXXXXXXXXXXX``, ``sk_live_...``) and documentation examples do not count.

| kind | format | check |
|---|---|---|
| ``aws_access_key`` | ``AKIA``/``ASIA``... + 16 base32 characters | base32 alphabet, entropy |
| ``aws_secret_key`` | 40 base64 characters next to ``aws_secret``/``secret_access_key`` | entropy |
| ``gcp_api_key`` | ``AIza`` + 35 | entropy |
| ``gcp_service_account`` | JSON with ``"type": "service_account"`` and ``private_key`` | structure |
| ``github_token`` | ``ghp_``/``gho_``/``ghu_``/``ghs_``/``ghr_`` + 30 + 6 | CRC32 in base62 (GitHub's format) |
| ``github_pat`` | ``github_pat_`` + 22 + ``_`` + 59 | entropy |
| ``npm_token`` | ``npm_`` + 30 + 6 | CRC32 in base62 |
| ``slack_token`` | ``xoxb-``/``xoxp-``/``xoxa-``/``xoxr-``/``xoxs-`` | digit groups, entropy |
| ``slack_webhook`` | ``hooks.slack.com/services/T.../B.../...`` | structure |
| ``stripe_key`` | ``sk_live_``/``rk_live_``/``sk_test_`` + 24 or more | entropy |
| ``openai_key`` | ``sk-`` / ``sk-proj-`` + 40 or more | entropy |
| ``jwt`` | three base64url parts | header decodes to JSON with ``alg`` |
| ``private_key`` | PEM ``BEGIN ... PRIVATE KEY`` | base64 body of 64 or more characters |
| ``generic_secret`` | ``password=``/``api_key:``/``token =`` + a value | entropy >= 3.5 bits/char, length >= 16 |
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
    body = re.sub(r"-----[^-]+-----|\s|\\n", "", block)
    return len(body) >= 64 and re.fullmatch(r"[A-Za-z0-9+/=]+", body) is not None


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
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)"
                   r"[A-Z2-7]{16}(?![A-Z0-9])"),  # fmt: skip
        lambda m, _t: _random(m.group(0)[4:], 2.5),
    ),
    (
        "aws_secret_key",
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        lambda m, t: _random(m.group(0), 4.0)
        and _AWS_SECRET_HINT.search(t[max(0, m.start() - 80) : m.start()]) is not None,
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
        re.compile(r"https://hooks\.slack\.com/services/T[0-9A-Z]{6,12}/B[0-9A-Z]{6,12}/"
                   r"[0-9A-Za-z]{20,32}"),  # fmt: skip
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
        "generic_secret",
        re.compile(
            r"(?i)\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|"
            r"client[_-]?secret|private[_-]?key)\b[\"']?\s*[:=]\s*[\"']?"
            r"(?P<v>[^\s\"',;]{16,200})"
        ),
        lambda m, _t: _random(m.group("v"), GENERIC_ENTROPY),
    ),
)
KINDS: tuple[str, ...] = tuple(kind for kind, _, _ in PATTERNS)


def find_secrets(text: str) -> list[Secret]:
    """Every credential in ``text`` whose checksum or entropy test passes, by position."""
    out: list[Secret] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, ok in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue  # one kind per span: the more specific pattern came first
            if ok(m, text):
                out.append(Secret(kind, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda s: s.start)
