"""How many threads torch may use for a block: small networks want one.

On a 2-core machine under load, small torch loops ran an order of magnitude faster on one
intra-op thread than on two (seen while writing the theft benchmark; no bench re-measures it,
so no number is quoted here).
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
