"""Layer 0: the types every other layer speaks, the registry, budgets and the renderers."""

from hauberk.core._budget import Budget, Deadline, QueryCounter
from hauberk.core._check import CAPABILITIES, Check, CheckContext, derive_seed, run_check
from hauberk.core._errors import (
    BudgetExceeded,
    ConfigError,
    HauberkError,
    InputError,
    ModelLoadError,
    RegistryError,
    VerificationError,
)
from hauberk.core._finding import Finding, Rule
from hauberk.core._imports import import_object
from hauberk.core._io import write_atomic
from hauberk.core._policy import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Policy
from hauberk.core._progress import NullProgress, Progress
from hauberk.core._registry import ENTRY_POINT_GROUP, Registry, Selection, default_registry
from hauberk.core._report import SCHEMA_VERSION, Report
from hauberk.core._result import CheckResult, Plot, Series, Status
from hauberk.core._severity import Severity
from hauberk.core._stage import Lifecycle, Stage, StageSettings

__all__ = [
    "CAPABILITIES",
    "ENTRY_POINT_GROUP",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "SCHEMA_VERSION",
    "Budget",
    "BudgetExceeded",
    "Check",
    "CheckContext",
    "CheckResult",
    "ConfigError",
    "Deadline",
    "Finding",
    "HauberkError",
    "InputError",
    "Lifecycle",
    "ModelLoadError",
    "NullProgress",
    "Plot",
    "Policy",
    "Progress",
    "QueryCounter",
    "Registry",
    "RegistryError",
    "Report",
    "Rule",
    "Selection",
    "Series",
    "Severity",
    "Stage",
    "StageSettings",
    "Status",
    "VerificationError",
    "default_registry",
    "derive_seed",
    "import_object",
    "run_check",
    "write_atomic",
]
