"""A ``RAY_START_HOOK`` for the test clusters on a loaded machine (tests only).

``ray start`` gives a new node a fixed 30 s to register (``ray._private.node``), and the node
registers only after its Python agents have started, which on a busy 2-core machine can take
longer. The hook makes the lookup of the node patient (up to 150 s); nothing else changes."""

from __future__ import annotations

import time
from typing import Any


def patient_start(ray_params: Any, head: bool) -> None:
    import ray._private.services as services

    original = services.get_node

    def get_node(*args: Any, **kwargs: Any) -> Any:
        end = time.monotonic() + 150
        while True:
            try:
                return original(*args, **kwargs)
            except RuntimeError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.5)

    services.get_node = get_node
