"""Process-wide CLI state shared by the entry point and the Typer app (``--debug``)."""

from __future__ import annotations

STATE: dict[str, bool] = {"debug": False}
