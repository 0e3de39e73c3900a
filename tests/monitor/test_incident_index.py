"""The incident index: ``incident list`` reads only entries written after it, gives the same
incidents as a full scan, and an index that no longer matches the ledger is not trusted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.ledger import open_ledger
from hauberk.monitor import IncidentLog, Signer
from hauberk.monitor._incident import INDEX_KEY


def _summary(incidents: list[Any]) -> list[tuple[int, list[int], str]]:
    return [(i.id, [s.index for s in i.steps], i.status) for i in incidents]


def test_list_uses_the_index_and_agrees_with_a_full_scan(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with open_ledger(tmp_path / "l.db", create=True) as ledger:
        log = IncidentLog(ledger, Signer(key, principal="alice"))
        first = ledger.record("serve.alert", {"monitor": "prada"}, principal="key:ab")
        a = log.open(alert="prada", evidence=[first])
        for i in range(50):  # a gateway's audit records in between
            ledger.record("serve.request", {"i": i}, principal="key:ab")
        b = log.open(alert="drift", evidence=[first])
        log.note(a, "looked at it")
        log.note(b, "and this one")
        members, size = log.index()
        assert members == {a: [b + 1], b: [b + 2]} and size == ledger.head().size
        saved = json.loads(ledger.store.meta(INDEX_KEY) or "{}")
        assert saved["size"] == size and set(saved["incidents"]) == {str(a), str(b)}
        for i in range(20):  # written after the index: found by the tail scan
            ledger.record("serve.request", {"i": i}, principal="key:ab")
        c = log.open(alert="guard_rate", evidence=[first])

        reads: list[tuple[int, int]] = []
        store = ledger.store
        real = store.read_entries

        def counting(start: int, end: int) -> Any:
            reads.append((start, end))
            return real(start, end)

        store.read_entries = counting  # type: ignore[method-assign]
        listed = log.all()
        store.read_entries = real  # type: ignore[method-assign]
        full = log.all(full=True)
        assert _summary(listed) == _summary(full)
        assert [i.id for i in listed] == [a, b, c]
        # nothing before the index's end was scanned in ranges: only the indexed entries one by
        # one and the covered size's last entry
        assert all(end - start == 1 for start, end in reads)


def test_an_index_that_does_not_match_the_ledger_is_rebuilt(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with open_ledger(tmp_path / "l.db", create=True) as ledger:
        log = IncidentLog(ledger, Signer(key, principal="alice"))
        alert = ledger.record("serve.alert", {"monitor": "prada"}, principal="key:ab")
        a = log.open(alert="prada", evidence=[alert])
        note = log.note(a, "first look")
        want = _summary(log.all(full=True))
        _, size = log.index()
        bad: list[dict[str, Any]] = [
            # an entry that is no step of this incident, listed as one
            {"incidents": {str(a): [alert]}},
            # an incident id that is not an incident.open entry
            {"incidents": {str(alert): []}},
            # a wrong leaf hash for the last covered entry
            {"last": "00" * 32},
            {"size": size + 5},
            "not json",
        ]
        for change in bad:
            saved = json.loads(ledger.store.meta(INDEX_KEY) or "{}")
            text = change if isinstance(change, str) else json.dumps({**saved, **change})
            ledger.store.set_meta({INDEX_KEY: text})
            assert _summary(log.all()) == want, change
        # an index that lost a step at the same size cannot be caught entry by entry: --full
        saved = json.loads(ledger.store.meta(INDEX_KEY) or "{}")
        ledger.store.set_meta({INDEX_KEY: json.dumps({**saved, "incidents": {str(a): []}})})
        assert _summary(log.all())[0][1] == []
        assert _summary(log.all(full=True)) == want and want[0][1] == [note]
        assert _summary(log.all()) == want  # --full rebuilt it


def test_a_read_only_ledger_uses_the_index_without_writing(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with open_ledger(tmp_path / "l.db", create=True) as ledger:
        log = IncidentLog(ledger, Signer(key, principal="alice"))
        alert = ledger.record("serve.alert", {"monitor": "prada"}, principal="key:ab")
        a = log.open(alert="prada", evidence=[alert])
        ledger.record("serve.request", {"i": 1}, principal="key:ab")
        before = ledger.store.meta(INDEX_KEY)
    with open_ledger(tmp_path / "l.db", read_only=True) as ledger:
        assert [i.id for i in IncidentLog(ledger).all()] == [a]
        assert ledger.store.meta(INDEX_KEY) == before
