"""Presidio PR 2095 (CWE-1333): the e-mail pattern, taken from Presidio's, had an unbounded
local part that may hold dots and hyphens.

With an "@" anywhere in the text, a long dotted or hyphenated run was scanned to its end from
each of its word boundaries: quadratic. 32,000 characters of ``abc.abc...`` took 2.2 s and
``a-a-...`` 6.2 s; the output guard reads answers of up to a million characters with it, and a
user can have a model echo such a run. The local part is now at most 64 characters and each
domain label at most 63 (RFC 5321); a host over 253 characters is no host (RFC 1035).
"""

from __future__ import annotations

import time

import pytest

from hauberk.data.pii import find

RUNS = {
    "dotted": "x@y " + ".".join(["abc"] * 16_000),
    "hyphenated": "x@y " + "a-" * 32_000,
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_long_run_after_an_at_sign_is_read_in_linear_time(name: str) -> None:
    find("warm up: joe@example.com")
    start = time.perf_counter()
    find(RUNS[name])
    assert time.perf_counter() - start < 2.0  # before: about 9 s (dotted) and 25 s (hyphens)


def test_an_address_whose_host_no_dns_name_can_be_is_not_reported() -> None:
    label = "q" * 64  # one over RFC 1035's 63
    assert find(f"write to joe@{label}.com") == []
    host = ".".join(["abcdefghij"] * 26)  # 285 characters
    assert find(f"write to joe@{host}.com") == []


def test_addresses_at_the_limits_are_still_found() -> None:
    local, label = "l" * 64, "d" * 63
    found = find(f"mail {local}@{label}.example.com now")
    assert [(e.type, e.text) for e in found] == [("EMAIL_ADDRESS", f"{local}@{label}.example.com")]
