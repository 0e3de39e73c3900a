"""Layer 0: the types every other layer speaks, the registry, budgets and the renderers.

Names load on first use (PEP 562) so that importing one small piece, such as the error
classes the CLI needs before it parses arguments, does not pull in numpy and pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from hauberk.core._executor import (
        Executor,
        LocalExecutor,
        ProcessExecutor,
        RayExecutor,
        TaskFailed,
        make_executor,
    )
    from hauberk.core._finding import Finding, Rule
    from hauberk.core._imports import import_object
    from hauberk.core._io import write_atomic
    from hauberk.core._lifecycle import Lifecycle
    from hauberk.core._policy import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Policy
    from hauberk.core._progress import NullProgress, Progress
    from hauberk.core._registry import ENTRY_POINT_GROUP, Registry, Selection, default_registry
    from hauberk.core._render import (
        RENDERERS,
        parse_formats,
        read_report,
        report_schema,
        write_reports,
    )
    from hauberk.core._report import SCHEMA_VERSION, Report
    from hauberk.core._result import UNFINISHED, CheckResult, Plot, Series, Status
    from hauberk.core._severity import Severity
    from hauberk.core._stage import Stage, StageSettings
    from hauberk.core._stats import (
        Rate,
        Verdict,
        bootstrap,
        bootstrap_auc,
        clopper_pearson,
        min_negatives_for,
        samples_to_decide,
    )

_WHERE = {
    "UNFINISHED": "hauberk.core._result",
    "Rate": "hauberk.core._stats",
    "Verdict": "hauberk.core._stats",
    "bootstrap": "hauberk.core._stats",
    "bootstrap_auc": "hauberk.core._stats",
    "clopper_pearson": "hauberk.core._stats",
    "min_negatives_for": "hauberk.core._stats",
    "samples_to_decide": "hauberk.core._stats",
    "Budget": "hauberk.core._budget",
    "BudgetExceeded": "hauberk.core._errors",
    "CAPABILITIES": "hauberk.core._check",
    "Check": "hauberk.core._check",
    "CheckContext": "hauberk.core._check",
    "CheckResult": "hauberk.core._result",
    "ConfigError": "hauberk.core._errors",
    "Deadline": "hauberk.core._budget",
    "default_registry": "hauberk.core._registry",
    "derive_seed": "hauberk.core._check",
    "ENTRY_POINT_GROUP": "hauberk.core._registry",
    "EXIT_FINDINGS": "hauberk.core._policy",
    "EXIT_OK": "hauberk.core._policy",
    "EXIT_USAGE": "hauberk.core._policy",
    "Executor": "hauberk.core._executor",
    "LocalExecutor": "hauberk.core._executor",
    "ProcessExecutor": "hauberk.core._executor",
    "RayExecutor": "hauberk.core._executor",
    "TaskFailed": "hauberk.core._executor",
    "make_executor": "hauberk.core._executor",
    "Finding": "hauberk.core._finding",
    "HauberkError": "hauberk.core._errors",
    "import_object": "hauberk.core._imports",
    "InputError": "hauberk.core._errors",
    "Lifecycle": "hauberk.core._lifecycle",
    "ModelLoadError": "hauberk.core._errors",
    "NullProgress": "hauberk.core._progress",
    "parse_formats": "hauberk.core._render",
    "Plot": "hauberk.core._result",
    "Policy": "hauberk.core._policy",
    "Progress": "hauberk.core._progress",
    "QueryCounter": "hauberk.core._budget",
    "read_report": "hauberk.core._render",
    "Registry": "hauberk.core._registry",
    "RegistryError": "hauberk.core._errors",
    "RENDERERS": "hauberk.core._render",
    "Report": "hauberk.core._report",
    "report_schema": "hauberk.core._render",
    "Rule": "hauberk.core._finding",
    "run_check": "hauberk.core._check",
    "SCHEMA_VERSION": "hauberk.core._report",
    "Selection": "hauberk.core._registry",
    "Series": "hauberk.core._result",
    "Severity": "hauberk.core._severity",
    "Stage": "hauberk.core._stage",
    "StageSettings": "hauberk.core._stage",
    "Status": "hauberk.core._result",
    "VerificationError": "hauberk.core._errors",
    "write_atomic": "hauberk.core._io",
    "write_reports": "hauberk.core._render",
}

__all__ = [
    "CAPABILITIES",
    "ENTRY_POINT_GROUP",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "RENDERERS",
    "SCHEMA_VERSION",
    "UNFINISHED",
    "Budget",
    "BudgetExceeded",
    "Check",
    "CheckContext",
    "CheckResult",
    "ConfigError",
    "Deadline",
    "Executor",
    "Finding",
    "HauberkError",
    "InputError",
    "Lifecycle",
    "LocalExecutor",
    "ModelLoadError",
    "NullProgress",
    "Plot",
    "Policy",
    "ProcessExecutor",
    "Progress",
    "QueryCounter",
    "Rate",
    "RayExecutor",
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
    "TaskFailed",
    "Verdict",
    "VerificationError",
    "bootstrap",
    "bootstrap_auc",
    "clopper_pearson",
    "default_registry",
    "derive_seed",
    "import_object",
    "make_executor",
    "min_negatives_for",
    "parse_formats",
    "read_report",
    "report_schema",
    "run_check",
    "samples_to_decide",
    "write_atomic",
    "write_reports",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'hauberk.core' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
