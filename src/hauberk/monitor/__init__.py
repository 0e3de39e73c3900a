"""Monitoring: drift of inputs and outputs against a reference, performance when labels
arrive, and diffs between reports.

Statistics are vectorised over features (numpy/scipy); thresholds of statistics without an
exact p-value are calibrated by resampling the reference; many features are corrected for
together (Benjamini–Hochberg by default); too few rows is incomplete, never "no drift".
"""

from hauberk.core import Check
from hauberk.monitor._alerts import (
    Alert,
    Alerter,
    AlertSink,
    LedgerSink,
    LogSink,
    PrometheusSink,
    WebhookSink,
    verify_signature,
)
from hauberk.monitor._bh import adjust, benjamini_hochberg
from hauberk.monitor._capture import CaptureRead, CaptureWriter, is_capture_store, read_capture
from hauberk.monitor._check import MONITORING, DriftCheck, MonitoringSettings
from hauberk.monitor._diff import ReportDiff, diff_reports
from hauberk.monitor._drift import DriftDetector
from hauberk.monitor._findings import drift_check_result
from hauberk.monitor._frame import Batch, read_batch, validate_pair
from hauberk.monitor._js import js_distance
from hauberk.monitor._ks import ks_wasserstein
from hauberk.monitor._outputs import newcombe, performance_drift
from hauberk.monitor._psi import psi
from hauberk.monitor._result import (
    DriftResult,
    FeatureTest,
    PerformanceDrift,
    Untested,
    WholeTest,
)
from hauberk.monitor._rules import RULES
from hauberk.monitor._window import WindowedPSI, WindowedRate


def checks() -> list[Check]:
    return [DriftCheck()]


__all__ = [
    "MONITORING",
    "RULES",
    "Alert",
    "AlertSink",
    "Alerter",
    "Batch",
    "CaptureRead",
    "CaptureWriter",
    "DriftCheck",
    "DriftDetector",
    "DriftResult",
    "FeatureTest",
    "LedgerSink",
    "LogSink",
    "MonitoringSettings",
    "PerformanceDrift",
    "PrometheusSink",
    "ReportDiff",
    "Untested",
    "WebhookSink",
    "WholeTest",
    "WindowedPSI",
    "WindowedRate",
    "adjust",
    "benjamini_hochberg",
    "checks",
    "diff_reports",
    "drift_check_result",
    "is_capture_store",
    "js_distance",
    "ks_wasserstein",
    "newcombe",
    "performance_drift",
    "psi",
    "read_batch",
    "read_capture",
    "validate_pair",
    "verify_signature",
]
