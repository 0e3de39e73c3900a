"""Memos that outlive a request and keep only short keys.

The guard memoises per word or token (subword ids, glosses, folds, unread tokens): the
readings of one text and the texts of one service share most of them. An ``lru_cache``
bounds the number of entries, not their size; a request of one unbroken 100k-letter word
left about 1 MB behind each time, and a gateway's resident size grew without end (round 23).
``short_memo`` memoises only calls whose string arguments are short together; a longer call
is computed afresh, so the memo's size is bounded by ``maxsize`` times ``max_chars``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


def short_memo(maxsize: int, max_chars: int) -> Callable[[F], F]:
    """``lru_cache(maxsize)`` for calls whose first argument, a ``str``, and second, if it is
    one, hold at most ``max_chars`` characters together; ``cache_clear`` and ``cache_info``
    are those of the memo. (Two arguments, not all: this runs once per token.)"""

    def wrap(fn: F) -> F:
        memo = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def call(*args: Any) -> Any:
            n = len(args[0])
            if len(args) > 1 and args[1].__class__ is str:
                n += len(args[1])
            return fn(*args) if n > max_chars else memo(*args)

        call.cache_clear = memo.cache_clear  # type: ignore[attr-defined]
        call.cache_info = memo.cache_info  # type: ignore[attr-defined]
        return cast(F, call)

    return wrap
