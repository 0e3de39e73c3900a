"""The progress interface checks report to; the CLI draws it, tests ignore it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Checks call :meth:`start` once per phase and :meth:`advance` as work is done."""

    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class NullProgress:
    """Progress that shows nothing: the default outside the terminal."""

    def start(self, label: str, total: int | None = None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None
