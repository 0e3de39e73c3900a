"""Data stage: integrity of training and evaluation data before a model learns from it.

Provenance (allowed sources, manifests, the content-addressed store, rollback) and schemas
(pandera: infer from a trusted snapshot, validate by row and column) live here too; the
ledger side of provenance (``mark_good``, ``quarantine``, ``last_good``) loads on first use,
because the ledger imports cryptography.
"""

from typing import Any

from hauberk.core import Check
from hauberk.data._activation_clustering import activation_clustering
from hauberk.data._backdoor import DataBackdoor, backdoor_flags
from hauberk.data._features import BackdoorSettings
from hauberk.data._flags import RowFlags
from hauberk.data._hygiene import DataHygiene
from hauberk.data._label_flip import label_flips
from hauberk.data._label_noise import LabelNoise, suspect_labels
from hauberk.data._loss_outliers import loss_gradient_outliers
from hauberk.data._manifest import (
    DatasetManifest,
    DataStore,
    FileRecord,
    ManifestDiff,
    Rollback,
    attest,
    changes_since,
    diff_manifests,
    ingest,
    load_manifest,
    rollback,
    verify_attestation,
)
from hauberk.data._neural_cleanse import neural_cleanse
from hauberk.data._scan import DETECTORS, ScanResult, scan_rows
from hauberk.data._schema import (
    Validation,
    Violation,
    infer_schema,
    load_schema,
    save_schema,
    schema_check_result,
    validate_table,
)
from hauberk.data._schema_check import SchemaCheck
from hauberk.data._sources import DataConfig, Source, load_data_config
from hauberk.data._spectral import spectral_signatures
from hauberk.data._stage import DATA, DataSettings
from hauberk.data._stamp import stamped_triggers
from hauberk.data._strip import Strip
from hauberk.data._tables import read_table
from hauberk.data._tabular_backdoor import TabularBackdoor, tabular_backdoor
from hauberk.data._trigger_transfer import trigger_transfer
from hauberk.data.pii import PersonalData

#: The ledger side of provenance, loaded on first use (the ledger imports cryptography).
_LAZY = {
    "last_good": "hauberk.data._provenance",
    "mark_good": "hauberk.data._provenance",
    "quarantine": "hauberk.data._provenance",
    "quarantined": "hauberk.data._provenance",
    "record_ingest": "hauberk.data._provenance",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hauberk.data' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def checks() -> list[Check]:
    return [
        DataHygiene(),
        LabelNoise(),
        PersonalData(),
        SchemaCheck(),
        DataBackdoor(),
        TabularBackdoor(),
    ]


__all__ = [
    "DATA",
    "DETECTORS",
    "BackdoorSettings",
    "DataBackdoor",
    "DataConfig",
    "DataHygiene",
    "DataSettings",
    "DataStore",
    "DatasetManifest",
    "FileRecord",
    "LabelNoise",
    "ManifestDiff",
    "PersonalData",
    "Rollback",
    "RowFlags",
    "ScanResult",
    "SchemaCheck",
    "Source",
    "Strip",
    "TabularBackdoor",
    "Validation",
    "Violation",
    "activation_clustering",
    "attest",
    "backdoor_flags",
    "changes_since",
    "checks",
    "diff_manifests",
    "infer_schema",
    "ingest",
    "label_flips",
    "last_good",
    "load_data_config",
    "load_manifest",
    "load_schema",
    "loss_gradient_outliers",
    "mark_good",
    "neural_cleanse",
    "quarantine",
    "quarantined",
    "read_table",
    "record_ingest",
    "rollback",
    "save_schema",
    "scan_rows",
    "schema_check_result",
    "spectral_signatures",
    "stamped_triggers",
    "suspect_labels",
    "tabular_backdoor",
    "trigger_transfer",
    "validate_table",
    "verify_attestation",
]
