"""The gateway's capture masker built on the personal-data recognizers (issue 17)."""

from __future__ import annotations

from hauberk.data.pii import capture_masker
from hauberk.gateway._tap import load_masker


def test_capture_masker_loads_by_name_and_redacts_strings() -> None:
    masker = load_masker("hauberk.data.pii:capture_masker", ("secret",))
    out = masker(
        {
            "note": ["mail me at jane.doe@example.org", "nothing here"],
            "secret": ["x", "y"],
            "f0": [0.5, 1.5],
        }
    )
    assert out["note"] == ["mail me at <EMAIL_ADDRESS>", "nothing here"]
    assert out["secret"] == [None, None]
    assert out["f0"] == [0.5, 1.5]
    assert capture_masker(()).columns == frozenset()
