"""How many threads torch may use for a block: small networks want one.

On a 2-core machine under load, small torch loops ran 10-20x faster on one intra-op thread
than on two (3-5 ms a step against 70-80 ms, measured by bench/theft.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Run the block with ``n`` torch intra-op threads; ``None`` leaves the setting alone."""
    if n is None:
        yield
        return
    import torch

    saved = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(saved)
