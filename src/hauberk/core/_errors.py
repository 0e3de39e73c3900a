"""The one exception root. Every message says what was wrong, what was expected, what to do."""

from __future__ import annotations


class HauberkError(Exception):
    """Root of every error hauberk raises on purpose. The CLI maps it to exit code 2."""

    exit_code = 2


class ConfigError(HauberkError):
    """A configuration file, flag or setting is missing, unknown or out of range."""


class InputError(HauberkError):
    """An input file or array cannot be used: missing, unreadable, wrong shape or type."""


class ModelLoadError(InputError):
    """A model could not be loaded by any adapter, or its output is not usable."""


class BudgetExceeded(HauberkError):
    """A check spent its time, query or sample budget. Results so far are kept as partial."""

    def __init__(self, kind: str, limit: float, spent: float) -> None:
        super().__init__(f"{kind} budget exhausted: spent {spent:g} of {limit:g}")
        self.kind = kind
        self.limit = limit
        self.spent = spent


class VerificationError(HauberkError):
    """A digest, signature or proof did not match: the artifact must not be trusted."""

    exit_code = 1


class RegistryError(HauberkError):
    """A check, stage or rule was registered twice, or inconsistently."""
