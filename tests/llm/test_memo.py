"""``short_memo``: memoises short calls only, and a long call gives what it would have."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hauberk.llm._memo import short_memo


def test_only_short_calls_are_kept_and_all_give_the_same_answer() -> None:
    calls: list[str] = []

    @short_memo(8, 5)
    def shout(word: str, times: int) -> str:
        calls.append(word)
        return word.upper() * times

    assert shout("abc", 2) == shout("abc", 2) == "ABCABC"
    assert calls == ["abc"]
    assert shout("abcdef", 1) == shout("abcdef", 1) == "ABCDEF"
    assert calls == ["abc", "abcdef", "abcdef"]  # over 5 characters: computed each time
    assert shout.cache_info().currsize == 1  # type: ignore[attr-defined]
    shout.cache_clear()  # type: ignore[attr-defined]
    assert shout.cache_info().currsize == 0  # type: ignore[attr-defined]


def test_the_bound_is_on_the_strings_together() -> None:
    @short_memo(8, 4)
    def pair(a: str, b: str) -> str:
        return a + b

    pair("ab", "cd")
    pair("abc", "de")
    assert pair.cache_info().currsize == 1  # type: ignore[attr-defined]


@given(st.lists(st.text(max_size=12), max_size=40))
def test_memoised_answers_equal_fresh_ones(words: list[str]) -> None:
    @short_memo(4, 6)
    def rev(word: str) -> str:
        return word[::-1]

    for word in words:
        assert rev(word) == word[::-1]
    assert rev.cache_info().currsize <= 4  # type: ignore[attr-defined]
