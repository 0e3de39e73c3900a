"""Monitoring: drift of inputs and outputs against a reference, performance when labels
arrive late, query patterns per principal, diffs between reports, and incident records with
playbooks whose actions run against real components.

Statistics are vectorised over features (numpy/scipy); thresholds of statistics without an
exact p-value are calibrated by resampling the reference; many features are corrected for
together (Benjamini–Hochberg by default); too few rows is incomplete, never "no drift".
"""

from hauberk.core import Check
from hauberk.ledger import Signer, check_signature  # signed entries live in the ledger
from hauberk.monitor._actions import ACTIONS, Action, ActionContext, Outcome
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
from hauberk.monitor._check import MONITORING, DriftCheck, MonitoringSettings, QueryPatternCheck
from hauberk.monitor._diff import ReportDiff, diff_reports
from hauberk.monitor._drift import DriftDetector
from hauberk.monitor._findings import drift_check_result
from hauberk.monitor._frame import Batch, read_batch, validate_pair
from hauberk.monitor._incident import (
    Incident,
    IncidentLog,
    Step,
    report_summary,
    verification_problems,
)
from hauberk.monitor._js import js_distance
from hauberk.monitor._ks import ks_wasserstein
from hauberk.monitor._outputs import newcombe, performance_drift
from hauberk.monitor._performance import (
    Joined,
    LatePerformance,
    join_labels,
    late_performance,
    output_drift,
    performance_check_result,
)
from hauberk.monitor._playbooks import ACTION_NAMES, Hook, Playbook, Playbooks, load_playbooks
from hauberk.monitor._psi import psi
from hauberk.monitor._result import (
    DriftResult,
    FeatureTest,
    PerformanceDrift,
    Untested,
    WholeTest,
)
from hauberk.monitor._rules import RULES
from hauberk.monitor._traffic import PrincipalTraffic, query_pattern_result, traffic_by_principal
from hauberk.monitor._window import WindowedPSI, WindowedRate


def checks() -> list[Check]:
    return [DriftCheck(), QueryPatternCheck()]


__all__ = [
    "ACTIONS",
    "ACTION_NAMES",
    "MONITORING",
    "RULES",
    "Action",
    "ActionContext",
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
    "Hook",
    "Incident",
    "IncidentLog",
    "Joined",
    "LatePerformance",
    "LedgerSink",
    "LogSink",
    "MonitoringSettings",
    "Outcome",
    "PerformanceDrift",
    "Playbook",
    "Playbooks",
    "PrincipalTraffic",
    "PrometheusSink",
    "QueryPatternCheck",
    "ReportDiff",
    "Signer",
    "Step",
    "Untested",
    "WebhookSink",
    "WholeTest",
    "WindowedPSI",
    "WindowedRate",
    "adjust",
    "benjamini_hochberg",
    "check_signature",
    "checks",
    "diff_reports",
    "drift_check_result",
    "is_capture_store",
    "join_labels",
    "js_distance",
    "ks_wasserstein",
    "late_performance",
    "load_playbooks",
    "newcombe",
    "output_drift",
    "performance_check_result",
    "performance_drift",
    "psi",
    "query_pattern_result",
    "read_batch",
    "read_capture",
    "report_summary",
    "traffic_by_principal",
    "validate_pair",
    "verification_problems",
    "verify_signature",
]
