"""Severity levels, ordered so that policies can compare them."""

from __future__ import annotations

import enum

from hauberk.core._errors import ConfigError


class Severity(enum.IntEnum):
    """Ordered severity: ``info < low < medium < high < critical``."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | Severity) -> Severity:
        if isinstance(text, Severity):
            return text
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            allowed = ", ".join(s.label for s in cls)
            raise ConfigError(f"unknown severity {text!r}; expected one of: {allowed}") from None

    def __str__(self) -> str:
        return self.label
